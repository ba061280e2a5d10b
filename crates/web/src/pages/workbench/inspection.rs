//! `POST /workbench/cases/{id}/inspections`: records a site inspection (实地核查记录) at the
//! site-inspection stage: the day of the visit, who inspected, the conclusion, what was found,
//! and the facts measured on the visit (核实数: the measure's quantities, yes-or-no facts and
//! sets of facilities the dictionary marks `on_site`), each beside the declared value. The stage
//! cannot be completed without one.

use std::collections::BTreeMap;

use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::Response;
use casework::CaseworkError;
use policy::LoadedMeasure;
use policy::facts::{FactDef, FactType};
use serde::Serialize;
use workflow::WorkflowError;
use workflow::review::NewInspection;

use super::super::form::{self, Failed, Sent};
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
    let measured = measured_in_form(&state, &sent, &mut errors);
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

/// A fact the form offers to measure: its input `measured.<name>`.
#[derive(Debug, Serialize)]
pub(super) struct MeasurableFact {
    name: String,
    label: String,
    unit: String,
    /// `number`, `integer`, `bool` or `set`: the input's kind.
    kind: &'static str,
    /// The declared value in words (`—` when not declared).
    declared: String,
    /// A set's choices, each ticked where declared (what the visit confirms or unticks).
    choices: Vec<ChoiceBox>,
}

/// One choice of a set on the form: its checkbox `measured.<name>:<id>`.
#[derive(Debug, Serialize)]
pub(super) struct ChoiceBox {
    id: String,
    label: String,
    declared: bool,
}

/// The facts the form offers to measure on a case: those the measure's conditions read that
/// the dictionary marks verifiable on site (quantities, yes or no, sets of facilities), in the
/// dictionary's order.
pub(super) fn measurable(
    state: &AppState,
    m: &LoadedMeasure,
    profile: &serde_json::Value,
) -> Vec<MeasurableFact> {
    let read: Vec<&policy::facts::FactName> = m
        .measure
        .condition
        .iter()
        .flat_map(|c| {
            let mut facts = c.rule.facts();
            facts.extend(c.applies_if.as_ref().map(|g| &g.fact));
            facts
        })
        .collect();
    let declared = reports::dotted_facts(profile);
    state
        .library
        .facts
        .facts()
        .filter(|d| d.on_site && read.contains(&&d.name))
        .filter_map(|d| {
            Some(MeasurableFact {
                kind: input_kind(d)?,
                name: d.name.to_string(),
                label: d.label.clone(),
                unit: d.display_unit().to_string(),
                declared: declared.get(d.name.as_str()).map_or_else(
                    || "—".into(),
                    |v| work::value_text(state, d.name.as_str(), v),
                ),
                choices: choice_boxes(d, declared.get(d.name.as_str())),
            })
        })
        .collect()
}

fn input_kind(d: &FactDef) -> Option<&'static str> {
    match d.ty {
        FactType::Number => Some("number"),
        FactType::Integer => Some("integer"),
        FactType::Bool => Some("bool"),
        FactType::Set => Some("set"),
        _ => None,
    }
}

/// A set's choices as checkboxes, those declared ticked (none for another kind of fact).
fn choice_boxes(d: &FactDef, declared: Option<&serde_json::Value>) -> Vec<ChoiceBox> {
    if d.ty != FactType::Set {
        return Vec::new();
    }
    let has = |id: &str| {
        declared
            .and_then(serde_json::Value::as_array)
            .is_some_and(|a| a.iter().any(|v| v.as_str() == Some(id)))
    };
    d.choices
        .iter()
        .map(|c| ChoiceBox {
            id: c.id.clone(),
            label: c.label.clone(),
            declared: has(&c.id),
        })
        .collect()
}

/// What a set's select says when the visit checked it: the choices seen are those ticked.
const SET_CHECKED: &str = "checked";

/// The measured values typed in the form (`measured.<name>`; blank: not measured), as the
/// profile writes them; a number that does not read goes beside its input. A set checked on the
/// visit (`measured.<name>` = `checked`) is the choices ticked (`measured.<name>:<id>`), none
/// ticked being the empty set. The facts' own checks (type, range, choices, relations) are the
/// case service's.
fn measured_in_form(
    state: &AppState,
    sent: &Sent,
    errors: &mut Vec<FieldError>,
) -> BTreeMap<String, serde_json::Value> {
    let mut out = BTreeMap::new();
    for (key, values) in sent {
        // A set's ticks are read with the set.
        let Some(name) = key.strip_prefix("measured.").filter(|n| !n.contains(':')) else {
            continue;
        };
        let typed = values.first().map_or("", |v| v.trim());
        if typed.is_empty() {
            continue;
        }
        let value = match state.library.facts.fact_named(name) {
            Some(d) if d.ty == FactType::Set => {
                if typed == SET_CHECKED {
                    let ticked = d
                        .choices
                        .iter()
                        .filter(|c| sent.contains_key(&format!("{key}:{}", c.id)))
                        .map(|c| serde_json::Value::String(c.id.clone()));
                    Ok(serde_json::Value::Array(ticked.collect()))
                } else {
                    Err("请选择「未核实」或「已核实」".to_string())
                }
            }
            Some(d) if d.ty == FactType::Bool => match typed {
                "true" => Ok(serde_json::Value::Bool(true)),
                "false" => Ok(serde_json::Value::Bool(false)),
                _ => Err(format!("「{typed}」应为「是」或「否」")),
            },
            _ => {
                // As a JSON number, exactly as typed: the service reads it as the profile does.
                typed
                    .parse::<rust_decimal::Decimal>()
                    .ok()
                    .and_then(|_| serde_json::from_str::<serde_json::Number>(typed).ok())
                    .map(serde_json::Value::Number)
                    .ok_or_else(|| format!("「{typed}」不是数值"))
            }
        };
        match value {
            Ok(v) => {
                out.insert(name.to_string(), v);
            }
            Err(message) => errors.push(FieldError {
                field: key.clone(),
                message,
            }),
        }
    }
    out
}
