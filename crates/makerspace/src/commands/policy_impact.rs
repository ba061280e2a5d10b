//! `makerspace policy impact NEW_FILE --profiles FILE.jsonl`: who would change outcome under a
//! changed measure, before the change takes effect.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use policy::Library;
use rules::eligibility::{self, EligibilityReport};
use rules::profile::Profile;
use serde_json::json;

use crate::cli::Format;

/// One profile whose outcome changes.
struct Change {
    line: usize,
    name: String,
    before: EligibilityReport,
    after: EligibilityReport,
}

fn condition_changes(c: &Change) -> Vec<String> {
    let mut out = Vec::new();
    for a in &c.after.conditions {
        let before = c.before.conditions.iter().find(|b| b.id == a.id);
        match before {
            Some(b) if b.status == a.status => {}
            Some(b) => out.push(format!(
                "{} {}：{} → {}",
                a.article,
                a.label,
                b.status.label(),
                a.status.label()
            )),
            None => out.push(format!(
                "{} {}（新增条件）：{}",
                a.article,
                a.label,
                a.status.label()
            )),
        }
    }
    for b in &c.before.conditions {
        if !c.after.conditions.iter().any(|a| a.id == b.id) {
            out.push(format!("{} {}（删除的条件）", b.article, b.label));
        }
    }
    out
}

/// Re-judges every profile under the current and the changed measure.
pub fn run(library: &Library, file: &Path, profiles: &Path, format: Format) -> Result<ExitCode> {
    let changed = match library.load_path(file)? {
        Ok(m) => m,
        Err(found) => {
            for d in &found {
                eprintln!("{d}");
            }
            bail!("修订后的政策文件未通过检查，无法评估影响");
        }
    };
    let current = library
        .get(changed.id())
        .with_context(|| format!("现行办法中没有编号为「{}」的办法，无从比较", changed.id()))?;
    let reader = BufReader::new(
        std::fs::File::open(profiles)
            .with_context(|| format!("无法读取 {}", profiles.display()))?,
    );
    let (mut total, mut bad) = (0usize, 0usize);
    let mut changes = Vec::new();
    for (i, line) in reader.lines().enumerate() {
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        let profile = match Profile::from_json(&line, &library.facts) {
            Ok(p) => p,
            Err(e) => {
                eprintln!("第 {} 行：{}", i + 1, e.to_string().replace('\n', "；"));
                bad += 1;
                continue;
            }
        };
        total += 1;
        let before = eligibility::check(library, current, &profile);
        let after = eligibility::check(library, &changed, &profile);
        if before.verdict != after.verdict {
            let name = profile
                .get(&"operator.name".into())
                .map_or_else(|| format!("第 {} 行", i + 1), |v| v.to_string());
            changes.push(Change {
                line: i + 1,
                name,
                before,
                after,
            });
        }
    }
    match format {
        Format::Json => {
            let rows: Vec<_> = changes
                .iter()
                .map(|c| json!({ "line": c.line, "name": c.name, "before": c.before.verdict, "after": c.after.verdict, "conditions": condition_changes(c) }))
                .collect();
            let doc = json!({
                "schema": "makerspace.policy-impact/1", "policy": changed.id(),
                "current_hash": current.hash, "changed_hash": changed.hash,
                "profiles": total, "changed": rows,
            });
            println!("{}", serde_json::to_string_pretty(&doc)?);
        }
        Format::Text | Format::Markdown => {
            println!("# 政策影响评估：{}\n", changed.measure.measure.title);
            println!(
                "现行版本 {}，修订版本 {}；共核查 {total} 份档案，{} 份结论将改变。\n",
                current.hash.short(),
                changed.hash.short(),
                changes.len()
            );
            for c in &changes {
                println!(
                    "- {}：{} → {}",
                    c.name, c.before.verdict_label, c.after.verdict_label
                );
                for d in condition_changes(c) {
                    println!("  - {d}");
                }
            }
        }
    }
    if bad > 0 {
        eprintln!("{bad} 行档案有误，未计入。");
    }
    Ok(ExitCode::SUCCESS)
}
