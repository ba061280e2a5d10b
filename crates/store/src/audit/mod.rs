//! The audit trail: every state change appended with who, when, what, why, before and after,
//! in a hash chain (SM3, GB/T 32905) that `verify` walks.

mod append;
mod canonical;
mod entry;
mod verify;

pub(crate) use append::{HEAD, append, append_all, head_move, link, row};
pub use canonical::{GENESIS_HASH, canonical_json, entry_hash};
pub use entry::{Actor, ActorKind, AuditRecord, NewAuditEntry};
pub use verify::{ChainBreak, ChainReport, trail, verify};
