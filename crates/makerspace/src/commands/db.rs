//! `makerspace db migrate` and `makerspace db backup DEST`.

use std::process::ExitCode;

use anyhow::Result;
use store::{BackupMethod, Store};

use super::store_open::{block_on, config};
use crate::cli::{DbArgs, DbCommand};

/// Runs a `db` command.
pub fn run(args: &DbArgs) -> Result<ExitCode> {
    let config = config(&args.store);
    block_on(async {
        let store = Store::connect(&config).await?;
        match &args.command {
            DbCommand::Migrate => {
                let applied = store.migrate().await?;
                if applied.is_empty() {
                    println!("数据库 {} 已是最新，无需迁移", store.url_redacted());
                } else {
                    println!(
                        "数据库 {} 已应用 {} 项迁移：",
                        store.url_redacted(),
                        applied.len()
                    );
                    for name in applied {
                        println!("  {name}");
                    }
                }
            }
            DbCommand::Backup { dest } => {
                store.migrate().await?;
                let method = store.backup(dest).await?;
                let how = match method {
                    BackupMethod::VacuumInto => "SQLite VACUUM INTO",
                    BackupMethod::PgDump => "pg_dump（自定义格式，用 pg_restore 恢复）",
                };
                println!("已备份到 {}（{how}）", dest.display());
                println!(
                    "附件目录 {} 需另行复制（文件按内容寻址、写入后不变）",
                    config.attachments().display()
                );
            }
        }
        Ok(ExitCode::SUCCESS)
    })?
}
