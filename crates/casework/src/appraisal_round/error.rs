//! Why a round, a hand-in of appraisal materials or a finding of false materials is refused:
//! each reason in Chinese, naming the field, the date and the article where one applies.

use jiff::civil::Date;

/// Why a round, a hand-in or a finding of false materials is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RoundError {
    /// The measure asks no appraisal materials.
    #[error("办法「{measure}」没有规定由众创空间报送考核资料，不能开启考核资料报送批次")]
    NoMaterials {
        /// The measure.
        measure: String,
    },
    /// The period is empty.
    #[error("考核年度或期间（period）不能为空，例如 2025")]
    EmptyPeriod,
    /// The period is too long to be a year or period.
    #[error("考核年度或期间（period）共 {chars} 字，超过 {max} 字：请填写年度或期间，例如 2025")]
    PeriodTooLong {
        /// Its length in characters.
        chars: usize,
        /// The limit.
        max: usize,
    },
    /// A text holds a NUL character (which no database column keeps).
    #[error("填写的内容（{field}）含有空字符（U+0000），请删除后重试")]
    NulChar {
        /// The field.
        field: &'static str,
    },
    /// The deadline lies before the day the round is opened.
    #[error("截止日期（deadline）{deadline} 早于开启日期 {on}")]
    DeadlineInPast {
        /// The deadline.
        deadline: Date,
        /// The day of opening.
        on: Date,
    },
    /// The space is not appraised under the round's measure.
    #[error(
        "众创空间 {space} 按办法「{space_measure}」管理，不属于本考核批次（办法「{round_measure}」）"
    )]
    OtherMeasure {
        /// The space.
        space: i64,
        /// Its measure.
        space_measure: String,
        /// The round's measure.
        round_measure: String,
    },
    /// Handed in after the deadline.
    #[error("考核资料报送截止日为 {due}{shift}，{on} 已逾期，不能再报送。依据{cite}：「{quote}」")]
    Late {
        /// The deadline as set.
        deadline: Date,
        /// The last day after the rest-day shift.
        due: Date,
        /// The shift's note (empty when none).
        shift: String,
        /// The day of the attempt.
        on: Date,
        /// The article.
        cite: String,
        /// Its text.
        quote: String,
    },
    /// The space has already handed in for the round.
    #[error("众创空间 {space} 已于 {on} 报送本批次考核资料（报送 {id}），不能重复报送")]
    AlreadyHandedIn {
        /// The space.
        space: i64,
        /// The earlier hand-in.
        id: i64,
        /// Its day.
        on: Date,
    },
    /// The text is empty.
    #[error("考核资料说明（text）不能为空：请说明报送的资料内容")]
    EmptyText,
    /// A text is too long.
    #[error("填写的内容（{field}）共 {chars} 字，超过 {max} 字的上限；较长的内容请作为附件上传")]
    TextTooLong {
        /// The field (`text`, `note`, `reason`).
        field: &'static str,
        /// Its length in characters.
        chars: usize,
        /// The limit.
        max: usize,
    },
    /// The reason for a finding of false materials is empty.
    #[error("认定虚假考核资料须写明理由（reason）")]
    EmptyReason,
    /// The hand-in was already found false.
    #[error("报送 {id} 已于 {on} 被认定为虚假考核资料")]
    AlreadyFalse {
        /// The hand-in.
        id: i64,
        /// The day of the finding.
        on: Date,
    },
    /// The appraisal of the round is run before the deadline for a space that has not handed in.
    #[error(
        "众创空间 {space} 尚未报送考核资料，而报送截止日 {due} 未到（{on}）：截止日后才能按未报送认定"
    )]
    NotYetDue {
        /// The space.
        space: i64,
        /// The last day.
        due: Date,
        /// The day of the attempt.
        on: Date,
    },
    /// The appraisal input is not a JSON object.
    #[error("考核输入（input）须为 JSON 对象")]
    InputNotObject,
    /// The appraisal input already carries the value the round's record decides.
    #[error("「{input}」由考核批次的报送记录确定，不能手工填写")]
    TypedInput {
        /// The input name.
        input: String,
    },
}
