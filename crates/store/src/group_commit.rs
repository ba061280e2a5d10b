//! Group commit on SQLite: one fsync makes durable every write transaction that committed
//! while the previous fsync ran.
//!
//! The pool runs WAL with `synchronous=NORMAL`: a `COMMIT` appends the transaction's frames to
//! the `-wal` file without an fsync. [`crate::Tx::commit`] then takes a ticket and waits until the
//! WAL has been fsynced past it: the first waiter that finds no fsync running syncs the WAL (so
//! everything committed before it starts), and every writer whose ticket that fsync covers
//! returns without one of its own. A caller is told "committed" only once its frames are on
//! disk, as under `synchronous=FULL`, but the writers queued behind one fsync share it, and
//! others go on committing while it runs.
//!
//! What differs from `synchronous=FULL`: another connection may read a write up to one fsync
//! before it is durable. Its own writer has not been answered yet, and any write that depends on
//! it comes after it in the WAL, which recovery replays in order, so no later write can outlive
//! it.
//!
//! An fsync that fails leaves the page cache's state unknown (Linux may drop the dirty pages):
//! the failure is kept, and every later write transaction of this process is refused with it
//! (`Store::begin` refuses to start one, so none is committed and then reported failed),
//! rather than a later fsync that succeeds being taken for proof that earlier writes reached
//! the disk.

use std::fs::File;
use std::io;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use tokio::sync::Mutex;

use crate::error::{Result, StoreError};

/// The WAL's durability state, shared by every clone of a store.
#[derive(Debug)]
pub(crate) struct WalSync {
    /// The `-wal` file; `None` for an in-memory database (nothing to make durable).
    wal: Option<PathBuf>,
    /// Tickets handed out: one per commit, taken after its `COMMIT` returned.
    committed: AtomicU64,
    /// Every ticket up to this one is on disk.
    synced: AtomicU64,
    /// Held by the one fsync in progress.
    syncer: Mutex<Syncer>,
    /// The first fsync failure, kept (see the module's doc).
    failed: std::sync::OnceLock<String>,
}

#[derive(Debug, Default)]
struct Syncer {
    /// The WAL file's inode at the last fsync: a new one (the WAL deleted and made again) needs
    /// its directory entry synced as well.
    wal_inode: Option<u64>,
}

impl WalSync {
    /// For the database file `db_file` (`None` or empty for an in-memory database).
    pub(crate) fn new(db_file: Option<&Path>) -> Self {
        let wal = db_file.filter(|p| !p.as_os_str().is_empty()).map(|p| {
            let mut name = p.as_os_str().to_owned();
            name.push("-wal");
            PathBuf::from(name)
        });
        Self {
            wal,
            committed: AtomicU64::new(0),
            synced: AtomicU64::new(0),
            syncer: Mutex::new(Syncer::default()),
            failed: std::sync::OnceLock::new(),
        }
    }

    /// Records an fsync failure as [`Self::committed`] does when one fails (tests of what
    /// follows one).
    #[cfg(test)]
    pub(crate) fn fail(&self, message: &str) {
        let _ = self.failed.set(message.to_string());
    }

    /// The fsync failure that stopped this process's writes, if one did.
    pub(crate) fn failure(&self) -> Option<&str> {
        self.failed.get().map(String::as_str)
    }

    /// Waits until the WAL is on disk up to every `COMMIT` that has returned, the caller's
    /// included: after [`crate::Tx::commit`]'s, or after writes that bypass it (migrations).
    pub(crate) async fn committed(&self) -> Result<()> {
        let ticket = self.committed.fetch_add(1, Ordering::AcqRel) + 1;
        let Some(wal) = &self.wal else {
            return Ok(());
        };
        let mut syncer = self.syncer.lock().await;
        if let Some(failed) = self.failure() {
            return Err(StoreError::Durability(failed.to_string()));
        }
        if self.synced.load(Ordering::Acquire) >= ticket {
            // The fsync the writer queued behind covered it.
            return Ok(());
        }
        // Every ticket handed out so far belongs to a COMMIT that has returned.
        let upto = self.committed.load(Ordering::Acquire);
        let path = wal.clone();
        let known = syncer.wal_inode;
        let outcome = tokio::task::spawn_blocking(move || sync_wal(&path, known))
            .await
            .unwrap_or_else(|e| Err(io::Error::other(e.to_string())));
        match outcome {
            Ok(inode) => {
                syncer.wal_inode = inode;
                self.synced.fetch_max(upto, Ordering::AcqRel);
                Ok(())
            }
            Err(e) => {
                let message = format!("{}：{e}", wal.display());
                let _ = self.failed.set(message.clone());
                Err(StoreError::Durability(message))
            }
        }
    }
}

/// fsyncs the WAL file (and its folder when the file is new since the last fsync); returns its
/// inode, or `None` when there is no WAL: the last connection closed, which checkpoints
/// everything into the database file (fsynced) before deleting it.
fn sync_wal(wal: &Path, known_inode: Option<u64>) -> io::Result<Option<u64>> {
    let file = match File::open(wal) {
        Ok(f) => f,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(e),
    };
    file.sync_data()?;
    let inode = file.metadata()?.ino();
    if known_inode != Some(inode) {
        let dir = match wal.parent() {
            Some(d) if !d.as_os_str().is_empty() => d,
            _ => Path::new("."),
        };
        File::open(dir)?.sync_all()?;
    }
    Ok(Some(inode))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn an_in_memory_database_has_nothing_to_sync() {
        let s = WalSync::new(None);
        s.committed().await.unwrap();
        s.committed().await.unwrap();
        assert_eq!(s.synced.load(Ordering::Acquire), 0);
    }

    #[tokio::test]
    async fn a_commit_returns_only_once_an_fsync_covers_its_ticket() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("x.db");
        std::fs::write(dir.path().join("x.db-wal"), b"frames").unwrap();
        let s = std::sync::Arc::new(WalSync::new(Some(&db)));
        let mut joins = Vec::new();
        for _ in 0..50 {
            let s = s.clone();
            joins.push(tokio::spawn(async move {
                s.committed().await.unwrap();
                // When a commit returns, its ticket is covered.
                s.synced.load(Ordering::Acquire)
            }));
        }
        for j in joins {
            assert!(j.await.unwrap() >= 1);
        }
        assert_eq!(s.synced.load(Ordering::Acquire), 50);
    }

    #[tokio::test]
    async fn a_missing_wal_counts_as_checkpointed() {
        let dir = tempfile::tempdir().unwrap();
        let s = WalSync::new(Some(&dir.path().join("none.db")));
        s.committed().await.unwrap();
        assert_eq!(s.synced.load(Ordering::Acquire), 1);
        assert_eq!(s.failure(), None);
    }

    #[tokio::test]
    async fn a_failed_fsync_refuses_every_later_commit() {
        let dir = tempfile::tempdir().unwrap();
        // The WAL's folder is a file: opening the WAL fails with ENOTDIR (root ignores
        // permissions, so a permission failure would not be certain).
        let blocker = dir.path().join("file");
        std::fs::write(&blocker, b"").unwrap();
        let s = WalSync::new(Some(&blocker.join("x.db")));
        let first = s.committed().await.unwrap_err();
        assert!(matches!(first, StoreError::Durability(_)), "{first}");
        let second = s.committed().await.unwrap_err();
        assert!(matches!(second, StoreError::Durability(_)), "{second}");
        assert!(s.failure().is_some_and(|f| f.contains("x.db-wal")));
    }

    /// After a failed fsync no transaction begins, so nothing more is committed to be
    /// reported as failed afterwards.
    #[tokio::test]
    async fn no_write_begins_after_a_failed_fsync() {
        let dir = tempfile::tempdir().unwrap();
        let store = crate::Store::open(&crate::StoreConfig::new(dir.path()))
            .await
            .unwrap();
        store.begin().await.unwrap().rollback().await.unwrap();
        store
            .inner
            .wal
            .fail("makerspace.db-wal：Input/output error");
        let refused = store.begin().await.err().expect("refused");
        assert!(matches!(refused, StoreError::Durability(_)), "{refused}");
    }
}
