//! `makerspace policy diff A B`: two measures compared rule by rule, by the facts they read.

use std::collections::BTreeMap;
use std::process::ExitCode;

use anyhow::{Context, Result};
use policy::describe;
use policy::facts::FactName;
use policy::{Library, LoadedMeasure};
use serde_json::json;

use crate::cli::Format;

/// What one measure says about one fact: (article, condition id, requirement).
type Said = Vec<(String, String, String)>;

fn by_fact(library: &Library, m: &LoadedMeasure) -> BTreeMap<FactName, Said> {
    let mut out: BTreeMap<FactName, Said> = BTreeMap::new();
    for c in &m.measure.condition {
        let facts = c.rule.facts();
        let key = facts
            .first()
            .map_or_else(|| FactName(format!("(评审) {}", c.label)), |f| (*f).clone());
        out.entry(key).or_default().push((
            c.cite.to_string(),
            c.id.clone(),
            describe::requirement(library, &c.rule),
        ));
    }
    out
}

/// Prints the differences.
pub fn run(library: &Library, left: &str, right: &str, format: Format) -> Result<ExitCode> {
    let a = library
        .get(left)
        .with_context(|| format!("没有编号为「{left}」的办法"))?;
    let b = library
        .get(right)
        .with_context(|| format!("没有编号为「{right}」的办法"))?;
    let (fa, fb) = (by_fact(library, a), by_fact(library, b));
    let mut keys: Vec<&FactName> = fa.keys().chain(fb.keys()).collect();
    keys.sort();
    keys.dedup();
    let show = |s: Option<&Said>| {
        s.map_or("（未规定）".to_string(), |v| {
            v.iter()
                .map(|(art, _, req)| format!("{art}：{req}"))
                .collect::<Vec<_>>()
                .join("；")
        })
    };
    let mut rows = Vec::new();
    for k in keys {
        let (l, r) = (fa.get(k), fb.get(k));
        let same = l.map(|v| v.iter().map(|x| &x.2).collect::<Vec<_>>())
            == r.map(|v| v.iter().map(|x| &x.2).collect::<Vec<_>>());
        if !same {
            rows.push((k.clone(), show(l), show(r)));
        }
    }
    let (na, nb) = (&a.measure.measure, &b.measure.measure);
    let others = [
        (
            "类型",
            na.kind.label().to_string(),
            nb.kind.label().to_string(),
        ),
        (
            "决定形式",
            a.measure.procedure.decision.label.clone(),
            b.measure.procedure.decision.label.clone(),
        ),
        (
            "程序环节",
            a.measure
                .procedure
                .stage
                .iter()
                .map(|s| s.label.as_str())
                .collect::<Vec<_>>()
                .join("→"),
            b.measure
                .procedure
                .stage
                .iter()
                .map(|s| s.label.as_str())
                .collect::<Vec<_>>()
                .join("→"),
        ),
        (
            "有效期",
            a.measure
                .validity
                .as_ref()
                .map_or("未规定".into(), |v| v.period.to_string()),
            b.measure
                .validity
                .as_ref()
                .map_or("未规定".into(), |v| v.period.to_string()),
        ),
        (
            "禁止申报",
            a.measure
                .ban
                .iter()
                .map(|x| x.period.to_string())
                .collect::<Vec<_>>()
                .join("、"),
            b.measure
                .ban
                .iter()
                .map(|x| x.period.to_string())
                .collect::<Vec<_>>()
                .join("、"),
        ),
    ];
    match format {
        Format::Json => {
            let doc = json!({
                "schema": "makerspace.policy-diff/1", "left": left, "right": right,
                "conditions": rows.iter().map(|(f, l, r)| json!({"fact": f, "left": l, "right": r})).collect::<Vec<_>>(),
                "other": others.iter().filter(|o| o.1 != o.2).map(|(k, l, r)| json!({"aspect": k, "left": l, "right": r})).collect::<Vec<_>>(),
            });
            println!("{}", serde_json::to_string_pretty(&doc)?);
        }
        Format::Text | Format::Markdown => {
            println!("# {} 与 {} 的差异\n", na.title, nb.title);
            println!(
                "| 事实 | {}（{}） | {}（{}） |\n|---|---|---|",
                na.short_name, left, nb.short_name, right
            );
            for (f, l, r) in &rows {
                println!("| {}（{}） | {} | {} |", library.facts.label(f), f, l, r);
            }
            println!(
                "\n| 其他 | {} | {} |\n|---|---|---|",
                na.short_name, nb.short_name
            );
            for (k, l, r) in others.iter().filter(|o| o.1 != o.2) {
                println!("| {k} | {l} | {r} |");
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
