//! Shared helpers of the eligibility tests: the library, the passing profiles in
//! `tests/profiles/`, a profile's round trip through the input format, and the generic
//! "break exactly this condition" mutation, driven by each rule as the policy file states it.

#![allow(dead_code)]

use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;

use jiff::ToSpan;
use jiff::civil::Date;
use policy::facts::{FactName, FactType};
use policy::law::{Comparison, Period, Term};
use policy::model::{Condition, GuardValue, RegionCode, Rule, Severity};
use policy::{Library, LoadedMeasure};
use rules::eligibility::{self, ConditionResult, EligibilityReport, Status};
use rules::profile::{FactValue, Profile, ProfileErrors};
use rust_decimal::Decimal;
use serde_json::{Map, Value};

/// The four measures, each with a passing profile in `tests/profiles/<id>.toml`.
pub const MEASURES: [&str; 4] = [
    "inner-mongolia-2020",
    "xinjiang-2019",
    "shuozhou-2016",
    "anshan-2020",
];

pub fn library() -> &'static Library {
    static LIBRARY: OnceLock<Library> = OnceLock::new();
    LIBRARY.get_or_init(|| Library::embedded().expect("the embedded policies load"))
}

pub fn measure(id: &str) -> &'static LoadedMeasure {
    library()
        .get(id)
        .unwrap_or_else(|| panic!("measure {id} is embedded"))
}

pub fn profile_text(id: &str) -> String {
    let path = format!("{}/tests/profiles/{id}.toml", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The passing profile of a measure.
pub fn passing(id: &str) -> Profile {
    Profile::from_toml(&profile_text(id), &library().facts)
        .unwrap_or_else(|e| panic!("{id}.toml: {e}"))
}

pub fn check(id: &str, profile: &Profile) -> EligibilityReport {
    eligibility::check(library(), measure(id), profile)
}

/// The report written straight as JSON (`eligibility::check_json`, the server's fast path) is
/// byte for byte the report serialised.
pub fn assert_json_is_report(id: &str, profile: &Profile, report: &EligibilityReport) {
    let mut fast = Vec::new();
    eligibility::check_json(library(), measure(id), profile, &mut fast);
    let slow = serde_json::to_vec(report).expect("a report serialises");
    if fast != slow {
        panic!(
            "{id}: check_json differs from the serialised report\n fast: {}\n slow: {}",
            String::from_utf8_lossy(&fast),
            String::from_utf8_lossy(&slow)
        );
    }
}

pub fn result<'a>(report: &'a EligibilityReport, condition: &str) -> &'a ConditionResult {
    report
        .conditions
        .iter()
        .find(|c| c.id == condition)
        .unwrap_or_else(|| panic!("no condition {condition} in the report"))
}

pub fn status(report: &EligibilityReport, condition: &str) -> Status {
    result(report, condition).status
}

pub fn fact(name: &str) -> FactName {
    FactName(name.to_string())
}

pub fn q(text: &str) -> FactValue {
    FactValue::Quantity(text.parse().unwrap())
}

pub fn d(text: &str) -> Date {
    text.parse().unwrap()
}

/// Sets facts and re-reads the profile through the input format, so that every variant is
/// a profile the parser accepts (parts not larger than wholes, dates in order…).
pub fn with(profile: &Profile, changes: &[(&str, FactValue)]) -> Profile {
    let mut p = profile.clone();
    for (name, value) in changes {
        p.facts.insert(fact(name), value.clone());
    }
    reparse(&p).unwrap_or_else(|e| panic!("variant {changes:?} is not a valid profile: {e}"))
}

pub fn without(profile: &Profile, names: &[&str]) -> Profile {
    let mut p = profile.clone();
    for name in names {
        assert!(
            p.facts.remove(&fact(name)).is_some(),
            "{name} is not in the profile"
        );
    }
    reparse(&p).unwrap()
}

pub fn as_of(profile: &Profile, date: &str) -> Profile {
    let mut p = profile.clone();
    p.as_of = d(date);
    p
}

fn value_json(v: &FactValue) -> Value {
    match v {
        FactValue::Quantity(q) => serde_json::from_str(&q.normalize().to_string())
            .expect("a decimal reads as a JSON number"),
        FactValue::Bool(b) => Value::Bool(*b),
        FactValue::Date(d) => Value::String(d.to_string()),
        FactValue::Choice(s) | FactValue::Text(s) => Value::String(s.clone()),
        FactValue::Set(s) => Value::Array(s.iter().cloned().map(Value::String).collect()),
        FactValue::Region(r) => Value::String(r.as_str().to_string()),
    }
}

/// A profile in the input shape (facts nested by their dotted names).
pub fn to_json(p: &Profile) -> Value {
    let mut root = Map::new();
    root.insert("as_of".into(), Value::String(p.as_of.to_string()));
    if let Some(policy) = &p.policy {
        root.insert("policy".into(), Value::String(policy.clone()));
    }
    for (name, value) in &p.facts {
        let mut parts: Vec<&str> = name.as_str().split('.').collect();
        let last = parts.pop().unwrap();
        let mut table = &mut root;
        for part in parts {
            table = table
                .entry(part.to_string())
                .or_insert_with(|| Value::Object(Map::new()))
                .as_object_mut()
                .unwrap();
        }
        table.insert(last.to_string(), value_json(value));
    }
    if !p.history.fraud_findings.is_empty() {
        let findings: Vec<Value> = p
            .history
            .fraud_findings
            .iter()
            .map(|f| {
                let mut m = Map::new();
                m.insert("date".into(), Value::String(f.date.to_string()));
                if let Some(b) = &f.body {
                    m.insert("body".into(), Value::String(b.clone()));
                }
                Value::Object(m)
            })
            .collect();
        root.insert(
            "history".into(),
            serde_json::json!({ "fraud_findings": findings }),
        );
    }
    if let Some(a) = &p.application {
        let mut m = Map::new();
        m.insert(
            "submitted_on".into(),
            Value::String(a.submitted_on.to_string()),
        );
        if let Some(c) = &a.call {
            m.insert("call".into(), Value::String(c.clone()));
        }
        root.insert("application".into(), Value::Object(m));
    }
    if !p.reviews.is_empty() {
        let mut m = Map::new();
        for (id, r) in &p.reviews {
            let mut e = Map::new();
            e.insert("met".into(), Value::Bool(r.met));
            if let Some(who) = &r.reviewer {
                e.insert("reviewer".into(), Value::String(who.clone()));
            }
            if let Some(n) = &r.note {
                e.insert("note".into(), Value::String(n.clone()));
            }
            m.insert(id.clone(), Value::Object(e));
        }
        root.insert("reviews".into(), Value::Object(m));
    }
    Value::Object(root)
}

pub fn reparse(p: &Profile) -> Result<Profile, ProfileErrors> {
    Profile::from_json_value(&to_json(p), &library().facts)
}

// ───────────────────────── breaking one condition ─────────────────────────

pub fn comparison(term: &Term) -> Comparison {
    library()
        .terms
        .comparison(term)
        .unwrap_or_else(|| panic!("term {term:?} is in law/terms.toml"))
}

fn is_integer(f: &FactName) -> bool {
    library()
        .facts
        .fact(f)
        .is_some_and(|d| d.ty == FactType::Integer)
}

/// The smallest step of a quantity: 1 for counts, 0.01 (one hundredth of a ㎡) otherwise.
pub fn step(f: &FactName) -> Decimal {
    if is_integer(f) {
        Decimal::ONE
    } else {
        Decimal::new(1, 2)
    }
}

fn quantity(p: &Profile, f: &FactName) -> Decimal {
    p.get(f)
        .and_then(FactValue::quantity)
        .unwrap_or_else(|| panic!("{f:?} is a quantity of the profile"))
}

fn date(p: &Profile, f: &FactName) -> Date {
    p.get(f)
        .and_then(FactValue::date)
        .unwrap_or_else(|| panic!("{f:?} is a date of the profile"))
}

fn span(period: &Period) -> jiff::Span {
    i64::from(period.years)
        .years()
        .months(period.months)
        .days(period.days)
}

/// The facts a condition reads, its guard included.
pub fn condition_facts(c: &Condition) -> BTreeSet<FactName> {
    let mut out: BTreeSet<FactName> = c.rule.facts().into_iter().cloned().collect();
    if let Some(g) = &c.applies_if {
        out.insert(g.fact.clone());
    }
    out
}

/// Whether a condition is decided by the system (not purely a reviewer's judgement).
pub fn is_decidable(c: &Condition) -> bool {
    !c.rule.is_review()
}

fn has_review(rule: &Rule) -> bool {
    match rule {
        Rule::Review { .. } => true,
        Rule::AnyOf { branches: b } | Rule::AllOf { parts: b } => {
            b.iter().any(|x| has_review(&x.rule))
        }
        Rule::Cases { cases, .. } => cases.iter().any(|c| has_review(&c.rule)),
        _ => false,
    }
}

/// Conditions that involve a reviewer's judgement, wholly or in part.
pub fn involves_review(c: &Condition) -> bool {
    has_review(&c.rule)
}

fn set_fact(p: &mut Profile, f: &FactName, v: FactValue, changed: &mut BTreeSet<FactName>) {
    p.facts.insert(f.clone(), v);
    changed.insert(f.clone());
}

/// Mutates `p` just past the rule's threshold so that the rule is not met. `elsewhere` holds the
/// facts read by the measure's other conditions: in an all-of rule, a part that reads none of
/// them is broken in preference, so only this condition changes.
pub fn break_rule(
    rule: &Rule,
    p: &mut Profile,
    elsewhere: &BTreeSet<FactName>,
    changed: &mut BTreeSet<FactName>,
) {
    let dict = &library().facts;
    match rule {
        Rule::Threshold { fact, term, value } => {
            let to = match comparison(term) {
                Comparison::AtLeast => *value - step(fact),
                Comparison::MoreThan | Comparison::LessThan => *value,
                Comparison::AtMost => *value + step(fact),
            };
            assert!(
                !to.is_sign_negative(),
                "{fact:?} {term:?} {value}: cannot go below zero"
            );
            set_fact(p, fact, FactValue::Quantity(to), changed);
        }
        Rule::Share {
            parts,
            whole,
            term,
            percent,
        } => {
            // Keep the parts and enlarge the whole to just past the share.
            let sum: Decimal = parts.iter().map(|f| quantity(p, f)).sum();
            let exact = sum * Decimal::ONE_HUNDRED / *percent;
            let to = match comparison(term) {
                Comparison::AtLeast if is_integer(whole) => exact.floor() + Decimal::ONE,
                Comparison::AtLeast => exact.trunc_with_scale(2) + step(whole),
                Comparison::MoreThan if is_integer(whole) => exact.ceil(),
                Comparison::MoreThan => {
                    (exact * Decimal::ONE_HUNDRED).ceil() / Decimal::ONE_HUNDRED
                }
                other => panic!("share with {other:?} is not used by the measures"),
            };
            set_fact(p, whole, FactValue::Quantity(to), changed);
        }
        Rule::Elapsed {
            since,
            term,
            period,
        } => {
            let start = p.as_of.checked_sub(span(period)).unwrap();
            let start = match comparison(term) {
                // Met from the day the period is completed: one day later is one day short.
                Comparison::AtLeast => start.tomorrow().unwrap(),
                Comparison::MoreThan => start,
                other => panic!("elapsed with {other:?} is not used by the measures"),
            };
            set_fact(p, since, FactValue::Date(start), changed);
        }
        Rule::ContractTerm {
            from,
            to,
            term,
            period,
        } => {
            assert_eq!(comparison(term), Comparison::AtLeast);
            // Both days count: a term of N years from its first day ends the day before the
            // anniversary; one day less is one day short.
            let first = date(p, from);
            let last = first
                .checked_add(span(period))
                .unwrap()
                .yesterday()
                .unwrap()
                .yesterday()
                .unwrap();
            set_fact(p, to, FactValue::Date(last), changed);
        }
        Rule::PerCount {
            fact,
            base,
            per,
            count,
        } => {
            let required = (quantity(p, base) / Decimal::from(*per)).ceil() * Decimal::from(*count);
            assert!(required > Decimal::ZERO);
            set_fact(
                p,
                fact,
                FactValue::Quantity(required - Decimal::ONE),
                changed,
            );
        }
        Rule::Includes {
            fact,
            choices,
            min_count,
        } => {
            let Some(FactValue::Set(have)) = p.get(fact) else {
                panic!("{fact:?} is a set of the profile")
            };
            let mut have = have.clone();
            let keep = min_count.map_or(choices.len() - 1, |n| n as usize - 1);
            for c in choices {
                if choices.iter().filter(|x| have.contains(*x)).count() <= keep {
                    break;
                }
                have.remove(c);
            }
            set_fact(p, fact, FactValue::Set(have), changed);
        }
        Rule::Equals { fact, value } => match value {
            GuardValue::Bool(b) => set_fact(p, fact, FactValue::Bool(!b), changed),
            GuardValue::Choice(c) => {
                if matches!(p.get(fact), Some(FactValue::Choice(have)) if have == c) {
                    let other = dict
                        .fact(fact)
                        .unwrap()
                        .choices
                        .iter()
                        .find(|x| &x.id != c)
                        .unwrap();
                    set_fact(p, fact, FactValue::Choice(other.id.clone()), changed);
                }
            }
        },
        Rule::OneOf { fact, values } => {
            let other = dict
                .fact(fact)
                .unwrap()
                .choices
                .iter()
                .find(|x| !values.contains(&x.id))
                .expect("a choice outside the list");
            set_fact(p, fact, FactValue::Choice(other.id.clone()), changed);
        }
        Rule::Within { fact, regions } => {
            let inside = |code: &RegionCode| {
                regions
                    .iter()
                    .any(|r| RegionCode::parse(r).unwrap().contains(code))
            };
            let outside = ["110101", "310101", "440106"]
                .into_iter()
                .map(|c| RegionCode::parse(c).unwrap())
                .find(|c| !inside(c))
                .unwrap();
            set_fact(p, fact, FactValue::Region(outside), changed);
        }
        Rule::AnyOf { branches } => {
            for b in branches {
                break_rule(&b.rule, p, elsewhere, changed);
            }
        }
        Rule::AllOf { parts } => {
            let decidable: Vec<&Rule> = parts
                .iter()
                .map(|b| &b.rule)
                .filter(|r| !has_review(r))
                .collect();
            let part = decidable
                .iter()
                .find(|r| r.facts().iter().all(|f| !elsewhere.contains(*f)))
                .or_else(|| decidable.first())
                .expect("an all-of rule with a part the system decides");
            break_rule(part, p, elsewhere, changed);
        }
        Rule::Cases { fact, cases } => {
            let v = p.get(fact).cloned().expect("the deciding fact is given");
            let case = cases
                .iter()
                .find(|c| c.when.as_ref().is_some_and(|w| v.matches(w)))
                .or_else(|| cases.iter().find(|c| c.when.is_none()))
                .expect("a case applies");
            break_rule(&case.rule, p, elsewhere, changed);
        }
        Rule::Review { .. } => panic!("a reviewer's judgement cannot be broken by facts"),
    }
}

/// A variant of `profile` that breaks condition `c` of measure `m`, with the facts changed.
pub fn break_condition(
    m: &LoadedMeasure,
    c: &Condition,
    profile: &Profile,
) -> (Profile, BTreeSet<FactName>) {
    let elsewhere: BTreeSet<FactName> = m
        .measure
        .condition
        .iter()
        .filter(|o| o.id != c.id)
        .flat_map(condition_facts)
        .collect();
    let mut p = profile.clone();
    let mut changed = BTreeSet::new();
    break_rule(&c.rule, &mut p, &elsewhere, &mut changed);
    let p = reparse(&p).unwrap_or_else(|e| {
        panic!(
            "{} {}: the broken variant is not a valid profile: {e}",
            m.id(),
            c.id
        )
    });
    (p, changed)
}

/// The conditions the system decides and that are decisive (not soft).
pub fn decisive(m: &LoadedMeasure) -> Vec<&Condition> {
    m.measure
        .condition
        .iter()
        .filter(|c| is_decidable(c) && c.severity == Severity::Decisive)
        .collect()
}

pub fn soft(m: &LoadedMeasure) -> Vec<&Condition> {
    m.measure
        .condition
        .iter()
        .filter(|c| c.severity == Severity::Soft)
        .collect()
}

pub fn statuses(report: &EligibilityReport) -> BTreeMap<String, Status> {
    report
        .conditions
        .iter()
        .map(|c| (c.id.clone(), c.status))
        .collect()
}
