//! The per-session CSRF token sent as a form field, for plain HTML forms without JavaScript
//! (htmx sends the `X-CSRF-Token` header; a browser's own form post cannot).
//!
//! [`form_field_token`] runs before the handlers. On an unsafe cookie request that carries no
//! `X-CSRF-Token` header it looks for the `_csrf` field ([`FIELD`]) and, when found, moves it
//! into the header and out of the body; [`CurrentUser`] then checks the header against the
//! session exactly as for htmx. Nothing else changes: a wrong or missing token is refused by
//! the same check (403, nothing done).
//!
//! - `application/x-www-form-urlencoded`: the body is read (such forms are small and held to
//!   the body limit), the `_csrf` pair removed, the rest passed on unchanged.
//! - `multipart/form-data` (uploads): **the `_csrf` field must be the first part of the body**,
//!   so a large upload is never buffered: only the first part is read (at most
//!   [`FIRST_PART_MAX`] bytes), then dropped, and the rest of the body streams on as it came.
//!   Browsers send fields in document order, so the hidden field goes first in the form: the
//!   template partial `partials/csrf_field.html` is included as the form's first child.
//!
//! A token in the query string is not accepted: URLs end up in logs and history.
//!
//! [`CurrentUser`]: super::CurrentUser

use std::pin::Pin;
use std::task::{Context, Poll};

use axum::body::{Body, Bytes, HttpBody};
use axum::extract::Request;
use axum::http::{HeaderValue, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::csrf::{HEADER, is_bearer, is_unsafe};
use crate::error::AppError;

/// The form field carrying the per-session token (plain forms without JavaScript).
pub const FIELD: &str = "_csrf";

/// How much of a multipart body is read to find its first part.
pub const FIRST_PART_MAX: usize = 8 * 1024;

/// Middleware: moves a form's `_csrf` field into the `X-CSRF-Token` header (see the module).
pub async fn form_field_token(req: Request, next: Next) -> Response {
    if !is_unsafe(req.method())
        || is_bearer(req.headers())
        || req.headers().contains_key(HEADER)
        || !req.headers().contains_key(header::COOKIE)
    {
        return next.run(req).await;
    }
    let content_type = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_ascii_lowercase();
    let essence = content_type.split(';').next().unwrap_or_default().trim();
    let req = match essence {
        "application/x-www-form-urlencoded" => match urlencoded(req).await {
            Ok(r) => r,
            Err(e) => return e.into_response(),
        },
        "multipart/form-data" => match boundary(&content_type) {
            Some(b) => match multipart(req, &b).await {
                Ok(r) => r,
                Err(e) => return e.into_response(),
            },
            None => req,
        },
        _ => req,
    };
    next.run(req).await
}

/// Reads a urlencoded body, takes out `_csrf`, puts the token in the header.
async fn urlencoded(req: Request) -> Result<Request, AppError> {
    let (mut parts, body) = req.into_parts();
    let bytes = axum::body::to_bytes(body, usize::MAX)
        .await
        .map_err(|_| AppError::TooLarge)?;
    let mut token = None;
    let mut rest: Vec<&[u8]> = Vec::new();
    for pair in bytes.split(|b| *b == b'&') {
        match pair.strip_prefix(FIELD.as_bytes()) {
            Some(v) if v.first() == Some(&b'=') => {
                if token.is_none() {
                    token = Some(percent_decode(&v[1..]));
                }
            }
            _ => rest.push(pair),
        }
    }
    let body = match token {
        Some(t) => {
            set_header(&mut parts.headers, &t);
            let joined = rest.join(&b'&');
            parts.headers.remove(header::CONTENT_LENGTH);
            Body::from(joined)
        }
        None => Body::from(bytes),
    };
    Ok(Request::from_parts(parts, body))
}

fn set_header(headers: &mut axum::http::HeaderMap, token: &[u8]) {
    if let Ok(v) = HeaderValue::from_bytes(token) {
        headers.insert(HEADER, v);
    }
}

/// `%XX` and `+` decoding of a urlencoded value.
fn percent_decode(v: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(v.len());
    let mut i = 0;
    while i < v.len() {
        match v[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < v.len() => {
                let hex = std::str::from_utf8(&v[i + 1..i + 3]).ok();
                match hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                    Some(b) => {
                        out.push(b);
                        i += 2;
                    }
                    None => out.push(b'%'),
                }
            }
            b => out.push(b),
        }
        i += 1;
    }
    out
}

/// The `boundary` parameter of a multipart content type (already lower-cased; boundaries
/// are compared as sent, so it is read again from the original below).
fn boundary(content_type: &str) -> Option<String> {
    content_type.split(';').skip(1).find_map(|p| {
        let (k, v) = p.split_once('=')?;
        (k.trim() == "boundary").then(|| v.trim().trim_matches('"').to_string())
    })
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// Where the first part holds `_csrf`: its value and where the second delimiter starts.
fn first_part(buf: &[u8], boundary: &[u8]) -> Option<(Vec<u8>, usize)> {
    let mut opening = b"--".to_vec();
    opening.extend_from_slice(boundary);
    let after_open = buf
        .strip_prefix(opening.as_slice())?
        .strip_prefix(b"\r\n")?;
    let start = buf.len() - after_open.len();
    let head_end = find(after_open, b"\r\n\r\n")?;
    let head = std::str::from_utf8(&after_open[..head_end]).ok()?;
    let disposition = head
        .split("\r\n")
        .find(|l| l.to_ascii_lowercase().starts_with("content-disposition:"))?;
    let is_field = disposition.split(';').skip(1).any(|p| {
        p.trim()
            .strip_prefix("name=")
            .is_some_and(|n| n.trim_matches('"') == FIELD)
    }) && !disposition.to_ascii_lowercase().contains("filename");
    if !is_field {
        return None;
    }
    let value_start = start + head_end + 4;
    let mut close = b"\r\n".to_vec();
    close.extend_from_slice(&opening);
    let value_len = find(&buf[value_start..], &close)?;
    Some((
        buf[value_start..value_start + value_len].to_vec(),
        value_start + value_len + 2,
    ))
}

/// Reads just the first part of a multipart body; when it is `_csrf`, drops it and puts the
/// token in the header. The rest of the body streams on unread.
async fn multipart(req: Request, lower_boundary: &str) -> Result<Request, AppError> {
    let (mut parts, mut body) = req.into_parts();
    // The boundary is case-sensitive: take it from the header as sent.
    let sent = parts
        .headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|ct| {
            let at = ct.to_ascii_lowercase().find(lower_boundary)?;
            ct.get(at..at + lower_boundary.len()).map(str::to_string)
        })
        .unwrap_or_else(|| lower_boundary.to_string());
    let mut buf: Vec<u8> = Vec::new();
    let mut found = None;
    while buf.len() < FIRST_PART_MAX {
        match std::future::poll_fn(|cx| Pin::new(&mut body).poll_frame(cx)).await {
            Some(Ok(frame)) => {
                if let Ok(data) = frame.into_data() {
                    buf.extend_from_slice(&data);
                }
            }
            Some(Err(_)) => return Err(AppError::TooLarge),
            None => break,
        }
        found = first_part(&buf, sent.as_bytes());
        if found.is_some() {
            break;
        }
    }
    if found.is_none() {
        found = first_part(&buf, sent.as_bytes());
    }
    let prefix = match found {
        Some((token, rest_at)) => {
            set_header(&mut parts.headers, &token);
            parts.headers.remove(header::CONTENT_LENGTH);
            Bytes::copy_from_slice(&buf[rest_at..])
        }
        None => Bytes::from(buf),
    };
    Ok(Request::from_parts(
        parts,
        Body::new(Prefixed {
            prefix: Some(prefix),
            rest: body,
        }),
    ))
}

/// A body: bytes already read, then the rest of the original body.
struct Prefixed {
    prefix: Option<Bytes>,
    rest: Body,
}

impl HttpBody for Prefixed {
    type Data = Bytes;
    type Error = axum::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<http_body::Frame<Bytes>, axum::Error>>> {
        if let Some(p) = self.prefix.take()
            && !p.is_empty()
        {
            return Poll::Ready(Some(Ok(http_body::Frame::data(p))));
        }
        Pin::new(&mut self.rest).poll_frame(cx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_values() {
        assert_eq!(percent_decode(b"a%2Bb+c"), b"a+b c");
        assert_eq!(percent_decode(b"%zz%4"), b"%zz%4");
    }

    #[test]
    fn finds_the_first_part_only_when_it_is_the_token() {
        let body = b"--XyZ\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\nabc123\r\n--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.pdf\"\r\n\r\n%PDF";
        let (token, at) = first_part(body, b"XyZ").expect("first part");
        assert_eq!(token, b"abc123");
        assert!(body[at..].starts_with(b"--XyZ\r\nContent-Disposition: form-data; name=\"file\""));
        let other = b"--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"_csrf\"\r\n\r\nx\r\n--XyZ--";
        assert!(first_part(other, b"XyZ").is_none());
        assert!(
            first_part(
                b"--XyZ\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\nabc",
                b"XyZ"
            )
            .is_none()
        );
    }

    #[test]
    fn reads_the_boundary() {
        assert_eq!(
            boundary("multipart/form-data; boundary=\"ab cd\"").as_deref(),
            Some("ab cd")
        );
        assert_eq!(boundary("multipart/form-data"), None);
    }
}
