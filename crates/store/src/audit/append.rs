//! Appending to the chain inside a write transaction.

use jiff::Timestamp;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QuerySelect, Set, UpdateMany};

use crate::audit::canonical::entry_hash;
use crate::audit::{Actor, AuditRecord, NewAuditEntry};
use crate::entity::{audit_entry, audit_head};
use crate::error::{Result, StoreError};
use crate::store::Backend;
use crate::tx::Tx;

/// The id of the single `audit_head` row.
pub(crate) const HEAD: i64 = 1;

/// Appends `entry` after the chain's head, in `tx`: locks the head (PostgreSQL: `FOR UPDATE`;
/// SQLite: the transaction already holds the write lock), links to its hash, inserts the entry
/// and moves the head.
pub(crate) async fn append(tx: &Tx, entry: NewAuditEntry) -> Result<AuditRecord> {
    let head = lock_head(tx).await?;
    let record = link(tx.now(), head.seq + 1, head.hash, entry);
    // Without `RETURNING`: the row is the record just built, and reading its before and after
    // back (kilobytes of JSON per change) would only be thrown away.
    audit_entry::Entity::insert(row(&record))
        .exec_without_returning(tx.conn())
        .await?;
    move_head(tx, &record).await?;
    Ok(record)
}

/// Appends `entries` in order after the chain's head, in `tx`: the same chain as that many
/// [`append`] calls (each entry links to the one before it), with one head lock, multi-row
/// inserts and one head move. For batch work such as the daily tick.
pub(crate) async fn append_all(tx: &Tx, entries: Vec<NewAuditEntry>) -> Result<Vec<AuditRecord>> {
    if entries.is_empty() {
        return Ok(Vec::new());
    }
    let head = lock_head(tx).await?;
    let (mut seq, mut prev) = (head.seq, head.hash);
    let mut records = Vec::with_capacity(entries.len());
    for entry in entries {
        seq += 1;
        let record = link(tx.now(), seq, prev, entry);
        prev = record.hash.clone();
        records.push(record);
    }
    for batch in records.chunks(crate::ROWS_PER_STATEMENT) {
        audit_entry::Entity::insert_many(batch.iter().map(row))
            .exec_without_returning(tx.conn())
            .await?;
    }
    move_head(tx, records.last().expect("not empty")).await?;
    Ok(records)
}

/// Reads the head, locked for this transaction (PostgreSQL: `FOR UPDATE`; SQLite: the
/// transaction already holds the write lock).
async fn lock_head(tx: &Tx) -> Result<audit_head::Model> {
    let mut q = audit_head::Entity::find_by_id(HEAD);
    if tx.store().backend() == Backend::Postgres {
        q = q.lock_exclusive();
    }
    // By key (no `LIMIT ?`): every audited write outside the one-trip save reads the head.
    crate::by_key(q.into_model::<audit_head::Model>(), tx.conn())
        .await?
        .ok_or(StoreError::NotFound {
            subject: "审计链头",
            id: HEAD.to_string(),
        })
}

/// The record of `entry` at `seq` made `at`, linked to `prev_hash` and hashed.
pub(crate) fn link(
    at: Timestamp,
    seq: i64,
    prev_hash: String,
    entry: NewAuditEntry,
) -> AuditRecord {
    let mut record = AuditRecord {
        seq,
        at,
        actor: Actor::new(entry.actor.id, entry.actor.role),
        subject_kind: entry.subject_kind,
        subject_id: entry.subject_id,
        action: entry.action,
        reason: entry.reason,
        before: entry.before,
        after: entry.after,
        prev_hash,
        hash: String::new(),
    };
    record.hash = entry_hash(&record);
    record
}

pub(crate) fn row(record: &AuditRecord) -> audit_entry::ActiveModel {
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
}

/// Moves the head to `last`.
async fn move_head(tx: &Tx, last: &AuditRecord) -> Result<()> {
    head_move(last).exec(tx.conn()).await?;
    Ok(())
}

/// The statement that moves the head to `last`.
pub(crate) fn head_move(last: &AuditRecord) -> UpdateMany<audit_head::Entity> {
    audit_head::Entity::update_many()
        .col_expr(audit_head::Column::Seq, Expr::value(last.seq))
        .col_expr(audit_head::Column::Hash, Expr::value(last.hash.clone()))
        .filter(audit_head::Column::Id.eq(HEAD))
}
