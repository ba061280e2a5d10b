//! `GET /api/v1/policies` and `GET /api/v1/policies/{id}`: the measures as encoded.

use axum::Json;
use axum::extract::{Path, State};
use jiff::civil::Date;
use policy::LoadedMeasure;
use serde::Serialize;
use utoipa::ToSchema;

use crate::error::{AppError, ErrorBody};
use crate::state::AppState;

/// A measure in the list.
#[derive(Debug, Serialize, ToSchema)]
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
pub struct PolicyList {
    /// Every loaded measure.
    pub policies: Vec<PolicySummary>,
}

/// One measure as encoded.
#[derive(Debug, Serialize, ToSchema)]
pub struct PolicyDetail {
    /// The summary.
    pub summary: PolicySummary,
    /// The measure exactly as the policy file encodes it (conditions, procedure, obligations,
    /// appraisal table, coverage…), every element with its citation and quote.
    #[schema(value_type = Object)]
    pub measure: serde_json::Value,
}

/// Every measure loaded.
#[utoipa::path(get, path = "/api/v1/policies", tag = "policies",
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
