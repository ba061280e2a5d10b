//! The reference for the load test: a bare axum JSON endpoint on the same runtime settings as
//! `makerspace serve`, so the server's figures can be read against what axum alone does here.
//!
//! `cargo run --release -p web --example reference_server -- 127.0.0.1:18181 [REPORT_FILE]`
//!
//! - `GET /json`: `{"message":"ok"}`, the reference of issue 7.
//! - `POST /same-size`: reads the request body and answers the bytes of `REPORT_FILE` (a saved
//!   self-check report): what any server must do for a self-check of that size with no work at
//!   all, the ceiling the self-check's figure can be read against.

use axum::body::Bytes;
use axum::http::header;
use axum::response::IntoResponse;
use axum::routing::{get, post};
use axum::{Json, Router};

#[tokio::main]
async fn main() {
    let mut args = std::env::args().skip(1);
    let addr = args.next().unwrap_or_else(|| "127.0.0.1:18181".into());
    let report = Bytes::from(match args.next() {
        Some(path) => std::fs::read(&path).expect("report file"),
        None => b"{}".to_vec(),
    });
    let app = Router::new()
        .route(
            "/json",
            get(|| async { Json(serde_json::json!({ "message": "ok" })) }),
        )
        .route(
            "/same-size",
            post(move |body: Bytes| async move {
                std::hint::black_box(body);
                ([(header::CONTENT_TYPE, "application/json")], report.clone()).into_response()
            }),
        );
    let listener = tokio::net::TcpListener::bind(&addr).await.expect("bind");
    axum::serve(listener, app).await.expect("serve");
}
