//! Submission and its confirmation page.

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use minijinja::context;
use minijinja::value::Serde;
use workflow::case::Action;

use super::{Applicant, own_case};
use crate::auth::MaybeUser;
use crate::error::{AppError, FormPairs};
use crate::pages::form;
use crate::pages::work;
use crate::state::AppState;

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
        .act(
            id,
            version,
            user.account.id,
            Action::Submit,
            work::today(&state),
        )
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
    let html = crate::pages::page(
        &state,
        "portal_submitted.html",
        context! { title => "申报已提交", nav => "portal", case => Serde(&view),
        csrf_token => user.csrf_token.clone().unwrap_or_default() },
    )?;
    Ok(html.into_response())
}
