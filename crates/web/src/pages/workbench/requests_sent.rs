//! The statistics requests the authority has sent (新疆 第六条第10项: 按照自治区科技厅的要求上报统计
//! 数据), as the calendar lists them: one line a request (measure, period, day sent, deadline)
//! with how many spaces answered, still owe or had it withdrawn; and `POST
//! /workbench/statistics-requests/withdrawal`, which withdraws the open ones of a period (a
//! request sent in error, or to be sent again with another deadline), with its reason.

use std::collections::BTreeMap;

use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use casework::SpaceRecord;
use jiff::civil::Date;
use policy::model::FilingKind;
use serde::Serialize;
use store::AccountRole;

use super::super::form::{self, Failed};
use super::super::work;
use super::calendar::render_calendar;
use super::spaces::spaces_in_scope;
use crate::auth::CurrentUser;
use crate::error::{AppError, FieldError, FormPairs};
use crate::state::AppState;

/// One request sent, over the spaces the account may see.
#[derive(Debug, Serialize)]
pub(super) struct SentRequest {
    /// The measure's id and short name.
    measure: String,
    measure_name: String,
    /// The period as kept (`2025H2`) and in words.
    period: String,
    period_words: String,
    requested_on: Date,
    deadline: Date,
    /// The last day after the rest-day shift (民法典 第二百零三条).
    last_day: Date,
    /// The latest withdrawal: its day and reason.
    withdrawal: Option<String>,
    /// Spaces that filed the period.
    answered: usize,
    /// Spaces that still owe it.
    open: usize,
    /// Spaces whose request was withdrawn.
    withdrawn: usize,
    /// The form's name, for its errors (`withdraw-<measure>-<period>`).
    form: String,
}

/// The statistics requests sent to `spaces`, newest first.
pub(super) fn sent_requests(state: &AppState, spaces: &[SpaceRecord]) -> Vec<SentRequest> {
    let mut lines: BTreeMap<(Date, String, String, Date), SentRequest> = BTreeMap::new();
    for s in spaces {
        for r in s
            .space
            .requests
            .iter()
            .filter(|r| r.kind == FilingKind::Statistics)
        {
            let key = (
                r.requested_on,
                s.measure.clone(),
                r.period.clone(),
                r.deadline,
            );
            let line = lines.entry(key).or_insert_with(|| SentRequest {
                measure: s.measure.clone(),
                measure_name: work::short_name(state, &s.measure),
                period: r.period.clone(),
                period_words: workflow::filings::period_words(&r.period),
                requested_on: r.requested_on,
                deadline: r.deadline,
                last_day: state
                    .library
                    .calendar
                    .deadline(r.deadline)
                    .unwrap_or(r.deadline),
                withdrawal: None,
                answered: 0,
                open: 0,
                withdrawn: 0,
                form: form_name(&s.measure, &r.period),
            });
            match (&r.withdrawn, r.answered_on) {
                (Some(w), _) => {
                    line.withdrawn += 1;
                    line.withdrawal = Some(format!("{} 撤回：{}", w.on, w.reason));
                }
                (None, Some(_)) => line.answered += 1,
                (None, None) => line.open += 1,
            }
        }
    }
    lines.into_values().rev().collect()
}

/// The statistics requests of `period` each space of `measure` holds, space by space (sent,
/// answered or withdrawn).
pub(super) fn statistics_requests<'a>(
    spaces: &'a [SpaceRecord],
    measure: &'a str,
    period: &'a str,
) -> impl Iterator<Item = impl Iterator<Item = &'a workflow::lifecycle::FilingRequest>> {
    spaces
        .iter()
        .filter(move |s| s.measure == measure)
        .map(move |s| {
            s.space
                .requests
                .iter()
                .filter(move |r| r.kind == FilingKind::Statistics && r.period == period)
        })
}

fn form_name(measure: &str, period: &str) -> String {
    format!("withdraw-{measure}-{period}")
}

/// What the withdrawal of `period`'s requests under `measure` did, read from the spaces'
/// records (the same after a reload or a plain form's redirect).
pub(super) fn withdrawn_words(
    spaces: &[SpaceRecord],
    measure: &str,
    period: &str,
) -> Option<String> {
    let withdrawn: Vec<&workflow::lifecycle::Withdrawal> =
        statistics_requests(spaces, measure, period)
            .filter_map(|rs| rs.filter_map(|r| r.withdrawn.as_ref()).max_by_key(|w| w.on))
            .collect();
    let newest = withdrawn.iter().max_by_key(|w| w.on)?;
    let count = withdrawn.iter().filter(|w| w.on == newest.on).count();
    Some(format!(
        "已于 {} 撤回 {count} 个众创空间尚未报送的{}统计数据报送要求（{}）；如需报送，请另定截止日期重新发出",
        newest.on,
        workflow::filings::period_words(period),
        newest.reason
    ))
}

/// `POST /workbench/statistics-requests/withdrawal`: `measure`, `period`, `reason` (the
/// authority).
pub async fn withdraw_statistics(
    State(state): State<AppState>,
    user: CurrentUser,
    headers: HeaderMap,
    FormPairs(pairs): FormPairs,
) -> Result<Response, AppError> {
    user.require_role(&[AccountRole::Authority])?;
    let sent = form::sent(pairs);
    let measure = form::first(&sent, "measure");
    let period = form::first(&sent, "period");
    let reason = form::first(&sent, "reason");
    let mut errors = Vec::new();
    let cw = work::casework(&state)?;
    match cw
        .withdraw_request(
            user.account.id,
            measure,
            FilingKind::Statistics,
            period,
            reason,
            work::today(&state),
        )
        .await
    {
        Ok(_) if crate::pages::is_htmx(&headers) => {
            let spaces = spaces_in_scope(&state, &user).await?;
            let done = withdrawn_words(&spaces, measure, &super::calendar::normal(period));
            return render_calendar(&state, &user, None, done).await;
        }
        Ok(_) => {
            let to = super::calendar::calendar_after(measure, period, true);
            return Ok(axum::response::Redirect::to(&to).into_response());
        }
        Err(casework::CaseworkError::Request(e)) => errors.push(FieldError {
            field: if e.field() == "reason" {
                "reason".into()
            } else {
                "general".into()
            },
            message: e.to_string(),
        }),
        Err(e) => errors.extend(work::refused(e, "general")?),
    }
    // A reason missing goes beside its line's field; anything else (nothing open, a period or
    // measure that is not there) above the list, where it is seen whatever the list shows.
    let name = if errors.iter().all(|e| e.field == "reason") {
        form_name(measure, period)
    } else {
        "withdraw".to_string()
    };
    render_calendar(
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
