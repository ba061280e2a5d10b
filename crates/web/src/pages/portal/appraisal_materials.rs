//! Appraisal materials from the portal (内蒙古 第十九条（四）): `GET
//! /portal/spaces/{id}/appraisal-materials` lists the appraisal rounds of the space's measure
//! with their deadline (moved off a rest day), the days left and what the space handed in;
//! `POST /portal/spaces/{id}/appraisal-materials/{round}` (multipart: `_csrf` first without
//! JavaScript, `text`, any number of `file`) hands the materials in. A refused hand-in answers
//! the page again with the text as typed and the reason beside its field.

use axum::extract::{Multipart, Path, State};
use axum::response::{IntoResponse, Response};
use casework::SpaceRecord;
use casework::appraisal_round::{HandinState, state_of};
use jiff::civil::Date;
use minijinja::context;
use minijinja::value::Serde;
use serde::Serialize;
use store::AccountRole;
use workflow::lifecycle::SpaceStatus;

use super::{Applicant, own_space};
use crate::auth::{CurrentUser, MaybeUser};
use crate::error::AppError;
use crate::pages::form::{self, Echo};
use crate::pages::work;
use crate::state::AppState;

/// One round as the space sees it.
#[derive(Debug, Serialize)]
pub(super) struct RoundView {
    id: i64,
    period: String,
    deadline: String,
    due: String,
    shifted: bool,
    days_left: Option<i64>,
    note: String,
    cite: String,
    quote: String,
    state: HandinState,
    state_label: &'static str,
    handin: Option<casework::appraisal_round::Handin>,
    open: bool,
}

/// The rounds of the space's measure as the space sees them on `today`, newest first (none
/// where the measure asks no appraisal materials).
pub(super) async fn rounds_for(
    state: &AppState,
    s: &SpaceRecord,
    today: Date,
) -> Result<Vec<RoundView>, AppError> {
    let cw = work::casework(state)?;
    let active = s.status == SpaceStatus::Active;
    let asks = state
        .library
        .get(&s.measure)
        .and_then(|m| m.measure.appraisal.as_ref())
        .is_some_and(|a| a.materials.is_some());
    let mut rounds = Vec::new();
    if !asks {
        return Ok(rounds);
    }
    for r in cw
        .appraisal_rounds(Some(&s.measure))
        .await
        .map_err(|e| work::cw_error(e, "round"))?
    {
        let h = cw
            .handin_of(r.id, s.id)
            .await
            .map_err(|e| work::cw_error(e, "round"))?;
        let st = state_of(&r, h.as_ref(), today);
        rounds.push(RoundView {
            id: r.id,
            period: r.period.clone(),
            deadline: r.deadline.to_string(),
            due: r.due.to_string(),
            shifted: r.due != r.deadline,
            days_left: today.until(r.due).ok().map(|d| i64::from(d.get_days())),
            note: r.note.clone(),
            cite: r.cite.clone(),
            quote: r.quote.clone(),
            state: st,
            state_label: st.label(),
            handin: h,
            open: active && st == HandinState::Pending,
        });
    }
    Ok(rounds)
}

async fn render(
    state: &AppState,
    user: &CurrentUser,
    s: &SpaceRecord,
    round_form: Option<i64>,
    echo: Echo,
    done: Option<String>,
) -> Result<Response, AppError> {
    let today = work::today(state);
    let materials = state
        .library
        .get(&s.measure)
        .and_then(|m| m.measure.appraisal.as_ref())
        .and_then(|a| a.materials.as_ref());
    let rounds = rounds_for(state, s, today).await?;
    let html = crate::pages::page(
        state,
        "portal_appraisal_materials.html",
        context! {
            title => format!("考核资料报送 · {}", s.name), nav => "portal",
            csrf_token => user.csrf_token.clone().unwrap_or_default(),
            space => context! { id => s.id, name => s.name.clone() },
            materials => materials.map(|x| context! {
                label => x.label.clone(), cite => x.cite.to_string(), quote => x.quote.clone(),
                reading => x.reading.clone(),
            }),
            rounds => Serde(&rounds), today => today.to_string(),
            form_round => round_form, form_name => echo.form_name,
            values => Serde(&echo.values), errors => Serde(&echo.errors), done,
        },
    )?;
    Ok((echo.status, html).into_response())
}

/// `GET /portal/spaces/{id}/appraisal-materials`.
pub async fn page(
    State(state): State<AppState>,
    MaybeUser(user): MaybeUser,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let Some(user) = user else {
        return Ok(work::to_login(&format!(
            "/portal/spaces/{id}/appraisal-materials"
        )));
    };
    user.require_role(&[AccountRole::Applicant])?;
    let s = own_space(&state, &user, id).await?;
    render(&state, &user, &s, None, Echo::none(), None).await
}

/// `POST /portal/spaces/{id}/appraisal-materials/{round}`.
pub async fn hand_in(
    State(state): State<AppState>,
    user: Applicant,
    Path((id, round)): Path<(i64, i64)>,
    multipart: Multipart,
) -> Result<Response, AppError> {
    let s = own_space(&state, &user, id).await?;
    let (sent, files, mut errors) = form::read_multipart(multipart, "附件").await;
    if errors.is_empty() {
        let cw = work::casework(&state)?;
        let text = form::first(&sent, "text").to_string();
        match cw
            .hand_in_appraisal_materials(
                round,
                id,
                user.account.id,
                &text,
                files,
                work::today(&state),
            )
            .await
        {
            Ok(h) => {
                let done = format!(
                    "考核资料已报送（报送编号 {}，{} 个附件）",
                    h.id,
                    h.files.len()
                );
                return render(&state, &user, &s, None, Echo::none(), Some(done)).await;
            }
            Err(e) => {
                let field = match &e {
                    casework::CaseworkError::Store(_) => "file",
                    _ => "text",
                };
                errors = work::refused(e, field)?;
            }
        }
    }
    let echo = Echo::refused("handin", &sent, &errors);
    render(&state, &user, &s, Some(round), echo, None).await
}
