//! The system of record: organisations, accounts, attachments and the audited, hash-chained
//! event log, on SQLite (default, one file under the data folder) or PostgreSQL, from one
//! sea-orm entity and migration source.
//!
//! - [`Store`]: opened from a [`StoreConfig`] (URL or data folder), migrated on open.
//! - [`Tx`]: a write transaction; [`Tx::audit`] appends to the chain in it, so a state change
//!   and its audit entry commit together or not at all.
//! - [`audit`]: the chain (SM3, GB/T 32905) and [`audit::verify`].
//! - [`version`]: optimistic concurrency ([`StoreError::Conflict`] on a stale version).
//! - [`organisation`], [`account`], [`attachment`]: repository functions.
//! - [`credential`] (passwords and lockout), [`session`] (browser sessions), [`api_token`]
//!   (bearer tokens for systems): access, stored as hashes only.
//! - [`credit_code`]: GB 32100-2015 validation, pure.
//!
//! Times cross this crate's API as `jiff::Timestamp`; `chrono` is used only for the columns.

pub mod account;
pub mod api_token;
pub mod attachment;
pub mod audit;
mod backup;
mod by_key;
pub mod case_queue_columns;
pub mod case_records;
mod changes;
pub mod config;
pub mod credential;
/// 统一社会信用代码 (GB 32100-2015), kept with the law in `policy` (the profile reader checks it
/// too) and named here as the store's organisations use it.
pub use policy::law::credit_code;
pub mod entity;
pub mod error;
pub mod expert_index;
mod group_commit;
pub mod migration;
mod one_trip;
pub mod organisation;
pub mod region_code;
pub mod session;
mod store;
pub mod time;
mod tx;
pub mod version;

pub use account::{Account, AccountRole, NewAccount};
pub use attachment::{Attachment, AttachmentError, MediaType};
pub use audit::{Actor, ActorKind, AuditRecord, ChainBreak, ChainReport, NewAuditEntry};
pub use backup::BackupMethod;
pub use by_key::by_key;
pub use config::{AttachmentLimits, StoreConfig};
pub use credit_code::{CreditCode, CreditCodeError};
pub use error::{Result, StoreError};
pub use organisation::{NewOrganisation, Organisation};
pub use store::{Backend, Clock, Store};

/// Rows per multi-row insert or update, or per `IN` list: well under the bound-parameter limits
/// of SQLite (32,766) and PostgreSQL (65,535) for tables of a few dozen columns.
pub const ROWS_PER_STATEMENT: usize = 500;
pub use tx::{Tx, TxFuture};

/// Re-exported so callers (the workflow's persistence) use the same sea-orm.
pub use sea_orm;
