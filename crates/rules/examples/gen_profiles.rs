//! Generates space profiles for the batch benchmark, one JSON object per line, on standard
//! output: `cargo run --release -p rules --example gen_profiles -- 1000000 > /tmp/p.jsonl`.
//!
//! Deterministic: line `i` depends only on `i` (and an optional seed, the second argument). Each
//! line starts from one of the four passing profiles in `tests/profiles/` (in turn) and moves
//! its quantities and dates around the thresholds the policies name (the number itself, just
//! below, just above), so every verdict occurs; parts are kept within their whole and a lease
//! ends after it starts, so the lines are valid profiles.

use std::collections::BTreeMap;
use std::io::{BufWriter, Write};

use policy::Library;
use policy::model::Rule;
use serde_json::Value;

const BASES: [&str; 4] = [
    include_str!("../tests/profiles/inner-mongolia-2020.toml"),
    include_str!("../tests/profiles/xinjiang-2019.toml"),
    include_str!("../tests/profiles/shuozhou-2016.toml"),
    include_str!("../tests/profiles/anshan-2020.toml"),
];

/// splitmix64: a small deterministic generator, so the output never depends on a crate version.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }

    fn chance(&mut self, one_in: u64) -> bool {
        self.below(one_in) == 0
    }
}

fn toml_to_json(v: &toml::Value) -> Value {
    match v {
        toml::Value::String(s) => Value::String(s.clone()),
        toml::Value::Integer(i) => Value::from(*i),
        toml::Value::Float(f) => Value::from(*f),
        toml::Value::Boolean(b) => Value::Bool(*b),
        toml::Value::Datetime(d) => Value::String(d.to_string()),
        toml::Value::Array(a) => Value::Array(a.iter().map(toml_to_json).collect()),
        toml::Value::Table(t) => Value::Object(
            t.iter()
                .map(|(k, v)| (k.clone(), toml_to_json(v)))
                .collect(),
        ),
    }
}

/// Every number a policy compares a fact with (thresholds, and per-count bases).
fn thresholds(library: &Library) -> BTreeMap<String, Vec<i64>> {
    fn walk(rule: &Rule, out: &mut BTreeMap<String, Vec<i64>>) {
        match rule {
            Rule::Threshold { fact, value, .. } => {
                if let Ok(v) = i64::try_from(value.trunc()) {
                    out.entry(fact.to_string()).or_default().push(v);
                }
            }
            Rule::PerCount { base, per, .. } => {
                out.entry(base.to_string())
                    .or_default()
                    .push(i64::from(*per));
            }
            Rule::AnyOf { branches: b } | Rule::AllOf { parts: b } => {
                b.iter().for_each(|b| walk(&b.rule, out));
            }
            Rule::Cases { cases, .. } => cases.iter().for_each(|c| walk(&c.rule, out)),
            _ => {}
        }
    }
    let mut out = BTreeMap::new();
    for m in library.measures() {
        for c in &m.measure.condition {
            walk(&c.rule, &mut out);
        }
    }
    out
}

fn number(v: &Value) -> Option<i64> {
    v.as_i64().or_else(|| v.as_f64().map(|f| f as i64))
}

/// Moves every number and date of a profile around the thresholds.
fn vary(value: &mut Value, path: &str, rng: &mut Rng, limits: &BTreeMap<String, Vec<i64>>) {
    match value {
        Value::Object(map) => {
            for (k, v) in map.iter_mut() {
                if path.is_empty() && (k == "as_of" || k == "policy") {
                    continue;
                }
                let name = if path.is_empty() {
                    k.clone()
                } else {
                    format!("{path}.{k}")
                };
                vary(v, &name, rng, limits);
            }
        }
        Value::Number(n) => {
            let Some(have) = number(&Value::Number(n.clone())) else {
                return;
            };
            let next = match (rng.below(3), limits.get(path)) {
                // Keep the passing value a third of the time.
                (0, _) => have,
                // At a threshold, one below or one above it.
                (1, Some(ts)) => {
                    let t = ts[rng.below(ts.len() as u64) as usize];
                    t + rng.below(3) as i64 - 1
                }
                // Otherwise scaled by 50 %..150 %.
                _ => have * (50 + rng.below(101) as i64) / 100,
            };
            *value = Value::from(next.max(0));
        }
        Value::Bool(b) if rng.chance(20) => *b = !*b,
        Value::String(s) if is_date(s) && path.contains('.') && rng.chance(3) => {
            // Dates move up to ±120 days: elapsed periods and lease terms straddle their ends.
            if let Ok(d) = s.parse::<jiff::civil::Date>() {
                let shift = rng.below(241) as i64 - 120;
                if let Ok(d) = d.checked_add(jiff::Span::new().days(shift)) {
                    *s = d.to_string();
                }
            }
        }
        _ => {}
    }
}

fn is_date(s: &str) -> bool {
    s.len() == 10 && s.as_bytes()[4] == b'-' && s.as_bytes()[7] == b'-'
}

fn get<'a>(v: &'a mut Value, path: &str) -> Option<&'a mut Value> {
    path.split('.').try_fold(v, |v, k| v.get_mut(k))
}

/// Keeps the profile valid: parts within their whole, a lease ending after it starts, a
/// registration and a start by the check date.
fn repair(library: &Library, v: &mut Value) {
    for c in library.facts.constraints() {
        match c {
            policy::facts::Constraint::PartOfWhole { parts, whole } => {
                let sum: i64 = parts
                    .iter()
                    .filter_map(|p| get(v, p.as_str()).and_then(|x| number(x)))
                    .sum();
                if let Some(w) = get(v, whole.as_str())
                    && number(w).is_some_and(|w| w < sum)
                {
                    *w = Value::from(sum);
                }
            }
            policy::facts::Constraint::DateOrder { before, after } => {
                let first = get(v, before.as_str())
                    .and_then(|x| x.as_str().map(str::to_string))
                    .and_then(|s| s.parse::<jiff::civil::Date>().ok());
                if let (Some(first), Some(last)) = (first, get(v, after.as_str()))
                    && last
                        .as_str()
                        .and_then(|s| s.parse::<jiff::civil::Date>().ok())
                        .is_some_and(|l| l <= first)
                    && let Ok(d) = first.tomorrow()
                {
                    *last = Value::String(d.to_string());
                }
            }
            policy::facts::Constraint::NotAfterCheckDate { facts } => {
                let as_of = v.get("as_of").and_then(Value::as_str).map(str::to_string);
                for f in facts {
                    if let (Some(as_of), Some(d)) = (&as_of, get(v, f.as_str()))
                        && d.as_str().is_some_and(|d| d > as_of.as_str())
                    {
                        *d = Value::String(as_of.clone());
                    }
                }
            }
        }
    }
}

fn main() {
    let mut args = std::env::args().skip(1);
    let count: u64 = args
        .next()
        .and_then(|a| a.parse().ok())
        .unwrap_or(1_000_000);
    let seed: u64 = args.next().and_then(|a| a.parse().ok()).unwrap_or(0);
    let library = Library::embedded().expect("embedded policies");
    let limits = thresholds(&library);
    let bases: Vec<Value> = BASES
        .iter()
        .map(|t| {
            toml_to_json(
                &t.parse::<toml::Table>()
                    .map(toml::Value::Table)
                    .expect("toml"),
            )
        })
        .collect();
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    for i in 0..count {
        let mut rng = Rng(seed ^ i.wrapping_mul(0xA24B_AED4_963E_E407));
        let mut p = bases[(i % 4) as usize].clone();
        vary(&mut p, "", &mut rng, &limits);
        repair(&library, &mut p);
        // One line in 50 names no measure: the batch picks the one in force for its region.
        if rng.chance(50)
            && let Value::Object(map) = &mut p
        {
            map.remove("policy");
        }
        serde_json::to_writer(&mut out, &p).expect("write");
        out.write_all(b"\n").expect("write");
    }
    out.flush().expect("flush");
}
