//! `makerspace check`: a profile against a measure (or all measures in force), and batch mode.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, IsTerminal, Write};
use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use indicatif::{ProgressBar, ProgressStyle};
use jiff::civil::Date;
use policy::{Library, LoadedMeasure};
use rules::eligibility::{self, EligibilityReport, Status, render};
use rules::profile::{FactValue, Profile};

use crate::cli::{CheckArgs, Cli, Format};

/// Exit code for a bad input (the profile or the command line).
const BAD_INPUT: u8 = 2;

/// Runs the command.
pub fn run(cli: &Cli, args: &CheckArgs) -> Result<ExitCode> {
    let library = super::library(cli)?;
    let as_of = args.as_of.as_deref().map(parse_date).transpose()?;
    if let Some(batch) = &args.batch {
        let opts = BatchOptions {
            policy: args.policy.as_deref(),
            all: args.all,
            as_of,
            explain: args.explain,
        };
        return batch_run(&library, batch, opts);
    }
    let path = args.profile.as_deref().context("须给出档案文件")?;
    let mut profile = match read_profile(&library, path) {
        Ok(p) => p,
        Err(errors) => {
            eprintln!("档案有误，未作核查：");
            for e in errors {
                eprintln!("  {e}");
            }
            return Ok(ExitCode::from(BAD_INPUT));
        }
    };
    if let Some(d) = as_of {
        profile.as_of = d;
    }
    if args.all {
        return compare_all(&library, &profile, args.format);
    }
    let measure = match choose_measure(&library, &profile, args.policy.as_deref()) {
        Ok(m) => m,
        Err(message) => {
            eprintln!("{message}");
            return Ok(ExitCode::from(BAD_INPUT));
        }
    };
    let report = eligibility::check(&library, measure, &profile);
    print_report(&report, args.format)?;
    Ok(if report.verdict.is_eligible() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

fn parse_date(s: &str) -> Result<Date> {
    s.parse::<Date>()
        .with_context(|| format!("日期「{s}」无效，应为 YYYY-MM-DD"))
}

fn read_profile(library: &Library, path: &Path) -> Result<Profile, Vec<String>> {
    let text = if path == Path::new("-") {
        let mut s = String::new();
        std::io::Read::read_to_string(&mut std::io::stdin(), &mut s)
            .map_err(|e| vec![format!("无法读取标准输入：{e}")])?;
        s
    } else {
        std::fs::read_to_string(path)
            .map_err(|e| vec![format!("无法读取 {}：{e}", path.display())])?
    };
    let parsed = match path.extension().and_then(|e| e.to_str()) {
        Some("toml") => Profile::from_toml(&text, &library.facts),
        _ => Profile::from_json(&text, &library.facts),
    };
    parsed.map_err(|e| e.0.iter().map(ToString::to_string).collect())
}

fn choose_measure<'a>(
    library: &'a Library,
    profile: &Profile,
    explicit: Option<&str>,
) -> Result<&'a LoadedMeasure, String> {
    let id = explicit.or(profile.policy.as_deref());
    if let Some(id) = id {
        return library.get(id).ok_or_else(|| {
            let known: Vec<&str> = library.measures().iter().map(|m| m.id()).collect();
            format!("没有编号为「{id}」的办法；现有：{}", known.join("、"))
        });
    }
    let Some(FactValue::Region(region)) = profile.get(&"operator.region".into()) else {
        return Err(
            "未指定办法（--policy），档案中也没有注册地（operator.region），无法确定适用的办法"
                .into(),
        );
    };
    library.in_force(region, profile.as_of).ok_or_else(|| {
        format!(
            "{} 在 {} 没有施行中的办法；可用 --policy 指定",
            region, profile.as_of
        )
    })
}

fn print_report(report: &EligibilityReport, format: Format) -> Result<()> {
    match format {
        Format::Text => print!("{}", render::text(report)),
        Format::Markdown => print!("{}", render::markdown(report)),
        Format::Json => println!("{}", serde_json::to_string_pretty(report)?),
    }
    Ok(())
}

fn compare_all(library: &Library, profile: &Profile, format: Format) -> Result<ExitCode> {
    let measures = library.all_in_force(profile.as_of);
    if measures.is_empty() {
        bail!("{} 没有施行中的办法", profile.as_of);
    }
    let reports: Vec<EligibilityReport> = measures
        .iter()
        .map(|m| eligibility::check(library, m, profile))
        .collect();
    match format {
        Format::Json => {
            let rows: Vec<_> = measures
                .iter()
                .zip(&reports)
                .map(|(m, r)| serde_json::json!({ "policy": m.id(), "short_name": m.measure.measure.short_name, "report": r }))
                .collect();
            println!(
                "{}",
                serde_json::to_string_pretty(
                    &serde_json::json!({ "schema": "makerspace.compare/1", "as_of": profile.as_of, "results": rows })
                )?
            );
        }
        Format::Text | Format::Markdown => {
            let md = format == Format::Markdown;
            if md {
                println!("| 地区 | 办法 | 结论 | 不满足 / 缺少 |\n|---|---|---|---|");
            } else {
                println!(
                    "核查日 {}，按施行中的 {} 项办法逐一核查：\n",
                    profile.as_of,
                    measures.len()
                );
            }
            for (m, r) in measures.iter().zip(&reports) {
                let lacking: Vec<String> = r
                    .conditions
                    .iter()
                    .filter(|c| {
                        matches!(
                            c.status,
                            eligibility::Status::NotMet | eligibility::Status::Missing
                        )
                    })
                    .map(|c| format!("{}{}（{}）", c.article, c.label, c.status.label()))
                    .collect();
                let lacking = if lacking.is_empty() {
                    "—".to_string()
                } else {
                    lacking.join("；")
                };
                if md {
                    println!(
                        "| {} | {} | {} | {} |",
                        m.measure.measure.short_name,
                        m.id(),
                        r.verdict_label,
                        lacking
                    );
                } else {
                    println!(
                        "【{}】{}：{}\n    {}\n",
                        m.measure.measure.short_name,
                        m.id(),
                        r.verdict_label,
                        lacking
                    );
                }
            }
        }
    }
    Ok(if reports.iter().any(|r| r.verdict.is_eligible()) {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

/// What a batch writes per profile and measure.
#[derive(Debug, Clone, Copy)]
pub struct BatchOptions<'a> {
    /// The measure every line is checked against.
    pub policy: Option<&'a str>,
    /// Every measure in force on each profile's check date, one result line per measure.
    pub all: bool,
    /// The check date overriding each profile's.
    pub as_of: Option<Date>,
    /// The full report per result line instead of the decision.
    pub explain: bool,
}

/// The schema of a batch decision line.
const DECISION_SCHEMA: &str = "makerspace.decision/1";

/// Batch mode: one JSON profile per line in, one JSON result per profile and measure out,
/// streaming (one line in memory at a time). Bad lines are reported on stderr with their number
/// and skipped. On a terminal, a progress bar on stderr.
fn batch_run(library: &Library, path: &Path, opts: BatchOptions<'_>) -> Result<ExitCode> {
    let file = std::fs::File::open(path).with_context(|| format!("无法读取 {}", path.display()))?;
    let size = file.metadata().map(|m| m.len()).unwrap_or(0);
    let fixed = opts
        .policy
        .map(|id| {
            library
                .get(id)
                .with_context(|| format!("没有编号为「{id}」的办法"))
        })
        .transpose()?;
    let progress = std::io::stderr().is_terminal().then(|| {
        let bar = ProgressBar::new(size);
        bar.set_style(
            ProgressStyle::with_template(
                "{spinner} [{elapsed_precise}] {wide_bar} {bytes}/{total_bytes} ({eta}) {msg}",
            )
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
        );
        bar
    });
    let report_bad = |message: String| match &progress {
        Some(bar) => bar.suspend(|| eprintln!("{message}")),
        None => eprintln!("{message}"),
    };
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::with_capacity(1 << 16, stdout.lock());
    let mut reader = BufReader::with_capacity(1 << 16, file);
    let mut line = String::new();
    let mut decision = eligibility::Decision::default();
    let mut tally: BTreeMap<(String, &'static str), u64> = BTreeMap::new();
    let (mut ok, mut bad, mut checks, mut read, mut number) = (0u64, 0u64, 0u64, 0u64, 0u64);
    loop {
        line.clear();
        let n = reader
            .read_line(&mut line)
            .with_context(|| format!("第 {} 行无法读取", number + 1))?;
        if n == 0 {
            break;
        }
        number += 1;
        read += n as u64;
        if let Some(bar) = &progress
            && number % 4096 == 0
        {
            bar.set_position(read);
        }
        if line.trim().is_empty() {
            continue;
        }
        let mut profile = match Profile::from_json(&line, &library.facts) {
            Ok(p) => p,
            Err(e) => {
                report_bad(format!(
                    "第 {number} 行：{}",
                    e.to_string().replace('\n', "；")
                ));
                bad += 1;
                continue;
            }
        };
        if let Some(d) = opts.as_of {
            profile.as_of = d;
        }
        let measures: Vec<&LoadedMeasure> = if opts.all {
            library.all_in_force(profile.as_of)
        } else {
            match fixed.map_or_else(|| choose_measure(library, &profile, None), Ok) {
                Ok(m) => vec![m],
                Err(message) => {
                    report_bad(format!("第 {number} 行：{message}"));
                    bad += 1;
                    continue;
                }
            }
        };
        for m in measures {
            eligibility::decide_into(library, m, &profile, &mut decision);
            if opts.explain {
                let report = eligibility::explain(library, m, &profile, &decision);
                serde_json::to_writer(&mut out, &report)?;
                out.write_all(b"\n")?;
            } else {
                write_decision(&mut out, number, m, &decision)?;
            }
            checks += 1;
            let verdict = decision.verdict().code();
            match tally.get_mut(&(m.id().to_string(), verdict)) {
                Some(count) => *count += 1,
                None => {
                    tally.insert((m.id().to_string(), verdict), 1);
                }
            }
        }
        ok += 1;
    }
    out.flush()?;
    if let Some(bar) = &progress {
        bar.finish_and_clear();
    }
    eprintln!("已核查 {ok} 份档案（{checks} 次核查），{bad} 行有误。");
    let mut by_measure: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    for ((id, verdict), count) in &tally {
        by_measure
            .entry(id)
            .or_default()
            .push(format!("{verdict} {count}"));
    }
    for (id, counts) in by_measure {
        eprintln!("  {id}：{}", counts.join("，"));
    }
    Ok(if bad == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(BAD_INPUT)
    })
}

/// One decision as a JSON line: the line number, the measure, the verdict and the ids of the
/// conditions not met, missing a fact, warned (soft) and awaiting a reviewer (schema
/// `makerspace.decision/1`; conditions met or not applicable are not listed).
fn write_decision(
    out: &mut impl Write,
    line: u64,
    measure: &LoadedMeasure,
    d: &eligibility::Decision,
) -> Result<()> {
    write!(
        out,
        "{{\"schema\":\"{DECISION_SCHEMA}\",\"line\":{line},\"policy\":"
    )?;
    serde_json::to_writer(&mut *out, measure.id())?;
    write!(out, ",\"verdict\":\"{}\"", d.verdict().code())?;
    for (key, wanted) in [
        ("not_met", Status::NotMet),
        ("missing", Status::Missing),
        ("warning", Status::Warning),
        ("pending_review", Status::Reviewer),
    ] {
        write!(out, ",\"{key}\":[")?;
        let mut first = true;
        for (c, status) in measure.measure.condition.iter().zip(d.statuses()) {
            if status == wanted {
                if !first {
                    out.write_all(b",")?;
                }
                first = false;
                serde_json::to_writer(&mut *out, &c.id)?;
            }
        }
        out.write_all(b"]")?;
    }
    out.write_all(b"}\n")?;
    Ok(())
}
