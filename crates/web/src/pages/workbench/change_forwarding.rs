//! A change report passed on to the authority from the space's page by the body of its area
//! (`POST /workbench/spaces/{id}/changes/{n}/forwarding`), where the measure routes reports
//! through one (内蒙古 第十七条: 通过所属地管理部门向自治区科技厅报备), with the unit's opinion.

use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use casework::SpaceRecord;
use policy::LoadedMeasure;
use store::AccountRole;

use super::super::form::{self, Failed};
use super::super::work;
use super::spaces::{measure_of, render_space, render_space_with, visible_space};
use crate::auth::CurrentUser;
use crate::error::{AppError, FormPairs};
use crate::state::AppState;

/// What was done with the `n`th change (from 1), read from the record, for the message after
/// the forwarding (the same after a reload or a plain form's redirect).
pub(super) fn forward_notice(m: &LoadedMeasure, s: &SpaceRecord, n: usize) -> Option<String> {
    let fw = m.measure.change_forwarding()?;
    let c = s.space.changes.get(n.checked_sub(1)?)?;
    let f = c.forwarded.as_ref()?;
    let to = m
        .measure
        .obligation_for(policy::model::FilingKind::ChangeReport)
        .and_then(|o| m.measure.role(&o.report_to))
        .map_or(String::new(), |r| format!("至{}", r.label));
    Some(format!(
        "第 {n} 项变更「{}」已于 {} {}{to}",
        c.what, f.on, fw.label
    ))
}

/// `POST /workbench/spaces/{id}/changes/{n}/forwarding`: `note` (the unit's opinion, may be
/// empty).
pub async fn forward_change(
    State(state): State<AppState>,
    user: CurrentUser,
    headers: HeaderMap,
    Path((id, n)): Path<(i64, usize)>,
    FormPairs(pairs): FormPairs,
) -> Result<Response, AppError> {
    user.require_role(&[AccountRole::RecommendingUnit])?;
    visible_space(&state, &user, id).await?;
    let sent = form::sent(pairs);
    let cw = work::casework(&state)?;
    let note = form::first(&sent, "note");
    let errors = match cw
        .forward_change(id, user.account.id, n, note, work::today(&state))
        .await
    {
        Ok(()) if crate::pages::is_htmx(&headers) => {
            let s = visible_space(&state, &user, id).await?;
            let notice = forward_notice(measure_of(&state, &s)?, &s, n);
            return render_space_with(&state, &user, &s, None, notice).await;
        }
        Ok(()) => {
            return Ok(axum::response::Redirect::to(&format!(
                "/workbench/spaces/{id}?forwarded={n}#changes"
            ))
            .into_response());
        }
        Err(e) => work::refused(e, "general")?,
    };
    let s = visible_space(&state, &user, id).await?;
    render_space(
        &state,
        &user,
        &s,
        Some(Failed {
            form: "forward",
            sent: &sent,
            errors,
        }),
    )
    .await
}
