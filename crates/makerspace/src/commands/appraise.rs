//! `makerspace appraise`: an appraisal input against a measure's appraisal; batch mode over
//! JSONL (one result per line) and a distribution report over a batch.
//!
//! Exit codes: 0 appraised; 2 bad input (the input, the measure id, or any bad batch line, the
//! good lines being appraised all the same).

use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context, Result};
use policy::{Library, LoadedMeasure};
use rules::appraisal::{self, AppraisalError, AppraisalInput, Distribution, Plan, Values, render};

use crate::cli::{AppraiseArgs, Cli, Format};

/// Exit code for a bad input.
const BAD_INPUT: u8 = 2;

/// Runs the command.
pub fn run(cli: &Cli, args: &AppraiseArgs) -> Result<ExitCode> {
    let library = super::library(cli)?;
    let Some(measure) = library.get(&args.policy) else {
        let known: Vec<&str> = library.measures().iter().map(|m| m.id()).collect();
        eprintln!(
            "没有编号为「{}」的办法；现有：{}",
            args.policy,
            known.join("、")
        );
        return Ok(ExitCode::from(BAD_INPUT));
    };
    if measure.measure.appraisal.is_none() {
        eprintln!("办法「{}」没有绩效考核规定", args.policy);
        return Ok(ExitCode::from(BAD_INPUT));
    }
    // The measure's appraisal compiled once: every input below is scored through it.
    let plan = match Plan::new(measure) {
        Ok(p) => p,
        Err(e) => {
            eprintln!("{e}");
            return Ok(ExitCode::from(BAD_INPUT));
        }
    };
    if let Some(batch) = &args.batch {
        return batch_run(&library, measure, &plan, batch, args.report, args.format);
    }
    let path = args.input.as_deref().context("须给出考核输入文件")?;
    // Every problem of the input at once: its own (names, types, negatives) and those against
    // the measure (inputs not used, a grade given to an index table or missing).
    let (input, values) = match read_input(&library, &plan, path) {
        Ok(i) => i,
        Err(errors) => {
            eprintln!("考核输入有误，未作考核：");
            for e in errors {
                eprintln!("  {e}");
            }
            return Ok(ExitCode::from(BAD_INPUT));
        }
    };
    let result = match appraisal::appraise_with(&library, measure, &plan, &input, &values) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("考核输入有误，未作考核：");
            match e {
                AppraisalError::Input(errors) => errors.0.iter().for_each(|e| eprintln!("  {e}")),
                other => eprintln!("  {other}"),
            }
            return Ok(ExitCode::from(BAD_INPUT));
        }
    };
    match args.format {
        Format::Text => print!("{}", render::text(&result)),
        Format::Markdown => print!("{}", render::markdown(&result)),
        Format::Json => println!("{}", serde_json::to_string_pretty(&result)?),
    }
    Ok(ExitCode::SUCCESS)
}

fn read_input(
    library: &Library,
    plan: &Plan<'_>,
    path: &Path,
) -> Result<(AppraisalInput, Values), Vec<String>> {
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
        Some("toml") => plan.read_toml(&text, &library.facts),
        _ => plan.read_json(&text, &library.facts),
    };
    parsed.map_err(|e| e.0.iter().map(ToString::to_string).collect())
}

fn batch_run(
    library: &Library,
    measure: &LoadedMeasure,
    plan: &Plan<'_>,
    path: &Path,
    report: bool,
    format: Format,
) -> Result<ExitCode> {
    let file = std::fs::File::open(path).with_context(|| format!("无法读取 {}", path.display()))?;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut dist = Distribution::new(measure);
    let (mut ok, mut bad) = (0u64, 0u64);
    // One line buffer, reused: memory stays constant whatever the batch size.
    let mut reader = BufReader::with_capacity(1 << 16, file);
    let mut line = String::new();
    for i in 0.. {
        line.clear();
        let read = reader
            .read_line(&mut line)
            .with_context(|| format!("第 {} 行无法读取", i + 1))?;
        if read == 0 {
            break;
        }
        if line.trim().is_empty() {
            continue;
        }
        let (input, values) = match plan.read_json(&line, &library.facts) {
            Ok(read) => read,
            Err(e) => {
                eprintln!("第 {} 行：{e}", i + 1);
                bad += 1;
                dist.reject();
                continue;
            }
        };
        let outcome = if report {
            // The report aggregates as it streams: nothing is kept per line.
            plan.summarize(&values).map(|s| dist.add(&s))
        } else {
            match appraisal::appraise_with(library, measure, plan, &input, &values) {
                Ok(r) => {
                    serde_json::to_writer(&mut out, &r)?;
                    writeln!(out)?;
                    Ok(())
                }
                Err(e) => Err(e),
            }
        };
        match outcome {
            Ok(()) => ok += 1,
            Err(e) => {
                eprintln!("第 {} 行：{e}", i + 1);
                bad += 1;
                dist.reject();
            }
        }
    }
    if report {
        let dist = dist.finish();
        match format {
            Format::Json => {
                serde_json::to_writer_pretty(&mut out, &dist)?;
                writeln!(out)?;
            }
            Format::Text => write!(out, "{}", render::distribution(&dist, false))?,
            Format::Markdown => write!(out, "{}", render::distribution(&dist, true))?,
        }
    }
    out.flush()?;
    eprintln!("已考核 {ok} 份，{bad} 行有误。");
    Ok(if bad == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(BAD_INPUT)
    })
}
