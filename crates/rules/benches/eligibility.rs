//! One profile against one measure: the decision alone (the batch path: verdict, every
//! condition's status and typed findings), and the full check (the decision plus the Chinese
//! report, the receipt and, when ineligible, the way to eligible). One passing profile per
//! measure (`tests/profiles/`), and an ineligible one for the advice path.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use policy::Library;
use rules::eligibility::{self, Decision, Engine};
use rules::profile::{FactValue, Profile};

const MEASURES: [(&str, &str); 4] = [
    (
        "inner-mongolia-2020",
        include_str!("../tests/profiles/inner-mongolia-2020.toml"),
    ),
    (
        "xinjiang-2019",
        include_str!("../tests/profiles/xinjiang-2019.toml"),
    ),
    (
        "shuozhou-2016",
        include_str!("../tests/profiles/shuozhou-2016.toml"),
    ),
    (
        "anshan-2020",
        include_str!("../tests/profiles/anshan-2020.toml"),
    ),
];

fn bench(c: &mut Criterion) {
    let lib = Library::embedded().expect("embedded policies");
    for (id, text) in MEASURES {
        let measure = lib.get(id).expect("measure");
        let profile = Profile::from_toml(text, &lib.facts).expect("profile");
        assert!(
            eligibility::decide(&lib, measure, &profile)
                .verdict()
                .is_eligible()
        );
        c.bench_function(&format!("eligibility/decide/{id}"), |b| {
            b.iter(|| eligibility::decide(&lib, black_box(measure), black_box(&profile)))
        });
        let engine = Engine::new(&lib, measure);
        let mut reused = Decision::default();
        c.bench_function(
            &format!("eligibility/engine.decide_into (batch path)/{id}"),
            |b| {
                b.iter(|| {
                    engine.decide_into(black_box(&profile), &mut reused);
                    reused.verdict()
                })
            },
        );
        c.bench_function(&format!("eligibility/check (full report)/{id}"), |b| {
            b.iter(|| eligibility::check(&lib, black_box(measure), black_box(&profile)))
        });
    }
    // An ineligible profile: the full check also searches the way to eligible.
    let (id, text) = MEASURES[0];
    let measure = lib.get(id).expect("measure");
    let mut profile = Profile::from_toml(text, &lib.facts).expect("profile");
    profile.facts.insert(
        "premises.public_area_m2".into(),
        FactValue::Quantity(rust_decimal::Decimal::from(10)),
    );
    assert!(
        !eligibility::decide(&lib, measure, &profile)
            .verdict()
            .is_eligible()
    );
    c.bench_function(&format!("eligibility/decide (ineligible)/{id}"), |b| {
        b.iter(|| eligibility::decide(&lib, black_box(measure), black_box(&profile)))
    });
    c.bench_function(
        &format!("eligibility/check (ineligible, with the way to eligible)/{id}"),
        |b| b.iter(|| eligibility::check(&lib, black_box(measure), black_box(&profile))),
    );
}

criterion_group!(benches, bench);
criterion_main!(benches);
