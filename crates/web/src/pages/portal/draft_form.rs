//! The application form's fields: the jurisdiction's 申报书 fields and the facts its conditions
//! and routes read, read back into a profile and routing facts.

use std::collections::BTreeMap;

use casework::CallRecord;
use policy::LoadedMeasure;
use policy::facts::FactDef;
use serde::Deserialize;

use crate::error::{AppError, FieldError};
use crate::pages::form::{self, Field, Group, Sent};
use crate::pages::work;
use crate::state::AppState;

/// Facts a measure's conditions and routes read, in dictionary order.
pub(super) fn measure_facts<'a>(state: &'a AppState, m: &LoadedMeasure) -> Vec<&'a FactDef> {
    let mut names: Vec<String> = Vec::new();
    for c in &m.measure.condition {
        for f in c.rule.facts() {
            names.push(f.as_str().to_string());
        }
        if let Some(g) = &c.applies_if {
            names.push(g.fact.as_str().to_string());
        }
    }
    for r in &m.measure.procedure.route {
        if let Some(g) = &r.when {
            names.push(g.fact.as_str().to_string());
        }
    }
    state
        .library
        .facts
        .facts_as_listed()
        .filter(|d| names.iter().any(|n| n == d.name.as_str()))
        .collect()
}

pub(super) fn route_facts(m: &LoadedMeasure) -> Vec<String> {
    m.measure
        .procedure
        .route
        .iter()
        .filter_map(|r| r.when.as_ref().map(|g| g.fact.as_str().to_string()))
        .collect()
}

/// The form's groups: the 申报书 fields (where the measure lists them), then the facts the
/// conditions need.
pub(super) fn groups(state: &AppState, m: &LoadedMeasure) -> Vec<Group> {
    let mut out = Vec::new();
    let mut taken: Vec<String> = Vec::new();
    let mut sections: Vec<Group> = Vec::new();
    for f in &m.measure.form_field {
        let field = match &f.fact {
            Some(fact) => match state.library.facts.fact(fact) {
                Some(def) => {
                    taken.push(def.name.as_str().to_string());
                    let mut x = form::field(def);
                    x.label = f.label.clone();
                    x.hint = format!("申报书 {}；{}", f.cite, def.meaning);
                    x
                }
                None => continue,
            },
            None => Field {
                name: format!("form.{}", f.id),
                id: form::element_id(&format!("form.{}", f.id)),
                label: f.label.clone(),
                hint: format!(
                    "申报书 {}{}",
                    f.cite,
                    if f.required { "；必填" } else { "" }
                ),
                kind: "text",
                unit: String::new(),
                choices: Vec::new(),
                value: String::new(),
                values: Vec::new(),
                error: None,
            },
        };
        match sections.iter_mut().find(|g| g.title.ends_with(&f.section)) {
            Some(g) => g.fields.push(field),
            None => sections.push(Group {
                title: format!("申报书 · {}", f.section),
                fields: vec![field],
            }),
        }
    }
    out.extend(sections);
    let rest: Vec<Field> = measure_facts(state, m)
        .into_iter()
        .filter(|d| !taken.iter().any(|t| t == d.name.as_str()))
        .map(form::field)
        .collect();
    if !rest.is_empty() {
        out.push(Group {
            title: "资格条件所需信息".into(),
            fields: rest,
        });
    }
    out
}

pub(super) fn form_defs<'a>(state: &'a AppState, m: &LoadedMeasure) -> Vec<&'a FactDef> {
    let mut defs = measure_facts(state, m);
    for f in &m.measure.form_field {
        if let Some(fact) = &f.fact
            && let Some(d) = state.library.facts.fact(fact)
            && !defs.iter().any(|x| x.name == d.name)
        {
            defs.push(d);
        }
    }
    defs
}

/// What a draft form sent: the profile JSON, the routing facts (route facts and the 申报书's
/// own fields as `form.<id>`), and the typing errors.
pub(super) fn read_form(
    state: &AppState,
    m: &LoadedMeasure,
    sent: &Sent,
) -> (
    serde_json::Value,
    BTreeMap<String, serde_json::Value>,
    Vec<FieldError>,
) {
    let defs = form_defs(state, m);
    let (mut json, errors) = form::to_json(defs.into_iter(), sent);
    json.insert("as_of".into(), work::today(state).to_string().into());
    let mut routing = BTreeMap::new();
    for f in route_facts(m) {
        if let Some(v) = json.get(&f) {
            routing.insert(f, v.clone());
        }
    }
    for f in &m.measure.form_field {
        if f.fact.is_none() {
            let name = format!("form.{}", f.id);
            let v = form::first(sent, &name);
            if !v.is_empty() {
                routing.insert(name, serde_json::Value::String(v.to_string()));
            }
        }
    }
    (serde_json::Value::Object(json), routing, errors)
}

/// The values of a stored case as form values.
pub(super) fn stored_sent(rec: &casework::CaseRecord) -> Sent {
    let mut sent = Sent::new();
    form::flatten("", &rec.profile, &mut sent);
    for (k, v) in &rec.case.routing_facts {
        if k.starts_with("form.") {
            sent.insert(
                k.clone(),
                vec![v.as_str().map_or_else(|| v.to_string(), str::to_string)],
            );
        }
    }
    sent
}

pub(super) async fn find_call(state: &AppState, id: &str) -> Result<CallRecord, AppError> {
    let cw = work::casework(state)?;
    for m in state.library.measures() {
        if let Ok(Some(c)) = cw.call(m.id(), id).await {
            return Ok(c);
        }
    }
    Err(AppError::NotFound {
        message: format!("没有编号为「{id}」的申报通知"),
        field: Some("call".into()),
    })
}

/// `?call=`.
#[derive(Debug, Deserialize)]
pub struct CallQuery {
    /// The call id.
    #[serde(default)]
    pub call: String,
}
/// A service refusal of a profile, as field errors (the dictionary's checks name the field).
pub(super) fn profile_errors(
    state: &AppState,
    profile: &serde_json::Value,
    e: casework::CaseworkError,
) -> Result<Vec<FieldError>, AppError> {
    if let casework::CaseworkError::Profile(_) = e
        && let Err(AppError::Invalid(v)) = crate::engine::profile(&state.library, profile)
    {
        return Ok(v);
    }
    work::refused(e, "general")
}

pub(super) async fn call_of(
    state: &AppState,
    rec: &casework::CaseRecord,
) -> Result<CallRecord, AppError> {
    match &rec.case.call {
        Some(c) => find_call(state, c).await,
        None => Err(AppError::NotFound {
            message: "该申报未关联申报通知".into(),
            field: None,
        }),
    }
}

/// The measure a case is judged under (a measure gone from the library is an error).
pub(super) fn measure_of<'a>(
    state: &'a AppState,
    rec: &casework::CaseRecord,
) -> Result<&'a LoadedMeasure, AppError> {
    state
        .library
        .get(&rec.case.measure)
        .ok_or_else(|| AppError::unknown_policy(&rec.case.measure, None))
}
