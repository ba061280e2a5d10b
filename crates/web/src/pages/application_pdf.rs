//! The application form (申报书) PDF of a case from the pages: the applicant's own
//! (`/portal/cases/{id}/application.pdf`) and, for reviewers, any case they may see
//! (`/workbench/cases/{id}/application.pdf`). Another organisation's case is a 404, as on the
//! case pages.

use axum::extract::{Path, State};
use axum::response::Response;
use store::AccountRole;

use super::work;
use super::workbench::STAFF;
use crate::auth::{CurrentUser, MaybeUser};
use crate::error::AppError;
use crate::state::AppState;

/// `GET /portal/cases/{id}/application.pdf`: the applicant's own case.
pub async fn portal(
    State(state): State<AppState>,
    MaybeUser(user): MaybeUser,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    print(&state, user, id, "/portal", &[AccountRole::Applicant]).await
}

/// `GET /workbench/cases/{id}/application.pdf`: a case the reviewer may see.
pub async fn workbench(
    State(state): State<AppState>,
    MaybeUser(user): MaybeUser,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    print(&state, user, id, "/workbench", &STAFF).await
}

/// The PDF of case `id` for an account of one of `roles`; without a session, to the sign-in
/// page and back to the case page under `area`.
async fn print(
    state: &AppState,
    user: Option<CurrentUser>,
    id: i64,
    area: &str,
    roles: &[AccountRole],
) -> Result<Response, AppError> {
    let Some(user) = user else {
        return Ok(work::to_login(&format!("{area}/cases/{id}")));
    };
    user.require_role(roles)?;
    let rec = work::visible_case(state, &user, id).await?;
    let cw = work::casework(state)?;
    crate::printing::application_pdf(state, &cw, &rec).await
}
