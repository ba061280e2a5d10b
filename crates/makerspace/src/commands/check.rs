//! `makerspace check`: a profile against a measure (or all measures in force), and batch mode.

use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use jiff::civil::Date;
use policy::{Library, LoadedMeasure};
use rules::eligibility::{self, EligibilityReport, render};
use rules::profile::{FactValue, Profile};

use crate::cli::{CheckArgs, Cli, Format};

/// Exit code for a bad input (the profile or the command line).
const BAD_INPUT: u8 = 2;

/// Runs the command.
pub fn run(cli: &Cli, args: &CheckArgs) -> Result<ExitCode> {
    let library = super::library(cli)?;
    let as_of = args.as_of.as_deref().map(parse_date).transpose()?;
    if let Some(batch) = &args.batch {
        return batch_run(&library, batch, args.policy.as_deref(), as_of);
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

fn batch_run(
    library: &Library,
    path: &Path,
    policy: Option<&str>,
    as_of: Option<Date>,
) -> Result<ExitCode> {
    let file = std::fs::File::open(path).with_context(|| format!("无法读取 {}", path.display()))?;
    let fixed = policy
        .map(|id| {
            library
                .get(id)
                .with_context(|| format!("没有编号为「{id}」的办法"))
        })
        .transpose()?;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let (mut ok, mut bad) = (0u64, 0u64);
    for (i, line) in BufReader::new(file).lines().enumerate() {
        let line = line.with_context(|| format!("第 {} 行无法读取", i + 1))?;
        if line.trim().is_empty() {
            continue;
        }
        let result = Profile::from_json(&line, &library.facts)
            .map_err(|e| e.to_string())
            .and_then(|mut p| {
                if let Some(d) = as_of {
                    p.as_of = d;
                }
                let m = match fixed {
                    Some(m) => m,
                    None => choose_measure(library, &p, None)?,
                };
                Ok(eligibility::check(library, m, &p))
            });
        match result {
            Ok(report) => {
                serde_json::to_writer(&mut out, &report)?;
                writeln!(out)?;
                ok += 1;
            }
            Err(message) => {
                eprintln!("第 {} 行：{}", i + 1, message.replace('\n', "；"));
                bad += 1;
            }
        }
    }
    out.flush()?;
    eprintln!("已核查 {ok} 份档案，{bad} 行有误。");
    Ok(if bad == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(BAD_INPUT)
    })
}
