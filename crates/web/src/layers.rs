//! The layers around every route: request id, tracing, panics, security headers, uniform error
//! bodies, timeout and body limit.

use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::extract::DefaultBodyLimit;
use axum::http::{HeaderName, HeaderValue, Request, Response, StatusCode, header};
use axum::response::IntoResponse;
use tower::ServiceBuilder;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::request_id::{PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;

use crate::config::Limits;
use crate::error::status_body;

/// The request id header.
pub const REQUEST_ID: &str = "x-request-id";

/// The Content-Security-Policy: nothing from outside, no inline script or style, no framing.
pub const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/// The security headers every response carries unless its handler set its own.
const SECURITY_HEADERS: [(HeaderName, HeaderValue); 6] = [
    (
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CSP),
    ),
    (
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    ),
    (
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    ),
    (header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY")),
    (
        HeaderName::from_static("cross-origin-opener-policy"),
        HeaderValue::from_static("same-origin"),
    ),
    (
        HeaderName::from_static("permissions-policy"),
        HeaderValue::from_static("camera=(), microphone=(), geolocation=()"),
    ),
];

/// What every response goes through on its way out: the uniform body of a layer's error, then
/// the security headers. One plain function rather than a layer each, so a request's future
/// is not nested, boxed and polled through seven more wrappers.
fn finish<B>(res: Response<B>) -> Response<Body>
where
    B: axum::body::HttpBody<Data = axum::body::Bytes> + Send + 'static,
    B::Error: Into<axum::BoxError>,
{
    let mut res = uniform_errors(res);
    let headers = res.headers_mut();
    for (name, value) in SECURITY_HEADERS {
        headers.entry(name).or_insert(value);
    }
    res
}

/// Replaces the empty body of an error produced by a layer (timeout, body limit, method) with
/// the uniform JSON body.
fn uniform_errors<B>(res: Response<B>) -> Response<Body>
where
    B: axum::body::HttpBody<Data = axum::body::Bytes> + Send + 'static,
    B::Error: Into<axum::BoxError>,
{
    let res = res.map(Body::new);
    let status = res.status();
    let plain = res
        .headers()
        .get(header::CONTENT_TYPE)
        .is_none_or(|v| v.as_bytes().starts_with(b"text/plain"));
    if (status.is_client_error() || status.is_server_error()) && plain {
        let (mut parts, _) = res.into_parts();
        let mut fresh = (status, axum::Json(status_body(status))).into_response();
        // keep headers such as Allow, but take the fresh content type and length
        parts.headers.remove(header::CONTENT_LENGTH);
        for (k, v) in fresh.headers_mut().drain() {
            if let Some(k) = k {
                parts.headers.insert(k, v);
            }
        }
        return Response::from_parts(parts, fresh.into_body());
    }
    res
}

fn panic_response(_: Box<dyn std::any::Any + Send + 'static>) -> Response<Body> {
    tracing::error!("handler panicked");
    (
        StatusCode::INTERNAL_SERVER_ERROR,
        axum::Json(status_body(StatusCode::INTERNAL_SERVER_ERROR)),
    )
        .into_response()
}

/// Wraps the routes in the layers.
pub fn wrap(routes: Router, limits: &Limits) -> Router {
    let request_id = HeaderName::from_static(REQUEST_ID);
    let trace = TraceLayer::new_for_http().make_span_with(|req: &Request<Body>| {
        let id = req
            .headers()
            .get(REQUEST_ID)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("-");
        // The path only: query strings may carry what people typed.
        tracing::info_span!("request", method = %req.method(), path = %req.uri().path(), request_id = %id)
    });
    routes.layer(
        ServiceBuilder::new()
            .layer(SetRequestIdLayer::new(
                request_id.clone(),
                crate::request_id::SequentialRequestId::new(),
            ))
            .layer(trace)
            .layer(PropagateRequestIdLayer::new(request_id))
            .map_response(finish)
            .layer(CatchPanicLayer::custom(panic_response))
            .layer(TimeoutLayer::with_status_code(
                StatusCode::REQUEST_TIMEOUT,
                Duration::from_secs(limits.request_timeout_secs),
            ))
            // Uploads may be larger than other bodies; extractors hold those to `body_bytes`.
            .layer(RequestBodyLimitLayer::new(
                limits
                    .body_bytes
                    .max(limits.upload_bytes.saturating_add(64 * 1024)),
            ))
            .layer(DefaultBodyLimit::max(limits.body_bytes)),
    )
}
