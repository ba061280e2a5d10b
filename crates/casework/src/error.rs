//! Why the case layer refuses: each error in Chinese, naming the record or field concerned. A
//! refused call changes nothing (its transaction is rolled back).

use store::StoreError;
use workflow::WorkflowError;
use workflow::filings::FilingError;

/// An error of the case layer.
#[derive(Debug, thiserror::Error)]
pub enum CaseworkError {
    /// The workflow refused the action (wrong role, late, invalid transition…).
    #[error(transparent)]
    Workflow(#[from] WorkflowError),
    /// The store refused or failed (a stale version is [`StoreError::Conflict`]).
    #[error(transparent)]
    Store(#[from] StoreError),
    /// No such record.
    #[error("{subject} {id} 不存在")]
    NotFound {
        /// What kind of record.
        subject: &'static str,
        /// Its id.
        id: String,
    },
    /// The measure is not in the library.
    #[error("办法「{0}」不存在")]
    UnknownMeasure(String),
    /// The call is not open for the measure.
    #[error("申报通知「{call}」不存在或不属于办法「{measure}」")]
    UnknownCall {
        /// The call id.
        call: String,
        /// The measure.
        measure: String,
    },
    /// A call id already taken (by the policy or the system).
    #[error("申报通知编号「{0}」已存在")]
    CallExists(String),
    /// A call whose dates do not hold.
    #[error("申报通知的开始受理日期 {opens_on} 晚于截止日期 {deadline}")]
    CallDates {
        /// First day.
        opens_on: jiff::civil::Date,
        /// Last day.
        deadline: jiff::civil::Date,
    },
    /// The application profile is wrong.
    #[error("申报档案有误：{0}")]
    Profile(String),
    /// The account acts for no party of the workflow, or not in this capacity. The message
    /// names the role, not the account's number (internal; kept for the logs).
    #[error("本账号（{role}）无权{what}")]
    Forbidden {
        /// The account id.
        account: String,
        /// Its role.
        role: String,
        /// What it tried.
        what: String,
    },
    /// An authority acting outside its jurisdiction and area.
    #[error("本账号所属认定机构的辖区不含{scope}，无权{what}")]
    OutsideJurisdiction {
        /// The action.
        what: String,
        /// What lies outside (the measure and region, or an organisation's seat).
        scope: String,
    },
    /// A recommending unit's account holds no policy role for the measure.
    #[error("推荐单位账号 {account} 未配置办法「{measure}」中的推荐单位角色")]
    NoPolicyRole {
        /// The account.
        account: String,
        /// The measure.
        measure: String,
    },
    /// The organisation has no region code.
    #[error("单位 {0} 未登记所在地行政区划代码，无法确定推荐单位")]
    NoRegion(i64),
    /// The draft can no longer be changed.
    #[error("案件当前状态为「{state}」，只有草稿或退回修改的案件可以修改申报内容")]
    NotEditable {
        /// The state's label.
        state: String,
    },
    /// Facts given in place of those on record that cannot be taken (unknown, not verifiable on
    /// site, or of the wrong type), each named by its field (`measured.premises.total_area_m2`
    /// on a site inspection, `facts.premises.total_area_m2` on a change report).
    #[error("{}", .0.iter().map(ToString::to_string).collect::<Vec<_>>().join("；"))]
    Facts(Vec<rules::FieldError>),
    /// A material the measure does not list.
    #[error("办法「{measure}」的申报材料清单中没有「{material}」")]
    UnknownMaterial {
        /// The measure.
        measure: String,
        /// The material id.
        material: String,
    },
    /// The space is not on the active register.
    #[error("众创空间 {id} 当前状态为「{status}」，不在有效名录中")]
    SpaceNotActive {
        /// The space.
        id: i64,
        /// Its status label.
        status: String,
    },
    /// A statistics filing refused by the form's field rules.
    #[error("统计数据有误，未予受理：{}", .errors.iter().map(|e| format!("{}：{}", e.field, e.message)).collect::<Vec<_>>().join("；"))]
    FilingRefused {
        /// Each field's error.
        errors: Vec<FilingError>,
    },
    /// A filing names a time its space cannot answer for: a report year before the recognition
    /// or not yet begun, a change before the recognition.
    #[error("{message}")]
    FilingOutOfTime {
        /// The field (`year`, `occurred_on`).
        field: &'static str,
        /// Why, in Chinese.
        message: String,
    },
    /// A filing the space's measure does not ask for (statistics under a measure without a
    /// statistics duty…): refused, so that nothing is kept that no article calls for.
    #[error("《{title}》未规定众创空间报送{}，不予受理", .kind.noun())]
    FilingNotAsked {
        /// The kind of filing.
        kind: policy::model::FilingKind,
        /// The measure's title.
        title: String,
    },
    /// The filing form is missing or invalid.
    #[error("统计填报表不可用：{0}")]
    Form(String),
    /// The appraisal input is wrong, or the measure has no appraisal.
    #[error(transparent)]
    Appraisal(#[from] rules::appraisal::AppraisalError),
    /// A stored record could not be read back.
    #[error("记录「{what}」已损坏：{reason}")]
    Corrupt {
        /// What.
        what: String,
        /// Why.
        reason: String,
    },
    /// A discretionary sanction refused (ground, reason, date).
    #[error(transparent)]
    Sanction(#[from] crate::sanctions::SanctionError),
    /// A change review refused (no review in the measure, unknown, unreported or reviewed
    /// change, a refusal without reasons, a date before the report).
    #[error(transparent)]
    Review(#[from] crate::change_review::ReviewError),
    /// A change report's forwarding refused (none in the measure, unknown, unreported or
    /// forwarded change, a day out of time).
    #[error(transparent)]
    Forward(#[from] crate::change_forwarding::ForwardError),
    /// A filing request refused (the measure asks for no such filing on request, a period
    /// that cannot be read, a deadline not after the day).
    #[error(transparent)]
    Request(#[from] crate::requests::RequestError),
    /// A rectification report refused (not under rectification, period ended, empty text).
    #[error(transparent)]
    Rectification(#[from] crate::rectification::RectificationError),
    /// An appraisal round, a hand-in of appraisal materials or a finding of false materials
    /// refused (no materials rule, late, repeated, empty text or reason).
    #[error(transparent)]
    Round(#[from] crate::appraisal_round::RoundError),
    /// A record of another body's decision refused (list, category, date, texts).
    #[error(transparent)]
    Listing(#[from] crate::listings::ListingError),
    /// An import refused as a whole.
    #[error("导入未执行（全部或全不）：{}", .errors.join("；"))]
    Import {
        /// Each problem, with its line.
        errors: Vec<String>,
    },
}

impl CaseworkError {
    /// Whether this is a stale-version conflict.
    pub fn is_conflict(&self) -> bool {
        matches!(self, Self::Store(StoreError::Conflict { .. }))
    }

    pub(crate) fn not_found(subject: &'static str, id: impl ToString) -> Self {
        Self::NotFound {
            subject,
            id: id.to_string(),
        }
    }

    pub(crate) fn corrupt(what: impl Into<String>, e: impl ToString) -> Self {
        Self::Corrupt {
            what: what.into(),
            reason: e.to_string(),
        }
    }
}

impl From<store::sea_orm::DbErr> for CaseworkError {
    fn from(e: store::sea_orm::DbErr) -> Self {
        Self::Store(StoreError::Database(e))
    }
}

/// The case layer's result type.
pub type Result<T, E = CaseworkError> = std::result::Result<T, E>;
