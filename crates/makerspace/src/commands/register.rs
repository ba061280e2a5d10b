//! `makerspace tick`, `export` and `import`: the lifecycle tick and the register in and out.

use std::process::ExitCode;
use std::sync::Arc;

use anyhow::{Context, Result};
use casework::Casework;
use casework::transfer;
use store::Store;

use super::library;
use super::store_open::{block_on, config};
use crate::cli::{Cli, ExportArgs, Format, ImportArgs, RegisterFormat, StoreArgs, TickArgs};

async fn service(cli: &Cli, store: &StoreArgs) -> Result<Casework> {
    let lib = Arc::new(library(cli)?);
    let store = Store::open(&config(store)).await?;
    Ok(Casework::new(store, lib))
}

/// Runs the lifecycle tick for a date.
pub fn tick(cli: &Cli, args: &TickArgs) -> Result<ExitCode> {
    let date = match &args.date {
        Some(d) => d
            .parse::<jiff::civil::Date>()
            .with_context(|| format!("日期「{d}」应为 YYYY-MM-DD"))?,
        None => casework::dates::today(),
    };
    block_on(async {
        let cw = service(cli, &args.store).await?;
        let started = std::time::Instant::now();
        let r = cw.tick(date).await?;
        match args.format {
            Format::Json => println!("{}", serde_json::to_string_pretty(&r)?),
            Format::Text | Format::Markdown => {
                println!(
                    "{date}：评估有效众创空间 {} 个（{:.2} 秒）；新发现 {} 项，已消除 {} 项；待认定机构决定 {} 项；状态变更 {} 项",
                    r.spaces,
                    started.elapsed().as_secs_f64(),
                    r.new_findings,
                    r.resolved,
                    r.for_decision,
                    r.changes.len()
                );
                for c in &r.changes {
                    println!("  众创空间 {}：{}", c.space_id, c.reason);
                }
            }
        }
        Ok(ExitCode::SUCCESS)
    })?
}

/// Writes the register.
pub fn export(cli: &Cli, args: &ExportArgs) -> Result<ExitCode> {
    block_on(async {
        let cw = service(cli, &args.store).await?;
        let entries = cw.export(&Default::default()).await?;
        let text = match args.format {
            RegisterFormat::Json => serde_json::to_string_pretty(&entries)? + "\n",
            RegisterFormat::Csv => transfer::to_csv(&entries),
        };
        match &args.out {
            Some(path) => {
                std::fs::write(path, text)
                    .with_context(|| format!("无法写入 {}", path.display()))?;
                eprintln!("已导出 {} 条名录记录到 {}", entries.len(), path.display());
            }
            None => print!("{text}"),
        }
        Ok(ExitCode::SUCCESS)
    })?
}

/// Reads a register file and enters it, all or nothing.
pub fn import(cli: &Cli, args: &ImportArgs) -> Result<ExitCode> {
    let text = std::fs::read_to_string(&args.file)
        .with_context(|| format!("无法读取 {}（须为 UTF-8 文本）", args.file.display()))?;
    block_on(async {
        let cw = service(cli, &args.store).await?;
        let entries = match transfer::parse(&text) {
            Ok(e) => e,
            Err(e) => {
                eprintln!("错误：{e}");
                return Ok(ExitCode::from(1));
            }
        };
        match cw.import(&store::Actor::system(), &entries).await {
            Ok(ids) => {
                println!("已导入 {} 条名录记录", ids.len());
                Ok(ExitCode::SUCCESS)
            }
            Err(casework::CaseworkError::Import { errors }) => {
                eprintln!("导入未执行（全部或全不），共 {} 处问题：", errors.len());
                for e in errors {
                    eprintln!("  {e}");
                }
                Ok(ExitCode::from(1))
            }
            Err(e) => Err(e.into()),
        }
    })?
}
