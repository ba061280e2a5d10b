//! The sea-orm entities: one file per table, the same for SQLite and PostgreSQL.
//!
//! Times are `chrono` UTC values here only; the public API converts them to `jiff` at this
//! boundary ([`crate::time`]).

pub mod account;
pub mod attachment;
pub mod audit_entry;
pub mod audit_head;
pub mod organisation;
