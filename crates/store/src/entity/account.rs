//! Table `account`: a person who uses the system, with one role kind.

use sea_orm::entity::prelude::*;

/// A row of `account`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "account")]
pub struct Model {
    /// Surrogate key.
    #[sea_orm(primary_key)]
    pub id: i64,
    /// The person's name.
    pub name: String,
    /// Role kind, as [`crate::AccountRole::as_str`].
    pub role: String,
    /// GB/T 2260 code of the area a recommending unit is responsible for.
    pub region_code: Option<String>,
    /// The organisation the person acts for.
    pub organisation_id: Option<i64>,
    /// When the row was created (UTC).
    pub created_at: DateTimeUtc,
    /// When the row was last changed (UTC).
    pub updated_at: DateTimeUtc,
    /// Optimistic concurrency version, starting at 1.
    pub version: i64,
}

/// No relations are navigated through sea-orm.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
