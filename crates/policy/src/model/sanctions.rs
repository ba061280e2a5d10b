//! Exclusions from a measure's scope, bans after fraud, and the triggers of revocation.

use serde::{Deserialize, Serialize};

use super::cited::impl_cited;
use crate::facts::FactName;
use crate::law::{Citation, Period};

/// Spaces outside the measure's scope (001 第九条: already an incubator, a science park…).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Exclusion {
    /// Identifier.
    pub id: String,
    /// Chinese label.
    pub label: String,
    /// The set fact tested.
    pub fact: FactName,
    /// Any of these choices excludes the space.
    pub any_of: Vec<String>,
    /// The article.
    pub cite: Citation,
    /// Its text.
    pub quote: String,
    /// The reading chosen.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reading: Option<String>,
}

/// What a ban follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BanTrigger {
    /// Fraud or false materials found in an application (弄虚作假, 提供虚假材料).
    Fraud,
}

/// A ban on new applications after a finding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Ban {
    /// Identifier.
    pub id: String,
    /// Chinese label.
    pub label: String,
    /// What it follows.
    pub trigger: BanTrigger,
    /// How long, counted from the finding date (the finding day itself not counted).
    pub period: Period,
    /// The article.
    pub cite: Citation,
    /// Its text.
    pub quote: String,
    /// The reading chosen.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reading: Option<String>,
}

/// What brings revocation (取消资格).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum RevocationTrigger {
    /// Still failing when the rectification period ends.
    RectificationFailed,
    /// So many consecutive failing appraisals.
    ConsecutiveFailures {
        /// How many.
        count: u32,
    },
    /// No statistics reported for so long (or at all, where `period` is absent).
    MissingStatistics {
        /// How long without a report.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        period: Option<Period>,
    },
    /// Violating the management rules (违反管理规定); the authority judges the gravity.
    RuleViolation,
    /// Serious illegal or dishonest conduct, a major safety accident, listing as abnormal or on a
    /// blacklist; the authority records which of `lists` it is (the measure's own words).
    Blacklist {
        /// The conducts and lists the article names, each quoted from it; the authority's record
        /// names one of them.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        lists: Vec<Listing>,
    },
    /// A reported change after which the space no longer meets the measure.
    ChangeNoncompliant,
    /// Fraud found (弄虚作假, 骗取认定).
    Fraud,
}

/// One conduct or list a blacklist ground names (严重违法失信行为, 经营异常名录, 失信“黑名单”…),
/// quoted from the ground's article.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Listing {
    /// Identifier, as the authority's record names it.
    pub id: String,
    /// Chinese label.
    pub label: String,
    /// The article's words for it (verbatim, within the ground's `cite`).
    pub quote: String,
}

/// A ground for revocation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Revocation {
    /// Identifier.
    pub id: String,
    /// Chinese label.
    pub label: String,
    /// What brings it.
    pub trigger: RevocationTrigger,
    /// Whether it follows automatically (true) or is for the authority to decide (false:
    /// 视情节轻重).
    #[serde(default = "yes")]
    pub automatic: bool,
    /// The article.
    pub cite: Citation,
    /// Its text.
    pub quote: String,
    /// The reading chosen.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reading: Option<String>,
}

fn yes() -> bool {
    true
}

impl_cited!(Exclusion, Ban, Revocation);
