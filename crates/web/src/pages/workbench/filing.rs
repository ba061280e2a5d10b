//! One filing of a recognised space as the authority reads it (`/workbench/spaces/{id}/filings/
//! {filing}`), from the space's page.

use axum::extract::{Path, State};
use axum::response::Response;

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
    work::filing_page(
        &state,
        &s,
        filing,
        work::FilingPlace {
            nav: "workbench",
            home: ("/workbench", "审核工作台"),
            space_href: format!("/workbench/spaces/{}", s.id),
        },
    )
    .await
}
