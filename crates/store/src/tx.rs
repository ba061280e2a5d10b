//! Write transactions: every state change and its audit entry commit together or not at all.

use std::future::Future;
use std::pin::Pin;

use jiff::Timestamp;
use sea_orm::{DatabaseTransaction, SqliteTransactionMode, TransactionOptions, TransactionTrait};
use tokio::sync::OwnedMutexGuard;

use crate::audit::{AuditRecord, NewAuditEntry};
use crate::error::{Result, StoreError};
use crate::store::{Backend, Store};

/// A write transaction. Dropped without [`Tx::commit`], it rolls back.
///
/// On SQLite it begins `IMMEDIATE` (the write lock is taken at once, so a transaction that read
/// first never fails to upgrade) and holds the process's writer lock until its `COMMIT`;
/// [`Tx::commit`] then returns once the WAL is fsynced past it (`crate::group_commit`). On
/// PostgreSQL the audit chain's head row is locked by the first [`Tx::audit`].
pub struct Tx {
    txn: DatabaseTransaction,
    store: Store,
    now: Timestamp,
    _writer: Option<OwnedMutexGuard<crate::one_trip::WriterState>>,
}

/// The future a [`Store::transaction`] body returns.
pub type TxFuture<'t, T, E> = Pin<Box<dyn Future<Output = Result<T, E>> + Send + 't>>;

impl Store {
    /// Begins a write transaction; refused once an fsync has failed (see `group_commit`), so
    /// that no write after the failure is committed and then reported as failed.
    pub async fn begin(&self) -> Result<Tx> {
        if let Some(failure) = self.durability_failure() {
            return Err(StoreError::Durability(failure.to_string()));
        }
        let (txn, writer) = match self.backend() {
            Backend::Sqlite => {
                let mut guard = self.inner.writer.clone().lock_owned().await;
                // This transaction may move the audit chain's head.
                guard.forget_head();
                let txn = self
                    .write_db()
                    .begin_with_options(TransactionOptions {
                        sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
                        ..Default::default()
                    })
                    .await?;
                (txn, Some(guard))
            }
            Backend::Postgres => (self.db().begin().await?, None),
        };
        Ok(Tx {
            txn,
            store: self.clone(),
            now: self.now(),
            _writer: writer,
        })
    }

    /// Runs `body` in a write transaction, committing when it returns `Ok`:
    ///
    /// ```ignore
    /// store.transaction(|tx| Box::pin(async move {
    ///     organisations::create(tx, &actor, new).await
    /// })).await?;
    /// ```
    pub async fn transaction<T, E, F>(&self, body: F) -> Result<T, E>
    where
        F: for<'t> FnOnce(&'t Tx) -> TxFuture<'t, T, E>,
        E: From<StoreError>,
    {
        let tx = self.begin().await?;
        let out = body(&tx).await?;
        tx.commit().await?;
        Ok(out)
    }
}

impl Tx {
    /// The transaction, for sea-orm queries and the repository functions.
    pub fn conn(&self) -> &DatabaseTransaction {
        &self.txn
    }

    /// The store this transaction writes to.
    pub fn store(&self) -> &Store {
        &self.store
    }

    /// The instant of this transaction (read once from the store's clock at begin): every row
    /// and audit entry it writes carries it.
    pub fn now(&self) -> Timestamp {
        self.now
    }

    /// Appends `entry` to the audit chain, in this transaction.
    pub async fn audit(&self, entry: NewAuditEntry) -> Result<AuditRecord> {
        crate::audit::append(self, entry).await
    }

    /// Appends `entries` to the audit chain in order, in this transaction: the same chain as
    /// one [`Tx::audit`] per entry, written with one head lock and multi-row inserts.
    pub async fn audit_all(&self, entries: Vec<NewAuditEntry>) -> Result<Vec<AuditRecord>> {
        crate::audit::append_all(self, entries).await
    }

    /// Commits.
    pub async fn commit(self) -> Result<()> {
        let Self {
            txn,
            store,
            _writer: writer,
            ..
        } = self;
        txn.commit().await?;
        // The next writer may go on while this one waits for its fsync.
        drop(writer);
        // After the commit: a cache that read the generation before this write's rows became
        // visible holds an older number and drops what it read.
        store.inner.changes.bump();
        store.inner.wal.committed().await
    }

    /// Rolls back explicitly (dropping does the same).
    pub async fn rollback(self) -> Result<()> {
        self.txn.rollback().await?;
        Ok(())
    }
}
