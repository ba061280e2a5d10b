//! Site inspection records (实地核查记录): who visited the premises on which day, what they
//! found, and whether it matches the application.

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
    });
    next.version += 1;
    Ok(next)
}

/// Whether the case holds an inspection of its present stay at the stage (a record from before
/// a return and resubmission does not count).
pub fn inspected_since(case: &Case, since: Date) -> bool {
    case.inspections.iter().any(|i| i.visited_on >= since)
}
