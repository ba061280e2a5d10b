//! Building the app and sending requests through it.

use std::sync::{Arc, OnceLock};

use axum::Router;
use axum::body::Body;
use axum::http::{HeaderMap, Method, Request, StatusCode};
use http_body_util::BodyExt;
use policy::Library;
use tower::ServiceExt;

/// The embedded policies, loaded once per test binary.
pub fn library() -> Arc<Library> {
    static LIB: OnceLock<Arc<Library>> = OnceLock::new();
    LIB.get_or_init(|| Arc::new(Library::embedded().expect("embedded policies load")))
        .clone()
}

/// The app with the default configuration.
pub fn app() -> Router {
    web::app(web::Config::default(), library())
}

/// A response, read whole.
pub struct Reply {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Vec<u8>,
}

impl Reply {
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&self.body)))
    }
    pub fn text(&self) -> String {
        String::from_utf8(self.body.clone()).expect("utf-8")
    }
}

/// Sends one request.
pub async fn send(app: Router, req: Request<Body>) -> Reply {
    let res = app.oneshot(req).await.expect("infallible");
    let status = res.status();
    let headers = res.headers().clone();
    let body = res
        .into_body()
        .collect()
        .await
        .expect("body")
        .to_bytes()
        .to_vec();
    Reply {
        status,
        headers,
        body,
    }
}

pub async fn get(path: &str) -> Reply {
    without_body(axum::http::Method::GET, path).await
}

/// A request with `method` and no body.
pub async fn without_body(method: axum::http::Method, path: &str) -> Reply {
    without_body_to(app(), method, path).await
}

/// A request with `method` and no body, to `app`.
pub async fn without_body_to(app: Router, method: axum::http::Method, path: &str) -> Reply {
    send(
        app,
        Request::builder()
            .method(method)
            .uri(path)
            .body(Body::empty())
            .unwrap(),
    )
    .await
}

pub async fn post_json(path: &str, body: impl Into<Body>) -> Reply {
    post_json_to(app(), path, body).await
}

/// A JSON body posted to `app`.
pub async fn post_json_to(app: Router, path: &str, body: impl Into<Body>) -> Reply {
    send(
        app,
        Request::builder()
            .method(Method::POST)
            .uri(path)
            .header("content-type", "application/json")
            .body(body.into())
            .unwrap(),
    )
    .await
}

/// A JSON body sent to `app` in a signed-in browser session: `session` is its cookie and its
/// CSRF token, as the pages hand them out.
pub async fn json_in_session(
    app: Router,
    session: &(String, String),
    method: Method,
    path: &str,
    body: serde_json::Value,
) -> Reply {
    send(
        app,
        Request::builder()
            .method(method)
            .uri(path)
            .header("cookie", &session.0)
            .header("x-csrf-token", &session.1)
            .header("content-type", "application/json")
            .body(Body::from(body.to_string()))
            .unwrap(),
    )
    .await
}

pub async fn post_form(path: &str, pairs: &[(&str, &str)], htmx: bool) -> Reply {
    let body = pairs
        .iter()
        .map(|(k, v)| format!("{}={}", enc(k), enc(v)))
        .collect::<Vec<_>>()
        .join("&");
    let mut req = Request::builder()
        .method(Method::POST)
        .uri(path)
        .header("content-type", "application/x-www-form-urlencoded");
    if htmx {
        req = req.header("hx-request", "true");
    }
    send(app(), req.body(Body::from(body)).unwrap()).await
}

/// Percent-encodes a form value.
pub fn enc(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// The example profile of the self-check page (meets the Xinjiang measure).
pub fn example_profile() -> serde_json::Value {
    serde_json::from_str(web::pages::self_check::EXAMPLE).unwrap()
}

/// The example profile as form pairs.
pub fn example_form() -> Vec<(String, String)> {
    let mut sent = web::pages::form::Sent::new();
    web::pages::form::flatten("", &example_profile(), &mut sent);
    sent.into_iter()
        .flat_map(|(k, vs)| vs.into_iter().map(move |v| (k.clone(), v)))
        .collect()
}

/// Replaces 64-hex hashes and hashed asset names, for snapshots.
pub fn redact(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let run = chars[i..]
            .iter()
            .take_while(|c| c.is_ascii_hexdigit())
            .count();
        let word_start = i == 0 || !chars[i - 1].is_ascii_alphanumeric();
        if word_start
            && (run == 64 || run == 10)
            && chars
                .get(i + run)
                .is_none_or(|c| !c.is_ascii_alphanumeric())
        {
            out.push_str(if run == 64 { "[sha256]" } else { "[hash]" });
            i += run;
        } else {
            out.push(chars[i]);
            i += 1;
        }
    }
    out
}

/// The part of a page after the first `from` and before the next `to` (a form's options, a
/// section); panics with the page when `from` is not in it.
pub fn between<'a>(html: &'a str, from: &str, to: &str) -> &'a str {
    html.split_once(from)
        .and_then(|(_, after)| after.split(to).next())
        .unwrap_or_else(|| panic!("no {from} in {html}"))
}

/// The session's `Set-Cookie` header of a sign-in, whole (with its flags).
pub fn set_cookie(r: &Reply) -> String {
    r.headers
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_owned())
        .find(|c| c.starts_with("makerspace_session="))
        .unwrap_or_else(|| panic!("no session cookie: {:?}", r.headers))
}

/// The session cookie of a sign-in as a `Cookie` header sends it (`makerspace_session=…`).
pub fn cookie_of(r: &Reply) -> String {
    set_cookie(r).split(';').next().unwrap().to_owned()
}

/// The `<main>` element of a page (the whole page when it has none).
pub fn main_of(page: &str) -> String {
    let start = page.find("<main").unwrap_or(0);
    let end = page.find("</main>").map_or(page.len(), |e| e + 7);
    page[start..end].to_string()
}

/// Asserts the audit chain of the store is intact.
pub async fn assert_audit_intact(store: &store::Store) {
    let r = store::audit::verify(store.db()).await.unwrap();
    assert!(r.is_intact(), "{:?}", r.first_break);
}

/// Signs in through `POST /api/v1/session`: the session cookie and its CSRF token.
pub async fn api_sign_in(app: &Router, login: &str, password: &str) -> (String, String) {
    let body = serde_json::json!({ "login": login, "password": password }).to_string();
    let r = post_json_to(app.clone(), "/api/v1/session", body).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    let csrf = r.json()["csrf_token"].as_str().unwrap().to_owned();
    (cookie_of(&r), csrf)
}
