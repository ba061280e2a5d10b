//! The static assets, embedded: the vendored htmx, the hand-written stylesheet and page script. Each is
//! served under a name carrying its content hash with a one-year immutable cache, and under its
//! plain name with a short one.

use std::sync::OnceLock;

use axum::Router;
use axum::extract::Path;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use sha2::{Digest, Sha256};

use crate::state::AppState;

/// htmx 2.0.11 from the npm registry (see `assets/VENDORED.md`).
pub const HTMX: &[u8] = include_bytes!("../assets/htmx.min.js");
/// The stylesheet.
pub const CSS: &[u8] = include_bytes!("../assets/app.css");
/// The page script (upload progress); pages work without it.
pub const JS: &[u8] = include_bytes!("../assets/app.js");

/// One embedded asset.
#[derive(Debug)]
pub struct Asset {
    /// The plain file name.
    pub name: &'static str,
    /// The name with the content hash (`htmx.0123abcd.min.js`).
    pub hashed: String,
    /// The bytes.
    pub bytes: &'static [u8],
    /// The content type.
    pub content_type: &'static str,
    /// The full sha256, hex.
    pub sha256: String,
}

fn asset(name: &'static str, bytes: &'static [u8], content_type: &'static str) -> Asset {
    let sha256 = hex::encode(Sha256::digest(bytes));
    let (stem, ext) = name.split_once('.').unwrap_or((name, ""));
    Asset {
        name,
        hashed: format!("{stem}.{}.{ext}", &sha256[..10]),
        bytes,
        content_type,
        sha256,
    }
}

/// Every asset.
pub fn all() -> &'static [Asset] {
    static ALL: OnceLock<Vec<Asset>> = OnceLock::new();
    ALL.get_or_init(|| {
        vec![
            asset("htmx.min.js", HTMX, "text/javascript; charset=utf-8"),
            asset("app.css", CSS, "text/css; charset=utf-8"),
            asset("app.js", JS, "text/javascript; charset=utf-8"),
        ]
    })
}

/// The URL of an asset by plain name (hashed, for the long cache).
pub fn url(name: &str) -> String {
    all().iter().find(|a| a.name == name).map_or_else(
        || format!("/assets/{name}"),
        |a| format!("/assets/{}", a.hashed),
    )
}

async fn serve(Path(file): Path<String>) -> Response {
    for a in all() {
        let cache = if file == a.hashed {
            "public, max-age=31536000, immutable"
        } else if file == a.name {
            "public, max-age=300"
        } else {
            continue;
        };
        return (
            [
                (header::CONTENT_TYPE, a.content_type),
                (header::CACHE_CONTROL, cache),
            ],
            a.bytes,
        )
            .into_response();
    }
    crate::error::AppError::NotFound {
        message: "没有这个文件".into(),
        field: None,
    }
    .into_response()
}

/// The asset routes.
pub fn router() -> Router<AppState> {
    Router::new().route("/assets/{file}", get(serve))
}
