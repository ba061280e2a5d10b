//! Legal reading shared by every measure: citations, statutory terms (以上、不满…), periods
//! counted under 民法典 第二百零一至二百零四条, and the holiday calendar.

mod calendar;
mod citation;
mod period;
mod terms;
pub mod toml_date;

pub use calendar::{Calendar, CalendarError, CalendarFile};
pub use citation::{Citation, CitationError};
pub use period::Period;
pub use terms::{Comparison, StatutoryTerms, Term, TermDefinition};
