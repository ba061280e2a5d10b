//! What the signed-in pages share: the case service from the state, who may see a case, a case
//! as the templates show it (facts, materials, steps, history), errors of the service as page
//! errors, redirects that work with and without htmx.
//!
//! - `service`: the service, today, its errors as page errors, redirects and the sign-in page.
//! - `labels`: a measure's words (short name, jurisdiction, stages, a case's state).
//! - `access`: who may see a case. `names`: organisation names.
//! - `views` + `case_view`: a case as the templates show it; `facts` and `history` its parts.
//! - `eligibility`: the eligibility panel. `form_errors`: errors of forms, dates as typed.
//! - `file`: a case's attachment. `paging`: lists a page at a time, and their pager.

mod access;
mod case_view;
mod eligibility;
mod fact_inputs;
mod facts;
mod file;
mod filing;
mod findings;
mod form_errors;
pub mod history;
mod labels;
mod names;
mod paging;
mod service;
mod views;

pub use access::{area_contains, may_see, may_see_space, visible_case};
pub use case_view::case_view;
pub use eligibility::{eligibility, eligibility_html, escape};
pub use fact_inputs::{FactInput, Rows, fact_inputs, typed_facts};
pub use facts::{facts_view, value_text};
pub use file::{download, file};
pub use filing::{ChangeRow, FactLine, FilingPlace, FilingRow, filing_page, space_changes};
pub use findings::{FindingView, finding_view};
pub use form_errors::{as_field_errors, errors_map, parse_date, refused};
pub use history::history;
pub use labels::{
    filing_label, filing_period, grade_label, jurisdiction, missing_brings, short_name,
    stage_label, stage_role_kind, state_class, state_label,
};
pub use names::{Names, org_name};
pub use paging::Paging;
pub use service::{casework, cw_error, redirect, to_login, today};
pub use views::{
    CaseView, ExpertView, FactView, FileView, HistoryView, MaterialView, ObjectionView,
    PolicyChange, StepView,
};
