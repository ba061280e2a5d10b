//! `makerspace facts`: the fact dictionary, with the articles that use each fact (derived from
//! the loaded policies, never kept by hand).

use std::collections::BTreeMap;
use std::process::ExitCode;

use anyhow::Result;
use policy::Library;
use policy::facts::{FactDef, FactName};
use serde_json::json;

use crate::cli::Format;

fn used_by(library: &Library) -> BTreeMap<FactName, Vec<String>> {
    let mut out: BTreeMap<FactName, Vec<String>> = BTreeMap::new();
    for m in library.measures() {
        let short = &m.measure.measure.short_name;
        let mut add = |f: &FactName, cite: String| {
            let entry = out.entry(f.clone()).or_default();
            let label = format!("{short} {cite}");
            if !entry.contains(&label) {
                entry.push(label);
            }
        };
        for c in &m.measure.condition {
            for f in c.rule.facts() {
                add(f, c.cite.to_string());
            }
            if let Some(g) = &c.applies_if {
                add(&g.fact, c.cite.to_string());
            }
        }
        for e in &m.measure.exclusion {
            add(&e.fact, e.cite.to_string());
        }
        for f in &m.measure.form_field {
            if let Some(fact) = &f.fact {
                add(fact, f.cite.to_string());
            }
        }
        if let Some(a) = &m.measure.appraisal {
            for i in &a.item {
                add(&i.input, i.cite.to_string());
            }
            for o in &a.override_ {
                add(&o.input, o.cite.to_string());
            }
        }
    }
    out
}

fn row(def: &FactDef, used: &BTreeMap<FactName, Vec<String>>) -> serde_json::Value {
    json!({
        "name": def.name, "type": def.ty, "unit": def.unit, "label": def.label, "meaning": def.meaning,
        "origin": def.origin,
        "choices": def.choices.iter().map(|c| json!({"id": c.id, "label": c.label})).collect::<Vec<_>>(),
        "used_by": used.get(&def.name).cloned().unwrap_or_default(),
    })
}

/// Prints the dictionary.
pub fn run(library: &Library, format: Format) -> Result<ExitCode> {
    let used = used_by(library);
    match format {
        Format::Json => {
            let doc = json!({
                "schema": "makerspace.facts/1",
                "facts": library.facts.facts().map(|d| row(d, &used)).collect::<Vec<_>>(),
                "appraisal_inputs": library.facts.appraisal_inputs().map(|d| row(d, &used)).collect::<Vec<_>>(),
            });
            println!("{}", serde_json::to_string_pretty(&doc)?);
        }
        Format::Text | Format::Markdown => {
            for (title, defs) in [
                ("众创空间事实", library.facts.facts().collect::<Vec<_>>()),
                ("绩效考核输入", library.facts.appraisal_inputs().collect()),
            ] {
                println!(
                    "## {title}\n\n| 名称 | 类型 | 单位 | 中文名 | 引用条款 |\n|---|---|---|---|---|"
                );
                for d in defs {
                    let choices = if d.choices.is_empty() {
                        String::new()
                    } else {
                        format!(
                            "（{}）",
                            d.choices
                                .iter()
                                .map(|c| format!("{}={}", c.id, c.label))
                                .collect::<Vec<_>>()
                                .join("，")
                        )
                    };
                    println!(
                        "| {} | {}{} | {} | {} | {} |",
                        d.name,
                        d.ty.label(),
                        choices,
                        d.display_unit(),
                        d.label,
                        used.get(&d.name)
                            .map(|u| u.join("；"))
                            .unwrap_or_else(|| "—".into())
                    );
                }
                println!();
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
