//! `GET /workbench`: the queues of each measure in scope, by stage, with the days waited,
//! deadlines and overdue markers.

use axum::extract::State;
use axum::response::{IntoResponse, Response};
use casework::{Page, QueueFilter};
use minijinja::context;
use minijinja::value::Serde;
use policy::model::StageKind;
use serde::Serialize;
use store::AccountRole;

use super::super::work::{self, Names};
use super::{STAFF, measures_in_scope, performs};
use crate::auth::MaybeUser;
use crate::error::AppError;
use crate::state::AppState;

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
    total: u64,
    /// How many of them the stages list (the queue's first page, oldest change first).
    shown: usize,
}

/// A recognised space in scope, linking to its page.
#[derive(Serialize)]
struct SpaceRow {
    id: i64,
    name: String,
    measure: String,
    status: &'static str,
    active: bool,
    valid_until: Option<String>,
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
    let today = work::today(&state);
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
                // From the queue's own columns: no case record is read for a line.
                let since = s.stage_since.unwrap_or(today);
                let (deadline, overdue) = match s.notice {
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
                    objections: s.open_objections,
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
            total: page.total,
            shown: page.items.len(),
            stages,
        });
    }
    let spaces: Vec<SpaceRow> = super::spaces::spaces_in_scope(&state, &user)
        .await?
        .into_iter()
        .map(|s| SpaceRow {
            id: s.id,
            measure: work::short_name(&state, &s.measure),
            status: super::spaces::status_label(s.status),
            active: s.status == workflow::lifecycle::SpaceStatus::Active,
            valid_until: s.valid_until.map(|d| d.to_string()),
            name: s.name,
        })
        .collect();
    let html = super::super::page(
        &state,
        "workbench.html",
        context! {
            title => "审核工作台", nav => "workbench",
            csrf_token => user.csrf_token.clone().unwrap_or_default(),
            role_label => crate::auth::role_label(user.account.role),
            user_name => user.account.name.clone(),
            area => user.account.region_code.clone(),
            measures => Serde(&out), mine_total, overdue_total,
            spaces => Serde(&spaces),
        },
    )?;
    Ok(html.into_response())
}
