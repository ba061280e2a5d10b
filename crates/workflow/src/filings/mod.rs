//! Filings of a recognised space (statistics): validated against the form's field rules before
//! review, and flagged where they jump implausibly from the previous filing.

mod form;
mod period;
mod validate;

pub use form::{Check, Field, FieldType, FilingForm, FormError};
pub use period::{Cadence, FilingPeriod, period_words};
pub use validate::{Filing, FilingError, FilingReport, JumpFlag, validate};
