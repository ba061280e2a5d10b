//! `/appraisal`: an appraisal preview (Inner Mongolia's index table by default) with the
//! per-item breakdown, total, grade, subsidy and the way to the next grade.

use axum::extract::{Query, State};
use axum::http::HeaderValue;
use axum::response::{Html, IntoResponse, Response};
use minijinja::value::Serde;
use minijinja::{Value, context};
use policy::model::AppraisalMethod;
use policy::{Library, LoadedMeasure};
use serde::{Deserialize, Serialize};

use super::form::{self, Group, Sent};
use crate::engine;
use crate::error::{AppError, FieldError, FormPairs};
use crate::state::AppState;

/// The measure shown when none is chosen.
pub const DEFAULT: &str = "inner-mongolia-2020";

fn tables(library: &Library) -> Vec<&LoadedMeasure> {
    library
        .measures()
        .iter()
        .filter(|m| {
            m.measure
                .appraisal
                .as_ref()
                .is_some_and(|a| a.method == AppraisalMethod::IndexTable)
        })
        .collect()
}

fn chosen<'a>(library: &'a Library, id: &str) -> Option<&'a LoadedMeasure> {
    tables(library).into_iter().find(|m| m.id() == id)
}

/// The inputs of a measure's index table, grouped as the table groups its rows.
pub(crate) fn groups(library: &Library, m: &LoadedMeasure) -> Vec<Group> {
    let Some(a) = &m.measure.appraisal else {
        return Vec::new();
    };
    let mut out: Vec<Group> = Vec::new();
    let mut seen = Vec::new();
    for g in &a.group {
        let mut fields = Vec::new();
        for item in a.item.iter().filter(|i| i.group == g.id) {
            if seen.contains(&item.input) {
                continue;
            }
            if let Some(def) = library.facts.appraisal_input(&item.input) {
                fields.push(form::field(def));
                seen.push(item.input.clone());
            }
        }
        if !fields.is_empty() {
            out.push(Group {
                title: g.label.clone(),
                fields,
            });
        }
    }
    let mut other = Vec::new();
    for o in &a.override_ {
        if !seen.contains(&o.input)
            && let Some(def) = library.facts.appraisal_input(&o.input)
        {
            other.push(form::field(def));
            seen.push(o.input.clone());
        }
    }
    if !other.is_empty() {
        out.push(Group {
            title: "其他情形".into(),
            fields: other,
        });
    }
    out
}

#[derive(Serialize)]
struct Choice {
    id: String,
    label: String,
}

/// The page's query.
#[derive(Debug, Deserialize)]
pub struct PageQuery {
    /// The measure id.
    pub policy: Option<String>,
}

/// The appraisal's errors named as the form's fields (the engine names an input
/// `input.<fact>`, the form names it `<fact>`).
pub(super) fn form_errors(errors: &[FieldError]) -> Vec<FieldError> {
    errors
        .iter()
        .map(|e| FieldError {
            field: e
                .field
                .strip_prefix("input.")
                .unwrap_or(&e.field)
                .to_string(),
            message: e.message.clone(),
        })
        .collect()
}

fn form_ctx(state: &AppState, m: &LoadedMeasure, sent: &Sent, errors: &[FieldError]) -> Value {
    let mut groups = groups(&state.library, m);
    let errors = form_errors(errors);
    form::fill(&mut groups, sent, &errors);
    let known: Vec<String> = groups
        .iter()
        .flat_map(|g| g.fields.iter().map(|f| f.name.clone()))
        .collect();
    let general: Vec<&FieldError> = errors
        .iter()
        .filter(|e| !known.contains(&e.field))
        .collect();
    context! {
        policy => m.id(),
        policy_title => m.measure.measure.title.clone(),
        measures => Serde(tables(&state.library).iter().map(|t| Choice {
            id: t.id().to_string(),
            label: format!("{}：{}", t.measure.measure.short_name, t.measure.measure.title),
        }).collect::<Vec<_>>()),
        groups => Serde(groups),
        previous_failures => form::first(sent, "previous_failures"),
        errors => Serde(errors.clone()),
        general_errors => Serde(general),
    }
}

fn measure<'a>(state: &'a AppState, id: Option<&str>) -> Result<&'a LoadedMeasure, AppError> {
    let id = id.filter(|s| !s.is_empty()).unwrap_or(DEFAULT);
    chosen(&state.library, id).ok_or_else(|| AppError::NotFound {
        message: format!("没有编号为「{id}」且按考核指标体系计分的办法"),
        field: Some("policy".into()),
    })
}

/// The index-table input typed into a measure's form, as JSON for the engine, with the typing
/// errors (shared by this preview and the workbench's appraisal runs).
pub(crate) fn input_from_form(
    library: &Library,
    m: &LoadedMeasure,
    sent: &Sent,
) -> (serde_json::Map<String, serde_json::Value>, Vec<FieldError>) {
    let defs = groups(library, m);
    let names: Vec<&str> = defs
        .iter()
        .flat_map(|g| g.fields.iter().map(|f| f.name.as_str()))
        .collect();
    form::to_json(
        library
            .facts
            .appraisal_inputs()
            .filter(|d| names.contains(&d.name.as_str())),
        sent,
    )
}

/// `GET /appraisal`.
pub async fn page(
    State(state): State<AppState>,
    Query(q): Query<PageQuery>,
) -> Result<Response, AppError> {
    let m = match measure(&state, q.policy.as_deref()) {
        Ok(m) => m,
        Err(_) => {
            return Ok(super::not_found(
                State(state.clone()),
                "/appraisal".parse().unwrap_or_default(),
            )
            .await);
        }
    };
    let form = form_ctx(&state, m, &Sent::new(), &[]);
    super::page(
        &state,
        "appraisal.html",
        context! { title => "绩效考核预评", nav => "appraisal", form, result => Value::UNDEFINED },
    )
    .map(IntoResponse::into_response)
}

/// `POST /appraisal`.
pub async fn submit(
    State(state): State<AppState>,
    headers: axum::http::HeaderMap,
    FormPairs(pairs): FormPairs,
) -> Result<Response, AppError> {
    let sent = form::sent(pairs);
    let m = measure(&state, Some(form::first(&sent, "policy")))?;
    let (mut json, mut errors) = input_from_form(&state.library, m, &sent);
    let pf = form::first(&sent, "previous_failures");
    if !pf.is_empty() {
        match pf.parse::<u32>() {
            Ok(n) => {
                json.insert("previous_failures".into(), n.into());
            }
            Err(_) => errors.push(FieldError {
                field: "previous_failures".into(),
                message: "请填写非负整数".into(),
            }),
        }
    }
    let outcome = if errors.is_empty() {
        engine::appraise(&state.library, m.id(), &json.into())
            .map(|r| serde_json::to_value(&r).unwrap_or_default())
            .map_err(|e| match e {
                AppError::Invalid(v) => v,
                other => vec![FieldError {
                    field: "policy".into(),
                    message: other.body().message,
                }],
            })
    } else {
        Err(errors)
    };
    let result = match &outcome {
        Ok(r) => Some(super::render(
            &state,
            "partials/appraisal_result.html",
            context! { a => Serde(r) },
        )?),
        Err(_) => None,
    };
    let errors = outcome.as_ref().err().cloned().unwrap_or_default();
    if super::is_htmx(&headers) {
        if let Some(html) = result {
            return Ok(Html(html).into_response());
        }
        let form = form_ctx(&state, m, &sent, &errors);
        let html = super::render(&state, "partials/appraisal_form.html", context! { form })?;
        let mut res = Html(format!(
            "{html}<div id=\"result\" hx-swap-oob=\"true\" aria-live=\"polite\"></div>"
        ))
        .into_response();
        let h = res.headers_mut();
        h.insert("hx-retarget", HeaderValue::from_static("#appraisal-form"));
        h.insert("hx-reswap", HeaderValue::from_static("outerHTML"));
        return Ok(res);
    }
    let form = form_ctx(&state, m, &sent, &errors);
    let result = result.map_or(Value::UNDEFINED, Value::from_safe_string);
    super::page(
        &state,
        "appraisal.html",
        context! { title => "绩效考核预评", nav => "appraisal", form, result },
    )
    .map(IntoResponse::into_response)
}
