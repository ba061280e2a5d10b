//! The workbench of recommending units and the authority (`/workbench`): queues by stage with
//! deadlines and overdue markers; a case page with the facts, materials, the eligibility verdict
//! rule by rule and the history; the actions of the current stage (complete with a note, return
//! or reject with a reason, publish the notice with a period, decide with a document number),
//! expert assignment with conflict warnings, objection rulings.

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use casework::{CaseRecord, Page, QueueFilter};
use jiff::civil::Date;
use minijinja::context;
use minijinja::value::Serde;
use policy::LoadedMeasure;
use policy::law::Period;
use policy::model::{RoleKind, StageKind};
use serde::Serialize;
use store::AccountRole;
use store::sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use workflow::case::{Action, CaseState};
use workflow::review::{Conflict, ConflictKind, Severity};
use workflow::{ActorId, OrgId};

use super::form::{self, Sent};
use super::work::{self, Names};
use crate::auth::{CurrentUser, MaybeUser};
use crate::error::{AppError, FieldError, FormPairs};
use crate::state::AppState;

const STAFF: [AccountRole; 3] = [
    AccountRole::RecommendingUnit,
    AccountRole::Authority,
    AccountRole::Admin,
];

/// The measures whose cases the account works on.
fn measures_in_scope<'a>(state: &'a AppState, user: &CurrentUser) -> Vec<&'a LoadedMeasure> {
    let area = user.account.region_code.as_deref();
    state
        .library
        .measures()
        .iter()
        .filter(|m| match user.account.role {
            AccountRole::Admin => true,
            _ => {
                let j = work::jurisdiction(m);
                area == Some(j) || area.is_some_and(|a| work::area_contains(Some(j), a))
            }
        })
        .collect()
}

/// Whether the account's kind performs a stage (an expert stage is run by the authority).
fn performs(user: &CurrentUser, role: RoleKind) -> bool {
    let needed = if role == RoleKind::Expert {
        RoleKind::Authority
    } else {
        role
    };
    matches!(
        (user.account.role, needed),
        (AccountRole::RecommendingUnit, RoleKind::RecommendingUnit)
            | (AccountRole::Authority, RoleKind::Authority)
    )
}

#[derive(Serialize)]
struct Row {
    id: i64,
    name: String,
    region: String,
    since: String,
    waiting_days: i64,
    deadline: Option<String>,
    overdue: bool,
    objections: usize,
}

#[derive(Serialize)]
struct StageQueue {
    id: String,
    label: String,
    role: String,
    mine: bool,
    rows: Vec<Row>,
}

#[derive(Serialize)]
struct MeasureQueue {
    id: String,
    title: String,
    short_name: String,
    stages: Vec<StageQueue>,
    total: usize,
}

/// `GET /workbench`.
pub async fn home(
    State(state): State<AppState>,
    MaybeUser(user): MaybeUser,
) -> Result<Response, AppError> {
    let Some(user) = user else {
        return Ok(work::to_login("/workbench"));
    };
    user.require_role(&STAFF)?;
    let cw = work::casework(&state)?;
    let today = work::today();
    let mut names = Names::default();
    let mut out = Vec::new();
    let mut mine_total = 0;
    let mut overdue_total = 0;
    for m in measures_in_scope(&state, &user) {
        let region = match user.account.role {
            AccountRole::RecommendingUnit => user.account.region_code.clone(),
            _ => None,
        };
        let page = cw
            .queue(
                &QueueFilter {
                    measure: Some(m.id().to_string()),
                    state: Some("at_stage".into()),
                    region,
                    ..Default::default()
                },
                Page {
                    offset: 0,
                    limit: 1000,
                },
            )
            .await
            .map_err(|e| work::cw_error(e, "queue"))?;
        let mut stages = Vec::new();
        for st in &m.measure.procedure.stage {
            if st.kind == StageKind::Submission {
                continue;
            }
            let role = m.measure.role(&st.role);
            let mine = role.is_some_and(|r| performs(&user, r.kind));
            let mut rows = Vec::new();
            for s in page
                .items
                .iter()
                .filter(|s| s.stage.as_deref() == Some(&st.id))
            {
                let Ok(rec) = cw.case(s.id).await else {
                    continue;
                };
                let since = match &rec.case.state {
                    CaseState::AtStage { since, .. } => *since,
                    _ => today,
                };
                let (deadline, overdue) = match rec.case.notice {
                    Some(n) if st.kind == StageKind::PublicNotice => {
                        (Some(format!("公示至 {}", n.ends_on)), today > n.ends_on)
                    }
                    _ => (None, false),
                };
                if mine {
                    mine_total += 1;
                    if overdue {
                        overdue_total += 1;
                    }
                }
                rows.push(Row {
                    id: s.id,
                    name: names.org(&state, s.applicant_org_id).await,
                    region: s.applicant_region.clone(),
                    since: since.to_string(),
                    waiting_days: i64::from((today - since).get_days()),
                    deadline,
                    overdue,
                    objections: rec
                        .case
                        .objections
                        .iter()
                        .filter(|o| o.ruling.is_none())
                        .count(),
                });
            }
            rows.sort_by_key(|r| std::cmp::Reverse(r.waiting_days));
            stages.push(StageQueue {
                id: st.id.clone(),
                label: st.label.clone(),
                role: role.map_or_else(|| st.role.clone(), |r| r.label.clone()),
                mine,
                rows,
            });
        }
        out.push(MeasureQueue {
            id: m.id().to_string(),
            title: m.measure.measure.title.clone(),
            short_name: m.measure.measure.short_name.clone(),
            total: page.items.len(),
            stages,
        });
    }
    let html = super::page(
        &state,
        "workbench.html",
        context! {
            title => "审核工作台", nav => "workbench",
            csrf_token => user.csrf_token.clone().unwrap_or_default(),
            role_label => crate::auth::role_label(user.account.role),
            user_name => user.account.name.clone(),
            area => user.account.region_code.clone(),
            measures => Serde(&out), mine_total, overdue_total,
        },
    )?;
    Ok(html.into_response())
}

#[derive(Serialize)]
struct ExpertOpt {
    id: i64,
    name: String,
    warning: Option<String>,
    hard: bool,
    assigned: bool,
}

fn kind_of(s: &str) -> Option<ConflictKind> {
    Some(match s {
        "employer" => ConflictKind::Employer,
        "shareholding" => ConflictKind::Shareholding,
        "family" => ConflictKind::Family,
        "collaboration" => ConflictKind::Collaboration,
        _ => return None,
    })
}

/// Every expert with the weightiest conflict with the applicant today.
async fn expert_options(state: &AppState, rec: &CaseRecord) -> Result<Vec<ExpertOpt>, AppError> {
    let store = state.store()?;
    let today = work::today();
    let experts = store::account::list_by_role(store.db(), AccountRole::Expert).await?;
    let mut out = Vec::new();
    for e in experts {
        let rows = store::entity::expert_conflict::Entity::find()
            .filter(store::entity::expert_conflict::Column::ExpertAccountId.eq(e.id))
            .all(store.db())
            .await
            .map_err(store::StoreError::from)?;
        let conflicts: Vec<Conflict> = rows
            .into_iter()
            .filter_map(|r| {
                Some(Conflict {
                    kind: kind_of(&r.kind)?,
                    org: OrgId(r.org_id.to_string()),
                    from: casework::dates::from_col(r.from_on),
                    until: r.until_on.map(casework::dates::from_col),
                    note: r.note,
                })
            })
            .collect();
        let found = workflow::review::assess(&conflicts, &rec.case.applicant, today);
        let (warning, hard) = match found {
            Some((sev, c)) => (
                Some(format!(
                    "{}：{}（{}）— {}",
                    match sev {
                        Severity::Hard => "利益冲突，须回避",
                        Severity::Soft => "存在利益关联，须认定机构确认后方可指派",
                    },
                    c.kind.label(),
                    c.note,
                    match c.until {
                        Some(u) => format!("{} 至 {u}", c.from),
                        None => format!("{} 起至今", c.from),
                    }
                )),
                sev == Severity::Hard,
            ),
            None => (None, false),
        };
        out.push(ExpertOpt {
            id: e.id,
            name: e.name,
            warning,
            hard,
            assigned: rec
                .case
                .experts
                .iter()
                .any(|a| a.expert == ActorId(e.id.to_string())),
        });
    }
    Ok(out)
}

/// Which form failed, with its values and errors.
struct Failed<'a> {
    form: &'a str,
    sent: &'a Sent,
    errors: Vec<FieldError>,
}

async fn render_case(
    state: &AppState,
    user: &CurrentUser,
    rec: &CaseRecord,
    failed: Option<Failed<'_>>,
) -> Result<Response, AppError> {
    let cw = work::casework(state)?;
    let view = work::case_view(state, &cw, rec).await?;
    let m = state
        .library
        .get(&rec.case.measure)
        .ok_or_else(|| AppError::unknown_policy(&rec.case.measure, None))?;
    let (stage_kind, can_act) = match &rec.case.state {
        CaseState::AtStage { stage, .. } => match work::stage_role_kind(m, stage) {
            Some((k, r)) => (Some(stage_kind_id(k)), performs(user, r)),
            None => (None, false),
        },
        _ => (None, false),
    };
    let authority = user.account.role == AccountRole::Authority;
    let experts = if authority && stage_kind == Some("expert_review") {
        expert_options(state, rec).await?
    } else {
        Vec::new()
    };
    let eligibility = work::eligibility_html(state, m.id(), &rec.profile);
    let (form_name, values, errors) = match &failed {
        Some(f) => (
            f.form.to_string(),
            f.sent
                .iter()
                .map(|(k, v)| (k.clone(), v.first().cloned().unwrap_or_default()))
                .collect(),
            work::errors_map(&f.errors),
        ),
        None => (
            String::new(),
            std::collections::BTreeMap::new(),
            std::collections::BTreeMap::new(),
        ),
    };
    let status = if failed.is_some() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    let html = super::page(
        state,
        "workbench_case.html",
        context! {
            title => format!("案件 {}", rec.id), nav => "workbench",
            csrf_token => user.csrf_token.clone().unwrap_or_default(),
            case => Serde(&view), stage_kind, can_act, authority,
            experts => Serde(&experts),
            eligibility => minijinja::Value::from_safe_string(eligibility),
            form_name, values => Serde(values), errors => Serde(errors),
            today => work::today().to_string(),
            demo_clock => crate::demo::demo_clock(),
            notice_period_fixed => m.measure.procedure.public_notice.as_ref().and_then(|n| n.period).is_some(),
        },
    )?;
    Ok((status, html).into_response())
}

fn stage_kind_id(k: StageKind) -> &'static str {
    match k {
        StageKind::Submission => "submission",
        StageKind::PreliminaryReview => "preliminary_review",
        StageKind::ReReview => "re_review",
        StageKind::SiteInspection => "site_inspection",
        StageKind::ExpertReview => "expert_review",
        StageKind::CreditReview => "credit_review",
        StageKind::Shortlist => "shortlist",
        StageKind::PublicNotice => "public_notice",
        StageKind::Decision => "decision",
    }
}

/// `GET /workbench/cases/{id}`.
pub async fn case_page(
    State(state): State<AppState>,
    MaybeUser(user): MaybeUser,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let Some(user) = user else {
        return Ok(work::to_login(&format!("/workbench/cases/{id}")));
    };
    user.require_role(&STAFF)?;
    let rec = work::visible_case(&state, &user, id).await?;
    render_case(&state, &user, &rec, None).await
}

/// The 办理日期: today unless given; not before the stage began; not after today (the demo
/// clock allows later days, to let a notice period run out).
fn action_date(rec: &CaseRecord, sent: &Sent) -> Result<Date, FieldError> {
    let today = work::today();
    let typed = form::first(sent, "on");
    let on = if typed.is_empty() {
        today
    } else {
        work::parse_date(typed).ok_or_else(|| FieldError {
            field: "on".into(),
            message: format!("「{typed}」不是有效日期（格式 2025-03-01）"),
        })?
    };
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

fn required(sent: &Sent, name: &str, message: &str, errors: &mut Vec<FieldError>) -> String {
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
    let on = action_date(&rec, &sent).map_err(|e| errors.push(e)).ok();
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
            Err(e) => errors.extend(work::as_field_errors(
                work::cw_error(e, "general"),
                "general",
            )?),
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
    let on = action_date(&rec, &sent).map_err(|e| errors.push(e)).ok();
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
            Err(e) => errors.extend(work::as_field_errors(
                work::cw_error(e, "expert"),
                "expert",
            )?),
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
    let upheld = match form::first(&sent, "upheld") {
        "true" => Some(true),
        "false" => Some(false),
        _ => {
            errors.push(FieldError {
                field: "upheld".into(),
                message: "请选择异议是否成立".into(),
            });
            None
        }
    };
    let reason = required(
        &sent,
        "reason",
        "请写明处理结论的理由（核查情况）",
        &mut errors,
    );
    let on = action_date(&rec, &sent).map_err(|e| errors.push(e)).ok();
    let version: i64 = form::first(&sent, "version").parse().unwrap_or(rec.version);
    if let (Some(upheld), Some(on), true) = (upheld, on, errors.is_empty()) {
        let cw = work::casework(&state)?;
        match cw
            .rule_objection(id, version, user.account.id, number, upheld, &reason, on)
            .await
        {
            Ok(_) => return Ok(work::redirect(&headers, &format!("/workbench/cases/{id}"))),
            Err(e) => errors.extend(work::as_field_errors(
                work::cw_error(e, "general"),
                "general",
            )?),
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
