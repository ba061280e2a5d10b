//! Space profiles.

mod fast_read;
mod json;
mod parse;
mod value;

pub(crate) use json::put_fact;
pub use parse::{ProfileError, ProfileErrors};
pub use value::FactValue;

use std::collections::BTreeMap;

use jiff::civil::Date;
use policy::facts::FactName;
use serde::Serialize;

/// A fraud finding recorded against the applicant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FraudFinding {
    /// The date of the finding.
    pub date: Date,
    /// Who found it, where known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub body: Option<String>,
}

/// What the system knows from its records.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct History {
    /// Fraud findings.
    pub fraud_findings: Vec<FraudFinding>,
}

/// The submission a profile belongs to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Application {
    /// The day it was submitted.
    pub submitted_on: Date,
    /// The call it answers (a call id), where named.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub call: Option<String>,
}

/// A reviewer's recorded judgement on a qualitative condition.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Review {
    /// Whether the reviewer found the condition met.
    pub met: bool,
    /// Who judged.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reviewer: Option<String>,
    /// Why.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// A space profile: facts as of a date. Serialises in the profile format itself (facts nested
/// by their dotted names), so a receipt's inputs can be checked again as they are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Profile {
    /// The check date.
    pub as_of: Date,
    /// The measure the profile names, if any.
    pub policy: Option<String>,
    /// The facts, by dotted name.
    pub facts: BTreeMap<FactName, FactValue>,
    /// Records.
    pub history: History,
    /// The submission.
    pub application: Option<Application>,
    /// Reviewer judgements by condition id.
    pub reviews: BTreeMap<String, Review>,
}

impl Profile {
    /// Whether every text the profile itself gives, which a report's sentences may quote (text
    /// and choice values, reviewers' names and notes), is written in JSON as it is.
    pub(crate) fn texts_plain(&self) -> bool {
        let plain = |s: &str| !crate::json_output::needs_escape(s.as_bytes());
        let facts = self.facts.values().all(|v| match v {
            FactValue::Text(s) | FactValue::Choice(s) => plain(s),
            FactValue::Set(items) => items.iter().all(|s| plain(s)),
            FactValue::Quantity(_)
            | FactValue::Bool(_)
            | FactValue::Date(_)
            | FactValue::Region(_) => true,
        });
        facts
            && self.reviews.values().all(|r| {
                r.reviewer.as_deref().is_none_or(plain) && r.note.as_deref().is_none_or(plain)
            })
    }

    /// A fact's value.
    pub fn get(&self, name: &FactName) -> Option<&FactValue> {
        self.facts.get(name)
    }
}

impl Profile {
    /// The profile in its own JSON format: `as_of`, `policy`, the facts nested by their dotted
    /// names, `history`, `application`, `reviews`.
    pub fn to_json(&self) -> serde_json::Value {
        use serde_json::Value;
        let mut root = serde_json::Map::new();
        // `as_of` and `policy` first, the facts, then the records: a later key replaces an
        // earlier one of the same name.
        root.insert("as_of".into(), Value::String(self.as_of.to_string()));
        if let Some(p) = &self.policy {
            root.insert("policy".into(), Value::String(p.clone()));
        }
        for (name, value) in &self.facts {
            insert_dotted(&mut root, name.as_str(), value.to_json());
        }
        for (key, value) in self.record_fields() {
            root.insert(key.into(), value);
        }
        serde_json::Value::Object(root)
    }

    /// The document's records (`history`, `application`, `reviews`), each only when present.
    fn record_fields(&self) -> Vec<(&'static str, serde_json::Value)> {
        use serde_json::Value;
        let mut fields = Vec::new();
        if !self.history.fraud_findings.is_empty() {
            fields.push((
                "history",
                serde_json::json!({ "fraud_findings": self.history.fraud_findings }),
            ));
        }
        if let Some(a) = &self.application {
            fields.push((
                "application",
                serde_json::to_value(a).unwrap_or(Value::Null),
            ));
        }
        if !self.reviews.is_empty() {
            fields.push((
                "reviews",
                serde_json::to_value(&self.reviews).unwrap_or(Value::Null),
            ));
        }
        fields
    }
}

impl Serialize for Profile {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.to_json().serialize(s)
    }
}

/// Inserts `value` at a dotted path, creating the tables on the way.
fn insert_dotted(
    table: &mut serde_json::Map<String, serde_json::Value>,
    path: &str,
    value: serde_json::Value,
) {
    match path.split_once('.') {
        None => {
            table.insert(path.to_string(), value);
        }
        Some((head, rest)) => {
            let entry = table
                .entry(head.to_string())
                .or_insert_with(|| serde_json::Value::Object(serde_json::Map::new()));
            if let serde_json::Value::Object(inner) = entry {
                insert_dotted(inner, rest, value);
            }
        }
    }
}
