//! Public notices: `GET /api/v1/notices` (cases in their notice period, no account),
//! `POST /api/v1/applications/{id}/objections` (anyone, during the period, no account) and
//! `POST /api/v1/applications/{id}/objections/{n}/ruling` (the authority).

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use casework::{Page, QueueFilter};
use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use workflow::review::ObjectionTarget;

use super::access::{hidden, readable};
use super::views::CaseView;
use super::{expected_version, from_casework, measure_filter, service, today};
use crate::api::zh::{Members, Zh};
use crate::auth::{Authority, Require};
use crate::error::{ApiJson, AppError, ErrorBody};
use crate::state::AppState;

/// Which notices.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct NoticesQuery {
    /// Only this measure.
    pub measure: Option<String>,
}

impl Zh for NoticesQuery {
    const MEMBERS: Members = &[("measure", "仅限该办法。")];
}

/// A case in its public notice period (what is published, nothing more).
#[derive(Debug, Serialize, ToSchema)]
#[schema(description = "处于公示期的案件（只含公示的内容）。")]
pub struct NoticeEntry {
    /// The case id (to object to).
    pub case_id: i64,
    /// The measure.
    pub measure: String,
    /// The applicant's name.
    pub applicant: String,
    /// Its region (GB/T 2260).
    pub region: String,
    /// First day of the notice.
    #[schema(value_type = String, format = Date)]
    pub starts_on: Date,
    /// Last day (inclusive).
    #[schema(value_type = String, format = Date)]
    pub ends_on: Date,
    /// Objections received so far.
    pub objections: usize,
}

impl Zh for NoticeEntry {
    const MEMBERS: Members = &[
        ("case_id", "案件编号（提出异议时用）。"),
        ("measure", "办法编号。"),
        ("applicant", "申报单位名称。"),
        ("region", "所在地区（行政区划代码，GB/T 2260）。"),
        ("starts_on", "公示首日。"),
        ("ends_on", "公示末日（含当日）。"),
        ("objections", "已收到的异议数。"),
    ];
}

/// An objection.
#[derive(Debug, Deserialize, ToSchema)]
#[schema(description = "一项异议。")]
#[serde(deny_unknown_fields)]
pub struct ObjectionBody {
    /// What it disputes: `{"kind": "criterion", "condition": "…"}` or
    /// `{"kind": "evidence", "item": "…"}`.
    #[schema(value_type = crate::api::schemas::ObjectionTargetDoc)]
    pub target: ObjectionTarget,
    /// The objection.
    pub text: String,
    /// A contact (kept for the authority, never published).
    #[serde(default)]
    pub contact: Option<String>,
}

impl Zh for ObjectionBody {
    const MEMBERS: Members = &[
        (
            "target",
            r#"异议针对的对象：`{"kind": "criterion", "condition": "…"}` 或 `{"kind": "evidence", "item": "…"}`。"#,
        ),
        ("text", "异议内容。"),
        ("contact", "联系方式（只向认定机构提供，不公开）。"),
    ];
}

/// An objection received.
#[derive(Debug, Serialize, ToSchema)]
#[schema(description = "已受理的异议。")]
pub struct ObjectionReceived {
    /// The case.
    pub case_id: i64,
    /// The objection's number within the case.
    pub number: u32,
    /// When received.
    #[schema(value_type = String, format = Date)]
    pub received_on: Date,
}

impl Zh for ObjectionReceived {
    const MEMBERS: Members = &[
        ("case_id", "案件编号。"),
        ("number", "该异议在本案件中的序号。"),
        ("received_on", "受理日期。"),
    ];
}

/// A ruling.
#[derive(Debug, Deserialize, ToSchema)]
#[schema(description = "对异议的处理。")]
#[serde(deny_unknown_fields)]
pub struct RulingBody {
    /// Upheld (成立) or dismissed (不成立).
    pub upheld: bool,
    /// Why.
    pub reason: String,
    /// The version read (unless `If-Match` gives it).
    #[serde(default)]
    pub version: Option<i64>,
}

impl Zh for RulingBody {
    const MEMBERS: Members = &[
        ("upheld", "异议成立（true）或不成立（false）。"),
        ("reason", "理由。"),
        ("version", "所依据的版本号（未以 `If-Match` 头给出时）。"),
    ];
}

/// The cases in their public notice period today.
#[utoipa::path(get, path = "/api/v1/notices", tag = "cases",
    summary = "今天处于公示期的案件。",
    params(NoticesQuery),
    responses(
        (status = 200, description = "公示中的案件", body = Vec<NoticeEntry>),
        (status = 400, description = "查询参数有误", body = ErrorBody),
        (status = 422, description = "没有该编号的办法", body = ErrorBody),
        (status = 503, description = "未连接数据库", body = ErrorBody),
    ))]
pub async fn list(
    State(state): State<AppState>,
    Query(q): Query<NoticesQuery>,
) -> Result<Json<Vec<NoticeEntry>>, AppError> {
    let cw = service(&state)?;
    let on = today(&cw);
    // The cases in their notice today, selected in the database: no case record is read.
    let filter = QueueFilter {
        measure: measure_filter(&state, q.measure)?,
        notice_on: Some(on),
        ..Default::default()
    };
    let mut out = Vec::new();
    for s in cw
        .queue(&filter, Page::ALL)
        .await
        .map_err(from_casework)?
        .items
    {
        let Some(n) = s.notice else { continue };
        let name = store::organisation::get(cw.store.db(), s.applicant_org_id)
            .await?
            .name;
        out.push(NoticeEntry {
            case_id: s.id,
            measure: s.measure,
            applicant: name,
            region: s.applicant_region,
            starts_on: n.starts_on,
            ends_on: n.ends_on,
            objections: s.objections,
        });
    }
    out.sort_by_key(|n| (n.ends_on, n.case_id));
    Ok(Json(out))
}

/// Objects to a case during its notice period (no account needed).
#[utoipa::path(post, path = "/api/v1/applications/{id}/objections", tag = "cases",
    summary = "在公示期内对案件提出异议（无需账号）。",
    params(("id" = i64, Path, description = "案件编号")),
    request_body(content = ObjectionBody, content_type = "application/json"),
    responses(
        (status = 201, description = "异议已受理", body = ObjectionReceived),
        (status = 400, description = "JSON 格式错误", body = ErrorBody),
        (status = 404, description = "没有公示过的该案件", body = ErrorBody),
        (status = 413, description = "请求体过大", body = ErrorBody),
        (status = 415, description = "不是 application/json", body = ErrorBody),
        (status = 422, description = "不在公示期内，或输入有误", body = ErrorBody),
    ))]
pub async fn object(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    ApiJson(body): ApiJson<ObjectionBody>,
) -> Result<(StatusCode, Json<ObjectionReceived>), AppError> {
    let cw = service(&state)?;
    let not_found = || AppError::NotFound {
        message: hidden(id),
        field: None,
    };
    // Only a published case is known to the public.
    let rec = cw.case(id).await.map_err(|_| not_found())?;
    if rec.case.notice.is_none() {
        return Err(not_found());
    }
    if body.text.trim().is_empty() {
        return Err(AppError::invalid("text", "异议内容不能为空"));
    }
    let on = today(&cw);
    let rec = cw
        .object(
            id,
            body.target,
            body.text.trim(),
            body.contact.as_deref(),
            on,
        )
        .await
        .map_err(from_casework)?;
    Ok((
        StatusCode::CREATED,
        Json(ObjectionReceived {
            case_id: id,
            number: rec.case.objections.len() as u32,
            received_on: on,
        }),
    ))
}

/// Rules on an objection (the authority), with a reason.
#[utoipa::path(post, path = "/api/v1/applications/{id}/objections/{n}/ruling", tag = "cases",
    summary = "处理异议并写明理由（认定机构）。",
    security(("session" = []), ("bearer" = [])),
    params(
        ("id" = i64, Path, description = "案件编号"),
        ("n" = u32, Path, description = "异议序号"),
    ),
    request_body(content = RulingBody, content_type = "application/json"),
    responses(
        (status = 200, description = "已处理", body = CaseView),
        (status = 400, description = "JSON 格式错误", body = ErrorBody),
        (status = 401, description = "未登录", body = ErrorBody),
        (status = 403, description = "非认定机构", body = ErrorBody),
        (status = 404, description = "没有该案件", body = ErrorBody),
        (status = 409, description = "版本已过时", body = ErrorBody),
        (status = 422, description = "没有该异议、已处理或未写理由", body = ErrorBody),
    ))]
pub async fn rule(
    State(state): State<AppState>,
    user: Require<Authority>,
    Path((id, n)): Path<(i64, u32)>,
    headers: HeaderMap,
    ApiJson(body): ApiJson<RulingBody>,
) -> Result<Json<CaseView>, AppError> {
    let cw = service(&state)?;
    readable(&cw, &user, id).await?;
    let version = expected_version(&headers, body.version)?;
    let rec = cw
        .rule_objection(
            id,
            version,
            user.account.id,
            n,
            body.upheld,
            &body.reason,
            today(&cw),
        )
        .await
        .map_err(from_casework)?;
    Ok(Json(CaseView::of(&rec, user.role())))
}
