//! Oversight: `POST /api/v1/fraud-findings` (the authority) and its list (`GET`), `POST /api/v1/tick` (an
//! administrator runs the daily lifecycle evaluation), `GET /api/v1/audit/{kind}/{id}` (the
//! authority reads an audit trail).

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use jiff::civil::Date;
use serde::Deserialize;
use utoipa::ToSchema;

use super::{from_casework, service, today};
use crate::api::zh::{Members, Zh};
use crate::auth::{Admin, Authority, Require, Staff};
use crate::error::{ApiJson, AppError, ErrorBody};
use crate::state::AppState;

/// A fraud finding against an organisation.
#[derive(Debug, Deserialize, ToSchema)]
#[schema(description = "对某单位的弄虚作假认定。")]
#[serde(deny_unknown_fields)]
pub struct FraudBody {
    /// The organisation.
    pub org: i64,
    /// The day of the finding.
    #[schema(value_type = String, format = Date)]
    pub found_on: Date,
    /// The facts found.
    pub body: String,
    /// The article or document relied on.
    pub cite: String,
}

impl Zh for FraudBody {
    const MEMBERS: Members = &[
        ("org", "单位编号。"),
        ("found_on", "认定日期。"),
        ("body", "查明的事实。"),
        ("cite", "所依据的条款或文件。"),
    ];
}

fn json(v: impl serde::Serialize) -> Result<Json<serde_json::Value>, AppError> {
    serde_json::to_value(v)
        .map(Json)
        .map_err(|e| AppError::Unexpected(Box::new(e)))
}

/// Records a fraud finding (the authority); the measure's ban and revocation follow.
#[utoipa::path(post, path = "/api/v1/fraud-findings", tag = "register",
    summary = "记录弄虚作假认定（认定机构）：随之适用办法规定的禁止申报；办法规定因弄虚作假自动取消资格的，该单位的有效众创空间即时取消资格。",
    security(("session" = []), ("bearer" = [])),
    request_body(content = FraudBody, content_type = "application/json"),
    responses(
        (status = 201, description = "已记录（及因此撤销的众创空间）", body = Object),
        (status = 400, description = "JSON 格式错误", body = ErrorBody),
        (status = 401, description = "未登录", body = ErrorBody),
        (status = 403, description = "非认定机构", body = ErrorBody),
        (status = 404, description = "没有该单位", body = ErrorBody),
        (status = 422, description = "输入有误", body = ErrorBody),
    ))]
pub async fn fraud(
    State(state): State<AppState>,
    user: Require<Authority>,
    ApiJson(body): ApiJson<FraudBody>,
) -> Result<(StatusCode, Json<serde_json::Value>), AppError> {
    let cw = service(&state)?;
    let out = cw
        .record_fraud(
            user.account.id,
            body.org,
            body.found_on,
            &body.body,
            &body.cite,
        )
        .await
        .map_err(from_casework)?;
    Ok((StatusCode::CREATED, json(out)?))
}

/// Every fraud finding, newest first, each with the bans on new applications it brings under
/// each measure (the authority, an administrator).
#[utoipa::path(get, path = "/api/v1/fraud-findings", tag = "register",
    summary = "全部弄虚作假认定（新的在前），每项列出各办法规定的禁止申报及其截止日（认定机构、系统管理员）。",
    security(("session" = []), ("bearer" = [])),
    responses(
        (status = 200, description = "认定列表：单位、日期、事实、依据，以及各办法的禁止申报（办法、名称、截止日、条款与原文）", body = [Object]),
        (status = 401, description = "未登录", body = ErrorBody),
        (status = 403, description = "非认定机构或系统管理员", body = ErrorBody),
    ))]
pub async fn fraud_findings(
    State(state): State<AppState>,
    _user: Require<Staff>,
) -> Result<Json<serde_json::Value>, AppError> {
    let out = service(&state)?
        .fraud_findings()
        .await
        .map_err(from_casework)?;
    json(out)
}

/// Runs the daily lifecycle evaluation for today (administrators); running it twice on a day
/// adds nothing.
#[utoipa::path(post, path = "/api/v1/tick", tag = "register",
    summary = "运行当天的每日生命周期评估（系统管理员）；同一天运行两次不会多出任何记录。",
    security(("session" = []), ("bearer" = [])),
    responses(
        (status = 200, description = "本次评估结果", body = Object),
        (status = 401, description = "未登录", body = ErrorBody),
        (status = 403, description = "非系统管理员", body = ErrorBody),
    ))]
pub async fn tick(
    State(state): State<AppState>,
    _admin: Require<Admin>,
) -> Result<Json<serde_json::Value>, AppError> {
    let cw = service(&state)?;
    let report = cw.tick(today(&cw)).await.map_err(from_casework)?;
    json(report)
}

/// Whether `user` may read the audit trail of `kind` `id`: an administrator every one; the
/// authority those of the cases, spaces, calls and appraisal rounds of its own measures and
/// area; a recommending unit those of the spaces and cases of its area; nobody else. An unknown record is as if hidden.
async fn may_read_trail(
    state: &AppState,
    user: &crate::auth::CurrentUser,
    kind: &str,
    id: &str,
) -> Result<bool, AppError> {
    use store::AccountRole;
    let acc = &user.account;
    if acc.role == AccountRole::Admin {
        return Ok(true);
    }
    let cw = service(state)?;
    // A recommending unit reads the trails the workbench shows it: of the spaces and cases it
    // may see (its area).
    if acc.role == AccountRole::RecommendingUnit {
        let Ok(n) = id.parse::<i64>() else {
            return Ok(false);
        };
        return Ok(match kind {
            "space" => cw
                .space(n)
                .await
                .is_ok_and(|s| crate::pages::work::may_see_space(state, user, &s)),
            "case" => cw
                .case(n)
                .await
                .is_ok_and(|c| crate::pages::work::may_see(state, user, &c)),
            _ => false,
        });
    }
    if acc.role != AccountRole::Authority {
        return Ok(false);
    }
    let covers = |measure: &str, region: Option<&str>| {
        state.library.get(measure).is_some_and(|m| match region {
            Some(r) => casework::authority_covers(m, acc, r),
            // A record of the whole measure (a call, a round): the authority of all of it.
            None => {
                casework::authority_covers(m, acc, m.measure.measure.jurisdiction.code.as_str())
            }
        })
    };
    let Ok(n) = id.parse::<i64>() else {
        return Ok(match kind {
            "call" => {
                let mut found = false;
                for m in state.library.measures() {
                    if cw.call(m.id(), id).await.ok().flatten().is_some() && covers(m.id(), None) {
                        found = true;
                    }
                }
                found
            }
            _ => false,
        });
    };
    Ok(match kind {
        "case" => match cw.case(n).await {
            Ok(c) => covers(&c.case.measure, Some(c.case.applicant_region.as_str())),
            Err(_) => false,
        },
        "space" => match cw.space(n).await {
            Ok(s) => covers(&s.measure, Some(&s.region)),
            Err(_) => false,
        },
        casework::appraisal_round::ROUND_SUBJECT => match cw.appraisal_round(n).await {
            Ok(r) => covers(&r.measure, None),
            Err(_) => false,
        },
        _ => false,
    })
}

/// The audit trail of one record: `case`, `space`, `call`, `appraisal_round` of the authority's
/// own measures and area; a recommending unit's spaces and cases (those its workbench shows);
/// any record for an administrator.
#[utoipa::path(get, path = "/api/v1/audit/{kind}/{id}", tag = "register",
    summary = "一项记录的审计记录：认定机构可查本机构办法和辖区内的 `case`、`space`、`call`、`appraisal_round`；推荐单位可查辖区内的 `case`、`space`（与审核工作台所示一致）；系统管理员可查全部（含 `account` 等）。",
    security(("session" = []), ("bearer" = [])),
    params(
        ("kind" = String, Path, description = "记录种类：case、space、call、account、expert_conflict…"),
        ("id" = String, Path, description = "记录编号"),
    ),
    responses(
        (status = 200, description = "审计记录（按链上顺序）", body = Vec<Object>),
        (status = 401, description = "未登录", body = ErrorBody),
        (status = 403, description = "该记录不在本机构的办法和辖区内，或本角色无权查看审计记录", body = ErrorBody),
        (status = 404, description = "没有该记录的审计记录", body = ErrorBody),
    ))]
pub async fn audit(
    State(state): State<AppState>,
    user: crate::auth::CurrentUser,
    Path((kind, id)): Path<(String, String)>,
) -> Result<Json<serde_json::Value>, AppError> {
    let allowed = may_read_trail(&state, &user, &kind, &id).await?;
    user.authorize(&format!("audit:{kind}:{id} view"), allowed)?;
    let store = state.store()?;
    let trail = store::audit::trail(store.db(), &kind, &id).await?;
    if trail.is_empty() {
        return Err(AppError::NotFound {
            message: format!("{kind} {id} 没有审计记录"),
            field: None,
        });
    }
    json(trail)
}
