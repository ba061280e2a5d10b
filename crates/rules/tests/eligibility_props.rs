//! Properties of the eligibility engine, from the passing profiles in `tests/profiles/`:
//! raising an "at least" quantity never turns eligible into ineligible; the way to eligible,
//! applied to a randomly degraded profile, leaves it no longer ineligible; and no JSON or text,
//! however malformed, makes the profile reader (or a check of what it accepts) panic.

mod common;

use std::collections::{BTreeMap, BTreeSet};

use common::*;
use jiff::ToSpan;
use policy::facts::{Constraint, FactName, FactType};
use policy::model::Rule;
use proptest::prelude::*;
use rules::eligibility::{self, Verdict};
use rules::profile::{FactValue, Profile};
use rust_decimal::Decimal;
use serde_json::Value;

// ───────────────────────── monotonicity ─────────────────────────

/// Facts in a position where more always helps (the fact of an "at least" threshold, a share's
/// part, the staff of a per-resident count), and facts where more can hurt (an "at most"
/// threshold, a share's whole, a per-resident count's base).
fn positions(rule: &Rule, helps: &mut BTreeSet<FactName>, hurts: &mut BTreeSet<FactName>) {
    match rule {
        Rule::Threshold { fact, term, .. } => {
            if comparison(term).is_minimum() {
                helps.insert(fact.clone());
            } else {
                hurts.insert(fact.clone());
            }
        }
        Rule::Share { parts, whole, .. } => {
            helps.extend(parts.iter().cloned());
            hurts.insert(whole.clone());
        }
        Rule::PerCount { fact, base, .. } => {
            helps.insert(fact.clone());
            hurts.insert(base.clone());
        }
        Rule::AnyOf { branches: b } | Rule::AllOf { parts: b } => {
            b.iter().for_each(|x| positions(&x.rule, helps, hurts))
        }
        Rule::Cases { cases, .. } => cases.iter().for_each(|c| positions(&c.rule, helps, hurts)),
        _ => {}
    }
}

/// The "at least" quantity facts of a measure: more of them only ever helps. (A total area is an
/// "at least" fact of 第六条（二） but also the whole of a share, and residents are the base of
/// Anshan's per-15 counts: raising those can rightly make a space ineligible, so they are not
/// in this set.)
fn at_least_facts(id: &str) -> Vec<FactName> {
    let (mut helps, mut hurts) = (BTreeSet::new(), BTreeSet::new());
    for c in &measure(id).measure.condition {
        positions(&c.rule, &mut helps, &mut hurts);
    }
    helps.difference(&hurts).cloned().collect()
}

fn raise(p: &mut Profile, f: &FactName, by: u32, hundredths: u32) {
    let integer = library()
        .facts
        .fact(f)
        .is_some_and(|d| d.ty == FactType::Integer);
    let delta = if integer {
        Decimal::from(by)
    } else {
        Decimal::from(by) + Decimal::new(i64::from(hundredths), 2)
    };
    let now = p
        .get(f)
        .and_then(FactValue::quantity)
        .unwrap_or(Decimal::ZERO);
    p.facts.insert(f.clone(), FactValue::Quantity(now + delta));
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn raising_an_at_least_fact_never_makes_eligible_ineligible(
        which in 0..MEASURES.len(),
        raises in prop::collection::vec((any::<prop::sample::Index>(), 0u32..2000, 0u32..100), 1..5),
    ) {
        let id = MEASURES[which];
        let facts = at_least_facts(id);
        prop_assert!(!facts.is_empty());
        let base = passing(id);
        prop_assert_eq!(check(id, &base).verdict, Verdict::Eligible);
        let mut p = base.clone();
        for (i, by, hundredths) in &raises {
            raise(&mut p, i.get(&facts), *by, *hundredths);
        }
        // A part raised beyond its whole is not a profile at all: nothing to judge.
        let Ok(p) = reparse(&p) else { return Ok(()) };
        let r = check(id, &p);
        prop_assert_eq!(r.verdict, Verdict::Eligible, "{}", eligibility::render::text(&r));
    }
}

// ───────────────────────── the way to eligible ─────────────────────────

/// One random degradation of a passing profile.
#[derive(Debug, Clone)]
enum Harm {
    /// Scale a quantity down to so many percent of itself.
    Shrink(prop::sample::Index, u32),
    /// Set a yes/no fact to the other answer.
    Flip(prop::sample::Index),
    /// Drop members of a set.
    Drop(prop::sample::Index, prop::sample::Index),
    /// Move a start date later (towards the check date) or the lease end earlier.
    Delay(prop::sample::Index, u16),
    /// Choose another option of a single choice.
    Choose(prop::sample::Index, prop::sample::Index),
}

fn harm() -> impl Strategy<Value = Harm> {
    let i = any::<prop::sample::Index>;
    prop_oneof![
        (i(), 0u32..100).prop_map(|(a, b)| Harm::Shrink(a, b)),
        i().prop_map(Harm::Flip),
        (i(), i()).prop_map(|(a, b)| Harm::Drop(a, b)),
        (i(), 1u16..800).prop_map(|(a, b)| Harm::Delay(a, b)),
        (i(), i()).prop_map(|(a, b)| Harm::Choose(a, b)),
    ]
}

fn of_type(p: &Profile, ty: FactType) -> Vec<FactName> {
    p.facts
        .keys()
        .filter(|f| library().facts.fact(f).is_some_and(|d| d.ty == ty))
        .cloned()
        .collect()
}

fn degrade(base: &Profile, harms: &[Harm]) -> Profile {
    let dict = &library().facts;
    let mut p = base.clone();
    for h in harms {
        match h {
            Harm::Shrink(i, pct) => {
                let mut qs = of_type(&p, FactType::Number);
                qs.extend(of_type(&p, FactType::Integer));
                let f = i.get(&qs).clone();
                let integer = dict.fact(&f).unwrap().ty == FactType::Integer;
                let now = p.get(&f).and_then(FactValue::quantity).unwrap();
                let to = now * Decimal::from(*pct) / Decimal::ONE_HUNDRED;
                let to = if integer { to.floor() } else { to.round_dp(2) };
                p.facts.insert(f, FactValue::Quantity(to));
            }
            Harm::Flip(i) => {
                let bools = of_type(&p, FactType::Bool);
                let f = i.get(&bools).clone();
                let Some(FactValue::Bool(b)) = p.get(&f) else {
                    unreachable!()
                };
                let b = !*b;
                p.facts.insert(f, FactValue::Bool(b));
            }
            Harm::Drop(i, j) => {
                let sets: Vec<FactName> = of_type(&p, FactType::Set)
                    .into_iter()
                    .filter(|f| f.as_str() != "operator.recognised_as")
                    .collect();
                let f = i.get(&sets).clone();
                let Some(FactValue::Set(s)) = p.get(&f) else {
                    unreachable!()
                };
                let mut s = s.clone();
                if !s.is_empty() {
                    let gone = j.get(&s.iter().cloned().collect::<Vec<_>>()).clone();
                    s.remove(&gone);
                }
                p.facts.insert(f, FactValue::Set(s));
            }
            Harm::Delay(i, days) => {
                let dates = of_type(&p, FactType::Date);
                let f = i.get(&dates).clone();
                let now = p.get(&f).and_then(FactValue::date).unwrap();
                let to = if f.as_str() == "premises.lease_end" {
                    let start = p
                        .get(&fact("premises.lease_start"))
                        .and_then(FactValue::date)
                        .unwrap();
                    now.checked_sub(i64::from(*days).days()).unwrap().max(start)
                } else if f.as_str() == "premises.lease_start" {
                    now
                } else {
                    now.checked_add(i64::from(*days).days())
                        .unwrap()
                        .min(p.as_of)
                };
                p.facts.insert(f, FactValue::Date(to));
            }
            Harm::Choose(i, j) => {
                let enums = of_type(&p, FactType::Enum);
                let f = i.get(&enums).clone();
                let choices: Vec<String> = dict
                    .fact(&f)
                    .unwrap()
                    .choices
                    .iter()
                    .map(|c| c.id.clone())
                    .collect();
                p.facts
                    .insert(f, FactValue::Choice(j.get(&choices).clone()));
            }
        }
    }
    // Keep it a profile: a whole at least the sum of its parts.
    for c in dict.constraints() {
        if let Constraint::PartOfWhole { parts, whole } = c {
            let sum: Decimal = parts
                .iter()
                .filter_map(|f| p.get(f).and_then(FactValue::quantity))
                .sum();
            if let Some(w) = p.get(whole).and_then(FactValue::quantity)
                && sum > w
            {
                p.facts.insert(whole.clone(), FactValue::Quantity(sum));
            }
        }
    }
    p
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn the_way_to_eligible_applied_leaves_no_degraded_profile_ineligible(
        which in 0..MEASURES.len(),
        harms in prop::collection::vec(harm(), 1..6),
    ) {
        let id = MEASURES[which];
        let p = degrade(&passing(id), &harms);
        let p = reparse(&p).map_err(|e| TestCaseError::fail(format!("degraded profile invalid: {e}")))?;
        let r = check(id, &p);
        for other in MEASURES {
            assert_json_is_report(other, &p, &check(other, &p));
        }
        if r.verdict != Verdict::Ineligible {
            prop_assert!(r.way_to_eligible.is_none());
            return Ok(());
        }
        let advice = r.way_to_eligible.as_ref().expect("an ineligible report carries the way to eligible");
        let fixed = advice.apply(&p);
        let after = check(id, &fixed);
        prop_assert_ne!(after.verdict, Verdict::Ineligible, "advice {:?}\n{}", advice, eligibility::render::text(&after));
        prop_assert_eq!(after.verdict, advice.reaches);
        prop_assert!(reparse(&fixed).is_ok(), "the advice yields an invalid profile: {:?}", fixed);
    }
}

// ───────────────────────── malformed input never panics ─────────────────────────

fn key() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(vec![
            "as_of",
            "policy",
            "history",
            "fraud_findings",
            "date",
            "body",
            "application",
            "submitted_on",
            "call",
            "reviews",
            "met",
            "reviewer",
            "note",
            "operator",
            "premises",
            "staff",
            "residents",
            "mentors",
            "services",
            "total_area_m2",
            "public_area_m2",
            "workstation_area_m2",
            "lease_start",
            "lease_end",
            "tenure",
            "region",
            "kind",
            "legal_person",
            "registered_on",
            "public_facilities",
            "professional_incubation",
            "total_excluding_property",
            "current",
        ])
        .prop_map(str::to_string),
        ".{0,12}",
    ]
}

fn leaf() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>()
            .prop_map(|f| serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number)),
        prop::sample::select(vec![
            "1e308",
            "-0",
            "0.000000000000000000000000001",
            "79228162514264337593543950335",
            "1e-400",
            "123456789012345678901234567890.5"
        ])
        .prop_map(|t| serde_json::from_str(t).unwrap_or(Value::Null)),
        "[0-9]{4}-[0-9]{2}-[0-9]{2}".prop_map(Value::String),
        prop::sample::select(vec![
            "leased",
            "owned",
            "enterprise",
            "internet",
            "makers",
            "150102",
            "shuozhou-2022",
            "2024-02-29",
            "9999-12-31",
            "-0001-01-01"
        ])
        .prop_map(|s| Value::String(s.to_string())),
        ".*".prop_map(Value::String),
    ]
}

fn json() -> impl Strategy<Value = Value> {
    leaf().prop_recursive(4, 64, 8, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::btree_map(key(), inner, 0..8)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// Parsing must not panic; whatever parses must check without panicking against every measure.
/// The quick reader of JSON text reads exactly the valid profiles, to exactly what the ordinary
/// reader gives for the same text, and so `from_json` agrees with it, errors included.
fn read_and_check(value: &Value) {
    let dict = &library().facts;
    let text = value.to_string();
    // The same text read the ordinary way (serde_json's float parsing may differ in the last
    // digit from the value the text was written from, so compare readings of one text).
    let reread: Value = serde_json::from_str(&text).expect("written JSON reads back");
    let ordinary = Profile::from_json_value(&reread, dict);
    let quick = Profile::from_valid_json(text.as_bytes(), dict);
    assert_eq!(
        quick.as_ref(),
        ordinary.as_ref().ok(),
        "quick reader on {text}"
    );
    assert_eq!(Profile::from_json(&text, dict), ordinary);
    let parsed = [
        Profile::from_json_value(value, dict),
        Profile::from_json(&text, dict),
    ];
    for p in parsed.into_iter().flatten() {
        for id in MEASURES {
            let report = check(id, &p);
            assert_json_is_report(id, &p, &report);
        }
    }
}

/// Sets `value` at a dotted path of a JSON object, creating tables as needed.
fn plant(root: &mut Value, path: &[String], value: Value) {
    let Some((last, dirs)) = path.split_last() else {
        return;
    };
    let mut at = root;
    for d in dirs {
        if !at.is_object() {
            return;
        }
        at = at
            .as_object_mut()
            .unwrap()
            .entry(d.clone())
            .or_insert_with(|| Value::Object(Default::default()));
    }
    if let Some(m) = at.as_object_mut() {
        m.insert(last.clone(), value);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_json_never_panics(value in json()) {
        read_and_check(&value);
        let mut with_date = value.clone();
        if let Some(m) = with_date.as_object_mut() {
            m.insert("as_of".into(), Value::String("2024-06-15".into()));
        }
        read_and_check(&with_date);
    }

    #[test]
    fn a_passing_profile_with_one_field_replaced_never_panics(
        which in 0..MEASURES.len(),
        path in prop::collection::vec(key(), 1..4),
        fact_index in any::<prop::sample::Index>(),
        value in json(),
    ) {
        let mut root = to_json(&passing(MEASURES[which]));
        plant(&mut root, &path, value.clone());
        read_and_check(&root);
        // The same value put at a real fact's place.
        let names: Vec<String> = library().facts.facts().map(|d| d.name.as_str().to_string()).collect();
        let name = fact_index.get(&names);
        let mut root = to_json(&passing(MEASURES[which]));
        plant(&mut root, &name.split('.').map(str::to_string).collect::<Vec<_>>(), value);
        read_and_check(&root);
    }

    #[test]
    fn arbitrary_text_never_panics(text in ".{0,200}") {
        let dict = &library().facts;
        let _ = Profile::from_json(&text, dict);
        let _ = Profile::from_toml(&text, dict);
    }

    #[test]
    fn quantities_of_any_size_never_panic(
        which in 0..MEASURES.len(),
        fact_index in any::<prop::sample::Index>(),
        number in prop_oneof![
            any::<u64>().prop_map(|n| n.to_string()),
            any::<f64>().prop_filter("finite", |f| f.is_finite()).prop_map(|f| f.abs().to_string()),
            prop::sample::select(vec!["79228162514264337593543950335", "7922816251426433759354395033", "1e27", "1e28", "0.0000000000000000000000000001"]).prop_map(str::to_string),
        ],
    ) {
        let id = MEASURES[which];
        let quantities: Vec<FactName> = library()
            .facts
            .facts()
            .filter(|d| matches!(d.ty, FactType::Number | FactType::Integer))
            .map(|d| d.name.clone())
            .collect();
        let f = fact_index.get(&quantities);
        let mut root = to_json(&passing(id));
        let Ok(n) = serde_json::from_str::<Value>(&number) else { return Ok(()) };
        plant(&mut root, &f.as_str().split('.').map(str::to_string).collect::<Vec<_>>(), n);
        read_and_check(&root);
    }
}

#[test]
fn at_least_facts_are_derived_from_the_policies() {
    let all: BTreeMap<&str, Vec<String>> = MEASURES
        .iter()
        .map(|id| (*id, at_least_facts(id).into_iter().map(|f| f.0).collect()))
        .collect();
    // The total area and the residents base are excluded where a share or a per-15 count reads them.
    assert!(!all["inner-mongolia-2020"].contains(&"premises.total_area_m2".to_string()));
    assert!(!all["anshan-2020"].contains(&"residents.current".to_string()));
    assert!(all["anshan-2020"].contains(&"mentors".to_string()));
    assert!(all["xinjiang-2019"].contains(&"premises.workstations".to_string()));
}
