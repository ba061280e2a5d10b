//! A table of facts to give new values for, each beside its value on record: the facts measured
//! on a site inspection (核实数 beside 申报数), the facts after a material change (变化后 beside
//! 登记在案). Only the facts the measure's conditions read are offered; a blank row gives nothing.
//! The template is `partials/fact_inputs.html`.

use std::collections::BTreeMap;

use policy::LoadedMeasure;
use policy::facts::{FactDef, FactType};
use serde::Serialize;

use super::super::form::Sent;
use super::value_text;
use crate::error::FieldError;
use crate::state::AppState;

/// One row: a fact and its input `<prefix><name>`.
#[derive(Debug, Serialize)]
pub struct FactInput {
    name: String,
    label: String,
    unit: String,
    /// `number`, `integer`, `bool`, `set`, `enum`, `date`, `region` or `text`: the input's kind.
    kind: &'static str,
    /// The value on record in words (`—` when none).
    declared: String,
    /// A set's or a choice's options, a set's ticked where on record.
    choices: Vec<ChoiceBox>,
}

/// One choice of a row: a set's checkbox `<prefix><name>:<id>`, or an option of a select.
#[derive(Debug, Serialize)]
pub struct ChoiceBox {
    id: String,
    label: String,
    declared: bool,
}

/// The rows for the facts `m`'s conditions read that `admit` lets in, in the order the
/// dictionary lists them (the application form's), each with its value in `profile` (the record, as stored).
pub fn fact_inputs(
    state: &AppState,
    m: &LoadedMeasure,
    profile: &serde_json::Value,
    admit: impl Fn(&FactDef) -> bool,
) -> Vec<FactInput> {
    use policy::facts::Constraint;
    let mut read: Vec<&policy::facts::FactName> = m
        .measure
        .condition
        .iter()
        .flat_map(|c| {
            let mut facts = c.rule.facts();
            facts.extend(c.applies_if.as_ref().map(|g| &g.fact));
            facts
        })
        .collect();
    // A fact bound to one offered by a relation (the parts of an area, the two ends of a lease)
    // is offered too: a new value that breaks the relation can then be put right.
    for c in state.library.facts.constraints() {
        let bound: Vec<&policy::facts::FactName> = match c {
            Constraint::PartOfWhole { parts, whole } => parts.iter().chain([whole]).collect(),
            Constraint::DateOrder { before, after } => vec![before, after],
            Constraint::NotAfterCheckDate { .. } => Vec::new(),
        };
        if bound.iter().any(|f| read.contains(f)) {
            read.extend(bound);
        }
    }
    let declared = reports::dotted_facts(profile);
    state
        .library
        .facts
        .facts_as_listed()
        .filter(|d| read.contains(&&d.name) && admit(d))
        .filter_map(|d| {
            Some(FactInput {
                kind: input_kind(d)?,
                name: d.name.to_string(),
                label: d.label.clone(),
                unit: d.display_unit().to_string(),
                declared: declared
                    .get(d.name.as_str())
                    .map_or_else(|| "—".into(), |v| value_text(state, d.name.as_str(), v)),
                choices: choice_boxes(d, declared.get(d.name.as_str())),
            })
        })
        .collect()
}

/// The input of a fact's type.
fn input_kind(d: &FactDef) -> Option<&'static str> {
    match d.ty {
        FactType::Number => Some("number"),
        FactType::Integer => Some("integer"),
        FactType::Bool => Some("bool"),
        FactType::Set => Some("set"),
        FactType::Enum => Some("enum"),
        FactType::Date => Some("date"),
        FactType::Region => Some("region"),
        FactType::Text | FactType::CreditCode => Some("text"),
    }
}

/// A set's or a choice's options, those on record marked.
fn choice_boxes(d: &FactDef, declared: Option<&serde_json::Value>) -> Vec<ChoiceBox> {
    let has = |id: &str| match declared {
        Some(serde_json::Value::Array(a)) => a.iter().any(|v| v.as_str() == Some(id)),
        Some(serde_json::Value::String(s)) => s == id,
        _ => false,
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

/// What a set's select says when the row is given: the choices are those ticked.
const SET_GIVEN: &str = "checked";

/// A table's words: its inputs' prefix and what its selects say.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Rows {
    /// The inputs' names: `<prefix><fact name>` (`measured.`, `facts.`).
    pub prefix: &'static str,
    /// The element ids: `<id>-<fact name>`.
    pub id: &'static str,
    /// A select's blank choice (未核实, 未变化).
    pub blank: &'static str,
    /// A row given, in a word (已核实, 已变化).
    pub given: &'static str,
    /// A set's select when given (已核实，现场具备下列勾选项).
    pub set_given: &'static str,
    /// The column of the value on record (申报数) and of the new value (核实数).
    pub on_record: &'static str,
    /// The column of the new value.
    pub new_value: &'static str,
}

/// The values typed in `rows` (`<prefix><name>`; blank: not given), as the profile writes
/// them; a value that does not read goes beside its input. A set given (`<prefix><name>` =
/// `checked`) is the choices ticked (`<prefix><name>:<id>`), none ticked being the empty set.
/// The facts' own checks (range, choices, relations) are the case service's.
pub fn typed_facts(
    state: &AppState,
    sent: &Sent,
    rows: &Rows,
    errors: &mut Vec<FieldError>,
) -> BTreeMap<String, serde_json::Value> {
    use serde_json::Value;
    let mut out = BTreeMap::new();
    for (key, values) in sent {
        // A set's ticks are read with the set.
        let Some(name) = key.strip_prefix(rows.prefix).filter(|n| !n.contains(':')) else {
            continue;
        };
        let typed = values.first().map_or("", |v| v.trim());
        if typed.is_empty() {
            continue;
        }
        let value = match state.library.facts.fact_named(name).map(|d| (d, d.ty)) {
            None => Err(format!("事实字典中没有「{name}」")),
            Some((d, FactType::Set)) => {
                let ticks = sent
                    .keys()
                    .filter_map(|k| k.strip_prefix(key.as_str())?.strip_prefix(':'));
                let unknown: Vec<&str> = ticks
                    .filter(|id| d.choices.iter().all(|c| c.id != *id))
                    .collect();
                if !unknown.is_empty() {
                    Err(format!(
                        "「{}」不是「{}」的可选项",
                        unknown.join("、"),
                        d.label
                    ))
                } else if typed == SET_GIVEN {
                    let ticked = d
                        .choices
                        .iter()
                        .filter(|c| sent.contains_key(&format!("{key}:{}", c.id)))
                        .map(|c| Value::String(c.id.clone()));
                    Ok(Value::Array(ticked.collect()))
                } else {
                    Err(format!("请选择「{}」或「{}」", rows.blank, rows.given))
                }
            }
            Some((_, FactType::Bool)) => match typed {
                "true" => Ok(Value::Bool(true)),
                "false" => Ok(Value::Bool(false)),
                _ => Err(format!("「{typed}」应为「是」或「否」")),
            },
            // As sent: the service checks a choice, a date, a code as the profile does.
            Some((
                _,
                FactType::Enum
                | FactType::Date
                | FactType::Region
                | FactType::Text
                | FactType::CreditCode,
            )) => Ok(Value::String(typed.to_string())),
            _ => {
                // As a JSON number, exactly as typed: the service reads it as the profile does.
                typed
                    .parse::<rust_decimal::Decimal>()
                    .ok()
                    .and_then(|_| serde_json::from_str::<serde_json::Number>(typed).ok())
                    .map(Value::Number)
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
