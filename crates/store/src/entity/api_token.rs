//! Table `api_token`: a bearer token for another system, stored as its SHA-256 only.

use sea_orm::entity::prelude::*;

/// A row of `api_token`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "api_token")]
pub struct Model {
    /// Surrogate key.
    #[sea_orm(primary_key)]
    pub id: i64,
    /// Hex SHA-256 of the token (unique).
    pub token_hash: String,
    /// What the token is for (the system's name).
    pub name: String,
    /// The account the token acts as.
    pub account_id: i64,
    /// When it was issued (UTC).
    pub created_at: DateTimeUtc,
    /// When it was last used (UTC; updated at most once a minute).
    pub last_used_at: Option<DateTimeUtc>,
    /// When it was revoked (UTC).
    pub revoked_at: Option<DateTimeUtc>,
}

/// The account a token acts as (navigated to read both in one query).
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    /// `account_id` → `account.id`.
    #[sea_orm(
        belongs_to = "super::account::Entity",
        from = "Column::AccountId",
        to = "super::account::Column::Id"
    )]
    Account,
}

impl Related<super::account::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Account.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
