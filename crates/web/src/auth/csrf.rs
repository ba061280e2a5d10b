//! Cross-site request forgery protection for cookie sessions.
//!
//! 1. [`cross_origin_guard`] (every route): an unsafe method (not GET/HEAD/OPTIONS) is refused
//!    when the browser says it comes from another origin: `Sec-Fetch-Site` other than
//!    `same-origin`/`none`, or, without it, an `Origin` whose host is not the `Host`. Requests
//!    with neither header are not from a browser and pass (the rule of Go 1.25's
//!    `CrossOriginProtection`). Bearer requests carry no ambient credential and are exempt.
//! 2. The session cookie is `SameSite=Lax`.
//! 3. A signed-in cookie session must also send its per-session token on unsafe methods: the
//!    `X-CSRF-Token` header (htmx sends it from `hx-headers` on `<body>`; a plain HTML form's
//!    `_csrf` field is moved into it by [`super::csrf_form`]). [`CurrentUser`] checks the
//!    header on every unsafe method.
//!
//! [`CurrentUser`]: super::CurrentUser

use axum::extract::Request;
use axum::http::{HeaderMap, Method, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::error::AppError;

/// The header carrying the per-session token.
pub const HEADER: &str = "x-csrf-token";

/// Whether the method changes state.
pub fn is_unsafe(method: &Method) -> bool {
    !matches!(
        *method,
        Method::GET | Method::HEAD | Method::OPTIONS | Method::TRACE
    )
}

/// Whether the request authenticates with a bearer token.
pub fn is_bearer(headers: &HeaderMap) -> bool {
    headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.len() > 7 && v[..7].eq_ignore_ascii_case("bearer "))
}

/// Whether the browser marks the request as cross-origin.
pub fn is_cross_origin(headers: &HeaderMap) -> bool {
    if let Some(site) = headers.get("sec-fetch-site") {
        return !matches!(site.as_bytes(), b"same-origin" | b"none");
    }
    let Some(origin) = headers.get(header::ORIGIN) else {
        return false;
    };
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok());
    let origin_host = origin
        .to_str()
        .ok()
        .and_then(|o| o.split_once("://"))
        .map(|(_, rest)| rest);
    match (origin_host, host) {
        (Some(o), Some(h)) => !o.eq_ignore_ascii_case(h),
        _ => true,
    }
}

/// The 403 of a refused cross-site request.
pub fn refused() -> AppError {
    AppError::Forbidden {
        code: "csrf",
        message: "请求被拒绝：跨站请求或缺少有效的表单令牌，请刷新页面后重试".into(),
    }
}

/// Middleware: refuses cross-origin unsafe requests that are not bearer requests.
pub async fn cross_origin_guard(req: Request, next: Next) -> Response {
    if is_unsafe(req.method()) && !is_bearer(req.headers()) && is_cross_origin(req.headers()) {
        tracing::info!(
            method = %req.method(),
            path = %req.uri().path(),
            decision = "deny",
            reason = "cross-origin",
            "authorization"
        );
        return refused().into_response();
    }
    next.run(req).await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(*k, v.parse().unwrap());
        }
        h
    }

    #[test]
    fn the_rule() {
        assert!(!is_cross_origin(&headers(&[])));
        assert!(!is_cross_origin(&headers(&[(
            "sec-fetch-site",
            "same-origin"
        )])));
        assert!(!is_cross_origin(&headers(&[("sec-fetch-site", "none")])));
        assert!(is_cross_origin(&headers(&[(
            "sec-fetch-site",
            "cross-site"
        )])));
        assert!(is_cross_origin(&headers(&[(
            "sec-fetch-site",
            "same-site"
        )])));
        assert!(!is_cross_origin(&headers(&[
            ("origin", "https://a.example:8443"),
            ("host", "a.example:8443")
        ])));
        assert!(is_cross_origin(&headers(&[
            ("origin", "https://evil.example"),
            ("host", "a.example")
        ])));
        assert!(is_cross_origin(&headers(&[
            ("origin", "null"),
            ("host", "a")
        ])));
    }
}
