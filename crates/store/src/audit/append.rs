//! Appending to the chain inside a write transaction.

use sea_orm::{ActiveModelTrait, EntityTrait, QuerySelect, Set};

use crate::audit::canonical::entry_hash;
use crate::audit::{Actor, AuditRecord, NewAuditEntry};
use crate::entity::{audit_entry, audit_head};
use crate::error::{Result, StoreError};
use crate::store::Backend;
use crate::tx::Tx;

/// The id of the single `audit_head` row.
const HEAD: i64 = 1;

/// Appends `entry` after the chain's head, in `tx`: locks the head (PostgreSQL: `FOR UPDATE`;
/// SQLite: the transaction already holds the write lock), links to its hash, inserts the entry
/// and moves the head.
pub(crate) async fn append(tx: &Tx, entry: NewAuditEntry) -> Result<AuditRecord> {
    let conn = tx.conn();
    let mut q = audit_head::Entity::find_by_id(HEAD);
    if tx.store().backend() == Backend::Postgres {
        q = q.lock_exclusive();
    }
    let head = q.one(conn).await?.ok_or(StoreError::NotFound {
        subject: "审计链头",
        id: HEAD.to_string(),
    })?;
    let mut record = AuditRecord {
        seq: head.seq + 1,
        at: tx.now(),
        actor: Actor::new(entry.actor.id, entry.actor.role),
        subject_kind: entry.subject_kind,
        subject_id: entry.subject_id,
        action: entry.action,
        reason: entry.reason,
        before: entry.before,
        after: entry.after,
        prev_hash: head.hash,
        hash: String::new(),
    };
    record.hash = entry_hash(&record);
    audit_entry::ActiveModel {
        seq: Set(record.seq),
        at: Set(crate::time::to_chrono(record.at)),
        actor_id: Set(record.actor.id.clone()),
        actor_role: Set(record.actor.role.clone()),
        subject_kind: Set(record.subject_kind.clone()),
        subject_id: Set(record.subject_id.clone()),
        action: Set(record.action.clone()),
        reason: Set(record.reason.clone()),
        before_json: Set(record.before.clone()),
        after_json: Set(record.after.clone()),
        prev_hash: Set(record.prev_hash.clone()),
        hash: Set(record.hash.clone()),
    }
    .insert(conn)
    .await?;
    audit_head::ActiveModel {
        id: Set(HEAD),
        seq: Set(record.seq),
        hash: Set(record.hash.clone()),
    }
    .update(conn)
    .await?;
    Ok(record)
}
