//! One appraisal against the Inner Mongolia index table: the scoring and grade through the
//! compiled plan (the batch path; target ≤ 1 µs), the same with the plan compiled per call, the
//! full explained result with the next-grade advice, and reading the input.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use policy::Library;
use rules::appraisal::{self, AppraisalInput, Card, Plan};

const INPUT: &str = r#"{"total_area_m2": 3200, "workstations": 35, "hard_support_items": 4, "soft_service_items": 6,
 "resident_enterprises": 9, "resident_teams": 10, "graduated_to_market": 3, "service_staff": 8, "mentors": 7,
 "mentor_sessions": 9, "public_tech_services": 5, "other_services": 4, "trainees": 250, "other_activities": 9,
 "financing_services": 5, "financing_and_cases": 2, "featured_services": 1, "honours": ["provincial"],
 "foreign_projects": 1, "media_reports": 2}"#;

fn bench(c: &mut Criterion) {
    let lib = Library::embedded().expect("embedded policies");
    let measure = lib.get("inner-mongolia-2020").expect("inner-mongolia-2020");
    let input = AppraisalInput::from_json(INPUT, &lib.facts).expect("input");
    let plan = Plan::new(measure).expect("plan");
    let values = plan.values(&input).expect("values");
    c.bench_function("appraisal/plan score_into (index table only)", |b| {
        let mut card = Card::default();
        b.iter(|| {
            plan.score_into(black_box(&values), &mut card);
            black_box(card.total_fixed())
        })
    });
    c.bench_function("appraisal/plan summarize (score + grade + subsidy)", |b| {
        b.iter(|| plan.summarize(black_box(&values)).expect("ok"))
    });
    c.bench_function("appraisal/plan compile (once per measure)", |b| {
        b.iter(|| Plan::new(black_box(measure)).expect("ok"))
    });
    c.bench_function("appraisal/summarize (plan compiled per call)", |b| {
        b.iter(|| appraisal::summarize(black_box(measure), black_box(&input)).expect("ok"))
    });
    c.bench_function("appraisal/plan read_json (parse + lay out)", |b| {
        b.iter(|| plan.read_json(black_box(INPUT), &lib.facts).expect("ok"))
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
