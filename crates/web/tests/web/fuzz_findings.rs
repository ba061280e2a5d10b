//! What the schema-driven fuzz run (`scripts/fuzz-api`, schemathesis) found, each kept fixed:
//! - paging parameters out of their documented range were silently clamped (and values past
//!   the int64 the document declared were accepted): now 422 naming the parameter;
//! - answers the document did not list: 400 for malformed JSON or an unparsable path or query
//!   parameter, 413, 415 for a body that is not JSON, 400 for signing out with an API token;
//! - input the document allowed and the server refused (schemathesis' "schema validation
//!   mismatch"): the sort keys, statuses, actions and conflict kinds are now patterns in the
//!   document, required text has a minimum length, years the bounds of their type, an
//!   objection's target its two shapes; and a self-check's optional `reviews`, `history`,
//!   `application` or `policy` given as `null` now counts as not given, as the document says.

use axum::body::Body;
use axum::http::{Method, Request, StatusCode};
use serde_json::Value;
use store::{AccountRole, Store};
use testkit::web::{account_with_password, admin, cheap_hashing};
use testkit::{TestDb, both_backends};

use crate::helpers::{Reply, get, library, post_json_to, send, without_body_to};

both_backends!(paging_out_of_range_is_422_naming_the_parameter);

async fn paging_out_of_range_is_422_naming_the_parameter(db: TestDb) {
    let store = Store::open(&db.config).await.unwrap();
    let tx = store.begin().await.unwrap();
    let a = account_with_password(
        &tx,
        &admin(),
        "authority",
        AccountRole::Authority,
        None,
        None,
    )
    .await;
    store::api_token::create(&tx, &admin(), a.id, "测试", &store::api_token::hash("tok"))
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let mut config = web::Config::default();
    config.auth.password_hashing = cheap_hashing();
    let app = web::app_with_store(config, library(), Some(store));
    let get = |path: &str| {
        let req = Request::builder()
            .uri(path)
            .header("authorization", "Bearer tok")
            .body(Body::empty())
            .unwrap();
        send(app.clone(), req)
    };
    for list in ["/api/v1/register", "/api/v1/applications"] {
        for (query, field) in [
            ("per_page=101", "per_page"),
            ("per_page=0", "per_page"),
            ("page=0", "page"),
            ("page=-3", "page"),
        ] {
            let r: Reply = get(&format!("{list}?{query}")).await;
            assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{list}?{query}");
            assert_eq!(r.json()["field"], field, "{list}?{query}");
        }
        // Past the declared int64: not a number of this type at all.
        let r = get(&format!("{list}?per_page=9223372036854775808")).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{list}");
        let r = get(&format!("{list}?page=2&per_page=100")).await;
        assert_eq!(r.status, StatusCode::OK, "{list}: {}", r.text());
        assert_eq!(r.json()["per_page"], 100);
        // The last page number of the type: an offset past any database's, so an empty page
        // (found by schemathesis: it was a 500 from the SQL driver).
        let r = get(&format!("{list}?page=9223372036854775807&per_page=100")).await;
        assert_eq!(r.status, StatusCode::OK, "{list}: {}", r.text());
        assert_eq!(r.json()["items"], serde_json::json!([]), "{list}");
    }
}

/// The document lists every answer the fuzz run saw; the server gives them.
#[tokio::test]
async fn common_answers_are_documented_and_given() {
    let doc = get("/api/v1/openapi.json").await.json();
    let responses =
        |path: &str, method: &str| -> Value { doc["paths"][path][method]["responses"].clone() };
    for (path, method) in [
        ("/api/v1/session", "post"),
        ("/api/v1/calls", "post"),
        ("/api/v1/applications/{id}/experts", "post"),
        ("/api/v1/register/{space_id}/statistics", "post"),
    ] {
        let r = responses(path, method);
        for status in ["400", "413", "415"] {
            assert_eq!(
                r[status]["content"]["application/json"]["schema"]["$ref"],
                "#/components/schemas/ErrorBody",
                "{method} {path} {status}"
            );
        }
    }
    assert!(responses("/api/v1/applications/{id}", "get")["400"].is_object());
    assert!(responses("/api/v1/session", "delete")["400"].is_object());
    // And the server answers so: not JSON → 415, broken JSON → 400, both uniform bodies.
    let app = crate::helpers::app();
    let post = |ct: &'static str, body: &'static str| {
        send(
            app.clone(),
            Request::builder()
                .method(Method::POST)
                .uri("/api/v1/eligibility/check")
                .header("content-type", ct)
                .body(Body::from(body))
                .unwrap(),
        )
    };
    let r = post("text/plain", "x").await;
    assert_eq!(r.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert_eq!(r.json()["code"], "unsupported_media_type");
    let r = post("application/json", "\u{0}").await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert_eq!(r.json()["code"], "invalid_json");
}

both_backends!(what_the_document_allows_the_server_takes_and_what_it_forbids_is_refused);

async fn what_the_document_allows_the_server_takes_and_what_it_forbids_is_refused(db: TestDb) {
    let store = Store::open(&db.config).await.unwrap();
    let app = web::app_with_store(web::Config::default(), library(), Some(store));
    let get = |path: &'static str| without_body_to(app.clone(), Method::GET, path);
    let doc = get("/api/v1/openapi.json").await.json();
    let param = |path: &str, name: &str| -> Value {
        doc["paths"][path]["get"]["parameters"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["name"] == name)
            .unwrap()["schema"]
            .clone()
    };
    assert_eq!(
        param("/api/v1/register", "sort")["pattern"],
        "^-?(id|name|recognised_on)$"
    );
    assert_eq!(param("/api/v1/calls", "measure")["minLength"], 1);
    let schema = |name: &str| doc["components"]["schemas"][name].clone();
    assert_eq!(
        schema("LoginRequest")["properties"]["login"]["minLength"],
        1
    );
    assert_eq!(
        schema("ObjectionTargetDoc")["oneOf"]
            .as_array()
            .unwrap()
            .len(),
        2
    );
    let r = get("/api/v1/register?sort=-name").await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let r = get("/api/v1/register?sort=").await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text());
    assert_eq!(r.json()["field"], "sort");
    let r = get("/api/v1/calls?measure=").await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text());
    assert_eq!(r.json()["field"], "measure");
    // A self-check whose optional keys are null: the document marks them nullable, and the
    // server reads them as not given.
    let body = serde_json::json!({
        "as_of": "2024-06-30",
        "policy": "xinjiang-2019",
        "reviews": null,
        "history": null,
        "application": null,
        "premises": {"total_area_m2": 800}
    });
    let r = post_json_to(app.clone(), "/api/v1/eligibility/check", body.to_string()).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    assert_eq!(r.json()["receipt"]["policy_id"], "xinjiang-2019");
}
