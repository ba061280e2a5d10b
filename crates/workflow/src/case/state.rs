//! Where a case stands.

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

/// The state of a case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum CaseState {
    /// Being prepared by the applicant.
    Draft,
    /// Returned to the applicant for correction.
    Returned {
        /// The stage that returned it.
        stage: String,
        /// Why.
        reason: String,
    },
    /// At a stage of the procedure.
    AtStage {
        /// The stage id.
        stage: String,
        /// Since when.
        since: Date,
    },
    /// Rejected at a stage; the history is kept.
    Rejected {
        /// The stage.
        stage: String,
        /// Why.
        reason: String,
    },
    /// Withdrawn by the applicant.
    Withdrawn,
    /// Recognised (or filed).
    Recognised,
    /// Not recognised.
    NotRecognised {
        /// Why.
        reason: String,
    },
}

impl CaseState {
    /// The Chinese label.
    pub fn label(&self) -> String {
        match self {
            Self::Draft => "草稿".into(),
            Self::Returned { .. } => "已退回修改".into(),
            Self::AtStage { stage, .. } => format!("办理中（{stage}）"),
            Self::Rejected { .. } => "未通过".into(),
            Self::Withdrawn => "已撤回".into(),
            Self::Recognised => "已认定".into(),
            Self::NotRecognised { .. } => "不予认定".into(),
        }
    }

    /// Whether the case is finished.
    pub fn is_final(&self) -> bool {
        matches!(
            self,
            Self::Rejected { .. } | Self::Withdrawn | Self::Recognised | Self::NotRecognised { .. }
        )
    }
}

/// The public notice of a case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Notice {
    /// First day.
    pub starts_on: Date,
    /// Last day (inclusive).
    pub ends_on: Date,
}

/// The decision on a case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Decision {
    /// Recognised or not.
    pub recognised: bool,
    /// The document number (`内科高字〔2021〕12号`).
    pub document_number: String,
    /// The date.
    pub decided_on: Date,
    /// The last day of validity, where the measure sets one.
    pub valid_until: Option<Date>,
    /// The form of the decision as the measure words it.
    pub form: String,
}
