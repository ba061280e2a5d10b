//! Statistics filing for a recognised space (`policies/forms/statistics.toml`).

use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use minijinja::context;
use minijinja::value::Serde;
use policy::model::{FilingKind, Obligation};
use serde::Serialize;
use store::AccountRole;
use workflow::filings::{Cadence, FieldType, FilingForm, FilingPeriod};
use workflow::lifecycle::{Finding, evaluate};

use super::{Applicant, own_space};
use crate::auth::MaybeUser;
use crate::error::{AppError, FieldError, FormPairs};
use crate::pages::form::{self, Sent};
use crate::pages::work;
use crate::state::AppState;

#[derive(Serialize)]
struct StatField {
    name: String,
    id: String,
    label: String,
    unit: String,
    integer: bool,
    required: bool,
    value: String,
    error: Option<String>,
}

fn statistics_fields(state: &AppState, sent: &Sent, errors: &[FieldError]) -> Vec<StatField> {
    let Some(text) = state.library.file("forms/statistics.toml") else {
        return Vec::new();
    };
    let Ok(form) = FilingForm::from_toml(text) else {
        return Vec::new();
    };
    let err = work::errors_map(errors);
    form.fields
        .into_iter()
        .map(|f| StatField {
            id: form::element_id(&f.id),
            value: form::first(sent, &f.id).to_string(),
            error: err.get(&f.id).cloned(),
            label: f.label,
            unit: f.unit,
            integer: f.ty == FieldType::Integer,
            required: f.required,
            name: f.id,
        })
        .collect()
}

/// A period the filer may pick, and whether it has been filed.
#[derive(Serialize)]
struct PeriodChoice {
    value: String,
    label: String,
    filed: bool,
}

/// The periods of the measure's statistics cadence from recognition to today, newest first
/// (none yet for a space recognised on a later day, which only the demo clock allows); `None`
/// where the measure sets no even cadence (新疆 第六条第10项: 按照自治区科技厅的要求), and the
/// filer writes the period the request names.
fn period_choices(
    state: &AppState,
    space: &casework::SpaceRecord,
    filed: &[String],
    today: jiff::civil::Date,
) -> Option<Vec<PeriodChoice>> {
    let cadence = statistics_duty(state, &space.measure).and_then(|o| Cadence::of_due(&o.due))?;
    let choices = FilingPeriod::between(cadence, space.space.recognised_on, today)
        .into_iter()
        .map(|p| {
            let value = p.to_string();
            PeriodChoice {
                filed: filed.contains(&value),
                label: p.label(),
                value,
            }
        })
        .collect();
    Some(choices)
}

/// The measure's statistics obligation, where it has one.
fn statistics_duty<'a>(state: &'a AppState, measure: &str) -> Option<&'a Obligation> {
    state
        .library
        .get(measure)?
        .measure
        .obligation_for(FilingKind::Statistics)
}

async fn statistics_render(
    state: &AppState,
    user: &crate::auth::CurrentUser,
    space: &casework::SpaceRecord,
    sent: &Sent,
    errors: &[FieldError],
    receipt: Option<serde_json::Value>,
    status: StatusCode,
) -> Result<Response, AppError> {
    let today = work::today(state);
    let filed: Vec<String> = work::casework(state)?
        .filings_of(space.id)
        .await
        .map_err(|e| work::cw_error(e, "space"))?
        .into_iter()
        .filter(|f| f.kind == FilingKind::Statistics.code())
        .map(|f| f.period)
        .collect();
    let cadence = period_choices(state, space, &filed, today);
    let choices = cadence.as_deref().unwrap_or_default();
    // The authority's requests not yet answered (新疆 第六条第10项), oldest deadline first.
    let mut open: Vec<&workflow::lifecycle::FilingRequest> = space
        .space
        .requests
        .iter()
        .filter(|r| r.kind == FilingKind::Statistics && r.is_open())
        .collect();
    open.sort_by_key(|r| r.deadline);
    let requests: Vec<minijinja::Value> = open
        .iter()
        .map(|r| {
            context! {
                period => work::filing_period(FilingKind::Statistics.code(), &r.period),
                deadline => state.library.calendar.deadline(r.deadline).unwrap_or(r.deadline).to_string(),
                asked => r.deadline.to_string(),
                requested_on => r.requested_on.to_string(),
            }
        })
        .collect();
    // What was sent, else the newest period not yet filed, else the newest; without a
    // cadence, the period of the oldest request open.
    let period = match form::first(sent, "period") {
        "" => choices
            .iter()
            .find(|c| !c.filed)
            .or(choices.first())
            .map(|c| c.value.clone())
            .or_else(|| open.first().map(|r| r.period.clone()))
            .unwrap_or_default(),
        sent => sent.to_string(),
    };
    // Each period once, though filed again, newest period first (a period whose text no
    // longer reads goes last, as kept).
    let mut periods: Vec<(Option<FilingPeriod>, &String)> = filed
        .iter()
        .map(|p| (FilingPeriod::parse(p).ok(), p))
        .collect();
    periods.sort_by_key(|(p, _)| std::cmp::Reverse(p.map(FilingPeriod::first_day)));
    let mut filed_labels: Vec<String> = Vec::new();
    for (_, p) in periods {
        let label = work::filing_period(FilingKind::Statistics.code(), p);
        if !filed_labels.contains(&label) {
            filed_labels.push(label);
        }
    }
    let measure = state.library.get(&space.measure);
    let duty = statistics_duty(state, &space.measure).map(|o| {
        // When it is next due, as the lifecycle engine counts it (内蒙古: from recognition).
        let due = measure.and_then(|m| {
            evaluate(&state.library, m, &space.space, today)
                .into_iter()
                .filter_map(|f| match f {
                    Finding::Due {
                        obligation, due, ..
                    } if obligation == o.id => Some(due),
                    _ => None,
                })
                .min()
                .map(|d| d.to_string())
        });
        let to = measure
            .and_then(|m| m.measure.role(&o.report_to))
            .map_or_else(|| o.report_to.clone(), |r| r.label.clone());
        let brings = measure
            .map(|m| work::missing_brings(m, o))
            .unwrap_or_default();
        context! { label => o.label.clone(), cite => o.cite.to_string(), quote => o.quote.clone(),
        due, to, brings }
    });
    let html = crate::pages::page(
        state,
        "portal_statistics.html",
        context! {
            title => "统计数据上报", nav => "portal",
            csrf_token => user.csrf_token.clone().unwrap_or_default(),
            space => context! { id => space.id, name => space.name.clone(),
                measure_name => work::short_name(state, &space.measure),
                filed => filed_labels },
            duty, requests,
            cadence => cadence.is_some(), choices => Serde(choices),
            recognised_on => space.space.recognised_on.to_string(),
            act => measure.map_or("认定（备案）", |m| m.measure.measure.kind.label()),
            fields => Serde(statistics_fields(state, sent, errors)),
            period, period_error => work::errors_map(errors).get("period").cloned(),
            general => work::errors_map(errors).get("general").cloned(),
            receipt => receipt.map(Serde),
        },
    )?;
    Ok((status, html).into_response())
}

/// A statistics filing as the page's receipt: its number, period in words, the jumps to check
/// and the filing it corrects.
fn receipt_of(f: &casework::FilingEntry) -> serde_json::Value {
    serde_json::json!({
        "id": f.id,
        "period": work::filing_period(&f.kind, &f.period),
        "flags": f.flags,
        "corrects": f.corrects,
    })
}

/// The filing just made, named by the page after a plain form's post (`?filed=…`).
#[derive(Debug, Default, serde::Deserialize)]
pub struct Filed {
    filed: Option<i64>,
}

/// `GET /portal/spaces/{id}/statistics`.
pub async fn statistics_page(
    State(state): State<AppState>,
    MaybeUser(user): MaybeUser,
    Path(id): Path<i64>,
    Query(filed): Query<Filed>,
) -> Result<Response, AppError> {
    let Some(user) = user else {
        return Ok(work::to_login(&format!("/portal/spaces/{id}/statistics")));
    };
    user.require_role(&[AccountRole::Applicant])?;
    let s = own_space(&state, &user, id).await?;
    // Only this space's statistics are shown as a receipt (another number shows nothing).
    let receipt = match filed.filed {
        Some(n) => work::casework(&state)?
            .filing_of(id, n)
            .await
            .ok()
            .filter(|f| f.kind == FilingKind::Statistics.code())
            .map(|f| receipt_of(&f)),
        None => None,
    };
    statistics_render(
        &state,
        &user,
        &s,
        &Sent::new(),
        &[],
        receipt,
        StatusCode::OK,
    )
    .await
}

/// `POST /portal/spaces/{id}/statistics`.
pub async fn statistics_submit(
    State(state): State<AppState>,
    user: Applicant,
    headers: HeaderMap,
    Path(id): Path<i64>,
    FormPairs(pairs): FormPairs,
) -> Result<Response, AppError> {
    let s = own_space(&state, &user, id).await?;
    let sent = form::sent(pairs);
    let mut errors = Vec::new();
    let mut values = workflow::filings::Filing::new();
    for f in statistics_fields(&state, &sent, &[]) {
        let v = form::first(&sent, &f.name);
        if v.is_empty() {
            continue;
        }
        match v.parse::<rust_decimal::Decimal>() {
            Ok(d) => {
                values.insert(f.name.clone(), d);
            }
            Err(_) => errors.push(FieldError {
                field: f.name.clone(),
                message: format!("「{v}」不是数字，请填写阿拉伯数字"),
            }),
        }
    }
    // The period read and placed in time as casework does, so that its error shows beside the
    // numbers' (casework is asked only once every number reads).
    let period = form::first(&sent, "period");
    if !errors.is_empty()
        && let Err(message) = casework::statistics_period(
            period,
            statistics_duty(&state, &s.measure).and_then(|o| Cadence::of_due(&o.due)),
            s.space.recognised_on,
            work::today(&state),
        )
    {
        errors.insert(
            0,
            FieldError {
                field: "period".into(),
                message,
            },
        );
    }
    if errors.is_empty() {
        let cw = work::casework(&state)?;
        match cw
            .file_statistics(id, user.account.id, period, &values, work::today(&state))
            .await
        {
            // htmx swaps the page in place; a plain form is sent on to the page with the
            // filing named, so that a reload files nothing again.
            Ok(receipt) if crate::pages::is_htmx(&headers) => {
                let s = cw.space(id).await.map_err(|e| work::cw_error(e, "space"))?;
                let f = cw
                    .filing_of(id, receipt.id)
                    .await
                    .map_err(|e| work::cw_error(e, "space"))?;
                return statistics_render(
                    &state,
                    &user,
                    &s,
                    &Sent::new(),
                    &[],
                    Some(receipt_of(&f)),
                    StatusCode::OK,
                )
                .await;
            }
            Ok(receipt) => {
                return Ok(axum::response::Redirect::to(&format!(
                    "/portal/spaces/{id}/statistics?filed={}",
                    receipt.id
                ))
                .into_response());
            }
            Err(casework::CaseworkError::FilingRefused { errors: fe }) => {
                errors.extend(fe.into_iter().map(|e| FieldError {
                    field: e.field,
                    message: e.message,
                }));
            }
            Err(e) => errors.extend(work::refused(e, "general")?),
        }
    }
    statistics_render(
        &state,
        &user,
        &s,
        &sent,
        &errors,
        None,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await
}
