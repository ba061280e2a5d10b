//! The expert page (`/expert`): the applications assigned to me with their facts, materials and
//! eligibility, a scoring form each, and a conflict-of-interest declaration.

use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use casework::{ExpertQueue, NewConflict, Page, QueueFilter};
use minijinja::context;
use minijinja::value::Serde;
use serde::Serialize;
use store::AccountRole;
use workflow::review::ConflictKind;

use super::form::{self, Echo, Failed};
use super::work;
use crate::auth::{CurrentUser, MaybeUser, Require};
use crate::error::{AppError, FieldError, FormPairs};
use crate::state::AppState;

#[derive(Serialize)]
struct Assigned {
    case: work::CaseView,
    mine_score: Option<u32>,
    mine_opinion: Option<String>,
    eligibility: String,
}

#[derive(Serialize)]
struct OrgOpt {
    id: i64,
    name: String,
}

async fn render(
    state: &AppState,
    user: &CurrentUser,
    failed: Option<Failed<'_>>,
    done: Option<String>,
) -> Result<Response, AppError> {
    let cw = work::casework(state)?;
    let me = user.account.id.to_string();
    // Only an expert has a queue; without one the filter below would select every case.
    let queue = ExpertQueue::of(&user.account, crate::api::cases::today(&cw));
    user.authorize("expert queue", queue.is_some())?;
    // The cases in my queue at a stage, selected in the database (the same rule as the API's
    // list and `may_read`).
    let page = cw
        .queue(
            &QueueFilter {
                state: Some("at_stage".into()),
                expert: queue,
                ..Default::default()
            },
            Page {
                offset: 0,
                limit: 1000,
            },
        )
        .await
        .map_err(|e| work::cw_error(e, "queue"))?;
    let mut assigned = Vec::new();
    let mut orgs: Vec<OrgOpt> = Vec::new();
    for s in &page.items {
        let Ok(rec) = cw.case(s.id).await else {
            continue;
        };
        let Some(a) = rec.case.experts.iter().find(|a| a.expert.0 == me) else {
            continue;
        };
        let (score, opinion) = (a.score, a.opinion.clone());
        let view = work::case_view(state, &cw, &rec).await?;
        if !orgs.iter().any(|o| o.id == s.applicant_org_id) {
            orgs.push(OrgOpt {
                id: s.applicant_org_id,
                name: view.org_name.clone(),
            });
        }
        assigned.push(Assigned {
            eligibility: work::eligibility_html(state, &rec.case.measure, &rec.profile),
            case: view,
            mine_score: score,
            mine_opinion: opinion,
        });
    }
    // Every applicant on record may be declared, not only those assigned; one with only a
    // draft is not shown to experts.
    for o in cw
        .applicants_on_record()
        .await
        .map_err(|e| work::cw_error(e, "organisations"))?
    {
        if !orgs.iter().any(|x| x.id == o.id) {
            orgs.push(OrgOpt {
                id: o.id,
                name: o.name,
            });
        }
    }
    let echo = Echo::of(failed.as_ref());
    let kinds = [
        ConflictKind::Employer,
        ConflictKind::Shareholding,
        ConflictKind::Family,
        ConflictKind::Collaboration,
    ]
    .iter()
    .map(|k| {
        serde_json::json!({ "id": serde_json::to_value(k).unwrap_or_default(), "label": k.label() })
    })
    .collect::<Vec<_>>();
    let html = super::page(
        state,
        "expert.html",
        context! {
            title => "专家评审", nav => "expert",
            csrf_token => user.csrf_token.clone().unwrap_or_default(),
            user_name => user.account.name.clone(),
            assigned => Serde(&assigned), orgs => Serde(&orgs), kinds => Serde(&kinds),
            form_name => echo.form_name, values => Serde(echo.values),
            errors => Serde(echo.errors), done,
            today => work::today(state).to_string(),
        },
    )?;
    Ok((echo.status, html).into_response())
}

/// `GET /expert`.
pub async fn home(
    State(state): State<AppState>,
    MaybeUser(user): MaybeUser,
) -> Result<Response, AppError> {
    let Some(user) = user else {
        return Ok(work::to_login("/expert"));
    };
    user.require_role(&[AccountRole::Expert])?;
    render(&state, &user, None, None).await
}

/// `POST /expert/cases/{id}/score`.
pub async fn score(
    State(state): State<AppState>,
    user: Require<crate::auth::Expert>,
    headers: HeaderMap,
    Path(id): Path<i64>,
    FormPairs(pairs): FormPairs,
) -> Result<Response, AppError> {
    let rec = work::visible_case(&state, &user, id).await?;
    let sent = form::sent(pairs);
    let mut errors = Vec::new();
    let typed = form::first(&sent, "score");
    let value = match typed.parse::<u32>() {
        Ok(v) if v <= 100 => Some(v),
        _ => {
            errors.push(FieldError {
                field: "score".into(),
                message: "请填写 0 至 100 的整数分".into(),
            });
            None
        }
    };
    let opinion = form::first(&sent, "opinion");
    if opinion.is_empty() {
        errors.push(FieldError {
            field: "opinion".into(),
            message: "请填写评审意见".into(),
        });
    }
    let version: i64 = form::first(&sent, "version").parse().unwrap_or(rec.version);
    if let (Some(v), true) = (value, errors.is_empty()) {
        let cw = work::casework(&state)?;
        match cw.score(id, version, user.account.id, v, opinion).await {
            Ok(_) => return Ok(work::redirect(&headers, "/expert")),
            Err(e) => errors.extend(work::refused(e, "score")?),
        }
    }
    let name = format!("score-{id}");
    render(
        &state,
        &user,
        Some(Failed {
            form: &name,
            sent: &sent,
            errors,
        }),
        None,
    )
    .await
}

/// `POST /expert/conflicts`: declares a relation with an applicant.
pub async fn declare(
    State(state): State<AppState>,
    user: Require<crate::auth::Expert>,
    FormPairs(pairs): FormPairs,
) -> Result<Response, AppError> {
    let sent = form::sent(pairs);
    let mut errors = Vec::new();
    let org = form::first(&sent, "org").parse::<i64>().ok();
    if org.is_none() {
        errors.push(FieldError {
            field: "org".into(),
            message: "请选择单位".into(),
        });
    }
    let kind = serde_json::from_value::<ConflictKind>(serde_json::Value::String(
        form::first(&sent, "kind").to_string(),
    ))
    .ok();
    if kind.is_none() {
        errors.push(FieldError {
            field: "kind".into(),
            message: "请选择关联类型".into(),
        });
    }
    let from = work::parse_date(form::first(&sent, "from"));
    if from.is_none() {
        errors.push(FieldError {
            field: "from".into(),
            message: "请填写关联开始日期".into(),
        });
    }
    let until_typed = form::first(&sent, "until");
    let until = work::parse_date(until_typed);
    if !until_typed.is_empty() && until.is_none() {
        errors.push(FieldError {
            field: "until".into(),
            message: "结束日期格式有误".into(),
        });
    }
    let note = form::first(&sent, "note");
    if note.is_empty() {
        errors.push(FieldError {
            field: "note".into(),
            message: "请说明关联情况".into(),
        });
    }
    if let (Some(org), Some(kind), Some(from), true) = (org, kind, from, errors.is_empty()) {
        let cw = work::casework(&state)?;
        match cw
            .record_conflict(
                user.account.id,
                NewConflict {
                    expert: user.account.id,
                    org,
                    kind,
                    from,
                    until,
                    note: note.to_string(),
                },
            )
            .await
        {
            Ok(_) => {
                return render(
                    &state,
                    &user,
                    None,
                    Some("已登记利益关联，认定机构指派专家时将据此回避或确认。".into()),
                )
                .await;
            }
            Err(e) => errors.extend(work::refused(e, "org")?),
        }
    }
    render(
        &state,
        &user,
        Some(Failed {
            form: "conflict",
            sent: &sent,
            errors,
        }),
        None,
    )
    .await
}
