//! The way to eligible: the smallest set of fact changes that turns an ineligible profile
//! eligible under one measure, found by fixing each failing condition at its cheapest branch and
//! re-checking until nothing fails (so conditions that share a fact, such as an area and a share
//! of it, are honoured together).

use jiff::civil::Date;
use policy::facts::{FactName, FactType};
use policy::law::Comparison;
use policy::model::{Condition, Rule};
use policy::{Library, LoadedMeasure};
use rust_decimal::Decimal;
use serde::Serialize;

use super::decision::decide;
use super::evaluate::{Status, contract_last_day, per_count_required, rule_status};
use super::verdict::Verdict;
use crate::profile::{FactValue, Profile};

/// One fact change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    /// The fact.
    pub fact: FactName,
    /// Its label.
    pub label: String,
    /// The value now (none when absent).
    pub from: Option<FactValue>,
    /// The value needed.
    pub to: FactValue,
    /// One short Chinese phrase (`公共服务场地面积 +20㎡`).
    pub message: String,
}

/// The way to eligible.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Advice {
    /// The changes, one per fact.
    pub changes: Vec<Change>,
    /// The earliest check date from which time-based conditions are met, when one must wait.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub wait_until: Option<Date>,
    /// Other routes (the branches of either-or rules not chosen) and what no change can fix.
    pub notes: Vec<String>,
    /// The verdict once the changes are applied (`eligible`, or `incomplete` where facts are
    /// still missing).
    pub reaches: Verdict,
}

impl Advice {
    /// Applies the changes (and the waiting date) to a profile.
    pub fn apply(&self, profile: &Profile) -> Profile {
        let mut out = profile.clone();
        for c in &self.changes {
            out.facts.insert(c.fact.clone(), c.to.clone());
        }
        if let Some(d) = self.wait_until {
            out.as_of = out.as_of.max(d);
        }
        out
    }
}

/// One way to fix a rule: fact values to set, a date to wait for, and its cost.
#[derive(Debug, Clone, Default)]
struct Fix {
    set: Vec<(FactName, FactValue)>,
    wait_until: Option<Date>,
    cost: Decimal,
    alternatives: Vec<String>,
    impossible: Option<String>,
}

const MAX_ROUNDS: usize = 8;

pub(super) fn way_to_eligible(
    library: &Library,
    measure: &LoadedMeasure,
    profile: &Profile,
) -> Option<Advice> {
    let mut working = profile.clone();
    let mut notes = Vec::new();
    let mut wait_until: Option<Date> = None;
    for _ in 0..MAX_ROUNDS {
        let decision = decide(library, measure, &working);
        let failing: Vec<&Condition> = measure
            .measure
            .condition
            .iter()
            .zip(decision.statuses())
            .filter(|(_, s)| *s == Status::NotMet)
            .map(|(c, _)| c)
            .collect();
        if failing.is_empty() {
            break;
        }
        let mut progressed = false;
        for c in failing {
            let fix = fix_rule(library, &working, &c.rule, &c.id);
            if let Some(reason) = fix.impossible {
                let note = format!("{}（{}）：{reason}", c.label, c.cite);
                if !notes.contains(&note) {
                    notes.push(note);
                }
                continue;
            }
            for alt in fix.alternatives {
                let note = format!("{}（{}）另可：{alt}", c.label, c.cite);
                if !notes.contains(&note) {
                    notes.push(note);
                }
            }
            for (fact, value) in fix.set {
                if working.facts.get(&fact) != Some(&value) {
                    working.facts.insert(fact, value);
                    progressed = true;
                }
            }
            if let Some(d) = fix.wait_until
                && d > working.as_of
            {
                wait_until = Some(wait_until.map_or(d, |w| w.max(d)));
                working.as_of = d;
                progressed = true;
            }
        }
        keep_parts_within_wholes(library, &mut working);
        if !progressed {
            break;
        }
    }
    let reaches = decide(library, measure, &working).verdict();
    if reaches == Verdict::Ineligible {
        notes.push("按上述调整后仍有条件不满足，须由评审人或申报单位另行处理。".to_string());
    }
    let mut changes = Vec::new();
    for (fact, to) in &working.facts {
        let from = profile.facts.get(fact);
        if from != Some(to) {
            changes.push(Change {
                label: library.facts.label(fact).to_string(),
                message: describe_change(library, fact, from, to),
                fact: fact.clone(),
                from: from.cloned(),
                to: to.clone(),
            });
        }
    }
    Some(Advice {
        changes,
        wait_until,
        notes,
        reaches,
    })
}

/// A part raised above its whole (professional staff hired beyond the recorded total) raises
/// the whole with it: the people or the area added count in the total too.
fn keep_parts_within_wholes(library: &Library, p: &mut Profile) {
    for c in library.facts.constraints() {
        if let policy::facts::Constraint::PartOfWhole { parts, whole } = c {
            let sum: Decimal = parts.iter().filter_map(|f| quantity(p, f)).sum();
            if let Some(w) = quantity(p, whole)
                && sum > w
            {
                p.facts.insert(whole.clone(), FactValue::Quantity(sum));
            }
        }
    }
}

fn unit(library: &Library, fact: &FactName) -> String {
    library.facts.unit(fact).to_string()
}

fn describe_change(
    library: &Library,
    fact: &FactName,
    from: Option<&FactValue>,
    to: &FactValue,
) -> String {
    let label = library.facts.label(fact);
    let def = library.facts.fact(fact);
    match (from, to) {
        (Some(FactValue::Quantity(a)), FactValue::Quantity(b)) if b > a => {
            format!(
                "{label} +{}{}（由 {} 增至 {}）",
                (*b - *a).normalize(),
                unit(library, fact),
                a.normalize(),
                b.normalize()
            )
        }
        (Some(FactValue::Quantity(a)), FactValue::Quantity(b)) => {
            format!(
                "{label} −{}{}（由 {} 减至 {}）",
                (*a - *b).normalize(),
                unit(library, fact),
                a.normalize(),
                b.normalize()
            )
        }
        (Some(FactValue::Set(a)), FactValue::Set(b)) => {
            let added: Vec<&str> = b
                .difference(a)
                .map(|c| def.map_or(c.as_str(), |d| d.choice_label(c)))
                .collect();
            format!("{label}增加：{}", added.join("、"))
        }
        (_, FactValue::Date(d)) => format!("{label}调整为 {d}"),
        (_, FactValue::Choice(c)) => format!(
            "{label}须为{}",
            def.map_or(c.as_str(), |d| d.choice_label(c))
        ),
        (_, v) => format!("{label}须为{v}"),
    }
}

fn quantity(p: &Profile, f: &FactName) -> Option<Decimal> {
    p.get(f).and_then(FactValue::quantity)
}

/// The smallest step of a fact: 1 for counts, 0.01 for other quantities.
fn step(library: &Library, f: &FactName) -> Decimal {
    match library.facts.fact(f).map(|d| d.ty) {
        Some(FactType::Integer) => Decimal::ONE,
        _ => Decimal::new(1, 2),
    }
}

fn relative(delta: Decimal, target: Decimal) -> Decimal {
    delta.abs() / target.abs().max(Decimal::ONE)
}

fn fix_rule(library: &Library, p: &Profile, rule: &Rule, condition_id: &str) -> Fix {
    let impossible = |reason: String| Fix {
        impossible: Some(reason),
        ..Fix::default()
    };
    let comparison = |t| library.terms.comparison(t).unwrap_or(Comparison::AtLeast);
    match rule {
        Rule::Threshold { fact, term, value } => {
            let Some(have) = quantity(p, fact) else {
                return Fix::default();
            };
            let target = match comparison(term) {
                Comparison::AtLeast | Comparison::AtMost => *value,
                Comparison::MoreThan => *value + step(library, fact),
                Comparison::LessThan => (*value - step(library, fact)).max(Decimal::ZERO),
            };
            let target = if library
                .facts
                .fact(fact)
                .is_some_and(|d| d.ty == FactType::Integer)
            {
                target.ceil()
            } else {
                target
            };
            Fix {
                cost: relative(target - have, target),
                set: vec![(fact.clone(), FactValue::Quantity(target))],
                ..Fix::default()
            }
        }
        Rule::Share {
            parts,
            whole,
            term,
            percent,
        } => {
            let (Some(w), Some(first)) = (quantity(p, whole), parts.first()) else {
                return Fix::default();
            };
            let sum: Decimal = parts
                .iter()
                .filter_map(|f| quantity(p, f))
                .fold(Decimal::ZERO, |a, b| a.saturating_add(b));
            // Exact where percent × whole fits; for absurdly large wholes, divide first.
            let target = percent.checked_mul(w).map_or_else(
                || w / Decimal::ONE_HUNDRED * *percent,
                |x| x / Decimal::ONE_HUNDRED,
            );
            let mut needed = (target - sum).max(Decimal::ZERO).ceil();
            if comparison(term) == Comparison::MoreThan
                && sum
                    .saturating_add(needed)
                    .saturating_mul(Decimal::ONE_HUNDRED)
                    <= percent.saturating_mul(w)
            {
                needed += Decimal::ONE;
            }
            let have = quantity(p, first).unwrap_or(Decimal::ZERO);
            if sum + needed <= w && !w.is_zero() {
                // Reassign within the whole (more of the area made public, say).
                return Fix {
                    cost: relative(needed, w),
                    set: vec![(first.clone(), FactValue::Quantity(have + needed))],
                    ..Fix::default()
                };
            }
            // The part cannot grow inside the whole: add to both (hire professional staff, who
            // count in the total too): (sum + x) × 100 ≥ percent × (whole + x).
            let rest = Decimal::ONE_HUNDRED - *percent;
            if rest <= Decimal::ZERO {
                return impossible(format!("{}须占全部", library.facts.label(first)));
            }
            // An empty whole needs at least one.
            let mut x = ((*percent * w - Decimal::ONE_HUNDRED * sum) / rest)
                .max(Decimal::ZERO)
                .ceil()
                .max(if w.is_zero() {
                    Decimal::ONE
                } else {
                    Decimal::ZERO
                });
            if comparison(term) == Comparison::MoreThan
                && (sum + x) * Decimal::ONE_HUNDRED <= *percent * (w + x)
            {
                x += Decimal::ONE;
            }
            Fix {
                cost: relative(x, w),
                set: vec![
                    (first.clone(), FactValue::Quantity(have + x)),
                    (whole.clone(), FactValue::Quantity(w + x)),
                ],
                ..Fix::default()
            }
        }
        Rule::Elapsed {
            since,
            term,
            period,
        } => {
            let Some(start) = p.get(since).and_then(FactValue::date) else {
                return Fix::default();
            };
            let Some(last) = period.last_day_after(start) else {
                return impossible("日期超出范围".into());
            };
            let when = match comparison(term) {
                Comparison::MoreThan => last.tomorrow().unwrap_or(last),
                Comparison::AtLeast => last,
                _ => {
                    return impossible(format!(
                        "{}已超过期限，无法通过等待满足",
                        library.facts.label(since)
                    ));
                }
            };
            let days = Decimal::from((when - p.as_of).get_days().max(0));
            Fix {
                wait_until: Some(when),
                cost: days / Decimal::from(365),
                ..Fix::default()
            }
        }
        Rule::ContractTerm {
            from, to, period, ..
        } => {
            let Some(first) = p.get(from).and_then(FactValue::date) else {
                return Fix::default();
            };
            let Some(needed) = contract_last_day(*period, first) else {
                return impossible("日期超出范围".into());
            };
            Fix {
                cost: Decimal::ONE,
                set: vec![(to.clone(), FactValue::Date(needed))],
                ..Fix::default()
            }
        }
        Rule::PerCount {
            fact,
            base,
            per,
            count,
        } => {
            let (Some(have), Some(b)) = (quantity(p, fact), quantity(p, base)) else {
                return Fix::default();
            };
            let required = per_count_required(b, *per, *count);
            Fix {
                cost: relative(required - have, required),
                set: vec![(fact.clone(), FactValue::Quantity(required))],
                ..Fix::default()
            }
        }
        Rule::Includes {
            fact,
            choices,
            min_count,
        } => {
            let have = match p.get(fact) {
                Some(FactValue::Set(s)) => s.clone(),
                _ => return Fix::default(),
            };
            let mut next = have.clone();
            let need = min_count.map_or(choices.len(), |n| n as usize);
            for c in choices {
                if choices.iter().filter(|x| next.contains(*x)).count() >= need {
                    break;
                }
                next.insert(c.clone());
            }
            let added = next.len() - have.len();
            Fix {
                cost: Decimal::from(added as u64) / Decimal::TWO,
                set: vec![(fact.clone(), FactValue::Set(next))],
                ..Fix::default()
            }
        }
        Rule::Equals { fact, value } => {
            let to = match value {
                policy::model::GuardValue::Bool(b) => FactValue::Bool(*b),
                policy::model::GuardValue::Choice(c) => FactValue::Choice(c.clone()),
            };
            Fix {
                cost: Decimal::ONE,
                set: vec![(fact.clone(), to)],
                ..Fix::default()
            }
        }
        Rule::OneOf { fact, values } => match values.first() {
            Some(v) => Fix {
                cost: Decimal::ONE,
                set: vec![(fact.clone(), FactValue::Choice(v.clone()))],
                ..Fix::default()
            },
            None => impossible("没有可选类型".into()),
        },
        Rule::Within { fact, regions } => impossible(format!(
            "{}须在 {} 范围内，无法通过补充条件满足",
            library.facts.label(fact),
            regions.join("、")
        )),
        Rule::AnyOf { branches } => {
            let mut options: Vec<(String, Fix)> = branches
                .iter()
                .map(|b| (b.label.clone(), fix_rule(library, p, &b.rule, condition_id)))
                .filter(|(_, f)| {
                    f.impossible.is_none() && (!f.set.is_empty() || f.wait_until.is_some())
                })
                .collect();
            options.sort_by_key(|o| o.1.cost);
            let mut it = options.into_iter();
            let Some((label, mut best)) = it.next() else {
                return impossible("各分支均无法通过补充条件满足".into());
            };
            best.alternatives = it
                .map(|(l, f)| format!("改为满足「{l}」（{}）", summarise(library, p, &f)))
                .collect();
            best.alternatives
                .insert(0, format!("已选代价较小的「{label}」"));
            best
        }
        Rule::AllOf { parts } => {
            let mut all = Fix::default();
            for part in parts {
                if rule_status(library, p, &part.rule, condition_id) == Status::NotMet {
                    let f = fix_rule(library, p, &part.rule, condition_id);
                    if f.impossible.is_some() {
                        return f;
                    }
                    all.set.extend(f.set);
                    all.cost += f.cost;
                    all.wait_until = all.wait_until.max(f.wait_until);
                }
            }
            all
        }
        Rule::Cases { fact, cases } => {
            let Some(v) = p.get(fact) else {
                return Fix::default();
            };
            let case = cases
                .iter()
                .find(|c| c.when.as_ref().is_some_and(|w| v.matches(w)))
                .or_else(|| cases.iter().find(|c| c.when.is_none()));
            match case {
                Some(c) => fix_rule(library, p, &c.rule, condition_id),
                None => impossible("不属于任何情形".into()),
            }
        }
        Rule::Review { question } => {
            impossible(format!("评审人认定不满足「{question}」，须按评审意见整改"))
        }
    }
}

fn summarise(library: &Library, p: &Profile, f: &Fix) -> String {
    let mut parts: Vec<String> = f
        .set
        .iter()
        .map(|(fact, to)| describe_change(library, fact, p.get(fact), to))
        .collect();
    if let Some(d) = f.wait_until {
        parts.push(format!("待至 {d}"));
    }
    parts.join("，")
}
