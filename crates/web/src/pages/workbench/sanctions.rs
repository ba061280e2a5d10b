//! Rectification, revocation and bans: `GET /workbench/sanctions` lists the spaces under
//! rectification with their end dates, the grounds awaiting the authority's decision, the spaces
//! no longer on the active register, and the organisations under a ban with its last day;
//! `POST /workbench/sanctions/fraud` records a fraud finding (with a preview of the bans the
//! policies attach to it); `POST /workbench/spaces/{id}/revoke` revokes on a discretionary
//! ground (`Casework::revoke`).

use std::collections::BTreeMap;

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use casework::BanPeriod;
use minijinja::context;
use minijinja::value::Serde;
use serde::Serialize;
use store::AccountRole;
use workflow::lifecycle::{Finding, SpaceStatus, evaluate};

use super::super::form::{self, Failed, Sent};
use super::super::work;
use super::STAFF;
use super::spaces::{finding_view, render_space, spaces_in_scope, status_label, visible_space};
use crate::auth::{CurrentUser, MaybeUser};
use crate::error::{AppError, FieldError, FormPairs};
use crate::state::AppState;

#[derive(Serialize)]
struct Rectifying {
    id: i64,
    name: String,
    measure: String,
    since: String,
    until: Option<String>,
    days_left: Option<i64>,
    cite: String,
}

#[derive(Serialize)]
struct Pending {
    id: i64,
    name: String,
    text: String,
    cite: String,
}

#[derive(Serialize)]
struct Ended {
    id: i64,
    name: String,
    measure: String,
    status: &'static str,
}

#[derive(Serialize)]
struct BanView {
    org: String,
    found_on: String,
    body: String,
    cite: String,
    bans: Vec<BanLine>,
    in_force: bool,
}

#[derive(Serialize)]
struct BanLine {
    measure: String,
    label: String,
    until: String,
    cite: String,
    in_force: bool,
}

#[derive(Serialize)]
struct OrgOpt {
    id: i64,
    name: String,
}

fn ban_lines(state: &AppState, bans: &[BanPeriod], today: jiff::civil::Date) -> Vec<BanLine> {
    bans.iter()
        .map(|b| BanLine {
            measure: work::short_name(state, &b.measure),
            label: b.label.clone(),
            until: b.until.to_string(),
            cite: b.cite.clone(),
            in_force: today <= b.until,
        })
        .collect()
}

/// The organisations the account may record a finding against: the applicants on record
/// (not the bureaus themselves) in its area.
async fn organisations(state: &AppState, user: &CurrentUser) -> Result<Vec<OrgOpt>, AppError> {
    let mut rows = work::casework(state)?
        .applicants_on_record()
        .await
        .map_err(|e| work::cw_error(e, "organisations"))?;
    // The form lists them in the order they were registered.
    rows.sort_by_key(|o| o.id);
    let area = user.account.region_code.as_deref();
    Ok(rows
        .into_iter()
        .filter(|o| {
            user.account.role == AccountRole::Admin
                || o.region_code
                    .as_deref()
                    .is_some_and(|r| work::area_contains(area, r))
        })
        .map(|o| OrgOpt {
            id: o.id,
            name: o.name,
        })
        .collect())
}

async fn render(
    state: &AppState,
    user: &CurrentUser,
    sent: &Sent,
    errors: &[FieldError],
    preview: Option<Vec<BanLine>>,
) -> Result<Response, AppError> {
    let cw = work::casework(state)?;
    let today = work::today(state);
    let mut rectifying = Vec::new();
    let mut pending = Vec::new();
    let mut ended = Vec::new();
    let mut names = work::Names::default();
    let mut in_area = Vec::new();
    for s in spaces_in_scope(state, user).await? {
        in_area.push(s.org_id);
        let Some(m) = state.library.get(&s.measure) else {
            continue;
        };
        if s.status != SpaceStatus::Active {
            ended.push(Ended {
                id: s.id,
                name: s.name.clone(),
                measure: m.measure.measure.short_name.clone(),
                status: status_label(s.status),
            });
            continue;
        }
        for f in evaluate(&state.library, m, &s.space, today) {
            match &f {
                Finding::Rectification { since, until, cite } => rectifying.push(Rectifying {
                    id: s.id,
                    name: s.name.clone(),
                    measure: m.measure.measure.short_name.clone(),
                    since: since.to_string(),
                    until: until.map(|u| u.to_string()),
                    days_left: until.map(|u| i64::from((u - today).get_days())),
                    cite: cite.clone(),
                }),
                Finding::Revoke {
                    automatic: false, ..
                } => {
                    let v = finding_view(&f, None);
                    pending.push(Pending {
                        id: s.id,
                        name: s.name.clone(),
                        text: v.text,
                        cite: v.cite,
                    });
                }
                _ => {}
            }
        }
    }
    rectifying.sort_by(|a, b| a.until.cmp(&b.until));
    let mut bans = Vec::new();
    for f in cw
        .fraud_findings()
        .await
        .map_err(|e| work::cw_error(e, "general"))?
    {
        if user.account.role != AccountRole::Authority && !in_area.contains(&f.org_id) {
            continue;
        }
        let lines = ban_lines(state, &f.bans, today);
        bans.push(BanView {
            org: names.org(state, f.org_id).await,
            found_on: f.found_on.to_string(),
            body: f.body,
            cite: f.cite,
            in_force: lines.iter().any(|l| l.in_force),
            bans: lines,
        });
    }
    let authority = user.account.role == AccountRole::Authority;
    let orgs = if authority {
        organisations(state, user).await?
    } else {
        Vec::new()
    };
    let values: BTreeMap<String, String> = sent
        .iter()
        .map(|(k, v)| (k.clone(), v.first().cloned().unwrap_or_default()))
        .collect();
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let html = super::super::page(
        state,
        "workbench_sanctions.html",
        context! {
            title => "整改、取消资格与禁止申报", nav => "workbench",
            csrf_token => user.csrf_token.clone().unwrap_or_default(),
            authority, today => today.to_string(),
            rectifying => Serde(&rectifying), pending => Serde(&pending),
            ended => Serde(&ended), bans => Serde(&bans), orgs => Serde(&orgs),
            values => Serde(values), errors => Serde(work::errors_map(errors)),
            preview => Serde(preview),
        },
    )?;
    Ok((status, html).into_response())
}

/// `GET /workbench/sanctions`.
pub async fn sanctions(
    State(state): State<AppState>,
    MaybeUser(user): MaybeUser,
) -> Result<Response, AppError> {
    let Some(user) = user else {
        return Ok(work::to_login("/workbench/sanctions"));
    };
    user.require_role(&STAFF)?;
    render(&state, &user, &Sent::new(), &[], None).await
}

fn date_field(
    sent: &Sent,
    name: &str,
    today: jiff::civil::Date,
    errors: &mut Vec<FieldError>,
) -> Option<jiff::civil::Date> {
    let d = match form::date(sent, name) {
        Ok(None) => return Some(today),
        Ok(Some(d)) => Some(d),
        Err(e) => {
            errors.push(e);
            None
        }
    };
    if d.is_some_and(|d| d > today) && !crate::demo::demo_clock() {
        errors.push(FieldError {
            field: name.into(),
            message: format!("日期不能晚于今天（{today}）"),
        });
        return None;
    }
    d
}

/// `POST /workbench/sanctions/fraud`: `intent=preview` shows the bans a finding on the day would
/// bring; `intent=record` records it (the measure's revocation follows for its spaces).
pub async fn fraud_submit(
    State(state): State<AppState>,
    user: CurrentUser,
    headers: HeaderMap,
    FormPairs(pairs): FormPairs,
) -> Result<Response, AppError> {
    user.require_role(&[AccountRole::Authority])?;
    let sent = form::sent(pairs);
    let mut errors = Vec::new();
    let org = form::first(&sent, "org").parse::<i64>().ok();
    let allowed = organisations(&state, &user).await?;
    if !org.is_some_and(|o| allowed.iter().any(|a| a.id == o)) {
        errors.push(FieldError {
            field: "org".into(),
            message: "请选择本辖区内被认定弄虚作假的单位".into(),
        });
    }
    let found_on = date_field(&sent, "found_on", work::today(&state), &mut errors);
    let body = form::first(&sent, "body").to_string();
    let cite = form::first(&sent, "cite").to_string();
    let record = form::first(&sent, "intent") == "record";
    if record {
        if body.is_empty() {
            errors.push(FieldError {
                field: "body".into(),
                message: "请写明认定弄虚作假的事实（如哪份材料、虚报了什么）".into(),
            });
        }
        if cite.is_empty() {
            errors.push(FieldError {
                field: "cite".into(),
                message: "请填写所依据的条款（如 第九条）".into(),
            });
        }
    }
    let cw = work::casework(&state)?;
    let preview = found_on.map(|d| ban_lines(&state, &cw.bans_after(d), work::today(&state)));
    if let (true, true, Some(org), Some(on)) = (record, errors.is_empty(), org, found_on) {
        match cw
            .record_fraud(user.account.id, org, on, &body, &cite)
            .await
        {
            Ok(_) => return Ok(work::redirect(&headers, "/workbench/sanctions#bans")),
            Err(e) => errors.extend(work::refused(e, "general")?),
        }
    }
    let mut out = render(&state, &user, &sent, &errors, preview).await?;
    if record && !errors.is_empty() {
        *out.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    }
    Ok(out)
}

/// `POST /workbench/spaces/{id}/revoke`: revokes on a discretionary ground, with the reason.
pub async fn revoke(
    State(state): State<AppState>,
    user: CurrentUser,
    headers: HeaderMap,
    Path(id): Path<i64>,
    FormPairs(pairs): FormPairs,
) -> Result<Response, AppError> {
    user.require_role(&[AccountRole::Authority])?;
    let s = visible_space(&state, &user, id).await?;
    let sent = form::sent(pairs);
    let mut errors = Vec::new();
    let ground = form::first(&sent, "revocation").to_string();
    if ground.is_empty() {
        errors.push(FieldError {
            field: "revocation".into(),
            message: "请选择取消资格的情形".into(),
        });
    }
    let reason = form::first(&sent, "reason").to_string();
    if reason.is_empty() {
        errors.push(FieldError {
            field: "reason".into(),
            message: "请写明取消资格所依据的事实和理由".into(),
        });
    }
    let on = date_field(&sent, "on", work::today(&state), &mut errors);
    if let (Some(on), true) = (on, errors.is_empty()) {
        let cw = work::casework(&state)?;
        match cw.revoke(id, user.account.id, &ground, on, &reason).await {
            Ok(_) => return Ok(work::redirect(&headers, &format!("/workbench/spaces/{id}"))),
            Err(casework::CaseworkError::Sanction(e)) => {
                errors.push(FieldError {
                    field: e.field().into(),
                    message: e.to_string(),
                });
            }
            Err(e) => errors.extend(work::refused(e, "general")?),
        }
    }
    render_space(
        &state,
        &user,
        &s,
        Some(Failed {
            form: "revoke",
            sent: &sent,
            errors,
        }),
    )
    .await
}
