//! Table `audit_entry`: the append-only, hash-chained log of every state change.

use sea_orm::entity::prelude::*;

/// A row of `audit_entry`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "audit_entry")]
pub struct Model {
    /// Position in the chain, from 1, without gaps.
    #[sea_orm(primary_key, auto_increment = false)]
    pub seq: i64,
    /// When (UTC, microseconds).
    pub at: DateTimeUtc,
    /// Who acted (an account id, or `system`).
    pub actor_id: String,
    /// The role they acted in.
    pub actor_role: String,
    /// What kind of thing changed (`organisation`, `case`…).
    pub subject_kind: String,
    /// Which one.
    pub subject_id: String,
    /// What was done (`create`, `submit`…).
    pub action: String,
    /// Why, when a reason was given.
    pub reason: Option<String>,
    /// Canonical JSON of the state before, when there was one.
    pub before_json: Option<String>,
    /// Canonical JSON of the state after, when there is one.
    pub after_json: Option<String>,
    /// Hex SM3 hash of the previous entry (64 zeros for the first).
    pub prev_hash: String,
    /// Hex SM3 hash of this entry's canonical serialisation.
    pub hash: String,
}

/// No relations are navigated through sea-orm.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
