//! Who sees a recognised space in the workbench, and its page (`GET /workbench/spaces/{id}`):
//! the record, status and validity; obligations due and overdue with their dates and articles;
//! what the daily evaluation found; filings; appraisals with their per-item breakdown; subsidies;
//! changes; the audit trail; and, for the authority, the appraisal and revocation actions.

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use casework::{CaseworkError, SpaceRecord};
use minijinja::context;
use minijinja::value::Serde;
use policy::LoadedMeasure;
use serde::Serialize;
use store::AccountRole;
use workflow::lifecycle::{SpaceStatus, evaluate};

use super::super::form::{Echo, Failed};
use super::super::work;
pub(super) use super::super::work::{FindingView, finding_view, may_see_space};
use super::STAFF;
use crate::auth::{CurrentUser, MaybeUser};
use crate::error::AppError;
use crate::state::AppState;

/// The spaces of the register the account may see.
pub(super) async fn spaces_in_scope(
    state: &AppState,
    user: &CurrentUser,
) -> Result<Vec<SpaceRecord>, AppError> {
    let cw = work::casework(state)?;
    let all = cw
        .register(&casework::RegisterFilter::default(), casework::Page::ALL)
        .await
        .map_err(|e| work::cw_error(e, "space"))?;
    Ok(all
        .items
        .into_iter()
        .filter(|s| may_see_space(state, user, s))
        .collect())
}

/// Loads a space the account may see (404 otherwise, as if absent; logged).
pub(super) async fn visible_space(
    state: &AppState,
    user: &CurrentUser,
    id: i64,
) -> Result<SpaceRecord, AppError> {
    let cw = work::casework(state)?;
    let hidden = || format!("众创空间 {id} 不存在");
    let s = cw.space(id).await.map_err(|e| match e {
        CaseworkError::NotFound { .. }
        | CaseworkError::Store(store::StoreError::NotFound { .. }) => AppError::NotFound {
            message: hidden(),
            field: None,
        },
        other => work::cw_error(other, "space"),
    })?;
    user.authorize_or_hide(
        &format!("space:{id} view"),
        may_see_space(state, user, &s),
        hidden(),
    )?;
    Ok(s)
}

/// The measure of a space.
pub(super) fn measure_of<'a>(
    state: &'a AppState,
    s: &SpaceRecord,
) -> Result<&'a LoadedMeasure, AppError> {
    state
        .library
        .get(&s.measure)
        .ok_or_else(|| AppError::unknown_policy(&s.measure, None))
}

pub(super) use casework::status_label;

#[derive(Serialize)]
struct RecordedFinding {
    #[serde(flatten)]
    view: FindingView,
    first_seen: String,
    resolved_on: Option<String>,
}

#[derive(Serialize)]
struct AppraisalView {
    id: i64,
    on: String,
    grade: String,
    total: Option<String>,
    breakdown: String,
}

#[derive(Serialize)]
struct SubsidyView {
    reason: String,
    yuan: String,
    cite: String,
    granted_on: String,
}

/// A discretionary ground of revocation, for the form.
#[derive(Serialize)]
struct GroundView {
    id: String,
    label: String,
    cite: String,
    quote: String,
    reading: Option<String>,
}

/// A choice of a record form (a list the measure names, or a category).
#[derive(Serialize)]
struct ChoiceView {
    id: String,
    label: String,
}

/// A record form's rule: the article, its words, the reading and the choices.
#[derive(Serialize)]
struct RecordRule {
    label: String,
    cite: String,
    quote: String,
    reading: Option<String>,
    automatic: bool,
    choices: Vec<ChoiceView>,
}

/// Another body's decision as recorded on the space.
#[derive(Serialize)]
struct OfficialView {
    kind: &'static str,
    what: String,
    decided_on: String,
    by: String,
    document: Option<String>,
    reason: String,
    evidence: Option<i64>,
    recorded_on: String,
}

/// The measure's blacklist ground, for the form.
fn blacklist_rule(m: &LoadedMeasure) -> Option<RecordRule> {
    let r = casework::listings::blacklist_ground(m)?;
    Some(RecordRule {
        label: r.label.clone(),
        cite: r.cite.to_string(),
        quote: r.quote.clone(),
        reading: r.reading.clone(),
        automatic: r.automatic,
        choices: casework::listings::lists(r)
            .iter()
            .map(|l| ChoiceView {
                id: l.id.clone(),
                label: l.label.clone(),
            })
            .collect(),
    })
}

/// The measure's exclusion of other carriers, for the form.
fn scope_rule(state: &AppState, m: &LoadedMeasure) -> Option<RecordRule> {
    let e = m.measure.exclusion.first()?;
    Some(RecordRule {
        label: e.label.clone(),
        cite: e.cite.to_string(),
        quote: e.quote.clone(),
        reading: e.reading.clone(),
        automatic: true,
        choices: casework::listings::scope_categories(&state.library, m)
            .into_iter()
            .map(|(id, label)| ChoiceView { id, label })
            .collect(),
    })
}

/// The records of other bodies' decisions on a space, in words.
fn official_records(state: &AppState, m: &LoadedMeasure, s: &SpaceRecord) -> Vec<OfficialView> {
    let mut out = Vec::new();
    if let (Some(on), Some(r)) = (s.space.blacklisted_on, &s.space.blacklisting) {
        let what = casework::listings::blacklist_ground(m)
            .and_then(|g| casework::listings::lists(g).iter().find(|l| l.id == r.what))
            .map_or_else(|| r.what.clone(), |l| l.label.clone());
        out.push(official("列入失信名单等", what, on, r));
    }
    if let (Some((choice, on)), Some(r)) = (&s.space.became, &s.space.became_record) {
        let what = casework::listings::scope_categories(&state.library, m)
            .into_iter()
            .find(|(id, _)| id == choice)
            .map_or_else(|| choice.clone(), |(_, l)| format!("认定（备案）为{l}"));
        out.push(official("认定为其他载体", what, *on, r));
    }
    out
}

fn official(
    kind: &'static str,
    what: String,
    on: jiff::civil::Date,
    r: &workflow::lifecycle::OfficialRecord,
) -> OfficialView {
    OfficialView {
        kind,
        what,
        decided_on: on.to_string(),
        by: r.by.clone(),
        document: r.document.clone(),
        reason: r.reason.clone(),
        evidence: r.evidence,
        recorded_on: r.recorded_on.to_string(),
    }
}

fn action_label(a: &str) -> &str {
    match a {
        "recognise" => "认定入库",
        "file_statistics" => "统计数据上报",
        "file_annual_report" => "报送年度工作报告",
        "report_change" => "报告变更",
        "note_change" => "登记重大事项变更",
        "review_change" => "审核重大事项变更",
        "request_filing" => "要求报送统计数据",
        "withdraw_request" => "撤回报送要求",
        "forward_change" => "转报重大事项变更",
        "appraise" => "记录绩效考核",
        "revoke" => "取消资格",
        "expire" => "有效期届满",
        "exclude" => "移出管理范围",
        "restore" => "恢复",
        "fraud_found" => "认定弄虚作假",
        "blacklist" => "登记列入失信名单等",
        "became" => "登记认定为其他载体",
        other => other,
    }
}

/// Yuan from fen, exactly (`12345` → `123.45`).
pub(super) fn yuan(fen: i64) -> String {
    let sign = if fen < 0 { "-" } else { "" };
    let f = fen.unsigned_abs();
    if f.is_multiple_of(100) {
        format!("{sign}{}", f / 100)
    } else {
        format!("{sign}{}.{:02}", f / 100, f % 100)
    }
}

/// Renders the space page (with a failed form's values and errors, 422).
pub(super) async fn render_space(
    state: &AppState,
    user: &CurrentUser,
    s: &SpaceRecord,
    failed: Option<Failed<'_>>,
) -> Result<Response, AppError> {
    render_space_with(state, user, s, failed, None).await
}

/// What the authority decided on the `n`th change (from 1), read from the record, for the
/// message after the review (the same after a reload or a plain form's redirect).
pub(super) fn review_notice(m: &LoadedMeasure, s: &SpaceRecord, n: usize) -> Option<String> {
    let words = m.measure.change_review()?;
    let c = s.space.changes.get(n.checked_sub(1)?)?;
    let r = c.review.as_ref()?;
    let mut notice = format!(
        "{}：第 {n} 项变更「{}」{}（{}）",
        words.label,
        c.what,
        words.outcome_word(r.agreed),
        r.on
    );
    if !r.agreed {
        let ground = m
            .measure
            .revocation
            .iter()
            .find(|x| x.id == words.refused)
            .map_or(words.refused.as_str(), |x| x.label.as_str());
        notice.push_str(&format!("，已按「{ground}」取消资格"));
    }
    Some(notice)
}

/// [`render_space`] with a message of what was just done.
pub(super) async fn render_space_with(
    state: &AppState,
    user: &CurrentUser,
    s: &SpaceRecord,
    failed: Option<Failed<'_>>,
    notice: Option<String>,
) -> Result<Response, AppError> {
    let cw = work::casework(state)?;
    let m = measure_of(state, s)?;
    let today = work::today(state);
    let err = |e| work::cw_error(e, "space");
    let appraisal = m.measure.appraisal.as_ref().map(|a| a.id.as_str());
    let obligations: Vec<FindingView> = evaluate(&state.library, m, &s.space, today)
        .iter()
        .map(|f| finding_view(f, appraisal))
        .collect();
    let findings: Vec<RecordedFinding> = cw
        .findings(s.id)
        .await
        .map_err(err)?
        .iter()
        .rev()
        .map(|f| RecordedFinding {
            view: finding_view(&f.finding, appraisal),
            first_seen: f.first_seen.to_string(),
            resolved_on: f.resolved_on.map(|d| d.to_string()),
        })
        .collect();
    let mut appraisals = Vec::new();
    for a in cw.appraisals_of(s.id).await.map_err(err)? {
        let breakdown = super::super::render(
            state,
            "partials/appraisal_result.html",
            context! { a => Serde(&a.result) },
        )?;
        appraisals.push(AppraisalView {
            id: a.id,
            on: a.on.to_string(),
            grade: grade_label(m, &a.grade),
            total: a.total,
            breakdown,
        });
    }
    let filings: Vec<work::FilingRow> = cw
        .filings_of(s.id)
        .await
        .map_err(err)?
        .iter()
        .map(work::FilingRow::from)
        .collect();
    let subsidies: Vec<SubsidyView> = cw
        .subsidies(s.id)
        .await
        .map_err(err)?
        .into_iter()
        .map(|x| SubsidyView {
            reason: x.reason,
            yuan: yuan(x.amount_fen),
            cite: x.cite,
            granted_on: x.granted_on.to_string(),
        })
        .collect();
    let review = m.measure.change_review();
    let changes = work::space_changes(state, s, &m.measure, today).await?;
    let store = state.store()?;
    let mut trail = store::audit::trail(store.db(), "space", &s.id.to_string()).await?;
    trail.reverse();
    let audit = work::history::lines(state, trail, action_label).await?;
    let grounds: Vec<GroundView> = m
        .measure
        .revocation
        .iter()
        .filter(|r| casework::sanctions::discretionary(r))
        .map(|r| GroundView {
            id: r.id.clone(),
            label: r.label.clone(),
            cite: r.cite.to_string(),
            quote: r.quote.clone(),
            reading: r.reading.clone(),
        })
        .collect();
    let echo = Echo::of(failed.as_ref());
    let authority = user.account.role == AccountRole::Authority;
    let html = super::super::page(
        state,
        "workbench_space.html",
        context! {
            title => format!("众创空间 {}", s.name), nav => "workbench",
            csrf_token => user.csrf_token.clone().unwrap_or_default(),
            space => context! {
                id => s.id, name => s.name.clone(), region => s.region.clone(),
                case_id => s.case_id, document_number => s.document_number.clone(),
                recognised_on => s.recognised_on.to_string(),
                valid_until => s.valid_until.map(|d| d.to_string()),
                status => status_label(s.status), active => s.status == SpaceStatus::Active,
                measure => m.id(), measure_name => m.measure.measure.short_name.clone(),
                measure_title => m.measure.measure.title.clone(),
                org => work::org_name(state, s.org_id).await,
            },
            authority, can_act => authority && s.status == SpaceStatus::Active,
            has_appraisal => m.measure.appraisal.is_some(),
            obligations => Serde(&obligations), findings => Serde(&findings),
            appraisals => Serde(&appraisals), filings => Serde(&filings),
            subsidies => Serde(&subsidies), changes => Serde(&changes),
            can_forward => user.account.role == AccountRole::RecommendingUnit && s.status == SpaceStatus::Active,
            forwarding => m.measure.change_forwarding().map(|f| context! {
                label => f.label.clone(), cite => f.cite.to_string(), quote => f.quote.clone(),
                reading => f.reading.clone(),
            }),
            review => review.map(|r| context! {
                label => r.label.clone(), cite => r.cite.to_string(), quote => r.quote.clone(),
                reading => r.reading.clone(), agree => r.outcome.agreed.clone(),
                refuse => r.outcome.refused.clone(),
            }),
            audit => Serde(&audit), grounds => Serde(&grounds), notice,
            blacklist => Serde(blacklist_rule(m)), scope => Serde(scope_rule(state, m)),
            records => Serde(official_records(state, m, s)),
            form_name => echo.form_name, values => Serde(echo.values),
            errors => Serde(echo.errors),
            today => today.to_string(),
        },
    )?;
    Ok((echo.status, html).into_response())
}

/// A grade's word under a measure.
pub(super) fn grade_label(m: &LoadedMeasure, grade: &str) -> String {
    m.measure
        .appraisal
        .as_ref()
        .and_then(|a| a.grade(grade))
        .map_or_else(|| grade.to_string(), |g| g.label.clone())
}

/// The space page's query: `reviewed` (or `forwarded`) names the change just reviewed (or
/// passed on) by a plain form, whose outcome the page states.
#[derive(Debug, Default, serde::Deserialize)]
pub struct SpaceQuery {
    // Text, read leniently: a hand-edited address shows the page without the message.
    #[serde(default)]
    reviewed: Option<String>,
    /// The change just passed on (转报).
    #[serde(default)]
    forwarded: Option<String>,
}

/// `GET /workbench/spaces/{id}`.
pub async fn space_page(
    State(state): State<AppState>,
    MaybeUser(user): MaybeUser,
    Path(id): Path<i64>,
    axum::extract::Query(q): axum::extract::Query<SpaceQuery>,
) -> Result<Response, AppError> {
    let Some(user) = user else {
        return Ok(work::to_login(&format!("/workbench/spaces/{id}")));
    };
    user.require_role(&STAFF)?;
    let s = visible_space(&state, &user, id).await?;
    let m = measure_of(&state, &s)?;
    let number = |v: &Option<String>| v.as_deref().and_then(|n| n.parse::<usize>().ok());
    let notice = number(&q.reviewed)
        .and_then(|n| review_notice(m, &s, n))
        .or_else(|| {
            number(&q.forwarded).and_then(|n| super::change_forwarding::forward_notice(m, &s, n))
        });
    render_space_with(&state, &user, &s, None, notice).await
}
