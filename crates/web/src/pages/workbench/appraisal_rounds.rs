//! Appraisal rounds (考核批次, 内蒙古 第十九条（四）): `GET /workbench/appraisal-rounds` lists the
//! rounds of the measures in the account's scope and, for the authority, the form to open one
//! (measure, period, deadline, requirements); `GET /workbench/appraisal-rounds/{id}` shows every
//! active space of the round's measure in the account's scope: handed in, pending, late or found
//! false, with the form to find a hand-in false and the link to record the round's appraisal
//! (`materials_on_time` then read from the round's record).

use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use casework::appraisal_round::{HandinState, NewAppraisalRound};
use minijinja::context;
use minijinja::value::Serde;
use serde::Serialize;
use store::AccountRole;

use super::super::form::{self, Echo, Sent};
use super::super::work;
use super::spaces::may_see_space;
use super::{STAFF, measures_in_scope};
use crate::auth::{CurrentUser, MaybeUser};
use crate::error::{AppError, FieldError, FormPairs};
use crate::state::AppState;

#[derive(Serialize)]
struct RoundListed {
    id: i64,
    measure: String,
    period: String,
    deadline: String,
    due: String,
    opened_on: String,
    note: String,
    cite: String,
}

#[derive(Serialize)]
struct RowView {
    space_id: i64,
    name: String,
    state: HandinState,
    state_label: &'static str,
    handin: Option<casework::appraisal_round::Handin>,
}

/// The measures in scope whose appraisal asks materials: (id, short name).
fn measures(state: &AppState, user: &CurrentUser) -> Vec<(String, String)> {
    measures_in_scope(state, user)
        .into_iter()
        .filter(|m| {
            m.measure
                .appraisal
                .as_ref()
                .is_some_and(|a| a.materials.is_some())
        })
        .map(|m| (m.id().to_string(), m.measure.measure.short_name.clone()))
        .collect()
}

async fn render_list(
    state: &AppState,
    user: &CurrentUser,
    echo: Echo,
) -> Result<Response, AppError> {
    let cw = work::casework(state)?;
    let ms = measures(state, user);
    let mut rounds = Vec::new();
    for (id, name) in &ms {
        for r in cw
            .appraisal_rounds(Some(id))
            .await
            .map_err(|e| work::cw_error(e, "round"))?
        {
            rounds.push(RoundListed {
                id: r.id,
                measure: name.clone(),
                period: r.period,
                deadline: r.deadline.to_string(),
                due: r.due.to_string(),
                opened_on: r.opened_on.to_string(),
                note: r.note,
                cite: r.cite,
            });
        }
    }
    rounds.sort_by_key(|r| std::cmp::Reverse(r.id));
    let html = super::super::page(
        state,
        "workbench_appraisal_rounds.html",
        context! {
            title => "考核资料报送批次", nav => "workbench",
            csrf_token => user.csrf_token.clone().unwrap_or_default(),
            rounds => Serde(&rounds), measures => Serde(&ms),
            may_open => user.account.role == AccountRole::Authority,
            form_name => echo.form_name, values => Serde(&echo.values),
            errors => Serde(&echo.errors),
        },
    )?;
    Ok((echo.status, html).into_response())
}

/// `GET /workbench/appraisal-rounds`.
pub async fn rounds(
    State(state): State<AppState>,
    MaybeUser(user): MaybeUser,
) -> Result<Response, AppError> {
    let Some(user) = user else {
        return Ok(work::to_login("/workbench/appraisal-rounds"));
    };
    user.require_role(&STAFF)?;
    render_list(&state, &user, Echo::none()).await
}

fn error(field: &str, message: impl Into<String>) -> FieldError {
    FieldError {
        field: field.into(),
        message: message.into(),
    }
}

/// `POST /workbench/appraisal-rounds`: `measure`, `period`, `deadline`, `note` (the authority).
pub async fn open(
    State(state): State<AppState>,
    user: CurrentUser,
    headers: HeaderMap,
    FormPairs(pairs): FormPairs,
) -> Result<Response, AppError> {
    user.require_role(&[AccountRole::Authority])?;
    let sent = form::sent(pairs);
    let mut errors = Vec::new();
    let measure = form::first(&sent, "measure");
    if !measures(&state, &user).iter().any(|(id, _)| id == measure) {
        errors.push(error(
            "measure",
            "请选择本机构管理、且规定报送考核资料的办法",
        ));
    }
    let typed = form::first(&sent, "deadline");
    let deadline = work::parse_date(typed);
    if deadline.is_none() {
        errors.push(error(
            "deadline",
            format!("「{typed}」不是有效日期（格式 2025-06-30）"),
        ));
    }
    if let (Some(deadline), true) = (deadline, errors.is_empty()) {
        let cw = work::casework(&state)?;
        let new = NewAppraisalRound {
            measure: measure.to_string(),
            period: form::first(&sent, "period").to_string(),
            deadline,
            note: form::first(&sent, "note").to_string(),
        };
        match cw
            .open_appraisal_round(user.account.id, &new, work::today(&state))
            .await
        {
            Ok(r) => {
                return Ok(work::redirect(
                    &headers,
                    &format!("/workbench/appraisal-rounds/{}", r.id),
                ));
            }
            Err(casework::CaseworkError::Round(e)) => {
                use casework::appraisal_round::RoundError as R;
                let field = match &e {
                    R::EmptyPeriod | R::PeriodTooLong { .. } => "period",
                    R::NulChar { field } => field,
                    R::DeadlineInPast { .. } => "deadline",
                    R::TextTooLong { .. } => "note",
                    _ => "measure",
                };
                errors.push(error(field, e.to_string()));
            }
            Err(e) => errors.extend(work::refused(e, "measure")?),
        }
    }
    render_list(&state, &user, Echo::refused("open", &sent, &errors)).await
}

async fn render_round(
    state: &AppState,
    user: &CurrentUser,
    id: i64,
    echo: Echo,
    failed_handin: Option<i64>,
) -> Result<Response, AppError> {
    let cw = work::casework(state)?;
    let hidden = || AppError::NotFound {
        message: format!("考核批次 {id} 不存在"),
        field: None,
    };
    let round = cw.appraisal_round(id).await.map_err(|_| hidden())?;
    if !measures(state, user)
        .iter()
        .any(|(m, _)| *m == round.measure)
    {
        return Err(hidden());
    }
    let today = work::today(state);
    let mut rows = Vec::new();
    for r in cw
        .round_rows(&round, today)
        .await
        .map_err(|e| work::cw_error(e, "round"))?
    {
        let s = cw
            .space(r.space_id)
            .await
            .map_err(|e| work::cw_error(e, "space"))?;
        if !may_see_space(state, user, &s) {
            continue;
        }
        rows.push(RowView {
            space_id: r.space_id,
            name: r.name,
            state: r.state,
            state_label: r.state.label(),
            handin: r.handin,
        });
    }
    let count = |st: HandinState| rows.iter().filter(|r| r.state == st).count();
    let html = super::super::page(
        state,
        "workbench_appraisal_round.html",
        context! {
            title => format!("{} 年度考核资料 · 批次 {id}", round.period), nav => "workbench",
            csrf_token => user.csrf_token.clone().unwrap_or_default(),
            round => Serde(&round), measure_name => work::short_name(state, &round.measure),
            shifted => round.due != round.deadline,
            rows => Serde(&rows),
            counts => context! {
                on_time => count(HandinState::OnTime), pending => count(HandinState::Pending),
                missing => count(HandinState::Missing), false_ => count(HandinState::False),
            },
            authority => user.account.role == AccountRole::Authority,
            form_name => echo.form_name, failed_handin, values => Serde(&echo.values),
            errors => Serde(&echo.errors),
        },
    )?;
    Ok((echo.status, html).into_response())
}

/// `GET /workbench/appraisal-rounds/{id}`.
pub async fn round(
    State(state): State<AppState>,
    MaybeUser(user): MaybeUser,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let Some(user) = user else {
        return Ok(work::to_login(&format!("/workbench/appraisal-rounds/{id}")));
    };
    user.require_role(&STAFF)?;
    render_round(&state, &user, id, Echo::none(), None).await
}

/// `POST /workbench/appraisal-rounds/{id}/hand-ins/{handin}/false`: `reason` (the authority).
pub async fn mark_false(
    State(state): State<AppState>,
    user: CurrentUser,
    headers: HeaderMap,
    Path((id, handin)): Path<(i64, i64)>,
    FormPairs(pairs): FormPairs,
) -> Result<Response, AppError> {
    user.require_role(&[AccountRole::Authority])?;
    let cw = work::casework(&state)?;
    let h = cw
        .handin(handin)
        .await
        .map_err(|e| work::cw_error(e, "handin"))?;
    if h.round_id != id {
        return Err(AppError::NotFound {
            message: format!("考核批次 {id} 中没有报送 {handin}"),
            field: None,
        });
    }
    let s = cw
        .space(h.space_id)
        .await
        .map_err(|e| work::cw_error(e, "space"))?;
    if !may_see_space(&state, &user, &s) {
        return Err(AppError::NotFound {
            message: format!("考核批次 {id} 中没有报送 {handin}"),
            field: None,
        });
    }
    let sent: Sent = form::sent(pairs);
    let reason = form::first(&sent, "reason");
    match cw
        .mark_materials_false(handin, user.account.id, reason, work::today(&state))
        .await
    {
        Ok(_) => Ok(work::redirect(
            &headers,
            &format!("/workbench/appraisal-rounds/{id}#handin-{handin}"),
        )),
        Err(e) => {
            let errors = work::refused(e, "reason")?;
            let echo = Echo::refused("false", &sent, &errors);
            render_round(&state, &user, id, echo, Some(handin)).await
        }
    }
}
