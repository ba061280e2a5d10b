//! Each condition's fixed words (its requirements, and the label and unit of the fact each rule
//! is about), written once per measure and kept with its compiled plan.
//!
//! Why: a requirement (`不低于500㎡`, `设有专门运营管理机构`) depends only on the rule and the
//! fact dictionary, never on the profile, yet every report quoted it twice (as the
//! requirement and inside the sentence) and wrote it afresh for every condition of every
//! check: labels looked up, numbers formatted, pieces joined. The sentences (`sentence.rs`)
//! borrow these texts instead.

use policy::Library;
use policy::facts::FactName;
use policy::model::{Condition, GuardValue, Rule};
use serde::Serialize;

use super::sentence::num;
use crate::text::cat;

/// A rule's fixed words, and those of its parts.
#[derive(Debug, Clone, Default, Serialize)]
pub(super) struct RuleWords {
    /// The requirement (`不低于500㎡`).
    pub requirement: String,
    /// A second fixed text some rules' sentences need: for a share, the bound alone that the
    /// sentence quotes (`不低于30%`); for a period, the period (`1年`); for a by-circumstance
    /// rule, the requirement when the fact that decides the circumstance is not given
    /// (`按…分情形：…`). Empty for the others.
    pub alt: String,
    /// The words of an all-of or any-of rule's parts, or of a by-circumstance rule's cases, in
    /// their order.
    pub parts: Vec<RuleWords>,
    /// The label of the fact the rule's sentence is about (the share's whole), where it has one.
    pub label: String,
    /// That fact's unit as sentences write it (`㎡`), or empty.
    pub unit: String,
}

/// A condition's fixed words.
#[derive(Debug, Clone, Default, Serialize)]
pub(super) struct ConditionWords {
    /// Its rule's.
    pub rule: RuleWords,
    /// For a condition that applies in one circumstance only (`applies_if`): its requirement
    /// when the fact that decides it is not given, and when it does not apply.
    pub guard: Option<GuardWords>,
}

impl ConditionWords {
    /// No words (a condition index past the measure's, which the walk never asks for).
    pub(super) const EMPTY: Self = Self {
        rule: RuleWords {
            requirement: String::new(),
            alt: String::new(),
            parts: Vec::new(),
            label: String::new(),
            unit: String::new(),
        },
        guard: None,
    };
}

/// The two requirements of a condition's circumstance.
#[derive(Debug, Clone, Default, Serialize)]
pub(super) struct GuardWords {
    /// `{事实}为{值}时适用`.
    pub when_missing: String,
    /// `仅当{事实}为{值}时适用`.
    pub when_not_applicable: String,
}

/// A guard's value in words: a choice by its label.
fn show_guard(library: &Library, fact: &FactName, v: &GuardValue) -> String {
    match v {
        GuardValue::Choice(c) => library.facts.choice_label(fact, c).to_string(),
        other => other.to_string(),
    }
}

impl ConditionWords {
    /// Writes a condition's fixed words.
    pub(super) fn new(library: &Library, condition: &Condition) -> Self {
        let dict = &library.facts;
        let guard = condition.applies_if.as_ref().map(|guard| {
            let when = |prefix: &str| {
                cat!(
                    prefix,
                    dict.label(&guard.fact),
                    "为",
                    show_guard(library, &guard.fact, &guard.equals),
                    "时适用"
                )
            };
            GuardWords {
                when_missing: when(""),
                when_not_applicable: when("仅当"),
            }
        });
        Self {
            rule: rule_words(library, &condition.rule),
            guard,
        }
    }
}

fn rule_words(library: &Library, rule: &Rule) -> RuleWords {
    let dict = &library.facts;
    let about = match rule {
        Rule::Threshold { fact, .. }
        | Rule::PerCount { fact, .. }
        | Rule::Includes { fact, .. }
        | Rule::Equals { fact, .. }
        | Rule::OneOf { fact, .. }
        | Rule::Within { fact, .. }
        | Rule::Cases { fact, .. } => Some(fact),
        Rule::Share { whole, .. } => Some(whole),
        Rule::Elapsed { since, .. } => Some(since),
        Rule::ContractTerm { .. }
        | Rule::AnyOf { .. }
        | Rule::AllOf { .. }
        | Rule::Review { .. } => None,
    };
    RuleWords {
        label: about.map_or_else(String::new, |f| dict.label(f).to_string()),
        unit: about.map_or_else(String::new, |f| dict.unit(f).to_string()),
        ..requirements(library, rule)
    }
}

/// A rule's requirement (and its second text), and the words of its parts.
fn requirements(library: &Library, rule: &Rule) -> RuleWords {
    let dict = &library.facts;
    let only = |requirement: String| RuleWords {
        requirement,
        ..RuleWords::default()
    };
    match rule {
        Rule::Threshold { fact, term, value } => only(
            library
                .terms
                .phrase(term, &cat!(num(*value), dict.unit(fact))),
        ),
        Rule::Share {
            parts,
            whole,
            term,
            percent,
        } => {
            let parts_label = parts
                .iter()
                .map(|p| dict.label(p))
                .collect::<Vec<_>>()
                .join("与");
            let share = library.terms.phrase(term, &cat!(num(*percent), "%"));
            RuleWords {
                requirement: cat!(parts_label, "占", dict.label(whole), "的比例", share),
                alt: share,
                ..RuleWords::default()
            }
        }
        Rule::Elapsed { term, period, .. } | Rule::ContractTerm { term, period, .. } => {
            let period = period.to_string();
            RuleWords {
                requirement: library.terms.phrase(term, &period),
                alt: period,
                ..RuleWords::default()
            }
        }
        Rule::PerCount {
            fact,
            base,
            per,
            count,
        } => only(cat!(
            "每",
            per.to_string(),
            dict.unit(base),
            dict.label(base),
            "至少",
            count.to_string(),
            dict.unit(fact),
            dict.label(fact)
        )),
        Rule::Includes {
            fact,
            choices,
            min_count,
        } => {
            let names = choices
                .iter()
                .map(|c| dict.choice_label(fact, c))
                .collect::<Vec<_>>()
                .join("、");
            only(match min_count {
                Some(n) => cat!(names, "中至少", n.to_string(), "项"),
                None => cat!("具备", names),
            })
        }
        Rule::Equals { fact, value } => only(match value {
            GuardValue::Bool(true) => dict.label(fact).to_string(),
            GuardValue::Bool(false) => cat!("非「", dict.label(fact), "」"),
            GuardValue::Choice(_) => cat!(dict.label(fact), "为", show_guard(library, fact, value)),
        }),
        Rule::OneOf { fact, values } => {
            let names = values
                .iter()
                .map(|c| dict.choice_label(fact, c))
                .collect::<Vec<_>>()
                .join("、");
            only(cat!(dict.label(fact), "为", names, "之一"))
        }
        Rule::Within { fact, regions } => only(policy::describe::within(library, fact, regions)),
        Rule::AnyOf { branches: parts } | Rule::AllOf { parts } => {
            let joiner = if matches!(rule, Rule::AnyOf { .. }) {
                "或"
            } else {
                "并且"
            };
            RuleWords {
                requirement: parts
                    .iter()
                    .map(|b| b.label.as_str())
                    .collect::<Vec<_>>()
                    .join(joiner),
                parts: parts.iter().map(|b| rule_words(library, &b.rule)).collect(),
                ..RuleWords::default()
            }
        }
        Rule::Cases { fact, cases } => {
            let requirement = cases
                .iter()
                .map(|c| c.label.as_str())
                .collect::<Vec<_>>()
                .join(" / ");
            RuleWords {
                alt: cat!("按", dict.label(fact), "分情形：", requirement),
                requirement,
                parts: cases.iter().map(|c| rule_words(library, &c.rule)).collect(),
                ..RuleWords::default()
            }
        }
        Rule::Review { question } => only(question.clone()),
    }
}
