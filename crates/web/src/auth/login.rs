//! Signing in: the lockout checks, argon2id verification off the async threads, the audit of
//! every failure, and a fresh session id with its CSRF token.

use std::net::SocketAddr;
use std::sync::OnceLock;
use std::time::Duration;

use axum::extract::ConnectInfo;
use axum::http::request::Parts;
use store::credential::Lockout;
use store::{Account, Actor, NewAuditEntry};
use tower_sessions::Session;

use super::{ACCOUNT_KEY, CSRF_KEY, ROLE_KEY, password, token};
use crate::error::AppError;
use crate::state::AppState;

/// The client address of a request: the connection's peer, or (when configured behind a
/// proxy) the last `X-Forwarded-For` entry.
pub fn client_ip(parts: &Parts, trust_forwarded_for: bool) -> String {
    if trust_forwarded_for
        && let Some(last) = parts
            .headers
            .get("x-forwarded-for")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.rsplit(',').next())
            .map(str::trim)
            .filter(|s| !s.is_empty())
    {
        return last.to_owned();
    }
    parts
        .extensions
        .get::<ConnectInfo<SocketAddr>>()
        .map_or_else(|| "unknown".to_owned(), |c| c.0.ip().to_string())
}

/// A failed sign-in, as told to the client (never which of login or password was wrong).
fn invalid() -> AppError {
    AppError::Unauthorized {
        code: "invalid_credentials",
        message: "登录名或密码错误".into(),
        field: Some("password".into()),
    }
}

fn locked(secs: u64) -> AppError {
    AppError::TooManyAttempts {
        message: format!(
            "登录失败次数过多，已暂时锁定，请于 {} 分钟后再试",
            secs.div_ceil(60).max(1)
        ),
        retry_after_secs: secs,
    }
}

/// A hash to verify against when the login does not exist, so the answer takes as long.
fn dummy_hash(state: &AppState) -> String {
    static DUMMY: OnceLock<String> = OnceLock::new();
    DUMMY
        .get_or_init(|| {
            password::hash_blocking(&token::random_hex(16), state.config.auth.password_hashing)
                .unwrap_or_default()
        })
        .clone()
}

/// Checks a login and password: 429 while the login or the client address is locked, 401 for
/// a wrong pair (audited; the login locks at the configured count), the account otherwise
/// (audited as `login`).
pub async fn attempt(
    state: &AppState,
    login: &str,
    password_text: &str,
    ip: &str,
) -> Result<Account, AppError> {
    let store = state.store()?;
    let cfg = &state.config.auth;
    let window = Duration::from_secs(cfg.lockout_secs);
    let login = login.trim();
    let ip_key = format!("ip:{ip}");
    let login_key = format!("login:{login}");
    if let Some(secs) = state.limiter.locked(&ip_key) {
        tracing::warn!(target: "web::auth", ip, "sign-in refused: address blocked");
        return Err(locked(secs));
    }
    if let Some(secs) = state.limiter.locked(&login_key) {
        return Err(locked(secs));
    }
    let credential = store::credential::by_login(store.db(), login).await?;
    let now = store.now();
    if let Some(until) = credential.as_ref().and_then(|c| c.locked_at(now)) {
        let secs = u64::try_from(until.duration_since(now).as_secs())
            .unwrap_or(1)
            .max(1);
        tracing::warn!(target: "web::auth", login_account = credential.as_ref().map(|c| c.account_id), "sign-in refused: login locked");
        return Err(locked(secs));
    }
    let phc = credential
        .as_ref()
        .map_or_else(|| dummy_hash(state), |c| c.password_phc.clone());
    let text: String = password_text
        .chars()
        .take(password::MAX_CHARS + 1)
        .collect();
    let ok = password::verify(text, phc).await && credential.is_some();
    let context = format!("来源地址 {ip}");
    if !ok {
        state.limiter.fail(&ip_key, cfg.ip_max_failures, window);
        let tx = store.begin().await?;
        let now_locked = match &credential {
            Some(c) => {
                let lockout = Lockout {
                    max_failures: cfg.login_max_failures,
                    lock_for: jiff::SignedDuration::from_secs(
                        i64::try_from(cfg.lockout_secs).unwrap_or(i64::MAX),
                    ),
                };
                store::credential::record_failure(&tx, c.account_id, lockout, &context)
                    .await?
                    .locked_at(now)
                    .is_some()
            }
            None => {
                tx.audit(
                    NewAuditEntry::new(
                        &Actor::anonymous(),
                        store::credential::SUBJECT,
                        "unknown",
                        "login_failed",
                    )
                    .with_reason(format!("登录名不存在；{context}")),
                )
                .await?;
                state
                    .limiter
                    .fail(&login_key, cfg.login_max_failures, window)
            }
        };
        tx.commit().await?;
        tracing::info!(target: "web::auth", ip, now_locked, "sign-in failed");
        return Err(invalid());
    }
    let credential = credential.ok_or_else(invalid)?;
    let account = store::account::get(store.db(), credential.account_id).await?;
    let tx = store.begin().await?;
    store::credential::record_success(&tx, &account, &context).await?;
    tx.commit().await?;
    state.limiter.clear(&login_key);
    tracing::info!(target: "web::auth", account = account.id, role = account.role.as_str(), ip, "signed in");
    Ok(account)
}

/// Starts the signed-in session: a new session id (no fixation), the account and a new CSRF
/// token; returns the token.
pub async fn start_session(session: &Session, account: &Account) -> Result<String, AppError> {
    let csrf = token::new_csrf_token();
    let err = |e: tower_sessions::session::Error| AppError::Unexpected(Box::new(e));
    session.cycle_id().await.map_err(err)?;
    session.insert(ACCOUNT_KEY, account.id).await.map_err(err)?;
    session.insert(CSRF_KEY, &csrf).await.map_err(err)?;
    session
        .insert(ROLE_KEY, account.role.as_str())
        .await
        .map_err(err)?;
    Ok(csrf)
}

/// Ends the session (deleted from the store, cookie cleared) and audits `logout`.
pub async fn end_session(state: &AppState, session: &Session) -> Result<(), AppError> {
    let account: Option<i64> = session
        .get(ACCOUNT_KEY)
        .await
        .map_err(|e| AppError::Unexpected(Box::new(e)))?;
    session
        .flush()
        .await
        .map_err(|e| AppError::Unexpected(Box::new(e)))?;
    if let (Some(id), Ok(store)) = (account, state.store()) {
        let tx = store.begin().await?;
        if let Ok(acc) = store::account::get(tx.conn(), id).await {
            tx.audit(NewAuditEntry::new(
                &acc.actor(),
                store::credential::SUBJECT,
                id,
                "logout",
            ))
            .await?;
        }
        tx.commit().await?;
    }
    Ok(())
}
