//! A case: one application under one measure, pinned to the policy version it was submitted
//! under, moved only by the actions its current stage allows.

mod action;
mod context;
mod roles;
mod routing;
mod state;
mod submit;
mod transition;

pub use action::Action;
pub use context::Context;
pub use roles::check as check_role;
pub use routing::route;
pub use state::{CaseState, Decision, Notice};
pub use transition::{Event, apply};

use std::collections::{BTreeMap, BTreeSet};

use jiff::civil::Date;
use policy::model::RegionCode;
use serde::{Deserialize, Serialize};

use crate::actor::OrgId;
use crate::review::{Assignment, Inspection, Objection};

/// A case's identifier.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct CaseId(pub String);

/// An application and everything recorded on it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Case {
    /// Identifier.
    pub id: CaseId,
    /// The measure id.
    pub measure: String,
    /// The content hash of the policy the case is judged under (fixed at submission).
    pub policy_hash: String,
    /// The applicant organisation.
    pub applicant: OrgId,
    /// Where the applicant is registered (GB/T 2260).
    pub applicant_region: RegionCode,
    /// The call answered, where there is one.
    pub call: Option<String>,
    /// Facts that route the case (`premises.in_college`…), as yes/no or choice values.
    pub routing_facts: BTreeMap<String, serde_json::Value>,
    /// The recommending role chosen by the measure's routing at submission.
    pub route_role: Option<String>,
    /// Material ids provided.
    pub materials: BTreeSet<String>,
    /// Where the case stands.
    pub state: CaseState,
    /// When it was (last) submitted.
    pub submitted_on: Option<Date>,
    /// The public notice, once published.
    pub notice: Option<Notice>,
    /// Objections received.
    pub objections: Vec<Objection>,
    /// Experts assigned.
    pub experts: Vec<Assignment>,
    /// Site inspection records (cases stored before records existed have none).
    #[serde(default)]
    pub inspections: Vec<Inspection>,
    /// The decision, once taken.
    pub decision: Option<Decision>,
    /// Bumped on every change, for optimistic concurrency.
    pub version: u64,
}

impl Case {
    /// A new draft.
    pub fn draft(
        id: CaseId,
        measure: &policy::LoadedMeasure,
        applicant: OrgId,
        applicant_region: RegionCode,
        call: Option<String>,
    ) -> Self {
        Self {
            id,
            measure: measure.id().to_string(),
            policy_hash: measure.hash.0.clone(),
            applicant,
            applicant_region,
            call,
            routing_facts: BTreeMap::new(),
            route_role: None,
            materials: BTreeSet::new(),
            state: CaseState::Draft,
            submitted_on: None,
            notice: None,
            objections: Vec::new(),
            experts: Vec::new(),
            inspections: Vec::new(),
            decision: None,
            version: 0,
        }
    }
}
