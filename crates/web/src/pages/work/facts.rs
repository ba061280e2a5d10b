//! A profile's facts in words, in the dictionary's order, with its labels and units.

use super::FactView;
use crate::state::AppState;

/// A fact value in words.
pub fn value_text(state: &AppState, name: &str, v: &serde_json::Value) -> String {
    let def = state.library.facts.fact(&name.into());
    let label_of = |id: &str| {
        def.and_then(|d| d.choices.iter().find(|c| c.id == id))
            .map_or_else(|| id.to_string(), |c| c.label.clone())
    };
    let unit = def
        .map(|d| d.display_unit().to_string())
        .unwrap_or_default();
    match v {
        serde_json::Value::Bool(true) => "是".into(),
        serde_json::Value::Bool(false) => "否".into(),
        serde_json::Value::String(s) => label_of(s),
        serde_json::Value::Array(a) => a
            .iter()
            .map(|x| label_of(x.as_str().unwrap_or_default()))
            .collect::<Vec<_>>()
            .join("、"),
        serde_json::Value::Number(n) => format!("{n}{unit}"),
        other => other.to_string(),
    }
}

/// The facts of a profile, in dictionary order, in words.
pub fn facts_view(state: &AppState, profile: &serde_json::Value) -> Vec<FactView> {
    let flat = reports::dotted_facts(profile);
    state
        .library
        .facts
        .facts()
        .filter_map(|d| {
            let v = flat.get(d.name.as_str())?;
            Some(FactView {
                label: d.label.clone(),
                value: value_text(state, d.name.as_str(), v),
            })
        })
        .collect()
}
