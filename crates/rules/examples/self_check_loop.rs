//! The self-check's own work (the profile's JSON read, the decision, the report's JSON) without
//! the HTTP server around it, for two uses:
//!
//! - instruction counts a check: runs one profile N times, for `valgrind --tool=callgrind`:
//!   `self_check_loop PROFILE.toml [N]`;
//! - comparing two builds byte for byte: writes the report of every profile in a JSON-lines
//!   file (from `gen_profiles`), and of variants of it with facts left out and with every
//!   qualitative condition judged, one report a line:
//!   `self_check_loop --dump PROFILES.jsonl > reports.jsonl`.
//!
//! Build: `cargo build --release -p rules --example self_check_loop`.

use std::io::{BufRead, BufWriter, Write};

/// The server's allocator (`makerspace`'s `main.rs`): the instruction counts are the server's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use policy::Library;
use policy::model::Rule;
use rules::eligibility;
use rules::profile::Profile;
use serde_json::{Value, json};

fn main() {
    let mut args = std::env::args().skip(1);
    let first = args
        .next()
        .expect("a profile (TOML), or --dump PROFILES.jsonl");
    let lib = Library::embedded().expect("embedded policies");
    if first == "--dump" {
        dump(&lib, &args.next().expect("a JSON-lines file of profiles"));
    } else {
        let n: usize = args.next().map_or(1000, |n| n.parse().expect("a count"));
        repeat(&lib, &first, n);
    }
}

fn repeat(lib: &Library, path: &str, n: usize) {
    let toml = std::fs::read_to_string(path).expect("readable profile");
    let profile = Profile::from_toml(&toml, &lib.facts).expect("a valid profile");
    let json = serde_json::to_string(&profile).expect("json");
    let measure = lib
        .get(
            profile
                .policy
                .as_deref()
                .expect("the profile names its measure"),
        )
        .expect("a known measure");
    let engine = eligibility::Engine::new(lib, measure);
    let mut scratch = eligibility::JsonScratch::default();
    let mut out = Vec::new();
    let mut total = 0;
    for _ in 0..n {
        let p = Profile::from_json(std::hint::black_box(&json), &lib.facts).expect("valid");
        out.clear();
        engine.check_json(&p, &mut scratch, &mut out);
        total += out.len();
    }
    println!("{n} checks, {} bytes each", total / n.max(1));
}

fn dump(lib: &Library, path: &str) {
    let file = std::io::BufReader::new(std::fs::File::open(path).expect("readable file"));
    let mut w = BufWriter::new(std::io::stdout().lock());
    for (i, line) in file.lines().enumerate() {
        let line = line.expect("a line");
        let base: Value = serde_json::from_str(&line).expect("a JSON profile");
        let Some(id) = base.get("policy").and_then(Value::as_str) else {
            continue;
        };
        let measure = lib.get(id).expect("a known measure");
        let mut variants = vec![base.clone()];
        // Facts left out: one group or one fact, by the line's number.
        if let Some(obj) = base.as_object() {
            let keys: Vec<&String> = obj
                .keys()
                .filter(|k| *k != "as_of" && *k != "policy")
                .collect();
            if !keys.is_empty() {
                let mut v = base.clone();
                let key = keys[i % keys.len()];
                match v.get_mut(key.as_str()) {
                    Some(Value::Object(group)) if i % 2 == 0 && !group.is_empty() => {
                        let inner: Vec<String> = group.keys().cloned().collect();
                        group.remove(&inner[i % inner.len()]);
                    }
                    _ => {
                        v.as_object_mut().map(|o| o.remove(key.as_str()));
                    }
                }
                variants.push(v);
            }
        }
        // Every qualitative condition judged, met on even lines, not met on odd ones.
        let mut reviews = serde_json::Map::new();
        for c in &measure.measure.condition {
            if matches!(c.rule, Rule::Review { .. }) {
                let note = (i % 3 != 0).then_some("现场核实");
                reviews.insert(
                    c.id.clone(),
                    json!({"met": i % 2 == 0, "reviewer": "专家甲", "note": note}),
                );
            }
        }
        if !reviews.is_empty() {
            let mut v = base.clone();
            v["reviews"] = Value::Object(reviews);
            variants.push(v);
        }
        for v in variants {
            let text = serde_json::to_string(&v).expect("json");
            let Ok(p) = Profile::from_json(&text, &lib.facts) else {
                continue;
            };
            let mut out = Vec::new();
            eligibility::check_json(lib, measure, &p, &mut out);
            w.write_all(&out).expect("write");
            w.write_all(b"\n").expect("write");
        }
    }
}
