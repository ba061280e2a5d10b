//! The authority's review of a reported change from the space's page
//! (`POST /workbench/spaces/{id}/changes/{n}/review`), where the measure has one (鞍山 第八条):
//! 同意变更, or 不同意变更 with the facts and reasons, which revokes the space.

use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use store::AccountRole;

use super::super::form::{self, Failed};
use super::super::work;
use super::spaces::{measure_of, render_space, render_space_with, review_notice, visible_space};
use crate::auth::CurrentUser;
use crate::error::{AppError, FieldError, FormPairs};
use crate::state::AppState;

/// The page's name of the review form of the `n`th change (its errors show beside it).
pub(super) fn form_name(n: usize) -> String {
    format!("review-{n}")
}

/// `POST /workbench/spaces/{id}/changes/{n}/review`: `agreed` (`true` or `false`, the button
/// pressed) and `note`.
pub async fn review_change(
    State(state): State<AppState>,
    user: CurrentUser,
    headers: HeaderMap,
    Path((id, n)): Path<(i64, usize)>,
    FormPairs(pairs): FormPairs,
) -> Result<Response, AppError> {
    user.require_role(&[AccountRole::Authority])?;
    let s = visible_space(&state, &user, id).await?;
    let sent = form::sent(pairs);
    // An error about the note shows beside it; any other (reviewed already, no such change, the
    // space no longer active) at the top of the page, where it is seen whatever the list shows.
    let mut beside = Vec::new();
    let mut general = Vec::new();
    let agreed = match form::first(&sent, "agreed") {
        "true" => Some(true),
        "false" => Some(false),
        _ => {
            beside.push(FieldError {
                field: "general".into(),
                message: match measure_of(&state, &s)?.measure.change_review() {
                    Some(r) => format!("请选择“{}”或“{}”", r.outcome.agreed, r.outcome.refused),
                    None => "请选择审核结果".into(),
                },
            });
            None
        }
    };
    if let Some(agreed) = agreed {
        let cw = work::casework(&state)?;
        let note = form::first(&sent, "note");
        match cw
            .review_change(id, user.account.id, n, agreed, note, work::today(&state))
            .await
        {
            // htmx swaps the page in place (a redirect to this page's own `#changes` would only
            // scroll); a plain form gets the page anew at its changes.
            Ok(_) if crate::pages::is_htmx(&headers) => {
                let s = visible_space(&state, &user, id).await?;
                let notice = review_notice(measure_of(&state, &s)?, &s, n);
                return render_space_with(&state, &user, &s, None, notice).await;
            }
            Ok(_) => {
                return Ok(axum::response::Redirect::to(&format!(
                    "/workbench/spaces/{id}?reviewed={n}#changes"
                ))
                .into_response());
            }
            Err(casework::CaseworkError::Review(e)) if e.field() == "note" => {
                beside.push(FieldError {
                    field: "note".into(),
                    message: e.to_string(),
                })
            }
            Err(e) => general.extend(work::refused(e, "general")?),
        }
    }
    let s = visible_space(&state, &user, id).await?;
    if !general.is_empty() {
        return render_space(
            &state,
            &user,
            &s,
            Some(Failed {
                form: "review",
                sent: &sent,
                errors: general,
            }),
        )
        .await;
    }
    let errors = beside;
    let name = form_name(n);
    render_space(
        &state,
        &user,
        &s,
        Some(Failed {
            form: &name,
            sent: &sent,
            errors,
        }),
    )
    .await
}
