//! Password credentials: one login name and argon2id PHC string per account, with the count of
//! failed attempts and the lockout. The store never sees a password: hashing and verifying
//! happen in the caller (the web crate, off the async threads).

use jiff::{SignedDuration, Timestamp};
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};
use serde::Serialize;

use crate::audit::{Actor, NewAuditEntry};
use crate::entity::credential::{self, Column, Entity};
use crate::error::{Result, StoreError};
use crate::tx::Tx;

/// The audit subject kind of credentials (the subject id is the account's).
pub const SUBJECT: &str = "credential";
/// The longest login name accepted, in characters.
pub const LOGIN_MAX_CHARS: usize = 64;

/// A stored credential.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Credential {
    /// The account.
    pub account_id: i64,
    /// The login name.
    pub login: String,
    /// The PHC string.
    pub password_phc: String,
    /// Failed attempts since the last success or lockout.
    pub failed_attempts: u32,
    /// Locked until, when locked (it may lie in the past: then it no longer applies).
    pub locked_until: Option<Timestamp>,
}

impl Credential {
    /// The end of the lockout in force at `now`, if any.
    pub fn locked_at(&self, now: Timestamp) -> Option<Timestamp> {
        self.locked_until.filter(|t| *t > now)
    }
}

/// What the audit trail records of a credential (never the hash).
#[derive(Serialize)]
struct Audited<'a> {
    login: &'a str,
    failed_attempts: u32,
    locked_until: Option<Timestamp>,
}

impl From<credential::Model> for Credential {
    fn from(m: credential::Model) -> Self {
        Self {
            account_id: m.account_id,
            login: m.login,
            password_phc: m.password_phc,
            failed_attempts: u32::try_from(m.failed_attempts).unwrap_or(u32::MAX),
            locked_until: m.locked_until.map(crate::time::from_chrono),
        }
    }
}

/// The lockout rule (operator configuration, not law).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Lockout {
    /// Failures that lock the login.
    pub max_failures: u32,
    /// How long it stays locked.
    pub lock_for: SignedDuration,
}

/// Checks a login name: trimmed, 1–64 characters, no whitespace or control characters.
pub fn check_login(login: &str) -> Result<String> {
    let login = login.trim();
    if login.is_empty() {
        return Err(StoreError::Missing { field: "登录名" });
    }
    if login.chars().count() > LOGIN_MAX_CHARS
        || login.chars().any(|c| c.is_whitespace() || c.is_control())
    {
        return Err(StoreError::Serialise {
            field: "登录名",
            reason: format!("不超过 {LOGIN_MAX_CHARS} 个字符，且不含空白或控制字符"),
        });
    }
    Ok(login.to_owned())
}

/// Sets (creates or replaces) the login and password hash of an account, and audits it
/// (without the hash). A login name taken by another account is [`StoreError::Duplicate`].
pub async fn set(
    tx: &Tx,
    actor: &Actor,
    account_id: i64,
    login: &str,
    password_phc: &str,
) -> Result<Credential> {
    let login = check_login(login)?;
    crate::account::get(tx.conn(), account_id).await?;
    if let Some(other) = by_login(tx.conn(), &login).await?
        && other.account_id != account_id
    {
        return Err(StoreError::Duplicate {
            field: "登录名",
            value: login,
        });
    }
    let now = crate::time::to_chrono(tx.now());
    let existing = Entity::find_by_id(account_id).one(tx.conn()).await?;
    let model = credential::ActiveModel {
        account_id: Set(account_id),
        login: Set(login.clone()),
        password_phc: Set(password_phc.to_owned()),
        failed_attempts: Set(0),
        locked_until: Set(None),
        password_changed_at: Set(now),
        created_at: Set(existing.as_ref().map_or(now, |e| e.created_at)),
        updated_at: Set(now),
    };
    let model = if existing.is_some() {
        model.update(tx.conn()).await?
    } else {
        model.insert(tx.conn()).await?
    };
    let c = Credential::from(model);
    tx.audit(
        NewAuditEntry::new(actor, SUBJECT, account_id, "set_password").with_after(&Audited {
            login: &c.login,
            failed_attempts: 0,
            locked_until: None,
        })?,
    )
    .await?;
    Ok(c)
}

/// The credential of a login name.
pub async fn by_login(conn: &impl ConnectionTrait, login: &str) -> Result<Option<Credential>> {
    // The login name is unique (a unique key in the schema).
    Ok(crate::by_key(
        Entity::find()
            .filter(Column::Login.eq(login.trim()))
            .into_model::<credential::Model>(),
        conn,
    )
    .await?
    .map(Credential::from))
}

/// The credential of an account.
pub async fn by_account(
    conn: &impl ConnectionTrait,
    account_id: i64,
) -> Result<Option<Credential>> {
    Ok(crate::by_key(
        Entity::find_by_id(account_id).into_model::<credential::Model>(),
        conn,
    )
    .await?
    .map(Credential::from))
}

/// Records a failed sign-in for an account and audits it (`login_failed`, and `locked` when this
/// failure reaches the limit: the count restarts and the login is locked for
/// [`Lockout::lock_for`]). `context` (the client address…) goes into the audit reason.
pub async fn record_failure(
    tx: &Tx,
    account_id: i64,
    lockout: Lockout,
    context: &str,
) -> Result<Credential> {
    let before = by_account(tx.conn(), account_id)
        .await?
        .ok_or(StoreError::NotFound {
            subject: "登录凭据",
            id: account_id.to_string(),
        })?;
    let attempts = before.failed_attempts.saturating_add(1);
    let lock = attempts >= lockout.max_failures.max(1);
    let locked_until = lock.then(|| {
        tx.now()
            .saturating_add(lockout.lock_for)
            .unwrap_or(tx.now())
    });
    Entity::update_many()
        .col_expr(
            Column::FailedAttempts,
            Expr::value(if lock { 0 } else { i64::from(attempts) }),
        )
        .col_expr(
            Column::LockedUntil,
            Expr::value(locked_until.map(crate::time::to_chrono)),
        )
        .col_expr(
            Column::UpdatedAt,
            Expr::value(crate::time::to_chrono(tx.now())),
        )
        .filter(Column::AccountId.eq(account_id))
        .exec(tx.conn())
        .await?;
    let anonymous = Actor::anonymous();
    tx.audit(
        NewAuditEntry::new(&anonymous, SUBJECT, account_id, "login_failed")
            .with_reason(format!("密码错误（连续第 {attempts} 次）；{context}")),
    )
    .await?;
    if let Some(until) = locked_until {
        tx.audit(
            NewAuditEntry::new(&Actor::system(), SUBJECT, account_id, "locked")
                .with_reason(format!(
                    "连续 {attempts} 次登录失败，锁定至 {until}；{context}"
                ))
                .with_after(&Audited {
                    login: &before.login,
                    failed_attempts: attempts,
                    locked_until,
                })?,
        )
        .await?;
    }
    Ok(by_account(tx.conn(), account_id).await?.unwrap_or(before))
}

/// Records a successful sign-in: clears the failures and audits `login`.
pub async fn record_success(tx: &Tx, account: &crate::Account, context: &str) -> Result<()> {
    Entity::update_many()
        .col_expr(Column::FailedAttempts, Expr::value(0i64))
        .col_expr(
            Column::LockedUntil,
            Expr::value(Option::<chrono::DateTime<chrono::Utc>>::None),
        )
        .col_expr(
            Column::UpdatedAt,
            Expr::value(crate::time::to_chrono(tx.now())),
        )
        .filter(Column::AccountId.eq(account.id))
        .exec(tx.conn())
        .await?;
    tx.audit(
        NewAuditEntry::new(&account.actor(), SUBJECT, account.id, "login").with_reason(context),
    )
    .await?;
    Ok(())
}
