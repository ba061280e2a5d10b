//! The blob folder: `ROOT/sha256/ab/abcdef…` named by content hash, written durably (temporary
//! file, fsync, rename, fsync of the folder), so an acknowledged upload survives a crash and a
//! torn write is never visible under a blob's name.

use std::fs::{self, File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use crate::error::{Result, StoreError};

/// Distinguishes temporary files of concurrent writers in one process.
static TMP_COUNTER: AtomicU64 = AtomicU64::new(0);

/// A content-addressed blob folder.
#[derive(Debug, Clone)]
pub struct BlobDir {
    root: PathBuf,
}

/// The outcome of a durable write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DurableWrite {
    /// Where the blob is.
    pub path: PathBuf,
    /// Whether this call created it (false: the same content was already stored).
    pub created: bool,
}

impl BlobDir {
    /// A blob folder at `root` (created on first write).
    pub fn new(root: impl Into<PathBuf>) -> Self {
        Self { root: root.into() }
    }

    /// The path of the blob with this lower-case hex sha256.
    pub fn path_of(&self, sha256: &str) -> PathBuf {
        self.root.join("sha256").join(&sha256[..2]).join(sha256)
    }

    /// Writes `bytes` under `sha256` durably, unless a blob of that name and size exists.
    pub fn write(&self, sha256: &str, bytes: &[u8]) -> Result<DurableWrite> {
        let path = self.path_of(sha256);
        if let Ok(meta) = fs::metadata(&path)
            && meta.len() == bytes.len() as u64
        {
            return Ok(DurableWrite {
                path,
                created: false,
            });
        }
        let tmp_dir = self.root.join("tmp");
        let shard = path.parent().unwrap_or(&self.root).to_path_buf();
        for dir in [&tmp_dir, &shard] {
            create_dir_durably(dir)?;
        }
        let tmp = tmp_dir.join(format!(
            "{sha256}.{}.{}",
            std::process::id(),
            TMP_COUNTER.fetch_add(1, Ordering::Relaxed)
        ));
        let result = (|| {
            let mut f = OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(&tmp)
                .map_err(|e| StoreError::io(&tmp, e))?;
            f.write_all(bytes).map_err(|e| StoreError::io(&tmp, e))?;
            f.sync_all().map_err(|e| StoreError::io(&tmp, e))?;
            fs::rename(&tmp, &path).map_err(|e| StoreError::io(&path, e))?;
            sync_dir(&shard)
        })();
        if result.is_err() {
            let _ = fs::remove_file(&tmp);
        }
        result?;
        Ok(DurableWrite {
            path,
            created: true,
        })
    }

    /// Reads the blob with this hash.
    pub fn read(&self, sha256: &str) -> Result<Vec<u8>> {
        let path = self.path_of(sha256);
        fs::read(&path).map_err(|e| StoreError::io(path, e))
    }
}

/// Creates `dir` (and its parents) and fsyncs each parent of a folder it created.
fn create_dir_durably(dir: &Path) -> Result<()> {
    if dir.is_dir() {
        return Ok(());
    }
    if let Some(parent) = dir.parent() {
        create_dir_durably(parent)?;
    }
    match fs::create_dir(dir) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => return Ok(()),
        Err(e) => return Err(StoreError::io(dir, e)),
    }
    match dir.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => sync_dir(parent),
        _ => Ok(()),
    }
}

/// fsyncs a folder, so a rename or creation in it is durable.
fn sync_dir(dir: &Path) -> Result<()> {
    File::open(dir)
        .and_then(|d| d.sync_all())
        .map_err(|e| StoreError::io(dir, e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_once_and_leaves_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let blobs = BlobDir::new(dir.path());
        let sha = "ab".repeat(32);
        let first = blobs.write(&sha, b"content").unwrap();
        assert!(first.created);
        assert_eq!(blobs.read(&sha).unwrap(), b"content");
        assert!(!blobs.write(&sha, b"content").unwrap().created);
        assert_eq!(fs::read_dir(dir.path().join("tmp")).unwrap().count(), 0);
    }
}
