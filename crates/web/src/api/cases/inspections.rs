//! `POST /api/v1/applications/{id}/inspections`: a site inspection record (实地核查记录) on a
//! case at its site-inspection stage, by that stage's role.

use std::collections::BTreeMap;

use axum::Json;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use jiff::civil::Date;
use serde::Deserialize;
use utoipa::ToSchema;
use workflow::review::NewInspection;

use super::access::readable;
use super::views::CaseView;
use super::{expected_version, from_casework, service, today};
use crate::api::zh::{Members, Zh};
use crate::auth::CurrentUser;
use crate::error::{ApiJson, AppError, ErrorBody};
use crate::state::AppState;

/// A site inspection to record.
#[derive(Debug, Deserialize, ToSchema)]
#[schema(description = "要登记的实地核查。")]
#[serde(deny_unknown_fields)]
pub struct InspectionBody {
    /// The day of the visit (not after today, not before the case reached the stage).
    #[schema(value_type = String, format = Date)]
    pub visited_on: Date,
    /// Who inspected (at least one name).
    pub inspectors: Vec<String>,
    /// Whether the premises matched the application (核查结论).
    pub consistent: bool,
    /// What was found (核查情况).
    pub note: String,
    /// Facts measured on the visit (核实数), by name, valued as the profile writes them:
    /// `{"premises.total_area_m2": 760, "premises.workstations": 52}`. Only facts the dictionary
    /// marks `on_site`; each is kept beside the declared value, and the eligibility check is
    /// run again with the values found (`recheck` in the record).
    #[serde(default)]
    #[schema(value_type = Object)]
    pub measured: BTreeMap<String, serde_json::Value>,
    /// The version read (unless `If-Match` gives it).
    #[serde(default)]
    pub version: Option<i64>,
}

impl Zh for InspectionBody {
    const MEMBERS: Members = &[
        (
            "visited_on",
            "核查日期（不晚于今天，不早于案件进入该环节之日）。",
        ),
        ("inspectors", "核查人员（至少一人）。"),
        ("consistent", "现场情况与申报是否一致（核查结论）。"),
        ("note", "核查情况。"),
        (
            "measured",
            r#"现场核实的事实（核实数），按事实名称，取值写法与档案相同：`{"premises.total_area_m2": 760, "premises.workstations": 52}`。仅限事实字典标为 `on_site` 的事实；每项与申报值并列保存，并以核实值重新进行资格核查（记录中的 `recheck`）。"#,
        ),
        ("version", "所依据的版本号（未以 `If-Match` 头给出时）。"),
    ];
}

/// Records a site inspection; the stage cannot be completed without one.
#[utoipa::path(post, path = "/api/v1/applications/{id}/inspections", tag = "cases",
    summary = "登记实地核查；没有核查记录，该环节不能办结。",
    security(("session" = []), ("bearer" = [])),
    params(("id" = i64, Path, description = "案件编号")),
    request_body(content = InspectionBody, content_type = "application/json"),
    responses(
        (status = 200, description = "已登记", body = CaseView),
        (status = 400, description = "JSON 格式错误", body = ErrorBody),
        (status = 401, description = "未登录", body = ErrorBody),
        (status = 403, description = "实地核查不由此账号办理", body = ErrorBody),
        (status = 404, description = "没有该案件（或无权知悉）", body = ErrorBody),
        (status = 409, description = "版本已过时", body = ErrorBody),
        (status = 413, description = "请求体过大", body = ErrorBody),
        (status = 415, description = "不是 application/json", body = ErrorBody),
        (status = 422, description = "案件不在实地核查环节，或核查日期、人员、情况、核实数有误（逐项列出）", body = ErrorBody),
    ))]
pub async fn record(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    headers: HeaderMap,
    ApiJson(body): ApiJson<InspectionBody>,
) -> Result<Json<CaseView>, AppError> {
    let cw = service(&state)?;
    readable(&cw, &user, id).await?;
    let version = expected_version(&headers, body.version)?;
    let new = NewInspection {
        visited_on: body.visited_on,
        inspectors: body.inspectors,
        consistent: body.consistent,
        note: body.note,
        measured: body.measured,
    };
    let rec = cw
        .record_inspection(id, version, user.account.id, &new, today(&cw))
        .await
        .map_err(from_casework)?;
    Ok(Json(CaseView::of(&rec, user.role())))
}
