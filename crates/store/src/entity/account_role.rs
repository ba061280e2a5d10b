//! Table `account_role`: the policy role ids an account holds (`county-bureau`, `education-bureau`…), for all measures or one.

use sea_orm::entity::prelude::*;

/// A row of `account_role`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "account_role")]
pub struct Model {
    /// Surrogate key.
    #[sea_orm(primary_key)]
    pub id: i64,
    /// The account.
    pub account_id: i64,
    /// The measure the role is held under; none: every measure.
    pub measure: Option<String>,
    /// The policy role id.
    pub role: String,
}

/// No relations are navigated through sea-orm.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
