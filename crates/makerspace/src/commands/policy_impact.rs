//! `makerspace policy impact NEW_FILE --profiles FILE.jsonl`: who would change outcome under a
//! changed measure, before the change takes effect.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::{Context, Result, bail};
use policy::Library;
use rules::eligibility::{self, EligibilityReport};
use rules::profile::Profile;
use serde_json::json;

use super::store_open;
use crate::cli::{Format, StoreArgs};

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

/// A profile to re-judge, with the name it is reported under.
struct Subject {
    name: String,
    profile: Profile,
}

/// Profiles from a JSON-lines file; bad lines are reported and skipped.
fn from_file(library: &Library, path: &Path) -> Result<(Vec<Subject>, usize)> {
    let reader = BufReader::new(
        std::fs::File::open(path).with_context(|| format!("无法读取 {}", path.display()))?,
    );
    let (mut out, mut bad) = (Vec::new(), 0usize);
    for (i, line) in reader.lines().enumerate() {
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        match Profile::from_json(&line, &library.facts) {
            Ok(profile) => {
                let name = profile
                    .get(&"operator.name".into())
                    .map_or_else(|| format!("第 {} 行", i + 1), |v| v.to_string());
                out.push(Subject { name, profile });
            }
            Err(e) => {
                eprintln!("第 {} 行：{}", i + 1, e.to_string().replace('\n', "；"));
                bad += 1;
            }
        }
    }
    Ok((out, bad))
}

/// The register's spaces and the open cases of a measure, from the store.
fn from_store(library: &Library, measure: &str, args: &StoreArgs) -> Result<(Vec<Subject>, usize)> {
    store_open::block_on(async {
        let store = store::Store::open(&store_open::config(args)).await?;
        let work = casework::Casework::new(store, Arc::new(library.clone()));
        let filter = casework::QueueFilter {
            measure: Some(measure.to_string()),
            ..Default::default()
        };
        let cases = work.queue(&filter, casework::Page::ALL).await?;
        let (mut out, mut bad) = (Vec::new(), 0usize);
        for summary in cases
            .items
            .iter()
            .filter(|c| matches!(c.state.as_str(), "at_stage" | "returned" | "recognised"))
        {
            let record = work.case(summary.id).await?;
            match Profile::from_json_value(&record.profile, &library.facts) {
                Ok(profile) => {
                    let org = profile.get(&"operator.name".into()).map_or_else(
                        || format!("单位 {}", summary.applicant_org_id),
                        |v| v.to_string(),
                    );
                    let what = if summary.state == "recognised" {
                        "已认定"
                    } else {
                        "办理中"
                    };
                    out.push(Subject {
                        name: format!("案件 {}（{org}，{what}）", summary.id),
                        profile,
                    });
                }
                Err(e) => {
                    eprintln!("案件 {}：{}", summary.id, e.to_string().replace('\n', "；"));
                    bad += 1;
                }
            }
        }
        anyhow::Ok((out, bad))
    })?
}

/// Re-judges every profile under the current and the changed measure.
pub fn run(
    library: &Library,
    file: &Path,
    profiles: Option<&Path>,
    store: &StoreArgs,
    format: Format,
) -> Result<ExitCode> {
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
    let (subjects, bad) = match profiles {
        Some(path) => from_file(library, path)?,
        None => from_store(library, changed.id(), store)?,
    };
    let total = subjects.len();
    let mut changes = Vec::new();
    for (i, s) in subjects.into_iter().enumerate() {
        let before = eligibility::check(library, current, &s.profile);
        let after = eligibility::check(library, &changed, &s.profile);
        if before.verdict != after.verdict {
            changes.push(Change {
                line: i + 1,
                name: s.name,
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
