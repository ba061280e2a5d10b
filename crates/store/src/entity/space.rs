//! Table `space`: the register of recognised spaces; the whole `workflow::lifecycle::Space` as JSON.

use sea_orm::entity::prelude::*;

/// A row of `space`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "space")]
pub struct Model {
    /// Surrogate key.
    #[sea_orm(primary_key)]
    pub id: i64,
    /// The case that recognised it (none when imported).
    pub case_id: Option<i64>,
    /// The measure id.
    pub measure: String,
    /// The operating organisation.
    pub org_id: i64,
    /// The space's name.
    pub name: String,
    /// GB/T 2260 code.
    pub region: String,
    /// The day of the decision.
    pub recognised_on: Date,
    /// The last day of validity.
    pub valid_until: Option<Date>,
    /// `active`, `revoked`, `expired`, `excluded`.
    pub status: String,
    /// The decision's document number.
    pub document_number: Option<String>,
    /// The space, canonical JSON.
    pub space_json: String,
    /// Optimistic concurrency version, starting at 1.
    pub version: i64,
    /// When created (UTC).
    pub created_at: DateTimeUtc,
    /// When last changed (UTC).
    pub updated_at: DateTimeUtc,
}

/// No relations are navigated through sea-orm.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
