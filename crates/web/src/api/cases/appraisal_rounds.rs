//! Appraisal rounds and appraisal materials (内蒙古 第十九条（四）): `GET/POST
//! /api/v1/appraisal-rounds` (the authority opens a round with its deadline),
//! `GET /api/v1/appraisal-rounds/{id}` (the round with every space's state),
//! `POST /api/v1/appraisal-rounds/{id}/hand-ins` (a space's own applicant hands in the text;
//! files go through the portal's form), `POST /api/v1/appraisal-hand-ins/{id}/false` (the
//! authority finds a hand-in false) and `POST /api/v1/appraisal-rounds/{id}/appraisals` (the
//! authority records a space's appraisal, `materials_on_time` read from the round's record).

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use casework::appraisal_round::NewAppraisalRound;
use jiff::civil::Date;
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};

use super::{from_casework, measure_filter, service, today};
use crate::api::zh::{Members, Zh};
use crate::auth::{Applicant, Authority, Require, Staff};
use crate::error::{ApiJson, AppError, ErrorBody};
use crate::state::AppState;

fn json(v: impl serde::Serialize) -> Result<Json<serde_json::Value>, AppError> {
    serde_json::to_value(v)
        .map(Json)
        .map_err(|e| AppError::Unexpected(Box::new(e)))
}

/// A round to open.
#[derive(Debug, Deserialize, ToSchema)]
#[schema(description = "要开启的考核资料报送批次。")]
#[serde(deny_unknown_fields)]
pub struct RoundBody {
    /// The measure (its `[appraisal.materials]` must exist).
    #[schema(min_length = 1)]
    pub measure: String,
    /// The period or year appraised (`2025`).
    pub period: String,
    /// The last day for the materials (a rest day moves it to the next working day).
    #[schema(value_type = String, format = Date)]
    pub deadline: Date,
    /// The requirements and any note.
    #[serde(default)]
    pub note: String,
}

impl Zh for RoundBody {
    const MEMBERS: Members = &[
        (
            "measure",
            "办法编号（该办法须规定 `[appraisal.materials]`）。",
        ),
        ("period", "所考核的期间或年度（`2025`）。"),
        (
            "deadline",
            "报送考核资料的截止日期（逢休息日顺延至下一个工作日）。",
        ),
        ("note", "报送要求及其他说明。"),
    ];
}

/// The list's filter.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RoundQuery {
    /// Only this measure's rounds.
    pub measure: Option<String>,
}

impl Zh for RoundQuery {
    const MEMBERS: Members = &[("measure", "仅限该办法的批次。")];
}

/// A hand-in of appraisal materials.
#[derive(Debug, Deserialize, ToSchema)]
#[schema(description = "考核资料的报送。")]
#[serde(deny_unknown_fields)]
pub struct HandinBody {
    /// The space.
    pub space_id: i64,
    /// The materials' text.
    pub text: String,
}

impl Zh for HandinBody {
    const MEMBERS: Members = &[("space_id", "名录编号。"), ("text", "考核资料的文字内容。")];
}

/// A finding that a hand-in is false.
#[derive(Debug, Deserialize, ToSchema)]
#[schema(description = "认定一份报送虚假。")]
#[serde(deny_unknown_fields)]
pub struct FalseBody {
    /// Why.
    #[schema(min_length = 1)]
    pub reason: String,
}

impl Zh for FalseBody {
    const MEMBERS: Members = &[("reason", "理由。")];
}

/// A space's appraisal in a round.
#[derive(Debug, Deserialize, ToSchema)]
#[schema(description = "批次中一个众创空间的绩效考核。")]
#[serde(deny_unknown_fields)]
pub struct RoundAppraisalBody {
    /// The space.
    pub space_id: i64,
    /// The appraisal input without `materials_on_time` (read from the round's record).
    pub input: serde_json::Value,
}

impl Zh for RoundAppraisalBody {
    const MEMBERS: Members = &[
        ("space_id", "名录编号。"),
        (
            "input",
            "考核输入，不含 `materials_on_time`（由批次记录得出）。",
        ),
    ];
}

/// The rounds, newest first (the authority and administrators).
#[utoipa::path(get, path = "/api/v1/appraisal-rounds", tag = "register",
    summary = "考核资料报送批次，新者在前（认定机构与系统管理员）。",
    security(("session" = []), ("bearer" = [])),
    params(RoundQuery),
    responses(
        (status = 200, description = "考核资料报送批次（截止日含法定休假日顺延后的 due）", body = Vec<Object>),
        (status = 401, description = "未登录", body = ErrorBody),
        (status = 403, description = "非认定机构或系统管理员", body = ErrorBody),
        (status = 422, description = "没有该编号的办法", body = ErrorBody),
    ))]
pub async fn list(
    State(state): State<AppState>,
    _user: Require<Staff>,
    Query(q): Query<RoundQuery>,
) -> Result<Json<serde_json::Value>, AppError> {
    let cw = service(&state)?;
    json(
        cw.appraisal_rounds(measure_filter(&state, q.measure)?.as_deref())
            .await
            .map_err(from_casework)?,
    )
}

/// Opens a round (the authority) for a measure whose appraisal asks materials.
#[utoipa::path(post, path = "/api/v1/appraisal-rounds", tag = "register",
    summary = "开启考核资料报送批次（认定机构），用于绩效考核要求报送资料的办法。",
    security(("session" = []), ("bearer" = [])),
    request_body(content = RoundBody, content_type = "application/json"),
    responses(
        (status = 201, description = "已开启", body = Object),
        (status = 400, description = "JSON 格式错误", body = ErrorBody),
        (status = 401, description = "未登录", body = ErrorBody),
        (status = 403, description = "非认定机构", body = ErrorBody),
        (status = 422, description = "办法未规定考核资料、期间为空或截止日期已过（field 指明）", body = ErrorBody),
    ))]
pub async fn open(
    State(state): State<AppState>,
    user: Require<Authority>,
    ApiJson(body): ApiJson<RoundBody>,
) -> Result<(StatusCode, Json<serde_json::Value>), AppError> {
    let cw = service(&state)?;
    let new = NewAppraisalRound {
        measure: body.measure,
        period: body.period,
        deadline: body.deadline,
        note: body.note,
    };
    let r = cw
        .open_appraisal_round(user.account.id, &new, today(&cw))
        .await
        .map_err(from_casework)?;
    Ok((StatusCode::CREATED, json(r)?))
}

/// A round with every active space of its measure: handed in, pending, missing or false.
#[utoipa::path(get, path = "/api/v1/appraisal-rounds/{id}", tag = "register",
    summary = "一个批次，及其办法下每个有效众创空间的报送情况：已报送、尚待报送、逾期未报送或被认定虚假。",
    security(("session" = []), ("bearer" = [])),
    params(("id" = i64, Path, description = "批次编号")),
    responses(
        (status = 200, description = "批次与各众创空间的报送情况", body = Object),
        (status = 401, description = "未登录", body = ErrorBody),
        (status = 403, description = "非认定机构或系统管理员", body = ErrorBody),
        (status = 404, description = "没有该批次", body = ErrorBody),
    ))]
pub async fn show(
    State(state): State<AppState>,
    _user: Require<Staff>,
    Path(id): Path<i64>,
) -> Result<Json<serde_json::Value>, AppError> {
    let cw = service(&state)?;
    let round = cw.appraisal_round(id).await.map_err(from_casework)?;
    let rows = cw
        .round_rows(&round, today(&cw))
        .await
        .map_err(from_casework)?;
    json(serde_json::json!({ "round": round, "spaces": rows }))
}

/// Hands in a space's appraisal materials (the space's own applicant) before the deadline.
#[utoipa::path(post, path = "/api/v1/appraisal-rounds/{id}/hand-ins", tag = "register",
    summary = "报送众创空间的考核资料（该众创空间运营单位的申报账号）；截止日期过后不再受理。",
    security(("session" = []), ("bearer" = [])),
    params(("id" = i64, Path, description = "批次编号")),
    request_body(content = HandinBody, content_type = "application/json"),
    responses(
        (status = 201, description = "已报送", body = Object),
        (status = 400, description = "JSON 格式错误", body = ErrorBody),
        (status = 401, description = "未登录", body = ErrorBody),
        (status = 403, description = "不是该众创空间的运营单位", body = ErrorBody),
        (status = 404, description = "没有该批次或众创空间", body = ErrorBody),
        (status = 422, description = "逾期（写明截止日与条款）、重复报送、内容为空或不属于本批次", body = ErrorBody),
    ))]
pub async fn hand_in(
    State(state): State<AppState>,
    user: Require<Applicant>,
    Path(id): Path<i64>,
    ApiJson(body): ApiJson<HandinBody>,
) -> Result<(StatusCode, Json<serde_json::Value>), AppError> {
    let cw = service(&state)?;
    let h = cw
        .hand_in_appraisal_materials(
            id,
            body.space_id,
            user.account.id,
            &body.text,
            Vec::new(),
            today(&cw),
        )
        .await
        .map_err(from_casework)?;
    Ok((StatusCode::CREATED, json(h)?))
}

/// Finds a hand-in false (the authority), with a reason.
#[utoipa::path(post, path = "/api/v1/appraisal-hand-ins/{id}/false", tag = "register",
    summary = "认定一份报送虚假（认定机构），须写明理由。",
    security(("session" = []), ("bearer" = [])),
    params(("id" = i64, Path, description = "报送编号")),
    request_body(content = FalseBody, content_type = "application/json"),
    responses(
        (status = 200, description = "已认定为虚假考核资料", body = Object),
        (status = 400, description = "JSON 格式错误", body = ErrorBody),
        (status = 401, description = "未登录", body = ErrorBody),
        (status = 403, description = "非认定机构", body = ErrorBody),
        (status = 404, description = "没有该报送", body = ErrorBody),
        (status = 422, description = "理由为空或已认定", body = ErrorBody),
    ))]
pub async fn mark_false(
    State(state): State<AppState>,
    user: Require<Authority>,
    Path(id): Path<i64>,
    ApiJson(body): ApiJson<FalseBody>,
) -> Result<Json<serde_json::Value>, AppError> {
    let cw = service(&state)?;
    let h = cw
        .mark_materials_false(id, user.account.id, &body.reason, today(&cw))
        .await
        .map_err(from_casework)?;
    json(h)
}

/// Records a space's appraisal in a round (the authority): `materials_on_time` is read from the
/// round's record (handed in on time and not found false), never typed.
#[utoipa::path(post, path = "/api/v1/appraisal-rounds/{id}/appraisals", tag = "register",
    summary = "在批次中记录众创空间的绩效考核（认定机构）：`materials_on_time` 由批次记录得出（按时报送且未被认定虚假），不得手工填写。",
    security(("session" = []), ("bearer" = [])),
    params(("id" = i64, Path, description = "批次编号")),
    request_body(content = RoundAppraisalBody, content_type = "application/json"),
    responses(
        (status = 201, description = "已记录（结果含 materials_basis：考核资料的认定及条款）", body = Object),
        (status = 400, description = "JSON 格式错误", body = ErrorBody),
        (status = 401, description = "未登录", body = ErrorBody),
        (status = 403, description = "非认定机构", body = ErrorBody),
        (status = 404, description = "没有该批次或众创空间", body = ErrorBody),
        (status = 422, description = "考核输入有误、手工填写了 materials_on_time、或截止日未到而尚未报送", body = ErrorBody),
    ))]
pub async fn appraise(
    State(state): State<AppState>,
    user: Require<Authority>,
    Path(id): Path<i64>,
    ApiJson(body): ApiJson<RoundAppraisalBody>,
) -> Result<(StatusCode, Json<serde_json::Value>), AppError> {
    let cw = service(&state)?;
    let out = cw
        .record_round_appraisal(id, body.space_id, user.account.id, today(&cw), &body.input)
        .await
        .map_err(from_casework)?;
    Ok((StatusCode::CREATED, json(out)?))
}
