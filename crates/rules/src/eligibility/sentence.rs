//! The Chinese requirement and sentence of each condition, written from the typed findings of
//! the evaluation (`evaluate.rs`): the numbers, dates and statuses are those the evaluation
//! found; only the labels, units and the values as given are read here.

use std::borrow::Cow;
use std::fmt::Write as _;

use arrayvec::ArrayString;
use policy::Library;
use policy::facts::FactName;
use policy::model::{Branch, Condition, Rule, Severity};
use rust_decimal::Decimal;
use smallvec::{SmallVec, smallvec};

use super::evaluate::{Finding, Node, Status};
use super::report::BranchResult;
use super::words::{ConditionWords, RuleWords};
use crate::profile::{FactValue, Profile};
use crate::text::{cat, date_text};

/// One condition (or rule) in words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome<'a> {
    /// The status.
    pub status: Status,
    /// The requirement in words (`不低于500㎡`), written once per measure.
    pub requirement: &'a str,
    /// One plain Chinese sentence.
    pub message: String,
    /// The facts read, with their values (none when missing): inline for the one or two
    /// most rules read.
    pub values: Values<'a>,
    /// For either-or and by-circumstance rules, each branch.
    pub branches: Vec<BranchOutcome<'a>>,
}

/// The facts a rule read, with their values.
pub type Values<'a> = SmallVec<[(&'a FactName, Option<&'a FactValue>); 2]>;

/// One branch of an either-or or by-circumstance rule in words, its fixed texts borrowed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BranchOutcome<'a> {
    /// The branch label.
    pub label: &'a str,
    /// Its status.
    pub status: Status,
    /// Its requirement (empty for a circumstance that does not apply).
    pub requirement: &'a str,
    /// Its sentence.
    pub message: String,
}

impl<'a> BranchOutcome<'a> {
    /// A branch from its rule's words, the sentence moved.
    fn new(label: &'a str, out: Outcome<'a>) -> Self {
        Self {
            label,
            status: out.status,
            requirement: out.requirement,
            message: out.message,
        }
    }
}

impl From<BranchOutcome<'_>> for BranchResult {
    fn from(b: BranchOutcome<'_>) -> Self {
        Self {
            label: b.label.to_string(),
            status: b.status,
            requirement: b.requirement.to_string(),
            message: b.message,
        }
    }
}

pub(super) struct Writer<'a> {
    pub library: &'a Library,
    pub profile: &'a Profile,
    /// The condition's article in words (`第六条第4项`).
    pub cite: &'a str,
    /// The condition's id, by which a reviewer's judgement is recorded.
    pub condition_id: &'a str,
}

/// A number as the sentences write it: no trailing zeros (`500`, `0.5`).
pub(super) fn num(d: Decimal) -> Num {
    let d = d.normalize();
    let mut text = ArrayString::new();
    // Most numbers in a report are whole (areas, counts, percents); writing the integer
    // directly skips `Decimal`'s general formatter, a few percent of every check.
    if d.scale() == 0 {
        text.push_str(itoa::Buffer::new().format(d.mantissa()));
    } else {
        // A decimal's text is at most a sign, 29 digits and a point: it fits.
        let _ = write!(text, "{d}");
    }
    Num(text)
}

/// A number's text, held inline: a sentence writes several, none needs its own allocation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Num(ArrayString<48>);

impl std::ops::Deref for Num {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl AsRef<str> for Num {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

/// Takes the next node of a condition's walk.
fn next(nodes: &[Node], i: &mut usize) -> Node {
    let node = nodes.get(*i).copied().unwrap_or(Node {
        status: Status::Missing,
        finding: Finding::Missing,
    });
    *i += 1;
    node
}

impl<'a> Writer<'a> {
    fn label<'b>(&'b self, fact: &'b FactName) -> &'b str {
        self.library.facts.label(fact)
    }

    fn unit(&self, fact: &FactName) -> &str {
        self.library.facts.unit(fact)
    }

    fn value(&self, fact: &FactName) -> Option<&'a FactValue> {
        self.profile.get(fact)
    }

    fn values(&self, facts: &[&'a FactName]) -> Values<'a> {
        facts.iter().map(|f| (*f, self.value(f))).collect()
    }

    fn missing(&self, facts: &[&'a FactName], requirement: &'a str) -> Outcome<'a> {
        let absent: Vec<String> = facts
            .iter()
            .filter(|f| self.value(f).is_none())
            // By label: the sentence is for people; the report's values and `missing` name
            // the facts for programs.
            .map(|f| self.label(f).to_string())
            .collect();
        Outcome {
            status: Status::Missing,
            message: self.judged(
                &["未提供", &absent.join("、"), "，"],
                "无法判断是否符合",
                requirement,
            ),
            requirement,
            values: self.values(facts),
            branches: Vec::new(),
        }
    }

    fn outcome(
        &self,
        status: Status,
        requirement: &'a str,
        message: String,
        facts: &[&'a FactName],
    ) -> Outcome<'a> {
        Outcome {
            status,
            requirement,
            message,
            values: self.values(facts),
            branches: Vec::new(),
        }
    }

    /// A condition in words, from its nodes and its fixed words.
    pub fn condition(
        &self,
        condition: &'a Condition,
        words: &'a ConditionWords,
        nodes: &[Node],
    ) -> Outcome<'a> {
        let mut i = 0;
        if let (Some(guard), Some(guard_words)) = (&condition.applies_if, &words.guard) {
            match nodes.first().map(|n| n.finding) {
                Some(Finding::GuardMissing) => {
                    return self.missing(&[&guard.fact], &guard_words.when_missing);
                }
                Some(Finding::GuardNotApplicable) => {
                    let v = self.value(&guard.fact);
                    return Outcome {
                        status: Status::NotApplicable,
                        requirement: &guard_words.when_not_applicable,
                        message: cat!(
                            self.label(&guard.fact),
                            "为",
                            v.map(|v| self.show_value(&guard.fact, v))
                                .unwrap_or_default(),
                            "，本条不适用"
                        ),
                        values: smallvec![(&guard.fact, v)],
                        branches: Vec::new(),
                    };
                }
                _ => {}
            }
        }
        let mut out = self.rule(&condition.rule, &words.rule, nodes, &mut i);
        if condition.severity == Severity::Soft
            && matches!(out.status, Status::NotMet | Status::Missing)
        {
            out.status = Status::Warning;
            out.message
                .push_str("（原则性要求，不作为否决条件，提请评审人注意）");
        }
        out
    }

    /// A value as a sentence shows it: a choice by its label, yes or no as 是 or 否; borrowed
    /// where it can be (most values shown are yes-or-no and choices).
    fn show_value(&self, fact: &FactName, v: &'a FactValue) -> Cow<'a, str> {
        let def = self.library.facts.fact(fact);
        match (v, def) {
            (FactValue::Choice(c), Some(d)) => Cow::Borrowed(d.choice_label(c)),
            (FactValue::Set(s), Some(d)) => {
                if s.is_empty() {
                    Cow::Borrowed("无")
                } else {
                    Cow::Owned(
                        s.iter()
                            .map(|c| d.choice_label(c))
                            .collect::<Vec<_>>()
                            .join("、"),
                    )
                }
            }
            (FactValue::Quantity(q), _) => Cow::Owned(cat!(num(*q), self.unit(fact))),
            (FactValue::Bool(true), _) => Cow::Borrowed("是"),
            (FactValue::Bool(false), _) => Cow::Borrowed("否"),
            (FactValue::Choice(c) | FactValue::Text(c), _) => Cow::Borrowed(c),
            (FactValue::Region(r), _) => Cow::Borrowed(r.as_str()),
            _ => Cow::Owned(v.to_string()),
        }
    }

    /// A sentence that ends in the verdict on the requirement, the wording every rule shares:
    /// what was found (`said`), then `符合第六条第3项「不低于500㎡」的要求`.
    fn judged(&self, said: &[&str], verb: &str, requirement: &str) -> String {
        let end = [verb, self.cite, "「", requirement, "」的要求"];
        let mut out = String::with_capacity(said.iter().chain(&end).map(|p| p.len()).sum());
        for piece in said.iter().chain(&end) {
            out.push_str(piece);
        }
        out
    }

    fn verb(status: Status) -> &'static str {
        if status == Status::Met {
            "符合"
        } else {
            "不符合"
        }
    }

    /// One rule in words, from the node at `i` (and, for composites, the nodes after it).
    fn rule(
        &self,
        rule: &'a Rule,
        words: &'a RuleWords,
        nodes: &[Node],
        i: &mut usize,
    ) -> Outcome<'a> {
        let node = next(nodes, i);
        let status = node.status;
        let verb = Self::verb(status);
        let requirement = words.requirement.as_str();
        match (rule, node.finding) {
            (Rule::Threshold { fact, .. }, finding) => {
                let unit = words.unit.as_str();
                let Finding::Threshold { value: v } = finding else {
                    return self.missing(&[fact], requirement);
                };
                let message =
                    self.judged(&[&words.label, " ", &num(v), unit, "，"], verb, requirement);
                self.outcome(status, requirement, message, &[fact])
            }
            (Rule::Share { parts, whole, .. }, finding) => {
                let part_names: Vec<&str> = parts.iter().map(|p| self.label(p)).collect();
                let parts_label = part_names.join("与");
                let mut facts: Vec<&FactName> = parts.iter().collect();
                facts.push(whole);
                let Finding::Share { sum, whole: w } = finding else {
                    return self.missing(&facts, requirement);
                };
                let share = Finding::share_percent(sum, w);
                let unit = words.unit.as_str();
                let message = match share {
                    None => self.judged(
                        &[&words.label, "为0，无法计算比例，"],
                        "不符合",
                        requirement,
                    ),
                    Some(share) => self.judged(
                        &[
                            &parts_label,
                            " ",
                            &num(sum),
                            unit,
                            "，占",
                            &words.label,
                            " ",
                            &num(w),
                            unit,
                            " 的 ",
                            &num(share),
                            "%，",
                        ],
                        verb,
                        &words.alt,
                    ),
                };
                self.outcome(status, requirement, message, &facts)
            }
            (Rule::Elapsed { since, .. }, finding) => {
                let Finding::Elapsed { start, last } = finding else {
                    return self.missing(&[since], requirement);
                };
                let as_of = self.profile.as_of;
                let message = match last {
                    None => cat!(words.label, "日期超出可计算范围"),
                    Some(last) => {
                        let (done, when, verb) = if status == Status::Met {
                            ("已满", " 期满），", "符合")
                        } else {
                            ("未满", " 方满），", "不符合")
                        };
                        self.judged(
                            &[
                                &words.label,
                                "为 ",
                                &date_text(start),
                                "，至核查日 ",
                                &date_text(as_of),
                                " ",
                                done,
                                &words.alt,
                                "（",
                                &date_text(last),
                                when,
                            ],
                            verb,
                            requirement,
                        )
                    }
                };
                self.outcome(status, requirement, message, &[since])
            }
            (Rule::ContractTerm { from, to, .. }, finding) => {
                let Finding::ContractTerm {
                    first,
                    last,
                    needed,
                } = finding
                else {
                    return self.missing(&[from, to], requirement);
                };
                let until = needed.map(date_text);
                let message = self.judged(
                    &[
                        "合同期限 ",
                        &date_text(first),
                        " 至 ",
                        &date_text(last),
                        "，满",
                        &words.alt,
                        "须至 ",
                        until.as_ref().map_or("—", |u| u.as_str()),
                        "，",
                    ],
                    verb,
                    requirement,
                );
                self.outcome(status, requirement, message, &[from, to])
            }
            (
                Rule::PerCount {
                    fact, base, per, ..
                },
                finding,
            ) => {
                let unit = words.unit.as_str();
                let base_unit = self.unit(base);
                let per = per.to_string();
                let Finding::PerCount {
                    have,
                    base: b,
                    required,
                } = finding
                else {
                    return self.missing(&[fact, base], requirement);
                };
                let message = cat!(
                    self.label(base),
                    " ",
                    num(b),
                    base_unit,
                    "，按",
                    self.cite,
                    "「",
                    requirement,
                    "」（不足",
                    per,
                    base_unit,
                    "按",
                    per,
                    base_unit,
                    "计）应至少 ",
                    num(required),
                    unit,
                    "，现有",
                    words.label,
                    " ",
                    num(have),
                    unit,
                    "，",
                    verb,
                    "要求"
                );
                self.outcome(status, requirement, message, &[fact, base])
            }
            (Rule::Includes { fact, choices, .. }, finding) => {
                let (Finding::Includes { .. }, Some(have @ FactValue::Set(set))) =
                    (finding, self.value(fact))
                else {
                    return self.missing(&[fact], requirement);
                };
                let message = if status == Status::Met {
                    self.judged(
                        &[&words.label, "：", &self.show_value(fact, have), "，"],
                        "符合",
                        requirement,
                    )
                } else {
                    let lacking: Vec<&str> = choices
                        .iter()
                        .filter(|c| !set.contains(*c))
                        .map(|c| self.library.facts.choice_label(fact, c))
                        .collect();
                    self.judged(
                        &[&words.label, "缺少", &lacking.join("、"), "，"],
                        "不符合",
                        requirement,
                    )
                };
                self.outcome(status, requirement, message, &[fact])
            }
            (Rule::Equals { fact, .. } | Rule::OneOf { fact, .. }, finding) => {
                self.read(fact, words, finding, status)
            }
            (Rule::Within { fact, .. }, finding) => {
                let (Finding::Read, Some(FactValue::Region(code))) = (finding, self.value(fact))
                else {
                    return self.missing(&[fact], requirement);
                };
                // The division by its name, so the reader sees where the code places the space;
                // a code the list lacks is judged by its digits all the same, and flagged.
                let place = self.library.regions.full_name(code);
                let place = place
                    .as_deref()
                    .unwrap_or("行政区划代码表中没有该代码，请核对；新设的区划以民政部公布为准");
                let message = self.judged(
                    &[&words.label, " ", code.as_str(), "（", place, "），"],
                    verb,
                    requirement,
                );
                self.outcome(status, requirement, message, &[fact])
            }
            (Rule::AnyOf { branches: parts }, _) => {
                self.combine(parts, words, true, status, nodes, i)
            }
            (Rule::AllOf { parts }, _) => self.combine(parts, words, false, status, nodes, i),
            (Rule::Cases { fact, cases }, finding) => {
                let (Finding::Cases { chosen }, Some(v)) = (finding, self.value(fact)) else {
                    let mut out = self.missing(&[fact], &words.alt);
                    out.message = cat!(
                        "未提供",
                        words.label,
                        "，无法确定适用哪一情形（",
                        requirement,
                        "）"
                    );
                    return out;
                };
                let chosen = chosen.map(usize::from);
                let mut branches = Vec::new();
                let mut result = None;
                for (k, (case, case_words)) in cases.iter().zip(&words.parts).enumerate() {
                    if Some(k) == chosen {
                        let out = self.rule(&case.rule, case_words, nodes, i);
                        branches.push(BranchOutcome {
                            label: &case.label,
                            status: out.status,
                            requirement: out.requirement,
                            message: out.message.clone(),
                        });
                        result = Some(out);
                    } else {
                        branches.push(BranchOutcome {
                            label: &case.label,
                            status: Status::NotApplicable,
                            requirement: "",
                            message: cat!(
                                words.label,
                                "为",
                                self.show_value(fact, v),
                                "，「",
                                case.label,
                                "」情形不适用"
                            ),
                        });
                    }
                }
                match result {
                    Some(mut out) => {
                        out.message = cat!(
                            "适用「",
                            cases[chosen.unwrap_or(0)].label,
                            "」情形：",
                            out.message
                        );
                        out.values.insert(0, (fact, Some(v)));
                        out.branches = branches;
                        out
                    }
                    None => Outcome {
                        status,
                        requirement,
                        message: cat!(
                            words.label,
                            "为",
                            self.show_value(fact, v),
                            "，不属于",
                            self.cite,
                            "规定的任何情形"
                        ),
                        values: smallvec![(fact, Some(v))],
                        branches,
                    },
                }
            }
            (Rule::Review { question }, finding) => {
                let recorded = match finding {
                    Finding::Review { recorded } => recorded,
                    _ => None,
                };
                let review = self.profile.reviews.get(self.condition_id);
                let message = match (recorded, review) {
                    (Some(met), Some(review)) => {
                        let who = review.reviewer.as_deref().unwrap_or("评审人");
                        let (colon, note) = review.note.as_deref().map_or(("", ""), |n| ("：", n));
                        let verdict = if met {
                            "认定满足"
                        } else {
                            "认定不满足"
                        };
                        cat!(who, verdict, self.cite, "「", question, "」", colon, note)
                    }
                    _ => cat!(
                        self.cite,
                        "「",
                        question,
                        "」属定性要求，由评审人判断，系统不作计算"
                    ),
                };
                Outcome {
                    status,
                    requirement,
                    message,
                    values: Values::new(),
                    branches: Vec::new(),
                }
            }
        }
    }

    /// An equals or one-of rule: the value as given against the requirement.
    fn read(
        &self,
        fact: &'a FactName,
        words: &'a RuleWords,
        finding: Finding,
        status: Status,
    ) -> Outcome<'a> {
        let requirement = words.requirement.as_str();
        let (Finding::Read, Some(v)) = (finding, self.value(fact)) else {
            return self.missing(&[fact], requirement);
        };
        let message = self.judged(
            &[&words.label, "：", &self.show_value(fact, v), "，"],
            Self::verb(status),
            requirement,
        );
        self.outcome(status, requirement, message, &[fact])
    }

    /// An all-of or (`any`) any-of rule: each part in words, then the whole.
    fn combine(
        &self,
        parts: &'a [Branch],
        words: &'a RuleWords,
        any: bool,
        status: Status,
        nodes: &[Node],
        i: &mut usize,
    ) -> Outcome<'a> {
        let mut branches = Vec::new();
        let mut values = Values::new();
        for (part, part_words) in parts.iter().zip(&words.parts) {
            let mut out = self.rule(&part.rule, part_words, nodes, i);
            values.append(&mut out.values);
            branches.push(BranchOutcome::new(&part.label, out));
        }
        let requirement = words.requirement.as_str();
        let (judged, with_detail) = match (any, status) {
            (true, Status::Met) => ("」择一满足即可，已满足（", true),
            (true, Status::NotMet) => ("」择一满足即可，均不满足（", true),
            (false, Status::Met) => ("」均满足", false),
            (false, Status::NotMet) => ("」须同时满足，未全部满足（", true),
            _ => ("」尚无法判断（", true),
        };
        let mut message = cat!(self.cite, "「", requirement, judged);
        if with_detail {
            // Each branch and its status: `甲：满足；乙：不满足）`.
            for (k, b) in branches.iter().enumerate() {
                if k > 0 {
                    message.push('；');
                }
                message.push_str(b.label);
                message.push('：');
                message.push_str(b.status.label());
            }
            message.push('）');
        }
        Outcome {
            status,
            requirement,
            message,
            values,
            branches,
        }
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;
    use rust_decimal::Decimal;

    use super::num;

    proptest! {
        /// The whole-number shortcut writes what `Decimal` itself writes, for every value.
        #[test]
        fn a_number_reads_as_decimal_writes_it(m in any::<i64>(), scale in 0u32..8) {
            let d = Decimal::new(m, scale);
            prop_assert_eq!(&*num(d), d.normalize().to_string());
        }
    }

    #[test]
    fn whole_numbers_lose_their_trailing_zeros() {
        assert_eq!(&*num(Decimal::new(50_000, 2)), "500");
        assert_eq!(&*num(Decimal::new(-30, 1)), "-3");
        assert_eq!(&*num(Decimal::new(5, 1)), "0.5");
    }
}
