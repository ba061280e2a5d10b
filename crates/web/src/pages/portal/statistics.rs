//! Statistics filing for a recognised space (`policies/forms/statistics.toml`).

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use minijinja::context;
use minijinja::value::Serde;
use serde::Serialize;
use store::AccountRole;

use super::{Applicant, own_space};
use crate::auth::MaybeUser;
use crate::error::{AppError, FieldError, FormPairs};
use crate::pages::form::{self, Sent};
use crate::pages::work;
use crate::state::AppState;

#[derive(Serialize)]
struct StatField {
    name: String,
    id: String,
    label: String,
    unit: String,
    kind: String,
    value: String,
    error: Option<String>,
}

fn statistics_fields(state: &AppState, sent: &Sent, errors: &[FieldError]) -> Vec<StatField> {
    let Some(text) = state.library.file("forms/statistics.toml") else {
        return Vec::new();
    };
    let Ok(form) = workflow::filings::FilingForm::from_toml(text) else {
        return Vec::new();
    };
    let err = work::errors_map(errors);
    form.fields
        .iter()
        .map(|f| {
            let v = serde_json::to_value(f).unwrap_or_default();
            let get = |k: &str| {
                v.get(k)
                    .and_then(|x| x.as_str())
                    .unwrap_or_default()
                    .to_string()
            };
            let name = get("id");
            StatField {
                id: form::element_id(&name),
                value: form::first(sent, &name).to_string(),
                error: err.get(&name).cloned(),
                label: get("label"),
                unit: get("unit"),
                kind: get("type"),
                name,
            }
        })
        .collect()
}

async fn statistics_render(
    state: &AppState,
    user: &crate::auth::CurrentUser,
    space: &casework::SpaceRecord,
    sent: &Sent,
    errors: &[FieldError],
    receipt: Option<casework::FilingReceipt>,
    status: StatusCode,
) -> Result<Response, AppError> {
    let today = work::today(state);
    let period = form::first(sent, "period");
    let period = if period.is_empty() {
        format!(
            "{}H{}",
            today.year(),
            if today.month() <= 6 { 1 } else { 2 }
        )
    } else {
        period.to_string()
    };
    let html = crate::pages::page(
        state,
        "portal_statistics.html",
        context! {
            title => "统计数据上报", nav => "portal",
            csrf_token => user.csrf_token.clone().unwrap_or_default(),
            space => context! { id => space.id, name => space.name.clone(),
                measure_name => work::short_name(state, &space.measure),
                filed => space.space.statistics.iter().map(|d| d.to_string()).collect::<Vec<_>>() },
            fields => Serde(statistics_fields(state, sent, errors)),
            period, period_error => work::errors_map(errors).get("period").cloned(),
            general => work::errors_map(errors).get("general").cloned(),
            receipt => receipt.map(Serde),
        },
    )?;
    Ok((status, html).into_response())
}

/// `GET /portal/spaces/{id}/statistics`.
pub async fn statistics_page(
    State(state): State<AppState>,
    MaybeUser(user): MaybeUser,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let Some(user) = user else {
        return Ok(work::to_login(&format!("/portal/spaces/{id}/statistics")));
    };
    user.require_role(&[AccountRole::Applicant])?;
    let s = own_space(&state, &user, id).await?;
    statistics_render(&state, &user, &s, &Sent::new(), &[], None, StatusCode::OK).await
}

/// `POST /portal/spaces/{id}/statistics`.
pub async fn statistics_submit(
    State(state): State<AppState>,
    user: Applicant,
    Path(id): Path<i64>,
    FormPairs(pairs): FormPairs,
) -> Result<Response, AppError> {
    let s = own_space(&state, &user, id).await?;
    let sent = form::sent(pairs);
    let mut errors = Vec::new();
    let mut values = workflow::filings::Filing::new();
    for f in statistics_fields(&state, &sent, &[]) {
        let v = form::first(&sent, &f.name);
        if v.is_empty() {
            continue;
        }
        match v.parse::<rust_decimal::Decimal>() {
            Ok(d) => {
                values.insert(f.name.clone(), d);
            }
            Err(_) => errors.push(FieldError {
                field: f.name.clone(),
                message: format!("「{v}」不是数字，请填写阿拉伯数字"),
            }),
        }
    }
    let period = form::first(&sent, "period");
    if period.is_empty() {
        errors.push(FieldError {
            field: "period".into(),
            message: "请填写统计期（如 2025H1）".into(),
        });
    }
    if errors.is_empty() {
        let cw = work::casework(&state)?;
        match cw
            .file_statistics(id, user.account.id, period, &values, work::today(&state))
            .await
        {
            Ok(receipt) => {
                let s = cw.space(id).await.map_err(|e| work::cw_error(e, "space"))?;
                return statistics_render(
                    &state,
                    &user,
                    &s,
                    &Sent::new(),
                    &[],
                    Some(receipt),
                    StatusCode::OK,
                )
                .await;
            }
            Err(casework::CaseworkError::FilingRefused { errors: fe }) => {
                errors.extend(fe.into_iter().map(|e| FieldError {
                    field: e.field,
                    message: e.message,
                }));
            }
            Err(e) => errors.extend(work::refused(e, "general")?),
        }
    }
    statistics_render(
        &state,
        &user,
        &s,
        &sent,
        &errors,
        None,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await
}
