//! The report written straight into a buffer (`eligibility::check_json`, the self-check's fast
//! path over HTTP) is byte for byte the serialised report, whatever the verdict: eligible with
//! reviews pending, ineligible with the way to eligible, incomplete, late, and every passing
//! profile against every other measure.

mod common;

use common::*;
use rules::eligibility::{self, Engine, JsonScratch, Verdict};

#[test]
fn each_passing_profile_against_each_measure() {
    let mut verdicts = std::collections::BTreeSet::new();
    for from in MEASURES {
        let p = passing(from);
        for id in MEASURES {
            let report = check(id, &p);
            verdicts.insert(report.verdict.code());
            assert_json_is_report(id, &p, &report);
        }
    }
    // The cross checks reach more than one verdict, so more than the eligible path is compared.
    assert!(verdicts.contains("eligible"), "{verdicts:?}");
    assert!(verdicts.len() >= 2, "{verdicts:?}");
}

#[test]
fn an_ineligible_profile_with_the_way_to_eligible() {
    // 第七条（二）of the Inner Mongolia measure: a public area far below the share required.
    let id = "inner-mongolia-2020";
    let p = with(&passing(id), &[("premises.public_area_m2", q("10"))]);
    let report = check(id, &p);
    assert_eq!(report.verdict, Verdict::Ineligible);
    assert!(report.way_to_eligible.is_some());
    assert_json_is_report(id, &p, &report);
}

#[test]
fn an_incomplete_profile() {
    let id = "xinjiang-2019";
    let p = without(&passing(id), &["mentors", "premises.total_area_m2"]);
    let report = check(id, &p);
    assert_eq!(report.verdict, Verdict::Incomplete);
    assert!(!report.missing.is_empty());
    assert_json_is_report(id, &p, &report);
}

#[test]
fn a_reused_scratch_gives_the_same_bytes() {
    let lib = library();
    let id = "anshan-2020";
    let engine = Engine::new(lib, measure(id));
    let mut scratch = JsonScratch::default();
    let p = passing(id);
    let mut first = Vec::new();
    engine.check_json(&p, &mut scratch, &mut first);
    let other = passing("xinjiang-2019");
    let mut between = Vec::new();
    engine.check_json(&other, &mut scratch, &mut between);
    let mut again = Vec::new();
    engine.check_json(&p, &mut scratch, &mut again);
    assert_eq!(first, again);
    assert_eq!(
        first,
        serde_json::to_vec(&eligibility::check(lib, measure(id), &p)).unwrap()
    );
}

#[test]
fn reviewers_names_and_notes_that_need_escaping() {
    // A reviewer's judgement is quoted in its condition's sentence: a name with quotes and a
    // note with a line break and a backslash are escaped as the serialised report escapes them
    // (the quick path writes sentences unescaped only when no text of the profile needs it).
    for id in MEASURES {
        let mut p = passing(id);
        for c in &measure(id).measure.condition {
            if matches!(c.rule, policy::model::Rule::Review { .. }) {
                p.reviews.insert(
                    c.id.clone(),
                    rules::profile::Review {
                        met: true,
                        reviewer: Some("张\"三\"".into()),
                        note: Some("现场核实\n台账见附件\\2024".into()),
                    },
                );
            }
        }
        assert!(!p.reviews.is_empty(), "{id} has qualitative conditions");
        let report = check(id, &p);
        assert!(
            report
                .conditions
                .iter()
                .any(|c| c.message.contains("张\"三\"") && c.message.contains('\n')),
            "{id}: the sentence quotes the reviewer and the note"
        );
        assert_json_is_report(id, &p, &report);
    }
}
