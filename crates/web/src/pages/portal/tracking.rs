//! Case tracking: every step with its deadline.

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use minijinja::context;
use minijinja::value::Serde;
use store::AccountRole;
use workflow::case::CaseState;

use super::own_case;
use crate::auth::MaybeUser;
use crate::error::AppError;
use crate::pages::work;
use crate::state::AppState;

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
    let html = crate::pages::page(
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
