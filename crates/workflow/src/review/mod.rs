//! Expert review and public notice objections.

mod conflict;
mod experts;
mod objections;

pub use conflict::{Conflict, ConflictKind, Severity, assess};
pub use experts::{Assignment, assign, score};
pub use objections::{Objection, ObjectionTarget, Ruling, object, rule};
