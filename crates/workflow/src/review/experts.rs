//! Assigning experts to a case and recording their scores.

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use super::conflict::{Conflict, Severity, assess};
use crate::actor::ActorId;
use crate::case::Case;
use crate::error::WorkflowError;

/// An expert assigned to a case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Assignment {
    /// The expert.
    pub expert: ActorId,
    /// When assigned.
    pub assigned_on: Date,
    /// The authority's clearance of a soft relation, with its reason.
    pub clearance: Option<String>,
    /// The score given (0–100), once scored.
    pub score: Option<u32>,
    /// The expert's opinion.
    pub opinion: Option<String>,
}

fn describe(c: &Conflict) -> String {
    format!(
        "{}（{}，自 {}{}）",
        c.kind.label(),
        c.note,
        c.from,
        c.until.map(|u| format!(" 至 {u}")).unwrap_or_default()
    )
}

/// Assigns an expert, refusing a hard conflict and requiring clearance for a soft one.
pub fn assign(
    case: &Case,
    expert: &ActorId,
    conflicts: &[Conflict],
    clearance: Option<&str>,
    on: Date,
) -> Result<Case, WorkflowError> {
    match assess(conflicts, &case.applicant, on) {
        Some((Severity::Hard, c)) => {
            return Err(WorkflowError::Conflict {
                reason: describe(c),
            });
        }
        Some((Severity::Soft, c)) if clearance.is_none_or(|s| s.trim().is_empty()) => {
            return Err(WorkflowError::ConflictNeedsClearance {
                reason: describe(c),
            });
        }
        _ => {}
    }
    let mut next = case.clone();
    next.experts.retain(|a| &a.expert != expert);
    next.experts.push(Assignment {
        expert: expert.clone(),
        assigned_on: on,
        clearance: clearance.map(str::to_string),
        score: None,
        opinion: None,
    });
    next.version += 1;
    Ok(next)
}

/// Records an assigned expert's score; the mean of all scores is the case's expert score.
pub fn score(
    case: &Case,
    expert: &ActorId,
    value: u32,
    opinion: &str,
    max: u32,
) -> Result<Case, WorkflowError> {
    if value > max {
        return Err(WorkflowError::ScoreOutOfRange { score: value });
    }
    let mut next = case.clone();
    let a = next
        .experts
        .iter_mut()
        .find(|a| &a.expert == expert)
        .ok_or(WorkflowError::NotAssigned)?;
    a.score = Some(value);
    a.opinion = Some(opinion.to_string());
    next.version += 1;
    Ok(next)
}
