//! `GET /workbench/calendar`: the obligations of the spaces the account may see, by month —
//! overdue ones first and marked, then those falling due in the next twelve months — each with
//! its article and a link to the space.

use axum::extract::State;
use axum::response::{IntoResponse, Response};
use casework::SpaceRecord;
use jiff::ToSpan;
use jiff::civil::Date;
use minijinja::context;
use minijinja::value::Serde;
use policy::Library;
use serde::Serialize;
use workflow::lifecycle::{Finding, SpaceStatus, evaluate};

use super::super::work;
use super::STAFF;
use super::spaces::spaces_in_scope;
use crate::auth::MaybeUser;
use crate::error::AppError;
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
                                    Finding::Due {
                                        obligation: o, due, ..
                                    } if o == obligation && due > d => Some(due),
                                    _ => None,
                                })
                        });
                    }
                }
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

/// `GET /workbench/calendar`.
pub async fn calendar(
    State(state): State<AppState>,
    MaybeUser(user): MaybeUser,
) -> Result<Response, AppError> {
    let Some(user) = user else {
        return Ok(work::to_login("/workbench/calendar"));
    };
    user.require_role(&STAFF)?;
    let today = work::today(&state);
    let horizon = today
        .checked_add(MONTHS.months())
        .map_err(|e| AppError::Unexpected(Box::new(e)))?;
    let spaces = spaces_in_scope(&state, &user).await?;
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
    let html = super::super::page(
        &state,
        "workbench_calendar.html",
        context! {
            title => "报送日历", nav => "workbench",
            today => today.to_string(), horizon => horizon.to_string(),
            overdue => Serde(&overdue), months => Serde(&months),
        },
    )?;
    Ok(html.into_response())
}
