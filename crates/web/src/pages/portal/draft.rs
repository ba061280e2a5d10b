//! Drafts: a new application per open call, draft saving with the version read, the live
//! eligibility panel.

use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use casework::{CallRecord, DraftChanges, NewDraft, Page, QueueFilter};
use minijinja::context;
use minijinja::value::Serde;
use policy::LoadedMeasure;
use store::AccountRole;
use workflow::case::CaseState;

use super::draft_form::{
    CallQuery, call_of, find_call, groups, measure_of, profile_errors, read_form, stored_sent,
};
use super::{Applicant, org_of, own_case};
use crate::auth::MaybeUser;
use crate::error::{AppError, FieldError, FormPairs};
use crate::pages::form::{self, Sent};
use crate::pages::work;
use crate::state::AppState;

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
    let html = crate::pages::page(
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
    let m = measure_of(&state, &rec)?;
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
    let m = measure_of(&state, &rec)?;
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
                    casework::dates::in_china(jiff::Timestamp::now()).strftime("%H:%M")
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
    let m = measure_of(&state, &rec)?;
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
