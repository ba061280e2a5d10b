//! `POST /api/v1/eligibility/check` and `POST /api/v1/eligibility/compare`: the self-check, no
//! account needed.

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};

use crate::api::schemas::{ComparisonDoc, EligibilityReportDoc, ProfileBody};
use crate::engine;
use crate::error::{AppError, ErrorBody, JsonBytes};
use crate::state::AppState;

/// A profile against one measure: the named one, or the one in force for its region and date.
#[utoipa::path(post, path = "/api/v1/eligibility/check", tag = "eligibility",
    summary = "按一项办法核查档案：档案指定的办法，或档案所在地区在核查日期施行的办法。",
    request_body(content = ProfileBody, content_type = "application/json", description = "众创空间档案"),
    responses(
        (status = 200, description = "核查结果（makerspace.eligibility/1）", body = EligibilityReportDoc),
        (status = 400, description = "JSON 格式错误", body = ErrorBody),
        (status = 404, description = "没有该编号的办法", body = ErrorBody),
        (status = 413, description = "请求体过大", body = ErrorBody),
        (status = 415, description = "不是 application/json", body = ErrorBody),
        (status = 422, description = "档案有误（逐项列出）", body = ErrorBody),
    ))]
pub async fn check(
    State(state): State<AppState>,
    JsonBytes(body): JsonBytes,
) -> Result<Response, AppError> {
    let profile = engine::profile_from_json(&state.library, &body)?;
    // Written straight as JSON: byte for byte `Json(engine::check(…))`, several times faster.
    let json = engine::check_json(&state.library, &profile, None)?;
    Ok((
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        )],
        json,
    )
        .into_response())
}

/// A profile against every measure in force on its date, side by side.
#[utoipa::path(post, path = "/api/v1/eligibility/compare", tag = "eligibility",
    summary = "按核查日期施行的每项办法分别核查档案，并列对比。",
    request_body(content = ProfileBody, content_type = "application/json", description = "众创空间档案（比较施行中的全部办法；policy 若给出须为已有办法）"),
    responses(
        (status = 200, description = "四地对比（makerspace.compare/1）", body = ComparisonDoc),
        (status = 400, description = "JSON 格式错误", body = ErrorBody),
        (status = 404, description = "档案所列办法（policy）不存在", body = ErrorBody),
        (status = 413, description = "请求体过大", body = ErrorBody),
        (status = 415, description = "不是 application/json", body = ErrorBody),
        (status = 422, description = "档案有误（逐项列出）", body = ErrorBody),
    ))]
pub async fn compare(
    State(state): State<AppState>,
    JsonBytes(body): JsonBytes,
) -> Result<Response, AppError> {
    let profile = engine::profile_from_json(&state.library, &body)?;
    let comparison = engine::compare(&state.library, &profile)?;
    Ok(Json(comparison).into_response())
}
