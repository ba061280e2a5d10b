//! Legal reading shared by every measure: citations, statutory terms (以上、不满…), periods
//! counted under 民法典 第二百零一至二百零四条, the holiday calendar, and the names of the
//! administrative divisions (for display), and the 统一社会信用代码's check (GB 32100-2015).

mod calendar;
mod citation;
pub mod credit_code;
mod period;
mod regions;
mod terms;
pub mod toml_date;

pub use calendar::{Calendar, CalendarError, CalendarFile};
pub use citation::{Citation, CitationError};
pub use period::Period;
pub use regions::RegionNames;
pub use terms::{Comparison, StatutoryTerms, Term, TermDefinition};
