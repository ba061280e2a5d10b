//! Facts put in place of those on record: measured on a site inspection (核实数), or reported
//! as they stand after a material change (鞍山 第八条: 经市科技局审核后，符合本办法要求的，同意变更).
//! Each is checked against the dictionary and the profile's own checks, set beside the value on
//! record, and the measure's conditions are checked again on the new values, so the record
//! shows which conditions they change. Every refused fact is named; none is taken.

use std::collections::BTreeMap;

use policy::LoadedMeasure;
use policy::facts::{FactDef, FactName};
use rules::FieldError;
use rules::eligibility::{self, EligibilityReport};
use rules::profile::Profile;
use serde_json::Value;
use workflow::review::{ChangedCondition, Measurement, Recheck};

use crate::Casework;

/// The new values set beside those on record, with the check on them.
pub(crate) struct Overlaid {
    /// One line a fact given, in name order.
    pub measurements: Vec<Measurement>,
    /// The conditions checked again on the new values.
    pub recheck: Recheck,
}

/// Puts `found` (fact name → value as the profile writes it) in place of `base`'s values and
/// checks `measure` again. `field` names a fact's input (`measured.<name>`, `facts.<name>`);
/// `refuse` says why a known fact may not be given here (none: it may).
pub(crate) fn overlay(
    cw: &Casework,
    measure: &LoadedMeasure,
    base: &Profile,
    found: &BTreeMap<String, Value>,
    field: &dyn Fn(&str) -> String,
    refuse: &dyn Fn(&FactDef) -> Option<String>,
) -> Result<Overlaid, Vec<FieldError>> {
    let dict = &cw.library.facts;
    let refused: Vec<FieldError> = found
        .keys()
        .filter_map(|name| {
            let message = match dict.fact_named(name) {
                None => format!("事实字典中没有「{name}」"),
                Some(def) => refuse(def)?,
            };
            Some(FieldError {
                field: field(name),
                message,
            })
        })
        .collect();
    if !refused.is_empty() {
        return Err(refused);
    }
    let mut with_found = base.to_json();
    for (name, value) in found {
        set_dotted(&mut with_found, name, value.clone());
    }
    let after = Profile::from_json_value(&with_found, dict).map_err(|errors| {
        // A wrong type names its fact; a broken relation between facts (a public area larger
        // than the total) names the first fact given.
        let first = found.keys().next().map_or_else(String::new, |n| field(n));
        errors
            .0
            .into_iter()
            .map(|e| FieldError {
                field: if found.contains_key(&e.field) {
                    field(&e.field)
                } else {
                    first.clone()
                },
                message: e.message,
            })
            .collect::<Vec<_>>()
    })?;
    let measurements = found
        .keys()
        .map(|name| {
            let fact = FactName(name.clone());
            let declared = base.get(&fact).map(|v| v.to_json());
            let found = after.get(&fact).map_or(Value::Null, |v| v.to_json());
            Measurement {
                label: dict.label(&fact).to_string(),
                differs: declared.as_ref() != Some(&found),
                fact: name.clone(),
                declared,
                found,
            }
        })
        .collect();
    let before = eligibility::check(&cw.library, measure, base);
    let now = eligibility::check(&cw.library, measure, &after);
    Ok(Overlaid {
        measurements,
        recheck: recheck(&before, &now),
    })
}

/// The check on the new values, with the conditions whose status they change.
fn recheck(on_record: &EligibilityReport, found: &EligibilityReport) -> Recheck {
    let changed = on_record
        .conditions
        .iter()
        .zip(&found.conditions)
        .filter(|(d, f)| d.status != f.status)
        .map(|(d, f)| ChangedCondition {
            id: f.id.clone(),
            article: f.article.clone(),
            label: f.label.clone(),
            declared: d.status.label().to_string(),
            measured: f.status.label().to_string(),
            message: f.message.clone(),
        })
        .collect();
    Recheck {
        verdict: found.verdict.code().to_string(),
        verdict_label: found.verdict_label.to_string(),
        declared_verdict: on_record.verdict.code().to_string(),
        summary: found.summary.clone(),
        changed,
    }
}

/// Sets `value` at a dotted path of a profile document, making the groups on the way.
pub(crate) fn set_dotted(doc: &mut Value, path: &str, value: Value) {
    let mut at = doc;
    let mut segments = path.split('.').peekable();
    while let Some(segment) = segments.next() {
        let Some(table) = at.as_object_mut() else {
            return;
        };
        if segments.peek().is_none() {
            table.insert(segment.to_string(), value);
            return;
        }
        at = table
            .entry(segment.to_string())
            .or_insert_with(|| Value::Object(serde_json::Map::new()));
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::set_dotted;

    #[test]
    fn a_dotted_name_is_set_inside_its_groups() {
        let mut doc = json!({ "premises": { "total_area_m2": 800 }, "as_of": "2024-06-30" });
        set_dotted(&mut doc, "premises.total_area_m2", json!(450));
        set_dotted(&mut doc, "staff.fulltime_professional", json!(2));
        assert_eq!(
            doc,
            json!({
                "premises": { "total_area_m2": 450 },
                "staff": { "fulltime_professional": 2 },
                "as_of": "2024-06-30"
            })
        );
    }
}
