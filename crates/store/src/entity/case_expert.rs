//! Table `case_expert`: which experts are assigned to which case. The case's record (its JSON)
//! holds the assignments with their scores; this table repeats who is assigned, kept by every
//! save of the case, so that an expert's queue is selected and paged in the database.

use sea_orm::entity::prelude::*;

/// A row of `case_expert`: one expert assigned to one case.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "case_expert")]
pub struct Model {
    /// The case.
    #[sea_orm(primary_key, auto_increment = false)]
    pub case_id: i64,
    /// The expert's account.
    #[sea_orm(primary_key, auto_increment = false)]
    pub expert_account_id: i64,
}

/// No relations are navigated through sea-orm.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
