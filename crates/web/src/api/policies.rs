//! `GET /api/v1/policies` and `GET /api/v1/policies/{id}`: the measures as encoded.

use axum::Json;
use axum::extract::{Path, State};
use jiff::civil::Date;
use policy::LoadedMeasure;
use serde::Serialize;
use utoipa::ToSchema;

use crate::api::zh::{Members, Zh};
use crate::error::{AppError, ErrorBody};
use crate::state::AppState;

/// A measure in the list.
#[derive(Debug, Serialize, ToSchema)]
#[schema(description = "办法列表中的一项办法。")]
pub struct PolicySummary {
    /// The measure id (`inner-mongolia-2020`).
    pub id: String,
    /// The full title.
    pub title: String,
    /// The jurisdiction's short name.
    pub short_name: String,
    /// `recognition` (认定) or `filing` (备案).
    #[schema(value_type = String)]
    pub kind: serde_json::Value,
    /// 认定 / 备案.
    pub kind_label: &'static str,
    /// The issuing body.
    pub issuer: String,
    /// The document number, where it has one.
    pub document_number: Option<String>,
    /// The jurisdiction's name.
    pub jurisdiction: String,
    /// Its GB/T 2260 code.
    pub region: String,
    /// The policy file's version.
    pub version: String,
    /// The policy file's content hash (sha256).
    pub hash: String,
    /// In force from.
    #[schema(value_type = String, format = Date)]
    pub effective_from: Date,
    /// In force until, where an end is known.
    #[schema(value_type = Option<String>, format = Date)]
    pub effective_until: Option<Date>,
    /// Whether an appraisal is defined.
    pub has_appraisal: bool,
    /// Whether the appraisal is scored from an index table, so that it can be previewed
    /// (`POST /api/v1/appraisal/preview`, the `/appraisal` page); otherwise the authority
    /// records the grade.
    pub has_appraisal_preview: bool,
}

impl Zh for PolicySummary {
    const MEMBERS: Members = &[
        ("id", "办法编号（`inner-mongolia-2020`）。"),
        ("title", "办法全称。"),
        ("short_name", "辖区简称。"),
        ("kind", "`recognition`（认定）或 `filing`（备案）。"),
        ("kind_label", "类别的中文：认定或备案。"),
        ("issuer", "发文机关。"),
        ("document_number", "文号（有文号时）。"),
        ("jurisdiction", "辖区名称。"),
        ("region", "辖区的行政区划代码（GB/T 2260）。"),
        ("version", "政策文件的版本。"),
        ("hash", "政策文件内容的哈希（sha256）。"),
        ("effective_from", "施行日期。"),
        ("effective_until", "失效日期（已知何时终止时）。"),
        ("has_appraisal", "是否规定了绩效考核。"),
        (
            "has_appraisal_preview",
            "绩效考核是否按指标表计分、因而可以预评（`POST /api/v1/appraisal/preview`、`/appraisal` 页面）；否则由认定机构登记等级。",
        ),
    ];
}

impl PolicySummary {
    /// The summary of a loaded measure.
    pub fn of(m: &LoadedMeasure) -> Self {
        let id = &m.measure.measure;
        Self {
            id: id.id.clone(),
            title: id.title.clone(),
            short_name: id.short_name.clone(),
            kind: serde_json::to_value(id.kind).unwrap_or_default(),
            kind_label: id.kind.label(),
            issuer: id.issuer.clone(),
            document_number: id.document_number.clone(),
            jurisdiction: id.jurisdiction.name.clone(),
            region: id.jurisdiction.code.as_str().to_string(),
            version: id.version.clone(),
            hash: m.hash.to_string(),
            effective_from: id.effective_from,
            effective_until: id.effective_until,
            has_appraisal: m.measure.appraisal.is_some(),
            has_appraisal_preview: m
                .measure
                .appraisal
                .as_ref()
                .is_some_and(|a| a.method == policy::model::AppraisalMethod::IndexTable),
        }
    }
}

/// The list.
#[derive(Debug, Serialize, ToSchema)]
#[schema(description = "办法列表。")]
pub struct PolicyList {
    /// Every loaded measure.
    pub policies: Vec<PolicySummary>,
}

impl Zh for PolicyList {
    const MEMBERS: Members = &[("policies", "已加载的全部办法。")];
}

/// One measure as encoded.
#[derive(Debug, Serialize, ToSchema)]
#[schema(description = "一项办法的编码内容。")]
pub struct PolicyDetail {
    /// The summary.
    pub summary: PolicySummary,
    /// The measure exactly as the policy file encodes it (conditions, procedure, obligations,
    /// appraisal table, coverage…), every element with its citation and quote.
    #[schema(value_type = Object)]
    pub measure: serde_json::Value,
}

impl Zh for PolicyDetail {
    const MEMBERS: Members = &[
        ("summary", "办法概要。"),
        (
            "measure",
            "政策文件对该办法的完整编码（条件、程序、义务、考核指标表、条文覆盖情况……），每个元素附条款与原文引文。",
        ),
    ];
}

/// Every measure loaded.
#[utoipa::path(get, path = "/api/v1/policies", tag = "policies",
    summary = "已加载的全部办法。",
    responses((status = 200, description = "办法列表", body = PolicyList)))]
pub async fn list(State(state): State<AppState>) -> Json<PolicyList> {
    Json(PolicyList {
        policies: state
            .library
            .measures()
            .iter()
            .map(PolicySummary::of)
            .collect(),
    })
}

/// One measure as encoded.
#[utoipa::path(get, path = "/api/v1/policies/{id}", tag = "policies",
    summary = "一项办法的编码内容。",
    params(("id" = String, Path, description = "办法编号，如 inner-mongolia-2020")),
    responses(
        (status = 200, description = "办法的编码内容", body = PolicyDetail),
        (status = 404, description = "没有该编号的办法", body = ErrorBody),
    ))]
pub async fn show(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<PolicyDetail>, AppError> {
    let m = state
        .library
        .get(&id)
        .ok_or_else(|| AppError::unknown_policy(&id, None))?;
    let measure =
        serde_json::to_value(&m.measure).map_err(|e| AppError::Unexpected(Box::new(e)))?;
    Ok(Json(PolicyDetail {
        summary: PolicySummary::of(m),
        measure,
    }))
}
