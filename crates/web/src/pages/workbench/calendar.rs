//! `GET /workbench/calendar`: the obligations of the spaces the account may see, by month —
//! overdue ones first and marked, then those falling due in the next twelve months — each with
//! its article and a link to the space; and, for the authority of a measure whose statistics
//! come on its request (新疆 第六条第10项), the form that sends such a request.

use axum::extract::{Query, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use casework::SpaceRecord;
use jiff::ToSpan;
use jiff::civil::Date;
use minijinja::context;
use minijinja::value::Serde;
use policy::Library;
use policy::model::{FilingKind, ObligationKind};
use serde::{Deserialize, Serialize};
use store::AccountRole;
use workflow::lifecycle::{Finding, SpaceStatus, evaluate};

use super::super::form::{self, Echo, Failed};
use super::super::work;
use super::STAFF;
use super::spaces::spaces_in_scope;
use crate::auth::{CurrentUser, MaybeUser};
use crate::error::{AppError, FieldError, FormPairs};
use crate::state::AppState;

/// Months shown ahead.
const MONTHS: i32 = 12;
/// Dues of one obligation followed ahead at most.
const FOLLOW: usize = 24;

/// One obligation on one day.
#[derive(Debug, Clone, Serialize)]
pub(super) struct Due {
    /// The space.
    pub space_id: i64,
    /// Its name.
    pub name: String,
    /// The obligation's label.
    pub label: String,
    /// The last day.
    pub due: Date,
    /// The article.
    pub cite: String,
    /// Passed without the filing.
    pub overdue: bool,
}

/// The obligations of active spaces: overdue on `today`, and due until `horizon` (each periodic
/// obligation followed from one due date to the next).
pub(super) fn dues(
    library: &Library,
    spaces: &[SpaceRecord],
    today: Date,
    horizon: Date,
) -> Vec<Due> {
    let mut out = Vec::new();
    for s in spaces.iter().filter(|s| s.status == SpaceStatus::Active) {
        let Some(m) = library.get(&s.measure) else {
            continue;
        };
        let row = |label: &str, due: Date, cite: &str, overdue: bool| Due {
            space_id: s.id,
            name: s.name.clone(),
            label: label.to_string(),
            due,
            cite: cite.to_string(),
            overdue,
        };
        for f in evaluate(library, m, &s.space, today) {
            match f {
                Finding::Overdue {
                    label, due, cite, ..
                } => out.push(row(&label, due, &cite, true)),
                Finding::Due {
                    obligation,
                    label,
                    due,
                    cite,
                } => {
                    let mut next = Some(due);
                    let mut n = 0;
                    while let Some(d) = next.filter(|d| *d <= horizon && n < FOLLOW) {
                        out.push(row(&label, d, &cite, false));
                        n += 1;
                        next = d.tomorrow().ok().and_then(|t| {
                            evaluate(library, m, &s.space, t)
                                .into_iter()
                                .find_map(|g| match g {
                                    // The same duty's next due date (a request's label
                                    // names its period: another request is its own row).
                                    Finding::Due {
                                        obligation: o,
                                        label: l,
                                        due,
                                        ..
                                    } if o == obligation && l == label && due > d => Some(due),
                                    _ => None,
                                })
                        });
                    }
                }
                // A reported change awaiting review (鞍山 第八条): no period runs, so it stands
                // under today, never overdue, with the day it was reported.
                Finding::ReviewDue {
                    label,
                    reported_on,
                    cite,
                    ..
                } => out.push(row(
                    &format!("{label}（{reported_on} 报告，待审核）"),
                    today,
                    &cite,
                    false,
                )),
                _ => {}
            }
        }
    }
    out.sort_by_key(|d| (d.due, d.space_id));
    out
}

#[derive(Serialize)]
struct Month {
    key: String,
    label: String,
    entries: Vec<Due>,
}

/// A measure whose statistics the authority asks for (新疆 第六条第10项), for the request form.
#[derive(Serialize)]
struct Requestable {
    id: String,
    name: String,
    cite: String,
    quote: String,
    /// What missing a request brings, in the measure's words (its revocation grounds).
    consequence: Vec<String>,
}

/// The measures in the account's scope whose statistics come on the authority's request.
fn requestable(state: &AppState, user: &CurrentUser) -> Vec<Requestable> {
    if user.account.role != AccountRole::Authority {
        return Vec::new();
    }
    super::measures_in_scope(state, user)
        .into_iter()
        .filter_map(|m| {
            let o = m.measure.obligation_for(FilingKind::Statistics)?;
            (o.due == ObligationKind::OnRequest).then(|| Requestable {
                id: m.id().to_string(),
                name: m.measure.measure.short_name.clone(),
                cite: o.cite.to_string(),
                quote: o.quote.clone(),
                consequence: work::missing_brings(m, o),
            })
        })
        .collect()
}

/// The calendar page, with the request form's state.
pub(super) async fn render_calendar(
    state: &AppState,
    user: &CurrentUser,
    failed: Option<Failed<'_>>,
    done: Option<String>,
) -> Result<Response, AppError> {
    let today = work::today(state);
    let horizon = today
        .checked_add(MONTHS.months())
        .map_err(|e| AppError::Unexpected(Box::new(e)))?;
    let spaces = spaces_in_scope(state, user).await?;
    let all = dues(&state.library, &spaces, today, horizon);
    let overdue: Vec<Due> = all.iter().filter(|d| d.overdue).cloned().collect();
    let mut months: Vec<Month> = Vec::new();
    for d in all.into_iter().filter(|d| !d.overdue) {
        let key = format!("{:04}-{:02}", d.due.year(), d.due.month());
        match months.last_mut() {
            Some(m) if m.key == key => m.entries.push(d),
            _ => months.push(Month {
                label: format!("{} 年 {} 月", d.due.year(), d.due.month()),
                key,
                entries: vec![d],
            }),
        }
    }
    let echo = Echo::of(failed.as_ref());
    let html = super::super::page(
        state,
        "workbench_calendar.html",
        context! {
            title => "报送日历", nav => "workbench",
            csrf_token => user.csrf_token.clone().unwrap_or_default(),
            today => today.to_string(), horizon => horizon.to_string(),
            tomorrow => today.tomorrow().map(|d| d.to_string()).unwrap_or_default(),
            overdue => Serde(&overdue), months => Serde(&months),
            requestable => Serde(requestable(state, user)), done,
            sent_requests => Serde(if user.account.role == AccountRole::Authority {
                super::requests_sent::sent_requests(state, &spaces)
            } else {
                Vec::new()
            }),
            form_name => echo.form_name, values => Serde(echo.values),
            errors => Serde(echo.errors),
        },
    )?;
    Ok((echo.status, html).into_response())
}

/// A request just sent, named by the page after it (`?measure=…&period=…`): what it says is read
/// from the spaces' records, not from the address.
#[derive(Debug, Default, Deserialize)]
pub struct Sent {
    measure: Option<String>,
    period: Option<String>,
    /// `true`: the requests of the period were withdrawn, not sent (other text: sent).
    #[serde(default)]
    withdrawn: Option<String>,
}

/// What the requests of `period` under `measure` the account may see say: how many spaces were
/// asked, by when (the last day after the rest-day shift), how many had filed it already.
fn sent_words(
    state: &AppState,
    spaces: &[SpaceRecord],
    measure: &str,
    period: &str,
) -> Option<String> {
    let asked: Vec<&workflow::lifecycle::FilingRequest> =
        super::requests_sent::statistics_requests(spaces, measure, period)
            .filter_map(|rs| rs.max_by_key(|r| r.requested_on))
            .collect();
    let newest = asked.iter().max_by_key(|r| r.requested_on)?;
    let last = state
        .library
        .calendar
        .deadline(newest.deadline)
        .unwrap_or(newest.deadline);
    let mut done = format!(
        "已向 {} 个众创空间发出{}统计数据报送要求，截止 {}（含当日）",
        asked.len(),
        workflow::filings::period_words(period),
        newest.deadline
    );
    if last != newest.deadline {
        done.push_str(&format!("，遇休息日顺延至 {last}"));
    }
    let filed = asked
        .iter()
        .filter(|r| r.answered_on.is_some_and(|d| d <= r.requested_on))
        .count();
    if filed > 0 {
        done.push_str(&format!("；其中 {filed} 个已报送该期"));
    }
    Some(done)
}

/// `GET /workbench/calendar`.
pub async fn calendar(
    State(state): State<AppState>,
    MaybeUser(user): MaybeUser,
    Query(sent): Query<Sent>,
) -> Result<Response, AppError> {
    let Some(user) = user else {
        return Ok(work::to_login("/workbench/calendar"));
    };
    user.require_role(&STAFF)?;
    let done = match (&sent.measure, &sent.period) {
        (Some(m), Some(p)) => {
            let spaces = spaces_in_scope(&state, &user).await?;
            if sent.withdrawn.as_deref() == Some("true") {
                super::requests_sent::withdrawn_words(&spaces, m, p)
            } else {
                sent_words(&state, &spaces, m, p)
            }
        }
        _ => None,
    };
    render_calendar(&state, &user, None, done).await
}

/// The calendar a plain form is sent on to after a request was sent (or `withdrawn`), naming
/// it so that the page reads what was done from the records.
pub(super) fn calendar_after(measure: &str, period: &str, withdrawn: bool) -> String {
    let enc = |t: &str| {
        percent_encoding::utf8_percent_encode(t, percent_encoding::NON_ALPHANUMERIC).to_string()
    };
    format!(
        "/workbench/calendar?{}measure={}&period={}",
        if withdrawn { "withdrawn=true&" } else { "" },
        enc(measure),
        enc(&normal(period))
    )
}

/// A period as the case service keeps it (`2026q4` → `2026Q4`).
pub(super) fn normal(period: &str) -> String {
    workflow::filings::FilingPeriod::parse(period)
        .map_or_else(|_| period.to_string(), |p| p.to_string())
}

/// `POST /workbench/statistics-requests`: `measure`, `period`, `deadline` (the authority).
pub async fn request_statistics(
    State(state): State<AppState>,
    user: CurrentUser,
    headers: HeaderMap,
    FormPairs(pairs): FormPairs,
) -> Result<Response, AppError> {
    user.require_role(&[AccountRole::Authority])?;
    let sent = form::sent(pairs);
    let mut errors = Vec::new();
    let measure = form::first(&sent, "measure");
    let period = form::first(&sent, "period");
    if period.is_empty() {
        errors.push(FieldError {
            field: "period".into(),
            message: "请填写统计期，如 2025H2（下半年）".into(),
        });
    }
    let deadline = form::first(&sent, "deadline");
    let day = work::parse_date(deadline);
    if day.is_none() {
        errors.push(FieldError {
            field: "deadline".into(),
            message: if deadline.is_empty() {
                "请填写报送截止日期".into()
            } else {
                format!("「{deadline}」不是日期，请按 YYYY-MM-DD 填写")
            },
        });
    }
    if let (Some(day), true) = (day, errors.is_empty()) {
        let cw = work::casework(&state)?;
        match cw
            .request_filing(
                user.account.id,
                measure,
                FilingKind::Statistics,
                period,
                day,
                work::today(&state),
            )
            .await
        {
            Ok(_) => {
                // htmx swaps the page in place; a plain form is sent on to the page (a reload
                // then sends nothing again).
                if crate::pages::is_htmx(&headers) {
                    let spaces = spaces_in_scope(&state, &user).await?;
                    let done = sent_words(&state, &spaces, measure, &normal(period));
                    return render_calendar(&state, &user, None, done).await;
                }
                return Ok(
                    axum::response::Redirect::to(&calendar_after(measure, period, false))
                        .into_response(),
                );
            }
            Err(casework::CaseworkError::Request(e)) => errors.push(FieldError {
                field: e.field().into(),
                message: e.to_string(),
            }),
            Err(e) => errors.extend(work::refused(e, "measure")?),
        }
    }
    render_calendar(
        &state,
        &user,
        Some(Failed {
            form: "request",
            sent: &sent,
            errors,
        }),
        None,
    )
    .await
}
