//! `makerspace audit verify`: walks the SM3 hash chain and reports the first edited or deleted
//! entry; exits 1 when the chain is broken.

use std::process::ExitCode;

use anyhow::Result;
use store::Store;

use super::store_open::{block_on, config};
use crate::cli::{AuditArgs, AuditCommand, Format};

/// Runs an `audit` command.
pub fn run(args: &AuditArgs) -> Result<ExitCode> {
    let AuditCommand::Verify { format } = &args.command;
    let config = config(&args.store);
    block_on(async {
        let store = Store::open(&config).await?;
        let report = store::audit::verify(store.db()).await?;
        match format {
            Format::Json => println!("{}", serde_json::to_string_pretty(&report)?),
            Format::Text | Format::Markdown => match &report.first_break {
                None => println!(
                    "审计链完整：共 {} 条记录，最后哈希 {}",
                    report.entries, report.last_hash
                ),
                Some(b) => println!("审计链已被破坏：{b}"),
            },
        }
        Ok(if report.is_intact() {
            ExitCode::SUCCESS
        } else {
            ExitCode::from(1)
        })
    })?
}
