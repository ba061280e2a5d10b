//! `POST /api/v1/appraisal/preview`: an appraisal input scored under a measure, nothing kept.

use axum::Json;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use utoipa::ToSchema;

use crate::api::schemas::AppraisalResultDoc;
use crate::api::zh::{Members, Zh};
use crate::engine;
use crate::error::{ApiJson, AppError, ErrorBody};
use crate::state::AppState;

/// The request.
#[derive(Debug, Deserialize, ToSchema)]
#[schema(description = "预评请求。")]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"policy": "inner-mongolia-2020", "input": {"total_area_m2": 1200, "workstations": 80, "mentors": 6}}))]
pub struct PreviewRequest {
    /// The measure id.
    pub policy: String,
    /// The appraisal input: appraisal input names (`GET /api/v1/facts`, `appraisal_inputs`)
    /// with their values, plus the reserved `id`, `grade` and `previous_failures`.
    #[schema(value_type = Object)]
    pub input: serde_json::Value,
}

impl Zh for PreviewRequest {
    const MEMBERS: Members = &[
        ("policy", "办法编号。"),
        (
            "input",
            "考核输入：考核输入项的名称（`GET /api/v1/facts` 的 `appraisal_inputs`）及其取值，另可含保留键 `id`、`grade` 与 `previous_failures`。",
        ),
    ];
}

/// An appraisal preview: per-item points, total, grade, subsidy, consequence, next grade.
#[utoipa::path(post, path = "/api/v1/appraisal/preview", tag = "appraisal",
    summary = "绩效考核预评：逐项得分、总分、等级、补助、后果与升至上一等级的途径；不保存任何内容。",
    request_body(content = PreviewRequest, content_type = "application/json"),
    responses(
        (status = 200, description = "考核结果（makerspace.appraisal/1）", body = AppraisalResultDoc),
        (status = 400, description = "JSON 格式错误", body = ErrorBody),
        (status = 404, description = "没有该编号的办法", body = ErrorBody),
        (status = 413, description = "请求体过大", body = ErrorBody),
        (status = 415, description = "不是 application/json", body = ErrorBody),
        (status = 422, description = "输入有误（逐项列出）", body = ErrorBody),
    ))]
pub async fn preview(
    State(state): State<AppState>,
    ApiJson(body): ApiJson<PreviewRequest>,
) -> Result<Response, AppError> {
    let result = engine::appraise(&state.library, &body.policy, &body.input)?;
    Ok(Json(result).into_response())
}
