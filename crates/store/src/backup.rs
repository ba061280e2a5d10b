//! A consistent online copy of the database: SQLite `VACUUM INTO` (a transactionally
//! consistent snapshot while others keep writing); PostgreSQL through `pg_dump`.

use std::path::Path;
use std::process::Command;

use sea_orm::ConnectionTrait;

use crate::error::{Result, StoreError};
use crate::store::{Backend, Store};

/// How a backup was made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BackupMethod {
    /// SQLite `VACUUM INTO`.
    VacuumInto,
    /// `pg_dump` (custom format, restorable with `pg_restore`).
    PgDump,
}

impl Store {
    /// Writes a consistent copy to `dest`, which must not exist. Attachments are files: copy the
    /// attachments folder alongside (blobs are immutable, so a plain copy is consistent).
    pub async fn backup(&self, dest: &Path) -> Result<BackupMethod> {
        if dest.exists() {
            return Err(StoreError::Backup(format!(
                "目标文件 {} 已存在，不覆盖",
                dest.display()
            )));
        }
        match self.backend() {
            Backend::Sqlite => {
                let target = dest.to_string_lossy().replace('\'', "''");
                self.db()
                    .execute_unprepared(&format!("VACUUM INTO '{target}'"))
                    .await?;
                // VACUUM INTO does not fsync the copy it writes.
                let copy = dest.to_owned();
                tokio::task::spawn_blocking(move || std::fs::File::open(&copy)?.sync_all())
                    .await
                    .map_err(|e| StoreError::Task(e.to_string()))?
                    .map_err(|e| StoreError::io(dest, e))?;
                Ok(BackupMethod::VacuumInto)
            }
            Backend::Postgres => {
                let mut cmd = Command::new("pg_dump");
                cmd.arg("--format=custom")
                    .arg("--file")
                    .arg(dest)
                    .arg("--dbname")
                    .arg(&self.inner.url);
                if let Some(schema) = &self.inner.pg_schema {
                    cmd.arg("--schema").arg(schema);
                }
                let out = cmd.output().map_err(|e| {
                    StoreError::Backup(format!(
                        "PostgreSQL 的一致性在线备份由 pg_dump 完成，但无法运行 pg_dump（{e}）：请安装 PostgreSQL 客户端工具，或自行运行 pg_dump --format=custom"
                    ))
                })?;
                if !out.status.success() {
                    return Err(StoreError::Backup(format!(
                        "pg_dump 失败：{}",
                        String::from_utf8_lossy(&out.stderr).trim()
                    )));
                }
                Ok(BackupMethod::PgDump)
            }
        }
    }
}
