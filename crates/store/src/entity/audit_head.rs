//! Table `audit_head`: one row holding the chain's last sequence number and hash. Updating it
//! first in every append serialises appenders (a row lock on PostgreSQL, the write lock on
//! SQLite), and comparing it with the last entry detects a deleted tail.

use sea_orm::entity::prelude::*;

/// The single row of `audit_head` (id 1).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "audit_head")]
pub struct Model {
    /// Always 1.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: i64,
    /// Sequence number of the last entry (0 when empty).
    pub seq: i64,
    /// Hash of the last entry (64 zeros when empty).
    pub hash: String,
}

/// No relations are navigated through sea-orm.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
