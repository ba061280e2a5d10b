//! Why the workflow refuses an action. Each error names what was expected and cites the
//! article where one applies; the state is left unchanged.

use jiff::civil::Date;
use serde::Serialize;

/// A refused action.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum WorkflowError {
    /// The action does not exist in this state.
    #[error("当前状态「{state}」下不能执行「{action}」")]
    InvalidTransition {
        /// The state.
        state: String,
        /// The action.
        action: String,
    },
    /// The actor's role may not perform this step.
    #[error("「{stage}」环节须由{expected}办理（{cite}），当前用户为{actual}")]
    WrongRole {
        /// The stage.
        stage: String,
        /// The role the measure names.
        expected: String,
        /// The actor's role.
        actual: String,
        /// The article.
        cite: String,
    },
    /// The actor acts outside their organisation or area.
    #[error("无权办理此案件：{reason}")]
    NotYours {
        /// Why.
        reason: String,
    },
    /// Submitted after the call's deadline.
    #[error("申报截止日期为 {deadline}（{cite}「{quote}」），{submitted_on} 提交已逾期")]
    Late {
        /// The effective deadline.
        deadline: Date,
        /// The submission date.
        submitted_on: Date,
        /// The article.
        cite: String,
        /// Its text.
        quote: String,
    },
    /// No call open for this measure on that date.
    #[error("{date} 没有开放的申报通知，无法提交")]
    NoOpenCall {
        /// The date.
        date: Date,
    },
    /// A second application in the same filing round.
    #[error("本办法每年受理 {per_year} 次（{cite}），该单位 {year} 年已有申报（案件 {existing}）")]
    SecondInRound {
        /// Rounds per year.
        per_year: u32,
        /// The year.
        year: i16,
        /// The existing case.
        existing: String,
        /// The article.
        cite: String,
    },
    /// An active ban after fraud.
    #[error("{found_on} 被认定弄虚作假，依{cite}「{quote}」，{until} 前（含当日）不得申报")]
    Banned {
        /// The finding date.
        found_on: Date,
        /// The last day of the ban.
        until: Date,
        /// The article.
        cite: String,
        /// Its text.
        quote: String,
    },
    /// Required materials missing.
    #[error("缺少必交的申报材料：{}", .missing.join("、"))]
    MissingMaterials {
        /// Labels of the missing materials.
        missing: Vec<String>,
    },
    /// A return, rejection or ruling without a reason.
    #[error("「{action}」须写明理由")]
    ReasonRequired {
        /// The action.
        action: String,
    },
    /// The decision waits on open objections.
    #[error("尚有 {open} 件异议未处理，不能作出决定")]
    ObjectionsOpen {
        /// How many.
        open: usize,
    },
    /// The notice period has not ended.
    #[error("公示期至 {ends_on} 届满，届满前不能作出决定")]
    NoticeNotEnded {
        /// The last day.
        ends_on: Date,
    },
    /// An objection outside the notice period.
    #[error("公示期为 {starts_on} 至 {ends_on}，{on} 不在公示期内，不能提出异议")]
    OutsideNotice {
        /// The first day.
        starts_on: Date,
        /// The last day.
        ends_on: Date,
        /// The day of the attempt.
        on: Date,
    },
    /// The measure sets no notice period and none was given.
    #[error("本办法未规定公示期限，发布公示时须由认定机构确定期限")]
    NoticePeriodRequired,
    /// An expert with a hard conflict.
    #[error("专家存在利益冲突，不得评审：{reason}")]
    Conflict {
        /// The conflict.
        reason: String,
    },
    /// An expert with a soft conflict not cleared.
    #[error("专家存在需认定机构书面确认的利益关联：{reason}；未经确认不得评审")]
    ConflictNeedsClearance {
        /// The relation.
        reason: String,
    },
    /// An expert not assigned to the case.
    #[error("该专家未被指派评审此案件")]
    NotAssigned,
    /// A score outside the allowed range.
    #[error("评分 {score} 超出范围 0–100")]
    ScoreOutOfRange {
        /// The score.
        score: u32,
    },
    /// A site inspection record with a missing or impossible field.
    #[error("实地核查记录的「{}」：{reason}", inspection_field_label(field))]
    InspectionInvalid {
        /// The field (`visited_on`, `inspectors`, `note`).
        field: &'static str,
        /// Why.
        reason: String,
    },
    /// A site-inspection stage completed without a record of the visit.
    #[error("实地核查环节办结前须先登记实地核查记录（核查日期、核查人员、核查情况和结论）")]
    InspectionMissing,
    /// A step the measure does not have.
    #[error("本办法的程序中没有「{0}」环节")]
    NoSuchStage(String),
}

fn inspection_field_label(field: &str) -> &'static str {
    match field {
        "visited_on" => "核查日期",
        "inspectors" => "核查人员",
        "note" => "核查情况",
        _ => "核查记录",
    }
}
