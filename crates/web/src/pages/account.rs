//! `/login`, `/logout` and `/account`: signing in with a plain form (works without
//! JavaScript), the errors beside their fields, and who you are.

use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use minijinja::context;
use serde::Deserialize;
use serde_json::json;

use super::viewer::home_of;
use crate::api::session::{ClientIp, Me, SessionOf};
use crate::auth::{self, AuthMethod, MaybeUser, login};
use crate::error::{AppError, FormPairs};
use crate::state::AppState;

/// `?next=` after signing in.
#[derive(Debug, Deserialize)]
pub struct Next {
    next: Option<String>,
}

/// Only a path on this site (no `//host`, no scheme); `None` for anything else or nothing.
fn safe_next(next: Option<&str>) -> Option<String> {
    next.filter(|n| n.starts_with('/') && !n.starts_with("//") && !n.contains('\\'))
        .map(str::to_owned)
}

fn render_login(
    state: &AppState,
    status: StatusCode,
    login_value: &str,
    next: &str,
    login_error: Option<&str>,
    password_error: Option<&str>,
) -> Response {
    let mut errors = Vec::new();
    if let Some(e) = login_error {
        errors.push(json!({ "field": "login", "message": e }));
    }
    if let Some(e) = password_error {
        errors.push(json!({ "field": "password", "message": e }));
    }
    match super::page(
        state,
        "login.html",
        context! {
            title => "登录", nav => "account", login => login_value, next => next,
            login_error, password_error, errors => minijinja::value::Serde(&errors),
        },
    ) {
        Ok(html) => (status, html).into_response(),
        Err(e) => e.into_response(),
    }
}

/// The sign-in page.
pub async fn login_page(State(state): State<AppState>, Query(q): Query<Next>) -> Response {
    render_login(
        &state,
        StatusCode::OK,
        "",
        safe_next(q.next.as_deref()).as_deref().unwrap_or_default(),
        None,
        None,
    )
}

/// The sign-in form: 303 to `next` on success, or to the role's own start page when the form
/// names none; the page again with the error beside its field otherwise (422 empty, 401 wrong,
/// 429 locked).
pub async fn login_submit(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    SessionOf(session): SessionOf,
    FormPairs(pairs): FormPairs,
) -> Response {
    let get = |k: &str| {
        pairs
            .iter()
            .find(|(n, _)| n == k)
            .map(|(_, v)| v.as_str())
            .unwrap_or_default()
    };
    let (login_value, password, next) = (
        get("login").trim(),
        get("password"),
        safe_next(Some(get("next"))),
    );
    let login_error = login_value.is_empty().then_some("请输入登录名");
    let password_error = password.is_empty().then_some("请输入密码");
    if login_error.is_some() || password_error.is_some() {
        return render_login(
            &state,
            StatusCode::UNPROCESSABLE_ENTITY,
            login_value,
            next.as_deref().unwrap_or_default(),
            login_error,
            password_error,
        );
    }
    match login::attempt(&state, login_value, password, &ip).await {
        Ok(account) => match login::start_session(&session, &account).await {
            Ok(_) => Redirect::to(next.as_deref().unwrap_or(home_of(account.role))).into_response(),
            Err(e) => e.into_response(),
        },
        Err(e @ (AppError::Unauthorized { .. } | AppError::TooManyAttempts { .. })) => {
            let status = e.status();
            let mut res = render_login(
                &state,
                status,
                login_value,
                next.as_deref().unwrap_or_default(),
                None,
                Some(&e.to_string()),
            );
            if let Some(v) = e
                .into_response()
                .headers()
                .get(axum::http::header::RETRY_AFTER)
            {
                res.headers_mut()
                    .insert(axum::http::header::RETRY_AFTER, v.clone());
            }
            res
        }
        Err(e) => e.into_response(),
    }
}

/// Signing out from the account page's form: its `_csrf` field, moved into the header by
/// `csrf_form` as for every plain form, is checked against the session.
pub async fn logout_submit(
    State(state): State<AppState>,
    SessionOf(session): SessionOf,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let sent = headers
        .get(auth::csrf::HEADER)
        .and_then(|v| v.to_str().ok());
    auth::check_session_token(&session, sent).await?;
    login::end_session(&state, &session).await?;
    Ok(Redirect::to("/login").into_response())
}

/// The account page; to the sign-in page when not signed in.
pub async fn page(
    State(state): State<AppState>,
    MaybeUser(user): MaybeUser,
) -> Result<Response, AppError> {
    let Some(user) = user else {
        return Ok(Redirect::to("/login?next=/account").into_response());
    };
    user.authorize("account page", true)?;
    let me = Me::of(&user.account, user.method);
    let html = super::page(
        &state,
        "account.html",
        context! {
            title => "我的账号", nav => "account",
            me => minijinja::value::Serde(&me),
            csrf_token => user.csrf_token.clone().unwrap_or_default(),
            bearer => user.method == AuthMethod::Bearer,
        },
    )?;
    Ok(html.into_response())
}
