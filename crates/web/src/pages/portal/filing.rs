//! One filing of the applicant's own space as it was filed (`/portal/spaces/{id}/filings/
//! {filing}`), from the space's page.

use axum::extract::{Path, State};
use axum::response::Response;
use store::AccountRole;

use super::own_space;
use crate::auth::MaybeUser;
use crate::error::AppError;
use crate::pages::work;
use crate::state::AppState;

/// `GET /portal/spaces/{id}/filings/{filing}`.
pub async fn filing_page(
    State(state): State<AppState>,
    MaybeUser(user): MaybeUser,
    Path((id, filing)): Path<(i64, i64)>,
) -> Result<Response, AppError> {
    let Some(user) = user else {
        return Ok(work::to_login(&format!(
            "/portal/spaces/{id}/filings/{filing}"
        )));
    };
    user.require_role(&[AccountRole::Applicant])?;
    let s = own_space(&state, &user, id).await?;
    work::filing_page(
        &state,
        &s,
        filing,
        work::FilingPlace {
            nav: "portal",
            home: ("/portal", "申报单位工作台"),
            space_href: format!("/portal/spaces/{}", s.id),
        },
    )
    .await
}
