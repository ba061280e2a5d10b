//! Table `filing`: a filing of a recognised space: statistics, annual report, change report.

use sea_orm::entity::prelude::*;

/// A row of `filing`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "filing")]
pub struct Model {
    /// Surrogate key.
    #[sea_orm(primary_key)]
    pub id: i64,
    /// The space.
    pub space_id: i64,
    /// `statistics`, `annual_report`, `change_report`.
    pub kind: String,
    /// The period it covers (`2024H1`, `2024`, the change).
    pub period: String,
    /// The values, JSON.
    pub values_json: String,
    /// Flags for review (jumps), JSON.
    pub flags_json: String,
    /// The day filed.
    pub filed_on: Date,
    /// Who filed (an actor id).
    pub filed_by: String,
    /// When (UTC).
    pub created_at: DateTimeUtc,
}

/// No relations are navigated through sea-orm.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
