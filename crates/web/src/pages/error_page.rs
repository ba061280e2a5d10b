//! A page's error answered as a page. Handlers answer errors with the API's JSON body
//! ([`crate::error::ErrorBody`]); a browser that asked for a page gets, with the same status,
//! a Chinese page with the message, any field errors, and a way on (sign in for a 401, the
//! home page and the account's own work). An htmx request keeps the JSON: `app.js` shows its
//! message in the page's alert region.

use axum::body::Body;
use axum::extract::Request;
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use super::{is_htmx, page};
use crate::state::AppState;

/// The most of an error body read (they are a few hundred bytes).
const MOST: usize = 64 * 1024;

/// What an error body says that the page shows.
#[derive(Debug, Deserialize)]
struct Said {
    message: String,
    #[serde(default)]
    errors: Vec<FieldSaid>,
}

#[derive(Debug, Deserialize, serde::Serialize)]
struct FieldSaid {
    field: String,
    message: String,
}

/// The page's heading for a status.
fn heading(status: StatusCode) -> &'static str {
    match status {
        StatusCode::UNAUTHORIZED => "请先登录",
        StatusCode::FORBIDDEN => "无权访问",
        StatusCode::NOT_FOUND => "未找到",
        StatusCode::CONFLICT => "内容已被他人修改",
        StatusCode::PAYLOAD_TOO_LARGE => "文件或内容过大",
        StatusCode::UNPROCESSABLE_ENTITY => "填写有误",
        StatusCode::TOO_MANY_REQUESTS => "尝试过于频繁",
        s if s.is_server_error() => "暂时无法办理",
        _ => "请求有误",
    }
}

/// Where to come back after signing in: the page itself for a page's address; for a form's
/// post, the page it was sent from (its `Referer`, when that is this site).
fn back_to(request: &Request) -> Option<String> {
    if request.method() == Method::GET {
        return request
            .uri()
            .path_and_query()
            .map(|p| p.as_str().to_owned());
    }
    let host = request.headers().get(header::HOST)?.to_str().ok()?;
    let referer: axum::http::Uri = request
        .headers()
        .get(header::REFERER)?
        .to_str()
        .ok()?
        .parse()
        .ok()?;
    (referer.authority()?.as_str() == host)
        .then(|| referer.path_and_query().map(|p| p.as_str().to_owned()))
        .flatten()
}

/// Middleware on the page routes: turns an error's JSON into a page, unless htmx asked.
/// The application's state is read from the request's extensions (set around every route).
pub async fn as_html(request: Request, next: Next) -> Response {
    let state = request.extensions().get::<AppState>().cloned();
    let wants_page = !is_htmx(request.headers());
    let back = back_to(&request);
    let response = next.run(request).await;
    let status = response.status();
    let json = response
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(b"application/json"));
    let Some(state) = state else {
        return response;
    };
    if !wants_page || !json || !(status.is_client_error() || status.is_server_error()) {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, MOST).await else {
        return status.into_response();
    };
    let Ok(said) = serde_json::from_slice::<Said>(&bytes) else {
        return Response::from_parts(parts, Body::from(bytes));
    };
    let login = (status == StatusCode::UNAUTHORIZED).then(|| {
        let next = back.unwrap_or_else(|| "/".into());
        format!(
            "/login?next={}",
            percent_encoding::utf8_percent_encode(&next, percent_encoding::NON_ALPHANUMERIC)
        )
    });
    let title = heading(status);
    let html = page(
        &state,
        "error.html",
        minijinja::context! {
            title,
            nav => "",
            status => status.as_u16(),
            message => said.message,
            errors => minijinja::value::Serde(said.errors),
            login,
        },
    );
    match html {
        Ok(html) => {
            parts.headers.remove(header::CONTENT_LENGTH);
            parts.headers.insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/html; charset=utf-8"),
            );
            Response::from_parts(parts, Body::from(html.0))
        }
        Err(e) => e.into_response(),
    }
}
