//! `POST /api/v1/applications/{id}/actions`: an action of the workflow (submit, withdraw,
//! complete, return, reject, publish_notice, decide) at the version read. The workflow decides
//! who may take it; a refusal changes nothing.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use serde::Deserialize;
use utoipa::ToSchema;
use workflow::case::Action;

use super::access::readable_for_action;
use super::views::CaseView;
use super::{expected_version, from_casework, service, today};
use crate::api::zh::{Members, Zh};
use crate::auth::CurrentUser;
use crate::error::{ApiJson, AppError, ErrorBody, parse_json};
use crate::state::AppState;

/// An action: `{"action": "complete", "note": "同意推荐", "version": 3}`.
#[derive(Debug, Deserialize, ToSchema)]
#[schema(
    description = r#"一项办理操作：`{"action": "complete", "note": "同意推荐", "version": 3}`。"#
)]
pub struct ActionBody {
    /// `submit`, `withdraw`, `complete` (`note`), `return` (`reason`), `reject` (`reason`),
    /// `publish_notice` (`period` where the measure sets none, e.g. `{"days": 7}`), `decide`
    /// (`recognised`, `document_number`, `reason` when not recognised).
    #[schema(pattern = "^(submit|withdraw|complete|return|reject|publish_notice|decide)$")]
    pub action: String,
    /// The version read (unless `If-Match` gives it).
    pub version: Option<i64>,
    /// The note of a completed step.
    pub note: Option<String>,
    /// Why (return, reject, a negative decision).
    pub reason: Option<String>,
    /// The notice period, where the measure sets none.
    #[schema(value_type = Option<Object>)]
    pub period: Option<serde_json::Value>,
    /// Recognised or not (decide).
    pub recognised: Option<bool>,
    /// The decision's document number (decide).
    pub document_number: Option<String>,
}

impl Zh for ActionBody {
    const MEMBERS: Members = &[
        (
            "action",
            r#"`submit`（提交）、`withdraw`（撤回）、`complete`（办结本环节，可带 `note`）、`return`（退回修改，带 `reason`）、`reject`（不予通过，带 `reason`）、`publish_notice`（发布公示；办法未规定公示期时带 `period`，如 `{"days": 7}`）、`decide`（作出决定：`recognised`、`document_number`，不予认定时带 `reason`）。"#,
        ),
        ("version", "所依据的版本号（未以 `If-Match` 头给出时）。"),
        ("note", "办结本环节的意见。"),
        ("reason", "理由（退回、不予通过、不予认定）。"),
        ("period", "公示期（办法未规定时）。"),
        ("recognised", "是否认定（`decide`）。"),
        ("document_number", "决定的文号（`decide`）。"),
    ];
}

/// The fields each action takes.
fn allowed(action: &str) -> Option<&'static [&'static str]> {
    Some(match action {
        "submit" | "withdraw" => &[],
        "complete" => &["note"],
        "return" | "reject" => &["reason"],
        "publish_notice" => &["period"],
        "decide" => &["recognised", "document_number", "reason"],
        _ => return None,
    })
}

/// Splits the body into the version and the action, refusing unknown fields by name.
fn read(body: serde_json::Value) -> Result<(Option<i64>, Action), AppError> {
    let serde_json::Value::Object(mut map) = body else {
        return Err(AppError::invalid("(根)", "类型错误：应为对象"));
    };
    let version = match map.remove("version") {
        None | Some(serde_json::Value::Null) => None,
        Some(v) => Some(v.as_i64().ok_or_else(|| {
            AppError::invalid("version", format!("类型错误：应为整数，实际为 {v}"))
        })?),
    };
    let name = match map.get("action") {
        Some(serde_json::Value::String(s)) => s.clone(),
        Some(v) => {
            return Err(AppError::invalid(
                "action",
                format!("类型错误：应为文本，实际为 {v}"),
            ));
        }
        None => return Err(AppError::invalid("action", "缺少字段 action")),
    };
    let fields = allowed(&name).ok_or_else(|| {
        AppError::invalid(
            "action",
            format!(
                "未知的操作「{name}」；可选：submit、withdraw、complete、return、reject、publish_notice、decide"
            ),
        )
    })?;
    if let Some(extra) = map
        .keys()
        .find(|k| k.as_str() != "action" && !fields.contains(&k.as_str()))
    {
        return Err(AppError::invalid(
            extra.clone(),
            format!("未知字段 `{extra}`（操作 {name} 不接受此字段）"),
        ));
    }
    for (k, v) in &map {
        let (fits, want) = match k.as_str() {
            "action" => (true, ""),
            "recognised" => (v.is_boolean(), "true 或 false"),
            "period" => (v.is_object() || v.is_null(), "对象"),
            "reason" => (v.is_string() || v.is_null(), "文本"),
            _ => (v.is_string(), "文本"),
        };
        if !fits {
            return Err(AppError::invalid(
                k.clone(),
                format!("类型错误：应为{want}，实际为 {v}"),
            ));
        }
    }
    let bytes = serde_json::to_vec(&map).unwrap_or_default();
    Ok((version, parse_json(&bytes)?))
}

/// Takes an action on a case at the version read.
#[utoipa::path(post, path = "/api/v1/applications/{id}/actions", tag = "cases",
    summary = "按所依据的版本号对案件进行一项办理操作。",
    security(("session" = []), ("bearer" = [])),
    params(
        ("id" = i64, Path, description = "案件编号"),
        ("If-Match" = Option<String>, Header, description = "所依据的版本号；或在请求体中给出 version"),
    ),
    request_body(content = ActionBody, content_type = "application/json"),
    responses(
        (status = 200, description = "已办理", body = CaseView),
        (status = 400, description = "JSON 格式错误", body = ErrorBody),
        (status = 401, description = "未登录", body = ErrorBody),
        (status = 403, description = "该环节不由此账号办理，或不属其辖区、单位", body = ErrorBody),
        (status = 404, description = "没有该案件（或无权知悉）", body = ErrorBody),
        (status = 409, description = "版本已过时", body = ErrorBody),
        (status = 413, description = "请求体过大", body = ErrorBody),
        (status = 415, description = "不是 application/json", body = ErrorBody),
        (status = 422, description = "程序不允许（逾期、缺材料、公示未满、异议未处理…），或输入有误", body = ErrorBody),
    ))]
pub async fn act(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    headers: HeaderMap,
    ApiJson(body): ApiJson<serde_json::Value>,
) -> Result<Json<CaseView>, AppError> {
    let cw = service(&state)?;
    let loaded = readable_for_action(&cw, &user, id).await?;
    let (version, action) = read(body)?;
    let version = expected_version(&headers, version)?;
    let role = user.role();
    let rec = cw
        .act_on(loaded, version, user.account, action, today(&cw))
        .await
        .map_err(from_casework)?;
    Ok(Json(CaseView::of(&rec, role)))
}
