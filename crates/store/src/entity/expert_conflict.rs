//! Table `expert_conflict`: a conflict-of-interest relation of an expert with an organisation.

use sea_orm::entity::prelude::*;

/// A row of `expert_conflict`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "expert_conflict")]
pub struct Model {
    /// Surrogate key.
    #[sea_orm(primary_key)]
    pub id: i64,
    /// The expert's account.
    pub expert_account_id: i64,
    /// The organisation.
    pub org_id: i64,
    /// `employer`, `shareholding`, `family`, `collaboration`.
    pub kind: String,
    /// From.
    pub from_on: Date,
    /// Until (none: ongoing).
    pub until_on: Option<Date>,
    /// Details.
    pub note: String,
    /// When recorded (UTC).
    pub created_at: DateTimeUtc,
}

/// No relations are navigated through sea-orm.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
