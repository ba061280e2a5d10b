//! The self-check's stages, as the server runs them on one request: the profile's JSON text read
//! against the dictionary, the decision, the explained report, its JSON.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use policy::Library;
use rules::eligibility;
use rules::profile::Profile;

fn bench(c: &mut Criterion) {
    let lib = Library::embedded().expect("embedded policies");
    let id = "xinjiang-2019";
    let measure = lib.get(id).expect("measure");
    let toml = include_str!("../tests/profiles/xinjiang-2019.toml");
    let profile = Profile::from_toml(toml, &lib.facts).expect("profile");
    let json = serde_json::to_string(&profile).expect("json");
    c.bench_function("self_check/parse json", |b| {
        b.iter(|| Profile::from_json(black_box(&json), &lib.facts))
    });
    // The ordinary reader, through a `serde_json::Value`: what invalid profiles take, and
    // what every profile took before the quick reader.
    c.bench_function("self_check/parse json via Value", |b| {
        b.iter(|| {
            let value: serde_json::Value = serde_json::from_str(black_box(&json)).expect("json");
            Profile::from_json_value(&value, &lib.facts)
        })
    });
    let decision = eligibility::decide(&lib, measure, &profile);
    c.bench_function("self_check/decide", |b| {
        b.iter(|| eligibility::decide(&lib, measure, black_box(&profile)))
    });
    c.bench_function("self_check/explain", |b| {
        b.iter(|| eligibility::explain(&lib, measure, black_box(&profile), &decision))
    });
    let report = eligibility::explain(&lib, measure, &profile, &decision);
    c.bench_function("self_check/serialize", |b| {
        b.iter(|| serde_json::to_vec(black_box(&report)))
    });
    let engine = eligibility::Engine::new(&lib, measure);
    let mut scratch = eligibility::JsonScratch::default();
    let mut out = Vec::new();
    c.bench_function(
        "self_check/check_json (decide + report JSON, the fast path)",
        |b| {
            b.iter(|| {
                out.clear();
                engine.check_json(black_box(&profile), &mut scratch, &mut out);
                out.len()
            })
        },
    );
    c.bench_function(
        "self_check/check + serialize (the report built, then serialised)",
        |b| b.iter(|| serde_json::to_vec(&eligibility::check(&lib, measure, black_box(&profile)))),
    );
    c.bench_function("self_check/profile serialize", |b| {
        b.iter(|| serde_json::to_vec(black_box(&profile)))
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
