//! The eligibility engine: a profile against a measure, every condition explained.

mod advice;
mod decision;
mod evaluate;
mod json;
pub mod render;
mod report;
mod sentence;
mod verdict;
mod words;

pub use advice::{Advice, Change};
pub use decision::{Decision, Engine, decide, decide_into};
pub use evaluate::{Finding, Node, Plan, Status};
pub use json::{JsonScratch, check_json};
pub use report::{
    BranchResult, ConditionResult, EligibilityReport, MissingFact, PendingReview, Receipt, SCHEMA,
};
pub use sentence::{BranchOutcome, Outcome, Values};
pub use verdict::{BanInfo, ExclusionInfo, Gates, LateInfo, Verdict};

use policy::{Library, LoadedMeasure};

use crate::profile::Profile;

/// Checks a profile against a measure: the verdict, every condition's result, and, when the
/// profile is ineligible, the smallest changes that would make it eligible.
///
/// The report is written from one [`decide`]: its sentences state the findings that decided it.
pub fn check(library: &Library, measure: &LoadedMeasure, profile: &Profile) -> EligibilityReport {
    explain(
        library,
        measure,
        profile,
        &decide(library, measure, profile),
    )
}

/// The full report of a decision already made for this profile under this measure (its
/// sentences written from the decision's findings), with the way to eligible when ineligible.
pub fn explain(
    library: &Library,
    measure: &LoadedMeasure,
    profile: &Profile,
    decision: &Decision,
) -> EligibilityReport {
    let mut report = report::explain(library, measure, profile, decision);
    if report.verdict == Verdict::Ineligible {
        report.way_to_eligible = advice::way_to_eligible(library, measure, profile);
    }
    report
}
