//! The store's change generation: a number that moves whenever the register may have changed,
//! for caches of reads (the public register) to know when to drop what they hold.
//!
//! Two sources move it:
//! - every write transaction of this process, when it commits ([`crate::Tx::commit`]): a read
//!   made after a commit returned never sees a generation from before it;
//! - writes by another process on the same database (the `tick` or `import` command beside a
//!   running server): triggers count every change to `space` in the `change_counter` table,
//!   and [`Store::poll_external_changes`], called periodically by the server, reads that count.

use std::sync::Arc;
use std::sync::atomic::{AtomicI64, AtomicU64, Ordering};

use sea_orm::{ConnectionTrait, Statement};

use crate::error::Result;
use crate::store::Store;

/// The generation and the last database count seen. Shared by every clone of a store.
#[derive(Debug)]
pub(crate) struct Changes {
    generation: AtomicU64,
    counted: AtomicI64,
}

impl Changes {
    pub(crate) fn new() -> Arc<Self> {
        Arc::new(Self {
            generation: AtomicU64::new(0),
            counted: AtomicI64::new(-1),
        })
    }

    pub(crate) fn bump(&self) {
        self.generation.fetch_add(1, Ordering::AcqRel);
    }
}

impl Store {
    /// The change generation. Read it **before** a read whose result you cache, and keep the
    /// result only while the generation is the same: a write committed during the read moves it.
    pub fn generation(&self) -> u64 {
        self.inner.changes.generation.load(Ordering::Acquire)
    }

    /// Reads the database's count of register changes once; when it moved since the last
    /// look, moves the generation. Returns whether it moved.
    pub async fn poll_external_changes(&self) -> Result<bool> {
        let row = self
            .db()
            .query_one_raw(Statement::from_string(
                self.db_backend(),
                "SELECT n FROM change_counter WHERE name = 'space'",
            ))
            .await?;
        let n: i64 = match row {
            Some(r) => r.try_get_by_index(0)?,
            None => 0,
        };
        let changes = &self.inner.changes;
        let before = changes.counted.swap(n, Ordering::AcqRel);
        if before != n {
            changes.bump();
        }
        Ok(before != n)
    }
}
