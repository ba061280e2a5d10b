//! Table `organisation`: a legal person identified by its 统一社会信用代码.

use sea_orm::entity::prelude::*;

/// A row of `organisation`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "organisation")]
pub struct Model {
    /// Surrogate key.
    #[sea_orm(primary_key)]
    pub id: i64,
    /// 统一社会信用代码 (GB 32100-2015), validated, unique.
    #[sea_orm(unique)]
    pub credit_code: String,
    /// Registered name.
    pub name: String,
    /// GB/T 2260 administrative division code of its seat, when known.
    pub region_code: Option<String>,
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
