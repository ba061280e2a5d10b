//! One filing of a recognised space as the authority reads it (`/workbench/spaces/{id}/filings/
//! {filing}`), from the space's page.

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use minijinja::context;

use super::STAFF;
use super::spaces::visible_space;
use crate::auth::MaybeUser;
use crate::error::AppError;
use crate::pages::work;
use crate::state::AppState;

/// `GET /workbench/spaces/{id}/filings/{filing}`.
pub async fn filing_page(
    State(state): State<AppState>,
    MaybeUser(user): MaybeUser,
    Path((id, filing)): Path<(i64, i64)>,
) -> Result<Response, AppError> {
    let Some(user) = user else {
        return Ok(work::to_login(&format!(
            "/workbench/spaces/{id}/filings/{filing}"
        )));
    };
    user.require_role(&STAFF)?;
    let s = visible_space(&state, &user, id).await?;
    let f = work::casework(&state)?
        .filing_of(s.id, filing)
        .await
        .map_err(|e| work::cw_error(e, "filing"))?;
    let filing = work::filing_context(&state, &f).await?;
    let html = crate::pages::page(
        &state,
        "filing.html",
        context! {
            title => format!("{} · {}", work::filing_label(&f.kind), s.name), nav => "workbench",
            home => context! { href => "/workbench", label => "审核工作台" },
            space => context! { href => format!("/workbench/spaces/{}", s.id), name => s.name.clone() },
            ..filing
        },
    )?;
    Ok(html.into_response())
}
