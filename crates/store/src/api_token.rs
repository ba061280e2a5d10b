//! Bearer tokens for other systems: only the SHA-256 of a token is stored; the token itself is
//! shown once, when issued. Issuing and revoking are audited.

use jiff::{SignedDuration, Timestamp};
use sea_orm::sea_query::{Alias, Expr, ExprTrait, IntoIden, Query, TableRef, ValueTuple};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set,
};
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::account::Account;
use crate::audit::{Actor, NewAuditEntry};
use crate::entity::api_token::{self, Column, Entity};
use crate::error::{Result, StoreError};
use crate::store::Store;
use crate::tx::Tx;

/// The audit subject kind of tokens.
pub const SUBJECT: &str = "api_token";
/// `last_used_at` is written at most this often per token.
pub const TOUCH_EVERY: SignedDuration = SignedDuration::from_secs(60);

/// A token as stored (without its hash).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ApiToken {
    /// Id.
    pub id: i64,
    /// What it is for.
    pub name: String,
    /// The account it acts as.
    pub account_id: i64,
    /// Issued.
    pub created_at: Timestamp,
    /// Last used.
    pub last_used_at: Option<Timestamp>,
    /// Revoked.
    pub revoked_at: Option<Timestamp>,
}

impl From<api_token::Model> for ApiToken {
    fn from(m: api_token::Model) -> Self {
        Self {
            id: m.id,
            name: m.name,
            account_id: m.account_id,
            created_at: crate::time::from_chrono(m.created_at),
            last_used_at: m.last_used_at.map(crate::time::from_chrono),
            revoked_at: m.revoked_at.map(crate::time::from_chrono),
        }
    }
}

/// The stored hash of a token (hex SHA-256: tokens are long random strings, so a fast hash is
/// enough).
pub fn hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// Records a token (by its hash) for an account, and audits it.
pub async fn create(
    tx: &Tx,
    actor: &Actor,
    account_id: i64,
    name: &str,
    token_hash: &str,
) -> Result<ApiToken> {
    let name = name.trim();
    if name.is_empty() {
        return Err(StoreError::Missing {
            field: "令牌名称"
        });
    }
    crate::account::get(tx.conn(), account_id).await?;
    let model = api_token::ActiveModel {
        token_hash: Set(token_hash.to_owned()),
        name: Set(name.to_owned()),
        account_id: Set(account_id),
        created_at: Set(crate::time::to_chrono(tx.now())),
        last_used_at: Set(None),
        revoked_at: Set(None),
        ..Default::default()
    }
    .insert(tx.conn())
    .await?;
    let t = ApiToken::from(model);
    tx.audit(NewAuditEntry::new(actor, SUBJECT, t.id, "issue").with_after(&t)?)
        .await?;
    Ok(t)
}

/// The unrevoked token with this hash and the account it acts as, read in one query (a bearer
/// request's authentication).
/// The hash is unique: read [`by_key`](crate::by_key), with no `LIMIT ?`.
pub async fn find_active_with_account(
    conn: &impl ConnectionTrait,
    token_hash: &str,
) -> Result<Option<(ApiToken, Account)>> {
    let found = crate::by_key(
        Entity::find()
            .filter(Column::TokenHash.eq(token_hash))
            .filter(Column::RevokedAt.is_null())
            .find_also_related(crate::entity::account::Entity)
            .into_model::<api_token::Model, crate::entity::account::Model>(),
        conn,
    )
    .await?;
    match found {
        Some((token, Some(account))) => Ok(Some((token.into(), account.try_into()?))),
        _ => Ok(None),
    }
}

/// The tokens of an account, oldest first.
pub async fn list_for_account(
    conn: &impl ConnectionTrait,
    account_id: i64,
) -> Result<Vec<ApiToken>> {
    Ok(Entity::find()
        .filter(Column::AccountId.eq(account_id))
        .order_by_asc(Column::Id)
        .all(conn)
        .await?
        .into_iter()
        .map(ApiToken::from)
        .collect())
}

/// Whether a use at `now` is worth writing: none was noted [`TOUCH_EVERY`] before it.
pub fn due_for_touch(token: &ApiToken, now: Timestamp) -> bool {
    token
        .last_used_at
        .is_none_or(|t| now.duration_since(t) >= TOUCH_EVERY)
}

/// Notes the uses of many tokens (id, instant) in one transaction, so that a burst of requests
/// from many systems costs one commit rather than one each. A use never moves a token's
/// `last_used_at` backwards.
pub async fn touch_all(store: &Store, uses: &[(i64, Timestamp)]) -> Result<()> {
    if uses.is_empty() {
        return Ok(());
    }
    let v = Alias::new("v");
    // The columns of a VALUES list are named column1, column2… on both backends.
    let id = Expr::col((v.clone(), Alias::new("column1")));
    let at = Expr::col((v.clone(), Alias::new("column2")));
    let last = Expr::col((Entity, Column::LastUsedAt));
    let tx = store.begin().await?;
    // One statement per chunk: the writer is held for a round trip, not one per token.
    for chunk in uses.chunks(crate::ROWS_PER_STATEMENT) {
        let rows = chunk
            .iter()
            .map(|(id, at)| {
                ValueTuple::Many(vec![(*id).into(), crate::time::to_chrono(*at).into()])
            })
            .collect();
        let update = Query::update()
            .table(Entity)
            .value(Column::LastUsedAt, at.clone())
            .from(TableRef::ValuesList(rows, v.clone().into_iden()))
            .and_where(Expr::col((Entity, Column::Id)).eq(id.clone()))
            .and_where(last.clone().is_null().or(last.clone().lt(at.clone())))
            .to_owned();
        tx.conn().execute(&update).await?;
    }
    tx.commit().await
}

/// Notes a use at `now`, unless one was noted less than [`TOUCH_EVERY`] ago.
pub async fn touch(store: &Store, token: &ApiToken, now: Timestamp) -> Result<()> {
    if !due_for_touch(token, now) {
        return Ok(());
    }
    let tx = store.begin().await?;
    Entity::update_many()
        .col_expr(Column::LastUsedAt, Expr::value(crate::time::to_chrono(now)))
        .filter(Column::Id.eq(token.id))
        .exec(tx.conn())
        .await?;
    tx.commit().await
}

/// Revokes a token and audits it; revoking twice is a no-op.
pub async fn revoke(tx: &Tx, actor: &Actor, id: i64, reason: &str) -> Result<ApiToken> {
    let before: ApiToken = Entity::find_by_id(id)
        .one(tx.conn())
        .await?
        .ok_or(StoreError::NotFound {
            subject: "接口令牌",
            id: id.to_string(),
        })?
        .into();
    if before.revoked_at.is_some() {
        return Ok(before);
    }
    Entity::update_many()
        .col_expr(
            Column::RevokedAt,
            Expr::value(crate::time::to_chrono(tx.now())),
        )
        .filter(Column::Id.eq(id))
        .exec(tx.conn())
        .await?;
    let after: ApiToken = Entity::find_by_id(id)
        .one(tx.conn())
        .await?
        .map(ApiToken::from)
        .unwrap_or_else(|| before.clone());
    tx.audit(
        NewAuditEntry::new(actor, SUBJECT, id, "revoke")
            .with_reason(reason)
            .with_before(&before)?
            .with_after(&after)?,
    )
    .await?;
    Ok(after)
}
