//! The per-organisation upload quota over HTTP, on SQLite and PostgreSQL: an upload that would
//! take the organisation's attachments over the configured total is a 413 naming the quota and
//! the usage, and changes nothing (no blob, no row, no case version, no audit entry); another
//! organisation still has its own room.

use axum::Router;
use axum::body::Body;
use axum::http::{Method, Request, StatusCode};
use serde_json::{Value, json};
use store::{AccountRole, NewOrganisation, Store};
use testkit::web::{account_with_password, admin, cheap_hashing};
use testkit::{TestDb, both_backends};

use crate::helpers::{Reply, example_profile, library, send};

both_backends!(an_upload_over_the_organisation_quota_is_413_and_changes_nothing);

/// An organisation numbered `n` with an applicant holding an API token: (org id, token).
async fn applicant(store: &Store, n: u32) -> (i64, String) {
    let tx = store.begin().await.unwrap();
    let o = store::organisation::create(
        &tx,
        &admin(),
        NewOrganisation {
            credit_code: store::credit_code::complete(&format!("91210300{n:08}")).unwrap(),
            name: format!("鞍山第{n}众创空间运营有限公司"),
            region_code: Some("210302".into()),
        },
    )
    .await
    .unwrap();
    let login = format!("applicant-{n}");
    let a = account_with_password(
        &tx,
        &admin(),
        &login,
        AccountRole::Applicant,
        None,
        Some(o.id),
    )
    .await;
    let token = format!("token-{login}");
    store::api_token::create(&tx, &admin(), a.id, "测试", &store::api_token::hash(&token))
        .await
        .unwrap();
    tx.commit().await.unwrap();
    (o.id, token)
}

async fn call(
    app: &Router,
    method: Method,
    path: &str,
    token: &str,
    ct: &str,
    body: Body,
) -> Reply {
    let req = Request::builder()
        .method(method)
        .uri(path)
        .header("authorization", format!("Bearer {token}"))
        .header("content-type", ct)
        .header("x-filename", "材料.pdf")
        .body(body)
        .unwrap();
    send(app.clone(), req).await
}

/// A draft under Inner Mongolia's measure (which lists materials): (id, first material id).
async fn draft(app: &Router, token: &str) -> (i64, String) {
    let mut profile = example_profile();
    profile["policy"] = json!("anshan-2020");
    profile["operator"]["region"] = json!("210302");
    let body = json!({ "measure": "inner-mongolia-2020", "profile": profile }).to_string();
    let r = call(
        app,
        Method::POST,
        "/api/v1/applications",
        token,
        "application/json",
        body.into(),
    )
    .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    let material = library()
        .get("inner-mongolia-2020")
        .unwrap()
        .measure
        .material[0]
        .id
        .clone();
    (r.json()["id"].as_i64().unwrap(), material)
}

fn pdf(bytes: usize) -> Vec<u8> {
    let mut v = b"%PDF-1.4\n".to_vec();
    v.resize(bytes - 6, b'%');
    v.extend_from_slice(b"\n%%EOF");
    v
}

async fn upload(app: &Router, token: &str, id: i64, material: &str, bytes: usize) -> Reply {
    let path = format!("/api/v1/applications/{id}/materials/{material}");
    call(
        app,
        Method::POST,
        &path,
        token,
        "application/pdf",
        pdf(bytes).into(),
    )
    .await
}

async fn version(app: &Router, token: &str, id: i64) -> i64 {
    let path = format!("/api/v1/applications/{id}");
    let r = call(
        app,
        Method::GET,
        &path,
        token,
        "application/json",
        Body::empty(),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    r.json()["application"]["version"].as_i64().unwrap()
}

async fn an_upload_over_the_organisation_quota_is_413_and_changes_nothing(mut db: TestDb) {
    // The server's setting reaches the store through `Config::store_config`; here the test's
    // store is configured alike.
    let mut config = web::Config::default();
    config.auth.password_hashing = cheap_hashing();
    config.limits.upload_quota_bytes = 3000;
    db.config.attachment_limits.quota_bytes = Some(config.limits.upload_quota_bytes);
    let store = Store::open(&db.config).await.unwrap();
    let app = web::app_with_store(config, library(), Some(store.clone()));
    let (org, token) = applicant(&store, 1).await;
    let (id, material) = draft(&app, &token).await;

    let r = upload(&app, &token, id, &material, 2000).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    let before = (
        version(&app, &token, id).await,
        db.count(&store, "attachment").await,
        db.count(&store, "audit_entry").await,
        db.attachment_files().len(),
    );

    // 2,000 stored + 1,500 sent > 3,000.
    let r = upload(&app, &token, id, &material, 1500).await;
    assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE, "{}", r.text());
    let body: Value = r.json();
    assert_eq!(body["code"], "upload_quota_exceeded");
    assert_eq!(body["field"], "file");
    assert_eq!(
        body["message"],
        "附件「材料.pdf」（1500 字节）未能上传：本单位已存附件 2000 字节，加上本文件将超过每个单位的附件总量上限 3000 字节。请删减或压缩材料后再传，或联系系统管理员调整上限"
    );
    let after = (
        version(&app, &token, id).await,
        db.count(&store, "attachment").await,
        db.count(&store, "audit_entry").await,
        db.attachment_files().len(),
    );
    assert_eq!(after, before, "a refused upload changes nothing");
    assert_eq!(
        store::attachment::used_bytes(store.db(), org)
            .await
            .unwrap(),
        2000
    );

    // What still fits is accepted; another organisation has its own quota.
    let r = upload(&app, &token, id, &material, 1000).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    let (other, other_token) = applicant(&store, 2).await;
    let (other_id, _) = draft(&app, &other_token).await;
    let r = upload(&app, &other_token, other_id, &material, 2500).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    assert_eq!(
        store::attachment::used_bytes(store.db(), org)
            .await
            .unwrap(),
        3000
    );
    assert_eq!(
        store::attachment::used_bytes(store.db(), other)
            .await
            .unwrap(),
        2500
    );

    // At the quota, the same file sent again is accepted: it is stored once and costs nothing.
    let r = upload(&app, &token, id, &material, 2000).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    assert_eq!(
        store::attachment::used_bytes(store.db(), org)
            .await
            .unwrap(),
        3000
    );
}
