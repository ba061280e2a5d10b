//! The register and the life of a recognised space: `GET /api/v1/register` and
//! `GET /api/v1/register/{space_id}` (public), filings by the space's operator
//! (`/statistics`, `/annual-reports`, `/changes`), appraisals by the authority, and
//! `GET /api/v1/appraisals` (public results).

use std::collections::BTreeMap;

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use casework::{AppraisalResultFilter, Page, RegisterFilter, RegisterListing, RegisterSort};
use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::views::{RegisterEntry, paging};
use super::{from_casework, measure_filter, service, today};
use crate::api::zh::{Members, Zh};
use crate::auth::{Authority, CurrentUser, Require};
use crate::error::{ApiJson, AppError, ErrorBody, FieldError};
use crate::state::AppState;

/// Which spaces, which page, in what order.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct RegisterQuery {
    /// Only this measure.
    pub measure: Option<String>,
    /// Only this status: `active`, `revoked`, `expired`, `excluded`.
    #[param(pattern = "^(active|revoked|expired|excluded)$")]
    pub status: Option<String>,
    /// Only names containing this text.
    pub q: Option<String>,
    /// Only within this division (GB/T 2260).
    pub region: Option<String>,
    /// The page, from 1.
    #[param(minimum = 1)]
    pub page: Option<i64>,
    /// Entries per page (default 20, at most 100).
    #[param(minimum = 1, maximum = 100)]
    pub per_page: Option<i64>,
    /// `id` (default), `name`, `recognised_on`; `-` before for descending.
    #[param(pattern = "^-?(id|name|recognised_on)$")]
    pub sort: Option<String>,
}

impl Zh for RegisterQuery {
    const MEMBERS: Members = &[
        ("measure", "仅限该办法。"),
        (
            "status",
            "仅限该状态：`active`、`revoked`、`expired`、`excluded`。",
        ),
        ("q", "仅限名称包含这段文字的。"),
        ("region", "仅限该行政区划之内（GB/T 2260）。"),
        ("page", "页码，从 1 起。"),
        ("per_page", "每页条数（默认 20，最多 100）。"),
        (
            "sort",
            "排序：`id`（默认）、`name`、`recognised_on`；前加 `-` 为倒序。",
        ),
    ];
}

/// A page of the register.
#[derive(Debug, Serialize, ToSchema)]
#[schema(description = "名录的一页。")]
pub struct RegisterPage {
    /// The entries.
    pub items: Vec<RegisterEntry>,
    /// How many match in all.
    pub total: u64,
    /// The page (from 1).
    pub page: u64,
    /// Entries per page.
    pub per_page: u64,
}

impl Zh for RegisterPage {
    const MEMBERS: Members = &[
        ("items", "本页的条目。"),
        ("total", "符合条件的总数。"),
        ("page", "页码（从 1 起）。"),
        ("per_page", "每页条数。"),
    ];
}

/// One appraisal result, as published.
#[derive(Debug, Serialize, ToSchema)]
#[schema(description = "一项考核结果（公开的内容）。")]
pub struct AppraisalResultEntry {
    /// The space.
    pub space_id: i64,
    /// Its name.
    pub name: String,
    /// The measure.
    pub measure: String,
    /// When appraised.
    #[schema(value_type = String, format = Date)]
    pub on: Date,
    /// The grade id of the measure.
    pub grade: String,
    /// The grade's word.
    pub grade_label: String,
}

impl Zh for AppraisalResultEntry {
    const MEMBERS: Members = &[
        ("space_id", "名录编号。"),
        ("name", "众创空间名称。"),
        ("measure", "办法编号。"),
        ("on", "考核日期。"),
        ("grade", "等级编号（办法所定）。"),
        ("grade_label", "等级的名称。"),
    ];
}

/// A space's public record: the entry and its appraisal results.
#[derive(Debug, Serialize, ToSchema)]
#[schema(description = "众创空间的公开信息：名录条目及其考核结果。")]
pub struct SpacePublic {
    /// The register entry.
    pub entry: RegisterEntry,
    /// Its appraisal results, oldest first.
    pub appraisals: Vec<AppraisalResultEntry>,
}

impl Zh for SpacePublic {
    const MEMBERS: Members = &[
        ("entry", "名录条目。"),
        ("appraisals", "考核结果，按时间先后。"),
    ];
}

/// A statistics filing.
#[derive(Debug, Deserialize, ToSchema)]
#[schema(description = "统计数据上报。")]
#[serde(deny_unknown_fields)]
pub struct StatisticsBody {
    /// The period (`2024`, `2024H1`, `2024Q3`, `2024-05`).
    pub period: String,
    /// Values by field id of the form (`policies/forms/statistics.toml`): numbers, or numbers
    /// as text.
    #[schema(value_type = HashMap<String, crate::api::schemas::FilingValueDoc>)]
    pub values: serde_json::Map<String, serde_json::Value>,
}

impl Zh for StatisticsBody {
    const MEMBERS: Members = &[
        (
            "period",
            "统计期：`2024`（全年）、`2024H1`（半年）、`2024Q3`（季度）或 `2024-05`（月）。",
        ),
        (
            "values",
            "按报送表（`policies/forms/statistics.toml`）的字段编号给出的数值：数值，或写成文本的数值。",
        ),
    ];
}

/// An annual report with next year's plan.
#[derive(Debug, Deserialize, ToSchema)]
#[schema(description = "年度工作报告及下一年度工作计划。")]
#[serde(deny_unknown_fields)]
pub struct AnnualReportBody {
    /// The year reported.
    #[schema(minimum = -32768, maximum = 32767)]
    pub year: i16,
    /// The report.
    #[schema(value_type = Object)]
    pub report: serde_json::Value,
}

impl Zh for AnnualReportBody {
    const MEMBERS: Members = &[("year", "报告的年度。"), ("report", "报告的内容。")];
}

/// A material change reported.
#[derive(Debug, Deserialize, ToSchema)]
#[schema(description = "报告的重大事项变更。")]
#[serde(deny_unknown_fields)]
pub struct ChangeBody {
    /// What changed.
    #[schema(min_length = 1)]
    pub what: String,
    /// When it happened.
    #[schema(value_type = String, format = Date)]
    pub occurred_on: Date,
    /// The facts as they stand after the change, by name, valued as the profile writes them:
    /// `{"premises.total_area_m2": 600}`. Each is kept beside the value on record, and the
    /// measure's conditions are checked again on them for the authority's review.
    #[serde(default)]
    #[schema(value_type = Object)]
    pub facts: BTreeMap<String, serde_json::Value>,
}

impl Zh for ChangeBody {
    const MEMBERS: Members = &[
        ("what", "变更的内容。"),
        ("occurred_on", "发生日期。"),
        ("facts", CHANGED_FACTS),
    ];
}

/// The words of a change's `facts` member, for the report and the noted change alike.
pub(super) const CHANGED_FACTS: &str = r#"变化后的情况（选填），按事实名称，取值写法与档案相同：`{"premises.total_area_m2": 600}`。每项与登记在案的数值并列保存，审核时按变化后的情况重新核对办法的条件（档案 `changes[].recheck`）。"#;

/// An appraisal to record.
#[derive(Debug, Deserialize, ToSchema)]
#[schema(description = "要记录的绩效考核。")]
#[serde(deny_unknown_fields)]
pub struct AppraisalBody {
    /// The appraisal input (index values), or `{"grade": …}` for recorded-grade measures.
    #[schema(value_type = Object)]
    pub input: serde_json::Value,
}

impl Zh for AppraisalBody {
    const MEMBERS: Members = &[(
        "input",
        r#"考核输入（各指标的值）；登记等级的办法为 `{"grade": …}`。"#,
    )];
}

/// A filing accepted.
#[derive(Debug, Serialize, ToSchema)]
#[schema(description = "已受理的报送。")]
pub struct FilingAccepted {
    /// The filing id.
    pub id: i64,
    /// Jumps from the previous filing, flagged for review (not errors).
    #[schema(value_type = Vec<Object>)]
    pub flags: Vec<serde_json::Value>,
    /// The earlier filing of the same period this one corrects (statistics of one period, the
    /// annual report of one year); it counts in that one's place.
    pub corrects: Option<i64>,
}

impl FilingAccepted {
    /// The answer for a receipt of the case service.
    pub fn of(r: &casework::FilingReceipt) -> Self {
        Self {
            id: r.id,
            flags: r
                .flags
                .iter()
                .map(|f| serde_json::to_value(f).unwrap_or_default())
                .collect(),
            corrects: r.corrects,
        }
    }

    /// A filing that corrects nothing and has no jumps to check.
    pub fn plain(id: i64) -> Self {
        Self {
            id,
            flags: Vec::new(),
            corrects: None,
        }
    }
}

impl Zh for FilingAccepted {
    const MEMBERS: Members = &[
        ("id", "报送编号。"),
        ("flags", "与上次报送相比的跳变，标出待核实（不是错误）。"),
        (
            "corrects",
            "本次报送更正的同期原报送编号（同一统计期的统计数据、同一年度的年度报告）；更正后以本次为准。",
        ),
    ];
}

/// Which appraisal results, which page.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct AppraisalsQuery {
    /// Only this measure.
    pub measure: Option<String>,
    /// Only appraisals made in this year.
    #[param(minimum = 1, maximum = 9999)]
    pub year: Option<i64>,
    /// The page, from 1.
    #[param(minimum = 1)]
    pub page: Option<i64>,
    /// Results per page (default 20, at most 100).
    #[param(minimum = 1, maximum = 100)]
    pub per_page: Option<i64>,
}

impl Zh for AppraisalsQuery {
    const MEMBERS: Members = &[
        ("measure", "仅限该办法。"),
        ("year", "仅限该年度作出的考核。"),
        ("page", "页码，从 1 起。"),
        ("per_page", "每页条数（默认 20，最多 100）。"),
    ];
}

/// A page of appraisal results, newest first.
#[derive(Debug, Serialize, ToSchema)]
#[schema(description = "考核结果的一页，新者在前。")]
pub struct AppraisalResultPage {
    /// The results.
    pub items: Vec<AppraisalResultEntry>,
    /// How many match in all.
    pub total: u64,
    /// The page (from 1).
    pub page: u64,
    /// Results per page.
    pub per_page: u64,
}

impl Zh for AppraisalResultPage {
    const MEMBERS: Members = &[
        ("items", "本页的考核结果。"),
        ("total", "符合条件的总数。"),
        ("page", "页码（从 1 起）。"),
        ("per_page", "每页条数。"),
    ];
}

fn status_of(s: &str) -> Result<workflow::lifecycle::SpaceStatus, AppError> {
    use workflow::lifecycle::SpaceStatus as S;
    Ok(match s {
        "active" => S::Active,
        "revoked" => S::Revoked,
        "expired" => S::Expired,
        "excluded" => S::Excluded,
        other => {
            return Err(AppError::invalid(
                "status",
                format!("「{other}」不是名录状态；可选：active、revoked、expired、excluded"),
            ));
        }
    })
}

pub(super) fn results(state: &AppState, s: &casework::SpaceRecord) -> Vec<AppraisalResultEntry> {
    s.space
        .appraisals
        .iter()
        .map(|a| AppraisalResultEntry {
            space_id: s.id,
            name: s.name.clone(),
            measure: s.measure.clone(),
            on: a.on,
            grade: a.grade.clone(),
            grade_label: crate::pages::work::grade_label(state, &s.measure, &a.grade),
        })
        .collect()
}

/// The public register, filtered, sorted and paged.
#[utoipa::path(get, path = "/api/v1/register", tag = "register",
    summary = "公开的众创空间名录，可筛选、排序，分页。",
    params(RegisterQuery),
    responses(
        (status = 200, description = "众创空间名录", body = RegisterPage),
        (status = 400, description = "查询参数有误", body = ErrorBody),
        (status = 422, description = "办法、状态、区划或排序有误", body = ErrorBody),
        (status = 503, description = "未连接数据库", body = ErrorBody),
    ))]
pub async fn list(
    State(state): State<AppState>,
    Query(q): Query<RegisterQuery>,
) -> Result<Json<RegisterPage>, AppError> {
    let cw = service(&state)?;
    let (page, per_page, offset) = paging(q.page, q.per_page)?;
    let (key, desc) = match q.sort.as_deref().unwrap_or("id") {
        s if s.starts_with('-') => (&s[1..], true),
        s => (s, false),
    };
    if !matches!(key, "id" | "name" | "recognised_on") {
        return Err(AppError::invalid(
            "sort",
            format!("不能按「{key}」排序；可选：id、name、recognised_on（前加 - 为倒序）"),
        ));
    }
    if let Some(r) = &q.region {
        policy::model::RegionCode::parse(r).map_err(|m| AppError::invalid("region", m))?;
    }
    let filter = RegisterFilter {
        measure: measure_filter(&state, q.measure.clone())?,
        region: q.region.clone(),
        status: q.status.as_deref().map(status_of).transpose()?,
        org: None,
    };
    // Searched, ordered and paged in the database: a request reads one page, not the register.
    let listing = RegisterListing {
        name_contains: q.q.as_deref().map(str::trim).map(str::to_string),
        sort: match key {
            "name" => RegisterSort::Name,
            "recognised_on" => RegisterSort::RecognisedOn,
            _ => RegisterSort::Id,
        },
        descending: desc,
    };
    let found = state
        .register_listing(
            &cw,
            filter,
            listing,
            Page {
                offset: offset as u64,
                limit: per_page,
            },
        )
        .await
        .map_err(from_casework)?;
    Ok(Json(RegisterPage {
        items: found
            .items
            .iter()
            .map(|s| RegisterEntry::of(s, &state.library.regions))
            .collect(),
        total: found.total,
        page,
        per_page,
    }))
}

/// A space's public record.
#[utoipa::path(get, path = "/api/v1/register/{space_id}", tag = "register",
    summary = "一个众创空间的公开信息。",
    params(("space_id" = i64, Path, description = "名录编号")),
    responses(
        (status = 200, description = "名录条目与考核结果", body = SpacePublic),
        (status = 400, description = "编号有误", body = ErrorBody),
        (status = 404, description = "没有该众创空间", body = ErrorBody),
        (status = 503, description = "未连接数据库", body = ErrorBody),
    ))]
pub async fn show(
    State(state): State<AppState>,
    Path(space_id): Path<i64>,
) -> Result<Json<SpacePublic>, AppError> {
    let cw = service(&state)?;
    let s = cw.space(space_id).await.map_err(from_casework)?;
    Ok(Json(SpacePublic {
        entry: RegisterEntry::of(&s, &state.library.regions),
        appraisals: results(&state, &s),
    }))
}

fn decimals(
    values: serde_json::Map<String, serde_json::Value>,
) -> Result<workflow::filings::Filing, AppError> {
    let mut out = workflow::filings::Filing::new();
    let mut errors = Vec::new();
    for (k, v) in values {
        let text = match &v {
            serde_json::Value::Number(n) => n.to_string(),
            serde_json::Value::String(s) => s.trim().to_string(),
            other => {
                errors.push(FieldError {
                    field: format!("values.{k}"),
                    message: format!("类型错误：应为数值，实际为 {other}"),
                });
                continue;
            }
        };
        match text.parse::<rust_decimal::Decimal>() {
            Ok(d) => {
                out.insert(k, d);
            }
            Err(_) => errors.push(FieldError {
                field: format!("values.{k}"),
                message: format!("「{text}」不是数值"),
            }),
        }
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(AppError::Invalid(errors))
    }
}

/// Files statistics for a period (the space's operator or the authority); field errors → 422.
#[utoipa::path(post, path = "/api/v1/register/{space_id}/statistics", tag = "register",
    summary = "报送一个统计期的统计数据（该众创空间的运营单位或认定机构）；字段有误 → 422。",
    security(("session" = []), ("bearer" = [])),
    params(("space_id" = i64, Path, description = "名录编号")),
    request_body(content = StatisticsBody, content_type = "application/json"),
    responses(
        (status = 201, description = "已受理（跳变待核实）", body = FilingAccepted),
        (status = 400, description = "JSON 格式错误", body = ErrorBody),
        (status = 401, description = "未登录", body = ErrorBody),
        (status = 403, description = "既非该众创空间的运营单位，也非管辖它的认定/备案机构", body = ErrorBody),
        (status = 404, description = "没有该众创空间", body = ErrorBody),
        (status = 422, description = "数据有误（逐项列出）、办法未规定报送统计数据（filing_not_asked），或不在有效名录中", body = ErrorBody),
    ))]
pub async fn statistics(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(space_id): Path<i64>,
    ApiJson(body): ApiJson<StatisticsBody>,
) -> Result<(StatusCode, Json<FilingAccepted>), AppError> {
    let cw = service(&state)?;
    let values = decimals(body.values)?;
    let r = cw
        .file_statistics(space_id, user.account.id, &body.period, &values, today(&cw))
        .await
        .map_err(from_casework)?;
    Ok((StatusCode::CREATED, Json(FilingAccepted::of(&r))))
}

/// Files the annual report and next year's plan (the space's operator).
#[utoipa::path(post, path = "/api/v1/register/{space_id}/annual-reports", tag = "register",
    summary = "报送年度工作报告及下一年度工作计划（该众创空间的运营单位或认定机构）。",
    security(("session" = []), ("bearer" = [])),
    params(("space_id" = i64, Path, description = "名录编号")),
    request_body(content = AnnualReportBody, content_type = "application/json"),
    responses(
        (status = 201, description = "已受理", body = FilingAccepted),
        (status = 400, description = "JSON 格式错误", body = ErrorBody),
        (status = 401, description = "未登录", body = ErrorBody),
        (status = 403, description = "既非该众创空间的运营单位，也非管辖它的认定/备案机构", body = ErrorBody),
        (status = 404, description = "没有该众创空间", body = ErrorBody),
        (status = 422, description = "输入有误、办法未规定该项报送（filing_not_asked），或不在有效名录中", body = ErrorBody),
    ))]
pub async fn annual_report(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(space_id): Path<i64>,
    ApiJson(body): ApiJson<AnnualReportBody>,
) -> Result<(StatusCode, Json<FilingAccepted>), AppError> {
    let cw = service(&state)?;
    let r = cw
        .file_annual_report(
            space_id,
            user.account.id,
            body.year,
            &body.report,
            today(&cw),
        )
        .await
        .map_err(from_casework)?;
    Ok((StatusCode::CREATED, Json(FilingAccepted::of(&r))))
}

/// Reports a material change (the space's operator).
#[utoipa::path(post, path = "/api/v1/register/{space_id}/changes", tag = "register",
    summary = "报告重大事项变更（该众创空间的运营单位或认定机构）。",
    security(("session" = []), ("bearer" = [])),
    params(("space_id" = i64, Path, description = "名录编号")),
    request_body(content = ChangeBody, content_type = "application/json"),
    responses(
        (status = 201, description = "已受理", body = FilingAccepted),
        (status = 400, description = "JSON 格式错误", body = ErrorBody),
        (status = 401, description = "未登录", body = ErrorBody),
        (status = 403, description = "既非该众创空间的运营单位，也非管辖它的认定/备案机构", body = ErrorBody),
        (status = 404, description = "没有该众创空间", body = ErrorBody),
        (status = 422, description = "输入有误、办法未规定该项报送（filing_not_asked），或不在有效名录中", body = ErrorBody),
    ))]
pub async fn change(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(space_id): Path<i64>,
    ApiJson(body): ApiJson<ChangeBody>,
) -> Result<(StatusCode, Json<FilingAccepted>), AppError> {
    let cw = service(&state)?;
    if body.what.trim().is_empty() {
        return Err(AppError::invalid("what", "重大事项变更内容不能为空"));
    }
    let id = cw
        .report_change(
            space_id,
            user.account.id,
            body.what.trim(),
            &body.facts,
            body.occurred_on,
            today(&cw),
        )
        .await
        .map_err(from_casework)?;
    Ok((StatusCode::CREATED, Json(FilingAccepted::plain(id))))
}

/// Records an appraisal (the authority); its subsidies are granted with it.
#[utoipa::path(post, path = "/api/v1/register/{space_id}/appraisals", tag = "register",
    summary = "记录绩效考核（认定机构）；该等级的补助随之发放。",
    security(("session" = []), ("bearer" = [])),
    params(("space_id" = i64, Path, description = "名录编号")),
    request_body(content = AppraisalBody, content_type = "application/json"),
    responses(
        (status = 201, description = "已记录（等级、总分、补助、完整结果）", body = Object),
        (status = 400, description = "JSON 格式错误", body = ErrorBody),
        (status = 401, description = "未登录", body = ErrorBody),
        (status = 403, description = "非认定机构", body = ErrorBody),
        (status = 404, description = "没有该众创空间", body = ErrorBody),
        (status = 422, description = "考核输入有误（逐项列出），或不在有效名录中", body = ErrorBody),
    ))]
pub async fn appraise(
    State(state): State<AppState>,
    user: Require<Authority>,
    Path(space_id): Path<i64>,
    ApiJson(body): ApiJson<AppraisalBody>,
) -> Result<(StatusCode, Json<serde_json::Value>), AppError> {
    let cw = service(&state)?;
    let out = cw
        .record_appraisal(space_id, user.account.id, today(&cw), &body.input)
        .await
        .map_err(from_casework)?;
    Ok((
        StatusCode::CREATED,
        Json(serde_json::to_value(out).map_err(|e| AppError::Unexpected(Box::new(e)))?),
    ))
}

/// Published appraisal results (no account needed), newest first, by measure and year, paged.
#[utoipa::path(get, path = "/api/v1/appraisals", tag = "register",
    summary = "公开的考核结果（无需账号），新者在前，可按办法与年度筛选，分页。",
    params(AppraisalsQuery),
    responses(
        (status = 200, description = "考核结果（分页，新者在前）", body = AppraisalResultPage),
        (status = 400, description = "查询参数有误", body = ErrorBody),
        (status = 422, description = "办法、年份或分页有误", body = ErrorBody),
        (status = 503, description = "未连接数据库", body = ErrorBody),
    ))]
pub async fn appraisals(
    State(state): State<AppState>,
    Query(q): Query<AppraisalsQuery>,
) -> Result<Json<AppraisalResultPage>, AppError> {
    let cw = service(&state)?;
    let (page, per_page, offset) = paging(q.page, q.per_page)?;
    let year = match q.year {
        None => None,
        Some(y) => Some(
            i16::try_from(y)
                .ok()
                .filter(|y| (1..=9999).contains(y))
                .ok_or_else(|| {
                    AppError::invalid("year", format!("年份应在 1 至 9999 之间，实际为 {y}"))
                })?,
        ),
    };
    let filter = AppraisalResultFilter {
        measure: measure_filter(&state, q.measure)?,
        year,
    };
    // Selected, counted and paged in the database: a request reads one page of results.
    let found = cw
        .appraisal_results(
            &filter,
            Page {
                offset: offset as u64,
                limit: per_page,
            },
        )
        .await
        .map_err(from_casework)?;
    Ok(Json(AppraisalResultPage {
        items: found
            .items
            .into_iter()
            .map(|a| AppraisalResultEntry {
                grade_label: crate::pages::work::grade_label(&state, &a.measure, &a.grade),
                space_id: a.space_id,
                name: a.name,
                measure: a.measure,
                on: a.on,
                grade: a.grade,
            })
            .collect(),
        total: found.total,
        page,
        per_page,
    }))
}
