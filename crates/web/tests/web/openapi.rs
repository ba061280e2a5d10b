//! The OpenAPI document: a reviewed snapshot, and every API route in it.

use axum::http::StatusCode;

use crate::helpers::get;

#[tokio::test]
async fn document_snapshot() {
    let r = get("/api/v1/openapi.json").await;
    assert_eq!(r.status, StatusCode::OK);
    let doc = r.json();
    assert_eq!(doc["openapi"], "3.1.0");
    insta::assert_json_snapshot!("openapi", doc, { ".info.version" => "[version]" });
}

#[tokio::test]
async fn every_route_is_documented() {
    let doc = get("/api/v1/openapi.json").await.json();
    let paths = doc["paths"].as_object().unwrap();
    for (method, path) in [
        ("get", "/api/v1/policies"),
        ("get", "/api/v1/policies/{id}"),
        ("get", "/api/v1/facts"),
        ("post", "/api/v1/eligibility/check"),
        ("post", "/api/v1/eligibility/compare"),
        ("post", "/api/v1/appraisal/preview"),
        ("get", "/api/v1/openapi.json"),
        ("get", "/api/v1/docs"),
        ("get", "/healthz"),
        ("get", "/readyz"),
        ("post", "/api/v1/session"),
        ("delete", "/api/v1/session"),
        ("get", "/api/v1/me"),
        ("get", "/api/v1/accounts"),
        ("get", "/api/v1/calls"),
        ("post", "/api/v1/calls"),
        ("post", "/api/v1/applications"),
        ("get", "/api/v1/applications"),
        ("get", "/api/v1/applications/{id}"),
        ("patch", "/api/v1/applications/{id}"),
        ("post", "/api/v1/applications/{id}/materials/{material_id}"),
        ("post", "/api/v1/applications/{id}/actions"),
        ("post", "/api/v1/applications/{id}/experts"),
        ("post", "/api/v1/applications/{id}/scores"),
        ("post", "/api/v1/experts/conflicts"),
        ("get", "/api/v1/notices"),
        ("post", "/api/v1/applications/{id}/objections"),
        ("post", "/api/v1/applications/{id}/objections/{n}/ruling"),
        ("get", "/api/v1/register"),
        ("get", "/api/v1/register/{space_id}"),
        ("post", "/api/v1/register/{space_id}/statistics"),
        ("post", "/api/v1/register/{space_id}/annual-reports"),
        ("post", "/api/v1/register/{space_id}/changes"),
        ("get", "/api/v1/register/{space_id}/dossier"),
        ("get", "/api/v1/register/{space_id}/filings/{filing_id}"),
        ("post", "/api/v1/register/{space_id}/changes/noted"),
        ("post", "/api/v1/register/{space_id}/revocations"),
        ("post", "/api/v1/register/{space_id}/rectification-reports"),
        ("post", "/api/v1/register/{space_id}/appraisals"),
        ("get", "/api/v1/appraisals"),
        ("post", "/api/v1/fraud-findings"),
        ("get", "/api/v1/fraud-findings"),
        ("post", "/api/v1/statistics-requests"),
        ("post", "/api/v1/register/{space_id}/changes/{n}/review"),
        ("post", "/api/v1/tick"),
        ("get", "/api/v1/audit/{kind}/{id}"),
    ] {
        assert!(
            paths.get(path).and_then(|p| p.get(method)).is_some(),
            "{method} {path} missing from the OpenAPI document"
        );
    }
    // And every documented path answers (no route documented but not served): 200, or 401
    // without credentials where the operation declares a security requirement, or 503 where
    // it documents needing the store (this app has none). Query parameters it requires are
    // given.
    for (path, item) in paths {
        if let Some(op) = item.get("get") {
            let concrete = path
                .replace("{id}", "inner-mongolia-2020")
                .replace("{space_id}", "1")
                .replace("{filing_id}", "1")
                .replace("{kind}", "case");
            let concrete = if path == "/api/v1/calls" {
                format!("{concrete}?measure=anshan-2020")
            } else {
                concrete
            };
            let r = get(&concrete).await;
            let expected = if op.get("security").is_some() {
                StatusCode::UNAUTHORIZED
            } else if op["responses"].get("503").is_some() && r.status != StatusCode::OK {
                StatusCode::SERVICE_UNAVAILABLE
            } else {
                StatusCode::OK
            };
            assert_eq!(r.status, expected, "{concrete}");
        }
    }
    // Every error response names the uniform body.
    for (path, item) in paths {
        for (method, op) in item.as_object().unwrap() {
            for (status, resp) in op["responses"].as_object().unwrap() {
                if status.starts_with('4') {
                    let schema = &resp["content"]["application/json"]["schema"]["$ref"];
                    assert_eq!(
                        schema, "#/components/schemas/ErrorBody",
                        "{method} {path} {status}"
                    );
                }
            }
        }
    }
}

/// Whether `text` holds a Chinese character (CJK Unified Ideographs and Extension A).
fn has_chinese(text: &str) -> bool {
    text.chars()
        .any(|c| matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}'))
}

/// The JSON pointer and text of every `description` and `summary` string under `v` that holds
/// no Chinese character (examples are data, not prose: not read).
fn english(v: &serde_json::Value, pointer: &str, out: &mut Vec<String>) {
    match v {
        serde_json::Value::Object(map) => {
            for (key, value) in map {
                if matches!(key.as_str(), "example" | "examples") {
                    continue;
                }
                let here = format!("{pointer}/{}", key.replace('~', "~0").replace('/', "~1"));
                if matches!(key.as_str(), "description" | "summary")
                    && let Some(text) = value.as_str()
                    && !has_chinese(text)
                {
                    out.push(format!("{here}: {text:?}"));
                }
                english(value, &here, out);
            }
        }
        serde_json::Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                english(item, &format!("{pointer}/{i}"), out);
            }
        }
        _ => {}
    }
}

/// The document speaks Chinese, as the UI and explanations do (English stays in the code and
/// its doc comments): every description and summary holds Chinese, every operation has a
/// summary and every response a description (which OpenAPI requires).
#[tokio::test]
async fn every_description_is_chinese() {
    let doc = get("/api/v1/openapi.json").await.json();
    let mut found = Vec::new();
    english(&doc, "", &mut found);
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            let at = format!("/paths/{}/{method}", path.replace('/', "~1"));
            if op.get("summary").is_none() {
                found.push(format!("{at}/summary: missing"));
            }
            for (status, response) in op["responses"].as_object().unwrap() {
                if response.get("description").is_none() {
                    found.push(format!("{at}/responses/{status}/description: missing"));
                }
            }
        }
    }
    assert!(
        found.is_empty(),
        "{} descriptions or summaries without Chinese (utoipa takes them from doc comments; \
         give each its Chinese: `#[schema(description = …)]`, `summary = …`, or the type's \
         `impl Zh` in crates/web/src/api/zh.rs):\n{}",
        found.len(),
        found.join("\n")
    );
}

#[tokio::test]
async fn readable_page() {
    let r = get("/api/v1/docs").await;
    assert_eq!(r.status, StatusCode::OK);
    let html = r.text();
    assert!(html.contains("lang=\"zh-CN\""));
    for p in [
        "/api/v1/eligibility/check",
        "/api/v1/appraisal/preview",
        "ErrorBody",
    ] {
        assert!(html.contains(p), "{p}");
    }
}
