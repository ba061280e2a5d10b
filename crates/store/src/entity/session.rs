//! Table `session`: a browser session, keyed by the SHA-256 of its cookie id (the id itself is
//! never stored).

use sea_orm::entity::prelude::*;

/// A row of `session`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "session")]
pub struct Model {
    /// Hex SHA-256 of the session id.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id_hash: String,
    /// The signed-in account, if any.
    pub account_id: Option<i64>,
    /// When the session was created (UTC).
    pub created_at: DateTimeUtc,
    /// When it expires (UTC).
    pub expires_at: DateTimeUtc,
    /// The per-session CSRF token.
    pub csrf_token: Option<String>,
    /// The session's data (JSON object).
    pub data_json: String,
}

/// No relations are navigated through sea-orm.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
