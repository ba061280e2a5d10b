//! Space profiles.

mod parse;
mod value;

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

/// A space profile: facts as of a date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Profile {
    /// The check date.
    pub as_of: Date,
    /// The measure the profile names, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub policy: Option<String>,
    /// The facts, by dotted name.
    pub facts: BTreeMap<FactName, FactValue>,
    /// Records.
    pub history: History,
    /// The submission.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub application: Option<Application>,
    /// Reviewer judgements by condition id.
    pub reviews: BTreeMap<String, Review>,
}

impl Profile {
    /// A fact's value.
    pub fn get(&self, name: &FactName) -> Option<&FactValue> {
        self.facts.get(name)
    }
}
