//! What an audit entry says: the actor, the subject, the action, the reason, before and after.

use jiff::Timestamp;
use serde::Serialize;

use crate::audit::canonical::canonical_json;
use crate::entity::audit_entry;
use crate::error::{Result, StoreError};

/// Who acted, as recorded in the trail.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Actor {
    /// An account id, or `system` for the scheduler and migrations.
    pub id: String,
    /// The role they acted in (`applicant`, `authority`, a policy role id…).
    pub role: String,
}

impl Actor {
    /// An actor.
    pub fn new(id: impl Into<String>, role: impl Into<String>) -> Self {
        Self {
            id: id.into(),
            role: role.into(),
        }
    }

    /// The system itself (scheduled lifecycle consequences, imports).
    pub fn system() -> Self {
        Self::new("system", "system")
    }
}

/// An entry to append. Build with [`NewAuditEntry::new`] and the `with_*` methods.
#[derive(Debug, Clone, PartialEq)]
pub struct NewAuditEntry {
    /// Who.
    pub actor: Actor,
    /// Kind of subject (`organisation`, `account`, `attachment`, `case`…).
    pub subject_kind: String,
    /// Its id.
    pub subject_id: String,
    /// What was done.
    pub action: String,
    /// Why (a return's reasons, the article applied…).
    pub reason: Option<String>,
    /// Canonical JSON of the state before.
    pub before: Option<String>,
    /// Canonical JSON of the state after.
    pub after: Option<String>,
}

impl NewAuditEntry {
    /// An entry without reason, before or after.
    pub fn new(
        actor: &Actor,
        subject_kind: impl Into<String>,
        subject_id: impl ToString,
        action: impl Into<String>,
    ) -> Self {
        Self {
            actor: actor.clone(),
            subject_kind: subject_kind.into(),
            subject_id: subject_id.to_string(),
            action: action.into(),
            reason: None,
            before: None,
            after: None,
        }
    }

    /// Adds the reason.
    pub fn with_reason(mut self, reason: impl Into<String>) -> Self {
        self.reason = Some(reason.into());
        self
    }

    /// Adds the state before (serialised canonically).
    pub fn with_before<T: Serialize>(mut self, before: &T) -> Result<Self> {
        self.before = Some(to_canonical("before", before)?);
        Ok(self)
    }

    /// Adds the state after (serialised canonically).
    pub fn with_after<T: Serialize>(mut self, after: &T) -> Result<Self> {
        self.after = Some(to_canonical("after", after)?);
        Ok(self)
    }
}

fn to_canonical<T: Serialize>(field: &'static str, v: &T) -> Result<String> {
    let value = serde_json::to_value(v).map_err(|e| StoreError::Serialise {
        field,
        reason: e.to_string(),
    })?;
    Ok(canonical_json(&value))
}

/// An entry as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AuditRecord {
    /// Position in the chain, from 1.
    pub seq: i64,
    /// When (UTC, microseconds).
    pub at: Timestamp,
    /// Who.
    pub actor: Actor,
    /// Kind of subject.
    pub subject_kind: String,
    /// Its id.
    pub subject_id: String,
    /// What was done.
    pub action: String,
    /// Why.
    pub reason: Option<String>,
    /// Canonical JSON before.
    pub before: Option<String>,
    /// Canonical JSON after.
    pub after: Option<String>,
    /// The previous entry's hash.
    pub prev_hash: String,
    /// This entry's hash.
    pub hash: String,
}

impl From<audit_entry::Model> for AuditRecord {
    fn from(m: audit_entry::Model) -> Self {
        Self {
            seq: m.seq,
            at: crate::time::from_chrono(m.at),
            actor: Actor::new(m.actor_id, m.actor_role),
            subject_kind: m.subject_kind,
            subject_id: m.subject_id,
            action: m.action,
            reason: m.reason,
            before: m.before_json,
            after: m.after_json,
            prev_hash: m.prev_hash,
            hash: m.hash,
        }
    }
}
