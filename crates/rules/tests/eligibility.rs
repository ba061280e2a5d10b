//! The eligibility engine against the four measures: a passing profile per measure, a variant per
//! decisive condition (generated from the policy file) that breaks exactly that condition, the
//! boundaries of each threshold, either-or branches, soft and qualitative conditions, missing
//! facts, bans, late submissions, exclusion, the way to eligible, and malformed profiles.

mod common;

use std::collections::BTreeSet;

use common::*;
use rules::eligibility::{Status, Verdict};
use rules::profile::{Application, FactValue, FraudFinding, Profile, ProfileErrors, Review};

// ───────────────────────── passing profiles ─────────────────────────

#[test]
fn each_passing_profile_is_eligible_with_qualitative_conditions_pending() {
    for id in MEASURES {
        let m = measure(id);
        let r = check(id, &passing(id));
        assert_eq!(
            r.verdict,
            Verdict::Eligible,
            "{id}: {}",
            rules::eligibility::render::text(&r)
        );
        assert!(r.way_to_eligible.is_none());
        assert!(r.missing.is_empty());
        // Every condition involving a reviewer is listed as pending, and only those.
        let pending: BTreeSet<&str> = r.pending_review.iter().map(|p| p.id.as_str()).collect();
        let expected: BTreeSet<&str> = m
            .measure
            .condition
            .iter()
            .filter(|c| involves_review(c))
            .map(|c| c.id.as_str())
            .collect();
        assert_eq!(pending, expected, "{id}");
        assert!(!pending.is_empty(), "{id} has qualitative conditions");
        for c in &r.conditions {
            let expected = if pending.contains(c.id.as_str()) {
                Status::Reviewer
            } else {
                Status::Met
            };
            assert_eq!(c.status, expected, "{id} {}", c.id);
        }
        for p in &r.pending_review {
            assert_eq!(
                p.article,
                m.measure.condition(&p.id).unwrap().cite.to_string()
            );
        }
        assert_eq!(r.receipt.policy_id, id);
        assert_eq!(r.receipt.policy_hash, m.hash.to_string());
    }
}

#[test]
fn the_example_profile_is_eligible_under_xinjiang() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../examples/profiles/xinjiang-good.toml"
    ))
    .unwrap();
    let p = Profile::from_toml(&text, &library().facts).unwrap();
    assert_eq!(check("xinjiang-2019", &p).verdict, Verdict::Eligible);
}

#[test]
fn profiles_survive_the_json_round_trip() {
    for id in MEASURES {
        let p = passing(id);
        assert_eq!(reparse(&p).unwrap(), p, "{id}");
        let text = serde_json::to_string(&to_json(&p)).unwrap();
        assert_eq!(
            Profile::from_json(&text, &library().facts).unwrap(),
            p,
            "{id}"
        );
    }
}

// ───────────────────────── every decisive condition, broken alone ─────────────────────────

/// For every condition of every measure that the system decides and that is decisive, a variant
/// of the passing profile moved just past that condition's threshold (generated from the rule in
/// the policy file) is `not_met` with the condition's article, and the verdict is `ineligible`.
/// No other condition fails, except one that reads nothing but the changed facts (Xinjiang
/// 第六条第3项 and 第六条第10项 both read `statistics.reported`).
#[test]
fn breaking_each_decisive_condition_alone_is_not_met_with_its_article() {
    let mut broken = std::collections::BTreeMap::new();
    for id in MEASURES {
        let m = measure(id);
        let base = passing(id);
        for c in decisive(m) {
            let (p, changed) = break_condition(m, c, &base);
            let r = check(id, &p);
            let got = result(&r, &c.id);
            assert_eq!(
                got.status,
                Status::NotMet,
                "{id} {} ({}) changed {changed:?}: {}",
                c.id,
                c.cite,
                got.message
            );
            assert_eq!(got.article, c.cite.to_string(), "{id} {}", c.id);
            assert!(
                got.message.contains(&c.cite.to_string()) || !got.branches.is_empty(),
                "{id} {}: {}",
                c.id,
                got.message
            );
            assert_eq!(r.verdict, Verdict::Ineligible, "{id} {}", c.id);
            for other in &r.conditions {
                if other.id == c.id || other.status != Status::NotMet {
                    continue;
                }
                let reads = condition_facts(m.measure.condition(&other.id).unwrap());
                assert!(
                    reads.is_subset(&changed),
                    "{id}: breaking {} ({changed:?}) also broke {} ({}): {}",
                    c.id,
                    other.id,
                    other.article,
                    other.message
                );
            }
            *broken.entry(id).or_insert(0) += 1;
        }
    }
    // The decisive conditions the system decides, per measure (all conditions less the purely
    // qualitative and the soft ones; crates/policy/tests/lint_fixtures.rs pins the totals).
    let expected = [
        ("anshan-2020", 13),
        ("inner-mongolia-2020", 17),
        ("shuozhou-2016", 14),
        ("xinjiang-2019", 13),
    ];
    assert_eq!(broken, expected.into_iter().collect());
}

/// The way to eligible, applied (`Advice::apply`), makes every broken variant eligible, except
/// where no fact change can help (a registration outside the jurisdiction), which it says.
#[test]
fn the_way_to_eligible_applied_makes_each_broken_variant_eligible() {
    for id in MEASURES {
        let m = measure(id);
        let base = passing(id);
        for c in decisive(m) {
            let (p, _) = break_condition(m, c, &base);
            let r = check(id, &p);
            let advice = r
                .way_to_eligible
                .as_ref()
                .unwrap_or_else(|| panic!("{id} {}: no way to eligible", c.id));
            let fixed = advice.apply(&p);
            let after = check(id, &fixed);
            assert_eq!(
                after.verdict, advice.reaches,
                "{id} {}: the advice says {:?}",
                c.id, advice.reaches
            );
            if matches!(c.rule, policy::model::Rule::Within { .. }) {
                assert_eq!(advice.reaches, Verdict::Ineligible, "{id} {}", c.id);
                assert!(
                    advice.notes.iter().any(|n| n.contains(&c.cite.to_string())),
                    "{id} {}: {:?}",
                    c.id,
                    advice.notes
                );
            } else {
                assert_eq!(
                    after.verdict,
                    Verdict::Eligible,
                    "{id} {}: {:?}\n{}",
                    c.id,
                    advice,
                    rules::eligibility::render::text(&after)
                );
                assert!(
                    !advice.changes.is_empty() || advice.wait_until.is_some(),
                    "{id} {}",
                    c.id
                );
                assert!(
                    reparse(&fixed).is_ok(),
                    "{id} {}: the advice yields an invalid profile",
                    c.id
                );
            }
        }
    }
}

#[test]
fn way_to_eligible_fixes_several_failures_at_once_inner_mongolia() {
    // 第六条（二）: 450㎡ with 200㎡ public (44.4%); 第六条（四）: 2 staff; 第六条（五）: 4 training events.
    let id = "inner-mongolia-2020";
    let p = with(
        &passing(id),
        &[
            ("premises.total_area_m2", q("450")),
            ("premises.public_area_m2", q("200")),
            ("staff.management_service", q("2")),
            ("activities.training_last_year", q("4")),
        ],
    );
    let r = check(id, &p);
    assert_eq!(r.verdict, Verdict::Ineligible);
    for c in ["6.2-area", "6.2-public-share", "6.4-staff", "6.5-training"] {
        assert_eq!(status(&r, c), Status::NotMet, "{c}");
    }
    let advice = r.way_to_eligible.clone().unwrap();
    assert_eq!(advice.reaches, Verdict::Eligible);
    let fixed = advice.apply(&p);
    assert_eq!(check(id, &fixed).verdict, Verdict::Eligible);
    // The area rises to the 第六条（二） minimum and the public area to half of it.
    assert_eq!(fixed.get(&fact("premises.total_area_m2")), Some(&q("500")));
    assert_eq!(fixed.get(&fact("premises.public_area_m2")), Some(&q("250")));
    assert_eq!(fixed.get(&fact("staff.management_service")), Some(&q("3")));
}

#[test]
fn way_to_eligible_either_or_picks_the_cheaper_branch_and_names_the_other_xinjiang() {
    // 第六条第6项: 7 new companies and 2 financed: one more company is cheaper than one more financing.
    let id = "xinjiang-2019";
    let p = with(
        &passing(id),
        &[
            ("growth.new_enterprises_last_year", q("7")),
            ("growth.financed_last_year", q("2")),
        ],
    );
    let r = check(id, &p);
    assert_eq!(status(&r, "6.6-growth"), Status::NotMet);
    let advice = r.way_to_eligible.clone().unwrap();
    assert_eq!(advice.changes.len(), 1, "{advice:?}");
    assert_eq!(
        advice.changes[0].fact,
        fact("growth.new_enterprises_last_year")
    );
    assert!(
        advice
            .notes
            .iter()
            .any(|n| n.contains("每年获得融资不低于3家")),
        "{:?}",
        advice.notes
    );
    assert_eq!(check(id, &advice.apply(&p)).verdict, Verdict::Eligible);
}

#[test]
fn way_to_eligible_per_resident_count_anshan() {
    // 第五条第5项: 46 residents need ⌈46/15⌉ = 4 staff and 4 mentors.
    let id = "anshan-2020";
    let p = with(&passing(id), &[("residents.current", q("46"))]);
    let r = check(id, &p);
    assert_eq!(status(&r, "5.5-staff-per-residents"), Status::NotMet);
    assert_eq!(status(&r, "5.5-mentors-per-residents"), Status::NotMet);
    let fixed = r.way_to_eligible.as_ref().unwrap().apply(&p);
    assert_eq!(
        fixed.get(&fact("staff.professional_incubation")),
        Some(&q("4"))
    );
    assert_eq!(fixed.get(&fact("mentors")), Some(&q("4")));
    assert_eq!(check(id, &fixed).verdict, Verdict::Eligible);
}

#[test]
fn way_to_eligible_waits_for_time_conditions_anshan() {
    // 第五条第1项 半年以上: operating since 2024-01-01 is completed on 2024-07-01.
    let id = "anshan-2020";
    let p = with(
        &passing(id),
        &[("operator.operating_since", FactValue::Date(d("2024-01-01")))],
    );
    let r = check(id, &p);
    let advice = r.way_to_eligible.clone().unwrap();
    assert_eq!(advice.wait_until, Some(d("2024-07-01")));
    assert_eq!(check(id, &advice.apply(&p)).verdict, Verdict::Eligible);
}

// ───────────────────────── soft and qualitative conditions ─────────────────────────

/// Soft conditions (原则上, 一般) broken give `warning` and never change the verdict.
#[test]
fn soft_conditions_warn_and_never_decide() {
    let mut seen = 0;
    for id in MEASURES {
        let m = measure(id);
        let base = passing(id);
        for c in soft(m).into_iter().filter(|c| is_decidable(c)) {
            let (p, _) = break_condition(m, c, &base);
            let r = check(id, &p);
            assert_eq!(status(&r, &c.id), Status::Warning, "{id} {}", c.id);
            assert_eq!(r.verdict, Verdict::Eligible, "{id} {}", c.id);
            // A soft fact not given is a warning too, never `missing`.
            let mut absent = base.clone();
            for f in condition_facts(c) {
                absent.facts.remove(&f);
            }
            let r = check(id, &absent);
            assert_eq!(status(&r, &c.id), Status::Warning, "{id} {}", c.id);
            assert_eq!(r.verdict, Verdict::Eligible, "{id} {}", c.id);
            seen += 1;
        }
    }
    // Xinjiang 第六条第2项 (原则上 legal person), 第七条 (一般 24 months); Anshan 第五条第3项 (一般 36 months).
    assert_eq!(seen, 3);
}

#[test]
fn xinjiang_residency_limit_24_months_is_met_25_warns() {
    // 第七条 入驻时限一般不超过 24 个月: 不超过 includes 24.
    let id = "xinjiang-2019";
    let r = check(
        id,
        &with(&passing(id), &[("residents.max_residency_months", q("24"))]),
    );
    assert_eq!(status(&r, "7-residency-limit"), Status::Met);
    let r = check(
        id,
        &with(&passing(id), &[("residents.max_residency_months", q("25"))]),
    );
    assert_eq!(status(&r, "7-residency-limit"), Status::Warning);
    assert_eq!(r.verdict, Verdict::Eligible);
}

#[test]
fn anshan_residency_limit_36_months_is_met_37_warns() {
    // 第五条第3项 入驻时间一般不超过36个月.
    let id = "anshan-2020";
    let r = check(
        id,
        &with(&passing(id), &[("residents.max_residency_months", q("36"))]),
    );
    assert_eq!(status(&r, "5.3-residency-limit"), Status::Met);
    let r = check(
        id,
        &with(&passing(id), &[("residents.max_residency_months", q("37"))]),
    );
    assert_eq!(status(&r, "5.3-residency-limit"), Status::Warning);
    assert_eq!(r.verdict, Verdict::Eligible);
}

#[test]
fn xinjiang_no_legal_person_is_only_a_warning() {
    // 第六条第2项 原则上应具有独立法人资格.
    let id = "xinjiang-2019";
    let r = check(
        id,
        &with(
            &passing(id),
            &[("operator.legal_person", FactValue::Bool(false))],
        ),
    );
    assert_eq!(status(&r, "6.2-legal-person"), Status::Warning);
    assert_eq!(r.verdict, Verdict::Eligible);
}

#[test]
fn recorded_reviews_count_and_clear_pending_review() {
    for id in MEASURES {
        let m = measure(id);
        let reviewed: Vec<&str> = m
            .measure
            .condition
            .iter()
            .filter(|c| involves_review(c))
            .map(|c| c.id.as_str())
            .collect();
        let mut p = passing(id);
        for c in &reviewed {
            p.reviews.insert(
                c.to_string(),
                Review {
                    met: true,
                    reviewer: Some("张评审".into()),
                    note: None,
                },
            );
        }
        let p = reparse(&p).unwrap();
        let r = check(id, &p);
        assert!(r.pending_review.is_empty(), "{id}: {:?}", r.pending_review);
        assert_eq!(r.verdict, Verdict::Eligible, "{id}");
        for c in &reviewed {
            assert_eq!(status(&r, c), Status::Met, "{id} {c}");
        }
        // A reviewer's "not met" on a decisive qualitative condition decides it.
        let decisive_review = m
            .measure
            .condition
            .iter()
            .find(|c| c.rule.is_review() && c.severity == policy::model::Severity::Decisive)
            .unwrap();
        let mut p = p.clone();
        p.reviews.get_mut(&decisive_review.id).unwrap().met = false;
        let r = check(id, &p);
        assert_eq!(status(&r, &decisive_review.id), Status::NotMet, "{id}");
        assert_eq!(r.verdict, Verdict::Ineligible, "{id}");
    }
}

// ───────────────────────── missing facts ─────────────────────────

#[test]
fn missing_area_is_incomplete_and_listed_inner_mongolia() {
    // 第六条（二）: no total area given: both the area and the share are `missing`, never passed.
    let id = "inner-mongolia-2020";
    let r = check(id, &without(&passing(id), &["premises.total_area_m2"]));
    assert_eq!(status(&r, "6.2-area"), Status::Missing);
    assert_eq!(status(&r, "6.2-public-share"), Status::Missing);
    assert_eq!(r.verdict, Verdict::Incomplete);
    assert_eq!(r.missing.len(), 1);
    assert_eq!(r.missing[0].fact, fact("premises.total_area_m2"));
    assert_eq!(
        r.missing[0].conditions,
        vec!["6.2-area".to_string(), "6.2-public-share".to_string()]
    );
    assert!(r.way_to_eligible.is_none());
}

#[test]
fn a_failure_outweighs_a_missing_fact() {
    let id = "anshan-2020";
    let p = with(
        &without(&passing(id), &["activities.last_year"]),
        &[("premises.workstations", q("14"))],
    );
    let r = check(id, &p);
    assert_eq!(status(&r, "5.6-activities"), Status::Missing);
    assert_eq!(status(&r, "5.3-workstations"), Status::NotMet);
    assert_eq!(r.verdict, Verdict::Ineligible);
}

/// Never a silent pass: removing any fact a decisive condition reads either makes the verdict
/// `incomplete` with that fact listed, or leaves every condition reading it met by another
/// branch (Xinjiang 第六条第4项: 30 workstations without the area).
#[test]
fn every_missing_fact_is_reported() {
    for id in MEASURES {
        let m = measure(id);
        let base = passing(id);
        let facts: BTreeSet<_> = decisive(m).into_iter().flat_map(condition_facts).collect();
        for f in facts {
            let mut p = base.clone();
            p.facts.remove(&f);
            let r = check(id, &p);
            let readers: Vec<_> = m
                .measure
                .condition
                .iter()
                .filter(|c| condition_facts(c).contains(&f))
                .collect();
            if r.verdict == Verdict::Incomplete {
                let listed = r
                    .missing
                    .iter()
                    .find(|x| x.fact == f)
                    .unwrap_or_else(|| panic!("{id}: {f:?} not listed"));
                assert!(!listed.conditions.is_empty());
            } else {
                assert_eq!(r.verdict, Verdict::Eligible, "{id} without {f:?}");
                for c in readers {
                    assert!(
                        matches!(
                            status(&r, &c.id),
                            Status::Met | Status::Reviewer | Status::Warning
                        ),
                        "{id} {} without {f:?}",
                        c.id
                    );
                }
            }
        }
    }
}

// ───────────────────────── Inner Mongolia boundaries ─────────────────────────

#[test]
fn inner_mongolia_area_exactly_500_is_met_499_99_is_not() {
    // 第六条（二）面积不得低于500平方米.
    let id = "inner-mongolia-2020";
    let r = check(
        id,
        &with(&passing(id), &[("premises.total_area_m2", q("500"))]),
    );
    assert_eq!(status(&r, "6.2-area"), Status::Met);
    assert_eq!(r.verdict, Verdict::Eligible);
    let r = check(
        id,
        &with(&passing(id), &[("premises.total_area_m2", q("499.99"))]),
    );
    assert_eq!(status(&r, "6.2-area"), Status::NotMet);
    assert_eq!(result(&r, "6.2-area").article, "第六条（二）");
    assert_eq!(r.verdict, Verdict::Ineligible);
}

#[test]
fn inner_mongolia_region_is_named_and_an_unlisted_code_is_flagged_not_refused() {
    // 第六条（一）自治区境内注册: decided by the code's province digits; the sentence names the
    // division, and a code the list of divisions lacks is flagged for checking, not refused.
    let id = "inner-mongolia-2020";
    let region =
        |code: &str| FactValue::Region(policy::model::RegionCode::parse(code).expect("six digits"));
    let r = check(
        id,
        &with(&passing(id), &[("operator.region", region("150102"))]),
    );
    let c = result(&r, "6.1-region");
    assert_eq!(c.status, Status::Met);
    assert_eq!(c.requirement, "注册地在内蒙古自治区（150000）范围内");
    assert!(
        c.message
            .starts_with("注册地 150102（内蒙古自治区呼和浩特市新城区），符合"),
        "{}",
        c.message
    );
    let r = check(
        id,
        &with(&passing(id), &[("operator.region", region("150199"))]),
    );
    let c = result(&r, "6.1-region");
    assert_eq!(c.status, Status::Met);
    assert!(
        c.message
            .contains("150199（行政区划代码表中没有该代码，请核对"),
        "{}",
        c.message
    );
    let r = check(
        id,
        &with(&passing(id), &[("operator.region", region("210302"))]),
    );
    let c = result(&r, "6.1-region");
    assert_eq!(c.status, Status::NotMet);
    assert!(
        c.message.contains("210302（辽宁省鞍山市铁东区），不符合"),
        "{}",
        c.message
    );
}

#[test]
fn inner_mongolia_public_share_exactly_50_percent_is_met() {
    // 第六条（二）公共场地不低于众创空间总面积的50%.
    let id = "inner-mongolia-2020";
    let r = check(
        id,
        &with(&passing(id), &[("premises.public_area_m2", q("300"))]),
    );
    assert_eq!(status(&r, "6.2-public-share"), Status::Met);
    let r = check(
        id,
        &with(&passing(id), &[("premises.public_area_m2", q("299.99"))]),
    );
    assert_eq!(status(&r, "6.2-public-share"), Status::NotMet);
    // 380 of 760 is exactly 50% too, in another scale.
    let r = check(
        id,
        &with(
            &passing(id),
            &[
                ("premises.total_area_m2", q("760")),
                ("premises.public_area_m2", q("380")),
            ],
        ),
    );
    assert_eq!(status(&r, "6.2-public-share"), Status::Met);
}

#[test]
fn inner_mongolia_operating_one_year_exactly() {
    // 第六条（一）运营时间在1年以上: from the day after 2023-06-15, one year ends on 2024-06-15.
    let id = "inner-mongolia-2020";
    let r = check(
        id,
        &with(
            &passing(id),
            &[("operator.operating_since", FactValue::Date(d("2023-06-15")))],
        ),
    );
    assert_eq!(status(&r, "6.1-operating-time"), Status::Met);
    let r = check(
        id,
        &with(
            &passing(id),
            &[("operator.operating_since", FactValue::Date(d("2023-06-16")))],
        ),
    );
    assert_eq!(status(&r, "6.1-operating-time"), Status::NotMet);
    // Leap day: from 2020-02-29 one year ends on 2021-02-28.
    let p = with(
        &passing(id),
        &[("operator.operating_since", FactValue::Date(d("2020-02-29")))],
    );
    assert_eq!(
        status(&check(id, &as_of(&p, "2021-02-28")), "6.1-operating-time"),
        Status::Met
    );
    assert_eq!(
        status(&check(id, &as_of(&p, "2021-02-27")), "6.1-operating-time"),
        Status::NotMet
    );
}

#[test]
fn inner_mongolia_lease_three_years_exactly_and_one_day_short() {
    // 第六条（二）属租赁场地的，租期应当在3年以上: 2021-01-01 to 2023-12-31 is three years.
    let id = "inner-mongolia-2020";
    let r = check(
        id,
        &with(
            &passing(id),
            &[("premises.lease_end", FactValue::Date(d("2023-12-31")))],
        ),
    );
    assert_eq!(status(&r, "6.2-lease-term"), Status::Met);
    let r = check(
        id,
        &with(
            &passing(id),
            &[("premises.lease_end", FactValue::Date(d("2023-12-30")))],
        ),
    );
    assert_eq!(status(&r, "6.2-lease-term"), Status::NotMet);
    assert_eq!(result(&r, "6.2-lease-term").article, "第六条（二）");
    // Leap years: from 2020-02-29 three years end on 2023-02-28.
    let p = with(
        &passing(id),
        &[
            ("premises.lease_start", FactValue::Date(d("2020-02-29"))),
            ("premises.lease_end", FactValue::Date(d("2023-02-28"))),
        ],
    );
    assert_eq!(status(&check(id, &p), "6.2-lease-term"), Status::Met);
}

#[test]
fn inner_mongolia_lease_term_not_applicable_to_owned_premises() {
    // 第六条（二）: the lease term applies only to leased premises.
    let id = "inner-mongolia-2020";
    let p = with(
        &without(
            &passing(id),
            &["premises.lease_start", "premises.lease_end"],
        ),
        &[("premises.tenure", FactValue::Choice("owned".into()))],
    );
    let r = check(id, &p);
    assert_eq!(status(&r, "6.2-lease-term"), Status::NotApplicable);
    assert_eq!(r.verdict, Verdict::Eligible);
}

#[test]
fn inner_mongolia_staff_at_least_three() {
    // 第六条（四）有至少3名以上……管理服务人员.
    let id = "inner-mongolia-2020";
    assert_eq!(
        status(
            &check(
                id,
                &with(&passing(id), &[("staff.management_service", q("3"))])
            ),
            "6.4-staff"
        ),
        Status::Met
    );
    assert_eq!(
        status(
            &check(
                id,
                &with(&passing(id), &[("staff.management_service", q("2"))])
            ),
            "6.4-staff"
        ),
        Status::NotMet
    );
}

#[test]
fn inner_mongolia_operator_either_branch() {
    // 第六条（一）独立法人的企事业单位和社会团体，或者内设机构.
    let id = "inner-mongolia-2020";
    let internal = with(
        &passing(id),
        &[
            ("operator.legal_person", FactValue::Bool(false)),
            ("operator.kind", FactValue::Choice("internal_unit".into())),
        ],
    );
    assert_eq!(status(&check(id, &internal), "6.1-operator"), Status::Met);
    let neither = with(
        &passing(id),
        &[("operator.legal_person", FactValue::Bool(false))],
    );
    assert_eq!(status(&check(id, &neither), "6.1-operator"), Status::NotMet);
}

#[test]
fn inner_mongolia_incubator_is_excluded() {
    // 第九条: a space already recognised as a 科技企业孵化器 is outside the measure.
    let id = "inner-mongolia-2020";
    let p = with(
        &passing(id),
        &[(
            "operator.recognised_as",
            FactValue::Set(["incubator".to_string()].into()),
        )],
    );
    let r = check(id, &p);
    assert_eq!(r.verdict, Verdict::Excluded);
    let e = r.excluded.as_ref().unwrap();
    assert_eq!(e.article, "第九条");
    assert!(e.message.contains("科技企业孵化器"), "{}", e.message);
    // Not recognised as anything: not excluded.
    assert_eq!(check(id, &passing(id)).verdict, Verdict::Eligible);
}

// ───────────────────────── Xinjiang boundaries ─────────────────────────

#[test]
fn xinjiang_share_exactly_75_percent_is_met() {
    // 第六条第4项 创业工位和公共服务场地面积不低于众创空间总面积的75%: 450 of 600.
    let id = "xinjiang-2019";
    let r = check(
        id,
        &with(&passing(id), &[("premises.public_area_m2", q("250"))]),
    );
    assert_eq!(status(&r, "6.4-share"), Status::Met);
    assert_eq!(r.verdict, Verdict::Eligible);
    let r = check(
        id,
        &with(&passing(id), &[("premises.public_area_m2", q("249.99"))]),
    );
    assert_eq!(status(&r, "6.4-share"), Status::NotMet);
    assert_eq!(result(&r, "6.4-share").article, "第六条第4项");
    // No float drift: 75.075 of 100.1 is exactly 75%.
    let p = with(
        &passing(id),
        &[
            ("premises.total_area_m2", q("100.1")),
            ("premises.public_area_m2", q("40.075")),
            ("premises.workstation_area_m2", q("35")),
        ],
    );
    assert_eq!(status(&check(id, &p), "6.4-share"), Status::Met);
}

#[test]
fn xinjiang_scale_either_branch_alone() {
    // 第六条第4项 不低于500平方米的服务场地，或……不少于30个创业工位.
    let id = "xinjiang-2019";
    let area_only = with(
        &passing(id),
        &[
            ("premises.total_area_m2", q("500")),
            ("premises.workstations", q("10")),
        ],
    );
    let r = check(id, &area_only);
    assert_eq!(status(&r, "6.4-scale"), Status::Met);
    let branches = &result(&r, "6.4-scale").branches;
    assert_eq!(
        (branches[0].status, branches[1].status),
        (Status::Met, Status::NotMet)
    );
    assert_eq!(r.verdict, Verdict::Eligible);

    let stations_only = with(
        &passing(id),
        &[
            ("premises.total_area_m2", q("100")),
            ("premises.public_area_m2", q("50")),
            ("premises.workstation_area_m2", q("30")),
            ("premises.workstations", q("30")),
        ],
    );
    let r = check(id, &stations_only);
    assert_eq!(status(&r, "6.4-scale"), Status::Met);
    let branches = &result(&r, "6.4-scale").branches;
    assert_eq!(
        (branches[0].status, branches[1].status),
        (Status::NotMet, Status::Met)
    );
    assert_eq!(r.verdict, Verdict::Eligible);

    let neither = with(&stations_only, &[("premises.workstations", q("29"))]);
    let r = check(id, &neither);
    assert_eq!(status(&r, "6.4-scale"), Status::NotMet);
    assert_eq!(r.verdict, Verdict::Ineligible);
}

#[test]
fn xinjiang_growth_either_branch_alone() {
    // 第六条第6项 新企业不低于8家，或……不低于3家获得融资.
    let id = "xinjiang-2019";
    let case = |new: &str, financed: &str| {
        let p = with(
            &passing(id),
            &[
                ("growth.new_enterprises_last_year", q(new)),
                ("growth.financed_last_year", q(financed)),
            ],
        );
        status(&check(id, &p), "6.6-growth")
    };
    assert_eq!(case("8", "0"), Status::Met);
    assert_eq!(case("0", "3"), Status::Met);
    assert_eq!(case("7", "2"), Status::NotMet);
}

#[test]
fn xinjiang_registered_and_operating_one_full_year() {
    // 第六条第3项 机构实际注册并运营时间满 1 年: both dates count.
    let id = "xinjiang-2019";
    let exact = with(
        &passing(id),
        &[
            ("operator.registered_on", FactValue::Date(d("2023-06-15"))),
            ("operator.operating_since", FactValue::Date(d("2023-06-15"))),
        ],
    );
    assert_eq!(
        status(&check(id, &exact), "6.3-operating-time"),
        Status::Met
    );
    let young = with(
        &exact,
        &[("operator.registered_on", FactValue::Date(d("2023-06-16")))],
    );
    assert_eq!(
        status(&check(id, &young), "6.3-operating-time"),
        Status::NotMet
    );
}

#[test]
fn xinjiang_fraud_ban_two_years() {
    // 第十一条 弄虚作假……2 年内不得再次申报.
    let id = "xinjiang-2019";
    let mut p = passing(id);
    p.history.fraud_findings.push(FraudFinding {
        date: d("2023-01-01"),
        body: None,
    });
    let r = check(id, &p);
    assert_eq!(r.verdict, Verdict::Barred);
    assert_eq!(r.barred.as_ref().unwrap().article, "第十一条");
    assert_eq!(r.barred.as_ref().unwrap().until, d("2025-01-01"));
}

// ───────────────────────── Shuozhou boundaries ─────────────────────────

#[test]
fn shuozhou_college_100_square_metres_only_in_college() {
    // 第四条（二）大专校内应不低于100平方米，其他应不低于200平方米.
    let id = "shuozhou-2016";
    let small = [
        ("premises.total_area_m2", q("100")),
        ("premises.public_area_m2", q("60")),
        ("premises.workstation_area_m2", q("31")),
    ];
    let mut in_college = small.to_vec();
    in_college.push(("premises.in_college", FactValue::Bool(true)));
    let r = check(id, &with(&passing(id), &in_college));
    assert_eq!(status(&r, "4.2-area"), Status::Met);
    let c = result(&r, "4.2-area");
    assert_eq!(
        (c.branches[0].status, c.branches[1].status),
        (Status::Met, Status::NotApplicable)
    );
    assert_eq!(r.verdict, Verdict::Eligible);

    let r = check(id, &with(&passing(id), &small));
    assert_eq!(status(&r, "4.2-area"), Status::NotMet);
    assert_eq!(result(&r, "4.2-area").article, "第四条（二）");
    assert_eq!(r.verdict, Verdict::Ineligible);

    // In college, 99.99㎡ is short.
    let mut short = in_college.clone();
    short[0].1 = q("99.99");
    assert_eq!(
        status(&check(id, &with(&passing(id), &short)), "4.2-area"),
        Status::NotMet
    );
}

#[test]
fn shuozhou_other_premises_200_square_metres() {
    // 第四条（二）其他应不低于200平方米.
    let id = "shuozhou-2016";
    assert_eq!(
        status(
            &check(
                id,
                &with(&passing(id), &[("premises.total_area_m2", q("200"))])
            ),
            "4.2-area"
        ),
        Status::Met
    );
    assert_eq!(
        status(
            &check(
                id,
                &with(&passing(id), &[("premises.total_area_m2", q("199.99"))])
            ),
            "4.2-area"
        ),
        Status::NotMet
    );
}

#[test]
fn shuozhou_share_exactly_90_percent() {
    // 第四条（二）公共办公与服务场地面积不低于总面积的90%: 198 of 220.
    let id = "shuozhou-2016";
    assert_eq!(
        status(
            &check(
                id,
                &with(&passing(id), &[("premises.public_area_m2", q("119"))])
            ),
            "4.2-public-share"
        ),
        Status::Met
    );
    assert_eq!(
        status(
            &check(
                id,
                &with(&passing(id), &[("premises.public_area_m2", q("118.99"))])
            ),
            "4.2-public-share"
        ),
        Status::NotMet
    );
}

#[test]
fn shuozhou_lease_five_years_exactly() {
    // 第四条（二）属租赁场地的，租期应在5年以上.
    let id = "shuozhou-2016";
    assert_eq!(
        status(
            &check(
                id,
                &with(
                    &passing(id),
                    &[("premises.lease_end", FactValue::Date(d("2024-12-31")))]
                )
            ),
            "4.2-lease"
        ),
        Status::Met
    );
    assert_eq!(
        status(
            &check(
                id,
                &with(
                    &passing(id),
                    &[("premises.lease_end", FactValue::Date(d("2024-12-30")))]
                )
            ),
            "4.2-lease"
        ),
        Status::NotMet
    );
}

#[test]
fn shuozhou_makers_or_teams_by_orientation() {
    // 第四条（五）以服务创客为主……不少10人，以服务团队为主……不少于3个.
    let id = "shuozhou-2016";
    let makers = |n: &str| {
        with(
            &passing(id),
            &[
                ("residents.orientation", FactValue::Choice("makers".into())),
                ("residents.active_makers", q(n)),
            ],
        )
    };
    let r = check(id, &makers("10"));
    assert_eq!(status(&r, "4.5-residents"), Status::Met);
    let c = result(&r, "4.5-residents");
    assert_eq!(
        (c.branches[0].status, c.branches[1].status),
        (Status::Met, Status::NotApplicable)
    );
    assert_eq!(
        status(&check(id, &makers("9")), "4.5-residents"),
        Status::NotMet
    );
    assert_eq!(
        status(
            &check(
                id,
                &with(&passing(id), &[("residents.active_teams", q("3"))])
            ),
            "4.5-residents"
        ),
        Status::Met
    );
    assert_eq!(
        status(
            &check(
                id,
                &with(&passing(id), &[("residents.active_teams", q("2"))])
            ),
            "4.5-residents"
        ),
        Status::NotMet
    );
}

fn submitted(p: &Profile, on: &str, call: Option<&str>) -> Profile {
    let mut p = as_of(p, on);
    p.application = Some(Application {
        submitted_on: d(on),
        call: call.map(str::to_string),
    });
    reparse(&p).unwrap()
}

#[test]
fn shuozhou_2022_call_deadline_december_9() {
    // 《申报通知》四 申报工作截止日期为2022年12月9日.
    let id = "shuozhou-2016";
    let r = check(
        id,
        &submitted(&passing(id), "2022-12-10", Some("shuozhou-2022")),
    );
    assert_eq!(r.verdict, Verdict::Late);
    let late = r.late.as_ref().unwrap();
    assert_eq!(late.deadline, d("2022-12-09"));
    assert_eq!(late.submitted_on, d("2022-12-10"));
    assert_eq!(late.call, "shuozhou-2022");
    assert_eq!(late.article, "《申报通知》四");

    let r = check(
        id,
        &submitted(&passing(id), "2022-12-09", Some("shuozhou-2022")),
    );
    assert!(r.late.is_none());
    assert_eq!(r.verdict, Verdict::Eligible);

    // Without a named call, the measure's call of that year applies.
    assert_eq!(
        check(id, &submitted(&passing(id), "2022-12-10", None)).verdict,
        Verdict::Late
    );
    // A year without a call has no deadline.
    assert_eq!(
        check(id, &submitted(&passing(id), "2023-12-10", None)).verdict,
        Verdict::Eligible
    );
}

#[test]
fn shuozhou_fraud_ban_two_years() {
    // 第九条 2年内不再受理其认定申请.
    let id = "shuozhou-2016";
    let mut p = passing(id);
    p.history.fraud_findings.push(FraudFinding {
        date: d("2023-03-01"),
        body: Some("朔州市科技局".into()),
    });
    let r = check(id, &p);
    assert_eq!(r.verdict, Verdict::Barred);
    assert_eq!(r.barred.as_ref().unwrap().article, "第九条");
    assert_eq!(r.barred.as_ref().unwrap().until, d("2025-03-01"));
}

// ───────────────────────── Anshan boundaries ─────────────────────────

#[test]
fn anshan_15_residents_need_one_professional_16_need_two() {
    // 第五条第5项 每15家入驻创业团队和企业至少配备1名专业孵化服务人员和1名创业导师 (rounded up).
    let id = "anshan-2020";
    let base = with(
        &passing(id),
        &[
            ("staff.professional_incubation", q("1")),
            ("staff.total_excluding_property", q("1")),
            ("mentors", q("1")),
        ],
    );
    let r = check(id, &with(&base, &[("residents.current", q("15"))]));
    assert_eq!(status(&r, "5.5-staff-per-residents"), Status::Met);
    assert_eq!(status(&r, "5.5-mentors-per-residents"), Status::Met);
    assert_eq!(r.verdict, Verdict::Eligible);

    let r = check(id, &with(&base, &[("residents.current", q("16"))]));
    assert_eq!(status(&r, "5.5-staff-per-residents"), Status::NotMet);
    assert_eq!(status(&r, "5.5-mentors-per-residents"), Status::NotMet);
    assert_eq!(result(&r, "5.5-staff-per-residents").article, "第五条第5项");
    assert_eq!(r.verdict, Verdict::Ineligible);

    let two = with(
        &base,
        &[
            ("residents.current", q("16")),
            ("staff.professional_incubation", q("2")),
            ("staff.total_excluding_property", q("2")),
            ("mentors", q("2")),
        ],
    );
    assert_eq!(check(id, &two).verdict, Verdict::Eligible);
}

#[test]
fn anshan_area_500_and_shares_at_their_bounds() {
    // 第五条第2项 固定服务场地500平方米以上 (以上 includes 500); 不低于……75%.
    let id = "anshan-2020";
    let r = check(
        id,
        &with(&passing(id), &[("premises.total_area_m2", q("500"))]),
    );
    assert_eq!(status(&r, "5.2-area"), Status::Met);
    assert_eq!(
        status(
            &check(
                id,
                &with(&passing(id), &[("premises.total_area_m2", q("499.99"))])
            ),
            "5.2-area"
        ),
        Status::NotMet
    );
    assert_eq!(
        status(
            &check(
                id,
                &with(&passing(id), &[("premises.public_area_m2", q("250"))])
            ),
            "5.2-share"
        ),
        Status::Met
    );
    assert_eq!(
        status(
            &check(
                id,
                &with(&passing(id), &[("premises.public_area_m2", q("249.99"))])
            ),
            "5.2-share"
        ),
        Status::NotMet
    );
    // 第五条第5项 占机构总人数60%以上: 3 of 5 is exactly 60%.
    let staff = |total: &str| {
        with(
            &passing(id),
            &[("staff.total_excluding_property", q(total))],
        )
    };
    assert_eq!(
        status(&check(id, &staff("5")), "5.5-staff-share"),
        Status::Met
    );
    assert_eq!(
        status(&check(id, &staff("6")), "5.5-staff-share"),
        Status::NotMet
    );
}

#[test]
fn anshan_half_year_with_a_leap_day() {
    // 第五条第1项 注册并运营半年以上: six months from 2023-08-31 end on 2024-02-29.
    let id = "anshan-2020";
    let p = with(
        &passing(id),
        &[
            ("operator.registered_on", FactValue::Date(d("2023-08-31"))),
            ("operator.operating_since", FactValue::Date(d("2023-08-31"))),
        ],
    );
    assert_eq!(
        status(&check(id, &as_of(&p, "2024-02-29")), "5.1-operating-time"),
        Status::Met
    );
    assert_eq!(
        status(&check(id, &as_of(&p, "2024-02-28")), "5.1-operating-time"),
        Status::NotMet
    );
    // From 2023-12-15 to the check date 2024-06-15: exactly six months.
    let p = with(
        &passing(id),
        &[("operator.operating_since", FactValue::Date(d("2023-12-15")))],
    );
    assert_eq!(status(&check(id, &p), "5.1-operating-time"), Status::Met);
    let p = with(
        &passing(id),
        &[("operator.operating_since", FactValue::Date(d("2023-12-16")))],
    );
    assert_eq!(status(&check(id, &p), "5.1-operating-time"), Status::NotMet);
}

#[test]
fn anshan_growth_either_branch_alone() {
    // 第五条第4项 新企业数不低于2家,或每年有不低于1家获得融资.
    let id = "anshan-2020";
    let case = |new: &str, financed: &str| {
        let p = with(
            &passing(id),
            &[
                ("growth.new_enterprises_last_year", q(new)),
                ("growth.financed_last_year", q(financed)),
            ],
        );
        status(&check(id, &p), "5.4-growth")
    };
    assert_eq!(case("2", "0"), Status::Met);
    assert_eq!(case("0", "1"), Status::Met);
    assert_eq!(case("1", "0"), Status::NotMet);
}

#[test]
fn anshan_fraud_ban_until_and_after() {
    // 第九条 弄虚作假……2年内不得再次申报: found 2023-01-01, barred up to and including 2025-01-01.
    let id = "anshan-2020";
    let mut p = passing(id);
    p.history.fraud_findings.push(FraudFinding {
        date: d("2023-01-01"),
        body: None,
    });
    let r = check(id, &p);
    assert_eq!(r.verdict, Verdict::Barred);
    let ban = r.barred.as_ref().unwrap();
    assert_eq!(ban.article, "第九条");
    assert_eq!(ban.until, d("2025-01-01"));
    assert_eq!(ban.found_on, d("2023-01-01"));
    assert!(ban.message.contains("2025-01-01"), "{}", ban.message);

    assert_eq!(check(id, &as_of(&p, "2025-01-01")).verdict, Verdict::Barred);
    let after = check(id, &as_of(&p, "2025-01-02"));
    assert!(after.barred.is_none());
    assert_eq!(after.verdict, Verdict::Eligible);
    // The submission date, when given, is what counts.
    let r = check(id, &submitted(&p, "2025-01-02", None));
    assert_eq!(r.verdict, Verdict::Eligible);
}

// ───────────────────────── malformed profiles ─────────────────────────

fn errors(text: &str) -> ProfileErrors {
    match Profile::from_toml(text, &library().facts) {
        Ok(p) => panic!("accepted a malformed profile: {p:?}"),
        Err(e) => e,
    }
}

fn assert_names(text: &str, field: &str, words: &[&str]) {
    let e = errors(text);
    let hit =
        e.0.iter()
            .find(|x| x.field == field)
            .unwrap_or_else(|| panic!("no error names {field}: {e}"));
    for w in words {
        assert!(
            hit.message.contains(w) || hit.to_string().contains(w),
            "{field}: {hit} lacks {w}"
        );
    }
}

fn anshan_with(replace: &str, by: &str) -> String {
    let text = profile_text("anshan-2020");
    assert!(text.contains(replace), "{replace}");
    text.replacen(replace, by, 1)
}

#[test]
fn unknown_fact_is_named() {
    assert_names(
        &anshan_with("total_area_m2 = 600", "total_area = 600"),
        "premises.total_area",
        &["未知", "premises.total_area_m2"],
    );
    assert_names(
        &anshan_with("mentors = 3", "mentors = 3\ncolour = \"red\""),
        "colour",
        &["未知"],
    );
    assert_names(
        &anshan_with("[activities]", "[hobbies]"),
        "hobbies",
        &["未知"],
    );
}

#[test]
fn wrong_type_is_named() {
    assert_names(
        &anshan_with("total_area_m2 = 600", "total_area_m2 = \"600\""),
        "premises.total_area_m2",
        &["数值"],
    );
    assert_names(
        &anshan_with("workstations = 40", "workstations = 40.5"),
        "premises.workstations",
        &["整数"],
    );
    assert_names(
        &anshan_with("legal_person = true", "legal_person = \"yes\""),
        "operator.legal_person",
        &["true"],
    );
    assert_names(
        &anshan_with("kind = \"enterprise\"", "kind = \"company\""),
        "operator.kind",
        &["company"],
    );
    assert_names(
        &anshan_with("region = \"210302\"", "region = \"2103\""),
        "operator.region",
        &["2103"],
    );
    assert_names(
        &anshan_with(
            "public_facilities = [\"internet\", \"shared_office\"]",
            "public_facilities = \"internet\"",
        ),
        "premises.public_facilities",
        &["列表"],
    );
}

#[test]
fn negative_area_is_named() {
    assert_names(
        &anshan_with("public_area_m2 = 260", "public_area_m2 = -260"),
        "premises.public_area_m2",
        &["负"],
    );
}

#[test]
fn lease_ending_before_it_starts_is_named() {
    let text =
        profile_text("shuozhou-2016").replace("lease_end = 2025-12-31", "lease_end = 2019-12-31");
    assert_names(&text, "premises.lease_end", &["2019-12-31", "2020-01-01"]);
}

#[test]
fn a_credit_code_is_checked_by_its_check_digits() {
    // facts.toml: 统一社会信用代码, GB 32100-2015. A valid code reads; one character changed,
    // or one of the wrong length, is refused on the field with the reason.
    let good = policy::law::credit_code::complete("9121030000000001").expect("a code");
    let text = anshan_with(
        "legal_person = true",
        &format!("legal_person = true\ncredit_code = \"{good}\""),
    );
    let p = Profile::from_toml(&text, &library().facts).expect("a valid code reads");
    assert_eq!(
        p.get(&fact("operator.credit_code")),
        Some(&FactValue::Text(good.clone()))
    );
    let mut wrong = good.clone();
    let last = wrong.pop().unwrap();
    wrong.push(if last == '0' { '1' } else { '0' });
    assert_names(
        &anshan_with(
            "legal_person = true",
            &format!("legal_person = true\ncredit_code = \"{wrong}\""),
        ),
        "operator.credit_code",
        &["第 18 位"],
    );
    assert_names(
        &anshan_with(
            "legal_person = true",
            "legal_person = true\ncredit_code = \"12345\"",
        ),
        "operator.credit_code",
        &["18 位", "5 位"],
    );
}

#[test]
fn a_registration_or_start_after_the_check_date_is_named() {
    // Dates of what has happened by the check date (2024-06-15 in this profile): a later one
    // is a slip, not a space that must wait (facts.toml, not_after_check_date).
    assert_names(
        &anshan_with("registered_on = 2022-01-10", "registered_on = 2030-01-10"),
        "operator.registered_on",
        &["2030-01-10", "晚于核查日期", "2024-06-15"],
    );
    assert_names(
        &anshan_with(
            "operating_since = 2022-03-01",
            "operating_since = 2024-06-16",
        ),
        "operator.operating_since",
        &["晚于核查日期"],
    );
    // On the check date itself: it has happened.
    let text = anshan_with(
        "operating_since = 2022-03-01",
        "operating_since = 2024-06-15",
    );
    let lib = library();
    assert!(Profile::from_toml(&text, &lib.facts).is_ok());
}

#[test]
fn public_area_larger_than_total_is_named() {
    assert_names(
        &anshan_with("public_area_m2 = 260", "public_area_m2 = 420"),
        "premises.public_area_m2",
        &["600", "大于"],
    );
    assert_names(
        &anshan_with("public_area_m2 = 260", "public_area_m2 = 610"),
        "premises.public_area_m2",
        &["大于"],
    );
}

#[test]
fn bad_dates_are_named() {
    // As a string, 2023-02-30 reaches the profile reader, which names the field.
    assert_names(
        &anshan_with(
            "registered_on = 2022-01-10",
            "registered_on = \"2023-02-30\"",
        ),
        "operator.registered_on",
        &["2023-02-30"],
    );
    assert_names(
        &anshan_with(
            "registered_on = 2022-01-10",
            "registered_on = \"10/01/2022\"",
        ),
        "operator.registered_on",
        &["10/01/2022"],
    );
    assert_names(
        &anshan_with("as_of = 2024-06-15", "as_of = \"2024-13-01\""),
        "as_of",
        &["2024-13-01"],
    );
    assert_names(&anshan_with("as_of = 2024-06-15", ""), "as_of", &["as_of"]);
    assert_names(
        &anshan_with(
            "mentors = 3",
            "mentors = 3\napplication = { submitted_on = \"2022-02-29\" }",
        ),
        "application.submitted_on",
        &["2022-02-29"],
    );
    // As a TOML date literal, an impossible day is refused with its line.
    let e = errors(&anshan_with(
        "registered_on = 2022-01-10",
        "registered_on = 2023-02-30",
    ));
    let line = profile_text("anshan-2020")
        .lines()
        .position(|l| l.starts_with("registered_on"))
        .unwrap()
        + 1;
    assert!(e.0.iter().any(|x| x.field == format!("第{line}行")), "{e}");
}

#[test]
fn malformed_history_application_and_reviews_are_named() {
    let text = anshan_with(
        "mentors = 3",
        "mentors = 3\nhistory = { fraud_findings = [{ when = 2023-01-01 }] }",
    );
    let e = errors(&text);
    assert!(
        e.0.iter()
            .any(|x| x.field == "history.fraud_findings[0].when"),
        "{e}"
    );
    assert!(
        e.0.iter()
            .any(|x| x.field == "history.fraud_findings[0].date"),
        "{e}"
    );
    assert_names(
        &anshan_with(
            "mentors = 3",
            "mentors = 3\nreviews = { \"5.1-direction\" = { met = \"yes\" } }",
        ),
        "reviews.5.1-direction.met",
        &["true"],
    );
    assert_names(
        &anshan_with(
            "mentors = 3",
            "mentors = 3\napplication = { submitted_on = 2022-12-01, by = \"x\" }",
        ),
        "application.by",
        &["未知"],
    );
}

#[test]
fn optional_reserved_keys_given_as_null_are_not_given() {
    // The API documents `policy`, `history`, `application` and `reviews` as optional; a JSON
    // client that writes an absent one as `null` means the same as leaving it out.
    let profile = passing("anshan-2020");
    let mut value: serde_json::Value = serde_json::to_value(&profile).unwrap();
    for key in ["history", "application", "reviews"] {
        value[key] = serde_json::Value::Null;
    }
    let text = value.to_string();
    let quick = Profile::from_json(&text, &library().facts).unwrap();
    let ordinary = Profile::from_json_value(&value, &library().facts).unwrap();
    assert_eq!(quick, ordinary);
    assert!(quick.reviews.is_empty() && quick.application.is_none());
    assert_eq!(quick.facts, profile.facts);
    value["policy"] = serde_json::Value::Null;
    let unnamed = Profile::from_json_value(&value, &library().facts).unwrap();
    assert_eq!(unnamed.policy, None);
    // A wrong type is still an error, named by its field.
    value["reviews"] = serde_json::json!([]);
    let e = Profile::from_json_value(&value, &library().facts).unwrap_err();
    assert!(e.0.iter().any(|x| x.field == "reviews"), "{e}");
}

#[test]
fn every_error_is_reported_at_once() {
    let text = anshan_with("total_area_m2 = 600", "total_area_m2 = -1\narea = 3")
        .replace("legal_person = true", "legal_person = 1");
    let fields: BTreeSet<String> = errors(&text).0.into_iter().map(|e| e.field).collect();
    for f in [
        "premises.total_area_m2",
        "premises.area",
        "operator.legal_person",
    ] {
        assert!(fields.contains(f), "{f} missing from {fields:?}");
    }
}

#[test]
fn malformed_json_is_an_error_with_position() {
    let e = Profile::from_json("{\"as_of\": \"2024-06-15\",", &library().facts).unwrap_err();
    assert!(e.0[0].field.starts_with("第1行"), "{e}");
    let e = Profile::from_json("[1, 2]", &library().facts).unwrap_err();
    assert_eq!(e.0[0].field, "(根)");
}

/// JSON text a `serde_json::Value` cannot show (repeated keys, escaped keys, trailing text):
/// `from_json` reads it quickly or falls back, and either way gives what the ordinary reader
/// gives for the same text.
#[test]
fn json_text_reads_as_the_ordinary_reader_reads_it() {
    let dict = &library().facts;
    let base = serde_json::to_string(&to_json(&passing("xinjiang-2019"))).unwrap();
    let body = base.strip_prefix('{').unwrap();
    let open = base.strip_suffix('}').unwrap();
    let ordinary = |text: &str| {
        serde_json::from_str::<serde_json::Value>(text)
            .map_err(|e| e.to_string())
            .map(|v| Profile::from_json_value(&v, dict))
    };
    let cases = [
        // A repeated group: the last one wins whole, its facts do not merge with the first.
        format!("{{\"premises\": {{\"total_area_m2\": 1}}, {body}"),
        format!("{open}, \"premises\": {{\"total_area_m2\": 3000}}}}"),
        // A repeated check date, the first one invalid (the last one counts).
        format!("{{\"as_of\": \"2024-02-30\", {body}"),
        format!("{{{body}").replacen("\"as_of\"", "\"as_of\": \"bad\", \"as_of\"", 1),
        // A key written with an escape is the same key.
        format!("{{{body}").replacen("\"as_of\"", "\"as\\u005fof\"", 1),
        // Text after the profile.
        format!("{{{body} 1"),
        // A fact given twice in its group: the last one counts.
        format!("{{{body}").replacen("\"mentors\"", "\"mentors\": 0, \"mentors\"", 1),
    ];
    for text in &cases {
        let quick = Profile::from_valid_json(text.as_bytes(), dict);
        match ordinary(text) {
            Ok(expected) => {
                if let Some(quick) = &quick {
                    assert_eq!(Some(quick), expected.as_ref().ok(), "{text}");
                }
                assert_eq!(Profile::from_json(text, dict), expected, "{text}");
            }
            Err(syntax) => {
                assert_eq!(quick, None, "{text}");
                assert!(Profile::from_json(text, dict).is_err(), "{syntax}");
            }
        }
    }
    // The escaped key was read quickly (the repeated ones fell back, as they must).
    assert!(Profile::from_valid_json(cases[4].as_bytes(), dict).is_some());
    assert!(Profile::from_valid_json(cases[0].as_bytes(), dict).is_none());
    assert!(cases[6].contains("\"mentors\": 0"), "{}", cases[6]);
    assert!(Profile::from_valid_json(cases[6].as_bytes(), dict).is_none());
    // Bytes that are not UTF-8 are left to the ordinary reader, which words the error.
    let mut bytes = format!("{{{body}").into_bytes();
    let at = bytes.iter().position(|&b| b == b'"').unwrap() + 1;
    bytes.insert(at, 0xff);
    assert!(Profile::from_valid_json(&bytes, dict).is_none());
}

/// Every fact of the dictionary given in every JSON shape (yes/no, whole, negative and
/// fractional numbers, listed and unlisted choices, dates valid and not, lists, null): the
/// quick reader, which takes values by the fact's type straight from the text, reads what the
/// ordinary reader reads or leaves it to it, and `from_json` agrees with the ordinary reader.
#[test]
fn every_fact_in_every_shape_reads_as_the_ordinary_reader_reads_it() {
    let dict = &library().facts;
    let base = to_json(&passing("xinjiang-2019"));
    let mut quick_reads = 0;
    for def in dict.facts() {
        let first = def.choices.first().map_or("x", |c| c.id.as_str());
        let shapes = [
            serde_json::json!(true),
            serde_json::json!(0),
            serde_json::json!(12),
            serde_json::json!(-3),
            serde_json::json!(47.5),
            serde_json::json!(2.0),
            serde_json::json!(first),
            serde_json::json!("不在选项中"),
            serde_json::json!("2024-02-29"),
            serde_json::json!("2023-02-29"),
            serde_json::json!("650102"),
            serde_json::json!([first]),
            serde_json::json!([first, first]),
            serde_json::json!([1]),
            serde_json::Value::Null,
        ];
        for shape in shapes {
            let mut value = base.clone();
            let mut table = value.as_object_mut().unwrap();
            let mut path = def.name.as_str().split('.').peekable();
            while let Some(segment) = path.next() {
                if path.peek().is_none() {
                    table.insert(segment.to_string(), shape.clone());
                } else {
                    table = table
                        .entry(segment)
                        .or_insert_with(|| serde_json::json!({}))
                        .as_object_mut()
                        .unwrap();
                }
            }
            let text = value.to_string();
            let ordinary = Profile::from_json_value(&value, dict);
            if let Some(quick) = Profile::from_valid_json(text.as_bytes(), dict) {
                quick_reads += 1;
                assert_eq!(Some(&quick), ordinary.as_ref().ok(), "{text}");
            }
            assert_eq!(Profile::from_json(&text, dict), ordinary, "{text}");
        }
    }
    // The quick reader did read the valid ones (at least one shape fits every fact).
    assert!(quick_reads >= dict.facts().count(), "{quick_reads}");
}

// ───────────────────────── absurd magnitudes ─────────────────────────

/// Regression (found by eligibility_props::quantities_of_any_size_never_panic): a whole near
/// `Decimal::MAX` made the share of 第六条（二） overflow `percent × whole` and panic in
/// `evaluate.rs` and in the advice; two parts near the maximum overflowed the parser's
/// part-of-whole sum.
#[test]
fn huge_quantities_get_a_verdict_not_a_panic() {
    let id = "inner-mongolia-2020";
    let r = check(
        id,
        &with(
            &passing(id),
            &[("premises.total_area_m2", q("1000000000000000000000000000"))],
        ),
    );
    assert_eq!(status(&r, "6.2-area"), Status::Met);
    assert_eq!(status(&r, "6.2-public-share"), Status::NotMet);
    assert_eq!(r.verdict, Verdict::Ineligible);
    let text = anshan_with("public_area_m2 = 260", "public_area_m2 = 4e28")
        .replace("workstation_area_m2 = 200", "workstation_area_m2 = 4e28")
        .replace("total_area_m2 = 600", "total_area_m2 = 7e28");
    assert_names(&text, "premises.public_area_m2", &["大于"]);
}
