//! `makerspace policy coverage [ID]`: how every article of a measure is handled.

use std::process::ExitCode;

use anyhow::{Result, bail};
use policy::model::Triage;
use policy::{Library, LoadedMeasure};
use serde_json::json;

use crate::cli::Format;

fn encoded_by(m: &LoadedMeasure, article: &policy::law::Citation) -> Vec<String> {
    let mut by: Vec<String> = m
        .measure
        .cited_elements()
        .iter()
        .filter(|(_, e)| &e.provision().cite.article_only() == article)
        .map(|(kind, e)| format!("{kind}:{}", e.element_id()))
        .collect();
    if &m.measure.measure.effective_cite.article_only() == article {
        by.push("施行日期".to_string());
    }
    by
}

/// Prints the coverage map of one or all measures.
pub fn run(library: &Library, id: Option<&str>, format: Format) -> Result<ExitCode> {
    let measures: Vec<&LoadedMeasure> = match id {
        Some(id) => match library.get(id) {
            Some(m) => vec![m],
            None => bail!("没有编号为「{id}」的办法"),
        },
        None => library.measures().iter().collect(),
    };
    let mut json_out = Vec::new();
    for m in measures {
        let id = &m.measure.measure;
        let mut rows = Vec::new();
        for t in &m.measure.article {
            let by = encoded_by(m, &t.cite);
            let detail = match t.status {
                Triage::Encoded => by.join("、"),
                Triage::Procedural => format!("环节：{}", t.stages.join("、")),
                Triage::NotCheckable => t.reason.clone().unwrap_or_default(),
            };
            rows.push((t.cite.to_string(), t.status, detail, by));
        }
        match format {
            Format::Json => json_out.push(json!({
                "policy": id.id,
                "articles": rows.iter().map(|(a, s, d, by)| json!({"article": a, "status": s, "detail": d, "cited_by": by})).collect::<Vec<_>>(),
            })),
            Format::Text | Format::Markdown => {
                let count = |s: Triage| rows.iter().filter(|r| r.1 == s).count();
                println!(
                    "## {}（{}）：共 {} 条，已编码 {}，程序性 {}，不可机器判断 {}\n",
                    id.title,
                    id.id,
                    rows.len(),
                    count(Triage::Encoded),
                    count(Triage::Procedural),
                    count(Triage::NotCheckable)
                );
                println!("| 条款 | 处理 | 依据 |\n|---|---|---|");
                for (a, s, d, _) in &rows {
                    println!("| {a} | {} | {} |", s.label(), d.replace('|', "\\|"));
                }
                println!();
            }
        }
    }
    if format == Format::Json {
        println!("{}", serde_json::to_string_pretty(&json_out)?);
    }
    Ok(ExitCode::SUCCESS)
}
