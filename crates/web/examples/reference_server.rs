//! The reference for the load test: a bare axum JSON endpoint on the same runtime settings as
//! `makerspace serve`, so the server's figures can be read against what axum alone does here.
//!
//! `cargo run --release -p web --example reference_server -- 127.0.0.1:18181`

use axum::{Json, Router, routing::get};

#[tokio::main]
async fn main() {
    let addr = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "127.0.0.1:18181".into());
    let app = Router::new().route(
        "/json",
        get(|| async { Json(serde_json::json!({ "message": "ok" })) }),
    );
    let listener = tokio::net::TcpListener::bind(&addr).await.expect("bind");
    axum::serve(listener, app).await.expect("serve");
}
