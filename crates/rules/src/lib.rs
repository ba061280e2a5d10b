//! The rules engines over the policy model.
//!
//! - [`profile`]: a space profile (facts as of a date, history, application, reviewer
//!   judgements), read from TOML or JSON and checked against the fact dictionary.
//! - [`eligibility`]: a profile against a measure: every condition's result with the fact
//!   values, requirement, article, quoted text and a plain Chinese sentence; the verdict; and the
//!   smallest changes that would make an ineligible profile eligible.
//!
//! Architecture invariant: no number of any measure appears here; every threshold, period and
//! word of comparison is read from the policy and the statutory terms table.

pub mod appraisal;
pub mod eligibility;
mod json_input;
mod json_output;
mod text;

pub use json_input::FieldError;
pub mod profile;
