//! Documentation-only shapes of request and response bodies whose Rust types live in the rules
//! crate (which knows nothing of HTTP): the OpenAPI document describes them from here.

use serde::Serialize;
use utoipa::ToSchema;

use super::zh::{Members, Zh};

/// A space profile (`makerspace check`'s JSON form). Keys are the fact dictionary's dotted names
/// (`GET /api/v1/facts`), either nested (`{"operator": {"region": "150102"}}`) or dotted
/// (`{"operator.region": "150102"}`), plus the reserved keys `as_of` (required, YYYY-MM-DD),
/// `policy` (optional measure id; otherwise the measure in force for `operator.region` on
/// `as_of`), `history`, `application` and `reviews`. Unknown names are errors.
#[derive(Debug, Serialize, ToSchema)]
#[schema(
    description = r#"众创空间档案（`makerspace check` 的 JSON 形式）。键为事实字典中的点分名称（`GET /api/v1/facts`），可嵌套（`{"operator": {"region": "150102"}}`）也可点分（`{"operator.region": "150102"}`）；另有保留键 `as_of`（必填，YYYY-MM-DD）、`policy`（可选，办法编号；不填则取 `as_of` 当日在 `operator.region` 施行的办法）、`history`、`application` 与 `reviews`。未知的名称视为错误。"#
)]
#[schema(example = json!({
    "as_of": "2024-06-30",
    "policy": "xinjiang-2019",
    "operator": {"legal_person": true, "region": "650102", "operating_since": "2021-05-01"},
    "premises": {"total_area_m2": 800, "public_area_m2": 380}
}))]
pub struct ProfileBody {
    /// The check date (YYYY-MM-DD).
    pub as_of: String,
    /// The measure id, optional.
    pub policy: Option<String>,
    /// Fraud findings on record: `{ "fraud_findings": [{ "date": "2023-01-15" }] }`.
    #[schema(value_type = Option<Object>)]
    pub history: Option<serde_json::Value>,
    /// The submission: `{ "submitted_on": "2022-12-09", "call": "shuozhou-2022" }`.
    #[schema(value_type = Option<Object>)]
    pub application: Option<serde_json::Value>,
    /// Reviewer judgements by condition id: `{ "6.1-direction": { "met": true } }`.
    #[schema(value_type = Option<Object>)]
    pub reviews: Option<serde_json::Value>,
}

impl Zh for ProfileBody {
    const MEMBERS: Members = &[
        ("as_of", "核查日期（YYYY-MM-DD）。"),
        ("policy", "办法编号，可选。"),
        (
            "history",
            r#"已记录的弄虚作假认定：`{ "fraud_findings": [{ "date": "2023-01-15" }] }`。"#,
        ),
        (
            "application",
            r#"申报提交情况：`{ "submitted_on": "2022-12-09", "call": "shuozhou-2022" }`。"#,
        ),
        (
            "reviews",
            r#"评审人的判断，按条件编号：`{ "6.1-direction": { "met": true } }`。"#,
        ),
    ];
}

/// One condition's result.
#[derive(Debug, Serialize, ToSchema)]
#[schema(description = "一项条件的核查结果。")]
pub struct ConditionDoc {
    /// The condition id.
    pub id: String,
    /// Its short name.
    pub label: String,
    /// The article (第六条（二）).
    pub article: String,
    /// The quoted text of the measure.
    pub quote: String,
    /// The reading chosen where the text is ambiguous.
    pub reading: Option<String>,
    /// `decisive` or `soft`.
    pub severity: String,
    /// `met`, `not_met`, `missing`, `reviewer`, `warning`, `not_applicable`.
    pub status: String,
    /// The requirement in words.
    pub requirement: String,
    /// One plain Chinese sentence.
    pub message: String,
    /// The fact values used (absent as null).
    #[schema(value_type = Object)]
    pub values: serde_json::Value,
    /// Branches of either-or conditions.
    #[schema(value_type = Option<Vec<Object>>)]
    pub branches: Option<serde_json::Value>,
}

impl Zh for ConditionDoc {
    const MEMBERS: Members = &[
        ("id", "条件编号。"),
        ("label", "条件的简称。"),
        ("article", "所依据的条款（如 第六条（二））。"),
        ("quote", "办法原文的引文。"),
        ("reading", "原文有歧义时所采用的理解。"),
        (
            "severity",
            "`decisive`（决定性条件）或 `soft`（原则性要求：不满足或不明时只作提示，不判为不符合）。",
        ),
        (
            "status",
            "`met`（符合）、`not_met`（不符合）、`missing`（缺少所需事实）、`reviewer`（待评审人判断）、`warning`（提示）、`not_applicable`（不适用）。",
        ),
        ("requirement", "要求的文字表述。"),
        ("message", "一句通俗的中文说明。"),
        ("values", "所用事实的取值（未提供的为 null）。"),
        ("branches", "二选一（多选一）条件的各个分支。"),
    ];
}

/// The eligibility report, schema `makerspace.eligibility/1`.
#[derive(Debug, Serialize, ToSchema)]
#[schema(description = "资格核查结果，格式为 `makerspace.eligibility/1`。")]
pub struct EligibilityReportDoc {
    /// `makerspace.eligibility/1`.
    pub schema: String,
    /// `eligible`, `ineligible`, `barred`, `excluded`, `incomplete`, `late`.
    pub verdict: String,
    /// The verdict in Chinese.
    pub verdict_label: String,
    /// The measure's title.
    pub measure_title: String,
    /// One sentence summing up.
    pub summary: String,
    /// Qualitative conditions awaiting a reviewer: `{ id, article, question }`.
    #[schema(value_type = Vec<Object>)]
    pub pending_review: serde_json::Value,
    /// Every condition, in the measure's order.
    pub conditions: Vec<ConditionDoc>,
    /// Facts needed and not given: `{ fact, label, conditions }`.
    #[schema(value_type = Vec<Object>)]
    pub missing: serde_json::Value,
    /// An exclusion from scope.
    #[schema(value_type = Option<Object>)]
    pub excluded: Option<serde_json::Value>,
    /// An active ban.
    #[schema(value_type = Option<Object>)]
    pub barred: Option<serde_json::Value>,
    /// A late submission.
    #[schema(value_type = Option<Object>)]
    pub late: Option<serde_json::Value>,
    /// For an ineligible profile, the smallest changes that make it eligible.
    #[schema(value_type = Option<Object>)]
    pub way_to_eligible: Option<serde_json::Value>,
    /// Policy id, version, hash, date, engine and inputs: the check can be replayed.
    #[schema(value_type = Object)]
    pub receipt: serde_json::Value,
}

impl Zh for EligibilityReportDoc {
    const MEMBERS: Members = &[
        ("schema", "格式标识，恒为 `makerspace.eligibility/1`。"),
        (
            "verdict",
            "结论：`eligible`（符合条件）、`ineligible`（不符合条件）、`barred`（禁止申报期内）、`excluded`（不属本办法管理范围）、`incomplete`（资料不全）、`late`（逾期申报）。",
        ),
        ("verdict_label", "结论的中文表述。"),
        ("measure_title", "办法的标题。"),
        ("summary", "一句话的总结。"),
        (
            "pending_review",
            "待评审人判断的定性条件：`{ id, article, question }`。",
        ),
        ("conditions", "全部条件，按办法中的顺序。"),
        (
            "missing",
            "需要而未提供的事实：`{ fact, label, conditions }`。",
        ),
        ("excluded", "不属本办法管理范围的情形。"),
        ("barred", "正在禁止申报期内的情形。"),
        ("late", "逾期申报的情形。"),
        (
            "way_to_eligible",
            "不符合条件时，使其符合条件的最少调整（达标路径）。",
        ),
        (
            "receipt",
            "回执：办法编号、版本、哈希、日期、引擎与输入，可据此重现本次核查。",
        ),
    ];
}

/// One measure's row of a comparison.
#[derive(Debug, Serialize, ToSchema)]
#[schema(description = "对比中一项办法的一行。")]
pub struct CompareRowDoc {
    /// The measure id.
    pub policy: String,
    /// The jurisdiction's short name.
    pub short_name: String,
    /// The report.
    pub report: EligibilityReportDoc,
}

impl Zh for CompareRowDoc {
    const MEMBERS: Members = &[
        ("policy", "办法编号。"),
        ("short_name", "辖区的简称。"),
        ("report", "该办法下的资格核查结果。"),
    ];
}

/// The comparison, schema `makerspace.compare/1`.
#[derive(Debug, Serialize, ToSchema)]
#[schema(description = "对比结果，格式为 `makerspace.compare/1`。")]
pub struct ComparisonDoc {
    /// `makerspace.compare/1`.
    pub schema: String,
    /// The check date.
    pub as_of: String,
    /// One row per measure in force on that date.
    pub results: Vec<CompareRowDoc>,
}

impl Zh for ComparisonDoc {
    const MEMBERS: Members = &[
        ("schema", "格式标识，恒为 `makerspace.compare/1`。"),
        ("as_of", "核查日期。"),
        ("results", "该日施行的每项办法各一行。"),
    ];
}

/// The appraisal result, schema `makerspace.appraisal/1`: every index row with its input,
/// points and wording, shared caps, sections, total, grade, subsidy, consequence, the way to the
/// next grade and a receipt.
#[derive(Debug, Serialize, ToSchema)]
#[schema(
    description = "考核结果，格式为 `makerspace.appraisal/1`：每个指标行的输入、得分与说明，共用上限、分组、总分、等级、补助、后果、升至上一等级的途径与回执。"
)]
pub struct AppraisalResultDoc {
    /// `makerspace.appraisal/1`.
    pub schema: String,
    /// The measure id.
    pub policy_id: String,
    /// `index_table` or `recorded_grade`.
    pub method: String,
    /// The total (null for recorded grades).
    pub total: Option<f64>,
    /// The grade in the measure's word.
    pub grade: String,
    /// Per index row: `{ id, label, input, value, rule, points, max, wording, cite, quote… }`.
    #[schema(value_type = Vec<Object>)]
    pub items: serde_json::Value,
    /// What the grade brings.
    #[schema(value_type = Object)]
    pub consequence: serde_json::Value,
    /// The way to the next grade.
    #[schema(value_type = Option<Object>)]
    pub next_grade: Option<serde_json::Value>,
    /// Policy id, version, hash, engine and inputs.
    #[schema(value_type = Object)]
    pub receipt: serde_json::Value,
}

impl Zh for AppraisalResultDoc {
    const MEMBERS: Members = &[
        ("schema", "格式标识，恒为 `makerspace.appraisal/1`。"),
        ("policy_id", "办法编号。"),
        (
            "method",
            "`index_table`（按指标表计分）或 `recorded_grade`（由认定机构登记等级）。",
        ),
        ("total", "总分（登记等级的办法为 null）。"),
        ("grade", "等级，用办法的说法。"),
        (
            "items",
            "每个指标行：`{ id, label, input, value, rule, points, max, wording, cite, quote… }`。",
        ),
        ("consequence", "该等级带来的后果。"),
        ("next_grade", "升至上一等级的途径。"),
        ("receipt", "回执：办法编号、版本、哈希、引擎与输入。"),
    ];
}

/// What an objection disputes (`ObjectionBody.target`).
#[derive(Debug, Serialize, ToSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[schema(description = "异议针对的对象（`ObjectionBody.target`）。")]
pub enum ObjectionTargetDoc {
    /// A condition of the measure, by its id in the report (`6.3-area`).
    Criterion {
        /// The condition id.
        condition: String,
    },
    /// A piece of evidence: a material id or an attachment's hash.
    Evidence {
        /// The material or attachment.
        item: String,
    },
}

impl Zh for ObjectionTargetDoc {
    const MEMBERS: Members = &[
        (
            "/oneOf/0",
            "办法的一项条件，以其在核查结果中的编号指明（`6.3-area`）。",
        ),
        ("/oneOf/0/properties/condition", "条件编号。"),
        ("/oneOf/1", "一项证据：材料编号或附件的哈希。"),
        ("/oneOf/1/properties/item", "材料编号或附件哈希。"),
    ];
}

/// One value of a filing's field: a number, or the number as text (`"12.5"`).
#[derive(Debug, Serialize, ToSchema)]
#[serde(untagged)]
#[schema(description = r#"报送表中一个字段的值：数值，或写成文本的数值（`"12.5"`）。"#)]
pub enum FilingValueDoc {
    /// A number.
    Number(f64),
    /// A number written as text.
    Text(String),
}

impl Zh for FilingValueDoc {
    const MEMBERS: Members = &[("/oneOf/0", "数值。"), ("/oneOf/1", "写成文本的数值。")];
}
