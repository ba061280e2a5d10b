//! Objections during the public notice, each aimed at a criterion or a piece of evidence, and
//! their rulings.

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::actor::ActorId;
use crate::case::Case;
use crate::error::WorkflowError;

/// What an objection disputes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ObjectionTarget {
    /// A condition of the measure (by id).
    Criterion {
        /// The condition id.
        condition: String,
    },
    /// A piece of evidence (an attachment's hash or a material id).
    Evidence {
        /// The material or attachment.
        item: String,
    },
}

/// The ruling on an objection.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ruling {
    /// Upheld (成立) or dismissed (不成立).
    pub upheld: bool,
    /// Why.
    pub reason: String,
    /// Who ruled.
    pub by: ActorId,
    /// When.
    pub on: Date,
}

/// An objection.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Objection {
    /// Sequence number within the case.
    pub number: u32,
    /// What it disputes.
    pub target: ObjectionTarget,
    /// The objection's text.
    pub text: String,
    /// Contact of the objector (kept, not published).
    pub contact: Option<String>,
    /// When received.
    pub received_on: Date,
    /// The ruling, once made.
    pub ruling: Option<Ruling>,
}

/// Records an objection, only within the notice period.
pub fn object(
    case: &Case,
    target: ObjectionTarget,
    text: &str,
    contact: Option<&str>,
    on: Date,
) -> Result<Case, WorkflowError> {
    let notice = case.notice.ok_or(WorkflowError::InvalidTransition {
        state: case.state.label(),
        action: "提出异议（尚未公示）".into(),
    })?;
    if on < notice.starts_on || on > notice.ends_on {
        return Err(WorkflowError::OutsideNotice {
            starts_on: notice.starts_on,
            ends_on: notice.ends_on,
            on,
        });
    }
    if text.trim().is_empty() {
        return Err(WorkflowError::ReasonRequired {
            action: "提出异议".into(),
        });
    }
    let mut next = case.clone();
    let number = next.objections.len() as u32 + 1;
    next.objections.push(Objection {
        number,
        target,
        text: text.to_string(),
        contact: contact.map(str::to_string),
        received_on: on,
        ruling: None,
    });
    next.version += 1;
    Ok(next)
}

/// Rules on an objection, with a reason.
pub fn rule(
    case: &Case,
    number: u32,
    upheld: bool,
    reason: &str,
    by: &ActorId,
    on: Date,
) -> Result<Case, WorkflowError> {
    if reason.trim().is_empty() {
        return Err(WorkflowError::ReasonRequired {
            action: "异议处理".into(),
        });
    }
    let mut next = case.clone();
    let o = next
        .objections
        .iter_mut()
        .find(|o| o.number == number && o.ruling.is_none())
        .ok_or(WorkflowError::InvalidTransition {
            state: case.state.label(),
            action: format!("处理第 {number} 号异议"),
        })?;
    o.ruling = Some(Ruling {
        upheld,
        reason: reason.to_string(),
        by: by.clone(),
        on,
    });
    next.version += 1;
    Ok(next)
}
