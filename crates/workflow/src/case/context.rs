//! What the engine needs to know beyond the case: the measure, the calendar, the date, and the
//! records the caller looked up (the applicant's other cases, fraud findings).

use jiff::civil::Date;
use policy::model::Call;
use policy::{Library, LoadedMeasure};

use super::CaseId;

/// The context of one action.
#[derive(Debug, Clone, Copy)]
pub struct Context<'a> {
    /// The library (calendar, dictionary).
    pub library: &'a Library,
    /// The measure the case is judged under.
    pub measure: &'a LoadedMeasure,
    /// The day of the action.
    pub on: Date,
    /// Calls opened by the authority in the system, besides those in the policy.
    pub extra_calls: &'a [Call],
    /// The applicant's other cases under the same measure with their submission dates.
    pub other_submissions: &'a [(CaseId, Date)],
    /// Fraud findings against the applicant.
    pub fraud_findings: &'a [Date],
}
