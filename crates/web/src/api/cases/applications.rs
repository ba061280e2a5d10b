//! Applications: `POST /api/v1/applications` (an applicant's draft), `GET /api/v1/applications`
//! (a page of the cases the account may see), `GET /api/v1/applications/{id}` (with its
//! eligibility report and history), `PATCH /api/v1/applications/{id}` (a draft's profile, call
//! or routing facts, at a version).

use std::collections::BTreeMap;

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use casework::{AuthorityScope, DraftChanges, ExpertQueue, NewDraft, Page, QueueFilter, QueueSort};
use serde::{Deserialize, Serialize};
use store::AccountRole;
use utoipa::{IntoParams, ToSchema};

use super::access::readable;
use super::views::{CaseLine, CasePage, CaseView, paging};
use super::{expected_version, from_casework, measure_filter, service};
use crate::api::zh::{Members, Zh};
use crate::auth::{Applicant, CurrentUser, Require};
use crate::engine;
use crate::error::{ApiJson, AppError, ErrorBody, FieldError};
use crate::state::AppState;

/// A new draft.
#[derive(Debug, Deserialize, ToSchema)]
#[schema(description = "新的申报草稿。")]
#[serde(deny_unknown_fields)]
pub struct CreateApplication {
    /// The measure applied under.
    pub measure: String,
    /// The application profile (profile JSON format, checked against the fact dictionary).
    #[schema(value_type = Object)]
    pub profile: serde_json::Value,
    /// The call answered, where there is one.
    #[serde(default)]
    pub call: Option<String>,
    /// Facts that route the case (`premises.in_college`…).
    #[serde(default)]
    #[schema(value_type = Object)]
    pub routing_facts: BTreeMap<String, serde_json::Value>,
}

impl Zh for CreateApplication {
    const MEMBERS: Members = &[
        ("measure", "申报所依据的办法。"),
        ("profile", "申报档案（档案的 JSON 格式，按事实字典检查）。"),
        ("call", "所响应的申报通知（如有）。"),
        (
            "routing_facts",
            "决定推荐路径的事实（`premises.in_college`……）。",
        ),
    ];
}

/// Changes to a draft (or a returned case); absent fields are kept.
#[derive(Debug, Deserialize, ToSchema)]
#[schema(description = "对草稿（或已退回的案件）的修改；未给出的字段保持不变。")]
#[serde(deny_unknown_fields)]
pub struct UpdateApplication {
    /// The version read (unless `If-Match` gives it).
    #[serde(default)]
    pub version: Option<i64>,
    /// A new profile.
    #[serde(default)]
    #[schema(value_type = Option<Object>)]
    pub profile: Option<serde_json::Value>,
    /// A new call; `null` clears it.
    #[serde(default, deserialize_with = "super::present")]
    #[schema(value_type = Option<String>)]
    pub call: Option<Option<String>>,
    /// New routing facts.
    #[serde(default)]
    #[schema(value_type = Option<Object>)]
    pub routing_facts: Option<BTreeMap<String, serde_json::Value>>,
}

impl Zh for UpdateApplication {
    const MEMBERS: Members = &[
        ("version", "所依据的版本号（未以 `If-Match` 头给出时）。"),
        ("profile", "新的档案。"),
        ("call", "新的申报通知；`null` 表示清除。"),
        ("routing_facts", "新的推荐路径事实。"),
    ];
}

/// A case with its eligibility report (from the stored profile) and its history.
#[derive(Debug, Serialize, ToSchema)]
#[schema(description = "案件及其资格核查结果（按所保存的档案）与办理记录。")]
pub struct ApplicationDetail {
    /// The case.
    pub application: CaseView,
    /// The eligibility report of the stored profile under the case's measure
    /// (`makerspace.eligibility/1`); `null` when the profile cannot be read.
    #[schema(value_type = Option<Object>)]
    pub eligibility: Option<serde_json::Value>,
    /// The audit trail of the case, oldest first.
    #[schema(value_type = Vec<Object>)]
    pub history: Vec<serde_json::Value>,
}

impl Zh for ApplicationDetail {
    const MEMBERS: Members = &[
        ("application", "案件。"),
        (
            "eligibility",
            "按案件所依据的办法核查所保存档案的结果（`makerspace.eligibility/1`）；档案无法读取时为 `null`。",
        ),
        ("history", "案件的审计记录，按时间先后。"),
    ];
}

/// Which cases, which page, in what order.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ListQuery {
    /// Only this state kind: `draft`, `returned`, `at_stage`, `rejected`, `withdrawn`,
    /// `recognised`, `not_recognised`.
    pub state: Option<String>,
    /// Only cases at this stage id (one of the measure's procedure stages).
    pub stage: Option<String>,
    /// Only this measure.
    pub measure: Option<String>,
    /// The page, from 1.
    #[param(minimum = 1)]
    pub page: Option<i64>,
    /// Lines per page (default 20, at most 100).
    #[param(minimum = 1, maximum = 100)]
    pub per_page: Option<i64>,
    /// `updated_at` (default), `id`, `submitted_on`, `stage_since` (longest waiting first); `-` before for descending.
    #[param(pattern = "^-?(updated_at|id|submitted_on|stage_since)$")]
    pub sort: Option<String>,
}

impl Zh for ListQuery {
    const MEMBERS: Members = &[
        (
            "state",
            "仅限该状态类别：`draft`、`returned`、`at_stage`、`rejected`、`withdrawn`、`recognised`、`not_recognised`。",
        ),
        ("stage", "仅限处于该环节的案件（办法程序中的环节编号）。"),
        ("measure", "仅限该办法。"),
        ("page", "页码，从 1 起。"),
        ("per_page", "每页条数（默认 20，最多 100）。"),
        (
            "sort",
            "排序：`updated_at`（默认）、`id`、`submitted_on`、`stage_since`（在当前环节等待最久的在前）；前加 `-` 为倒序。",
        ),
    ];
}

fn with_etag(status: StatusCode, body: impl Serialize, version: i64) -> Response {
    let mut res = (status, Json(body)).into_response();
    if let Ok(v) = HeaderValue::from_str(&format!("\"{version}\"")) {
        res.headers_mut().insert(header::ETAG, v);
    }
    res
}

fn profile_errors(e: AppError) -> AppError {
    match e {
        AppError::Invalid(errs) => AppError::Invalid(
            errs.into_iter()
                .map(|e| FieldError {
                    field: format!("profile.{}", e.field),
                    message: e.message,
                })
                .collect(),
        ),
        other => other,
    }
}

/// Creates a draft for the applicant's organisation.
#[utoipa::path(post, path = "/api/v1/applications", tag = "cases",
    summary = "为申报账号所属的单位新建申报草稿。",
    security(("session" = []), ("bearer" = [])),
    request_body(content = CreateApplication, content_type = "application/json"),
    responses(
        (status = 201, description = "草稿已创建", body = CaseView),
        (status = 400, description = "JSON 格式错误", body = ErrorBody),
        (status = 401, description = "未登录", body = ErrorBody),
        (status = 403, description = "非申报单位，或账号未关联单位", body = ErrorBody),
        (status = 413, description = "请求体过大", body = ErrorBody),
        (status = 415, description = "不是 application/json", body = ErrorBody),
        (status = 422, description = "输入有误（逐项列出）", body = ErrorBody),
    ))]
pub async fn create(
    State(state): State<AppState>,
    user: Require<Applicant>,
    ApiJson(body): ApiJson<CreateApplication>,
) -> Result<Response, AppError> {
    let cw = service(&state)?;
    let org = user.account.organisation_id;
    user.authorize("application create (own organisation)", org.is_some())?;
    engine::profile(&state.library, &body.profile).map_err(profile_errors)?;
    let rec = cw
        .create_draft(
            user.account.id,
            NewDraft {
                org: org.unwrap_or_default(),
                measure: body.measure,
                profile: body.profile,
                call: body.call,
                routing_facts: body.routing_facts,
            },
        )
        .await
        .map_err(from_casework)?;
    let version = rec.version;
    Ok(with_etag(
        StatusCode::CREATED,
        CaseView::of(&rec, user.role()),
        version,
    ))
}

/// One case with its eligibility report and history (404 when the account may not see it).
#[utoipa::path(get, path = "/api/v1/applications/{id}", tag = "cases",
    summary = "一件案件及其资格核查结果与办理记录（账号无权查看时为 404）。",
    security(("session" = []), ("bearer" = [])),
    params(("id" = i64, Path, description = "案件编号")),
    responses(
        (status = 200, description = "案件、资格核查结果与办理记录；ETag 为版本号", body = ApplicationDetail),
        (status = 401, description = "未登录", body = ErrorBody),
        (status = 404, description = "没有该案件（或无权知悉）", body = ErrorBody),
    ))]
pub async fn show(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let cw = service(&state)?;
    let rec = readable(&cw, &user, id).await?;
    let eligibility = state.library.get(&rec.case.measure).and_then(|m| {
        let p = engine::profile(&state.library, &rec.profile).ok()?;
        serde_json::to_value(rules::eligibility::check(&state.library, m, &p)).ok()
    });
    let history = cw
        .history(id)
        .await
        .map_err(from_casework)?
        .into_iter()
        .map(|e| serde_json::to_value(e).unwrap_or_default())
        .collect();
    let version = rec.version;
    Ok(with_etag(
        StatusCode::OK,
        ApplicationDetail {
            application: CaseView::of(&rec, user.role()),
            eligibility,
            history,
        },
        version,
    ))
}

/// Changes a draft or a returned case (its applicant) at the version read.
#[utoipa::path(patch, path = "/api/v1/applications/{id}", tag = "cases",
    summary = "按所依据的版本号修改草稿或已退回的案件（由其申报单位）。",
    security(("session" = []), ("bearer" = [])),
    params(
        ("id" = i64, Path, description = "案件编号"),
        ("If-Match" = Option<String>, Header, description = "所依据的版本号（\"3\"）；或在请求体中给出 version"),
    ),
    request_body(content = UpdateApplication, content_type = "application/json"),
    responses(
        (status = 200, description = "已修改", body = CaseView),
        (status = 400, description = "JSON 或 If-Match 格式错误", body = ErrorBody),
        (status = 401, description = "未登录", body = ErrorBody),
        (status = 403, description = "无权修改", body = ErrorBody),
        (status = 404, description = "没有该案件（或无权知悉）", body = ErrorBody),
        (status = 409, description = "版本已过时（current_version 为当前版本）", body = ErrorBody),
        (status = 413, description = "请求体过大", body = ErrorBody),
        (status = 415, description = "不是 application/json", body = ErrorBody),
        (status = 422, description = "输入有误，或案件已不可修改", body = ErrorBody),
    ))]
pub async fn update(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    headers: HeaderMap,
    ApiJson(body): ApiJson<UpdateApplication>,
) -> Result<Response, AppError> {
    let cw = service(&state)?;
    readable(&cw, &user, id).await?;
    let version = expected_version(&headers, body.version)?;
    if let Some(p) = &body.profile {
        engine::profile(&state.library, p).map_err(profile_errors)?;
    }
    let rec = cw
        .update_draft(
            id,
            version,
            user.account.id,
            DraftChanges {
                profile: body.profile,
                call: body.call,
                routing_facts: body.routing_facts,
            },
        )
        .await
        .map_err(from_casework)?;
    let v = rec.version;
    Ok(with_etag(
        StatusCode::OK,
        CaseView::of(&rec, user.role()),
        v,
    ))
}

/// The cases the account may see, paged: an applicant its organisation's, a recommending unit
/// its area's, an expert those assigned to it, the authority all submitted ones.
#[utoipa::path(get, path = "/api/v1/applications", tag = "cases",
    summary = "账号可见的案件，分页：申报单位为本单位的（含草稿）；推荐单位为其区域内已提交的；评审专家为指派给本人的已提交案件（本单位的、当日与之存在利益冲突关系的单位的除外）；认定/备案机构为其管辖的已提交案件（其辖区的办法之下，或申报单位在其辖区内；无辖区的全系统账号为全部已提交的）。",
    security(("session" = []), ("bearer" = [])),
    params(ListQuery),
    responses(
        (status = 200, description = "案件列表（分页）", body = CasePage),
        (status = 400, description = "查询参数有误", body = ErrorBody),
        (status = 401, description = "未登录", body = ErrorBody),
        (status = 403, description = "系统管理员不办理案件", body = ErrorBody),
        (status = 422, description = "排序或筛选（办法、状态、环节）有误", body = ErrorBody),
    ))]
pub async fn list(
    State(state): State<AppState>,
    user: CurrentUser,
    Query(q): Query<ListQuery>,
) -> Result<Json<CasePage>, AppError> {
    let cw = service(&state)?;
    user.authorize("applications list", user.role() != AccountRole::Admin)?;
    let (page, per_page, offset) = paging(q.page, q.per_page)?;
    let (key, desc) = match q.sort.as_deref().unwrap_or("updated_at") {
        s if s.starts_with('-') => (&s[1..], true),
        s => (s, false),
    };
    if !matches!(key, "updated_at" | "id" | "submitted_on" | "stage_since") {
        return Err(AppError::invalid(
            "sort",
            format!(
                "不能按「{key}」排序；可选：updated_at、id、submitted_on、stage_since（前加 - 为倒序）"
            ),
        ));
    }
    let measure = measure_filter(&state, q.measure.clone())?;
    // A state or stage no case can be at is a mistake to say, not an empty list.
    if let Some(s) = q.state.as_deref()
        && !casework::STATE_KINDS.contains(&s)
    {
        return Err(AppError::invalid(
            "state",
            format!(
                "「{s}」不是案件状态；可选：{}",
                casework::STATE_KINDS.join("、")
            ),
        ));
    }
    if let Some(st) = q.stage.as_deref() {
        let stages: Vec<&str> = state
            .library
            .measures()
            .iter()
            .filter(|m| measure.as_deref().is_none_or(|id| m.id() == id))
            .flat_map(|m| m.measure.procedure.stage.iter().map(|x| x.id.as_str()))
            .collect();
        if !stages.contains(&st) {
            let mut known = stages;
            known.sort_unstable();
            known.dedup();
            return Err(AppError::invalid(
                "stage",
                format!("没有编号为「{st}」的办理环节；可选：{}", known.join("、")),
            ));
        }
    }
    let a = &user.account;
    let mut filter = QueueFilter {
        measure,
        state: q.state.clone(),
        stage: q.stage.clone(),
        // Drafts are their applicant's own.
        submitted_only: a.role != AccountRole::Applicant,
        sort: match key {
            "id" => QueueSort::Id,
            "submitted_on" => QueueSort::SubmittedOn,
            "stage_since" => QueueSort::StageSince,
            _ => QueueSort::UpdatedAt,
        },
        descending: desc,
        ..Default::default()
    };
    let mut nothing = false;
    match a.role {
        AccountRole::Applicant => match a.organisation_id {
            Some(o) => filter.org = Some(o),
            None => nothing = true,
        },
        AccountRole::RecommendingUnit => match &a.region_code {
            Some(r) => filter.region = Some(r.clone()),
            None => nothing = true,
        },
        AccountRole::Admin => nothing = true,
        AccountRole::Expert => filter.expert = ExpertQueue::of(a, super::today(&cw)),
        AccountRole::Authority => filter.authority = AuthorityScope::of(&cw.library, a),
    }
    let (items, total) = if nothing {
        (Vec::new(), 0)
    } else {
        // Filtered, ordered, counted and paged in the database.
        let page = cw
            .queue(
                &filter,
                Page {
                    offset: offset as u64,
                    limit: per_page,
                },
            )
            .await
            .map_err(from_casework)?;
        (
            page.items
                .into_iter()
                .map(|s| CaseLine::of(s, &state.library.regions))
                .collect(),
            page.total,
        )
    };
    Ok(Json(CasePage {
        items,
        total,
        page,
        per_page,
    }))
}
