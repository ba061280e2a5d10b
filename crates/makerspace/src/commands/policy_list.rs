//! `makerspace policy list` and `makerspace policy in-force`.

use std::process::ExitCode;

use anyhow::{Context, Result};
use jiff::civil::Date;
use policy::Library;
use policy::model::RegionCode;
use serde_json::json;

use crate::cli::Format;

/// Lists every measure.
pub fn list(library: &Library, format: Format) -> Result<ExitCode> {
    let rows: Vec<_> = library
        .measures()
        .iter()
        .map(|m| {
            let id = &m.measure.measure;
            json!({
                "id": id.id, "version": id.version, "title": id.title, "kind": id.kind.label(),
                "document_number": id.document_number, "jurisdiction": id.jurisdiction.name,
                "region": id.jurisdiction.code, "effective_from": id.effective_from,
                "effective_until": id.effective_until, "conditions": m.measure.condition.len(),
                "hash": m.hash,
            })
        })
        .collect();
    match format {
        Format::Json => println!("{}", serde_json::to_string_pretty(&rows)?),
        Format::Text | Format::Markdown => {
            println!("| 编号 | 办法 | 文号 | 地区 | 施行 | 条件数 |\n|---|---|---|---|---|---|");
            for m in library.measures() {
                let id = &m.measure.measure;
                println!(
                    "| {} | {} | {} | {}（{}） | {} 起{} | {} |",
                    id.id,
                    id.title,
                    id.document_number.as_deref().unwrap_or("—"),
                    id.jurisdiction.name,
                    id.jurisdiction.code,
                    id.effective_from,
                    id.effective_until
                        .map(|u| format!("至 {u}"))
                        .unwrap_or_default(),
                    m.measure.condition.len()
                );
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Prints the measure in force for a region on a date.
pub fn in_force(library: &Library, region: &str, date: Option<&str>) -> Result<ExitCode> {
    let region = RegionCode::parse(region).map_err(anyhow::Error::msg)?;
    let date = match date {
        Some(d) => d
            .parse::<Date>()
            .with_context(|| format!("日期「{d}」无效，应为 YYYY-MM-DD"))?,
        None => casework::dates::today(),
    };
    match library.in_force(&region, date) {
        Some(m) => {
            let id = &m.measure.measure;
            println!(
                "{region} 于 {date} 施行：{}（{}，{}）",
                id.title, id.id, m.hash
            );
            Ok(ExitCode::SUCCESS)
        }
        None => {
            println!("{region} 于 {date} 没有施行中的办法。");
            Ok(ExitCode::FAILURE)
        }
    }
}
