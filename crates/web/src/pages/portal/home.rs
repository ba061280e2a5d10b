//! The portal home: my organisation, my cases with their step and deadline, open calls, my
//! recognised spaces.

use axum::extract::State;
use axum::response::{IntoResponse, Response};
use casework::{CallRecord, Page, QueueFilter, RegisterFilter};
use minijinja::context;
use minijinja::value::Serde;
use serde::Serialize;
use store::AccountRole;
use workflow::case::CaseState;

use super::org_of;
use crate::auth::MaybeUser;
use crate::error::AppError;
use crate::pages::work;
use crate::state::AppState;

#[derive(Serialize)]
struct CaseRow {
    id: i64,
    measure_name: String,
    state_label: String,
    state_class: &'static str,
    call: String,
    deadline: Option<String>,
    overdue: bool,
    editable: bool,
    submitted_on: Option<String>,
}

#[derive(Serialize)]
struct CallRow {
    id: String,
    title: String,
    measure_name: String,
    deadline: String,
    opens_on: Option<String>,
    case_id: Option<i64>,
}

#[derive(Serialize)]
struct SpaceRow {
    id: i64,
    name: String,
    measure: String,
    measure_name: String,
    recognised_on: String,
    valid_until: Option<String>,
    status: String,
    statistics: usize,
    /// The space's own duties due or overdue today (the authority's appraisal and reviews are
    /// not the space's to do), the soonest first.
    todo: Vec<String>,
}

/// A space's own duties due or overdue today, in words, the soonest first.
fn todo(state: &AppState, s: &casework::SpaceRecord) -> Vec<String> {
    let Some(m) = state.library.get(&s.measure) else {
        return Vec::new();
    };
    if s.status != workflow::lifecycle::SpaceStatus::Active {
        return Vec::new();
    }
    let appraisal = m.measure.appraisal.as_ref().map(|a| a.id.as_str());
    let mut out: Vec<(jiff::civil::Date, String)> =
        workflow::lifecycle::evaluate(&state.library, m, &s.space, work::today(state))
            .into_iter()
            .filter_map(|f| match f {
                workflow::lifecycle::Finding::Overdue {
                    obligation,
                    label,
                    due,
                    ..
                } if appraisal != Some(obligation.as_str()) => {
                    Some((due, format!("{label}（{due} 已逾期）")))
                }
                workflow::lifecycle::Finding::Due {
                    obligation,
                    label,
                    due,
                    ..
                } if appraisal != Some(obligation.as_str()) => {
                    Some((due, format!("{label}（{due} 前）")))
                }
                _ => None,
            })
            .collect();
    out.sort();
    out.into_iter().map(|(_, t)| t).collect()
}

async fn open_calls(state: &AppState, region: Option<&str>) -> Result<Vec<CallRecord>, AppError> {
    let cw = work::casework(state)?;
    let today = work::today(state);
    let mut out = Vec::new();
    for m in state.library.measures() {
        if let Some(r) = region
            && !work::area_contains(Some(work::jurisdiction(m)), r)
        {
            continue;
        }
        let calls = cw
            .calls(m.id())
            .await
            .map_err(|e| work::cw_error(e, "call"))?;
        out.extend(
            calls
                .into_iter()
                .filter(|c| c.opens_on.is_none_or(|o| o <= today) && today <= c.deadline),
        );
    }
    Ok(out)
}

/// `GET /portal`.
pub async fn home(
    State(state): State<AppState>,
    MaybeUser(user): MaybeUser,
) -> Result<Response, AppError> {
    let Some(user) = user else {
        return Ok(work::to_login("/portal"));
    };
    user.require_role(&[AccountRole::Applicant])?;
    let org_id = org_of(&user)?;
    let store = state.store()?;
    let org = store::organisation::get(store.db(), org_id).await?;
    let cw = work::casework(&state)?;
    let cases = cw
        .queue(
            &QueueFilter {
                org: Some(org_id),
                ..Default::default()
            },
            Page {
                offset: 0,
                limit: 200,
            },
        )
        .await
        .map_err(|e| work::cw_error(e, "case"))?;
    let mut rows = Vec::new();
    for s in cases.items.iter().rev() {
        let rec = cw.case(s.id).await.map_err(|e| work::cw_error(e, "case"))?;
        let v = work::case_view(&state, &cw, &rec).await?;
        rows.push(CaseRow {
            id: s.id,
            measure_name: v.measure_name,
            state_label: v.state_label,
            state_class: v.state_class,
            call: rec.case.call.clone().unwrap_or_default(),
            deadline: v.deadline,
            overdue: v.overdue,
            editable: matches!(
                rec.case.state,
                CaseState::Draft | CaseState::Returned { .. }
            ),
            submitted_on: v.submitted_on,
        });
    }
    let calls = open_calls(&state, org.region_code.as_deref()).await?;
    let call_rows: Vec<CallRow> = calls
        .into_iter()
        .map(|c| CallRow {
            case_id: None,
            measure_name: work::short_name(&state, &c.measure),
            id: c.id,
            title: c.title,
            deadline: c.deadline.to_string(),
            opens_on: c.opens_on.map(|d| d.to_string()),
        })
        .collect();
    let spaces = cw
        .register(
            &RegisterFilter {
                org: Some(org_id),
                ..Default::default()
            },
            Page {
                offset: 0,
                limit: 100,
            },
        )
        .await
        .map_err(|e| work::cw_error(e, "space"))?
        .items
        .into_iter()
        .map(|s| SpaceRow {
            todo: todo(&state, &s),
            id: s.id,
            measure_name: work::short_name(&state, &s.measure),
            measure: s.measure,
            name: s.name,
            recognised_on: s.recognised_on.to_string(),
            valid_until: s.valid_until.map(|d| d.to_string()),
            status: casework::status_label(s.status).into(),
            statistics: s.space.statistics.len(),
        })
        .collect::<Vec<_>>();
    let html = crate::pages::page(
        &state,
        "portal.html",
        context! {
            title => "申报单位工作台", nav => "portal",
            csrf_token => user.csrf_token.clone().unwrap_or_default(),
            user_name => user.account.name.clone(),
            org => context! { name => org.name, credit_code => org.credit_code.to_string(), region => org.region_code },
            cases => Serde(&rows), calls => Serde(&call_rows), spaces => Serde(&spaces),
        },
    )?;
    Ok(html.into_response())
}
