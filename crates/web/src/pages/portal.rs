//! The applicant portal (`/portal`): my organisation, my cases with their step and deadline,
//! open calls; an application per call with the jurisdiction's form fields (the Shuozhou
//! 申报书) and materials list (Inner Mongolia 第七条, the 建设运营方案 outline), draft saving,
//! uploads per material, a live eligibility panel, submission with a confirmation page; case
//! tracking with every step; statistics filing for a recognised space.

use std::collections::BTreeMap;

use axum::extract::{Multipart, Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use casework::{CallRecord, DraftChanges, NewDraft, Page, QueueFilter, RegisterFilter};
use minijinja::context;
use minijinja::value::Serde;
use policy::LoadedMeasure;
use policy::facts::FactDef;
use serde::{Deserialize, Serialize};
use store::AccountRole;
use workflow::case::{Action, CaseState};

use super::form::{self, Field, Group, Sent};
use super::work::{self, Names};
use crate::auth::{MaybeUser, Require};
use crate::error::{AppError, FieldError, FormPairs};
use crate::state::AppState;

/// Applicants.
pub type Applicant = Require<crate::auth::Applicant>;

fn org_of(user: &crate::auth::CurrentUser) -> Result<i64, AppError> {
    user.account
        .organisation_id
        .ok_or_else(|| AppError::Forbidden {
            code: "forbidden",
            message: "您的账号未关联申报单位，请联系系统管理员".into(),
        })
}

#[derive(Serialize)]
struct CaseRow {
    id: i64,
    measure_name: String,
    state_label: String,
    state_class: &'static str,
    call: String,
    deadline: Option<String>,
    overdue: bool,
    editable: bool,
    submitted_on: Option<String>,
}

#[derive(Serialize)]
struct CallRow {
    id: String,
    title: String,
    measure_name: String,
    deadline: String,
    opens_on: Option<String>,
    case_id: Option<i64>,
}

#[derive(Serialize)]
struct SpaceRow {
    id: i64,
    name: String,
    measure_name: String,
    recognised_on: String,
    valid_until: Option<String>,
    status: String,
    statistics: usize,
}

async fn open_calls(state: &AppState, region: Option<&str>) -> Result<Vec<CallRecord>, AppError> {
    let cw = work::casework(state)?;
    let today = work::today();
    let mut out = Vec::new();
    for m in state.library.measures() {
        if let Some(r) = region
            && !work::area_contains(Some(work::jurisdiction(m)), r)
        {
            continue;
        }
        let calls = cw
            .calls(m.id())
            .await
            .map_err(|e| work::cw_error(e, "call"))?;
        out.extend(
            calls
                .into_iter()
                .filter(|c| c.opens_on.is_none_or(|o| o <= today) && today <= c.deadline),
        );
    }
    Ok(out)
}

/// `GET /portal`.
pub async fn home(
    State(state): State<AppState>,
    MaybeUser(user): MaybeUser,
) -> Result<Response, AppError> {
    let Some(user) = user else {
        return Ok(work::to_login("/portal"));
    };
    user.require_role(&[AccountRole::Applicant])?;
    let org_id = org_of(&user)?;
    let store = state.store()?;
    let org = store::organisation::get(store.db(), org_id).await?;
    let cw = work::casework(&state)?;
    let cases = cw
        .queue(
            &QueueFilter {
                org: Some(org_id),
                ..Default::default()
            },
            Page {
                offset: 0,
                limit: 200,
            },
        )
        .await
        .map_err(|e| work::cw_error(e, "case"))?;
    let mut rows = Vec::new();
    for s in cases.items.iter().rev() {
        let rec = cw.case(s.id).await.map_err(|e| work::cw_error(e, "case"))?;
        let v = work::case_view(&state, &cw, &rec).await?;
        rows.push(CaseRow {
            id: s.id,
            measure_name: v.measure_name,
            state_label: v.state_label,
            state_class: v.state_class,
            call: rec.case.call.clone().unwrap_or_default(),
            deadline: v.deadline,
            overdue: v.overdue,
            editable: matches!(
                rec.case.state,
                CaseState::Draft | CaseState::Returned { .. }
            ),
            submitted_on: v.submitted_on,
        });
    }
    let calls = open_calls(&state, org.region_code.as_deref()).await?;
    let call_rows: Vec<CallRow> = calls
        .into_iter()
        .map(|c| CallRow {
            case_id: None,
            measure_name: work::short_name(&state, &c.measure),
            id: c.id,
            title: c.title,
            deadline: c.deadline.to_string(),
            opens_on: c.opens_on.map(|d| d.to_string()),
        })
        .collect();
    let spaces = cw
        .register(
            &RegisterFilter {
                org: Some(org_id),
                ..Default::default()
            },
            Page {
                offset: 0,
                limit: 100,
            },
        )
        .await
        .map_err(|e| work::cw_error(e, "space"))?
        .items
        .into_iter()
        .map(|s| SpaceRow {
            id: s.id,
            measure_name: work::short_name(&state, &s.measure),
            name: s.name,
            recognised_on: s.recognised_on.to_string(),
            valid_until: s.valid_until.map(|d| d.to_string()),
            status: match s.status {
                workflow::lifecycle::SpaceStatus::Active => "有效",
                workflow::lifecycle::SpaceStatus::Revoked => "已撤销",
                workflow::lifecycle::SpaceStatus::Expired => "已过期",
                workflow::lifecycle::SpaceStatus::Excluded => "已移出",
            }
            .into(),
            statistics: s.space.statistics.len(),
        })
        .collect::<Vec<_>>();
    let html = super::page(
        &state,
        "portal.html",
        context! {
            title => "申报单位工作台", nav => "portal",
            csrf_token => user.csrf_token.clone().unwrap_or_default(),
            user_name => user.account.name.clone(),
            org => context! { name => org.name, credit_code => org.credit_code.to_string(), region => org.region_code },
            cases => Serde(&rows), calls => Serde(&call_rows), spaces => Serde(&spaces),
        },
    )?;
    Ok(html.into_response())
}

// ───────────────────────────── the application form ─────────────────────────────

/// Facts a measure's conditions and routes read, in dictionary order.
fn measure_facts<'a>(state: &'a AppState, m: &LoadedMeasure) -> Vec<&'a FactDef> {
    let mut names: Vec<String> = Vec::new();
    for c in &m.measure.condition {
        for f in c.rule.facts() {
            names.push(f.as_str().to_string());
        }
        if let Some(g) = &c.applies_if {
            names.push(g.fact.as_str().to_string());
        }
    }
    for r in &m.measure.procedure.route {
        if let Some(g) = &r.when {
            names.push(g.fact.as_str().to_string());
        }
    }
    state
        .library
        .facts
        .facts()
        .filter(|d| names.iter().any(|n| n == d.name.as_str()))
        .collect()
}

fn route_facts(m: &LoadedMeasure) -> Vec<String> {
    m.measure
        .procedure
        .route
        .iter()
        .filter_map(|r| r.when.as_ref().map(|g| g.fact.as_str().to_string()))
        .collect()
}

/// The form's groups: the 申报书 fields (where the measure lists them), then the facts the
/// conditions need.
fn groups(state: &AppState, m: &LoadedMeasure) -> Vec<Group> {
    let mut out = Vec::new();
    let mut taken: Vec<String> = Vec::new();
    let mut sections: Vec<Group> = Vec::new();
    for f in &m.measure.form_field {
        let field = match &f.fact {
            Some(fact) => match state.library.facts.fact(fact) {
                Some(def) => {
                    taken.push(def.name.as_str().to_string());
                    let mut x = form::field(def);
                    x.label = f.label.clone();
                    x.hint = format!("申报书 {}；{}", f.cite, def.meaning);
                    x
                }
                None => continue,
            },
            None => Field {
                name: format!("form.{}", f.id),
                id: form::element_id(&format!("form.{}", f.id)),
                label: f.label.clone(),
                hint: format!(
                    "申报书 {}{}",
                    f.cite,
                    if f.required { "；必填" } else { "" }
                ),
                kind: "text",
                unit: String::new(),
                choices: Vec::new(),
                value: String::new(),
                values: Vec::new(),
                error: None,
            },
        };
        match sections.iter_mut().find(|g| g.title.ends_with(&f.section)) {
            Some(g) => g.fields.push(field),
            None => sections.push(Group {
                title: format!("申报书 · {}", f.section),
                fields: vec![field],
            }),
        }
    }
    out.extend(sections);
    let rest: Vec<Field> = measure_facts(state, m)
        .into_iter()
        .filter(|d| !taken.iter().any(|t| t == d.name.as_str()))
        .map(form::field)
        .collect();
    if !rest.is_empty() {
        out.push(Group {
            title: "资格条件所需信息".into(),
            fields: rest,
        });
    }
    out
}

fn form_defs<'a>(state: &'a AppState, m: &LoadedMeasure) -> Vec<&'a FactDef> {
    let mut defs = measure_facts(state, m);
    for f in &m.measure.form_field {
        if let Some(fact) = &f.fact
            && let Some(d) = state.library.facts.fact(fact)
            && !defs.iter().any(|x| x.name == d.name)
        {
            defs.push(d);
        }
    }
    defs
}

/// What a draft form sent: the profile JSON, the routing facts (route facts and the 申报书's
/// own fields as `form.<id>`), and the typing errors.
fn read_form(
    state: &AppState,
    m: &LoadedMeasure,
    sent: &Sent,
) -> (
    serde_json::Value,
    BTreeMap<String, serde_json::Value>,
    Vec<FieldError>,
) {
    let defs = form_defs(state, m);
    let (mut json, errors) = form::to_json(defs.into_iter(), sent);
    json.insert("as_of".into(), work::today().to_string().into());
    let mut routing = BTreeMap::new();
    for f in route_facts(m) {
        if let Some(v) = json.get(&f) {
            routing.insert(f, v.clone());
        }
    }
    for f in &m.measure.form_field {
        if f.fact.is_none() {
            let name = format!("form.{}", f.id);
            let v = form::first(sent, &name);
            if !v.is_empty() {
                routing.insert(name, serde_json::Value::String(v.to_string()));
            }
        }
    }
    (serde_json::Value::Object(json), routing, errors)
}

/// The values of a stored case as form values.
fn stored_sent(rec: &casework::CaseRecord) -> Sent {
    let mut sent = Sent::new();
    form::flatten("", &rec.profile, &mut sent);
    for (k, v) in &rec.case.routing_facts {
        if k.starts_with("form.") {
            sent.insert(
                k.clone(),
                vec![v.as_str().map_or_else(|| v.to_string(), str::to_string)],
            );
        }
    }
    sent
}

async fn find_call(state: &AppState, id: &str) -> Result<CallRecord, AppError> {
    let cw = work::casework(state)?;
    for m in state.library.measures() {
        if let Ok(calls) = cw.calls(m.id()).await
            && let Some(c) = calls.into_iter().find(|c| c.id == id)
        {
            return Ok(c);
        }
    }
    Err(AppError::NotFound {
        message: format!("没有编号为「{id}」的申报通知"),
        field: Some("call".into()),
    })
}

/// `?call=`.
#[derive(Debug, Deserialize)]
pub struct CallQuery {
    /// The call id.
    #[serde(default)]
    pub call: String,
}

struct DraftPage<'a> {
    m: &'a LoadedMeasure,
    call: &'a CallRecord,
    case: Option<&'a work::CaseView>,
    sent: &'a Sent,
    errors: &'a [FieldError],
    eligibility: String,
    message: Option<String>,
}

fn render_draft(
    state: &AppState,
    user: &crate::auth::CurrentUser,
    status: StatusCode,
    p: DraftPage<'_>,
) -> Result<Response, AppError> {
    let mut gs = groups(state, p.m);
    form::fill(&mut gs, p.sent, p.errors);
    let known: Vec<String> = gs
        .iter()
        .flat_map(|g| g.fields.iter().map(|f| f.name.clone()))
        .collect();
    let general: Vec<&FieldError> = p
        .errors
        .iter()
        .filter(|e| !known.contains(&e.field))
        .collect();
    let materials = match p.case {
        Some(c) => serde_json::to_value(&c.materials).unwrap_or_default(),
        None => serde_json::to_value(
            p.m.measure
                .material
                .iter()
                .map(|x| {
                    serde_json::json!({
                        "id": x.id, "label": x.label, "required": x.required,
                        "outline": x.outline, "cite": x.cite.to_string(), "files": []
                    })
                })
                .collect::<Vec<_>>(),
        )
        .unwrap_or_default(),
    };
    let html = super::page(
        state,
        "portal_apply.html",
        context! {
            title => format!("申报：{}", p.call.title), nav => "portal",
            csrf_token => user.csrf_token.clone().unwrap_or_default(),
            measure => context! {
                id => p.m.id(), title => p.m.measure.measure.title.clone(),
                short_name => p.m.measure.measure.short_name.clone(),
            },
            call => Serde(p.call),
            case => p.case.map(Serde),
            groups => Serde(&gs), errors => Serde(p.errors), general_errors => Serde(&general),
            materials => Serde(&materials),
            eligibility => minijinja::Value::from_safe_string(p.eligibility),
            message => p.message,
            upload_limit_kib => state.config.limits.body_bytes / 1024,
        },
    )?;
    Ok((status, html).into_response())
}

/// `GET /portal/apply?call=`: a new application for an open call (or the existing draft).
pub async fn apply_page(
    State(state): State<AppState>,
    MaybeUser(user): MaybeUser,
    Query(q): Query<CallQuery>,
) -> Result<Response, AppError> {
    let Some(user) = user else {
        return Ok(work::to_login(&format!("/portal/apply?call={}", q.call)));
    };
    user.require_role(&[AccountRole::Applicant])?;
    let org_id = org_of(&user)?;
    let call = find_call(&state, &q.call).await?;
    let cw = work::casework(&state)?;
    let mine = cw
        .queue(
            &QueueFilter {
                org: Some(org_id),
                measure: Some(call.measure.clone()),
                ..Default::default()
            },
            Page::default(),
        )
        .await
        .map_err(|e| work::cw_error(e, "case"))?;
    for s in &mine.items {
        if matches!(s.state.as_str(), "draft" | "returned")
            && let Ok(rec) = cw.case(s.id).await
            && rec.case.call.as_deref() == Some(call.id.as_str())
        {
            return Ok(
                axum::response::Redirect::to(&format!("/portal/cases/{}/edit", s.id))
                    .into_response(),
            );
        }
    }
    let m = state
        .library
        .get(&call.measure)
        .ok_or_else(|| AppError::unknown_policy(&call.measure, None))?;
    let store = state.store()?;
    let org = store::organisation::get(store.db(), org_id).await?;
    let mut sent = Sent::new();
    sent.insert("operator.name".into(), vec![org.name.clone()]);
    if let Some(r) = &org.region_code {
        sent.insert("operator.region".into(), vec![r.clone()]);
    }
    render_draft(
        &state,
        &user,
        StatusCode::OK,
        DraftPage {
            m,
            call: &call,
            case: None,
            sent: &sent,
            errors: &[],
            eligibility: String::new(),
            message: None,
        },
    )
}

/// `POST /portal/apply?call=`: saves the first draft, then to its page (uploads, submission).
pub async fn apply_submit(
    State(state): State<AppState>,
    user: Applicant,
    headers: HeaderMap,
    Query(q): Query<CallQuery>,
    FormPairs(pairs): FormPairs,
) -> Result<Response, AppError> {
    let org_id = org_of(&user)?;
    let call = find_call(&state, &q.call).await?;
    let m = state
        .library
        .get(&call.measure)
        .ok_or_else(|| AppError::unknown_policy(&call.measure, None))?;
    let sent = form::sent(pairs);
    let (profile, routing, mut errors) = read_form(&state, m, &sent);
    if errors.is_empty() {
        let cw = work::casework(&state)?;
        match cw
            .create_draft(
                user.account.id,
                NewDraft {
                    org: org_id,
                    measure: call.measure.clone(),
                    profile: profile.clone(),
                    call: Some(call.id.clone()),
                    routing_facts: routing,
                },
            )
            .await
        {
            Ok(rec) => {
                return Ok(work::redirect(
                    &headers,
                    &format!("/portal/cases/{}/edit", rec.id),
                ));
            }
            Err(e) => errors.extend(profile_errors(&state, &profile, e)?),
        }
    }
    render_draft(
        &state,
        &user,
        StatusCode::UNPROCESSABLE_ENTITY,
        DraftPage {
            m,
            call: &call,
            case: None,
            sent: &sent,
            errors: &errors,
            eligibility: String::new(),
            message: None,
        },
    )
}

/// A service refusal of a profile, as field errors (the dictionary's checks name the field).
fn profile_errors(
    state: &AppState,
    profile: &serde_json::Value,
    e: casework::CaseworkError,
) -> Result<Vec<FieldError>, AppError> {
    if let casework::CaseworkError::Profile(_) = e
        && let Err(AppError::Invalid(v)) = crate::engine::profile(&state.library, profile)
    {
        return Ok(v);
    }
    work::as_field_errors(work::cw_error(e, "general"), "general")
}

async fn own_case(
    state: &AppState,
    user: &crate::auth::CurrentUser,
    id: i64,
) -> Result<casework::CaseRecord, AppError> {
    work::visible_case(state, user, id).await
}

async fn call_of(state: &AppState, rec: &casework::CaseRecord) -> Result<CallRecord, AppError> {
    match &rec.case.call {
        Some(c) => find_call(state, c).await,
        None => Err(AppError::NotFound {
            message: "该申报未关联申报通知".into(),
            field: None,
        }),
    }
}

/// `GET /portal/cases/{id}/edit`.
pub async fn edit_page(
    State(state): State<AppState>,
    MaybeUser(user): MaybeUser,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let Some(user) = user else {
        return Ok(work::to_login(&format!("/portal/cases/{id}/edit")));
    };
    user.require_role(&[AccountRole::Applicant])?;
    let rec = own_case(&state, &user, id).await?;
    if !matches!(
        rec.case.state,
        CaseState::Draft | CaseState::Returned { .. }
    ) {
        return Ok(axum::response::Redirect::to(&format!("/portal/cases/{id}")).into_response());
    }
    let cw = work::casework(&state)?;
    let view = work::case_view(&state, &cw, &rec).await?;
    let call = call_of(&state, &rec).await?;
    let m = state
        .library
        .get(&rec.case.measure)
        .ok_or_else(|| AppError::unknown_policy(&rec.case.measure, None))?;
    let sent = stored_sent(&rec);
    let eligibility = work::eligibility_html(&state, m.id(), &rec.profile);
    render_draft(
        &state,
        &user,
        StatusCode::OK,
        DraftPage {
            m,
            call: &call,
            case: Some(&view),
            sent: &sent,
            errors: &[],
            eligibility,
            message: None,
        },
    )
}

/// `POST /portal/cases/{id}/edit`: saves the draft (the version read is checked).
pub async fn edit_submit(
    State(state): State<AppState>,
    user: Applicant,
    Path(id): Path<i64>,
    FormPairs(pairs): FormPairs,
) -> Result<Response, AppError> {
    let rec = own_case(&state, &user, id).await?;
    let m = state
        .library
        .get(&rec.case.measure)
        .ok_or_else(|| AppError::unknown_policy(&rec.case.measure, None))?;
    let call = call_of(&state, &rec).await?;
    let sent = form::sent(pairs);
    let version: i64 = form::first(&sent, "version").parse().unwrap_or(rec.version);
    let (profile, routing, mut errors) = read_form(&state, m, &sent);
    let cw = work::casework(&state)?;
    let mut message = None;
    let mut current = rec.clone();
    if errors.is_empty() {
        match cw
            .update_draft(
                id,
                version,
                user.account.id,
                DraftChanges {
                    profile: Some(profile.clone()),
                    call: None,
                    routing_facts: Some(routing),
                },
            )
            .await
        {
            Ok(r) => {
                current = r;
                message = Some(format!(
                    "草稿已保存（{}）",
                    jiff::Zoned::now()
                        .with_time_zone(jiff::tz::TimeZone::fixed(jiff::tz::offset(8)))
                        .strftime("%H:%M")
                ));
            }
            Err(e) => errors.extend(profile_errors(&state, &profile, e)?),
        }
    }
    let view = work::case_view(&state, &cw, &current).await?;
    let eligibility = work::eligibility_html(&state, m.id(), &profile);
    render_draft(
        &state,
        &user,
        if errors.is_empty() {
            StatusCode::OK
        } else {
            StatusCode::UNPROCESSABLE_ENTITY
        },
        DraftPage {
            m,
            call: &call,
            case: Some(&view),
            sent: &sent,
            errors: &errors,
            eligibility,
            message,
        },
    )
}

/// `POST /portal/cases/{id}/check` (and `/portal/check?call=` before the first save): the
/// eligibility panel for what the form holds now, without saving.
pub async fn check(
    State(state): State<AppState>,
    user: Applicant,
    Path(id): Path<i64>,
    FormPairs(pairs): FormPairs,
) -> Result<Response, AppError> {
    let rec = own_case(&state, &user, id).await?;
    let m = state
        .library
        .get(&rec.case.measure)
        .ok_or_else(|| AppError::unknown_policy(&rec.case.measure, None))?;
    let sent = form::sent(pairs);
    let (profile, _, errors) = read_form(&state, m, &sent);
    if !errors.is_empty() {
        let items: String = errors
            .iter()
            .map(|e| format!("<li>{}</li>", work::escape(&e.message)))
            .collect();
        return Ok(Html(format!(
            "<div class=\"error-summary\"><ul>{items}</ul></div>"
        ))
        .into_response());
    }
    Ok(Html(work::eligibility_html(&state, m.id(), &profile)).into_response())
}

/// `POST /portal/check?call=`: the eligibility panel before the first save.
pub async fn check_new(
    State(state): State<AppState>,
    _user: Applicant,
    Query(q): Query<CallQuery>,
    FormPairs(pairs): FormPairs,
) -> Result<Response, AppError> {
    let call = find_call(&state, &q.call).await?;
    let m = state
        .library
        .get(&call.measure)
        .ok_or_else(|| AppError::unknown_policy(&call.measure, None))?;
    let sent = form::sent(pairs);
    let (profile, _, _) = read_form(&state, m, &sent);
    Ok(Html(work::eligibility_html(&state, m.id(), &profile)).into_response())
}

/// `POST /portal/cases/{id}/materials/{material}` (multipart `file`): uploads a file for a
/// material; answers the material's row (and the new version, out of band).
pub async fn upload(
    State(state): State<AppState>,
    user: Applicant,
    Path((id, material)): Path<(i64, String)>,
    mut multipart: Multipart,
) -> Result<Response, AppError> {
    let rec = own_case(&state, &user, id).await?;
    let mut file: Option<(String, Vec<u8>)> = None;
    while let Ok(Some(field)) = multipart.next_field().await {
        if field.name() == Some("file") {
            let name = field.file_name().unwrap_or("附件").to_string();
            match field.bytes().await {
                Ok(b) => file = Some((name, b.to_vec())),
                Err(_) => {
                    return row_with_error(
                        &state,
                        &rec,
                        &material,
                        "文件未能完整上传，可能超过大小限制，请重试",
                    )
                    .await;
                }
            }
        }
    }
    let Some((name, bytes)) = file.filter(|(_, b)| !b.is_empty()) else {
        return row_with_error(&state, &rec, &material, "请选择要上传的文件").await;
    };
    let cw = work::casework(&state)?;
    match cw
        .attach(id, user.account.id, &material, bytes, &name)
        .await
    {
        Ok(_) => {
            let rec = cw.case(id).await.map_err(|e| work::cw_error(e, "file"))?;
            material_row(
                &state,
                &rec,
                &material,
                None,
                Some(format!("已上传「{name}」")),
            )
            .await
        }
        Err(e) => {
            let msg = e.to_string();
            row_with_error(&state, &rec, &material, &msg).await
        }
    }
}

async fn row_with_error(
    state: &AppState,
    rec: &casework::CaseRecord,
    material: &str,
    message: &str,
) -> Result<Response, AppError> {
    material_row(state, rec, material, Some(message.to_string()), None).await
}

async fn material_row(
    state: &AppState,
    rec: &casework::CaseRecord,
    material: &str,
    error: Option<String>,
    done: Option<String>,
) -> Result<Response, AppError> {
    let cw = work::casework(state)?;
    let view = work::case_view(state, &cw, rec).await?;
    let Some(mv) = view.materials.iter().find(|x| x.id == material) else {
        return Err(AppError::NotFound {
            message: format!("材料清单中没有「{material}」"),
            field: Some("material".into()),
        });
    };
    let html = super::render(
        state,
        "partials/material_row.html",
        context! {
            m => Serde(mv), case => Serde(&view), error, done,
            upload_limit_kib => state.config.limits.body_bytes / 1024, oob => true,
        },
    )?;
    Ok(Html(html).into_response())
}

/// `POST /portal/cases/{id}/submit`: submits (or resubmits) the case; to the confirmation.
pub async fn submit(
    State(state): State<AppState>,
    user: Applicant,
    headers: HeaderMap,
    Path(id): Path<i64>,
    FormPairs(pairs): FormPairs,
) -> Result<Response, AppError> {
    let rec = own_case(&state, &user, id).await?;
    let sent = form::sent(pairs);
    let version: i64 = form::first(&sent, "version").parse().unwrap_or(rec.version);
    let cw = work::casework(&state)?;
    match cw
        .act(id, version, user.account.id, Action::Submit, work::today())
        .await
    {
        Ok(_) => Ok(work::redirect(
            &headers,
            &format!("/portal/cases/{id}/submitted"),
        )),
        Err(e) => {
            let msg = e.to_string();
            let html = format!(
                "<div id=\"submit-result\" class=\"error-summary\" role=\"alert\"><h2>未能提交</h2><p>{}</p></div>",
                work::escape(&msg)
            );
            Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(html)).into_response())
        }
    }
}

/// `GET /portal/cases/{id}/submitted`: the confirmation.
pub async fn submitted(
    State(state): State<AppState>,
    MaybeUser(user): MaybeUser,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let Some(user) = user else {
        return Ok(work::to_login(&format!("/portal/cases/{id}")));
    };
    let rec = own_case(&state, &user, id).await?;
    let cw = work::casework(&state)?;
    let view = work::case_view(&state, &cw, &rec).await?;
    let html = super::page(
        &state,
        "portal_submitted.html",
        context! { title => "申报已提交", nav => "portal", case => Serde(&view),
        csrf_token => user.csrf_token.clone().unwrap_or_default() },
    )?;
    Ok(html.into_response())
}

/// `GET /portal/cases/{id}`: tracking (steps, state, deadline, history).
pub async fn case_page(
    State(state): State<AppState>,
    MaybeUser(user): MaybeUser,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let Some(user) = user else {
        return Ok(work::to_login(&format!("/portal/cases/{id}")));
    };
    user.require_role(&[AccountRole::Applicant])?;
    let rec = own_case(&state, &user, id).await?;
    let cw = work::casework(&state)?;
    let view = work::case_view(&state, &cw, &rec).await?;
    let html = super::page(
        &state,
        "portal_case.html",
        context! {
            title => format!("申报 {id}"), nav => "portal", case => Serde(&view),
            editable => matches!(rec.case.state, CaseState::Draft | CaseState::Returned { .. }),
            csrf_token => user.csrf_token.clone().unwrap_or_default(),
        },
    )?;
    Ok(html.into_response())
}

// ───────────────────────────── statistics filing ─────────────────────────────

#[derive(Serialize)]
struct StatField {
    name: String,
    id: String,
    label: String,
    unit: String,
    kind: String,
    value: String,
    error: Option<String>,
}

fn statistics_fields(state: &AppState, sent: &Sent, errors: &[FieldError]) -> Vec<StatField> {
    let Some(text) = state.library.file("forms/statistics.toml") else {
        return Vec::new();
    };
    let Ok(form) = workflow::filings::FilingForm::from_toml(text) else {
        return Vec::new();
    };
    let err = work::errors_map(errors);
    form.fields
        .iter()
        .map(|f| {
            let v = serde_json::to_value(f).unwrap_or_default();
            let get = |k: &str| {
                v.get(k)
                    .and_then(|x| x.as_str())
                    .unwrap_or_default()
                    .to_string()
            };
            let name = get("id");
            StatField {
                id: form::element_id(&name),
                value: form::first(sent, &name).to_string(),
                error: err.get(&name).cloned(),
                label: get("label"),
                unit: get("unit"),
                kind: get("type"),
                name,
            }
        })
        .collect()
}

async fn statistics_render(
    state: &AppState,
    user: &crate::auth::CurrentUser,
    space: &casework::SpaceRecord,
    sent: &Sent,
    errors: &[FieldError],
    receipt: Option<casework::FilingReceipt>,
    status: StatusCode,
) -> Result<Response, AppError> {
    let today = work::today();
    let period = form::first(sent, "period");
    let period = if period.is_empty() {
        format!(
            "{}H{}",
            today.year(),
            if today.month() <= 6 { 1 } else { 2 }
        )
    } else {
        period.to_string()
    };
    let html = super::page(
        state,
        "portal_statistics.html",
        context! {
            title => "统计数据上报", nav => "portal",
            csrf_token => user.csrf_token.clone().unwrap_or_default(),
            space => context! { id => space.id, name => space.name.clone(),
                measure_name => work::short_name(state, &space.measure),
                filed => space.space.statistics.iter().map(|d| d.to_string()).collect::<Vec<_>>() },
            fields => Serde(statistics_fields(state, sent, errors)),
            period, period_error => work::errors_map(errors).get("period").cloned(),
            general => work::errors_map(errors).get("general").cloned(),
            receipt => receipt.map(Serde),
        },
    )?;
    Ok((status, html).into_response())
}

async fn own_space(
    state: &AppState,
    user: &crate::auth::CurrentUser,
    id: i64,
) -> Result<casework::SpaceRecord, AppError> {
    let cw = work::casework(state)?;
    let s = cw.space(id).await.map_err(|e| work::cw_error(e, "space"))?;
    user.authorize_or_hide(
        &format!("space:{id} file"),
        user.account.organisation_id == Some(s.org_id),
        format!("众创空间 {id} 不存在"),
    )?;
    Ok(s)
}

/// `GET /portal/spaces/{id}/statistics`.
pub async fn statistics_page(
    State(state): State<AppState>,
    MaybeUser(user): MaybeUser,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let Some(user) = user else {
        return Ok(work::to_login(&format!("/portal/spaces/{id}/statistics")));
    };
    user.require_role(&[AccountRole::Applicant])?;
    let s = own_space(&state, &user, id).await?;
    statistics_render(&state, &user, &s, &Sent::new(), &[], None, StatusCode::OK).await
}

/// `POST /portal/spaces/{id}/statistics`.
pub async fn statistics_submit(
    State(state): State<AppState>,
    user: Applicant,
    Path(id): Path<i64>,
    FormPairs(pairs): FormPairs,
) -> Result<Response, AppError> {
    let s = own_space(&state, &user, id).await?;
    let sent = form::sent(pairs);
    let mut errors = Vec::new();
    let mut values = workflow::filings::Filing::new();
    for f in statistics_fields(&state, &sent, &[]) {
        let v = form::first(&sent, &f.name);
        if v.is_empty() {
            continue;
        }
        match v.parse::<rust_decimal::Decimal>() {
            Ok(d) => {
                values.insert(f.name.clone(), d);
            }
            Err(_) => errors.push(FieldError {
                field: f.name.clone(),
                message: format!("「{v}」不是数字，请填写阿拉伯数字"),
            }),
        }
    }
    let period = form::first(&sent, "period");
    if period.is_empty() {
        errors.push(FieldError {
            field: "period".into(),
            message: "请填写统计期（如 2025H1）".into(),
        });
    }
    if errors.is_empty() {
        let cw = work::casework(&state)?;
        match cw
            .file_statistics(id, user.account.id, period, &values, work::today())
            .await
        {
            Ok(receipt) => {
                let s = cw.space(id).await.map_err(|e| work::cw_error(e, "space"))?;
                return statistics_render(
                    &state,
                    &user,
                    &s,
                    &Sent::new(),
                    &[],
                    Some(receipt),
                    StatusCode::OK,
                )
                .await;
            }
            Err(casework::CaseworkError::FilingRefused { errors: fe }) => {
                errors.extend(fe.into_iter().map(|e| FieldError {
                    field: e.field,
                    message: e.message,
                }));
            }
            Err(e) => errors.extend(work::as_field_errors(
                work::cw_error(e, "general"),
                "general",
            )?),
        }
    }
    statistics_render(
        &state,
        &user,
        &s,
        &sent,
        &errors,
        None,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await
}

/// The names of organisations (re-exported for the workbench).
pub type OrgNames = Names;
