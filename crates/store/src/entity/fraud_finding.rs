//! Table `fraud_finding`: a finding of fraud (弄虚作假) against an organisation.

use sea_orm::entity::prelude::*;

/// A row of `fraud_finding`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "fraud_finding")]
pub struct Model {
    /// Surrogate key.
    #[sea_orm(primary_key)]
    pub id: i64,
    /// The organisation.
    pub org_id: i64,
    /// The date of the finding.
    pub found_on: Date,
    /// What was found, and by whom.
    pub body: String,
    /// The article applied.
    pub cite: String,
    /// Who recorded it (an actor id).
    pub recorded_by: String,
    /// When (UTC).
    pub created_at: DateTimeUtc,
}

/// No relations are navigated through sea-orm.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
