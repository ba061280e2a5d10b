//! A recognition (or filing) condition: one rule, anchored to its article.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::cited::impl_cited;
use super::rule::Rule;
use crate::facts::FactName;
use crate::law::Citation;

/// How much a condition weighs in the verdict.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// Decides the verdict.
    #[default]
    Decisive,
    /// A soft rule (原则上, 一般): a warning for the reviewer, never a failure.
    Soft,
}

/// A value a guard or an `equals` rule compares with: a yes/no or a choice id.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum GuardValue {
    /// Yes or no.
    Bool(bool),
    /// A choice id.
    Choice(String),
}

impl fmt::Display for GuardValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Bool(true) => f.write_str("是"),
            Self::Bool(false) => f.write_str("否"),
            Self::Choice(c) => f.write_str(c),
        }
    }
}

/// When a condition applies at all (a lease term applies only to leased premises).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Guard {
    /// The fact tested.
    pub fact: FactName,
    /// The value for which the condition applies.
    pub equals: GuardValue,
}

/// One condition of recognition.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Condition {
    /// Stable identifier (`6.2-area`), used in results, reviews and diffs.
    pub id: String,
    /// A short Chinese name (`场地面积`).
    pub label: String,
    /// The article encoded.
    pub cite: Citation,
    /// The passage encoded, verbatim.
    pub quote: String,
    /// The reading chosen where the passage is ambiguous.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reading: Option<String>,
    /// Decisive or soft.
    #[serde(default)]
    pub severity: Severity,
    /// When the condition applies; otherwise it is not applicable.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub applies_if: Option<Guard>,
    /// The rule.
    pub rule: Rule,
}

impl_cited!(Condition);
