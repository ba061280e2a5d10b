//! What the signed-in pages share: the case service from the state, who may see a case, a case
//! as the templates show it (facts, materials, steps, history), errors of the service as page
//! errors, redirects that work with and without htmx.

use std::collections::BTreeMap;

use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use casework::{CaseRecord, Casework, CaseworkError};
use jiff::civil::Date;
use policy::LoadedMeasure;
use policy::model::{RoleKind, StageKind};
use serde::Serialize;
use store::AccountRole;
use workflow::case::CaseState;
use workflow::review::ObjectionTarget;

use crate::auth::CurrentUser;
use crate::error::AppError;
use crate::state::AppState;

/// The case service over the state's store.
pub fn casework(state: &AppState) -> Result<Casework, AppError> {
    Ok(Casework::new(state.store()?.clone(), state.library.clone()))
}

/// Today in China.
pub fn today() -> Date {
    casework::dates::today()
}

/// A service error as a page error: refusals by role 403, unknown 404, stale 409, the rest
/// (workflow refusals, invalid input) 422 with the message under `field`.
pub fn cw_error(e: CaseworkError, field: &str) -> AppError {
    match e {
        CaseworkError::Forbidden { .. } | CaseworkError::NoPolicyRole { .. } => {
            AppError::Forbidden {
                code: "forbidden",
                message: e.to_string(),
            }
        }
        CaseworkError::NotFound { .. }
        | CaseworkError::Store(store::StoreError::NotFound { .. }) => AppError::NotFound {
            message: e.to_string(),
            field: None,
        },
        e if e.is_conflict() => AppError::Conflict {
            message: e.to_string(),
            current_version: None,
        },
        CaseworkError::Store(s) => s.into(),
        other => AppError::invalid(field, other.to_string()),
    }
}

/// To `to`: `HX-Redirect` for htmx, 303 otherwise.
pub fn redirect(headers: &HeaderMap, to: &str) -> Response {
    if super::is_htmx(headers) {
        let mut res = StatusCode::NO_CONTENT.into_response();
        if let Ok(v) = HeaderValue::from_str(to) {
            res.headers_mut().insert("hx-redirect", v);
        }
        res
    } else {
        Redirect::to(to).into_response()
    }
}

/// The sign-in page for a signed-out visitor of `path`.
pub fn to_login(path: &str) -> Response {
    Redirect::to(&format!("/login?next={path}")).into_response()
}

/// The measure's short name.
pub fn short_name(state: &AppState, measure: &str) -> String {
    state.library.get(measure).map_or_else(
        || measure.to_string(),
        |m| m.measure.measure.short_name.clone(),
    )
}

/// The jurisdiction code of a measure (the authority's area).
pub fn jurisdiction(m: &LoadedMeasure) -> &str {
    m.measure.measure.jurisdiction.code.as_str()
}

/// The stage label of a measure's stage.
pub fn stage_label(m: &LoadedMeasure, stage: &str) -> String {
    m.measure
        .procedure
        .stage
        .iter()
        .find(|s| s.id == stage)
        .map_or_else(|| stage.to_string(), |s| s.label.clone())
}

/// The kind of role that performs a stage.
pub fn stage_role_kind(m: &LoadedMeasure, stage: &str) -> Option<(StageKind, RoleKind)> {
    let st = m.measure.procedure.stage.iter().find(|s| s.id == stage)?;
    let kind = m.measure.role(&st.role)?.kind;
    Some((st.kind, kind))
}

/// The state in Chinese, with the stage's label.
pub fn state_label(m: Option<&LoadedMeasure>, state: &CaseState) -> String {
    match (state, m) {
        (CaseState::AtStage { stage, .. }, Some(m)) => stage_label(m, stage),
        (CaseState::Returned { stage, .. }, Some(m)) => {
            format!("已退回修改（{}）", stage_label(m, stage))
        }
        (CaseState::Rejected { stage, .. }, Some(m)) => {
            format!("未通过（{}）", stage_label(m, stage))
        }
        _ => state.label(),
    }
}

/// The CSS word of a state kind.
pub fn state_class(state: &CaseState) -> &'static str {
    match state {
        CaseState::Draft => "draft",
        CaseState::Returned { .. } => "returned",
        CaseState::AtStage { .. } => "at-stage",
        CaseState::Rejected { .. } | CaseState::NotRecognised { .. } => "rejected",
        CaseState::Withdrawn => "withdrawn",
        CaseState::Recognised => "recognised",
    }
}

/// Whether the account's area contains a region code (`150100` contains `150102`).
pub fn area_contains(area: Option<&str>, region: &str) -> bool {
    let Some(area) = area else { return false };
    match policy::model::RegionCode::parse(area) {
        Ok(a) => region.starts_with(a.prefix()),
        Err(_) => false,
    }
}

/// Whether a signed-in account may see a case: its applicant; the recommending unit of its
/// area; the authority of its measure's jurisdiction; an expert assigned to it; an
/// administrator.
pub fn may_see(state: &AppState, user: &CurrentUser, rec: &CaseRecord) -> bool {
    let a = &user.account;
    match a.role {
        AccountRole::Admin => true,
        AccountRole::Applicant => a
            .organisation_id
            .is_some_and(|o| o.to_string() == rec.case.applicant.0),
        AccountRole::RecommendingUnit => {
            rec.case.submitted_on.is_some()
                && area_contains(a.region_code.as_deref(), rec.case.applicant_region.as_str())
        }
        AccountRole::Authority => {
            rec.case.submitted_on.is_some()
                && state.library.get(&rec.case.measure).is_some_and(|m| {
                    a.region_code.as_deref() == Some(jurisdiction(m))
                        || area_contains(
                            a.region_code.as_deref(),
                            rec.case.applicant_region.as_str(),
                        )
                })
        }
        AccountRole::Expert => rec
            .case
            .experts
            .iter()
            .any(|e| e.expert.0 == a.id.to_string()),
    }
}

/// Loads a case and checks the account may see it (404 otherwise, as if absent).
pub async fn visible_case(
    state: &AppState,
    user: &CurrentUser,
    id: i64,
) -> Result<CaseRecord, AppError> {
    let cw = casework(state)?;
    let hidden = || AppError::NotFound {
        message: format!("案件 {id} 不存在"),
        field: None,
    };
    let rec = cw.case(id).await.map_err(|e| match e {
        CaseworkError::NotFound { .. }
        | CaseworkError::Store(store::StoreError::NotFound { .. }) => hidden(),
        other => cw_error(other, "case"),
    })?;
    user.authorize_or_hide(
        &format!("case:{id} view"),
        may_see(state, user, &rec),
        format!("案件 {id} 不存在"),
    )?;
    Ok(rec)
}

/// An organisation's name (or its id when it cannot be read).
pub async fn org_name(state: &AppState, id: i64) -> String {
    match state.store() {
        Ok(s) => store::organisation::get(s.db(), id)
            .await
            .map_or_else(|_| format!("单位 {id}"), |o| o.name),
        Err(_) => format!("单位 {id}"),
    }
}

/// Organisation names by id, cached for one page.
#[derive(Default)]
pub struct Names(BTreeMap<i64, String>);

impl Names {
    /// The name of an organisation.
    pub async fn org(&mut self, state: &AppState, id: i64) -> String {
        if let Some(n) = self.0.get(&id) {
            return n.clone();
        }
        let n = org_name(state, id).await;
        self.0.insert(id, n.clone());
        n
    }
}

/// One step of the procedure as the tracking shows it.
#[derive(Debug, Serialize)]
pub struct StepView {
    /// Stage id.
    pub id: String,
    /// Label.
    pub label: String,
    /// Who performs it.
    pub role: String,
    /// The article.
    pub cite: String,
    /// `done`, `current`, `todo`, `stopped`.
    pub status: &'static str,
    /// The step's time limit as the measure or the call sets it, in words.
    pub deadline: String,
    /// Whether the limit has passed with the step still open.
    pub overdue: bool,
}

/// One line of a case's history.
#[derive(Debug, Serialize)]
pub struct HistoryView {
    /// When (Beijing time, minutes).
    pub at: String,
    /// Who (name and role).
    pub who: String,
    /// What, in Chinese.
    pub action: String,
    /// The reason recorded.
    pub reason: String,
}

/// One material with its files.
#[derive(Debug, Serialize)]
pub struct MaterialView {
    /// Id.
    pub id: String,
    /// Label.
    pub label: String,
    /// Required for submission.
    pub required: bool,
    /// The outline (建设运营方案 编写提纲).
    pub outline: Vec<String>,
    /// The article.
    pub cite: String,
    /// Files uploaded.
    pub files: Vec<FileView>,
}

/// One uploaded file.
#[derive(Debug, Serialize)]
pub struct FileView {
    /// Attachment id.
    pub id: i64,
    /// Its name as uploaded.
    pub name: String,
    /// Size in KiB (rounded up).
    pub kib: u64,
    /// The type.
    pub kind: String,
}

/// One objection.
#[derive(Debug, Serialize)]
pub struct ObjectionView {
    /// Number.
    pub number: u32,
    /// What it disputes.
    pub target: String,
    /// Text.
    pub text: String,
    /// Received.
    pub received_on: String,
    /// Ruling, if any.
    pub ruling: Option<String>,
}

/// One expert assignment.
#[derive(Debug, Serialize)]
pub struct ExpertView {
    /// Account id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Assigned.
    pub assigned_on: String,
    /// Score.
    pub score: Option<u32>,
    /// Opinion.
    pub opinion: Option<String>,
    /// Clearance of a soft conflict.
    pub clearance: Option<String>,
}

/// A fact as shown.
#[derive(Debug, Serialize)]
pub struct FactView {
    /// Label.
    pub label: String,
    /// Value.
    pub value: String,
}

/// A case as the pages show it.
#[derive(Debug, Serialize)]
pub struct CaseView {
    /// Id.
    pub id: i64,
    /// Version.
    pub version: i64,
    /// Measure id.
    pub measure: String,
    /// Jurisdiction's short name.
    pub measure_name: String,
    /// Measure title.
    pub measure_title: String,
    /// Applicant's name.
    pub org_name: String,
    /// Applicant's org id.
    pub org_id: String,
    /// Region.
    pub region: String,
    /// State kind (CSS).
    pub state_class: &'static str,
    /// State in Chinese.
    pub state_label: String,
    /// The current stage id.
    pub stage: Option<String>,
    /// Since when at the current stage.
    pub since: Option<String>,
    /// Days at the current stage.
    pub waiting_days: Option<i64>,
    /// The next deadline and what it is.
    pub deadline: Option<String>,
    /// Whether a deadline has passed with the step still open.
    pub overdue: bool,
    /// Return or rejection reason.
    pub state_reason: Option<String>,
    /// Submitted.
    pub submitted_on: Option<String>,
    /// Call.
    pub call: Option<String>,
    /// The recommending unit the case was routed to.
    pub route_role: Option<String>,
    /// Notice.
    pub notice: Option<String>,
    /// Whether the notice is running today.
    pub notice_running: bool,
    /// Whether the notice has ended.
    pub notice_ended: bool,
    /// Objections.
    pub objections: Vec<ObjectionView>,
    /// Open objections.
    pub open_objections: usize,
    /// Experts.
    pub experts: Vec<ExpertView>,
    /// Decision.
    pub decision: Option<String>,
    /// Steps.
    pub steps: Vec<StepView>,
    /// Materials.
    pub materials: Vec<MaterialView>,
    /// Facts given.
    pub facts: Vec<FactView>,
    /// Form fields of the 申报书 that are not facts.
    pub form_values: Vec<FactView>,
    /// History.
    pub history: Vec<HistoryView>,
    /// The space on the register, if recognised.
    pub space_id: Option<i64>,
}

fn action_label(code: &str) -> &str {
    match code {
        "create" => "创建申报草稿",
        "update_draft" => "保存申报内容",
        "attach" => "上传申报材料",
        "submit" => "提交申报",
        "withdraw" => "撤回申报",
        "complete" => "办结环节",
        "return" => "退回修改",
        "reject" => "不予通过",
        "publish_notice" => "发布公示",
        "decide" => "作出决定",
        "assign_expert" => "指派评审专家",
        "score" => "专家评分",
        "object" => "收到异议",
        "rule_objection" => "处理异议",
        other => other,
    }
}

/// A fact value in words.
fn value_text(state: &AppState, name: &str, v: &serde_json::Value) -> String {
    let def = state.library.facts.fact(&name.into());
    let label_of = |id: &str| {
        def.and_then(|d| d.choices.iter().find(|c| c.id == id))
            .map_or_else(|| id.to_string(), |c| c.label.clone())
    };
    let unit = def
        .map(|d| d.display_unit().to_string())
        .unwrap_or_default();
    match v {
        serde_json::Value::Bool(true) => "是".into(),
        serde_json::Value::Bool(false) => "否".into(),
        serde_json::Value::String(s) => label_of(s),
        serde_json::Value::Array(a) => a
            .iter()
            .map(|x| label_of(x.as_str().unwrap_or_default()))
            .collect::<Vec<_>>()
            .join("、"),
        serde_json::Value::Number(n) => format!("{n}{unit}"),
        other => other.to_string(),
    }
}

/// The facts of a profile, in dictionary order, in words.
pub fn facts_view(state: &AppState, profile: &serde_json::Value) -> Vec<FactView> {
    let flat = reports::dotted_facts(profile);
    state
        .library
        .facts
        .facts()
        .filter_map(|d| {
            let v = flat.get(d.name.as_str())?;
            Some(FactView {
                label: d.label.clone(),
                value: value_text(state, d.name.as_str(), v),
            })
        })
        .collect()
}

/// The history of a case with names.
pub async fn history(
    state: &AppState,
    cw: &Casework,
    id: i64,
) -> Result<Vec<HistoryView>, AppError> {
    let trail = cw.history(id).await.map_err(|e| cw_error(e, "case"))?;
    let store = state.store()?;
    let mut names: BTreeMap<String, String> = BTreeMap::new();
    let mut out = Vec::new();
    for e in trail {
        let who = if e.actor.id == "public" {
            "社会公众".to_string()
        } else if let Some(n) = names.get(&e.actor.id) {
            n.clone()
        } else {
            let n = match e.actor.id.parse::<i64>() {
                Ok(aid) => match store::account::get(store.db(), aid).await {
                    Ok(a) => format!("{}（{}）", a.name, crate::auth::role_label(a.role)),
                    Err(_) => format!("账号 {aid}"),
                },
                Err(_) => e.actor.id.clone(),
            };
            names.insert(e.actor.id.clone(), n.clone());
            n
        };
        let at =
            e.at.to_zoned(jiff::tz::TimeZone::fixed(jiff::tz::offset(8)))
                .strftime("%Y-%m-%d %H:%M")
                .to_string();
        out.push(HistoryView {
            at,
            who,
            action: action_label(&e.action).to_string(),
            reason: e.reason.unwrap_or_default(),
        });
    }
    Ok(out)
}

/// The deadline of the case's call (none without a call, or when the calls cannot be read).
async fn deadline_of_call(cw: &Casework, c: &workflow::case::Case) -> Option<Date> {
    let call = c.call.as_ref()?;
    cw.calls(&c.measure)
        .await
        .ok()
        .and_then(|cs| cs.into_iter().find(|x| &x.id == call))
        .map(|x| x.deadline)
}

/// Each step's time limit: the call's deadline for submission, the notice period for the public
/// notice (as published, or the measure's period), and for the other steps what the measure
/// says (none of the encoded measures sets one, so the page says so rather than invent one).
async fn step_deadlines(
    cw: &Casework,
    m: &policy::LoadedMeasure,
    c: &workflow::case::Case,
    today: Date,
    steps: &mut [StepView],
) {
    let call_deadline = deadline_of_call(cw, c).await;
    for (st, v) in m.measure.procedure.stage.iter().zip(steps.iter_mut()) {
        let open = matches!(v.status, "current" | "todo");
        match st.kind {
            StageKind::Submission => match call_deadline {
                Some(d) => {
                    v.deadline = format!("申报截止 {d}（申报通知）");
                    v.overdue = v.status == "current" && today > d;
                }
                None => v.deadline = "按申报通知规定的截止日期".into(),
            },
            StageKind::PublicNotice => {
                let pn = m.measure.procedure.public_notice.as_ref();
                v.deadline = match (c.notice, pn.and_then(|p| p.period)) {
                    (Some(n), _) => format!("公示期 {} 至 {}", n.starts_on, n.ends_on),
                    (None, Some(p)) => format!(
                        "公示期{p}（{}）",
                        pn.map(|p| p.cite.to_string()).unwrap_or_default()
                    ),
                    (None, None) => "公示期限由认定机构发布公示时确定（办法未规定）".into(),
                };
                v.overdue = false;
            }
            _ => {
                v.deadline = "办法未规定办理时限".into();
                v.overdue = false;
            }
        }
        if !open {
            v.overdue = false;
        }
    }
}

/// A case as the pages show it (with its history).
pub async fn case_view(
    state: &AppState,
    cw: &Casework,
    rec: &CaseRecord,
) -> Result<CaseView, AppError> {
    let today = today();
    let m = state.library.get(&rec.case.measure);
    let c = &rec.case;
    let org_id: i64 = c.applicant.0.parse().unwrap_or_default();
    let (stage, since) = match &c.state {
        CaseState::AtStage { stage, since } => (Some(stage.clone()), Some(*since)),
        _ => (None, None),
    };
    let mut steps = Vec::new();
    if let Some(m) = m {
        let current = match &c.state {
            CaseState::AtStage { stage, .. }
            | CaseState::Returned { stage, .. }
            | CaseState::Rejected { stage, .. } => Some(stage.as_str()),
            _ => None,
        };
        let pos = current.and_then(|s| m.measure.procedure.stage.iter().position(|x| x.id == s));
        for (i, st) in m.measure.procedure.stage.iter().enumerate() {
            let status = match (&c.state, pos) {
                (CaseState::Recognised | CaseState::NotRecognised { .. }, _) => "done",
                (CaseState::Draft, _) if st.kind == StageKind::Submission => "current",
                (CaseState::Draft, _) => "todo",
                (CaseState::Rejected { .. }, Some(p)) if i == p => "stopped",
                (CaseState::Returned { .. }, _) if st.kind == StageKind::Submission => "current",
                (_, Some(p)) if i < p => "done",
                (CaseState::AtStage { .. }, Some(p)) if i == p => "current",
                _ => "todo",
            };
            let role = m
                .measure
                .role(&st.role)
                .map_or_else(|| st.role.clone(), |r| r.label.clone());
            steps.push(StepView {
                id: st.id.clone(),
                label: st.label.clone(),
                role,
                cite: st.cite.to_string(),
                status,
                deadline: String::new(),
                overdue: false,
            });
        }
    }
    if let Some(m) = m {
        step_deadlines(cw, m, c, today, &mut steps).await;
    }
    let call_deadline = if matches!(c.state, CaseState::Draft | CaseState::Returned { .. }) {
        deadline_of_call(cw, c).await
    } else {
        None
    };
    let mut deadline = None;
    let mut overdue = false;
    if let Some(d) = call_deadline {
        deadline = Some(format!("申报截止 {d}"));
        overdue = today > d;
    }
    let notice_running = c
        .notice
        .is_some_and(|n| n.starts_on <= today && today <= n.ends_on);
    let notice_ended = c.notice.is_some_and(|n| today > n.ends_on);
    if let Some(n) = c.notice
        && stage.as_deref().is_some_and(|s| {
            m.is_some_and(|m| stage_role_kind(m, s).is_some_and(|k| k.0 == StageKind::PublicNotice))
        })
    {
        deadline = Some(format!("公示期至 {}", n.ends_on));
        overdue = notice_ended;
    }
    let mut materials = Vec::new();
    if let Some(m) = m {
        for mat in &m.measure.material {
            let mut files = Vec::new();
            for id in rec.attachments.get(&mat.id).into_iter().flatten() {
                if let Ok(a) = store::attachment::get(state.store()?.db(), *id).await {
                    files.push(FileView {
                        id: a.id,
                        name: a.original_name,
                        kib: a.size.div_ceil(1024),
                        kind: a.media_type.label().to_string(),
                    });
                }
            }
            materials.push(MaterialView {
                id: mat.id.clone(),
                label: mat.label.clone(),
                required: mat.required,
                outline: mat.outline.clone(),
                cite: mat.cite.to_string(),
                files,
            });
        }
    }
    let condition_label = |id: &str| {
        m.and_then(|m| m.measure.condition.iter().find(|x| x.id == id))
            .map_or_else(|| id.to_string(), |x| format!("{} {}", x.cite, x.label))
    };
    let material_label = |id: &str| {
        m.and_then(|m| m.measure.material.iter().find(|x| x.id == id))
            .map_or_else(|| id.to_string(), |x| x.label.clone())
    };
    let objections = c
        .objections
        .iter()
        .map(|o| ObjectionView {
            number: o.number,
            target: match &o.target {
                ObjectionTarget::Criterion { condition } => {
                    format!("条件：{}", condition_label(condition))
                }
                ObjectionTarget::Evidence { item } => format!("材料：{}", material_label(item)),
            },
            text: o.text.clone(),
            received_on: o.received_on.to_string(),
            ruling: o.ruling.as_ref().map(|r| {
                format!(
                    "{}（{}）：{}",
                    if r.upheld {
                        "异议成立"
                    } else {
                        "异议不成立"
                    },
                    r.on,
                    r.reason
                )
            }),
        })
        .collect::<Vec<_>>();
    let open_objections = c.objections.iter().filter(|o| o.ruling.is_none()).count();
    let mut experts = Vec::new();
    for e in &c.experts {
        let name = match e.expert.0.parse::<i64>() {
            Ok(id) => store::account::get(state.store()?.db(), id)
                .await
                .map_or_else(|_| e.expert.0.clone(), |a| a.name),
            Err(_) => e.expert.0.clone(),
        };
        experts.push(ExpertView {
            id: e.expert.0.clone(),
            name,
            assigned_on: e.assigned_on.to_string(),
            score: e.score,
            opinion: e.opinion.clone(),
            clearance: e.clearance.clone(),
        });
    }
    let form_values = m
        .map(|m| {
            m.measure
                .form_field
                .iter()
                .filter(|f| f.fact.is_none())
                .filter_map(|f| {
                    let v = c.routing_facts.get(&format!("form.{}", f.id))?;
                    Some(FactView {
                        label: f.label.clone(),
                        value: v.as_str().map_or_else(|| v.to_string(), str::to_string),
                    })
                })
                .collect()
        })
        .unwrap_or_default();
    let space_id = if c.state == CaseState::Recognised {
        cw.space_of_case(rec.id).await.ok().flatten().map(|s| s.id)
    } else {
        None
    };
    Ok(CaseView {
        id: rec.id,
        version: rec.version,
        measure: c.measure.clone(),
        measure_name: m.map_or_else(
            || c.measure.clone(),
            |m| m.measure.measure.short_name.clone(),
        ),
        measure_title: m.map_or_else(String::new, |m| m.measure.measure.title.clone()),
        org_name: org_name(state, org_id).await,
        org_id: c.applicant.0.clone(),
        region: c.applicant_region.to_string(),
        state_class: state_class(&c.state),
        state_label: state_label(m, &c.state),
        stage,
        since: since.map(|d| d.to_string()),
        waiting_days: since.map(|d| i64::from((today - d).get_days())),
        deadline,
        overdue,
        state_reason: match &c.state {
            CaseState::Returned { reason, .. }
            | CaseState::Rejected { reason, .. }
            | CaseState::NotRecognised { reason } => Some(reason.clone()),
            _ => None,
        },
        submitted_on: c.submitted_on.map(|d| d.to_string()),
        call: c.call.clone(),
        route_role: c.route_role.as_ref().map(|r| {
            m.and_then(|m| m.measure.role(r))
                .map_or_else(|| r.clone(), |d| d.label.clone())
        }),
        notice: c
            .notice
            .map(|n| format!("{} 至 {}", n.starts_on, n.ends_on)),
        notice_running,
        notice_ended,
        objections,
        open_objections,
        experts,
        decision: c.decision.as_ref().map(|d| {
            format!(
                "{}：{}（{}，{}）{}",
                if d.recognised {
                    "认定"
                } else {
                    "不予认定"
                },
                d.form,
                d.document_number,
                d.decided_on,
                d.valid_until
                    .map(|v| format!("，有效期至 {v}"))
                    .unwrap_or_default()
            )
        }),
        steps,
        materials,
        facts: facts_view(state, &rec.profile),
        form_values,
        history: history(state, cw, rec.id).await?,
        space_id,
    })
}

/// The eligibility report of a profile under a measure, as JSON for the report partial.
pub fn eligibility(
    state: &AppState,
    measure: &str,
    profile: &serde_json::Value,
) -> Result<serde_json::Value, AppError> {
    let p = crate::engine::profile(&state.library, profile)?;
    let r = crate::engine::check(&state.library, &p, Some(measure))?;
    Ok(serde_json::to_value(&r).unwrap_or_default())
}

/// Renders the eligibility panel of a profile (or its errors).
pub fn eligibility_html(state: &AppState, measure: &str, profile: &serde_json::Value) -> String {
    match eligibility(state, measure, profile) {
        Ok(r) => super::render(
            state,
            "partials/eligibility_result.html",
            minijinja::context! { r => minijinja::value::Serde(&r) },
        )
        .unwrap_or_default(),
        Err(AppError::Invalid(errors)) => {
            let items: String = errors
                .iter()
                .map(|e| format!("<li>{}：{}</li>", escape(&e.field), escape(&e.message)))
                .collect();
            format!(
                "<div class=\"error-summary\"><p>资料有误，暂不能核查：</p><ul>{items}</ul></div>"
            )
        }
        Err(e) => format!("<p class=\"error\">{}</p>", escape(&e.to_string())),
    }
}

/// HTML escaping for the few strings written outside templates.
pub fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

/// Errors by field, for the templates.
pub fn errors_map(errors: &[crate::error::FieldError]) -> BTreeMap<String, String> {
    let mut out: BTreeMap<String, String> = BTreeMap::new();
    for e in errors {
        out.entry(e.field.clone())
            .and_modify(|m| {
                m.push('；');
                m.push_str(&e.message);
            })
            .or_insert_with(|| e.message.clone());
    }
    out
}

/// A page error as field errors (for forms): invalid keeps its fields; others go under
/// `field`.
pub fn as_field_errors(
    e: AppError,
    field: &str,
) -> Result<Vec<crate::error::FieldError>, AppError> {
    match e {
        AppError::Invalid(v) => Ok(v),
        AppError::Conflict { message, .. } => Ok(vec![crate::error::FieldError {
            field: field.into(),
            message,
        }]),
        AppError::Refused { message, .. } => Ok(vec![crate::error::FieldError {
            field: field.into(),
            message,
        }]),
        other => Err(other),
    }
}

/// A refusal of the service as errors beside `field` (403/404 stay errors of the request).
pub fn refused(e: CaseworkError, field: &str) -> Result<Vec<crate::error::FieldError>, AppError> {
    as_field_errors(cw_error(e, field), field)
}

/// Parses a date typed in a form.
pub fn parse_date(s: &str) -> Option<Date> {
    s.trim().parse().ok()
}

/// `GET /files/{case}/{attachment}`: an attachment of a case, for whoever may see the case.
pub async fn file(
    axum::extract::State(state): axum::extract::State<AppState>,
    crate::auth::MaybeUser(user): crate::auth::MaybeUser,
    axum::extract::Path((case_id, id)): axum::extract::Path<(i64, i64)>,
) -> Result<Response, AppError> {
    let Some(user) = user else {
        return Ok(to_login(&format!("/files/{case_id}/{id}")));
    };
    let rec = visible_case(&state, &user, case_id).await?;
    let listed = rec.attachments.values().flatten().any(|a| *a == id);
    user.authorize_or_hide(
        &format!("case:{case_id} file:{id}"),
        listed,
        format!("附件 {id} 不存在"),
    )?;
    let (att, bytes) = store::attachment::read(state.store()?, id).await?;
    let mut res = bytes.into_response();
    let h = res.headers_mut();
    if let Ok(v) = HeaderValue::from_str(att.media_type.mime()) {
        h.insert(axum::http::header::CONTENT_TYPE, v);
    }
    let ascii: String = att
        .original_name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '.' {
                c
            } else {
                '_'
            }
        })
        .collect();
    let encoded: String = att
        .original_name
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b == b'.' {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect();
    if let Ok(v) = HeaderValue::from_str(&format!(
        "attachment; filename=\"{ascii}\"; filename*=UTF-8''{encoded}"
    )) {
        h.insert(axum::http::header::CONTENT_DISPOSITION, v);
    }
    Ok(res)
}
