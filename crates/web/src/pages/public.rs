//! The public pages over the system of record (no account): `/register` (the register of
//! recognised spaces by jurisdiction, with search and filters), `/notices` (cases in their
//! public notice period, each with an objection form aimed at a condition or a material) and
//! `/appraisals` (published appraisal results).

use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use casework::{
    AppraisalResultFilter, Page, QueueFilter, RegisterFilter, RegisterListing, status_label,
    status_of, status_str,
};
use minijinja::context;
use minijinja::value::Serde;
use serde::{Deserialize, Serialize};
use workflow::lifecycle::SpaceStatus;
use workflow::review::ObjectionTarget;

use super::work::{self, Names};
use crate::error::{AppError, FieldError, FormPairs};
use crate::state::AppState;

/// `/register` query.
#[derive(Debug, Default, Deserialize, Serialize)]
pub struct RegisterQuery {
    /// Name contains.
    #[serde(default)]
    pub q: String,
    /// Measure id.
    #[serde(default)]
    pub measure: String,
    /// Status (`active`…).
    #[serde(default)]
    pub status: String,
    /// The page, from 1.
    #[serde(default)]
    pub page: Option<u64>,
}

impl RegisterQuery {
    /// The spaces the query selects: a measure the library has, a status, a name searched.
    pub fn selection(&self, state: &AppState) -> (RegisterFilter, RegisterListing) {
        let filter = RegisterFilter {
            measure: (!self.measure.is_empty() && state.library.get(&self.measure).is_some())
                .then(|| self.measure.clone()),
            status: status_of(&self.status),
            ..Default::default()
        };
        let needle = self.q.trim();
        let listing = RegisterListing {
            name_contains: (!needle.is_empty()).then(|| needle.to_string()),
            ..Default::default()
        };
        (filter, listing)
    }
}

#[derive(Serialize)]
struct Opt {
    id: String,
    label: String,
}

fn measure_options(state: &AppState) -> Vec<Opt> {
    state
        .library
        .measures()
        .iter()
        .map(|m| Opt {
            id: m.id().to_string(),
            label: format!(
                "{}（{}）",
                m.measure.measure.short_name, m.measure.measure.jurisdiction.name
            ),
        })
        .collect()
}

#[derive(Serialize)]
struct SpaceRow {
    id: i64,
    name: String,
    region: String,
    recognised_on: String,
    valid_until: Option<String>,
    status: String,
    status_class: String,
    document_number: String,
    statistics: usize,
    appraisals: usize,
}

#[derive(Serialize)]
struct Group {
    measure: String,
    title: String,
    jurisdiction: String,
    spaces: Vec<SpaceRow>,
}

/// Rows per page of the public lists: the register, the appraisal results.
const PUBLIC_PAGE_ROWS: u64 = 50;

/// `GET /register`.
pub async fn register(
    State(state): State<AppState>,
    Query(q): Query<RegisterQuery>,
) -> Result<Response, AppError> {
    let cw = work::casework(&state)?;
    // Searched, counted and paged in the database: a page reads only its own rows.
    let (filter, listing) = q.selection(&state);
    let paging = work::Paging::new(q.page, PUBLIC_PAGE_ROWS);
    let found = state
        .register_listing(&cw, filter.clone(), listing, paging.page())
        .await
        .map_err(|e| work::cw_error(e, "register"))?;
    let total = found.total;
    let mut groups: Vec<Group> = state
        .library
        .measures()
        .iter()
        .map(|m| Group {
            measure: m.id().to_string(),
            title: m.measure.measure.title.clone(),
            jurisdiction: m.measure.measure.jurisdiction.name.clone(),
            spaces: Vec::new(),
        })
        .collect();
    for s in &found.items {
        if let Some(g) = groups.iter_mut().find(|g| g.measure == s.measure) {
            g.spaces.push(SpaceRow {
                id: s.id,
                name: s.name.clone(),
                region: s.region.clone(),
                recognised_on: s.recognised_on.to_string(),
                valid_until: s.valid_until.map(|d| d.to_string()),
                status: status_label(s.status).into(),
                status_class: status_str(s.status).into(),
                document_number: s.document_number.clone().unwrap_or_default(),
                statistics: s.space.statistics.len(),
                appraisals: s.space.appraisals.len(),
            });
        }
    }
    groups.retain(|g| !g.spaces.is_empty() || filter.measure.as_deref() == Some(&g.measure));
    let paging = paging.pager(total);
    let statuses = [
        SpaceStatus::Active,
        SpaceStatus::Revoked,
        SpaceStatus::Expired,
        SpaceStatus::Excluded,
    ]
    .iter()
    .map(|s| Opt {
        id: status_str(*s).into(),
        label: status_label(*s).into(),
    })
    .collect::<Vec<_>>();
    let html = super::page(
        &state,
        "register.html",
        context! {
            title => "众创空间名录", nav => "register",
            q => Serde(&q), groups => Serde(&groups), total, paging,
            measures => Serde(measure_options(&state)), statuses => Serde(statuses),
        },
    )?;
    Ok(html.into_response())
}

#[derive(Serialize)]
struct TargetOpt {
    value: String,
    label: String,
}

#[derive(Serialize)]
struct NoticeRow {
    id: i64,
    name: String,
    measure: String,
    measure_name: String,
    region: String,
    stage: String,
    starts_on: String,
    ends_on: String,
    targets: Vec<TargetOpt>,
    objections: usize,
}

async fn notice_rows(state: &AppState) -> Result<Vec<NoticeRow>, AppError> {
    let cw = work::casework(state)?;
    let today = work::today(state);
    let mut names = Names::default();
    let mut out = Vec::new();
    for m in state.library.measures() {
        for st in m
            .measure
            .procedure
            .stage
            .iter()
            .filter(|s| s.kind == policy::model::StageKind::PublicNotice)
        {
            let page = cw
                .queue(
                    &QueueFilter {
                        measure: Some(m.id().to_string()),
                        stage: Some(st.id.clone()),
                        notice_on: Some(today),
                        ..Default::default()
                    },
                    Page {
                        offset: 0,
                        limit: 1000,
                    },
                )
                .await
                .map_err(|e| work::cw_error(e, "notices"))?;
            // The cases in their notice today, from the queue's columns: no record is read.
            for row in page.items {
                let Some(n) = row.notice else { continue };
                let mut targets: Vec<TargetOpt> = m
                    .measure
                    .condition
                    .iter()
                    .map(|c| TargetOpt {
                        value: format!("criterion:{}", c.id),
                        label: format!("条件 {} {}", c.cite, c.label),
                    })
                    .collect();
                targets.extend(m.measure.material.iter().map(|x| TargetOpt {
                    value: format!("evidence:{}", x.id),
                    label: format!("材料 {}", x.label),
                }));
                out.push(NoticeRow {
                    id: row.id,
                    name: names.org(state, row.applicant_org_id).await,
                    measure: m.id().to_string(),
                    measure_name: m.measure.measure.short_name.clone(),
                    region: row.applicant_region,
                    stage: st.label.clone(),
                    starts_on: n.starts_on.to_string(),
                    ends_on: n.ends_on.to_string(),
                    targets,
                    objections: row.objections,
                });
            }
        }
    }
    Ok(out)
}

async fn notices_page(
    state: &AppState,
    status: StatusCode,
    sent: Option<(i64, &super::form::Sent)>,
    errors: &[FieldError],
    done: Option<(i64, u32)>,
) -> Result<Response, AppError> {
    let rows = notice_rows(state).await?;
    let (form_case, target, text, contact) = match sent {
        Some((id, s)) => (
            id,
            super::form::first(s, "target").to_string(),
            super::form::first(s, "text").to_string(),
            super::form::first(s, "contact").to_string(),
        ),
        None => (0, String::new(), String::new(), String::new()),
    };
    let html = super::page(
        state,
        "notices.html",
        context! {
            title => "公示", nav => "notices", rows => Serde(&rows),
            form_case, target, text, contact,
            errors => Serde(work::errors_map(errors)),
            done_case => done.map(|d| d.0), done_number => done.map(|d| d.1),
            today => work::today(state).to_string(),
        },
    )?;
    Ok((status, html).into_response())
}

/// `GET /notices`.
pub async fn notices(State(state): State<AppState>) -> Result<Response, AppError> {
    notices_page(&state, StatusCode::OK, None, &[], None).await
}

/// `POST /notices/{id}/objections`: an objection from the public during the notice period.
pub async fn object(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    _headers: HeaderMap,
    FormPairs(pairs): FormPairs,
) -> Result<Response, AppError> {
    let sent = super::form::sent(pairs);
    let target = super::form::first(&sent, "target");
    let text = super::form::first(&sent, "text");
    let contact = super::form::first(&sent, "contact");
    let mut errors = Vec::new();
    let parsed = match target.split_once(':') {
        Some(("criterion", c)) if !c.is_empty() => Some(ObjectionTarget::Criterion {
            condition: c.to_string(),
        }),
        Some(("evidence", e)) if !e.is_empty() => Some(ObjectionTarget::Evidence {
            item: e.to_string(),
        }),
        _ => {
            errors.push(FieldError {
                field: "target".into(),
                message: "请选择异议针对的条件或材料".into(),
            });
            None
        }
    };
    if text.is_empty() {
        errors.push(FieldError {
            field: "text".into(),
            message: "请填写异议内容和理由".into(),
        });
    }
    if text.chars().count() > 2000 {
        errors.push(FieldError {
            field: "text".into(),
            message: "异议内容请控制在 2000 字以内".into(),
        });
    }
    if let (Some(t), true) = (parsed, errors.is_empty()) {
        let cw = work::casework(&state)?;
        match cw
            .object(
                id,
                t,
                text,
                (!contact.is_empty()).then_some(contact),
                work::today(&state),
            )
            .await
        {
            Ok(rec) => {
                let n = rec.case.objections.last().map_or(0, |o| o.number);
                return notices_page(&state, StatusCode::OK, None, &[], Some((id, n))).await;
            }
            Err(e) => {
                let e = work::cw_error(e, "text");
                errors.extend(work::as_field_errors(e, "text")?);
            }
        }
    }
    notices_page(
        &state,
        StatusCode::UNPROCESSABLE_ENTITY,
        Some((id, &sent)),
        &errors,
        None,
    )
    .await
}

#[derive(Serialize)]
struct AppraisalRow {
    space: String,
    measure_name: String,
    region: String,
    appraised_on: String,
    grade: String,
    grade_id: String,
    total: Option<String>,
}

/// The query of `/appraisals`: a measure, a year, a page (each optional).
#[derive(Debug, Default, Deserialize, Serialize)]
pub struct AppraisalsQuery {
    /// Measure id.
    #[serde(default)]
    pub measure: String,
    /// Year (`2025`).
    #[serde(default)]
    pub year: String,
    /// The page, from 1.
    #[serde(default)]
    pub page: Option<u64>,
}

/// `GET /appraisals`: published appraisal results, newest first, by measure and year, a page
/// at a time (selected, counted and paged in the database).
pub async fn appraisals(
    State(state): State<AppState>,
    Query(q): Query<AppraisalsQuery>,
) -> Result<Response, AppError> {
    let cw = work::casework(&state)?;
    let filter = AppraisalResultFilter {
        measure: (!q.measure.is_empty() && state.library.get(&q.measure).is_some())
            .then(|| q.measure.clone()),
        year: q
            .year
            .trim()
            .parse::<i16>()
            .ok()
            .filter(|y| (1..=9999).contains(y)),
    };
    let paging = work::Paging::new(q.page, PUBLIC_PAGE_ROWS);
    let found = cw
        .appraisal_results(&filter, paging.page())
        .await
        .map_err(|e| work::cw_error(e, "appraisals"))?;
    let rows: Vec<AppraisalRow> = found
        .items
        .into_iter()
        .map(|r| {
            let grade = work::grade_label(&state, &r.measure, &r.grade);
            AppraisalRow {
                space: r.name,
                measure_name: work::short_name(&state, &r.measure),
                region: r.region,
                appraised_on: r.on.to_string(),
                grade,
                grade_id: r.grade,
                total: r.total,
            }
        })
        .collect();
    let total = found.total;
    let paging = paging.pager(total);
    let html = super::page(
        &state,
        "appraisals.html",
        context! {
            title => "绩效考核结果", nav => "appraisals",
            q => Serde(&q), rows => Serde(&rows), total, paging,
            measures => Serde(measure_options(&state)),
        },
    )?;
    Ok(html.into_response())
}
