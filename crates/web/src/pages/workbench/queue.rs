//! `GET /workbench`: the queues of each measure in scope, by stage, with the days waited,
//! deadlines and overdue markers; `GET /workbench/queue/{measure}/{stage}`: one stage's whole
//! queue, a page at a time.

use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use casework::{CaseSummary, Page, QueueFilter, QueueSort};
use jiff::civil::Date;
use minijinja::context;
use minijinja::value::Serde;
use policy::LoadedMeasure;
use policy::model::{Stage, StageKind};
use serde::{Deserialize, Serialize};
use store::AccountRole;

use super::super::work::{self, Names};
use super::{STAFF, measures_in_scope, performs};
use crate::auth::{CurrentUser, MaybeUser};
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
    /// All the cases at the stage; `rows` lists the longest waiting of them.
    total: u64,
}

#[derive(Serialize)]
struct MeasureQueue {
    id: String,
    title: String,
    short_name: String,
    stages: Vec<StageQueue>,
    total: u64,
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
    /// Reported changes awaiting the authority's review (鞍山 第八条), for the authority.
    reviews: usize,
    /// Reported changes awaiting forwarding (内蒙古 第十七条), for the recommending unit.
    forwards: usize,
}

/// Lines a stage's list shows on the workbench, the longest waiting first; the rest are a
/// click away on the stage's own page (a display choice, not law).
const STAGE_PREVIEW_ROWS: u64 = 20;

/// Lines a page of one stage's queue shows.
const STAGE_PAGE_ROWS: u64 = 100;

/// The cases at one stage of a measure the account works: a recommending unit's only in its
/// area; the longest waiting first.
fn stage_filter(user: &CurrentUser, measure: &LoadedMeasure, stage: &str) -> QueueFilter {
    let region = match user.account.role {
        AccountRole::RecommendingUnit => user.account.region_code.clone(),
        _ => None,
    };
    QueueFilter {
        measure: Some(measure.id().to_string()),
        stage: Some(stage.to_string()),
        region,
        sort: QueueSort::StageSince,
        ..Default::default()
    }
}

/// A queue's lines, from the queue's own columns: no case record is read for a line.
async fn rows(
    state: &AppState,
    names: &mut Names,
    cases: &[CaseSummary],
    stage: &Stage,
    today: Date,
) -> Vec<Row> {
    let mut rows = Vec::with_capacity(cases.len());
    for s in cases {
        let since = s.stage_since.unwrap_or(today);
        let (deadline, overdue) = match s.notice {
            Some(n) if stage.kind == StageKind::PublicNotice => {
                (Some(format!("公示至 {}", n.ends_on)), today > n.ends_on)
            }
            _ => (None, false),
        };
        rows.push(Row {
            id: s.id,
            name: names.org(state, s.applicant_org_id).await,
            region: s.applicant_region.clone(),
            since: since.to_string(),
            waiting_days: i64::from((today - since).get_days()),
            deadline,
            overdue,
            objections: s.open_objections,
        });
    }
    rows
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
        let mut stages = Vec::new();
        let mut total = 0;
        for st in &m.measure.procedure.stage {
            if st.kind == StageKind::Submission {
                continue;
            }
            let role = m.measure.role(&st.role);
            let mine = role.is_some_and(|r| performs(&user, r.kind));
            let filter = stage_filter(&user, m, &st.id);
            let page = cw
                .queue(
                    &filter,
                    Page {
                        offset: 0,
                        limit: STAGE_PREVIEW_ROWS,
                    },
                )
                .await
                .map_err(|e| work::cw_error(e, "queue"))?;
            total += page.total;
            if mine {
                mine_total += page.total;
                if st.kind == StageKind::PublicNotice {
                    // Counted in the database: the notices run out, beyond the lines shown.
                    let ended = QueueFilter {
                        notice_ended_before: Some(today),
                        ..filter
                    };
                    overdue_total += cw
                        .queue_count(&ended)
                        .await
                        .map_err(|e| work::cw_error(e, "queue"))?;
                }
            }
            stages.push(StageQueue {
                id: st.id.clone(),
                label: st.label.clone(),
                role: role.map_or_else(|| st.role.clone(), |r| r.label.clone()),
                mine,
                rows: rows(&state, &mut names, &page.items, st, today).await,
                total: page.total,
            });
        }
        out.push(MeasureQueue {
            id: m.id().to_string(),
            title: m.measure.measure.title.clone(),
            short_name: m.measure.measure.short_name.clone(),
            total,
            stages,
        });
    }
    let spaces: Vec<SpaceRow> = super::spaces::spaces_in_scope(&state, &user)
        .await?
        .into_iter()
        .map(|s| SpaceRow {
            // Reported changes awaiting what this account does with them, where the measure
            // has the authority review them or a unit of the area forward them.
            reviews: {
                let reviewed = user.account.role == AccountRole::Authority
                    && s.status == workflow::lifecycle::SpaceStatus::Active
                    && state
                        .library
                        .get(&s.measure)
                        .is_some_and(|m| m.measure.change_review().is_some());
                s.space
                    .changes
                    .iter()
                    .filter(|c| c.awaiting_review(reviewed))
                    .count()
            },
            forwards: {
                let forwarded = user.account.role == AccountRole::RecommendingUnit
                    && s.status == workflow::lifecycle::SpaceStatus::Active
                    && state
                        .library
                        .get(&s.measure)
                        .is_some_and(|m| m.measure.change_forwarding().is_some());
                s.space
                    .changes
                    .iter()
                    .filter(|c| c.awaiting_forwarding(forwarded))
                    .count()
            },
            id: s.id,
            measure: work::short_name(&state, &s.measure),
            status: super::spaces::status_label(s.status),
            active: s.status == workflow::lifecycle::SpaceStatus::Active,
            valid_until: s.valid_until.map(|d| d.to_string()),
            name: s.name,
        })
        .collect();
    let lifecycle = todays_lifecycle_run(&state, today).await;
    let html = super::super::page(
        &state,
        "workbench.html",
        context! {
            lifecycle => Serde(lifecycle),
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

/// Today's lifecycle run as the workbench reports it (`daily_run`; `makerspace tick`): when it
/// ran (Beijing time) and what it found, from its audit entry; `None` before it has run today.
async fn todays_lifecycle_run(state: &AppState, today: jiff::civil::Date) -> Option<LifecycleRun> {
    let store = state.store().ok()?;
    let trail = store::audit::trail(store.db(), "lifecycle", &today.to_string())
        .await
        .ok()?;
    let run = trail.into_iter().rev().find(|e| e.action == "tick")?;
    Some(LifecycleRun {
        at: casework::dates::in_china(run.at)
            .strftime("%H:%M")
            .to_string(),
        summary: run.reason.unwrap_or_default(),
    })
}

/// When today's lifecycle run was made, and what it found.
#[derive(Debug, Serialize)]
struct LifecycleRun {
    at: String,
    summary: String,
}

/// The query of a stage's page: the applicant's name (a part of it, as typed) and the page.
#[derive(Debug, Default, Deserialize)]
pub struct StageQuery {
    /// A part of the applicant's name.
    #[serde(default)]
    pub q: String,
    /// The page, from 1.
    #[serde(default)]
    pub page: Option<u64>,
}

/// `GET /workbench/queue/{measure}/{stage}`: every case at one stage of a measure the account
/// works (or those whose applicant's name holds `q`), the longest waiting first, counted and
/// paged in the database. A measure out of the account's scope, or a stage the measure does not
/// have, is not found.
pub async fn stage_page(
    State(state): State<AppState>,
    MaybeUser(user): MaybeUser,
    Path((measure, stage)): Path<(String, String)>,
    Query(q): Query<StageQuery>,
) -> Result<Response, AppError> {
    let Some(user) = user else {
        return Ok(work::to_login(&format!(
            "/workbench/queue/{measure}/{stage}"
        )));
    };
    user.require_role(&STAFF)?;
    let not_found = || AppError::NotFound {
        message: format!("没有「{measure}」办法的「{stage}」环节可查看"),
        field: None,
    };
    let m = measures_in_scope(&state, &user)
        .into_iter()
        .find(|m| m.id() == measure)
        .ok_or_else(not_found)?;
    let st = m
        .measure
        .procedure
        .stage
        .iter()
        .find(|s| s.id == stage && s.kind != StageKind::Submission)
        .ok_or_else(not_found)?;
    let cw = work::casework(&state)?;
    let today = work::today(&state);
    let paging = work::Paging::new(q.page, STAGE_PAGE_ROWS);
    let needle = q.q.trim();
    let filter = QueueFilter {
        applicant_name_contains: (!needle.is_empty()).then(|| needle.to_string()),
        ..stage_filter(&user, m, &st.id)
    };
    let found = cw
        .queue(&filter, paging.page())
        .await
        .map_err(|e| work::cw_error(e, "queue"))?;
    let rows = rows(&state, &mut Names::default(), &found.items, st, today).await;
    let role = m.measure.role(&st.role);
    let html = super::super::page(
        &state,
        "workbench_queue.html",
        context! {
            title => format!("{} · {}", m.measure.measure.short_name, st.label), nav => "workbench",
            short_name => m.measure.measure.short_name.clone(),
            measure => m.id(), stage => st.id.clone(), label => st.label.clone(),
            role => role.map_or_else(|| st.role.clone(), |r| r.label.clone()),
            total => found.total, rows => Serde(&rows), q => needle,
            paging => paging.pager(found.total),
        },
    )?;
    Ok(html.into_response())
}
