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
        Self::new(SYSTEM, "system")
    }

    /// The public without an account (an objection to a notice).
    pub fn public() -> Self {
        Self::new(PUBLIC, "public")
    }

    /// Someone not signed in, on the sign-in form (a failed login).
    pub fn anonymous() -> Self {
        Self::new(ANONYMOUS, "public")
    }

    /// The administrator at the command line (`makerspace user …`).
    pub fn command_line() -> Self {
        Self::new(COMMAND_LINE, "admin")
    }

    /// The demo's seeding (`serve --demo`).
    pub fn demo() -> Self {
        Self::new(DEMO, "admin")
    }

    /// What kind of actor this is: an account by its id, or one of the actors without one.
    pub fn kind(&self) -> ActorKind {
        match self.id.as_str() {
            PUBLIC | ANONYMOUS => ActorKind::Public,
            SYSTEM | DEMO => ActorKind::System,
            COMMAND_LINE => ActorKind::CommandLine,
            id => id
                .parse::<i64>()
                .ok()
                .filter(|n| *n > 0)
                .map_or(ActorKind::Unknown, ActorKind::Account),
        }
    }
}

// The ids of the actors without an account, as the trail has recorded them (hashed into the
// chain, so never renamed).
const SYSTEM: &str = "system";
const PUBLIC: &str = "public";
const ANONYMOUS: &str = "anonymous";
const COMMAND_LINE: &str = "cli";
const DEMO: &str = "demo";

/// Who an actor is, for naming it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ActorKind {
    /// A signed-in account, by its id.
    Account(i64),
    /// The public, or someone not signed in.
    Public,
    /// The system's own runs (scheduled consequences, imports, the demo's seeding).
    System,
    /// The administrator at the command line.
    CommandLine,
    /// An id of none of these (a tool's or a test's own).
    Unknown,
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

#[cfg(test)]
mod tests {
    use super::{Actor, ActorKind};

    /// The trail's ids name their actors: an account by its number, the others by the ids
    /// they were recorded with.
    #[test]
    fn each_recorded_actor_id_has_its_kind() {
        assert_eq!(Actor::new("7", "authority").kind(), ActorKind::Account(7));
        assert_eq!(Actor::public().kind(), ActorKind::Public);
        assert_eq!(Actor::anonymous().kind(), ActorKind::Public);
        assert_eq!(Actor::system().kind(), ActorKind::System);
        assert_eq!(Actor::demo().kind(), ActorKind::System);
        assert_eq!(Actor::command_line().kind(), ActorKind::CommandLine);
        assert_eq!(Actor::new("0", "load").kind(), ActorKind::Unknown);
        assert_eq!(Actor::new("x", "test").kind(), ActorKind::Unknown);
    }
}
