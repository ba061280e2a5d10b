//! The workbench of recommending units and the authority (`/workbench`): queues by stage with
//! deadlines and overdue markers; a case page with the facts, materials, the eligibility verdict
//! rule by rule and the history; the actions of the current stage (complete with a note, return
//! or reject with a reason, publish the notice with a period, decide with a document number),
//! expert assignment with conflict warnings, objection rulings.
//!
//! Oversight of recognised spaces: a space's page (record, obligations, findings, filings,
//! appraisals with their breakdown, subsidies, changes, audit), appraisal runs, rectification,
//! discretionary revocation, fraud findings and bans, the obligations calendar and charts.
//!
//! - `queue`: the queues by stage, and one stage's whole queue. `case`: the case page.
//!   `actions`: the case actions.
//! - `spaces`: who sees a space, the space page. `filing`: one filing as filed. `appraisals`: appraisal runs and the yearly list.
//! - `appraisal_rounds`: appraisal rounds, the spaces' hand-ins of materials, false findings.
//! - `sanctions`: rectification, revocation, fraud findings and bans.
//! - `records`: the authority's records of a blacklisting or a recognition as another carrier.
//! - `calendar`: obligations by month; `requests_sent`: the statistics requests sent, and
//!   their withdrawal. `charts` (with `svg`): the pictures and their tables.

mod actions;
mod appraisal_rounds;
mod appraisals;
mod calendar;
mod case;
mod change_forwarding;
mod change_review;
mod charts;
mod filing;
mod inspection;
mod queue;
mod records;
mod requests_sent;
mod sanctions;
mod spaces;
mod svg;

pub use actions::{act, assign, rule};
pub use appraisal_rounds::{mark_false, open as open_round, round, rounds};
pub use appraisals::{appraisal_page, appraisal_submit, appraisals};
pub use calendar::{calendar, request_statistics};
pub use case::case_page;
pub use change_forwarding::forward_change;
pub use change_review::review_change;
pub use charts::charts;
pub use filing::filing_page;
pub use inspection::record as record_inspection;
pub use queue::{home, stage_page};
pub use records::{blacklisting_submit, evidence, scope_exit_submit};
pub use requests_sent::withdraw_statistics;
pub use sanctions::{fraud_submit, revoke, sanctions};
pub use spaces::space_page;

use policy::LoadedMeasure;
use policy::model::RoleKind;
use store::AccountRole;

use super::work;
use crate::auth::CurrentUser;
use crate::state::AppState;

pub(super) const STAFF: [AccountRole; 3] = [
    AccountRole::RecommendingUnit,
    AccountRole::Authority,
    AccountRole::Admin,
];

/// The measures whose cases the account works on.
pub(super) fn measures_in_scope<'a>(
    state: &'a AppState,
    user: &CurrentUser,
) -> Vec<&'a LoadedMeasure> {
    let area = user.account.region_code.as_deref();
    state
        .library
        .measures()
        .iter()
        .filter(|m| match user.account.role {
            AccountRole::Admin => true,
            // A system-wide authority (no area) covers every measure (`authority_covers`).
            AccountRole::Authority if area.is_none() => true,
            _ => {
                let j = work::jurisdiction(m);
                area == Some(j) || area.is_some_and(|a| work::area_contains(Some(j), a))
            }
        })
        .collect()
}

/// Whether the account's kind performs a stage (an expert stage is run by the authority).
pub(super) fn performs(user: &CurrentUser, role: RoleKind) -> bool {
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
