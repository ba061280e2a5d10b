//! The eligibility engine: a profile against a measure, every condition explained.

mod advice;
mod evaluate;
pub mod render;
mod report;
mod verdict;

pub use advice::{Advice, Change};
pub use evaluate::{Outcome, Status};
pub use report::{
    BranchResult, ConditionResult, EligibilityReport, MissingFact, PendingReview, Receipt, SCHEMA,
};
pub use verdict::{BanInfo, ExclusionInfo, LateInfo, Verdict};

use policy::{Library, LoadedMeasure};

use crate::profile::Profile;

/// Checks a profile against a measure: the verdict, every condition's result, and, when the
/// profile is ineligible, the smallest changes that would make it eligible.
pub fn check(library: &Library, measure: &LoadedMeasure, profile: &Profile) -> EligibilityReport {
    let mut report = report::assess(library, measure, profile);
    if report.verdict == Verdict::Ineligible {
        report.way_to_eligible = advice::way_to_eligible(library, measure, profile);
    }
    report
}
