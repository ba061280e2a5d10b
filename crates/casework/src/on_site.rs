//! The facts a site inspection (实地核查) measures on the visit: each checked against the fact
//! dictionary (known, verifiable on site, typed as the profile types it), set beside the value
//! the application declared, and the eligibility check run again with the values found in place
//! of the declared ones, so the record shows which conditions the visit's findings change.

use std::collections::BTreeMap;

use policy::facts::FactName;
use rules::FieldError;
use rules::eligibility::{self, EligibilityReport};
use rules::profile::Profile;
use serde_json::Value;
use workflow::case::Case;
use workflow::review::{ChangedCondition, MeasuredOnSite, Measurement, Recheck};

use crate::Casework;
use crate::error::{CaseworkError, Result};

/// The measurements of `found` (fact name → value as the profile writes it) against the case's
/// declared profile (`profile_json`, as stored), with the check on them; nothing when nothing
/// was measured. Every refused fact is named, none is taken.
pub(crate) fn measured(
    cw: &Casework,
    case: &Case,
    profile_json: &str,
    found: &BTreeMap<String, Value>,
) -> Result<MeasuredOnSite> {
    if found.is_empty() {
        return Ok(MeasuredOnSite::default());
    }
    let dict = &cw.library.facts;
    let field = |name: &str| format!("measured.{name}");
    let mut refused: Vec<FieldError> = Vec::new();
    for name in found.keys() {
        match dict.fact_named(name) {
            None => refused.push(FieldError {
                field: field(name),
                message: format!("事实字典中没有「{name}」"),
            }),
            Some(def) if !def.on_site => refused.push(FieldError {
                field: field(name),
                message: format!(
                    "「{}」不能在实地核查中核实；可核实的有：{}",
                    def.label,
                    on_site_labels(cw)
                ),
            }),
            Some(_) => {}
        }
    }
    if !refused.is_empty() {
        return Err(CaseworkError::Measured(refused));
    }
    let stored: Value = serde_json::from_str(profile_json)
        .map_err(|e| CaseworkError::Profile(format!("申报档案无法读取：{e}")))?;
    let declared = Profile::from_json_value(&stored, dict)
        .map_err(|e| CaseworkError::Profile(e.to_string()))?;
    let mut with_found = declared.to_json();
    for (name, value) in found {
        set_dotted(&mut with_found, name, value.clone());
    }
    let on_visit = Profile::from_json_value(&with_found, dict).map_err(|errors| {
        // A wrong type names its fact; a broken relation between facts (a public area larger
        // than the total) names the first fact measured.
        let first = found.keys().next().map_or_else(String::new, |n| field(n));
        CaseworkError::Measured(
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
                .collect(),
        )
    })?;
    let measurements = found
        .keys()
        .map(|name| {
            let fact = FactName(name.clone());
            let declared = declared.get(&fact).map(|v| v.to_json());
            let found = on_visit.get(&fact).map_or(Value::Null, |v| v.to_json());
            Measurement {
                label: dict.label(&fact).to_string(),
                differs: declared.as_ref() != Some(&found),
                fact: name.clone(),
                declared,
                found,
            }
        })
        .collect();
    let measure = cw.measure(&case.measure)?;
    let before = eligibility::check(&cw.library, measure, &declared);
    let after = eligibility::check(&cw.library, measure, &on_visit);
    Ok(MeasuredOnSite {
        measurements,
        recheck: Some(recheck(&before, &after)),
    })
}

/// The check on the values found, with the conditions whose status they change.
fn recheck(declared: &EligibilityReport, found: &EligibilityReport) -> Recheck {
    let changed = declared
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
        declared_verdict: declared.verdict.code().to_string(),
        summary: found.summary.clone(),
        changed,
    }
}

/// The labels of the facts verifiable on site, for an error that names what may be measured.
fn on_site_labels(cw: &Casework) -> String {
    cw.library
        .facts
        .facts()
        .filter(|d| d.on_site)
        .map(|d| format!("{}（{}）", d.label, d.name))
        .collect::<Vec<_>>()
        .join("、")
}

/// Sets `value` at a dotted path of a profile document, making the groups on the way.
fn set_dotted(doc: &mut Value, path: &str, value: Value) {
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
