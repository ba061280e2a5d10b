//! Browser sessions, keyed by the SHA-256 of the cookie's id (a leaked table yields no usable
//! cookie). The web crate's `SessionStore` sits on these functions. Sessions are not audited
//! (sign-in and sign-out are, in [`crate::credential`]).

use jiff::Timestamp;
use sea_orm::sea_query::OnConflict;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};
use sha2::{Digest, Sha256};

use crate::entity::session::{self, Column, Entity};
use crate::error::Result;
use crate::store::Store;

/// A stored session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionRow {
    /// Hex SHA-256 of the id (see [`hash_id`]).
    pub id_hash: String,
    /// The signed-in account.
    pub account_id: Option<i64>,
    /// Created.
    pub created_at: Timestamp,
    /// Expires.
    pub expires_at: Timestamp,
    /// The per-session CSRF token.
    pub csrf_token: Option<String>,
    /// The data (a JSON object).
    pub data_json: String,
}

/// The key of a session id.
pub fn hash_id(id: &str) -> String {
    hex::encode(Sha256::digest(id.as_bytes()))
}

impl From<session::Model> for SessionRow {
    fn from(m: session::Model) -> Self {
        Self {
            id_hash: m.id_hash,
            account_id: m.account_id,
            created_at: crate::time::from_chrono(m.created_at),
            expires_at: crate::time::from_chrono(m.expires_at),
            csrf_token: m.csrf_token,
            data_json: m.data_json,
        }
    }
}

fn active(row: &SessionRow) -> session::ActiveModel {
    session::ActiveModel {
        id_hash: Set(row.id_hash.clone()),
        account_id: Set(row.account_id),
        created_at: Set(crate::time::to_chrono(row.created_at)),
        expires_at: Set(crate::time::to_chrono(row.expires_at)),
        csrf_token: Set(row.csrf_token.clone()),
        data_json: Set(row.data_json.clone()),
    }
}

/// Inserts a new session; `false` when the id is already taken (the caller draws another).
pub async fn insert(store: &Store, row: &SessionRow) -> Result<bool> {
    let tx = store.begin().await?;
    if crate::by_key(
        Entity::find_by_id(row.id_hash.clone()).into_model::<session::Model>(),
        tx.conn(),
    )
    .await?
    .is_some()
    {
        return Ok(false);
    }
    Entity::insert(active(row)).exec(tx.conn()).await?;
    tx.commit().await?;
    Ok(true)
}

/// Inserts or replaces a session (keeping its creation time).
pub async fn save(store: &Store, row: &SessionRow) -> Result<()> {
    let tx = store.begin().await?;
    Entity::insert(active(row))
        .on_conflict(
            OnConflict::column(Column::IdHash)
                .update_columns([
                    Column::AccountId,
                    Column::ExpiresAt,
                    Column::CsrfToken,
                    Column::DataJson,
                ])
                .to_owned(),
        )
        .exec_without_returning(tx.conn())
        .await?;
    tx.commit().await?;
    Ok(())
}

/// A session that has not expired at `now` (read by key: every signed-in request reads it).
pub async fn load(
    conn: &impl ConnectionTrait,
    id_hash: &str,
    now: Timestamp,
) -> Result<Option<SessionRow>> {
    Ok(crate::by_key(
        Entity::find_by_id(id_hash.to_owned())
            .filter(Column::ExpiresAt.gt(crate::time::to_chrono(now)))
            .into_model::<session::Model>(),
        conn,
    )
    .await?
    .map(SessionRow::from))
}

/// Deletes a session.
pub async fn delete(store: &Store, id_hash: &str) -> Result<()> {
    let tx = store.begin().await?;
    Entity::delete_by_id(id_hash.to_owned())
        .exec(tx.conn())
        .await?;
    tx.commit().await?;
    Ok(())
}

/// Deletes every session of an account (after a password change or a role change); returns
/// how many.
pub async fn delete_for_account(store: &Store, account_id: i64) -> Result<u64> {
    let tx = store.begin().await?;
    let n = Entity::delete_many()
        .filter(Column::AccountId.eq(account_id))
        .exec(tx.conn())
        .await?
        .rows_affected;
    tx.commit().await?;
    Ok(n)
}

/// Deletes the sessions expired at `now`; returns how many.
pub async fn delete_expired(store: &Store, now: Timestamp) -> Result<u64> {
    let tx = store.begin().await?;
    let n = Entity::delete_many()
        .filter(Column::ExpiresAt.lte(crate::time::to_chrono(now)))
        .exec(tx.conn())
        .await?
        .rows_affected;
    tx.commit().await?;
    Ok(n)
}
