//! Evaluating one rule against a profile: its status, the values used, the requirement and a
//! plain Chinese sentence.

use policy::Library;
use policy::facts::FactName;
use policy::law::{Comparison, Period, Term};
use policy::model::{Condition, GuardValue, Rule, Severity};
use rust_decimal::Decimal;
use serde::Serialize;

use super::report::BranchResult;
use crate::profile::{FactValue, Profile};

/// The result of one condition.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
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

/// What evaluating a rule found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    /// The status.
    pub status: Status,
    /// The requirement in words (`不低于500㎡`).
    pub requirement: String,
    /// One plain Chinese sentence.
    pub message: String,
    /// The facts read, with their values (none when missing).
    pub values: Vec<(FactName, Option<FactValue>)>,
    /// For either-or and by-circumstance rules, each branch.
    pub branches: Vec<BranchResult>,
}

pub(super) struct Eval<'a> {
    pub library: &'a Library,
    pub profile: &'a Profile,
    pub cite: String,
}

fn num(d: Decimal) -> String {
    d.normalize().to_string()
}

impl Eval<'_> {
    fn label<'b>(&'b self, fact: &'b FactName) -> &'b str {
        self.library.facts.label(fact)
    }

    fn unit(&self, fact: &FactName) -> String {
        self.library
            .facts
            .fact(fact)
            .map(|d| d.display_unit().to_string())
            .unwrap_or_default()
    }

    fn comparison(&self, term: &Term) -> Comparison {
        // Lint guarantees every term is in the table; an unknown word fails safe to "at least".
        self.library
            .terms
            .comparison(term)
            .unwrap_or(Comparison::AtLeast)
    }

    fn value(&self, fact: &FactName) -> Option<&FactValue> {
        self.profile.get(fact)
    }

    fn missing(&self, facts: &[&FactName], requirement: String) -> Outcome {
        let absent: Vec<String> = facts
            .iter()
            .filter(|f| self.value(f).is_none())
            .map(|f| format!("{}（{}）", self.label(f), f))
            .collect();
        Outcome {
            status: Status::Missing,
            message: format!(
                "未提供{}，无法判断是否符合{}「{}」的要求",
                absent.join("、"),
                self.cite,
                requirement
            ),
            requirement,
            values: facts
                .iter()
                .map(|f| ((*f).clone(), self.value(f).cloned()))
                .collect(),
            branches: Vec::new(),
        }
    }

    fn outcome(
        &self,
        met: bool,
        requirement: String,
        message: String,
        facts: &[&FactName],
    ) -> Outcome {
        Outcome {
            status: if met { Status::Met } else { Status::NotMet },
            requirement,
            message,
            values: facts
                .iter()
                .map(|f| ((*f).clone(), self.value(f).cloned()))
                .collect(),
            branches: Vec::new(),
        }
    }

    /// Evaluates a condition: its guard, its rule, and its severity.
    pub fn condition(&self, condition: &Condition) -> Outcome {
        if let Some(guard) = &condition.applies_if {
            match self.value(&guard.fact) {
                None => {
                    return self.missing(
                        &[&guard.fact],
                        format!(
                            "{}为{}时适用",
                            self.label(&guard.fact),
                            self.show_guard(&guard.fact, &guard.equals)
                        ),
                    );
                }
                Some(v) if !v.matches(&guard.equals) => {
                    return Outcome {
                        status: Status::NotApplicable,
                        requirement: format!(
                            "仅当{}为{}时适用",
                            self.label(&guard.fact),
                            self.show_guard(&guard.fact, &guard.equals)
                        ),
                        message: format!(
                            "{}为{}，本条不适用",
                            self.label(&guard.fact),
                            self.show_value(&guard.fact, v)
                        ),
                        values: vec![(guard.fact.clone(), Some(v.clone()))],
                        branches: Vec::new(),
                    };
                }
                Some(_) => {}
            }
        }
        let mut out = self.rule(&condition.rule, &condition.id);
        if condition.severity == Severity::Soft
            && matches!(out.status, Status::NotMet | Status::Missing)
        {
            out.status = Status::Warning;
            out.message = format!(
                "{}（原则性要求，不作为否决条件，提请评审人注意）",
                out.message
            );
        }
        out
    }

    fn show_guard(&self, fact: &FactName, v: &GuardValue) -> String {
        match v {
            GuardValue::Choice(c) => self
                .library
                .facts
                .fact(fact)
                .map_or(c.clone(), |d| d.choice_label(c).to_string()),
            other => other.to_string(),
        }
    }

    fn show_value(&self, fact: &FactName, v: &FactValue) -> String {
        let def = self.library.facts.fact(fact);
        match (v, def) {
            (FactValue::Choice(c), Some(d)) => d.choice_label(c).to_string(),
            (FactValue::Set(s), Some(d)) => {
                if s.is_empty() {
                    "无".into()
                } else {
                    s.iter()
                        .map(|c| d.choice_label(c))
                        .collect::<Vec<_>>()
                        .join("、")
                }
            }
            (FactValue::Quantity(q), _) => format!("{}{}", num(*q), self.unit(fact)),
            _ => v.to_string(),
        }
    }

    /// Evaluates one rule.
    pub fn rule(&self, rule: &Rule, condition_id: &str) -> Outcome {
        match rule {
            Rule::Threshold { fact, term, value } => {
                let unit = self.unit(fact);
                let requirement = format!("{term}{}{unit}", num(*value));
                let Some(v) = self.value(fact).and_then(FactValue::quantity) else {
                    return self.missing(&[fact], requirement);
                };
                let met = self.comparison(term).holds(v, *value);
                let verb = if met { "符合" } else { "不符合" };
                let message = format!(
                    "{} {}{unit}，{verb}{}「{requirement}」的要求",
                    self.label(fact),
                    num(v),
                    self.cite
                );
                self.outcome(met, requirement, message, &[fact])
            }
            Rule::Share {
                parts,
                whole,
                term,
                percent,
            } => {
                let part_names: Vec<&str> = parts.iter().map(|p| self.label(p)).collect();
                let requirement = format!(
                    "{}占{}的比例{term}{}%",
                    part_names.join("与"),
                    self.label(whole),
                    num(*percent)
                );
                let mut facts: Vec<&FactName> = parts.iter().collect();
                facts.push(whole);
                let values: Option<Vec<Decimal>> = facts
                    .iter()
                    .map(|f| self.value(f).and_then(FactValue::quantity))
                    .collect();
                let Some(values) = values else {
                    return self.missing(&facts, requirement);
                };
                let (part_values, w) = values.split_at(values.len() - 1);
                let w = w[0];
                // Saturating, so absurdly large quantities are judged instead of overflowing.
                let sum: Decimal = part_values
                    .iter()
                    .fold(Decimal::ZERO, |a, b| a.saturating_add(*b));
                let unit = self.unit(whole);
                if w.is_zero() {
                    let message = format!(
                        "{}为0，无法计算比例，不符合{}「{requirement}」的要求",
                        self.label(whole),
                        self.cite
                    );
                    return self.outcome(false, requirement, message, &facts);
                }
                // Cross-multiplied, so 75.0% is compared exactly: sum × 100 against percent × whole;
                // only quantities too large for that (beyond 10^26) compare the share itself.
                let share_of = || {
                    sum.checked_div(w)
                        .and_then(|r| r.checked_mul(Decimal::ONE_HUNDRED))
                        .unwrap_or(Decimal::MAX)
                };
                let met = match (
                    sum.checked_mul(Decimal::ONE_HUNDRED),
                    percent.checked_mul(w),
                ) {
                    (Some(a), Some(b)) => self.comparison(term).holds(a, b),
                    _ => self.comparison(term).holds(share_of(), *percent),
                };
                let share = share_of().round_dp(2);
                let verb = if met { "符合" } else { "不符合" };
                let message = format!(
                    "{} {}{unit}，占{} {}{unit} 的 {}%，{verb}{}「{term}{}%」的要求",
                    part_names.join("与"),
                    num(sum),
                    self.label(whole),
                    num(w),
                    num(share),
                    self.cite,
                    num(*percent)
                );
                self.outcome(met, requirement, message, &facts)
            }
            Rule::Elapsed {
                since,
                term,
                period,
            } => {
                let requirement = format!("{term}{period}");
                let Some(start) = self.value(since).and_then(FactValue::date) else {
                    return self.missing(&[since], requirement);
                };
                let as_of = self.profile.as_of;
                let Some(last) = period.last_day_after(start) else {
                    return self.outcome(
                        false,
                        requirement.clone(),
                        format!("{}日期超出可计算范围", self.label(since)),
                        &[since],
                    );
                };
                let met = compare_dates(self.comparison(term), as_of, last);
                let message = if met {
                    format!(
                        "{}为 {start}，至核查日 {as_of} 已满{period}（{last} 期满），符合{}「{requirement}」的要求",
                        self.label(since),
                        self.cite
                    )
                } else {
                    format!(
                        "{}为 {start}，至核查日 {as_of} 未满{period}（{last} 方满），不符合{}「{requirement}」的要求",
                        self.label(since),
                        self.cite
                    )
                };
                self.outcome(met, requirement, message, &[since])
            }
            Rule::ContractTerm {
                from,
                to,
                term,
                period,
            } => {
                let requirement = format!("{term}{period}");
                let (Some(first), Some(last)) = (
                    self.value(from).and_then(FactValue::date),
                    self.value(to).and_then(FactValue::date),
                ) else {
                    return self.missing(&[from, to], requirement);
                };
                let needed = contract_last_day(*period, first);
                let met = needed.is_some_and(|n| compare_dates(self.comparison(term), last, n));
                let until = needed.map_or_else(|| "—".to_string(), |n| n.to_string());
                let verb = if met { "符合" } else { "不符合" };
                let message = format!(
                    "合同期限 {first} 至 {last}，满{period}须至 {until}，{verb}{}「{requirement}」的要求",
                    self.cite
                );
                self.outcome(met, requirement, message, &[from, to])
            }
            Rule::PerCount {
                fact,
                base,
                per,
                count,
            } => {
                let unit = self.unit(fact);
                let base_unit = self.unit(base);
                let requirement = format!(
                    "每{per}{base_unit}{}至少{count}{unit}{}",
                    self.label(base),
                    self.label(fact)
                );
                let (Some(have), Some(b)) = (
                    self.value(fact).and_then(FactValue::quantity),
                    self.value(base).and_then(FactValue::quantity),
                ) else {
                    return self.missing(&[fact, base], requirement);
                };
                let required = per_count_required(b, *per, *count);
                let met = have >= required;
                let verb = if met { "符合" } else { "不符合" };
                let message = format!(
                    "{} {}{base_unit}，按{}「{requirement}」（不足{per}{base_unit}按{per}{base_unit}计）应至少 {}{unit}，现有{} {}{unit}，{verb}要求",
                    self.label(base),
                    num(b),
                    self.cite,
                    num(required),
                    self.label(fact),
                    num(have)
                );
                self.outcome(met, requirement, message, &[fact, base])
            }
            Rule::Includes {
                fact,
                choices,
                min_count,
            } => {
                let def = self.library.facts.fact(fact);
                let names: Vec<&str> = choices
                    .iter()
                    .map(|c| def.map_or(c.as_str(), |d| d.choice_label(c)))
                    .collect();
                let requirement = match min_count {
                    Some(n) => format!("{}中至少{n}项", names.join("、")),
                    None => format!("具备{}", names.join("、")),
                };
                let Some(FactValue::Set(have)) = self.value(fact) else {
                    return self.missing(&[fact], requirement);
                };
                let lacking: Vec<&str> = choices
                    .iter()
                    .zip(&names)
                    .filter(|(c, _)| !have.contains(*c))
                    .map(|(_, n)| *n)
                    .collect();
                let present = choices.len() - lacking.len();
                let met = match min_count {
                    Some(n) => present >= *n as usize,
                    None => lacking.is_empty(),
                };
                let message = if met {
                    format!(
                        "{}：{}，符合{}「{requirement}」的要求",
                        self.label(fact),
                        self.show_value(fact, &FactValue::Set(have.clone())),
                        self.cite
                    )
                } else {
                    format!(
                        "{}缺少{}，不符合{}「{requirement}」的要求",
                        self.label(fact),
                        lacking.join("、"),
                        self.cite
                    )
                };
                self.outcome(met, requirement, message, &[fact])
            }
            Rule::Equals { fact, value } => {
                let requirement = match value {
                    GuardValue::Bool(true) => self.label(fact).to_string(),
                    GuardValue::Bool(false) => format!("非「{}」", self.label(fact)),
                    GuardValue::Choice(_) => {
                        format!("{}为{}", self.label(fact), self.show_guard(fact, value))
                    }
                };
                let Some(v) = self.value(fact) else {
                    return self.missing(&[fact], requirement);
                };
                let met = v.matches(value);
                let verb = if met { "符合" } else { "不符合" };
                let message = format!(
                    "{}：{}，{verb}{}「{requirement}」的要求",
                    self.label(fact),
                    self.show_value(fact, v),
                    self.cite
                );
                self.outcome(met, requirement, message, &[fact])
            }
            Rule::OneOf { fact, values } => {
                let def = self.library.facts.fact(fact);
                let names: Vec<&str> = values
                    .iter()
                    .map(|c| def.map_or(c.as_str(), |d| d.choice_label(c)))
                    .collect();
                let requirement = format!("{}为{}之一", self.label(fact), names.join("、"));
                let Some(v) = self.value(fact) else {
                    return self.missing(&[fact], requirement);
                };
                let met = matches!(v, FactValue::Choice(c) if values.contains(c));
                let verb = if met { "符合" } else { "不符合" };
                let message = format!(
                    "{}：{}，{verb}{}「{requirement}」的要求",
                    self.label(fact),
                    self.show_value(fact, v),
                    self.cite
                );
                self.outcome(met, requirement, message, &[fact])
            }
            Rule::Within { fact, regions } => {
                let requirement = format!(
                    "{}在行政区划 {} 范围内",
                    self.label(fact),
                    regions.join("、")
                );
                let Some(FactValue::Region(code)) = self.value(fact) else {
                    return self.missing(&[fact], requirement);
                };
                let met = regions
                    .iter()
                    .filter_map(|r| policy::model::RegionCode::parse(r).ok())
                    .any(|r| r.contains(code));
                let verb = if met { "符合" } else { "不符合" };
                let message = format!(
                    "{} {code}，{verb}{}「{requirement}」的要求",
                    self.label(fact),
                    self.cite
                );
                self.outcome(met, requirement, message, &[fact])
            }
            Rule::AnyOf { branches } => self.combine(
                branches.iter().map(|b| (&b.label, &b.rule)),
                condition_id,
                true,
            ),
            Rule::AllOf { parts } => self.combine(
                parts.iter().map(|b| (&b.label, &b.rule)),
                condition_id,
                false,
            ),
            Rule::Cases { fact, cases } => {
                let requirement = cases
                    .iter()
                    .map(|c| c.label.as_str())
                    .collect::<Vec<_>>()
                    .join(" / ");
                let Some(v) = self.value(fact) else {
                    let mut out = self.missing(
                        &[fact],
                        format!("按{}分情形：{requirement}", self.label(fact)),
                    );
                    out.message = format!(
                        "未提供{}（{}），无法确定适用哪一情形（{requirement}）",
                        self.label(fact),
                        fact
                    );
                    return out;
                };
                let chosen = cases
                    .iter()
                    .position(|c| c.when.as_ref().is_some_and(|w| v.matches(w)))
                    .or_else(|| cases.iter().position(|c| c.when.is_none()));
                let mut branches = Vec::new();
                let mut result = None;
                for (i, case) in cases.iter().enumerate() {
                    if Some(i) == chosen {
                        let out = self.rule(&case.rule, condition_id);
                        branches.push(BranchResult::from_outcome(&case.label, &out));
                        result = Some(out);
                    } else {
                        branches.push(BranchResult {
                            label: case.label.clone(),
                            status: Status::NotApplicable,
                            requirement: String::new(),
                            message: format!(
                                "{}为{}，「{}」情形不适用",
                                self.label(fact),
                                self.show_value(fact, v),
                                case.label
                            ),
                        });
                    }
                }
                match result {
                    Some(mut out) => {
                        out.message = format!(
                            "适用「{}」情形：{}",
                            cases[chosen.unwrap_or(0)].label,
                            out.message
                        );
                        out.values.insert(0, (fact.clone(), Some(v.clone())));
                        out.branches = branches;
                        out
                    }
                    None => Outcome {
                        status: Status::NotMet,
                        requirement,
                        message: format!(
                            "{}为{}，不属于{}规定的任何情形",
                            self.label(fact),
                            self.show_value(fact, v),
                            self.cite
                        ),
                        values: vec![(fact.clone(), Some(v.clone()))],
                        branches,
                    },
                }
            }
            Rule::Review { question } => match self.profile.reviews.get(condition_id) {
                Some(review) => {
                    let who = review.reviewer.as_deref().unwrap_or("评审人");
                    let note = review
                        .note
                        .as_deref()
                        .map(|n| format!("：{n}"))
                        .unwrap_or_default();
                    let verdict = if review.met {
                        "认定满足"
                    } else {
                        "认定不满足"
                    };
                    Outcome {
                        status: if review.met {
                            Status::Met
                        } else {
                            Status::NotMet
                        },
                        requirement: question.clone(),
                        message: format!("{who}{verdict}{}「{question}」{note}", self.cite),
                        values: Vec::new(),
                        branches: Vec::new(),
                    }
                }
                None => Outcome {
                    status: Status::Reviewer,
                    requirement: question.clone(),
                    message: format!(
                        "{}「{question}」属定性要求，由评审人判断，系统不作计算",
                        self.cite
                    ),
                    values: Vec::new(),
                    branches: Vec::new(),
                },
            },
        }
    }

    fn combine<'r>(
        &self,
        parts: impl Iterator<Item = (&'r String, &'r Rule)>,
        condition_id: &str,
        any: bool,
    ) -> Outcome {
        let mut branches = Vec::new();
        let mut values = Vec::new();
        let mut statuses = Vec::new();
        for (label, rule) in parts {
            let out = self.rule(rule, condition_id);
            branches.push(BranchResult::from_outcome(label, &out));
            values.extend(out.values.iter().cloned());
            statuses.push(out.status);
        }
        let has = |s: Status| statuses.contains(&s);
        let status = if any {
            if has(Status::Met) {
                Status::Met
            } else if has(Status::Missing) {
                Status::Missing
            } else if has(Status::Reviewer) {
                Status::Reviewer
            } else {
                Status::NotMet
            }
        } else if has(Status::NotMet) {
            Status::NotMet
        } else if has(Status::Missing) {
            Status::Missing
        } else if has(Status::Reviewer) {
            Status::Reviewer
        } else {
            Status::Met
        };
        let joiner = if any { "或" } else { "并且" };
        let requirement = branches
            .iter()
            .map(|b| b.label.as_str())
            .collect::<Vec<_>>()
            .join(joiner);
        let detail = branches
            .iter()
            .map(|b| format!("{}：{}", b.label, b.status.label()))
            .collect::<Vec<_>>()
            .join("；");
        let message = match (any, status) {
            (true, Status::Met) => format!(
                "{}「{requirement}」择一满足即可，已满足（{detail}）",
                self.cite
            ),
            (true, Status::NotMet) => format!(
                "{}「{requirement}」择一满足即可，均不满足（{detail}）",
                self.cite
            ),
            (false, Status::Met) => format!("{}「{requirement}」均满足", self.cite),
            (false, Status::NotMet) => format!(
                "{}「{requirement}」须同时满足，未全部满足（{detail}）",
                self.cite
            ),
            _ => format!("{}「{requirement}」尚无法判断（{detail}）", self.cite),
        };
        Outcome {
            status,
            requirement,
            message,
            values,
            branches,
        }
    }
}

/// Whether a date satisfies the comparison with the period's last day.
fn compare_dates(c: Comparison, day: jiff::civil::Date, last: jiff::civil::Date) -> bool {
    match c {
        Comparison::AtLeast => day >= last,
        Comparison::MoreThan => day > last,
        Comparison::AtMost => day <= last,
        Comparison::LessThan => day < last,
    }
}

/// The last day a contract starting on `first` (both ends inclusive) must reach to last `period`.
pub(super) fn contract_last_day(
    period: Period,
    first: jiff::civil::Date,
) -> Option<jiff::civil::Date> {
    use jiff::ToSpan;
    let eve = first.checked_sub(1.day()).ok()?;
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
