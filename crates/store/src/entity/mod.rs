//! The sea-orm entities: one file per table, the same for SQLite and PostgreSQL.
//!
//! Times are `chrono` UTC values here only; the public API converts them to `jiff` at this
//! boundary ([`crate::time`]).

pub mod account;
pub mod account_role;
pub mod api_token;
pub mod appraisal;
pub mod appraisal_handin;
pub mod appraisal_round;
pub mod attachment;
pub mod audit_entry;
pub mod audit_head;
pub mod call;
pub mod case;
pub mod case_expert;
pub mod credential;
pub mod expert_conflict;
pub mod filing;
pub mod finding;
pub mod fraud_finding;
pub mod organisation;
pub mod session;
pub mod space;
pub mod subsidy;
