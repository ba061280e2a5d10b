//! Expert review: `POST /api/v1/applications/{id}/experts` (the authority assigns; a conflict
//! of interest is refused with its reason), `POST /api/v1/applications/{id}/scores` (the
//! assigned expert only), `POST /api/v1/experts/conflicts` (an expert declares a relation).

use axum::Json;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use casework::NewConflict;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use store::AccountRole;
use utoipa::ToSchema;
use workflow::review::ConflictKind;

use super::access::{expert_conflicted, readable};
use super::views::CaseView;
use super::{expected_version, from_casework, service, today};
use crate::api::zh::{Members, Zh};
use crate::auth::{Authority, CurrentUser, Expert, Require};
use crate::error::{ApiJson, AppError, ErrorBody};
use crate::state::AppState;

/// An expert to assign.
#[derive(Debug, Deserialize, ToSchema)]
#[schema(description = "要指派的评审专家。")]
#[serde(deny_unknown_fields)]
pub struct AssignExpert {
    /// The expert's account id.
    pub expert: i64,
    /// The authority's written clearance of a soft relation.
    #[serde(default)]
    pub clearance: Option<String>,
    /// The version read (unless `If-Match` gives it).
    #[serde(default)]
    pub version: Option<i64>,
}

impl Zh for AssignExpert {
    const MEMBERS: Members = &[
        ("expert", "专家的账号编号。"),
        (
            "clearance",
            "存在一般利益关联（合作关系，或已结束的任职、持股、近亲属关系）时，认定机构的书面放行意见。",
        ),
        ("version", "所依据的版本号（未以 `If-Match` 头给出时）。"),
    ];
}

/// A score.
#[derive(Debug, Deserialize, ToSchema)]
#[schema(description = "一份评分。")]
#[serde(deny_unknown_fields)]
pub struct ScoreBody {
    /// 0–100.
    pub score: u32,
    /// The opinion.
    pub opinion: String,
    /// The version read (unless `If-Match` gives it).
    #[serde(default)]
    pub version: Option<i64>,
}

impl Zh for ScoreBody {
    const MEMBERS: Members = &[
        ("score", "分数，0–100。"),
        ("opinion", "评审意见。"),
        ("version", "所依据的版本号（未以 `If-Match` 头给出时）。"),
    ];
}

/// A conflict-of-interest relation to record.
#[derive(Debug, Deserialize, ToSchema)]
#[schema(description = "要登记的利益冲突关系。")]
#[serde(deny_unknown_fields)]
pub struct DeclareConflict {
    /// The expert (the authority records for an expert; an expert for itself, may be omitted).
    #[serde(default)]
    pub expert: Option<i64>,
    /// The organisation.
    pub org: i64,
    /// `employer`, `shareholding`, `family` or `collaboration`.
    #[schema(value_type = String, pattern = "^(employer|shareholding|family|collaboration)$")]
    pub kind: ConflictKind,
    /// From.
    #[schema(value_type = String, format = Date)]
    pub from: Date,
    /// Until (none: ongoing).
    #[serde(default)]
    #[schema(value_type = Option<String>, format = Date)]
    pub until: Option<Date>,
    /// Details.
    pub note: String,
}

impl Zh for DeclareConflict {
    const MEMBERS: Members = &[
        (
            "expert",
            "评审专家的账号编号（认定机构为专家登记时必填；专家登记本人的可省略）。",
        ),
        ("org", "与专家存在该关系的单位的编号。"),
        (
            "kind",
            "`employer`（任职）、`shareholding`（持股）、`family`（近亲属关系）或 `collaboration`（合作关系）。",
        ),
        ("from", "起始日期。"),
        ("until", "终止日期（不填表示仍在持续）。"),
        ("note", "具体情况。"),
    ];
}

/// A conflict recorded.
#[derive(Debug, Serialize, ToSchema)]
#[schema(description = "已登记的利益冲突关系。")]
pub struct ConflictRecorded {
    /// The record id.
    pub id: i64,
}

impl Zh for ConflictRecorded {
    const MEMBERS: Members = &[("id", "登记编号。")];
}

/// Assigns an expert to a case at its expert-review stage (the authority).
#[utoipa::path(post, path = "/api/v1/applications/{id}/experts", tag = "cases",
    summary = "在专家评审环节为案件指派评审专家（认定机构）。",
    security(("session" = []), ("bearer" = [])),
    params(("id" = i64, Path, description = "案件编号")),
    request_body(content = AssignExpert, content_type = "application/json"),
    responses(
        (status = 200, description = "已指派", body = CaseView),
        (status = 400, description = "JSON 格式错误", body = ErrorBody),
        (status = 401, description = "未登录", body = ErrorBody),
        (status = 403, description = "非认定机构，或所指账号不是评审专家", body = ErrorBody),
        (status = 404, description = "没有该案件或账号", body = ErrorBody),
        (status = 409, description = "版本已过时", body = ErrorBody),
        (status = 422, description = "存在利益冲突（写明理由），或案件不在专家评审环节", body = ErrorBody),
    ))]
pub async fn assign(
    State(state): State<AppState>,
    user: Require<Authority>,
    Path(id): Path<i64>,
    headers: HeaderMap,
    ApiJson(body): ApiJson<AssignExpert>,
) -> Result<Json<CaseView>, AppError> {
    let cw = service(&state)?;
    let rec = readable(&cw, &user, id).await?;
    let version = expected_version(&headers, body.version)?;
    // An expert never reviews its own organisation's case.
    let org: i64 = rec.case.applicant.0.parse().unwrap_or_default();
    if let Ok(e) = store::account::get(cw.store.db(), body.expert).await
        && e.organisation_id == Some(org)
    {
        return Err(AppError::Refused {
            code: "conflict_of_interest",
            message: format!("专家 {} 任职于申报单位，不得评审本单位的申报", e.id),
            field: Some("expert".into()),
        });
    }
    let rec = cw
        .assign_expert(
            id,
            version,
            user.account.id,
            body.expert,
            body.clearance.as_deref(),
            today(&cw),
        )
        .await
        .map_err(from_casework)?;
    Ok(Json(CaseView::of(&rec, user.role())))
}

/// Records the assigned expert's score and opinion (an expert with a conflict may not).
#[utoipa::path(post, path = "/api/v1/applications/{id}/scores", tag = "cases",
    summary = "记录被指派专家的评分与评审意见（存在利益冲突的专家不得评分）。",
    security(("session" = []), ("bearer" = [])),
    params(("id" = i64, Path, description = "案件编号")),
    request_body(content = ScoreBody, content_type = "application/json"),
    responses(
        (status = 200, description = "已评分", body = CaseView),
        (status = 400, description = "JSON 格式错误", body = ErrorBody),
        (status = 401, description = "未登录", body = ErrorBody),
        (status = 403, description = "非评审专家", body = ErrorBody),
        (status = 404, description = "没有该案件，或未被指派", body = ErrorBody),
        (status = 409, description = "版本已过时", body = ErrorBody),
        (status = 422, description = "分数超出范围，或案件不在专家评审环节", body = ErrorBody),
    ))]
pub async fn score(
    State(state): State<AppState>,
    user: Require<Expert>,
    Path(id): Path<i64>,
    headers: HeaderMap,
    ApiJson(body): ApiJson<ScoreBody>,
) -> Result<Json<CaseView>, AppError> {
    let cw = service(&state)?;
    // Not assigned, its own organisation's, or a declared conflict: the case is hidden.
    let rec = readable(&cw, &user, id).await?;
    let org: i64 = rec.case.applicant.0.parse().unwrap_or_default();
    if expert_conflicted(&cw, user.account.id, org, today(&cw)).await? {
        return Err(AppError::Refused {
            code: "conflict_of_interest",
            message: "专家与申报单位存在利益关联，不得评分".into(),
            field: Some("expert".into()),
        });
    }
    let version = expected_version(&headers, body.version)?;
    let rec = cw
        .score(id, version, user.account.id, body.score, &body.opinion)
        .await
        .map_err(from_casework)?;
    Ok(Json(CaseView::of(&rec, user.role())))
}

/// Records a conflict-of-interest relation: an expert its own, the authority any expert's.
#[utoipa::path(post, path = "/api/v1/experts/conflicts", tag = "cases",
    summary = "登记利益冲突关系：评审专家登记本人的，认定机构可为任一专家登记。",
    security(("session" = []), ("bearer" = [])),
    request_body(content = DeclareConflict, content_type = "application/json"),
    responses(
        (status = 201, description = "已登记", body = ConflictRecorded),
        (status = 400, description = "JSON 格式错误", body = ErrorBody),
        (status = 401, description = "未登录", body = ErrorBody),
        (status = 403, description = "非评审专家本人或认定机构", body = ErrorBody),
        (status = 404, description = "没有该单位或账号", body = ErrorBody),
        (status = 422, description = "输入有误", body = ErrorBody),
    ))]
pub async fn declare_conflict(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiJson(body): ApiJson<DeclareConflict>,
) -> Result<(StatusCode, Json<ConflictRecorded>), AppError> {
    let cw = service(&state)?;
    user.require_role(&[AccountRole::Expert, AccountRole::Authority])?;
    let expert = match (user.role(), body.expert) {
        (AccountRole::Expert, None) => user.account.id,
        (_, Some(e)) => e,
        (_, None) => return Err(AppError::invalid("expert", "缺少字段 expert")),
    };
    if user.role() == AccountRole::Expert {
        user.authorize("expert_conflict declare (own)", expert == user.account.id)?;
    }
    let id = cw
        .record_conflict(
            user.account.id,
            NewConflict {
                expert,
                org: body.org,
                kind: body.kind,
                from: body.from,
                until: body.until,
                note: body.note,
            },
        )
        .await
        .map_err(from_casework)?;
    Ok((StatusCode::CREATED, Json(ConflictRecorded { id })))
}
