//! `GET /api/v1/calls?measure=` (public) and `POST /api/v1/calls` (the authority): calls for
//! applications, the policy's and those opened in the system.

use axum::Json;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use casework::{CallSource, NewCall};
use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::{from_casework, service};
use crate::api::zh::{Members, Zh};
use crate::auth::{Authority, Require};
use crate::error::{ApiJson, AppError, ErrorBody};
use crate::state::AppState;

/// Which calls.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct CallsQuery {
    /// The measure id (`anshan-2020`).
    #[param(min_length = 1)]
    pub measure: String,
}

impl Zh for CallsQuery {
    const MEMBERS: Members = &[("measure", "办法编号（`anshan-2020`）。")];
}

/// A call for applications.
#[derive(Debug, Serialize, ToSchema)]
#[schema(description = "申报通知。")]
pub struct CallView {
    /// The call id.
    pub id: String,
    /// The measure.
    pub measure: String,
    /// Its title.
    pub title: String,
    /// The year it is for.
    pub year: i16,
    /// First day applications are taken, where stated.
    #[schema(value_type = Option<String>, format = Date)]
    pub opens_on: Option<Date>,
    /// The last day as stated (a rest day moves it to the next working day).
    #[schema(value_type = String, format = Date)]
    pub deadline: Date,
    /// `policy` (in the policy file) or `system` (opened by the authority).
    pub source: String,
    /// The article or notice.
    pub cite: String,
}

impl Zh for CallView {
    const MEMBERS: Members = &[
        ("id", "申报通知编号。"),
        ("measure", "办法编号。"),
        ("title", "标题。"),
        ("year", "所属年度。"),
        ("opens_on", "开始受理的日期（有规定时）。"),
        ("deadline", "规定的截止日期（逢休息日顺延至下一个工作日）。"),
        (
            "source",
            "`policy`（政策文件所定）或 `system`（认定机构在系统中发布）。",
        ),
        ("cite", "所依据的条款或通知。"),
    ];
}

impl From<casework::CallRecord> for CallView {
    fn from(c: casework::CallRecord) -> Self {
        Self {
            id: c.id,
            measure: c.measure,
            title: c.title,
            year: c.year,
            opens_on: c.opens_on,
            deadline: c.deadline,
            source: match c.source {
                CallSource::Policy => "policy",
                CallSource::System => "system",
            }
            .into(),
            cite: c.cite,
        }
    }
}

/// A call to open.
#[derive(Debug, Deserialize, ToSchema)]
#[schema(description = "要发布的申报通知。")]
#[serde(deny_unknown_fields)]
pub struct OpenCall {
    /// The call id (unique across the policies' calls and the system's).
    pub id: String,
    /// The measure.
    pub measure: String,
    /// The title.
    pub title: String,
    /// The year.
    #[schema(minimum = -32768, maximum = 32767)]
    pub year: i16,
    /// First day, where stated.
    #[schema(value_type = Option<String>, format = Date)]
    #[serde(default)]
    pub opens_on: Option<Date>,
    /// The last day.
    #[schema(value_type = String, format = Date)]
    pub deadline: Date,
}

impl Zh for OpenCall {
    const MEMBERS: Members = &[
        (
            "id",
            "申报通知编号（在政策文件所定的与系统发布的通知中唯一）。",
        ),
        ("measure", "办法编号。"),
        ("title", "标题。"),
        ("year", "年度。"),
        ("opens_on", "开始受理的日期（有规定时）。"),
        ("deadline", "截止日期。"),
    ];
}

/// Every call of a measure: the policy's, then the system's by deadline.
#[utoipa::path(get, path = "/api/v1/calls", tag = "cases",
    summary = "一项办法的全部申报通知：先列政策文件所定的，再按截止日期列系统发布的。",
    params(CallsQuery),
    responses(
        (status = 200, description = "申报通知", body = Vec<CallView>),
        (status = 400, description = "查询参数有误", body = ErrorBody),
        (status = 422, description = "没有该办法", body = ErrorBody),
        (status = 503, description = "未连接数据库", body = ErrorBody),
    ))]
pub async fn list(
    State(state): State<AppState>,
    Query(q): Query<CallsQuery>,
) -> Result<Json<Vec<CallView>>, AppError> {
    let cw = service(&state)?;
    let calls = cw.calls(&q.measure).await.map_err(super::from_casework)?;
    Ok(Json(calls.into_iter().map(CallView::from).collect()))
}

/// Opens a call (the authority), audited.
#[utoipa::path(post, path = "/api/v1/calls", tag = "cases",
    summary = "发布申报通知（认定机构），记入审计。",
    security(("session" = []), ("bearer" = [])),
    request_body(content = OpenCall, content_type = "application/json"),
    responses(
        (status = 201, description = "已发布", body = CallView),
        (status = 400, description = "JSON 格式错误", body = ErrorBody),
        (status = 401, description = "未登录", body = ErrorBody),
        (status = 403, description = "非认定机构", body = ErrorBody),
        (status = 409, description = "编号已存在", body = ErrorBody),
        (status = 422, description = "输入有误", body = ErrorBody),
    ))]
pub async fn open(
    State(state): State<AppState>,
    user: Require<Authority>,
    ApiJson(body): ApiJson<OpenCall>,
) -> Result<(StatusCode, Json<CallView>), AppError> {
    let cw = service(&state)?;
    let rec = cw
        .open_call(
            user.account.id,
            NewCall {
                id: body.id,
                measure: body.measure,
                title: body.title,
                year: body.year,
                opens_on: body.opens_on,
                deadline: body.deadline,
            },
        )
        .await
        .map_err(from_casework)?;
    Ok((StatusCode::CREATED, Json(rec.into())))
}
