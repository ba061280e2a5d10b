//! Table `credential`: an account's login name and password (argon2id PHC string), with the
//! failed attempts and lockout.

use sea_orm::entity::prelude::*;

/// A row of `credential`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "credential")]
pub struct Model {
    /// The account (one credential per account).
    #[sea_orm(primary_key, auto_increment = false)]
    pub account_id: i64,
    /// The login name (unique).
    pub login: String,
    /// The password hash as a PHC string (`$argon2id$v=19$m=…`); never the password.
    pub password_phc: String,
    /// Failed attempts since the last success or lockout.
    pub failed_attempts: i64,
    /// Locked until this instant (UTC), when locked.
    pub locked_until: Option<DateTimeUtc>,
    /// When the password was last set.
    pub password_changed_at: DateTimeUtc,
    /// When the row was created (UTC).
    pub created_at: DateTimeUtc,
    /// When the row was last changed (UTC).
    pub updated_at: DateTimeUtc,
}

/// No relations are navigated through sea-orm.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
