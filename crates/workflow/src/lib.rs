//! The workflow engine over the policy model. Pure: no IO, no database, no clock of its own
//! (the caller passes the date), so every deadline test is deterministic.
//!
//! - [`case`]: an application moved through its measure's procedure: who may act at each
//!   stage, what moves it on, what returns or rejects it, and the checks at submission (the
//!   call's deadline, one round a year, bans, required materials).
//! - [`review`]: expert assignment with conflict-of-interest records, and public notice
//!   objections with their rulings.
//! - [`lifecycle`]: a recognised space evaluated against a date: obligations due and overdue,
//!   appraisal consequences, validity expiry and the grounds for revocation.
//!
//! Every decision cites the policy element (and so the article) it follows.

pub mod actor;
pub mod case;
pub mod error;
pub mod filings;
pub mod lifecycle;
pub mod review;

pub use actor::{Actor, ActorId, OrgId};
pub use error::WorkflowError;
