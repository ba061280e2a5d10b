//! The life of a recognised space: obligations, validity and subsidies.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::cited::impl_cited;
use crate::law::{Citation, Period};

/// An amount in whole yuan as the measures state it; convert with [`Yuan::fen`] for storage.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Yuan(pub i64);

impl Yuan {
    /// The amount in fen (分), the unit money is stored in.
    pub fn fen(self) -> i64 {
        self.0 * 100
    }
}

impl fmt::Display for Yuan {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0 % 10_000 == 0 {
            write!(f, "{}万元", self.0 / 10_000)
        } else {
            write!(f, "{}元", self.0)
        }
    }
}

/// When an obligation falls due.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum ObligationKind {
    /// Every so often from recognition (每半年上报统计数据).
    Periodic {
        /// The interval.
        every: Period,
    },
    /// At the end of every year (每年年底提交年度工作报告和下一年度工作计划).
    YearEnd,
    /// Within a period after an event (变更…需在3个月内…报告).
    AfterEvent {
        /// The event, in Chinese (`名称、运营主体、面积范围、场地位置等发生变化`).
        event: String,
        /// The period, where the measure sets one; `None` means 及时 (no number: a reviewer judges).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        within: Option<Period>,
    },
    /// When the authority asks, by the deadline it sets (新疆 第六条第10项: 按照自治区科技厅的要求
    /// 上报统计数据): each request is its own due date.
    OnRequest,
}

/// What a space files to meet an obligation: the kind of filing the system records it as.
///
/// The measures name the duty in their own words (每半年上报综合运营情况和统计数据、每年年底提交
/// 年度工作报告); the policy says which filing answers it, so that the obligation is matched to
/// the filings by kind, never by the obligation's id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FilingKind {
    /// 统计数据上报.
    Statistics,
    /// 年度工作报告 (with next year's plan where the measure asks for it).
    AnnualReport,
    /// 重大事项变更 reported.
    ChangeReport,
}

impl FilingKind {
    /// Every kind.
    pub const ALL: [FilingKind; 3] = [Self::Statistics, Self::AnnualReport, Self::ChangeReport];

    /// The code the case store keeps (`statistics`, `annual_report`, `change_report`).
    pub fn code(self) -> &'static str {
        match self {
            Self::Statistics => "statistics",
            Self::AnnualReport => "annual_report",
            Self::ChangeReport => "change_report",
        }
    }

    /// The kind of a stored code.
    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == code)
    }

    /// What is filed, as the object of a sentence (报送统计数据, 要求报送年度工作报告).
    pub fn noun(self) -> &'static str {
        match self {
            Self::Statistics => "统计数据",
            Self::AnnualReport => "年度工作报告",
            Self::ChangeReport => "重大事项变更报告",
        }
    }

    /// The glossary's word for it.
    pub fn label(self) -> &'static str {
        match self {
            Self::Statistics => "统计数据上报",
            Self::AnnualReport => "年度工作报告",
            Self::ChangeReport => "重大事项变更报告",
        }
    }
}

/// A duty of a recognised space.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Obligation {
    /// Identifier (`statistics`, `annual-report`, `change-report`).
    pub id: String,
    /// Chinese label.
    pub label: String,
    /// The filing that meets it.
    pub filing: FilingKind,
    /// When it falls due.
    pub due: ObligationKind,
    /// To whom it is reported (a role id).
    pub report_to: String,
    /// What missing it brings, as revocation ids (their own articles say how).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub missing_leads_to: Vec<String>,
    /// The article.
    pub cite: Citation,
    /// Its text.
    pub quote: String,
    /// The reading chosen.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reading: Option<String>,
    /// Where the measure has the authority review what was reported (鞍山 第八条: 经市科技局审核
    /// 后，符合本办法要求的，同意变更；对不符合本办法要求的，取消资格).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub review: Option<FilingReview>,
    /// Where what is reported goes to `report_to` through another body, which forwards it (内蒙古
    /// 第十七条: 及时通过所属地管理部门向自治区科技厅报备变更情况).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub forwarding: Option<Forwarding>,
}

/// A report passed on to the authority by the body of the space's area (转报).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Forwarding {
    /// Identifier.
    pub id: String,
    /// Chinese label (转报).
    pub label: String,
    /// Who forwards: a recommending-unit role, acting for its own area.
    pub by: String,
    /// The article.
    pub cite: Citation,
    /// Its text.
    pub quote: String,
    /// The reading chosen.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reading: Option<String>,
}

/// The authority's review of a reported change: agreed, or refused with the revocation the
/// measure attaches to a change that no longer meets it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FilingReview {
    /// Identifier.
    pub id: String,
    /// Chinese label (变更审核).
    pub label: String,
    /// Who reviews (a role id).
    pub by: String,
    /// The revocation a refusal brings (a revocation id of the measure).
    pub refused: String,
    /// The measure's words for the two outcomes (同意变更, 不同意变更).
    pub outcome: ReviewOutcomeWords,
    /// The article.
    pub cite: Citation,
    /// Its text.
    pub quote: String,
    /// The reading chosen.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reading: Option<String>,
}

impl FilingReview {
    /// The word for an outcome.
    pub fn outcome_word(&self, agreed: bool) -> &str {
        if agreed {
            &self.outcome.agreed
        } else {
            &self.outcome.refused
        }
    }
}

/// What a review decides, in the measure's words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReviewOutcomeWords {
    /// Agreed (鞍山 第八条: 同意变更).
    pub agreed: String,
    /// Refused, which revokes (不同意变更).
    pub refused: String,
}

/// How long a recognition lasts (朔州 第十一条: 有效期为3年).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Validity {
    /// Identifier.
    pub id: String,
    /// The period from the decision date.
    pub period: Period,
    /// The article.
    pub cite: Citation,
    /// Its text.
    pub quote: String,
    /// The reading chosen.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reading: Option<String>,
}

/// What earns a subsidy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum SubsidyTrigger {
    /// An appraisal grade (the grade id).
    Grade {
        /// The grade id.
        grade: String,
    },
    /// Filing as a national makerspace.
    NationalFiling,
    /// Filing as a national specialised makerspace.
    NationalSpecialisedFiling,
}

/// A subsidy the measure grants.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Subsidy {
    /// Identifier.
    pub id: String,
    /// Chinese label.
    pub label: String,
    /// What earns it.
    pub trigger: SubsidyTrigger,
    /// The amount, where the measure names one (`一定额度`: none).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount_yuan: Option<Yuan>,
    /// Paid once (一次性) rather than per occurrence.
    #[serde(default)]
    pub once: bool,
    /// The article.
    pub cite: Citation,
    /// Its text.
    pub quote: String,
    /// The reading chosen.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reading: Option<String>,
}

impl_cited!(Obligation, FilingReview, Forwarding, Validity, Subsidy);

#[cfg(test)]
mod tests {
    use super::FilingKind;

    /// The policy files' word for a kind (serde) is the code the case store keeps.
    #[test]
    fn a_kinds_policy_word_is_its_stored_code() {
        for kind in FilingKind::ALL {
            let word = serde_json::to_value(kind).unwrap();
            assert_eq!(word, kind.code());
            assert_eq!(FilingKind::from_code(kind.code()), Some(kind));
        }
        assert_eq!(FilingKind::from_code("rectification_report"), None);
    }
}
