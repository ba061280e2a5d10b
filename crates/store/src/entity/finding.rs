//! Table `finding`: what the lifecycle tick found on a space, recorded once.

use sea_orm::entity::prelude::*;

/// A row of `finding`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "finding")]
pub struct Model {
    /// Surrogate key.
    #[sea_orm(primary_key)]
    pub id: i64,
    /// The space.
    pub space_id: i64,
    /// The finding's kind (`overdue`, `revoke`…).
    pub kind: String,
    /// What makes it the same finding on another day.
    pub key: String,
    /// The due date or the day it concerns.
    pub due_on: Option<Date>,
    /// The `workflow::lifecycle::Finding`, JSON.
    pub body_json: String,
    /// The tick date that first found it.
    pub first_seen: Date,
    /// The tick date it no longer held.
    pub resolved_on: Option<Date>,
}

/// No relations are navigated through sea-orm.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
