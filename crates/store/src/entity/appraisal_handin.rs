//! Table `appraisal_handin`: the appraisal materials (考核资料) a space handed in for a round,
//! and the authority's finding that they are false (虚假), where it made one.

use sea_orm::entity::prelude::*;

/// A row of `appraisal_handin`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "appraisal_handin")]
pub struct Model {
    /// Surrogate key.
    #[sea_orm(primary_key)]
    pub id: i64,
    /// The round.
    pub round_id: i64,
    /// The space.
    pub space_id: i64,
    /// The text handed in.
    pub body: String,
    /// The attachments, JSON (`[{"id": 1, "name": "…"}]`).
    pub attachments_json: String,
    /// The day handed in.
    pub handed_in_on: Date,
    /// Who handed in (an actor id).
    pub handed_in_by: String,
    /// The day the authority found the materials false.
    pub false_on: Option<Date>,
    /// Who found them false (an actor id).
    pub false_by: Option<String>,
    /// Why.
    pub false_reason: Option<String>,
    /// When (UTC).
    pub created_at: DateTimeUtc,
}

/// No relations are navigated through sea-orm.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
