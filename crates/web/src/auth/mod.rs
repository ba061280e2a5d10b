//! Accounts and access: who is asking ([`CurrentUser`], from the session cookie or an
//! `Authorization: Bearer` token), what they may do ([`Require`] with a [`RoleSet`], and
//! [`CurrentUser::authorize`] for per-object checks), sign-in with lockout ([`login`]), CSRF
//! ([`csrf`]).
//!
//! Every authorization decision is logged (`tracing`, target `web::auth`, message
//! `authorization`, fields `account`, `role`, `method`, `route`, `decision`, `reason`).
//!
//! Status codes: 401 when there are no (valid) credentials, 403 when the account may not do
//! this, 404 (via [`CurrentUser::authorize_or_hide`]) when it may not even know the object
//! exists.

pub mod csrf;
pub mod csrf_form;
pub mod limiter;
pub mod login;
pub mod password;
pub mod session_store;
pub mod token;
pub mod token_uses;

use std::marker::PhantomData;

use axum::extract::{FromRequestParts, MatchedPath};
use axum::http::header;
use axum::http::request::Parts;
use serde::Serialize;
use store::{Account, AccountRole};
use tower_sessions::Session;
use utoipa::ToSchema;

use crate::error::AppError;
use crate::state::AppState;

pub use session_store::{ACCOUNT_KEY, CSRF_KEY, DbSessionStore, ROLE_KEY};

/// The session cookie's name.
pub const COOKIE: &str = "makerspace_session";

/// How the request authenticated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[schema(
    description = "认证方式：`session`（浏览器的会话 Cookie）或 `bearer`（接口令牌，`Authorization: Bearer`）。"
)]
#[serde(rename_all = "snake_case")]
pub enum AuthMethod {
    /// The browser session cookie.
    Session,
    /// An API token (`Authorization: Bearer`).
    Bearer,
}

/// The Chinese name of a role.
pub fn role_label(role: AccountRole) -> &'static str {
    casework::role_label(role)
}

/// The signed-in account of a request.
#[derive(Debug, Clone)]
pub struct CurrentUser {
    /// The account (read afresh on every request: a role change applies at once).
    pub account: Account,
    /// How it authenticated.
    pub method: AuthMethod,
    /// The session's CSRF token (cookie sessions), for pages to put in `hx-headers`.
    pub csrf_token: Option<String>,
    /// `METHOD /route/{pattern}`, for the log.
    route: String,
}

fn route_of(parts: &Parts) -> String {
    let path = parts
        .extensions
        .get::<MatchedPath>()
        .map_or_else(|| parts.uri.path().to_owned(), |m| m.as_str().to_owned());
    format!("{} {path}", parts.method)
}

/// Logs an authorization decision.
fn log_decision(account: Option<&Account>, route: &str, decision: &str, reason: &str) {
    tracing::info!(
        target: "web::auth",
        account = account.map(|a| a.id),
        role = account.map(|a| a.role.as_str()),
        route,
        decision,
        reason,
        "authorization"
    );
}

impl CurrentUser {
    /// The audit actor.
    pub fn actor(&self) -> store::Actor {
        self.account.actor()
    }

    /// The role.
    pub fn role(&self) -> AccountRole {
        self.account.role
    }

    /// Allows (and logs) or refuses with 403 (and logs) an action on an object the account
    /// may know about. `what` names the check in the log (`case:42 edit`).
    pub fn authorize(&self, what: &str, allowed: bool) -> Result<(), AppError> {
        log_decision(
            Some(&self.account),
            &self.route,
            if allowed { "allow" } else { "deny" },
            what,
        );
        if allowed {
            Ok(())
        } else {
            Err(AppError::forbidden())
        }
    }

    /// Like [`Self::authorize`], but a refusal is a 404 (`message` names the object as if
    /// absent): for objects the account may not even know exist (another organisation's case).
    pub fn authorize_or_hide(
        &self,
        what: &str,
        allowed: bool,
        message: impl Into<String>,
    ) -> Result<(), AppError> {
        self.authorize(what, allowed)
            .map_err(|_| AppError::NotFound {
                message: message.into(),
                field: None,
            })
    }

    /// Requires one of `roles` (403 otherwise), logged.
    pub fn require_role(&self, roles: &[AccountRole]) -> Result<(), AppError> {
        let names: Vec<&str> = roles.iter().map(|r| r.as_str()).collect();
        self.authorize(
            &format!("role in [{}]", names.join(",")),
            roles.contains(&self.account.role),
        )
    }
}

async fn from_bearer(state: &AppState, value: &str) -> Result<Account, AppError> {
    let invalid = || AppError::Unauthorized {
        code: "invalid_token",
        message: "接口令牌无效或已撤销".into(),
        field: None,
    };
    let token = value
        .get(7..)
        .filter(|_| value.len() > 7 && value[..7].eq_ignore_ascii_case("bearer "))
        .map(str::trim)
        .ok_or_else(invalid)?;
    let store = state.store()?;
    let found =
        store::api_token::find_active_with_account(store.db(), &store::api_token::hash(token))
            .await;
    let (found, account) = match found {
        Ok(found) => found.ok_or_else(invalid)?,
        // An account row the store cannot read (a role it does not know) authenticates no
        // one, as for a session; the row itself is a fault for the operator, not the caller.
        Err(e @ store::StoreError::Serialise { .. }) => {
            tracing::error!(error = %e, "bearer token of an unreadable account refused");
            return Err(invalid());
        }
        Err(e) => return Err(e.into()),
    };
    let now = store.now();
    if store::api_token::due_for_touch(&found, now) {
        let after = std::time::Duration::from_millis(state.config.auth.token_use_flush_ms);
        state.token_uses.note(store, found.id, now, after);
    }
    Ok(account)
}

impl FromRequestParts<AppState> for CurrentUser {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        let route = route_of(parts);
        if let Some(value) = parts.headers.get(header::AUTHORIZATION) {
            let value = value.to_str().unwrap_or_default().to_owned();
            return match from_bearer(state, &value).await {
                Ok(account) => Ok(Self {
                    account,
                    method: AuthMethod::Bearer,
                    csrf_token: None,
                    route,
                }),
                Err(e) => {
                    log_decision(None, &route, "deny", "invalid bearer token");
                    Err(e)
                }
            };
        }
        let session = parts.extensions.get::<Session>().cloned();
        let signed_in = match &session {
            Some(s) => s
                .get::<i64>(ACCOUNT_KEY)
                .await
                .map_err(|e| AppError::Unexpected(Box::new(e)))?,
            None => None,
        };
        let (Some(session), Some(account_id)) = (session, signed_in) else {
            log_decision(None, &route, "deny", "unauthenticated");
            return Err(AppError::unauthenticated());
        };
        let store = state.store()?;
        let Ok(account) = store::account::get(store.db(), account_id).await else {
            log_decision(None, &route, "deny", "session of a removed account");
            return Err(AppError::unauthenticated());
        };
        let csrf_token: Option<String> = session
            .get(CSRF_KEY)
            .await
            .map_err(|e| AppError::Unexpected(Box::new(e)))?;
        if csrf::is_unsafe(&parts.method) {
            let sent = parts
                .headers
                .get(csrf::HEADER)
                .and_then(|v| v.to_str().ok());
            let ok =
                matches!((sent, &csrf_token), (Some(s), Some(t)) if token::constant_time_eq(s, t));
            if !ok {
                log_decision(
                    Some(&account),
                    &route,
                    "deny",
                    "missing or wrong CSRF token",
                );
                return Err(csrf::refused());
            }
        }
        Ok(Self {
            account,
            method: AuthMethod::Session,
            csrf_token,
            route,
        })
    }
}

/// Checks the token a request sent (the `X-CSRF-Token` header, or a plain form's `_csrf` field
/// that `csrf_form` moved there) against the session's. For handlers that take the [`Session`]
/// themselves (sign-out, which must work for a session whose account is gone); [`CurrentUser`]
/// checks the same header for the others.
pub async fn check_session_token(session: &Session, sent: Option<&str>) -> Result<(), AppError> {
    let expected: Option<String> = session
        .get(CSRF_KEY)
        .await
        .map_err(|e| AppError::Unexpected(Box::new(e)))?;
    match (sent, expected) {
        (Some(s), Some(t)) if token::constant_time_eq(s, &t) => Ok(()),
        _ => {
            log_decision(
                None,
                "POST (session)",
                "deny",
                "missing or wrong CSRF token",
            );
            Err(csrf::refused())
        }
    }
}

/// The signed-in account if there is one (public routes that show more to the signed-in). A
/// bearer header that is not valid is still a 401.
#[derive(Debug, Clone)]
pub struct MaybeUser(pub Option<CurrentUser>);

impl FromRequestParts<AppState> for MaybeUser {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        match CurrentUser::from_request_parts(parts, state).await {
            Ok(u) => Ok(Self(Some(u))),
            Err(AppError::Unauthorized {
                code: "unauthenticated",
                ..
            }) => Ok(Self(None)),
            Err(e) => Err(e),
        }
    }
}

/// A set of roles allowed on a route.
pub trait RoleSet: Send + Sync + 'static {
    /// The roles.
    const ROLES: &'static [AccountRole];
}

/// The signed-in account, required to hold a role of `R` (401 without credentials, 403 with
/// another role; both logged). Dereferences to [`CurrentUser`].
#[derive(Debug, Clone)]
pub struct Require<R: RoleSet> {
    /// The account.
    pub user: CurrentUser,
    _roles: PhantomData<R>,
}

impl<R: RoleSet> std::ops::Deref for Require<R> {
    type Target = CurrentUser;
    fn deref(&self) -> &CurrentUser {
        &self.user
    }
}

impl<R: RoleSet> FromRequestParts<AppState> for Require<R> {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        let user = CurrentUser::from_request_parts(parts, state).await?;
        user.require_role(R::ROLES)?;
        Ok(Self {
            user,
            _roles: PhantomData,
        })
    }
}

macro_rules! role_set {
    ($(#[$doc:meta] $name:ident => [$($role:ident),+];)+) => {
        $(
            #[$doc]
            #[derive(Debug, Clone, Copy)]
            pub struct $name;
            impl RoleSet for $name {
                const ROLES: &'static [AccountRole] = &[$(AccountRole::$role),+];
            }
        )+
    };
}

role_set! {
    /// System administrators.
    Admin => [Admin];
    /// The recognising authority.
    Authority => [Authority];
    /// The authority or an administrator.
    Staff => [Authority, Admin];
    /// Recommending units.
    RecommendingUnit => [RecommendingUnit];
    /// Experts.
    Expert => [Expert];
    /// Applicants.
    Applicant => [Applicant];
}
