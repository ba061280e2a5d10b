//! `POST /api/v1/statistics-requests`: the authority asks the spaces of a measure for their
//! statistics of a period by a deadline, where the measure has statistics reported on request
//! (新疆 第六条第10项: 按照自治区科技厅的要求上报统计数据); `POST
//! /api/v1/statistics-requests/withdrawal` withdraws the open ones of a period (sent in error, or
//! to be sent again with another deadline).

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use jiff::civil::Date;
use policy::model::FilingKind;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::{from_casework, service, today};
use crate::api::zh::{Members, Zh};
use crate::auth::{Authority, Require};
use crate::error::{ApiJson, AppError, ErrorBody};
use crate::state::AppState;

/// A request for statistics.
#[derive(Debug, Deserialize, ToSchema)]
#[schema(description = "统计数据报送要求。")]
#[serde(deny_unknown_fields)]
pub struct StatisticsRequestBody {
    /// The measure whose spaces are asked.
    pub measure: String,
    /// The period the statistics are to cover (`2025`, `2025H1`, `2025Q3`, `2025-05`).
    pub period: String,
    /// The last day to file (after today).
    #[schema(value_type = String, format = Date)]
    pub deadline: Date,
}

impl Zh for StatisticsRequestBody {
    const MEMBERS: Members = &[
        (
            "measure",
            "办法编号：向该办法下、本机构辖区内有效名录中的众创空间发出要求。",
        ),
        (
            "period",
            "统计期：`2025`（全年）、`2025H1`（半年）、`2025Q3`（季度）或 `2025-05`（月）。",
        ),
        ("deadline", "报送截止日期（须晚于今天）。"),
    ];
}

/// A request sent.
#[derive(Debug, Serialize, ToSchema)]
#[schema(description = "已发出的报送要求。")]
pub struct StatisticsRequestSent {
    /// The spaces asked.
    pub spaces: usize,
    /// Of them, those that had already filed the period.
    pub already_filed: usize,
    /// Spaces not asked: the period ended before their recognition.
    pub not_concerned: usize,
}

impl Zh for StatisticsRequestSent {
    const MEMBERS: Members = &[
        ("spaces", "收到要求的众创空间数。"),
        (
            "already_filed",
            "其中已报送该统计期的数目（要求即已满足）。",
        ),
        (
            "not_concerned",
            "未发出要求的众创空间数：该统计期在其认定之前结束。",
        ),
    ];
}

/// Asks the spaces of a measure for their statistics of a period by a deadline (the authority).
#[utoipa::path(post, path = "/api/v1/statistics-requests", tag = "register",
    summary = "发出统计数据报送要求（认定/备案机构；办法规定按主管部门要求报送的，如新疆第六条第10项）：辖区内该办法有效名录中的众创空间，须在截止日期前报送该统计期的数据；逾期未报的，按办法的规定处理（如取消资格，由每日检查执行）。",
    security(("session" = []), ("bearer" = [])),
    request_body(content = StatisticsRequestBody, content_type = "application/json"),
    responses(
        (status = 201, description = "已发出", body = StatisticsRequestSent),
        (status = 400, description = "JSON 格式错误", body = ErrorBody),
        (status = 401, description = "未登录", body = ErrorBody),
        (status = 403, description = "不是该办法的认定/备案机构", body = ErrorBody),
        (status = 422, description = "办法不存在或不按要求报送统计数据；统计期写法不对、截止时尚未开始或已有未满足的同期要求；截止日期不晚于今天或超出节假日日历收录的年份", body = ErrorBody),
    ))]
pub async fn request_statistics(
    State(state): State<AppState>,
    user: Require<Authority>,
    ApiJson(body): ApiJson<StatisticsRequestBody>,
) -> Result<(StatusCode, Json<StatisticsRequestSent>), AppError> {
    let cw = service(&state)?;
    let sent = cw
        .request_filing(
            user.account.id,
            &body.measure,
            FilingKind::Statistics,
            body.period.trim(),
            body.deadline,
            today(&cw),
        )
        .await
        .map_err(from_casework)?;
    Ok((
        StatusCode::CREATED,
        Json(StatisticsRequestSent {
            spaces: sent.spaces,
            already_filed: sent.already_filed,
            not_concerned: sent.not_concerned,
        }),
    ))
}

/// A withdrawal of the open requests of a period.
#[derive(Debug, Deserialize, ToSchema)]
#[schema(description = "撤回统计数据报送要求。")]
#[serde(deny_unknown_fields)]
pub struct StatisticsRequestWithdrawal {
    /// The measure whose spaces were asked.
    pub measure: String,
    /// The period asked for.
    pub period: String,
    /// Why (kept in each space's audit trail).
    pub reason: String,
}

impl Zh for StatisticsRequestWithdrawal {
    const MEMBERS: Members = &[
        ("measure", "办法编号。"),
        ("period", "所撤回要求的统计期（写法同发出要求）。"),
        ("reason", "撤回原因（不能为空，记入各众创空间的操作记录）。"),
    ];
}

/// Requests withdrawn.
#[derive(Debug, Serialize, ToSchema)]
#[schema(description = "已撤回的报送要求。")]
pub struct StatisticsRequestsWithdrawn {
    /// The spaces whose open request was withdrawn.
    pub spaces: usize,
}

impl Zh for StatisticsRequestsWithdrawn {
    const MEMBERS: Members = &[(
        "spaces",
        "撤回了未报送要求的众创空间数（已报送的不受影响）。",
    )];
}

/// Withdraws the open statistics requests of a period (the authority).
#[utoipa::path(post, path = "/api/v1/statistics-requests/withdrawal", tag = "register",
    summary = "撤回统计数据报送要求（认定/备案机构）：辖区内该办法众创空间尚未报送的该统计期要求不再计入义务，也不再引起取消资格；已报送的不受影响。撤回后可另定截止日期重新发出。",
    security(("session" = []), ("bearer" = [])),
    request_body(content = StatisticsRequestWithdrawal, content_type = "application/json"),
    responses(
        (status = 200, description = "已撤回", body = StatisticsRequestsWithdrawn),
        (status = 400, description = "JSON 格式错误", body = ErrorBody),
        (status = 401, description = "未登录", body = ErrorBody),
        (status = 403, description = "不是该办法的认定/备案机构", body = ErrorBody),
        (status = 422, description = "办法不存在；统计期写法不对或没有未报送的该期要求；未写撤回原因", body = ErrorBody),
    ))]
pub async fn withdraw_statistics_requests(
    State(state): State<AppState>,
    user: Require<Authority>,
    ApiJson(body): ApiJson<StatisticsRequestWithdrawal>,
) -> Result<Json<StatisticsRequestsWithdrawn>, AppError> {
    let cw = service(&state)?;
    let spaces = cw
        .withdraw_request(
            user.account.id,
            &body.measure,
            FilingKind::Statistics,
            body.period.trim(),
            &body.reason,
            today(&cw),
        )
        .await
        .map_err(from_casework)?;
    Ok(Json(StatisticsRequestsWithdrawn { spaces }))
}
