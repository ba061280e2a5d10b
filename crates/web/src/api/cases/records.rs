//! The authority's records of other bodies' decisions about a space:
//! `POST /api/v1/register/{space_id}/blacklistings` (a listing on a blacklist, serious
//! dishonesty, a major accident: the measure's revocation follows) and
//! `POST /api/v1/register/{space_id}/scope-exits` (recognised as an incubator or another carrier
//! the measure puts outside its scope: 已移出管理范围). Evidence files are uploaded on the
//! workbench page; the API takes the record alone.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use casework::listings::DecisionEntry;
use jiff::civil::Date;
use serde::Deserialize;
use utoipa::ToSchema;

use super::{from_casework, service, today};
use crate::api::zh::{Members, Zh};
use crate::auth::{Authority, Require};
use crate::error::{ApiJson, AppError, ErrorBody};
use crate::state::AppState;

/// Another body's decision about a space.
#[derive(Debug, Deserialize, ToSchema)]
#[schema(description = "其他机关对众创空间作出的决定。")]
#[serde(deny_unknown_fields)]
pub struct RecordBody {
    /// Blacklisting: the measure's list id (`abnormal-operations`…, listed in the measure's
    /// revocation); leaving the scope: the category's choice id (`incubator`…).
    #[schema(min_length = 1)]
    pub what: String,
    /// The day of the listing or recognition (not after today).
    #[schema(value_type = String, format = Date)]
    pub decided_on: Date,
    /// The deciding body (列入机关, 认定机关).
    pub by: String,
    /// Its document number.
    #[serde(default)]
    pub document: Option<String>,
    /// The facts.
    pub reason: String,
}

impl Zh for RecordBody {
    const MEMBERS: Members = &[
        (
            "what",
            "列入名单时：办法所列的名单编号（`abnormal-operations`……，见办法的取消资格规定）；移出管理范围时：类别的选项编号（`incubator`……）。",
        ),
        ("decided_on", "列入或认定的日期（不晚于今天）。"),
        ("by", "作出决定的机关（列入机关、认定机关）。"),
        ("document", "决定的文号。"),
        ("reason", "有关事实。"),
    ];
}

impl RecordBody {
    fn entry(self) -> DecisionEntry {
        DecisionEntry {
            what: self.what,
            decided_on: self.decided_on,
            by: self.by,
            document: self.document,
            reason: self.reason,
        }
    }
}

fn json(v: impl serde::Serialize) -> Result<Json<serde_json::Value>, AppError> {
    serde_json::to_value(v)
        .map(Json)
        .map_err(|e| AppError::Unexpected(Box::new(e)))
}

/// Records a listing on a blacklist (the authority); the measure's revocation follows at once
/// where it is automatic (内蒙古 第二十条), with the article in the explanation.
#[utoipa::path(post, path = "/api/v1/register/{space_id}/blacklistings", tag = "register",
    summary = "登记众创空间被列入失信名单等情形（认定机构）：办法规定自动取消资格的（如 内蒙古 第二十条），即时取消资格，说明中写明条款；否则列为待认定机构决定的情形。",
    security(("session" = []), ("bearer" = [])),
    params(("space_id" = i64, Path, description = "名录编号")),
    request_body(content = RecordBody, content_type = "application/json"),
    responses(
        (status = 201, description = "已登记（状态、条款、说明）", body = Object),
        (status = 400, description = "JSON 格式错误", body = ErrorBody),
        (status = 401, description = "未登录", body = ErrorBody),
        (status = 403, description = "非认定机构", body = ErrorBody),
        (status = 404, description = "没有该众创空间", body = ErrorBody),
        (status = 422, description = "办法未规定该情形、名单不在办法所列之中、日期或内容有误，或不在有效名录中", body = ErrorBody),
    ))]
pub async fn blacklisting(
    State(state): State<AppState>,
    user: Require<Authority>,
    Path(space_id): Path<i64>,
    ApiJson(body): ApiJson<RecordBody>,
) -> Result<(StatusCode, Json<serde_json::Value>), AppError> {
    let cw = service(&state)?;
    let out = cw
        .record_blacklisting(space_id, user.account.id, &body.entry(), None, today(&cw))
        .await
        .map_err(from_casework)?;
    Ok((StatusCode::CREATED, json(out)?))
}

/// Records that a space was recognised as another carrier its measure puts outside its scope
/// (the authority); the space is taken out of management at once (内蒙古 第九条).
#[utoipa::path(post, path = "/api/v1/register/{space_id}/scope-exits", tag = "register",
    summary = "登记众创空间已被认定为办法排除在管理范围之外的其他载体（认定机构）；该众创空间即时移出管理范围（如 内蒙古 第九条）。",
    security(("session" = []), ("bearer" = [])),
    params(("space_id" = i64, Path, description = "名录编号")),
    request_body(content = RecordBody, content_type = "application/json"),
    responses(
        (status = 201, description = "已登记（状态、条款、说明）", body = Object),
        (status = 400, description = "JSON 格式错误", body = ErrorBody),
        (status = 401, description = "未登录", body = ErrorBody),
        (status = 403, description = "非认定机构", body = ErrorBody),
        (status = 404, description = "没有该众创空间", body = ErrorBody),
        (status = 422, description = "办法未规定该情形、类别不在办法所列之中、日期或内容有误，或不在有效名录中", body = ErrorBody),
    ))]
pub async fn scope_exit(
    State(state): State<AppState>,
    user: Require<Authority>,
    Path(space_id): Path<i64>,
    ApiJson(body): ApiJson<RecordBody>,
) -> Result<(StatusCode, Json<serde_json::Value>), AppError> {
    let cw = service(&state)?;
    let out = cw
        .record_scope_exit(space_id, user.account.id, &body.entry(), None, today(&cw))
        .await
        .map_err(from_casework)?;
    Ok((StatusCode::CREATED, json(out)?))
}
