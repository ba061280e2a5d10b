//! A recognised space's dossier, beyond its public register entry: what it owes today, what the
//! daily run found, what it filed (each filing readable whole), its subsidies and changes
//! (`GET /api/v1/register/{space_id}/dossier`, `…/filings/{filing_id}`); and the authority's
//! acts on it that are not appraisals: a change it learned of (`…/changes/noted`), a
//! discretionary revocation (`…/revocations`), the review of a reported change where the
//! measure has one (`…/changes/{n}/review`); the recommending unit's forwarding of a change
//! report where the measure routes reports through it (`…/changes/{n}/forwarding`, 内蒙古
//! 第十七条). The rectification report is the operator's
//! (`…/rectification-reports`).
//!
//! Who reads a dossier: the space's own operator (its applicants), the authority of its
//! measure's jurisdiction, the recommending unit whose area holds it, an administrator: the same
//! rule as the workbench's space page. Anyone else gets a 403 (the space itself is public).

use std::collections::BTreeMap;

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use casework::{FilingEntry, SpaceRecord};
use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use workflow::lifecycle::evaluate;
use workflow::review::{Measurement, Recheck};

use super::{from_casework, service, today};
use crate::api::zh::{Members, Zh};
use crate::auth::{Authority, CurrentUser, RecommendingUnit, Require};
use crate::error::{ApiJson, AppError, ErrorBody};
use crate::pages::work::{FindingView, filing_label, filing_period, finding_view, may_see_space};
use crate::state::AppState;

/// A duty or finding in words.
#[derive(Debug, Serialize, ToSchema)]
#[schema(description = "义务或发现事项（文字说明）。")]
pub struct FindingDoc {
    /// 待报送, 待考核, 待审核, 逾期, 逾期报告, 整改, 届满, 移出, 取消资格, 待决定取消.
    pub kind: String,
    /// What it is about.
    pub text: String,
    /// The date concerned.
    pub date: Option<String>,
    /// The article.
    pub cite: String,
    /// Overdue, or a ground for revocation.
    pub alert: bool,
    /// The day the daily run first found it (recorded findings only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub first_seen: Option<String>,
    /// The day it no longer held (recorded findings only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resolved_on: Option<String>,
}

impl Zh for FindingDoc {
    const MEMBERS: Members = &[
        (
            "kind",
            "类别：待报送、待考核、待审核、逾期、逾期报告、整改、届满、移出、取消资格、待决定取消。",
        ),
        ("text", "说明。"),
        ("date", "相关日期。"),
        ("cite", "依据条款。"),
        ("alert", "是否已逾期，或构成取消资格的情形。"),
        ("first_seen", "每日检查首次发现之日（仅已记录的发现事项）。"),
        ("resolved_on", "不再成立之日（仅已记录的发现事项）。"),
    ];
}

impl From<FindingView> for FindingDoc {
    fn from(v: FindingView) -> Self {
        Self {
            kind: v.kind.to_string(),
            text: v.text,
            date: v.date,
            cite: v.cite,
            alert: v.alert,
            first_seen: None,
            resolved_on: None,
        }
    }
}

/// A filing as listed.
#[derive(Debug, Serialize, ToSchema)]
#[schema(description = "一次报送（列表项）。")]
pub struct FilingLine {
    /// The filing id.
    pub id: i64,
    /// `statistics`, `annual_report`, `change_report`, `rectification_report`.
    pub kind: String,
    /// The kind in words.
    pub kind_label: String,
    /// The period as kept (`2026H2`, a year, a change's description).
    pub period: String,
    /// The period in words (`2026年下半年`).
    pub period_label: String,
    /// The day filed.
    #[schema(value_type = String, format = Date)]
    pub filed_on: Date,
    /// How many values jumped from the previous filing and are to be checked.
    pub flags: usize,
    /// The earlier filing of the same period this one corrects.
    pub corrects: Option<i64>,
    /// The later filing of the same period that corrects this one (that one counts).
    pub corrected_by: Option<i64>,
}

impl Zh for FilingLine {
    const MEMBERS: Members = &[
        ("id", "报送编号。"),
        (
            "kind",
            "类别：`statistics`（统计数据）、`annual_report`（年度工作报告）、`change_report`（重大事项变更报告）、`rectification_report`（整改报告）。",
        ),
        ("kind_label", "类别（文字）。"),
        ("period", "所属期间（原样）：统计期、年度，或变更事项。"),
        ("period_label", "所属期间（文字），如 2026年下半年。"),
        ("filed_on", "报送日期。"),
        ("flags", "较上期跳变、待核实的数值个数。"),
        ("corrects", "本报送更正的同期原报送编号。"),
        (
            "corrected_by",
            "更正本报送的同期新报送编号（以新报送为准）。",
        ),
    ];
}

impl From<&FilingEntry> for FilingLine {
    fn from(f: &FilingEntry) -> Self {
        Self {
            id: f.id,
            kind: f.kind.clone(),
            kind_label: filing_label(&f.kind).to_string(),
            period: f.period.clone(),
            period_label: filing_period(&f.kind, &f.period),
            filed_on: f.filed_on,
            flags: f.flags.as_array().map_or(0, Vec::len),
            corrects: f.corrects,
            corrected_by: f.corrected_by,
        }
    }
}

/// A filing whole.
#[derive(Debug, Serialize, ToSchema)]
#[schema(description = "一次报送（全文）。")]
pub struct FilingDoc {
    /// The filing as listed.
    pub filing: FilingLine,
    /// What was filed, as kept: the statistics' values by field, the report and plan, the
    /// change, the rectification report.
    #[schema(value_type = Object)]
    pub values: serde_json::Value,
    /// Each jump to check: the field and why.
    #[schema(value_type = Vec<Object>)]
    pub flag_details: serde_json::Value,
    /// The account that filed it (its id), or the actor without an account.
    pub filed_by: String,
}

impl Zh for FilingDoc {
    const MEMBERS: Members = &[
        ("filing", "报送（同列表项）。"),
        (
            "values",
            "报送内容（原样）：统计数据按字段，年度报告与计划，变更事项，整改报告。",
        ),
        ("flag_details", "待核实的跳变：字段与原因。"),
        ("filed_by", "报送账号编号，或无账号的操作方。"),
    ];
}

/// A subsidy granted.
#[derive(Debug, Serialize, ToSchema)]
#[schema(description = "已发放的补助。")]
pub struct SubsidyDoc {
    /// Why.
    pub reason: String,
    /// In fen (整数分).
    pub amount_fen: i64,
    /// The article.
    pub cite: String,
    /// When.
    #[schema(value_type = String, format = Date)]
    pub granted_on: Date,
}

impl Zh for SubsidyDoc {
    const MEMBERS: Members = &[
        ("reason", "发放原因。"),
        ("amount_fen", "金额（分）。"),
        ("cite", "依据条款。"),
        ("granted_on", "发放日期。"),
    ];
}

/// A material change, reported or not.
#[derive(Debug, Serialize, ToSchema)]
#[schema(description = "重大事项变更（已报告或未报告）。")]
pub struct ChangeDoc {
    /// Its number among the space's changes (from 1), for its review.
    pub n: usize,
    /// What changed.
    pub what: String,
    /// When it happened.
    #[schema(value_type = String, format = Date)]
    pub occurred_on: Date,
    /// When it was reported (none: not yet).
    #[schema(value_type = Option<String>, format = Date)]
    pub reported_on: Option<Date>,
    /// The authority's review, where the measure has one: `pending`, `agreed`, `refused`;
    /// none where the measure reviews no change or the change is not reported.
    pub review: Option<String>,
    /// The day reviewed.
    #[schema(value_type = Option<String>, format = Date)]
    pub reviewed_on: Option<Date>,
    /// The reviewer's facts and reasons.
    pub review_note: Option<String>,
    /// The facts after the change beside the record before it, where the report gave them.
    #[schema(value_type = Vec<Object>)]
    pub facts: Vec<Measurement>,
    /// The measure's conditions checked again on the facts after the change: as the reviewer
    /// weighed them, or as they stand today while the change waits.
    #[schema(value_type = Option<Object>)]
    pub recheck: Option<Recheck>,
    /// Where the measure routes reports through the body of the space's area: `pending`
    /// (reported, not yet passed on) or `done`; none otherwise.
    pub forwarding: Option<String>,
    /// The day passed on.
    #[schema(value_type = Option<String>, format = Date)]
    pub forwarded_on: Option<Date>,
    /// The forwarding body's opinion.
    pub forward_note: Option<String>,
}

impl Zh for ChangeDoc {
    const MEMBERS: Members = &[
        ("n", "在该众创空间变更中的序号（从 1 起），审核时引用。"),
        ("what", "变更事项。"),
        ("occurred_on", "变化发生日期。"),
        ("reported_on", "报告日期（无：尚未报告）。"),
        (
            "review",
            "认定机构的审核（办法规定审核的）：`pending` 待审核、`agreed` 同意变更、`refused` 不同意变更（已取消资格）；办法未规定审核或尚未报告的为空。",
        ),
        ("reviewed_on", "审核日期。"),
        ("review_note", "审核意见（事实和理由）。"),
        (
            "facts",
            "报告的变化后情况，逐项与登记在案的数值并列：`fact` 事实名称、`label` 名称、`declared` 变化前、`found` 变化后、`differs` 是否不同；报告未填写的为空。",
        ),
        (
            "recheck",
            "按变化后的情况重新核对办法的条件：`verdict` 结论、`declared_verdict` 变化前的结论、`summary` 说明、`changed` 结论有变化的条件（`declared` 变化前、`measured` 变化后）。已审核的为审核时所见，待审核的为今天的核对；未填写变化后情况或无申报档案（导入名录）的为空。",
        ),
        (
            "forwarding",
            "办法规定经所属地管理部门报备的（如内蒙古第十七条）：`pending` 待转报、`done` 已转报；其他为空。",
        ),
        ("forwarded_on", "转报日期。"),
        ("forward_note", "转报意见。"),
    ];
}

/// A space's dossier.
#[derive(Debug, Serialize, ToSchema)]
#[schema(description = "众创空间的报送与义务档案。")]
pub struct DossierDoc {
    /// The space.
    pub space_id: i64,
    /// Its register entry: name, operator, measure, status, dates.
    pub entry: super::views::RegisterEntry,
    /// Its appraisal results, oldest first.
    pub appraisals: Vec<super::register::AppraisalResultEntry>,
    /// The day the duties are evaluated on (today in China).
    #[schema(value_type = String, format = Date)]
    pub on: Date,
    /// The duties as they stand on that day: due, overdue, filed late, rectification, expiry.
    pub obligations: Vec<FindingDoc>,
    /// What the daily run recorded, newest first.
    pub findings: Vec<FindingDoc>,
    /// The filings, newest first.
    pub filings: Vec<FilingLine>,
    /// The subsidies granted.
    pub subsidies: Vec<SubsidyDoc>,
    /// The material changes, reported or not.
    pub changes: Vec<ChangeDoc>,
}

impl Zh for DossierDoc {
    const MEMBERS: Members = &[
        ("space_id", "名录编号。"),
        ("entry", "名录条目：名称、运营单位、办法、状态、日期。"),
        ("appraisals", "考核结果，早的在前。"),
        ("on", "义务的评估日期（中国时间的今天）。"),
        (
            "obligations",
            "该日的义务：待报送、逾期、逾期报告、整改、届满等。",
        ),
        ("findings", "每日检查记录的发现事项，新的在前。"),
        ("filings", "报送记录，新的在前。"),
        ("subsidies", "已发放的补助。"),
        ("changes", "重大事项变更，已报告或未报告。"),
    ];
}

/// The space, if the account may read its dossier (403 otherwise, logged).
async fn readable_space(
    state: &AppState,
    user: &CurrentUser,
    space_id: i64,
) -> Result<SpaceRecord, AppError> {
    let s = service(state)?
        .space(space_id)
        .await
        .map_err(from_casework)?;
    let own = user.account.organisation_id == Some(s.org_id)
        && user.account.role == store::AccountRole::Applicant;
    user.authorize(
        &format!("space:{space_id} dossier"),
        own || may_see_space(state, user, &s),
    )?;
    Ok(s)
}

/// A space's dossier: duties today, findings, filings, subsidies, changes.
#[utoipa::path(get, path = "/api/v1/register/{space_id}/dossier", tag = "register",
    summary = "众创空间的报送与义务档案：当日义务、每日检查的发现事项、报送记录、补助、重大事项变更（该众创空间的运营单位、管辖的认定/备案机构、所在地推荐单位、管理员）。",
    security(("session" = []), ("bearer" = [])),
    params(("space_id" = i64, Path, description = "名录编号")),
    responses(
        (status = 200, description = "档案", body = DossierDoc),
        (status = 400, description = "编号有误", body = ErrorBody),
        (status = 401, description = "未登录", body = ErrorBody),
        (status = 403, description = "无权查看该众创空间的档案", body = ErrorBody),
        (status = 404, description = "没有该众创空间", body = ErrorBody),
    ))]
pub async fn dossier(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(space_id): Path<i64>,
) -> Result<Json<DossierDoc>, AppError> {
    let s = readable_space(&state, &user, space_id).await?;
    let cw = service(&state)?;
    let m = state
        .library
        .get(&s.measure)
        .ok_or_else(|| AppError::unknown_policy(&s.measure, None))?;
    let appraisal = m.measure.appraisal.as_ref().map(|a| a.id.as_str());
    let on = today(&cw);
    let obligations = evaluate(&state.library, m, &s.space, on)
        .iter()
        .map(|f| finding_view(f, appraisal).into())
        .collect();
    let findings = cw
        .findings(s.id)
        .await
        .map_err(from_casework)?
        .iter()
        .rev()
        .map(|f| FindingDoc {
            first_seen: Some(f.first_seen.to_string()),
            resolved_on: f.resolved_on.map(|d| d.to_string()),
            ..finding_view(&f.finding, appraisal).into()
        })
        .collect();
    let filings = cw
        .filings_of(s.id)
        .await
        .map_err(from_casework)?
        .iter()
        .map(FilingLine::from)
        .collect();
    let subsidies = cw
        .subsidies(s.id)
        .await
        .map_err(from_casework)?
        .into_iter()
        .map(|x| SubsidyDoc {
            reason: x.reason,
            amount_fen: x.amount_fen,
            cite: x.cite,
            granted_on: x.granted_on,
        })
        .collect();
    // Only an active space has anything waiting: a revoked one's changes are moot.
    let active = s.status == workflow::lifecycle::SpaceStatus::Active;
    let reviewed = active && m.measure.change_review().is_some();
    let forwarded = active && m.measure.change_forwarding().is_some();
    let weighed = cw.weighed_changes(&s, on).await.map_err(from_casework)?;
    let changes = s
        .space
        .changes
        .iter()
        .zip(weighed)
        .enumerate()
        .map(|(i, (c, w))| ChangeDoc {
            n: i + 1,
            what: c.what.clone(),
            occurred_on: c.occurred_on,
            reported_on: c.reported_on,
            review: match &c.review {
                Some(r) => Some(if r.agreed { "agreed" } else { "refused" }.into()),
                None if c.awaiting_review(reviewed) => Some("pending".into()),
                None => None,
            },
            reviewed_on: c.review.as_ref().map(|r| r.on),
            review_note: c.review.as_ref().map(|r| r.note.clone()),
            facts: w.as_ref().map(|w| w.facts.clone()).unwrap_or_default(),
            recheck: w.and_then(|w| w.recheck),
            forwarding: match (&c.forwarded, forwarded) {
                (Some(_), _) => Some("done".into()),
                (None, true) if c.reported_on.is_some() => Some("pending".into()),
                _ => None,
            },
            forwarded_on: c.forwarded.as_ref().map(|f| f.on),
            forward_note: c
                .forwarded
                .as_ref()
                .map(|f| f.note.clone())
                .filter(|n| !n.is_empty()),
        })
        .collect();
    Ok(Json(DossierDoc {
        space_id: s.id,
        entry: super::views::RegisterEntry::of(&s, &state.library.regions),
        appraisals: super::register::results(&state, &s),
        on,
        obligations,
        findings,
        filings,
        subsidies,
        changes,
    }))
}

/// One filing of a space, whole.
#[utoipa::path(get, path = "/api/v1/register/{space_id}/filings/{filing_id}", tag = "register",
    summary = "众创空间的一次报送（全文）：报送内容、待核实的跳变、报送人（可查看档案者）。",
    security(("session" = []), ("bearer" = [])),
    params(
        ("space_id" = i64, Path, description = "名录编号"),
        ("filing_id" = i64, Path, description = "报送编号"),
    ),
    responses(
        (status = 200, description = "报送全文", body = FilingDoc),
        (status = 400, description = "编号有误", body = ErrorBody),
        (status = 401, description = "未登录", body = ErrorBody),
        (status = 403, description = "无权查看该众创空间的档案", body = ErrorBody),
        (status = 404, description = "没有该众创空间，或该众创空间没有这次报送", body = ErrorBody),
    ))]
pub async fn filing(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((space_id, filing_id)): Path<(i64, i64)>,
) -> Result<Json<FilingDoc>, AppError> {
    let s = readable_space(&state, &user, space_id).await?;
    let f = service(&state)?
        .filing_of(s.id, filing_id)
        .await
        .map_err(from_casework)?;
    Ok(Json(FilingDoc {
        filing: FilingLine::from(&f),
        values: f.values,
        flag_details: f.flags,
        filed_by: f.filed_by,
    }))
}

/// A material change the authority learned of.
#[derive(Debug, Deserialize, ToSchema)]
#[schema(description = "认定机构获知的、运营单位未报告的重大事项变更。")]
#[serde(deny_unknown_fields)]
pub struct NotedChangeBody {
    /// What changed.
    pub what: String,
    /// When it happened.
    #[schema(value_type = String, format = Date)]
    pub occurred_on: Date,
    /// The facts after the change, where the authority knows them (as `ChangeBody::facts`).
    #[serde(default)]
    #[schema(value_type = Object)]
    pub facts: BTreeMap<String, serde_json::Value>,
}

impl Zh for NotedChangeBody {
    const MEMBERS: Members = &[
        ("what", "变更事项（不能为空）。"),
        ("occurred_on", "变化发生日期（YYYY-MM-DD）。"),
        ("facts", super::register::CHANGED_FACTS),
    ];
}

/// Records a material change the operator has not reported (the authority); the daily run then
/// watches its reporting period.
#[utoipa::path(post, path = "/api/v1/register/{space_id}/changes/noted", tag = "register",
    summary = "登记运营单位未报告的重大事项变更（认定/备案机构，如现场检查或投诉中获知）；此后每日检查按办法的报告期限跟踪。",
    security(("session" = []), ("bearer" = [])),
    params(("space_id" = i64, Path, description = "名录编号")),
    request_body(content = NotedChangeBody, content_type = "application/json"),
    responses(
        (status = 204, description = "已登记"),
        (status = 400, description = "JSON 格式错误", body = ErrorBody),
        (status = 401, description = "未登录", body = ErrorBody),
        (status = 403, description = "不是管辖该众创空间的认定/备案机构", body = ErrorBody),
        (status = 404, description = "没有该众创空间", body = ErrorBody),
        (status = 422, description = "输入有误、办法未规定报告重大事项变更，或不在有效名录中", body = ErrorBody),
    ))]
pub async fn note_change(
    State(state): State<AppState>,
    user: Require<Authority>,
    Path(space_id): Path<i64>,
    ApiJson(body): ApiJson<NotedChangeBody>,
) -> Result<StatusCode, AppError> {
    let what = body.what.trim();
    if what.is_empty() {
        return Err(AppError::invalid("what", "重大事项变更内容不能为空"));
    }
    service(&state)?
        .note_change(
            space_id,
            user.account.id,
            what,
            &body.facts,
            body.occurred_on,
        )
        .await
        .map_err(from_casework)?;
    Ok(StatusCode::NO_CONTENT)
}

/// A discretionary revocation.
#[derive(Debug, Deserialize, ToSchema)]
#[schema(description = "认定机构裁量取消众创空间资格。")]
#[serde(deny_unknown_fields)]
pub struct RevocationBody {
    /// The ground: a revocation id of the measure that the authority decides.
    pub revocation: String,
    /// The day of the decision (default today).
    #[serde(default)]
    #[schema(value_type = Option<String>, format = Date)]
    pub on: Option<Date>,
    /// The facts and reasons.
    pub reason: String,
}

impl Zh for RevocationBody {
    const MEMBERS: Members = &[
        (
            "revocation",
            "取消资格的情形：办法中由认定机构裁量决定的情形编号（见 `GET /api/v1/policies/{id}`）。",
        ),
        ("on", "决定日期（缺省为今天）。"),
        ("reason", "取消资格所依据的事实和理由（不能为空）。"),
    ];
}

/// The status change a revocation made.
#[derive(Debug, Serialize, ToSchema)]
#[schema(description = "取消资格后的名录状态。")]
pub struct Revoked {
    /// The space.
    pub space_id: i64,
    /// The new status (`revoked`).
    pub status: String,
    /// The article.
    pub cite: String,
}

impl Zh for Revoked {
    const MEMBERS: Members = &[
        ("space_id", "名录编号。"),
        ("status", "新的名录状态（`revoked`）。"),
        ("cite", "依据条款。"),
    ];
}

/// Revokes a recognised space on a discretionary ground of its measure (the authority).
#[utoipa::path(post, path = "/api/v1/register/{space_id}/revocations", tag = "register",
    summary = "按办法中由认定机构裁量的情形取消众创空间资格，写明事实和理由（认定/备案机构）；自动适用的情形由每日检查执行，不在此列。",
    security(("session" = []), ("bearer" = [])),
    params(("space_id" = i64, Path, description = "名录编号")),
    request_body(content = RevocationBody, content_type = "application/json"),
    responses(
        (status = 201, description = "已取消资格", body = Revoked),
        (status = 400, description = "JSON 格式错误", body = ErrorBody),
        (status = 401, description = "未登录", body = ErrorBody),
        (status = 403, description = "不是管辖该众创空间的认定/备案机构", body = ErrorBody),
        (status = 404, description = "没有该众创空间", body = ErrorBody),
        (status = 422, description = "情形不存在、不属裁量、当日不成立，理由为空，日期早于认定，或不在有效名录中", body = ErrorBody),
    ))]
pub async fn revoke(
    State(state): State<AppState>,
    user: Require<Authority>,
    Path(space_id): Path<i64>,
    ApiJson(body): ApiJson<RevocationBody>,
) -> Result<(StatusCode, Json<Revoked>), AppError> {
    let cw = service(&state)?;
    let on = body.on.unwrap_or_else(|| today(&cw));
    let change = cw
        .revoke(
            space_id,
            user.account.id,
            body.revocation.trim(),
            on,
            body.reason.trim(),
        )
        .await
        .map_err(from_casework)?;
    Ok((
        StatusCode::CREATED,
        Json(Revoked {
            space_id,
            status: casework::status_str(change.status).to_string(),
            cite: change.cite,
        }),
    ))
}

/// A rectification report.
#[derive(Debug, Deserialize, ToSchema)]
#[schema(description = "整改报告。")]
#[serde(deny_unknown_fields)]
pub struct RectificationBody {
    /// What was rectified.
    pub text: String,
}

impl Zh for RectificationBody {
    const MEMBERS: Members = &[("text", "整改情况（不能为空）。附件请在网页上传。")];
}

/// Files a rectification report for a space under rectification (its operator).
#[utoipa::path(post, path = "/api/v1/register/{space_id}/rectification-reports", tag = "register",
    summary = "报送整改报告（考核不合格、限期整改中的众创空间的运营单位），整改期限届满后不予受理。",
    security(("session" = []), ("bearer" = [])),
    params(("space_id" = i64, Path, description = "名录编号")),
    request_body(content = RectificationBody, content_type = "application/json"),
    responses(
        (status = 201, description = "已受理", body = super::register::FilingAccepted),
        (status = 400, description = "JSON 格式错误", body = ErrorBody),
        (status = 401, description = "未登录", body = ErrorBody),
        (status = 403, description = "不是该众创空间的运营单位", body = ErrorBody),
        (status = 404, description = "没有该众创空间", body = ErrorBody),
        (status = 422, description = "未在整改中、整改期限已过、内容为空或过长", body = ErrorBody),
    ))]
pub async fn rectification(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(space_id): Path<i64>,
    ApiJson(body): ApiJson<RectificationBody>,
) -> Result<(StatusCode, Json<super::register::FilingAccepted>), AppError> {
    let cw = service(&state)?;
    let r = cw
        .file_rectification(space_id, user.account.id, &body.text, None, today(&cw))
        .await
        .map_err(from_casework)?;
    Ok((
        StatusCode::CREATED,
        Json(super::register::FilingAccepted::plain(r.id)),
    ))
}

/// The authority's review of a reported change.
#[derive(Debug, Deserialize, ToSchema)]
#[schema(description = "认定机构对已报告的重大事项变更的审核。")]
#[serde(deny_unknown_fields)]
pub struct ReviewBody {
    /// Agreed (同意变更), or not (the space is then revoked on the measure's ground).
    pub agreed: bool,
    /// The facts and reasons (required where not agreed).
    #[serde(default)]
    pub note: String,
    /// The day of the review (default today).
    #[serde(default)]
    #[schema(value_type = Option<String>, format = Date)]
    pub on: Option<Date>,
}

impl Zh for ReviewBody {
    const MEMBERS: Members = &[
        (
            "agreed",
            "是否同意变更；不同意的，按办法以“变化后不符合本办法要求”取消资格。",
        ),
        ("note", "审核意见：事实和理由（不同意时必填）。"),
        ("on", "审核日期（缺省为今天）。"),
    ];
}

/// What a review decided.
#[derive(Debug, Serialize, ToSchema)]
#[schema(description = "审核结果。")]
pub struct Reviewed {
    /// The change's number.
    pub n: usize,
    /// Agreed or not.
    pub agreed: bool,
    /// The space's status after (`revoked` where not agreed).
    pub status: String,
    /// The article followed.
    pub cite: String,
}

impl Zh for Reviewed {
    const MEMBERS: Members = &[
        ("n", "变更序号。"),
        ("agreed", "是否同意变更。"),
        ("status", "审核后的名录状态（不同意的为 `revoked`）。"),
        ("cite", "依据条款。"),
    ];
}

/// Reviews the `n`th change of a space (the authority), where its measure has a review.
#[utoipa::path(post, path = "/api/v1/register/{space_id}/changes/{n}/review", tag = "register",
    summary = "审核重大事项变更（认定/备案机构，办法规定审核的，如鞍山第八条）：同意变更；或不同意，写明事实和理由，按办法取消资格。已报告的变化待审核；认定机构登记的未报告变化也可审核（运营单位仍须报告）。",
    security(("session" = []), ("bearer" = [])),
    params(
        ("space_id" = i64, Path, description = "名录编号"),
        ("n" = usize, Path, description = "变更序号（见档案 changes[].n）"),
    ),
    request_body(content = ReviewBody, content_type = "application/json"),
    responses(
        (status = 200, description = "已审核", body = Reviewed),
        (status = 400, description = "JSON 格式错误", body = ErrorBody),
        (status = 401, description = "未登录", body = ErrorBody),
        (status = 403, description = "不是管辖该众创空间的认定/备案机构", body = ErrorBody),
        (status = 404, description = "没有该众创空间", body = ErrorBody),
        (status = 422, description = "办法未规定审核、没有该项变更或已审核、不同意而未写理由、按变化后的情况核对不符合条件而同意却未写理由、日期早于报告（认定机构登记的未报告变化：早于变化发生）或晚于今天，或不在有效名录中", body = ErrorBody),
    ))]
pub async fn review_change(
    State(state): State<AppState>,
    user: Require<Authority>,
    Path((space_id, n)): Path<(i64, usize)>,
    ApiJson(body): ApiJson<ReviewBody>,
) -> Result<Json<Reviewed>, AppError> {
    let cw = service(&state)?;
    let on = body.on.unwrap_or_else(|| today(&cw));
    let r = cw
        .review_change(space_id, user.account.id, n, body.agreed, &body.note, on)
        .await
        .map_err(from_casework)?;
    Ok(Json(Reviewed {
        n: r.n,
        agreed: r.agreed,
        status: casework::status_str(r.status).to_string(),
        cite: r.cite,
    }))
}

/// A change report passed on (转报).
#[derive(Debug, Deserialize, ToSchema)]
#[schema(description = "转报重大事项变更报告。")]
#[serde(deny_unknown_fields)]
pub struct ForwardBody {
    /// The unit's opinion (may be empty).
    #[serde(default)]
    pub note: String,
    /// The day (default today).
    #[serde(default)]
    #[schema(value_type = Option<String>, format = Date)]
    pub on: Option<Date>,
}

impl Zh for ForwardBody {
    const MEMBERS: Members = &[
        ("note", "转报意见（选填）。"),
        ("on", "转报日期（缺省为今天；不早于报告日期）。"),
    ];
}

/// Passes the `n`th change of a space on to the authority (the recommending unit of its area),
/// where its measure routes reports through one.
#[utoipa::path(post, path = "/api/v1/register/{space_id}/changes/{n}/forwarding", tag = "register",
    summary = "转报运营单位报告的重大事项变更（推荐单位，办法规定经所属地管理部门报备的，如内蒙古第十七条）：辖区包含该众创空间的推荐单位转报认定机构，可附意见。",
    security(("session" = []), ("bearer" = [])),
    params(
        ("space_id" = i64, Path, description = "名录编号"),
        ("n" = usize, Path, description = "变更序号（见档案 changes[].n）"),
    ),
    request_body(content = ForwardBody, content_type = "application/json"),
    responses(
        (status = 204, description = "已转报"),
        (status = 400, description = "JSON 格式错误", body = ErrorBody),
        (status = 401, description = "未登录", body = ErrorBody),
        (status = 403, description = "不是该众创空间所在地区、承担转报的推荐单位", body = ErrorBody),
        (status = 404, description = "没有该众创空间", body = ErrorBody),
        (status = 422, description = "办法未规定转报、没有该项变更、尚未报告或已转报、日期早于报告或晚于今天，或不在有效名录中", body = ErrorBody),
    ))]
pub async fn forward_change(
    State(state): State<AppState>,
    user: Require<RecommendingUnit>,
    Path((space_id, n)): Path<(i64, usize)>,
    ApiJson(body): ApiJson<ForwardBody>,
) -> Result<StatusCode, AppError> {
    let cw = service(&state)?;
    let on = body.on.unwrap_or_else(|| today(&cw));
    cw.forward_change(space_id, user.account.id, n, &body.note, on)
        .await
        .map_err(from_casework)?;
    Ok(StatusCode::NO_CONTENT)
}
