//! The typed rule kinds a recognition condition can use. Each is declarative data the engine
//! evaluates and explains; none hides arithmetic in code a bureau cannot read.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::condition::GuardValue;
use crate::facts::FactName;
use crate::law::{Period, Term};

/// One rule, tagged by `kind` in the policy file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Rule {
    /// A fact compared with a number by the measure's own word (`不低于 500`).
    Threshold {
        /// The fact compared.
        fact: FactName,
        /// The statutory word (`不低于`, `以上`, `超过`…); its meaning comes from the terms table.
        term: Term,
        /// The number.
        value: Decimal,
    },
    /// The sum of some facts as a share of another (`公共场地不低于总面积的50%`), computed exactly.
    Share {
        /// The facts added up as the part.
        parts: Vec<FactName>,
        /// The whole.
        whole: FactName,
        /// The statutory word.
        term: Term,
        /// The percentage (50 for 50%).
        percent: Decimal,
    },
    /// Time elapsed from a date fact to the check date (`运营时间在1年以上`).
    Elapsed {
        /// The date the period runs from (the day itself is not counted).
        since: FactName,
        /// The statutory word.
        term: Term,
        /// The period.
        period: Period,
    },
    /// A contract term between two date facts, both days inclusive (`租期应当在3年以上`).
    ContractTerm {
        /// The first day of the term.
        from: FactName,
        /// The last day of the term.
        to: FactName,
        /// The statutory word.
        term: Term,
        /// The period.
        period: Period,
    },
    /// A count per so many of another count, rounded up
    /// (`每15家入驻创业团队和企业至少配备1名专业孵化服务人员`).
    PerCount {
        /// The fact that must be large enough (staff, mentors).
        fact: FactName,
        /// The count it is proportioned to (residents).
        base: FactName,
        /// Per how many of the base.
        per: u32,
        /// How many of `fact` for each `per` (or part of it) of the base.
        count: u32,
    },
    /// A set fact holding the listed choices: all of them, or at least `min_count` of them.
    Includes {
        /// The set fact.
        fact: FactName,
        /// The choices named by the measure.
        choices: Vec<String>,
        /// How many of `choices` must be present; all of them when absent.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        min_count: Option<u32>,
    },
    /// A yes/no or single-choice fact that must have a given value (`具有独立法人资格`).
    Equals {
        /// The fact.
        fact: FactName,
        /// The required value.
        value: GuardValue,
    },
    /// A single-choice fact that must be one of several values.
    OneOf {
        /// The fact.
        fact: FactName,
        /// The allowed values.
        values: Vec<String>,
    },
    /// A region code that must lie within one of the listed GB/T 2260 divisions.
    Within {
        /// The region fact.
        fact: FactName,
        /// The divisions (a province code `150000` covers every code that starts `15`).
        regions: Vec<String>,
    },
    /// Either-or: met when any branch is met (`500平方米…或…30个创业工位`).
    AnyOf {
        /// The branches, in the order the measure lists them.
        branches: Vec<Branch>,
    },
    /// Alternatives by circumstance: the case whose `when` matches the profile applies, the
    /// others are not applicable (`大专校内…100平方米，其他…200平方米`).
    Cases {
        /// The fact that decides which case applies.
        fact: FactName,
        /// The cases; one may have no `when` and applies otherwise.
        cases: Vec<Case>,
    },
    /// All sub-rules must hold (several numbers in one clause).
    AllOf {
        /// The parts.
        parts: Vec<Branch>,
    },
    /// A judgement only a reviewer can make (`发展方向明确`, `经验丰富的管理团队`).
    Review {
        /// The question put to the reviewer, in Chinese.
        question: String,
    },
}

/// One branch of an either-or or of an all-of rule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Branch {
    /// A short Chinese label (`服务场地500平方米`).
    pub label: String,
    /// The rule.
    pub rule: Rule,
}

/// One case of an alternatives-by-circumstance rule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Case {
    /// The value of the deciding fact for which this case applies; none means "otherwise".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub when: Option<GuardValue>,
    /// A short Chinese label (`大专校内`).
    pub label: String,
    /// The rule.
    pub rule: Rule,
}

impl Rule {
    /// The Chinese name of the rule kind, for listings.
    pub fn kind_label(&self) -> &'static str {
        match self {
            Self::Threshold { .. } => "数量门槛",
            Self::Share { .. } => "比例",
            Self::Elapsed { .. } => "时长",
            Self::ContractTerm { .. } => "合同期限",
            Self::PerCount { .. } => "按比例配备",
            Self::Includes { .. } => "须具备的项目",
            Self::Equals { .. } => "须满足的情形",
            Self::OneOf { .. } => "限定类型",
            Self::Within { .. } => "地域范围",
            Self::AnyOf { .. } => "择一满足",
            Self::Cases { .. } => "分情形",
            Self::AllOf { .. } => "同时满足",
            Self::Review { .. } => "评审判断",
        }
    }

    /// Every fact the rule (and its branches) reads.
    pub fn facts(&self) -> Vec<&FactName> {
        let mut out = Vec::new();
        self.collect_facts(&mut out);
        out
    }

    fn collect_facts<'a>(&'a self, out: &mut Vec<&'a FactName>) {
        match self {
            Self::Threshold { fact, .. }
            | Self::Includes { fact, .. }
            | Self::Equals { fact, .. }
            | Self::OneOf { fact, .. }
            | Self::Within { fact, .. } => out.push(fact),
            Self::Share { parts, whole, .. } => {
                out.extend(parts);
                out.push(whole);
            }
            Self::Elapsed { since, .. } => out.push(since),
            Self::ContractTerm { from, to, .. } => {
                out.push(from);
                out.push(to);
            }
            Self::PerCount { fact, base, .. } => {
                out.push(fact);
                out.push(base);
            }
            Self::AnyOf { branches: b } | Self::AllOf { parts: b } => {
                for branch in b {
                    branch.rule.collect_facts(out);
                }
            }
            Self::Cases { fact, cases } => {
                out.push(fact);
                for case in cases {
                    case.rule.collect_facts(out);
                }
            }
            Self::Review { .. } => {}
        }
    }

    /// Every statutory word the rule uses.
    pub fn terms(&self) -> Vec<&Term> {
        match self {
            Self::Threshold { term, .. }
            | Self::Share { term, .. }
            | Self::Elapsed { term, .. }
            | Self::ContractTerm { term, .. } => vec![term],
            Self::AnyOf { branches: b } | Self::AllOf { parts: b } => {
                b.iter().flat_map(|br| br.rule.terms()).collect()
            }
            Self::Cases { cases, .. } => cases.iter().flat_map(|c| c.rule.terms()).collect(),
            _ => Vec::new(),
        }
    }

    /// Whether the rule is a reviewer's judgement.
    pub fn is_review(&self) -> bool {
        matches!(self, Self::Review { .. })
    }
}
