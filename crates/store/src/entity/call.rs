//! Table `call`: a call for applications opened by the authority in the system.

use sea_orm::entity::prelude::*;

/// A row of `call`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "call")]
pub struct Model {
    /// The call id (unique across the policies' calls too).
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: String,
    /// The measure id.
    pub measure: String,
    /// Its title.
    pub title: String,
    /// The year it is for.
    pub year: i32,
    /// First day applications are taken, where stated.
    pub opens_on: Option<Date>,
    /// The last day (inclusive).
    pub deadline: Date,
    /// Who opened it (an actor id).
    pub created_by: String,
    /// When (UTC).
    pub created_at: DateTimeUtc,
}

/// No relations are navigated through sea-orm.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
