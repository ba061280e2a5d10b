//! `makerspace export-application CASE_ID --out FILE`: a case's application form (申报书) as a
//! PDF in its jurisdiction's layout, as the portal serves it.

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::{Context, Result};
use casework::Casework;
use store::Store;

use super::library;
use super::store_open::{block_on, config};
use crate::cli::{Cli, ExportApplicationArgs};

/// Writes the PDF of one case.
pub fn run(cli: &Cli, args: &ExportApplicationArgs) -> Result<ExitCode> {
    let lib = Arc::new(library(cli)?);
    let dirs: Vec<PathBuf> = match &args.font_dir {
        Some(d) => vec![d.clone()],
        None => reports::default_font_dirs(),
    };
    let typesetter = reports::Typesetter::new(&dirs)?;
    block_on(async {
        let store = Store::open(&config(&args.store)).await?;
        let cw = Casework::new(store, lib.clone());
        let rec = cw
            .case(args.case_id)
            .await
            .with_context(|| format!("无法读取案件 {}", args.case_id))?;
        let app = reports::gather(&cw, &rec).await?;
        let m = lib
            .get(&app.measure)
            .with_context(|| format!("未加载案件适用的政策 {}", app.measure))?;
        let pdf = typesetter.pdf(&app, m, &lib.facts, casework::dates::today())?;
        std::fs::write(&args.out, &pdf)
            .with_context(|| format!("无法写入 {}", args.out.display()))?;
        eprintln!(
            "已导出案件 {} 的申报书到 {}（{} 字节）",
            args.case_id,
            args.out.display(),
            pdf.len()
        );
        Ok(ExitCode::SUCCESS)
    })?
}
