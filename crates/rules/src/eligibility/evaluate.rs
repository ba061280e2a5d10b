//! Evaluating one rule against a profile: its status and the numbers and dates it used, as typed
//! findings. Nothing here allocates a string: the Chinese requirement and sentence are written
//! from these findings only when a report is built (`sentence.rs`).

use jiff::civil::Date;
use policy::facts::FactName;
use policy::law::{Comparison, Period, Term};
use policy::model::{GuardValue, RegionCode, Rule, Severity};
use policy::{Library, LoadedMeasure};
use rust_decimal::Decimal;
use serde::Serialize;

use crate::profile::{FactValue, Profile};

/// The result of one condition. Serialises as its [`code`](Self::code).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Met.
    Met,
    /// Not met.
    NotMet,
    /// A fact it needs is not given: never a silent pass.
    Missing,
    /// A judgement for a human reviewer, not yet recorded.
    Reviewer,
    /// A soft rule (原则上, 一般) not met or not known: a warning, never a failure.
    Warning,
    /// An alternative that does not apply to this space.
    NotApplicable,
}

impl Status {
    /// The code reports carry (`met`, `not_met`, …): plain ASCII, written into JSON as it is.
    pub fn code(self) -> &'static str {
        match self {
            Self::Met => "met",
            Self::NotMet => "not_met",
            Self::Missing => "missing",
            Self::Reviewer => "reviewer",
            Self::Warning => "warning",
            Self::NotApplicable => "not_applicable",
        }
    }

    /// The Chinese word.
    pub fn label(self) -> &'static str {
        match self {
            Self::Met => "满足",
            Self::NotMet => "不满足",
            Self::Missing => "缺少资料",
            Self::Reviewer => "待评审",
            Self::Warning => "提示",
            Self::NotApplicable => "不适用",
        }
    }
}

impl Serialize for Status {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.code())
    }
}

/// What evaluating one rule (or a condition's guard) found: the numbers and dates used, no text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Finding {
    /// The condition's guard fact is not given.
    GuardMissing,
    /// The condition's guard does not hold: the condition does not apply.
    GuardNotApplicable,
    /// A fact the rule needs is not given.
    Missing,
    /// A threshold: the value compared.
    Threshold {
        /// The fact's value.
        value: Decimal,
    },
    /// A share: the parts added up and the whole (the percentage itself is computed only
    /// when a sentence is written, see [`Finding::share_percent`]).
    Share {
        /// The sum of the parts.
        sum: Decimal,
        /// The whole.
        whole: Decimal,
    },
    /// Elapsed time: the start date and the last day of the period (none past the calendar).
    Elapsed {
        /// The date the period runs from.
        start: Date,
        /// The period's last day.
        last: Option<Date>,
    },
    /// A contract term: its first and last days, and the last day it must reach.
    ContractTerm {
        /// First day.
        first: Date,
        /// Last day.
        last: Date,
        /// The last day needed (none past the calendar).
        needed: Option<Date>,
    },
    /// A per-count rule: what the space has, the base, and what it needs.
    PerCount {
        /// The count the space has.
        have: Decimal,
        /// The base count.
        base: Decimal,
        /// The count required.
        required: Decimal,
    },
    /// A set holding some of the listed choices.
    Includes {
        /// How many of the listed choices are present.
        present: u32,
    },
    /// An equals, one-of or within rule: the value read is the profile's.
    Read,
    /// An either-or or all-of rule; its parts' findings follow, one rule after another.
    Combined,
    /// A by-circumstance rule: the case that applies (its findings follow), if any.
    Cases {
        /// The index of the case applied.
        chosen: Option<u16>,
    },
    /// A qualitative rule: the reviewer's recorded judgement, if any.
    Review {
        /// The judgement.
        recorded: Option<bool>,
    },
}

impl Finding {
    /// The share in percent, rounded to 0.01; none when the whole is zero.
    pub fn share_percent(sum: Decimal, whole: Decimal) -> Option<Decimal> {
        if whole.is_zero() {
            return None;
        }
        Some(
            sum.checked_div(whole)
                .and_then(|r| r.checked_mul(Decimal::ONE_HUNDRED))
                .unwrap_or(Decimal::MAX)
                .round_dp(2),
        )
    }
}

/// One evaluated rule node: its status and finding. A condition's nodes are stored flat, in the
/// order of a walk through its rule (a composite rule first, then each part evaluated).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Node {
    /// The status of this rule.
    pub status: Status,
    /// What it found.
    pub finding: Finding,
}

/// A fact's slot in a plan: its index in the plan's sorted list of fact names.
type Slot = u16;

/// One rule compiled: fact names resolved to slots, statutory words to their comparison.
#[derive(Debug, Clone)]
enum Op {
    Threshold {
        fact: Slot,
        cmp: Comparison,
        value: Decimal,
    },
    Share {
        parts: Box<[Slot]>,
        whole: Slot,
        cmp: Comparison,
        percent: Decimal,
    },
    Elapsed {
        since: Slot,
        cmp: Comparison,
        period: Period,
    },
    ContractTerm {
        from: Slot,
        to: Slot,
        cmp: Comparison,
        period: Period,
    },
    PerCount {
        fact: Slot,
        base: Slot,
        per: u32,
        count: u32,
    },
    Includes {
        fact: Slot,
        choices: Box<[String]>,
        min_count: Option<u32>,
    },
    Equals {
        fact: Slot,
        value: GuardValue,
    },
    OneOf {
        fact: Slot,
        values: Box<[String]>,
    },
    Within {
        fact: Slot,
        /// The significant prefixes of the divisions (`15` for `150000`).
        prefixes: Box<[String]>,
    },
    Combine {
        any: bool,
        parts: Box<[Op]>,
    },
    Cases {
        fact: Slot,
        cases: Box<[(Option<GuardValue>, Op)]>,
    },
    Review,
}

/// One condition compiled.
#[derive(Debug, Clone)]
struct Step {
    id: String,
    soft: bool,
    guard: Option<(Slot, GuardValue)>,
    op: Op,
}

/// A measure's conditions compiled for evaluation: every fact name the measure reads is given a
/// slot once, so a profile's facts are looked up once per evaluation (in one ordered pass over
/// the profile), and every statutory word is resolved to its comparison in advance.
#[derive(Debug, Clone)]
pub struct Plan {
    facts: Vec<FactName>,
    steps: Vec<Step>,
}

/// The most facts a plan resolves on the stack; more fall back to the heap.
const STACK_SLOTS: usize = 48;

impl Plan {
    /// Compiles a measure's conditions (the terms table comes from the library).
    pub fn new(library: &Library, measure: &LoadedMeasure) -> Self {
        let mut names: Vec<&FactName> = Vec::new();
        for c in &measure.measure.condition {
            if let Some(g) = &c.applies_if {
                names.push(&g.fact);
            }
            names.extend(c.rule.facts());
        }
        Self::with(library, names, |b| {
            measure
                .measure
                .condition
                .iter()
                .map(|c| Step {
                    id: c.id.clone(),
                    soft: c.severity == Severity::Soft,
                    guard: c
                        .applies_if
                        .as_ref()
                        .map(|g| (b.slot(&g.fact), g.equals.clone())),
                    op: b.op(&c.rule),
                })
                .collect()
        })
    }

    /// Compiles one rule alone, as a single condition with this id.
    pub(super) fn rule(library: &Library, rule: &Rule, condition_id: &str) -> Self {
        Self::with(library, rule.facts(), |b| {
            vec![Step {
                id: condition_id.to_string(),
                soft: false,
                guard: None,
                op: b.op(rule),
            }]
        })
    }

    fn with(
        library: &Library,
        mut names: Vec<&FactName>,
        steps: impl FnOnce(&Builder<'_>) -> Vec<Step>,
    ) -> Self {
        names.sort();
        names.dedup();
        let facts: Vec<FactName> = names.into_iter().cloned().collect();
        let steps = steps(&Builder {
            library,
            facts: &facts,
        });
        Self { facts, steps }
    }

    /// How many conditions the plan evaluates.
    pub fn len(&self) -> usize {
        self.steps.len()
    }

    /// Whether the plan has no condition.
    pub fn is_empty(&self) -> bool {
        self.steps.is_empty()
    }

    /// Resolves the plan's facts in a profile (one merged pass over both ordered lists) and
    /// calls `f` with the values, by slot.
    pub(super) fn with_values<R>(
        &self,
        profile: &Profile,
        f: impl FnOnce(&[Option<&FactValue>]) -> R,
    ) -> R {
        let n = self.facts.len();
        let mut stack: [Option<&FactValue>; STACK_SLOTS] = [None; STACK_SLOTS];
        let mut heap: Vec<Option<&FactValue>>;
        let slots: &mut [Option<&FactValue>] = if n <= STACK_SLOTS {
            &mut stack[..n]
        } else {
            heap = vec![None; n];
            &mut heap
        };
        let mut given = profile.facts.iter();
        let mut current = given.next();
        for (slot, name) in slots.iter_mut().zip(&self.facts) {
            while let Some((k, v)) = current {
                match k.as_str().cmp(name.as_str()) {
                    std::cmp::Ordering::Less => current = given.next(),
                    std::cmp::Ordering::Equal => {
                        *slot = Some(v);
                        current = given.next();
                        break;
                    }
                    std::cmp::Ordering::Greater => break,
                }
            }
        }
        f(slots)
    }

    /// Evaluates every condition, pushing each one's nodes; calls `each` with the condition's
    /// status and the index of its first node.
    pub(super) fn evaluate(
        &self,
        profile: &Profile,
        nodes: &mut Vec<Node>,
        mut each: impl FnMut(Status, usize),
    ) {
        self.with_values(profile, |values| {
            let eval = Eval { profile, values };
            for step in &self.steps {
                let start = nodes.len();
                let status = eval.condition(step, nodes);
                each(status, start);
            }
        });
    }
}

struct Builder<'a> {
    library: &'a Library,
    facts: &'a [FactName],
}

impl Builder<'_> {
    fn slot(&self, name: &FactName) -> Slot {
        let i = self.facts.binary_search(name).unwrap_or(0);
        Slot::try_from(i).unwrap_or(Slot::MAX)
    }

    fn cmp(&self, term: &Term) -> Comparison {
        // Lint guarantees every term is in the table; an unknown word fails safe to "at least".
        self.library
            .terms
            .comparison(term)
            .unwrap_or(Comparison::AtLeast)
    }

    fn op(&self, rule: &Rule) -> Op {
        match rule {
            Rule::Threshold { fact, term, value } => Op::Threshold {
                fact: self.slot(fact),
                cmp: self.cmp(term),
                value: *value,
            },
            Rule::Share {
                parts,
                whole,
                term,
                percent,
            } => Op::Share {
                parts: parts.iter().map(|p| self.slot(p)).collect(),
                whole: self.slot(whole),
                cmp: self.cmp(term),
                percent: *percent,
            },
            Rule::Elapsed {
                since,
                term,
                period,
            } => Op::Elapsed {
                since: self.slot(since),
                cmp: self.cmp(term),
                period: *period,
            },
            Rule::ContractTerm {
                from,
                to,
                term,
                period,
            } => Op::ContractTerm {
                from: self.slot(from),
                to: self.slot(to),
                cmp: self.cmp(term),
                period: *period,
            },
            Rule::PerCount {
                fact,
                base,
                per,
                count,
            } => Op::PerCount {
                fact: self.slot(fact),
                base: self.slot(base),
                per: *per,
                count: *count,
            },
            Rule::Includes {
                fact,
                choices,
                min_count,
            } => Op::Includes {
                fact: self.slot(fact),
                choices: choices.clone().into(),
                min_count: *min_count,
            },
            Rule::Equals { fact, value } => Op::Equals {
                fact: self.slot(fact),
                value: value.clone(),
            },
            Rule::OneOf { fact, values } => Op::OneOf {
                fact: self.slot(fact),
                values: values.clone().into(),
            },
            Rule::Within { fact, regions } => Op::Within {
                fact: self.slot(fact),
                prefixes: regions
                    .iter()
                    .filter_map(|r| RegionCode::parse(r).ok())
                    .map(|r| r.prefix().to_string())
                    .collect(),
            },
            Rule::AnyOf { branches: b } => Op::Combine {
                any: true,
                parts: b.iter().map(|b| self.op(&b.rule)).collect(),
            },
            Rule::AllOf { parts: b } => Op::Combine {
                any: false,
                parts: b.iter().map(|b| self.op(&b.rule)).collect(),
            },
            Rule::Cases { fact, cases } => Op::Cases {
                fact: self.slot(fact),
                cases: cases
                    .iter()
                    .map(|c| (c.when.clone(), self.op(&c.rule)))
                    .collect(),
            },
            Rule::Review { .. } => Op::Review,
        }
    }
}

/// Evaluates the compiled rules of one profile, pushing typed findings.
struct Eval<'a> {
    profile: &'a Profile,
    values: &'a [Option<&'a FactValue>],
}

impl Eval<'_> {
    fn value(&self, slot: Slot) -> Option<&FactValue> {
        self.values.get(usize::from(slot)).copied().flatten()
    }

    fn quantity(&self, slot: Slot) -> Option<Decimal> {
        self.value(slot).and_then(FactValue::quantity)
    }

    fn date(&self, slot: Slot) -> Option<Date> {
        self.value(slot).and_then(FactValue::date)
    }

    /// Evaluates a condition (its guard, its rule, its severity), pushing its nodes; returns
    /// the condition's status.
    fn condition(&self, step: &Step, nodes: &mut Vec<Node>) -> Status {
        if let Some((fact, equals)) = &step.guard {
            match self.value(*fact) {
                None => {
                    // Not softened: which rule applies is itself unknown.
                    return push(nodes, (Status::Missing, Finding::GuardMissing));
                }
                Some(v) if !v.matches(equals) => {
                    return push(nodes, (Status::NotApplicable, Finding::GuardNotApplicable));
                }
                Some(_) => {}
            }
        }
        let status = self.rule(&step.op, &step.id, nodes);
        if step.soft && matches!(status, Status::NotMet | Status::Missing) {
            Status::Warning
        } else {
            status
        }
    }

    /// Evaluates one rule, pushing its node (then its parts'); returns its status.
    fn rule(&self, op: &Op, condition_id: &str, nodes: &mut Vec<Node>) -> Status {
        let (status, finding) = match op {
            Op::Threshold { fact, cmp, value } => match self.quantity(*fact) {
                None => missing(),
                Some(v) => (met(cmp.holds(v, *value)), Finding::Threshold { value: v }),
            },
            Op::Share {
                parts,
                whole,
                cmp,
                percent,
            } => {
                let Some(w) = self.quantity(*whole) else {
                    return push(nodes, missing());
                };
                // Saturating, so absurdly large quantities are judged instead of overflowing.
                let mut sum = Decimal::ZERO;
                for p in parts {
                    let Some(v) = self.quantity(*p) else {
                        return push(nodes, missing());
                    };
                    sum = sum.saturating_add(v);
                }
                if w.is_zero() {
                    (Status::NotMet, Finding::Share { sum, whole: w })
                } else {
                    // Cross-multiplied, so 75.0% is compared exactly: sum × 100 against
                    // percent × whole; only quantities too large for that (beyond 10^26)
                    // compare the share itself.
                    let share_of = || {
                        sum.checked_div(w)
                            .and_then(|r| r.checked_mul(Decimal::ONE_HUNDRED))
                            .unwrap_or(Decimal::MAX)
                    };
                    let ok = match (
                        sum.checked_mul(Decimal::ONE_HUNDRED),
                        percent.checked_mul(w),
                    ) {
                        (Some(a), Some(b)) => cmp.holds(a, b),
                        _ => cmp.holds(share_of(), *percent),
                    };
                    (met(ok), Finding::Share { sum, whole: w })
                }
            }
            Op::Elapsed { since, cmp, period } => match self.date(*since) {
                None => missing(),
                Some(start) => {
                    let last = period.last_day_after(start);
                    let ok = last.is_some_and(|last| compare_dates(*cmp, self.profile.as_of, last));
                    (met(ok), Finding::Elapsed { start, last })
                }
            },
            Op::ContractTerm {
                from,
                to,
                cmp,
                period,
            } => match (self.date(*from), self.date(*to)) {
                (Some(first), Some(last)) => {
                    let needed = contract_last_day(*period, first);
                    let ok = needed.is_some_and(|n| compare_dates(*cmp, last, n));
                    (
                        met(ok),
                        Finding::ContractTerm {
                            first,
                            last,
                            needed,
                        },
                    )
                }
                _ => missing(),
            },
            Op::PerCount {
                fact,
                base,
                per,
                count,
            } => match (self.quantity(*fact), self.quantity(*base)) {
                (Some(have), Some(b)) => {
                    let required = per_count_required(b, *per, *count);
                    (
                        met(have >= required),
                        Finding::PerCount {
                            have,
                            base: b,
                            required,
                        },
                    )
                }
                _ => missing(),
            },
            Op::Includes {
                fact,
                choices,
                min_count,
            } => match self.value(*fact) {
                Some(FactValue::Set(have)) => {
                    let present = choices.iter().filter(|c| have.contains(*c)).count();
                    let ok = match min_count {
                        Some(n) => present >= *n as usize,
                        None => present == choices.len(),
                    };
                    (
                        met(ok),
                        Finding::Includes {
                            present: u32::try_from(present).unwrap_or(u32::MAX),
                        },
                    )
                }
                _ => missing(),
            },
            Op::Equals { fact, value } => match self.value(*fact) {
                None => missing(),
                Some(v) => (met(v.matches(value)), Finding::Read),
            },
            Op::OneOf { fact, values } => match self.value(*fact) {
                None => missing(),
                Some(v) => (
                    met(matches!(v, FactValue::Choice(c) if values.contains(c))),
                    Finding::Read,
                ),
            },
            Op::Within { fact, prefixes } => match self.value(*fact) {
                Some(FactValue::Region(code)) => {
                    let ok = prefixes
                        .iter()
                        .any(|p| code.as_str().starts_with(p.as_str()));
                    (met(ok), Finding::Read)
                }
                _ => missing(),
            },
            Op::Combine { any, parts } => return self.combine(parts, condition_id, *any, nodes),
            Op::Cases { fact, cases } => {
                let Some(v) = self.value(*fact) else {
                    return push(nodes, missing());
                };
                let chosen = cases
                    .iter()
                    .position(|(when, _)| when.as_ref().is_some_and(|w| v.matches(w)))
                    .or_else(|| cases.iter().position(|(when, _)| when.is_none()));
                let Some(i) = chosen else {
                    return push(nodes, (Status::NotMet, Finding::Cases { chosen: None }));
                };
                let at = nodes.len();
                push(
                    nodes,
                    (
                        Status::NotMet,
                        Finding::Cases {
                            chosen: u16::try_from(i).ok(),
                        },
                    ),
                );
                let status = self.rule(&cases[i].1, condition_id, nodes);
                nodes[at].status = status;
                return status;
            }
            Op::Review => match self.profile.reviews.get(condition_id) {
                Some(review) => (
                    met(review.met),
                    Finding::Review {
                        recorded: Some(review.met),
                    },
                ),
                None => (Status::Reviewer, Finding::Review { recorded: None }),
            },
        };
        push(nodes, (status, finding))
    }

    fn combine(
        &self,
        parts: &[Op],
        condition_id: &str,
        any: bool,
        nodes: &mut Vec<Node>,
    ) -> Status {
        let at = nodes.len();
        push(nodes, (Status::NotMet, Finding::Combined));
        let (mut has_met, mut has_not_met, mut has_missing, mut has_reviewer) =
            (false, false, false, false);
        for op in parts {
            match self.rule(op, condition_id, nodes) {
                Status::Met => has_met = true,
                Status::NotMet => has_not_met = true,
                Status::Missing => has_missing = true,
                Status::Reviewer => has_reviewer = true,
                Status::Warning | Status::NotApplicable => {}
            }
        }
        let status = if any && has_met {
            Status::Met
        } else if !any && has_not_met {
            Status::NotMet
        } else if has_missing {
            Status::Missing
        } else if has_reviewer {
            Status::Reviewer
        } else if any {
            Status::NotMet
        } else {
            Status::Met
        };
        nodes[at].status = status;
        status
    }
}

/// The status of one rule alone (advice uses it; findings discarded).
pub(super) fn rule_status(
    library: &Library,
    profile: &Profile,
    rule: &Rule,
    condition_id: &str,
) -> Status {
    let plan = Plan::rule(library, rule, condition_id);
    let mut nodes = Vec::new();
    let mut status = Status::Missing;
    plan.evaluate(profile, &mut nodes, |s, _| status = s);
    status
}

fn met(ok: bool) -> Status {
    if ok { Status::Met } else { Status::NotMet }
}

fn missing() -> (Status, Finding) {
    (Status::Missing, Finding::Missing)
}

fn push(nodes: &mut Vec<Node>, (status, finding): (Status, Finding)) -> Status {
    nodes.push(Node { status, finding });
    status
}

/// Whether a date satisfies the comparison with the period's last day.
fn compare_dates(c: Comparison, day: Date, last: Date) -> bool {
    match c {
        Comparison::AtLeast => day >= last,
        Comparison::MoreThan => day > last,
        Comparison::AtMost => day <= last,
        Comparison::LessThan => day < last,
    }
}

/// The last day a contract starting on `first` (both ends inclusive) must reach to last `period`.
pub(super) fn contract_last_day(period: Period, first: Date) -> Option<Date> {
    let eve = first.yesterday().ok()?;
    period.last_day_after(eve)
}

/// `count` for every `per` of `base` or part of it (ceiling division).
pub(super) fn per_count_required(base: Decimal, per: u32, count: u32) -> Decimal {
    (base / Decimal::from(per)).ceil() * Decimal::from(count)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn per_fifteen_rounds_up() {
        let r = |b: i64| per_count_required(Decimal::from(b), 15, 1);
        assert_eq!(r(0), Decimal::ZERO);
        assert_eq!(r(1), Decimal::ONE);
        assert_eq!(r(15), Decimal::ONE);
        assert_eq!(r(16), Decimal::from(2));
        assert_eq!(r(30), Decimal::from(2));
        assert_eq!(r(31), Decimal::from(3));
    }
}
