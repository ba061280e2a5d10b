//! A change to one row and its audit entry, sent to SQLite as one batch of statements.
//!
//! Why: on SQLite every statement is a hand-off to sqlx's thread for the connection and back,
//! and this process's write transactions run one at a time. An ordinary transaction of a case
//! action (begin, its reads, the update, the head's read, the entry, the head's move, commit)
//! holds the writer for some nine hand-offs, and those hand-offs, not SQLite's work, bound the
//! changes a second the store takes (BENCHMARKS.md, "Server load"). Here the caller has read and
//! judged before asking, and puts what its judgement rests on into the update's `WHERE`; the
//! begin, the update, the entry, the head's move and the commit then go in one hand-off.
//!
//! All or nothing, without a round trip to decide:
//! - the update's `WHERE` also requires the writer connection's `PRAGMA data_version` to be the
//!   one seen when the head was last read or moved by this connection; it changes only when
//!   another connection (another process: `tick`, `import`) has committed, which may have moved
//!   the head;
//! - the entry is inserted, and the head moved, only if the update changed its row
//!   (`changes() = 1`), so a version or a judged-on fact that moved since the caller's read
//!   leaves everything as it was, and the caller does the change the ordinary way
//!   ([`crate::Tx`]), which reads again inside the transaction and answers precisely (a conflict,
//!   a refusal);
//! - should a stale head slip past the check (the pool replaced the connection and the new one's
//!   data version happened to match), the entry repeats a `seq`, the primary key refuses it, and
//!   the batch is rolled back.
//!
//! The batch runs in a task of its own, so a request that goes away mid-batch cannot leave the
//! transaction open on the writer connection, nor a commit without its fsync; an error mid-batch
//! is followed by a `ROLLBACK` before the writer is released. The commit is made durable as every
//! other is (`group_commit`).

use jiff::Timestamp;
use sea_orm::sea_query::{Expr, Query, UpdateStatement};
use sea_orm::{
    ActiveModelTrait, ActiveValue, ConnectionTrait, DatabaseConnection, DbBackend, Iterable,
    QueryFilter, QueryTrait, Statement,
};

use crate::audit::{AuditRecord, HEAD, NewAuditEntry, head_move, link, row};
use crate::entity::audit_entry;
use crate::error::{Result, StoreError};
use crate::store::Store;

/// What the writer connection knows between transactions (held under the writer lock).
#[derive(Debug, Default)]
pub(crate) struct WriterState {
    head: Option<KnownHead>,
}

/// The audit chain's head as the writer connection last read or moved it.
#[derive(Debug, Clone)]
struct KnownHead {
    seq: i64,
    hash: String,
    /// The connection's `PRAGMA data_version` then.
    data_version: i64,
}

impl WriterState {
    /// Forgets the head: an ordinary transaction may move it.
    pub(crate) fn forget_head(&mut self) {
        self.head = None;
    }
}

impl Store {
    /// Whether [`Store::change_in_one_trip`] can apply a change: on a SQLite file (its writer
    /// connection), not on PostgreSQL or an in-memory database.
    pub fn one_trip_available(&self) -> bool {
        self.inner.write_db.is_some()
    }

    /// Applies `update` and appends `entry` to the audit chain in one write transaction sent
    /// to SQLite as a single batch (see the module's documentation for why and how).
    ///
    /// `update` is given the transaction's instant (the entry's time; use it for the row's
    /// `updated_at`) and must hold in its `WHERE` everything the change was judged on: the row's
    /// version and any fact read before. Answers the entry as appended once it is committed and
    /// durable, or `None` when nothing was changed: the backend is not a SQLite file, or a
    /// condition no longer held. On `None` the caller makes the change the ordinary way.
    pub async fn change_in_one_trip<F>(
        &self,
        update: F,
        entry: NewAuditEntry,
    ) -> Result<Option<AuditRecord>>
    where
        F: FnOnce(Timestamp) -> UpdateStatement + Send + 'static,
    {
        let Some(writer) = self.inner.write_db.clone() else {
            return Ok(None);
        };
        if let Some(failure) = self.durability_failure() {
            return Err(StoreError::Durability(failure.to_string()));
        }
        let store = self.clone();
        tokio::spawn(async move {
            let record = store.batch(&writer, update, entry).await?;
            if record.is_some() {
                // As `Tx::commit`: the cache generation after the commit, then durability.
                store.inner.changes.bump();
                store.inner.wal.committed().await?;
            }
            Ok(record)
        })
        .await
        .map_err(|e| StoreError::Task(e.to_string()))?
    }

    /// The batch under the writer lock; `None` when it changed nothing.
    async fn batch<F>(
        &self,
        writer: &DatabaseConnection,
        update: F,
        entry: NewAuditEntry,
    ) -> Result<Option<AuditRecord>>
    where
        F: FnOnce(Timestamp) -> UpdateStatement,
    {
        let mut state = self.inner.writer.lock().await;
        let head = match state.head.take() {
            Some(h) => h,
            None => read_head(writer).await?,
        };
        let now = self.now();
        let record = link(now, head.seq + 1, head.hash, entry);
        let batch = batch_statement(update(now), &record, head.data_version);
        // All rows (sqlx stops a batch at the first row when asked for one, before `COMMIT`).
        match writer.query_all_raw(batch).await {
            Ok(rows) if changed_one(&rows)? => {
                state.head = Some(KnownHead {
                    seq: record.seq,
                    hash: record.hash.clone(),
                    data_version: head.data_version,
                });
                Ok(Some(record))
            }
            // A condition did not hold: an empty transaction was committed. The head is read
            // again next time (it may be another process that moved it).
            Ok(_) => Ok(None),
            Err(e) => {
                // The batch stopped at the failing statement, inside its transaction.
                let _ = writer.execute_unprepared("ROLLBACK").await;
                Err(e.into())
            }
        }
    }
}

/// Whether the batch's one row says its last statement changed a row.
fn changed_one(rows: &[sea_orm::QueryResult]) -> Result<bool> {
    match rows {
        [r] => Ok(r.try_get_by_index::<i64>(0)? == 1),
        _ => Ok(false),
    }
}

/// The head and the connection's data version, read together on the writer connection.
async fn read_head(writer: &DatabaseConnection) -> Result<KnownHead> {
    let row = writer
        .query_one_raw(Statement::from_sql_and_values(
            DbBackend::Sqlite,
            "SELECT seq, hash, (SELECT data_version FROM pragma_data_version) FROM audit_head \
             WHERE id = ?",
            [HEAD.into()],
        ))
        .await?
        .ok_or(StoreError::NotFound {
            subject: "审计链头",
            id: HEAD.to_string(),
        })?;
    Ok(KnownHead {
        seq: row.try_get_by_index(0)?,
        hash: row.try_get_by_index(1)?,
        data_version: row.try_get_by_index(2)?,
    })
}

/// `BEGIN IMMEDIATE`; the update, also requiring the data version; the entry and the head's
/// move, each only if the statement before it changed its row; the number of rows the last
/// one changed (1: all applied); `COMMIT`.
fn batch_statement(
    mut update: UpdateStatement,
    record: &AuditRecord,
    data_version: i64,
) -> Statement {
    let only_after_a_change = || Expr::cust("changes() = 1");
    update.and_where(Expr::cust_with_values(
        "(SELECT data_version FROM pragma_data_version) = ?",
        [data_version],
    ));
    let entry = row(record);
    let (mut columns, mut values) = (Vec::new(), Vec::new());
    for c in audit_entry::Column::iter() {
        if let ActiveValue::Set(v) = entry.get(c) {
            columns.push(c);
            values.push(Expr::val(v));
        }
    }
    let mut select = Query::select();
    select.exprs(values).and_where(only_after_a_change());
    let mut insert = Query::insert();
    insert
        .into_table(audit_entry::Entity)
        .columns(columns)
        .select_from(select)
        .expect("as many values as columns");
    let head = head_move(record).filter(only_after_a_change()).into_query();
    let parts = [
        DbBackend::Sqlite.build(&update),
        DbBackend::Sqlite.build(&insert),
        DbBackend::Sqlite.build(&head),
    ];
    let mut sql = String::from("BEGIN IMMEDIATE;\n");
    let mut all = Vec::new();
    for part in parts {
        sql.push_str(&part.sql);
        sql.push_str(";\n");
        all.extend(part.values.map(|v| v.0).unwrap_or_default());
    }
    sql.push_str("SELECT changes();\nCOMMIT");
    Statement::from_sql_and_values(DbBackend::Sqlite, sql, all)
}
