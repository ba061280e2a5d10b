//! The case layer: the pure workflow engine (`workflow`) joined to the system of record
//! (`store`). Every state change is loaded, judged by the workflow, saved with optimistic
//! concurrency and audited in one transaction; a refused action changes nothing.
//!
//! - [`Casework`]: the service (calls, drafts, attachments, actions, expert review, public
//!   notice objections, the register, filings, appraisals, fraud, the lifecycle tick, queues
//!   and history).
//! - [`transfer`]: the register as JSON or CSV, and its all-or-nothing import.
//!
//! Accounts of the store act as workflow actors: the account's role kind, the policy role ids
//! it holds (`account_role`: `county-bureau`, `education-bureau`…, for one measure or all), its
//! organisation and its area.

mod actors;
mod appraisal_results;
pub mod appraisal_round;
mod calls;
mod cases;
mod change_facts;
pub mod change_forwarding;
pub mod change_review;
mod counts;
pub mod dates;
mod dossier;
mod error;
mod expert_queue;
mod fact_overlay;
mod judged_on;
mod lifecycle;
pub mod listings;
mod on_site;
mod records;
pub mod rectification;
mod register;
pub mod requests;
mod review;
pub mod sanctions;
mod substring;
mod tick;
pub mod transfer;

use std::sync::Arc;

use policy::Library;
use store::Store;

pub use actors::{authority_covers, role_label};
pub use appraisal_results::{AppraisalResult, AppraisalResultFilter};
pub use cases::{LoadedCase, STATE_KINDS};
pub use change_facts::ChangeRecheck;
pub use counts::CaseCounts;
pub use dossier::{AppraisalEntry, FilingEntry, corrected_by_period};
pub use error::{CaseworkError, Result};
pub use expert_queue::ExpertQueue;
pub use lifecycle::statistics_period;
pub use records::*;
pub use register::{RegisterListing, RegisterSort, status_label, status_of, status_str};
pub use sanctions::{BanPeriod, FraudRecord, SanctionError};

/// The case service over a store and a policy library. Cheap to clone.
#[derive(Clone)]
pub struct Casework {
    /// The system of record.
    pub store: Store,
    /// The policies.
    pub library: Arc<Library>,
}

impl std::fmt::Debug for Casework {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Casework")
            .field("store", &self.store)
            .finish_non_exhaustive()
    }
}

impl Casework {
    /// The service.
    pub fn new(store: Store, library: Arc<Library>) -> Self {
        Self { store, library }
    }

    pub(crate) fn measure(&self, id: &str) -> Result<&policy::LoadedMeasure> {
        self.library
            .get(id)
            .ok_or_else(|| CaseworkError::UnknownMeasure(id.to_string()))
    }
}

pub(crate) fn to_json<T: serde::Serialize>(what: &str, v: &T) -> Result<String> {
    serde_json::to_string(v).map_err(|e| CaseworkError::corrupt(what, e))
}

pub(crate) fn from_json<T: serde::de::DeserializeOwned>(what: &str, s: &str) -> Result<T> {
    serde_json::from_str(s).map_err(|e| CaseworkError::corrupt(what, e))
}
