//! One appraisal against the Inner Mongolia index table: the scoring and grade (the batch path),
//! the full explained result with the next-grade advice, and reading the input.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use policy::Library;
use rules::appraisal::{self, AppraisalInput};

const INPUT: &str = r#"{"total_area_m2": 3200, "workstations": 35, "hard_support_items": 4, "soft_service_items": 6,
 "resident_enterprises": 9, "resident_teams": 10, "graduated_to_market": 3, "service_staff": 8, "mentors": 7,
 "mentor_sessions": 9, "public_tech_services": 5, "other_services": 4, "trainees": 250, "other_activities": 9,
 "financing_services": 5, "financing_and_cases": 2, "featured_services": 1, "honours": ["provincial"],
 "foreign_projects": 1, "media_reports": 2}"#;

fn bench(c: &mut Criterion) {
    let lib = Library::embedded().expect("embedded policies");
    let measure = lib.get("inner-mongolia-2020").expect("inner-mongolia-2020");
    let input = AppraisalInput::from_json(INPUT, &lib.facts).expect("input");
    let table = measure.measure.appraisal.as_ref().expect("appraisal");
    c.bench_function("appraisal/score (index table only)", |b| {
        b.iter(|| appraisal::score(black_box(table), black_box(&input)))
    });
    c.bench_function("appraisal/summarize (score + grade + subsidy)", |b| {
        b.iter(|| appraisal::summarize(black_box(measure), black_box(&input)).expect("ok"))
    });
    c.bench_function("appraisal/appraise (full result + next grade)", |b| {
        b.iter(|| appraisal::appraise(&lib, black_box(measure), black_box(&input)).expect("ok"))
    });
    c.bench_function("appraisal/parse input (JSON)", |b| {
        b.iter(|| AppraisalInput::from_json(black_box(INPUT), &lib.facts).expect("ok"))
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
