//! What the case endpoints answer: cases, queue lines, pages, register entries. Nested domain
//! records (the workflow case, the profile, reports) are sent as the domain serialises them.

use std::collections::BTreeMap;

use casework::{CaseRecord, CaseSummary, SpaceRecord};
use serde::Serialize;
use store::AccountRole;
use utoipa::ToSchema;

use crate::error::{AppError, FieldError};

/// A case (application) as its reader may see it.
#[derive(Debug, Serialize, ToSchema)]
pub struct CaseView {
    /// The case id.
    pub id: i64,
    /// The version to name in the next change (`If-Match` or `version`).
    pub version: i64,
    /// The measure applied under.
    pub measure: String,
    /// The applicant organisation.
    pub applicant_org_id: i64,
    /// The state's kind: `draft`, `returned`, `at_stage`, `rejected`, `withdrawn`,
    /// `recognised`, `not_recognised`.
    pub state: String,
    /// The stage, when at one (or returned or rejected at one).
    pub stage: Option<String>,
    /// The state in Chinese.
    pub state_label: String,
    /// The workflow case (routing, materials, notice, objections, experts, decision).
    /// Objectors' contacts are kept for the authority only.
    #[schema(value_type = Object)]
    pub case: serde_json::Value,
    /// The application profile (profile JSON format).
    #[schema(value_type = Object)]
    pub profile: serde_json::Value,
    /// Attachment ids by material id.
    pub attachments: BTreeMap<String, Vec<i64>>,
    /// Created (RFC 3339).
    pub created_at: String,
    /// Last changed (RFC 3339).
    pub updated_at: String,
}

impl CaseView {
    /// The view of a case for an account of `role`.
    pub fn of(rec: &CaseRecord, role: AccountRole) -> Self {
        let (state, stage) = state_cols(&rec.case.state);
        let mut case = serde_json::to_value(&rec.case).unwrap_or_default();
        if role != AccountRole::Authority
            && let Some(objections) = case.get_mut("objections").and_then(|o| o.as_array_mut())
        {
            for o in objections {
                if let Some(o) = o.as_object_mut() {
                    o.remove("contact");
                }
            }
        }
        Self {
            id: rec.id,
            version: rec.version,
            measure: rec.case.measure.clone(),
            applicant_org_id: rec.case.applicant.0.parse().unwrap_or_default(),
            state,
            stage,
            state_label: rec.case.state.label(),
            case,
            profile: rec.profile.clone(),
            attachments: rec.attachments.clone(),
            created_at: rec.created_at.to_string(),
            updated_at: rec.updated_at.to_string(),
        }
    }
}

/// The state's kind and stage.
pub fn state_cols(state: &workflow::case::CaseState) -> (String, Option<String>) {
    use workflow::case::CaseState as S;
    let kind = match state {
        S::Draft => "draft",
        S::Returned { .. } => "returned",
        S::AtStage { .. } => "at_stage",
        S::Rejected { .. } => "rejected",
        S::Withdrawn => "withdrawn",
        S::Recognised => "recognised",
        S::NotRecognised { .. } => "not_recognised",
    };
    let stage = match state {
        S::AtStage { stage, .. } | S::Returned { stage, .. } | S::Rejected { stage, .. } => {
            Some(stage.clone())
        }
        _ => None,
    };
    (kind.to_string(), stage)
}

/// One line of a case list.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CaseLine {
    /// The case id.
    pub id: i64,
    /// The measure.
    pub measure: String,
    /// The applicant organisation.
    pub applicant_org_id: i64,
    /// Its region (GB/T 2260).
    pub applicant_region: String,
    /// The region's full name; `null` for a code the list of divisions lacks.
    pub applicant_region_name: Option<String>,
    /// The state's kind.
    pub state: String,
    /// The stage, when at one.
    pub stage: Option<String>,
    /// When submitted.
    #[schema(value_type = Option<String>, format = Date)]
    pub submitted_on: Option<jiff::civil::Date>,
    /// The version.
    pub version: i64,
    /// Last changed (RFC 3339).
    pub updated_at: String,
}

impl CaseLine {
    /// A case's line, the applicant's region named from the list of divisions.
    pub fn of(s: CaseSummary, regions: &policy::law::RegionNames) -> Self {
        Self {
            id: s.id,
            measure: s.measure,
            applicant_org_id: s.applicant_org_id,
            applicant_region_name: regions.named(&s.applicant_region),
            applicant_region: s.applicant_region,
            state: s.state,
            stage: s.stage,
            submitted_on: s.submitted_on,
            version: s.version,
            updated_at: s.updated_at.to_string(),
        }
    }
}

/// A page of case lines.
#[derive(Debug, Serialize, ToSchema)]
pub struct CasePage {
    /// The lines.
    pub items: Vec<CaseLine>,
    /// How many match in all.
    pub total: u64,
    /// The page (from 1).
    pub page: u64,
    /// Lines per page.
    pub per_page: u64,
}

/// A space on the public register.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RegisterEntry {
    /// The space id.
    pub id: i64,
    /// The measure it was recognised under.
    pub measure: String,
    /// The operating organisation.
    pub org_id: i64,
    /// Its name.
    pub name: String,
    /// Its region (GB/T 2260).
    pub region: String,
    /// The region's full name (内蒙古自治区呼和浩特市新城区); `null` for a code the list of
    /// divisions (统计用区划代码 2023) lacks.
    pub region_name: Option<String>,
    /// The decision day.
    #[schema(value_type = String, format = Date)]
    pub recognised_on: jiff::civil::Date,
    /// The last valid day, where the measure sets a validity.
    #[schema(value_type = Option<String>, format = Date)]
    pub valid_until: Option<jiff::civil::Date>,
    /// `active`, `revoked`, `expired` or `excluded`.
    pub status: String,
    /// The status in Chinese.
    pub status_label: String,
    /// The decision's document number.
    pub document_number: Option<String>,
}

impl RegisterEntry {
    /// A space's entry, its region named from the list of divisions.
    pub fn of(s: &SpaceRecord, regions: &policy::law::RegionNames) -> Self {
        let (status, label) = (
            casework::status_str(s.status),
            casework::status_label(s.status),
        );
        Self {
            id: s.id,
            measure: s.measure.clone(),
            org_id: s.org_id,
            name: s.name.clone(),
            region: s.region.clone(),
            region_name: regions.named(&s.region),
            recognised_on: s.recognised_on,
            valid_until: s.valid_until,
            status: status.into(),
            status_label: label.into(),
            document_number: s.document_number.clone(),
        }
    }
}

/// Paging from `page` (from 1) and `per_page` (default 20, 1 to 100): (page, per_page,
/// offset). Out of range is a 422 naming the parameter (the documented bounds), never a
/// silent clamp.
pub fn paging(page: Option<i64>, per_page: Option<i64>) -> Result<(u64, u64, usize), AppError> {
    let mut errors = Vec::new();
    let page = page.unwrap_or(1);
    if page < 1 {
        errors.push(FieldError {
            field: "page".into(),
            message: format!("页码从 1 起，实际为 {page}"),
        });
    }
    let per_page = per_page.unwrap_or(20);
    if !(1..=100).contains(&per_page) {
        errors.push(FieldError {
            field: "per_page".into(),
            message: format!("每页条数应在 1 至 100 之间，实际为 {per_page}"),
        });
    }
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }
    let (page, per_page) = (page.unsigned_abs(), per_page.unsigned_abs());
    let offset = usize::try_from((page - 1).saturating_mul(per_page)).unwrap_or(usize::MAX);
    Ok((page, per_page, offset))
}
