//! The case actions: `POST /workbench/cases/{id}/act` (the current stage's action),
//! `/experts` (assignment), `/objections/{number}` (a ruling). Without JavaScript a refused form
//! comes back on the full case page; with htmx the same.

use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::Response;
use casework::CaseRecord;
use jiff::civil::Date;
use policy::law::Period;
use store::AccountRole;
use workflow::case::{Action, CaseState};

use super::super::form::{self, Failed, Sent};
use super::super::work;
use super::case::render_case;
use crate::error::{AppError, FieldError, FormPairs};
use crate::state::AppState;

/// The 办理日期: today unless given; not before the stage began; not after today (the demo
/// clock allows later days, to let a notice period run out).
pub(super) fn action_date(rec: &CaseRecord, sent: &Sent, today: Date) -> Result<Date, FieldError> {
    let on = form::date(sent, "on")?.unwrap_or(today);
    if let CaseState::AtStage { since, .. } = &rec.case.state
        && on < *since
    {
        return Err(FieldError {
            field: "on".into(),
            message: format!("办理日期不能早于进入本环节的日期 {since}"),
        });
    }
    if on > today && !crate::demo::demo_clock() {
        return Err(FieldError {
            field: "on".into(),
            message: format!("办理日期不能晚于今天（{today}）"),
        });
    }
    Ok(on)
}

pub(super) fn required(
    sent: &Sent,
    name: &str,
    message: &str,
    errors: &mut Vec<FieldError>,
) -> String {
    let v = form::first(sent, name).to_string();
    if v.is_empty() {
        errors.push(FieldError {
            field: name.into(),
            message: message.into(),
        });
    }
    v
}

/// `POST /workbench/cases/{id}/act`: the current stage's action (`action` = `complete`,
/// `return`, `reject`, `publish`, `decide`).
pub async fn act(
    State(state): State<AppState>,
    user: crate::auth::CurrentUser,
    headers: HeaderMap,
    Path(id): Path<i64>,
    FormPairs(pairs): FormPairs,
) -> Result<Response, AppError> {
    user.require_role(&[AccountRole::RecommendingUnit, AccountRole::Authority])?;
    let rec = work::visible_case(&state, &user, id).await?;
    let sent = form::sent(pairs);
    let kind = form::first(&sent, "action").to_string();
    let mut errors = Vec::new();
    let on = action_date(&rec, &sent, work::today(&state))
        .map_err(|e| errors.push(e))
        .ok();
    let action = match kind.as_str() {
        "complete" => Some(Action::Complete {
            note: required(
                &sent,
                "note",
                "请填写办理意见（如推荐意见、核查记录）",
                &mut errors,
            ),
        }),
        "return" => Some(Action::Return {
            reason: required(
                &sent,
                "reason",
                "请填写退回理由，申报单位将据此修改",
                &mut errors,
            ),
        }),
        "reject" => Some(Action::Reject {
            reason: required(&sent, "reason", "请填写不予通过的理由", &mut errors),
        }),
        "publish" => {
            let days = form::first(&sent, "days");
            let period = if days.is_empty() {
                None
            } else {
                match days.parse::<i32>() {
                    Ok(d) if d > 0 => Some(Period {
                        days: d,
                        ..Period::default()
                    }),
                    _ => {
                        errors.push(FieldError {
                            field: "days".into(),
                            message: "公示期须为正整数天数".into(),
                        });
                        None
                    }
                }
            };
            Some(Action::PublishNotice { period })
        }
        "decide" => {
            let recognised = form::first(&sent, "recognised") != "false";
            let number = required(
                &sent,
                "document_number",
                "请填写决定文件的文号",
                &mut errors,
            );
            let reason = form::first(&sent, "reason").to_string();
            if !recognised && reason.is_empty() {
                errors.push(FieldError {
                    field: "reason".into(),
                    message: "不予认定须写明理由".into(),
                });
            }
            Some(Action::Decide {
                recognised,
                document_number: number,
                reason: (!reason.is_empty()).then_some(reason),
            })
        }
        _ => {
            errors.push(FieldError {
                field: "action".into(),
                message: "未知的操作".into(),
            });
            None
        }
    };
    let version: i64 = form::first(&sent, "version").parse().unwrap_or(rec.version);
    if let (Some(action), Some(on), true) = (action, on, errors.is_empty()) {
        let cw = work::casework(&state)?;
        match cw.act(id, version, user.account.id, action, on).await {
            Ok(_) => return Ok(work::redirect(&headers, &format!("/workbench/cases/{id}"))),
            Err(e) => errors.extend(work::refused(e, "general")?),
        }
    }
    let form_name = kind.clone();
    render_case(
        &state,
        &user,
        &rec,
        Some(Failed {
            form: &form_name,
            sent: &sent,
            errors,
        }),
    )
    .await
}

/// `POST /workbench/cases/{id}/experts`: assigns an expert (a soft conflict needs the
/// clearance written).
pub async fn assign(
    State(state): State<AppState>,
    user: crate::auth::CurrentUser,
    headers: HeaderMap,
    Path(id): Path<i64>,
    FormPairs(pairs): FormPairs,
) -> Result<Response, AppError> {
    user.require_role(&[AccountRole::Authority])?;
    let rec = work::visible_case(&state, &user, id).await?;
    let sent = form::sent(pairs);
    let mut errors = Vec::new();
    let expert = form::first(&sent, "expert").parse::<i64>().ok();
    if expert.is_none() {
        errors.push(FieldError {
            field: "expert".into(),
            message: "请选择评审专家".into(),
        });
    }
    let on = action_date(&rec, &sent, work::today(&state))
        .map_err(|e| errors.push(e))
        .ok();
    let clearance = form::first(&sent, "clearance");
    let version: i64 = form::first(&sent, "version").parse().unwrap_or(rec.version);
    if let (Some(expert), Some(on), true) = (expert, on, errors.is_empty()) {
        let cw = work::casework(&state)?;
        match cw
            .assign_expert(
                id,
                version,
                user.account.id,
                expert,
                (!clearance.is_empty()).then_some(clearance),
                on,
            )
            .await
        {
            Ok(_) => return Ok(work::redirect(&headers, &format!("/workbench/cases/{id}"))),
            Err(e) => errors.extend(work::refused(e, "expert")?),
        }
    }
    render_case(
        &state,
        &user,
        &rec,
        Some(Failed {
            form: "assign",
            sent: &sent,
            errors,
        }),
    )
    .await
}

/// `POST /workbench/cases/{id}/objections/{number}`: rules on an objection.
pub async fn rule(
    State(state): State<AppState>,
    user: crate::auth::CurrentUser,
    headers: HeaderMap,
    Path((id, number)): Path<(i64, u32)>,
    FormPairs(pairs): FormPairs,
) -> Result<Response, AppError> {
    user.require_role(&[AccountRole::Authority])?;
    let rec = work::visible_case(&state, &user, id).await?;
    let sent = form::sent(pairs);
    let mut errors = Vec::new();
    let upheld = form::yes_no(&sent, "upheld", "请选择异议是否成立", &mut errors);
    let reason = required(
        &sent,
        "reason",
        "请写明处理结论的理由（核查情况）",
        &mut errors,
    );
    let on = action_date(&rec, &sent, work::today(&state))
        .map_err(|e| errors.push(e))
        .ok();
    let version: i64 = form::first(&sent, "version").parse().unwrap_or(rec.version);
    if let (Some(upheld), Some(on), true) = (upheld, on, errors.is_empty()) {
        let cw = work::casework(&state)?;
        match cw
            .rule_objection(id, version, user.account.id, number, upheld, &reason, on)
            .await
        {
            Ok(_) => return Ok(work::redirect(&headers, &format!("/workbench/cases/{id}"))),
            Err(e) => errors.extend(work::refused(e, "general")?),
        }
    }
    let form_name = format!("rule-{number}");
    render_case(
        &state,
        &user,
        &rec,
        Some(Failed {
            form: &form_name,
            sent: &sent,
            errors,
        }),
    )
    .await
}
