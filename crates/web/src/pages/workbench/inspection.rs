//! `POST /workbench/cases/{id}/inspections`: records a site inspection (实地核查记录) at the
//! site-inspection stage: the day of the visit, who inspected, the conclusion, what was found,
//! and the facts measured on the visit (核实数: the measure's quantities, yes-or-no facts and
//! sets of facilities the dictionary marks `on_site`), each beside the declared value. The stage
//! cannot be completed without one.

use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::Response;
use casework::CaseworkError;
use policy::LoadedMeasure;
use policy::facts::FactType;
use workflow::WorkflowError;
use workflow::review::NewInspection;

use super::super::form::{self, Failed};
use super::super::work;
use super::actions::required;
use super::case::render_case;
use crate::error::{AppError, FieldError, FormPairs};
use crate::state::AppState;

/// Records the inspection; a refused form comes back beside its fields, as typed.
pub async fn record(
    State(state): State<AppState>,
    user: crate::auth::CurrentUser,
    headers: HeaderMap,
    Path(id): Path<i64>,
    FormPairs(pairs): FormPairs,
) -> Result<Response, AppError> {
    let rec = work::visible_case(&state, &user, id).await?;
    let sent = form::sent(pairs);
    let mut errors = Vec::new();
    let visited_on = form::required_date(&sent, "visited_on", "请填写核查日期", &mut errors);
    let inspectors: Vec<String> = required(
        &sent,
        "inspectors",
        "请写明核查人员（多人以顿号或逗号分隔）",
        &mut errors,
    )
    .split(['、', ',', '，', ';', '；'])
    .map(|s| s.trim().to_string())
    .filter(|s| !s.is_empty())
    .collect();
    let consistent = form::yes_no(&sent, "consistent", "请选择核查结论", &mut errors);
    let note = required(&sent, "note", "请写明核查情况", &mut errors);
    let measured = work::typed_facts(&state, &sent, &MEASURED, &mut errors);
    let version: i64 = form::first(&sent, "version").parse().unwrap_or(rec.version);
    if let (Some(visited_on), Some(consistent), true) = (visited_on, consistent, errors.is_empty())
    {
        let cw = work::casework(&state)?;
        let new = NewInspection {
            visited_on,
            inspectors,
            consistent,
            note,
            measured,
        };
        match cw
            .record_inspection(id, version, user.account.id, &new, work::today(&state))
            .await
        {
            Ok(_) => return Ok(work::redirect(&headers, &format!("/workbench/cases/{id}"))),
            // The service's own checks of a field (the visit's day) go beside that field.
            Err(CaseworkError::Workflow(WorkflowError::InspectionInvalid { field, reason })) => {
                errors.push(FieldError {
                    field: field.into(),
                    message: reason,
                });
            }
            Err(e) => errors.extend(work::refused(e, "general")?),
        }
    }
    render_case(
        &state,
        &user,
        &rec,
        Some(Failed {
            form: "inspection",
            sent: &sent,
            errors,
        }),
    )
    .await
}

/// The inspection's table of facts: 核实数 beside 申报数.
pub(super) const MEASURED: work::Rows = work::Rows {
    prefix: "measured.",
    id: "m",
    blank: "未核实",
    given: "已核实",
    set_given: "已核实，现场具备下列勾选项",
    on_record: "申报数",
    new_value: "核实数",
};

/// The facts the form offers to measure on a case: those the measure's conditions read that
/// the dictionary marks verifiable on site (quantities, yes or no, sets of facilities), in the
/// dictionary's order.
pub(super) fn measurable(
    state: &AppState,
    m: &LoadedMeasure,
    profile: &serde_json::Value,
) -> Vec<work::FactInput> {
    work::fact_inputs(state, m, profile, |d| {
        d.on_site
            && matches!(
                d.ty,
                FactType::Number | FactType::Integer | FactType::Bool | FactType::Set
            )
    })
}
