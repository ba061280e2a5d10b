//! What an actor can do to a case.

use policy::law::Period;
use serde::{Deserialize, Serialize};

/// An action on a case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum Action {
    /// The applicant submits (or resubmits after a return).
    Submit,
    /// The applicant withdraws.
    Withdraw,
    /// The current stage's role completes it (recommends, records the inspection, passes the
    /// credit review…), with a note.
    Complete {
        /// The record of the step (推荐意见, 核查记录…).
        note: String,
    },
    /// The current stage's role returns the case to the applicant.
    Return {
        /// Why.
        reason: String,
    },
    /// The current stage's role rejects the case.
    Reject {
        /// Why.
        reason: String,
    },
    /// The authority publishes the public notice.
    PublishNotice {
        /// The period, where the measure sets none.
        period: Option<Period>,
    },
    /// The authority decides.
    Decide {
        /// Recognised or not.
        recognised: bool,
        /// The document number.
        document_number: String,
        /// Why, when not recognised.
        reason: Option<String>,
    },
}

impl Action {
    /// The Chinese name.
    pub fn label(&self) -> &'static str {
        match self {
            Self::Submit => "提交申报",
            Self::Withdraw => "撤回",
            Self::Complete { .. } => "办结本环节",
            Self::Return { .. } => "退回修改",
            Self::Reject { .. } => "不予通过",
            Self::PublishNotice { .. } => "发布公示",
            Self::Decide { .. } => "作出决定",
        }
    }
}
