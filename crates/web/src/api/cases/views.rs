//! What the case endpoints answer: cases, queue lines, pages, register entries. Nested domain
//! records (the workflow case, the profile, reports) are sent as the domain serialises them.

use std::collections::BTreeMap;

use casework::{CaseRecord, CaseSummary, SpaceRecord};
use serde::Serialize;
use store::AccountRole;
use utoipa::ToSchema;

use crate::api::zh::{Members, Zh};
use crate::error::{AppError, FieldError};

/// A case (application) as its reader may see it.
#[derive(Debug, Serialize, ToSchema)]
#[schema(description = "读者可见的案件（申报）。")]
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

impl Zh for CaseView {
    const MEMBERS: Members = &[
        ("id", "案件编号。"),
        (
            "version",
            "下一次修改时须给出的版本号（`If-Match` 头或 `version` 字段）。",
        ),
        ("measure", "申报所依据的办法。"),
        ("applicant_org_id", "申报单位的编号。"),
        (
            "state",
            "状态类别：`draft`（草稿）、`returned`（已退回修改）、`at_stage`（办理中）、`rejected`（未通过）、`withdrawn`（已撤回）、`recognised`（已认定）、`not_recognised`（不予认定）。",
        ),
        (
            "stage",
            "所在的办理环节（或在该环节被退回、未通过）；不在环节中时为 null。",
        ),
        ("state_label", "状态的中文表述。"),
        (
            "case",
            "工作流中的案件（推荐路径、材料、公示、异议、专家、决定）。异议人的联系方式只向认定机构提供。",
        ),
        ("profile", "申报档案（档案的 JSON 格式）。"),
        ("attachments", "附件编号，按材料编号分组。"),
        ("created_at", "创建时间（RFC 3339）。"),
        ("updated_at", "最后修改时间（RFC 3339）。"),
    ];
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
#[schema(description = "案件列表中的一行。")]
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

impl Zh for CaseLine {
    const MEMBERS: Members = &[
        ("id", "案件编号。"),
        ("measure", "办法编号。"),
        ("applicant_org_id", "申报单位的编号。"),
        (
            "applicant_region",
            "申报单位所在地区（行政区划代码，GB/T 2260）。",
        ),
        (
            "applicant_region_name",
            "该地区的全称；区划名录中没有该代码时为 `null`。",
        ),
        ("state", "状态类别（同 `CaseView.state`）。"),
        ("stage", "所在的办理环节（在某一环节时）。"),
        ("submitted_on", "提交日期。"),
        ("version", "版本号。"),
        ("updated_at", "最后修改时间（RFC 3339）。"),
    ];
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
#[schema(description = "案件列表的一页。")]
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

impl Zh for CasePage {
    const MEMBERS: Members = &[
        ("items", "本页的案件。"),
        ("total", "符合条件的总数。"),
        ("page", "页码（从 1 起）。"),
        ("per_page", "每页条数。"),
    ];
}

/// A space on the public register.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(description = "名录中的一个众创空间（公开的内容）。")]
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

impl Zh for RegisterEntry {
    const MEMBERS: Members = &[
        ("id", "名录编号。"),
        ("measure", "认定所依据的办法。"),
        ("org_id", "运营单位的编号。"),
        ("name", "名称。"),
        ("region", "所在地区（行政区划代码，GB/T 2260）。"),
        (
            "region_name",
            "该地区的全称（如 内蒙古自治区呼和浩特市新城区）；区划名录（统计用区划代码 2023）中没有该代码时为 `null`。",
        ),
        ("recognised_on", "认定决定的日期。"),
        ("valid_until", "有效期的最后一天（办法规定了有效期时）。"),
        (
            "status",
            "`active`（有效）、`revoked`（已取消资格）、`expired`（有效期届满）或 `excluded`（已移出管理范围）。",
        ),
        ("status_label", "状态的中文表述。"),
        ("document_number", "认定决定的文号。"),
    ];
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
