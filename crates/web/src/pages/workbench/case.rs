//! `GET /workbench/cases/{id}`: a case with its facts, materials, eligibility verdict, history,
//! and the forms of the current stage (a failed form comes back with its values and errors).

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use casework::CaseRecord;
use minijinja::context;
use minijinja::value::Serde;
use policy::model::StageKind;
use serde::Serialize;
use store::AccountRole;
use store::sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use workflow::ActorId;
use workflow::OrgId;
use workflow::case::CaseState;
use workflow::review::{Conflict, ConflictKind, Severity};

use super::super::form::{Echo, Failed};
use super::super::work;
use super::{STAFF, performs};
use crate::auth::{CurrentUser, MaybeUser};
use crate::error::AppError;
use crate::state::AppState;

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
    let today = work::today(state);
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

pub(super) async fn render_case(
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
    let measurable = if stage_kind == Some("site_inspection") {
        super::inspection::measurable(state, m, &rec.profile)
    } else {
        Vec::new()
    };
    let eligibility = work::eligibility_html(state, m.id(), &rec.profile);
    let echo = Echo::of(failed.as_ref());
    let html = super::super::page(
        state,
        "workbench_case.html",
        context! {
            title => format!("案件 {}", rec.id), nav => "workbench",
            csrf_token => user.csrf_token.clone().unwrap_or_default(),
            case => Serde(&view), stage_kind, can_act, authority,
            experts => Serde(&experts), measurable => Serde(&measurable),
            measured_rows => Serde(&super::inspection::MEASURED),
            eligibility => minijinja::Value::from_safe_string(eligibility),
            form_name => echo.form_name, values => Serde(echo.values),
            errors => Serde(echo.errors),
            today => work::today(state).to_string(),
            demo_clock => crate::demo::demo_clock(),
            notice_period_fixed => m.measure.procedure.public_notice.as_ref().and_then(|n| n.period).is_some(),
        },
    )?;
    Ok((echo.status, html).into_response())
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
