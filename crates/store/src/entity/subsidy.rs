//! Table `subsidy`: a subsidy granted to a recognised space.

use sea_orm::entity::prelude::*;

/// A row of `subsidy`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "subsidy")]
pub struct Model {
    /// Surrogate key.
    #[sea_orm(primary_key)]
    pub id: i64,
    /// The space.
    pub space_id: i64,
    /// Why (the grade, the filing).
    pub reason: String,
    /// The amount in fen.
    pub amount_fen: i64,
    /// The article.
    pub cite: String,
    /// The day granted.
    pub granted_on: Date,
    /// When (UTC).
    pub created_at: DateTimeUtc,
}

/// No relations are navigated through sea-orm.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
