//! Documentation-only shapes of request and response bodies whose Rust types live in the rules
//! crate (which knows nothing of HTTP): the OpenAPI document describes them from here.

use serde::Serialize;
use utoipa::ToSchema;

/// A space profile (`makerspace check`'s JSON form). Keys are the fact dictionary's dotted names
/// (`GET /api/v1/facts`), either nested (`{"operator": {"region": "150102"}}`) or dotted
/// (`{"operator.region": "150102"}`), plus the reserved keys `as_of` (required, YYYY-MM-DD),
/// `policy` (optional measure id; otherwise the measure in force for `operator.region` on
/// `as_of`), `history`, `application` and `reviews`. Unknown names are errors.
#[derive(Debug, Serialize, ToSchema)]
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

/// One condition's result.
#[derive(Debug, Serialize, ToSchema)]
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

/// The eligibility report, schema `makerspace.eligibility/1`.
#[derive(Debug, Serialize, ToSchema)]
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

/// One measure's row of a comparison.
#[derive(Debug, Serialize, ToSchema)]
pub struct CompareRowDoc {
    /// The measure id.
    pub policy: String,
    /// The jurisdiction's short name.
    pub short_name: String,
    /// The report.
    pub report: EligibilityReportDoc,
}

/// The comparison, schema `makerspace.compare/1`.
#[derive(Debug, Serialize, ToSchema)]
pub struct ComparisonDoc {
    /// `makerspace.compare/1`.
    pub schema: String,
    /// The check date.
    pub as_of: String,
    /// One row per measure in force on that date.
    pub results: Vec<CompareRowDoc>,
}

/// The appraisal result, schema `makerspace.appraisal/1`: every index row with its input,
/// points and wording, shared caps, sections, total, grade, subsidy, consequence, the way to the
/// next grade and a receipt.
#[derive(Debug, Serialize, ToSchema)]
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

/// What an objection disputes (`ObjectionBody.target`).
#[derive(Debug, Serialize, ToSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
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

/// One value of a filing's field: a number, or the number as text (`"12.5"`).
#[derive(Debug, Serialize, ToSchema)]
#[serde(untagged)]
pub enum FilingValueDoc {
    /// A number.
    Number(f64),
    /// A number written as text.
    Text(String),
}
