//! The life of a recognised space, evaluated against a date: what is due, what is overdue, what
//! the measure says follows from it. The caller (a daily tick) records the findings.

mod finding;
mod obligations;
mod sanctions;
mod space;

pub use finding::Finding;
pub use space::{
    AppraisalRecord, ChangeRecord, ChangeReview, FilingRequest, Forwarded, OfficialRecord, Space,
    SpaceStatus, Withdrawal,
};

use jiff::civil::Date;
use policy::{Library, LoadedMeasure};

/// Everything that holds for `space` on `today` under its measure.
pub fn evaluate(
    library: &Library,
    measure: &LoadedMeasure,
    space: &Space,
    today: Date,
) -> Vec<Finding> {
    if space.status != SpaceStatus::Active {
        return Vec::new();
    }
    let mut out = Vec::new();
    sanctions::check(library, measure, space, today, &mut out);
    obligations::check(library, measure, space, today, &mut out);
    out
}
