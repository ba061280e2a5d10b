//! Signing in and out over JSON, and who am I.

use axum::Json;
use axum::extract::{FromRequestParts, State};
use axum::http::StatusCode;
use axum::http::request::Parts;
use serde::{Deserialize, Serialize};
use tower_sessions::Session;
use utoipa::ToSchema;

use crate::api::zh::{Members, Zh};
use crate::auth::{AuthMethod, CurrentUser, login, role_label};
use crate::error::{ApiJson, AppError, ErrorBody};
use crate::state::AppState;

/// A sign-in.
#[derive(Debug, Deserialize, ToSchema)]
#[schema(description = "登录请求。")]
#[serde(deny_unknown_fields)]
pub struct LoginRequest {
    /// The login name.
    #[schema(min_length = 1)]
    pub login: String,
    /// The password.
    #[schema(min_length = 1)]
    pub password: String,
}

impl Zh for LoginRequest {
    const MEMBERS: Members = &[("login", "登录名。"), ("password", "密码。")];
}

/// The signed-in account.
#[derive(Debug, Serialize, ToSchema)]
#[schema(description = "当前登录的账号。")]
pub struct Me {
    /// Account id.
    pub id: i64,
    /// The person's name.
    pub name: String,
    /// Role kind (`applicant`, `recommending_unit`, `authority`, `expert`, `admin`).
    pub role: String,
    /// The role in Chinese.
    pub role_label: String,
    /// The account's area (GB/T 2260): a recommending unit's (required), or an authority's
    /// (none: a system-wide account).
    pub region_code: Option<String>,
    /// The organisation the person acts for.
    pub organisation_id: Option<i64>,
    /// How this request authenticated.
    pub auth: AuthMethod,
}

impl Zh for Me {
    const MEMBERS: Members = &[
        ("id", "账号编号。"),
        ("name", "姓名。"),
        (
            "role",
            "角色代码：`applicant`（申报单位）、`recommending_unit`（推荐单位）、`authority`（认定/备案机构）、`expert`（评审专家）、`admin`（系统管理员）。",
        ),
        ("role_label", "角色的中文名称。"),
        (
            "region_code",
            "账号的辖区（行政区划代码，GB/T 2260）：推荐单位必有；认定/备案机构有则只管其辖区，没有则为全系统账号。",
        ),
        ("organisation_id", "账号所代表的单位的编号。"),
        ("auth", "本次请求的认证方式。"),
    ];
}

impl Me {
    /// The view of an account.
    pub fn of(account: &store::Account, auth: AuthMethod) -> Self {
        Self {
            id: account.id,
            name: account.name.clone(),
            role: account.role.as_str().to_owned(),
            role_label: role_label(account.role).to_owned(),
            region_code: account.region_code.clone(),
            organisation_id: account.organisation_id,
            auth,
        }
    }
}

/// A new session.
#[derive(Debug, Serialize, ToSchema)]
#[schema(description = "新建的会话。")]
pub struct SessionCreated {
    /// The account.
    pub account: Me,
    /// Send it as `X-CSRF-Token` on every unsafe request of this session.
    pub csrf_token: String,
}

impl Zh for SessionCreated {
    const MEMBERS: Members = &[
        ("account", "登录的账号。"),
        (
            "csrf_token",
            "本会话的 CSRF 令牌：此后每个修改类请求（POST、PATCH、DELETE 等）都须以 `X-CSRF-Token` 头带上。",
        ),
    ];
}

/// The client's address (for lockout and the audit).
pub struct ClientIp(pub String);

impl FromRequestParts<AppState> for ClientIp {
    type Rejection = std::convert::Infallible;
    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        Ok(Self(login::client_ip(
            parts,
            state.config.auth.trust_forwarded_for,
        )))
    }
}

/// The request's session (present when the server has a store; 503 otherwise).
pub struct SessionOf(pub Session);

impl<S: Send + Sync> FromRequestParts<S> for SessionOf {
    type Rejection = AppError;
    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, AppError> {
        parts
            .extensions
            .get::<Session>()
            .cloned()
            .map(Self)
            .ok_or_else(|| AppError::Unavailable {
                message: "账号与案件服务未启用（服务器未连接数据库）".into(),
            })
    }
}

/// Sign in: sets the session cookie (HttpOnly, SameSite=Lax, Secure as configured) and
/// returns the account with the session's CSRF token. After the configured number of
/// failures the login (and, separately, the client address) is locked for a while: 429.
#[utoipa::path(post, path = "/api/v1/session", tag = "session",
    summary = "登录：设置会话 Cookie（HttpOnly、SameSite=Lax，Secure 依配置），返回账号与本会话的 CSRF 令牌。失败达到配置的次数后，该登录名（以及另行计数的客户端地址）暂时锁定：429。",
    request_body = LoginRequest,
    responses(
        (status = 201, body = SessionCreated, description = "已登录（设置会话 Cookie）"),
        (status = 401, body = ErrorBody, description = "登录名或密码错误"),
        (status = 403, body = ErrorBody, description = "跨站请求"),
        (status = 422, body = ErrorBody, description = "缺少登录名或密码"),
        (status = 429, body = ErrorBody, description = "失败次数过多，暂时锁定"),
        (status = 503, body = ErrorBody, description = "服务器未连接数据库"),
    ))]
pub async fn create(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    SessionOf(session): SessionOf,
    ApiJson(req): ApiJson<LoginRequest>,
) -> Result<(StatusCode, Json<SessionCreated>), AppError> {
    let mut errors = Vec::new();
    if req.login.trim().is_empty() {
        errors.push(crate::error::FieldError {
            field: "login".into(),
            message: "请输入登录名".into(),
        });
    }
    if req.password.is_empty() {
        errors.push(crate::error::FieldError {
            field: "password".into(),
            message: "请输入密码".into(),
        });
    }
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }
    let account = login::attempt(&state, &req.login, &req.password, &ip).await?;
    let csrf_token = login::start_session(&session, &account).await?;
    Ok((
        StatusCode::CREATED,
        Json(SessionCreated {
            account: Me::of(&account, AuthMethod::Session),
            csrf_token,
        }),
    ))
}

/// Sign out: deletes the session and clears the cookie (needs `X-CSRF-Token`).
#[utoipa::path(delete, path = "/api/v1/session", tag = "session",
    summary = "退出：删除会话并清除 Cookie（须带 `X-CSRF-Token` 头）。",
    security(("session" = [])),
    responses(
        (status = 204, description = "已退出"),
        (status = 400, body = ErrorBody, description = "以接口令牌调用：令牌没有会话可退出（code 为 not_a_session）"),
        (status = 401, body = ErrorBody, description = "未登录"),
        (status = 403, body = ErrorBody, description = "缺少或错误的 CSRF 令牌"),
    ))]
pub async fn delete(
    State(state): State<AppState>,
    user: CurrentUser,
    SessionOf(session): SessionOf,
) -> Result<StatusCode, AppError> {
    if user.method == AuthMethod::Bearer {
        return Err(AppError::BadRequest {
            code: "not_a_session",
            message: "接口令牌没有会话可退出；如需停用，请撤销令牌".into(),
        });
    }
    login::end_session(&state, &session).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Who am I: the signed-in account (session cookie or bearer token).
#[utoipa::path(get, path = "/api/v1/me", tag = "session",
    summary = "当前账号：已登录的账号（会话 Cookie 或接口令牌）。",
    security(("session" = []), ("bearer" = [])),
    responses(
        (status = 200, body = Me, description = "当前账号"),
        (status = 401, body = ErrorBody, description = "未登录或令牌无效"),
    ))]
pub async fn me(user: CurrentUser) -> Result<Json<Me>, AppError> {
    user.authorize("me read", true)?;
    Ok(Json(Me::of(&user.account, user.method)))
}
