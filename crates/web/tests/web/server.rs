//! A real server on 127.0.0.1:0 over TCP: requests answered, and graceful shutdown letting an
//! in-flight request finish.

use std::time::Duration;

use crate::helpers::{app, example_profile};

#[tokio::test]
async fn serves_over_tcp_and_shuts_down_gracefully() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(web::serve_on(
        listener,
        app(),
        async {
            let _ = rx.await;
        },
        Duration::from_secs(5),
    ));
    let client = reqwest::Client::new();
    let base = format!("http://{addr}");
    let r = client.get(format!("{base}/healthz")).send().await.unwrap();
    assert_eq!(r.status(), 200);
    assert!(r.headers().contains_key("x-request-id"));
    let r = client
        .post(format!("{base}/api/v1/eligibility/check"))
        .json(&example_profile())
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let body: serde_json::Value = r.json().await.unwrap();
    assert_eq!(body["verdict"], "eligible");
    let r = client
        .post(format!("{base}/api/v1/eligibility/check"))
        .header("content-type", "application/json")
        .body("x".repeat(1024 * 1024))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 413);
    tx.send(()).unwrap();
    tokio::time::timeout(Duration::from_secs(10), server)
        .await
        .expect("server stops")
        .unwrap()
        .unwrap();
}
