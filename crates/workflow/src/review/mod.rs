//! Expert review, site inspection records and public notice objections.

mod conflict;
mod experts;
mod inspection;
mod objections;

pub use conflict::{Conflict, ConflictKind, Severity, assess};
pub use experts::{Assignment, assign, score};
pub use inspection::{
    ChangedCondition, Inspection, MeasuredOnSite, Measurement, NewInspection, Recheck,
    inspected_since, record as record_inspection,
};
pub use objections::{Objection, ObjectionTarget, Ruling, object, rule};
