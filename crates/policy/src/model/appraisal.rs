//! Performance appraisal: the index table (where the measure publishes one), grade bands,
//! subsidies and consequences per grade, overrides and escalations.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::cited::impl_cited;
use super::lifecycle::Yuan;
use crate::facts::FactName;
use crate::law::{Citation, Period};

/// Whether the system scores from an index table or the authority records the grade.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AppraisalMethod {
    /// Scored from the measure's index table.
    IndexTable,
    /// The measure publishes no table: the authority records the grade.
    RecordedGrade,
}

/// Base score or bonus.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Section {
    /// 基础分.
    Base,
    /// 附加分.
    Bonus,
}

/// A group of index rows (`创业服务`, `附加分`…).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IndexGroup {
    /// Identifier.
    pub id: String,
    /// Chinese label.
    pub label: String,
    /// Base or bonus.
    pub section: Section,
}

/// A tier bound: a number, inclusive or exclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TierValue {
    /// The number.
    pub value: Decimal,
    /// Whether the number itself belongs to the tier.
    pub inclusive: bool,
}

/// One tier: inputs between `from` and `to` earn `points`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Tier {
    /// Lower bound; none means from zero, inclusive.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<TierValue>,
    /// Upper bound; none means no upper bound.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<TierValue>,
    /// Points earned.
    pub points: Decimal,
    /// The row's wording for this tier (`500-3000 square meters 2 points`).
    pub wording: String,
}

impl Tier {
    /// Whether `x` falls in the tier.
    pub fn contains(&self, x: Decimal) -> bool {
        let above = self.from.is_none_or(|f| {
            if f.inclusive {
                x >= f.value
            } else {
                x > f.value
            }
        });
        let below = self.to.is_none_or(|t| {
            if t.inclusive {
                x <= t.value
            } else {
                x < t.value
            }
        });
        above && below
    }
}

/// How an index row turns its input into points.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Scoring {
    /// Points by tier; an input in no tier earns nothing.
    Tiers {
        /// The tiers.
        tiers: Vec<Tier>,
    },
    /// `points` for every full `per` units (floor division: 3 mentors at 1 point per 2 earn 1).
    PerUnit {
        /// Units per award.
        per: u32,
        /// Points per award.
        points: Decimal,
    },
    /// Only the highest of the listed values held counts (`According to the highest term,
    /// shall not be accumulated`).
    Highest {
        /// Points per value.
        values: Vec<ValuePoints>,
    },
}

/// Points for one listed value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ValuePoints {
    /// The value (`national`).
    pub value: String,
    /// Its points.
    pub points: Decimal,
}

/// One row of the index table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IndexItem {
    /// Identifier.
    pub id: String,
    /// The group.
    pub group: String,
    /// The appraisal input scored.
    pub input: FactName,
    /// Chinese label.
    pub label: String,
    /// The evaluation content as the table words it.
    pub content: String,
    /// How it is scored.
    pub scoring: Scoring,
    /// The item's own cap, where it has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cap: Option<Decimal>,
    /// The article (or table row) encoded.
    pub cite: Citation,
    /// Its text.
    pub quote: String,
    /// The reading chosen.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reading: Option<String>,
}

/// A cap shared by several items (enterprises and teams together at most 15).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct JointCap {
    /// Identifier.
    pub id: String,
    /// The items sharing it.
    pub items: Vec<String>,
    /// The cap.
    pub cap: Decimal,
    /// The article.
    pub cite: Citation,
    /// Its text.
    pub quote: String,
    /// The reading chosen.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reading: Option<String>,
}

/// What a grade brings besides a subsidy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Consequence {
    /// Nothing further.
    None,
    /// Priority recommendation to a higher level (推荐备案国家众创空间, 优先推荐申报省级).
    Recommendation {
        /// To what, in Chinese.
        to: String,
    },
    /// Rectification within a period (限期整改); failing again leads to revocation.
    Rectification {
        /// The period; none where the measure sets none (限期 set by the authority).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        period: Option<Period>,
    },
}

/// A grade band.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Grade {
    /// Identifier (`excellent`).
    pub id: String,
    /// The measure's word (`优秀`).
    pub label: String,
    /// Inclusive lower bound of the total, for index-table appraisals; none for the lowest.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_score: Option<Decimal>,
    /// Whether the grade is a failure (不合格), for escalations.
    #[serde(default)]
    pub failing: bool,
    /// The incentive subsidy, where the measure names an amount.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subsidy_yuan: Option<Yuan>,
    /// What else it brings.
    pub consequence: Consequence,
    /// The article.
    pub cite: Citation,
    /// Its text.
    pub quote: String,
    /// The reading chosen.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reading: Option<String>,
}

/// A fact that fixes the grade whatever the score (late or false materials → 不合格).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GradeOverride {
    /// Identifier.
    pub id: String,
    /// Chinese label.
    pub label: String,
    /// The yes/no appraisal input tested.
    pub input: FactName,
    /// The value that triggers the override.
    pub equals: bool,
    /// The grade imposed (a grade id).
    pub grade: String,
    /// The article.
    pub cite: Citation,
    /// Its text.
    pub quote: String,
    /// The reading chosen.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reading: Option<String>,
}

/// Consecutive failing grades that lead to revocation (a revocation id).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Escalation {
    /// Identifier.
    pub id: String,
    /// How many consecutive failing appraisals.
    pub consecutive_failures: u32,
    /// The revocation that follows.
    pub revocation: String,
    /// The article.
    pub cite: Citation,
    /// Its text.
    pub quote: String,
    /// The reading chosen.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reading: Option<String>,
}

/// The appraisal section of a measure.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Appraisal {
    /// Identifier.
    pub id: String,
    /// The measure's word for it (绩效考核, 绩效评价, 考核评价).
    pub label: String,
    /// Index table or recorded grade.
    pub method: AppraisalMethod,
    /// How often each space is appraised (每年, 3年一周期), where the measure says.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cycle: Option<Period>,
    /// The base score's maximum (100).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base_max: Option<Decimal>,
    /// The bonus's maximum (20).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bonus_max: Option<Decimal>,
    /// Row groups.
    #[serde(default)]
    pub group: Vec<IndexGroup>,
    /// Rows.
    #[serde(default)]
    pub item: Vec<IndexItem>,
    /// Shared caps.
    #[serde(default)]
    pub joint_cap: Vec<JointCap>,
    /// Grade bands, highest first.
    pub grade: Vec<Grade>,
    /// Overrides.
    #[serde(default, rename = "override")]
    pub override_: Vec<GradeOverride>,
    /// Escalations.
    #[serde(default)]
    pub escalation: Vec<Escalation>,
    /// The materials each round asks of the space, where the measure says (考核资料).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub materials: Option<super::AppraisalMaterials>,
    /// The article that sets the appraisal.
    pub cite: Citation,
    /// Its text.
    pub quote: String,
    /// The reading chosen.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reading: Option<String>,
}

impl Appraisal {
    /// The grade for a total: the first band (highest first) whose inclusive lower bound the
    /// total reaches.
    pub fn grade_for(&self, total: Decimal) -> Option<&Grade> {
        self.grade
            .iter()
            .find(|g| g.min_score.is_none_or(|min| total >= min))
    }

    /// A grade by id.
    pub fn grade(&self, id: &str) -> Option<&Grade> {
        self.grade.iter().find(|g| g.id == id)
    }
}

impl_cited!(
    IndexItem,
    JointCap,
    Grade,
    GradeOverride,
    Escalation,
    Appraisal
);
