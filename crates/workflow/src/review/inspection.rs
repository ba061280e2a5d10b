//! Site inspection records (实地核查记录): who visited the premises on which day, what they
//! found, whether it matches the application, and the facts measured on the visit beside what
//! the application declared, with the eligibility check run again on the measured values.

use std::collections::BTreeMap;

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::actor::ActorId;
use crate::case::{Case, CaseState};
use crate::error::WorkflowError;

/// A site inspection, as recorded by the stage's role.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Inspection {
    /// The day of the visit.
    pub visited_on: Date,
    /// Who inspected (names, as written on the record).
    pub inspectors: Vec<String>,
    /// Whether the premises matched the application (核查结论).
    pub consistent: bool,
    /// What was found (核查情况).
    pub note: String,
    /// Who recorded it.
    pub recorded_by: ActorId,
    /// The day it was recorded.
    pub recorded_on: Date,
    /// The facts measured on the visit (核实数), each beside the application's (申报数).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub measurements: Vec<Measurement>,
    /// The eligibility check on the measured values, as it stood on the day of the record.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recheck: Option<Recheck>,
}

/// One fact measured on the visit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Measurement {
    /// The fact (`premises.total_area_m2`).
    pub fact: String,
    /// Its label (`众创空间总面积`).
    pub label: String,
    /// The value the application declared, as the profile writes it (none when not declared).
    pub declared: Option<serde_json::Value>,
    /// The value found, as the profile writes it.
    pub found: serde_json::Value,
    /// Whether the two differ.
    pub differs: bool,
}

/// The eligibility check run again with each measured fact in place of the declared one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Recheck {
    /// The verdict on the measured values (`eligible`, `ineligible`…).
    pub verdict: String,
    /// The verdict in words.
    pub verdict_label: String,
    /// The verdict on the declared values, for comparison.
    pub declared_verdict: String,
    /// The report's summary sentence on the measured values.
    pub summary: String,
    /// The conditions whose status the measured values change.
    pub changed: Vec<ChangedCondition>,
}

/// A condition whose status differs between the declared and the measured values.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChangedCondition {
    /// The condition id.
    pub id: String,
    /// The article (`第六条（二）`).
    pub article: String,
    /// Its short name.
    pub label: String,
    /// Its status on the declared values, in words.
    pub declared: String,
    /// Its status on the measured values, in words.
    pub measured: String,
    /// The sentence on the measured values.
    pub message: String,
}

/// What the case service found of the measurements: each beside its declared value, and the
/// check on them (none when nothing was measured).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MeasuredOnSite {
    /// The measurements.
    pub measurements: Vec<Measurement>,
    /// The check on the measured values.
    pub recheck: Option<Recheck>,
}

impl Inspection {
    /// The conclusion in words (核查结论).
    pub fn conclusion(&self) -> &'static str {
        if self.consistent {
            "与申报一致"
        } else {
            "与申报不一致"
        }
    }
}

/// What the inspector enters.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewInspection {
    /// The day of the visit.
    pub visited_on: Date,
    /// Who inspected.
    pub inspectors: Vec<String>,
    /// Whether the premises matched the application.
    pub consistent: bool,
    /// What was found.
    pub note: String,
    /// Facts measured on the visit, by name, valued as the profile writes them
    /// (`{"premises.total_area_m2": 760}`); only facts the dictionary marks `on_site`.
    #[serde(default)]
    pub measured: BTreeMap<String, serde_json::Value>,
}

fn invalid(field: &'static str, reason: impl Into<String>) -> WorkflowError {
    WorkflowError::InspectionInvalid {
        field,
        reason: reason.into(),
    }
}

/// Adds an inspection record to a case at a site-inspection stage (the caller has checked the
/// stage and the role). The visit lies between the stage's start and `on`, both included.
pub fn record(
    case: &Case,
    new: &NewInspection,
    measured: MeasuredOnSite,
    by: &ActorId,
    on: Date,
) -> Result<Case, WorkflowError> {
    let CaseState::AtStage { since, .. } = case.state else {
        return Err(WorkflowError::InvalidTransition {
            state: case.state.label(),
            action: "登记实地核查记录".into(),
        });
    };
    if new.visited_on > on {
        return Err(invalid(
            "visited_on",
            format!(
                "核查日期 {} 晚于今天（{on}），不能登记尚未进行的核查",
                new.visited_on
            ),
        ));
    }
    if new.visited_on < since {
        return Err(invalid(
            "visited_on",
            format!(
                "核查日期 {} 早于案件进入实地核查环节的日期（{since}）",
                new.visited_on
            ),
        ));
    }
    let inspectors: Vec<String> = new
        .inspectors
        .iter()
        .map(|n| n.trim().to_string())
        .filter(|n| !n.is_empty())
        .collect();
    if inspectors.is_empty() {
        return Err(invalid("inspectors", "须写明核查人员"));
    }
    let note = new.note.trim();
    if note.is_empty() {
        return Err(invalid("note", "须写明核查情况"));
    }
    let mut next = case.clone();
    next.inspections.push(Inspection {
        visited_on: new.visited_on,
        inspectors,
        consistent: new.consistent,
        note: note.to_string(),
        recorded_by: by.clone(),
        recorded_on: on,
        measurements: measured.measurements,
        recheck: measured.recheck,
    });
    next.version += 1;
    Ok(next)
}

/// Whether the case holds an inspection of its present stay at the stage (a record from before
/// a return and resubmission does not count).
pub fn inspected_since(case: &Case, since: Date) -> bool {
    case.inspections.iter().any(|i| i.visited_on >= since)
}
