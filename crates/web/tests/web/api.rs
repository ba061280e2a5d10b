//! The JSON API: every endpoint, and bad input of every kind.

use axum::body::Body;
use axum::http::{Method, Request, StatusCode};

use crate::helpers::{app, example_profile, get, post_json, send, without_body};

fn assert_error(body: &serde_json::Value, code: &str) {
    assert_eq!(body["code"], code, "{body}");
    assert!(
        body["message"].as_str().is_some_and(|m| !m.is_empty()),
        "{body}"
    );
    assert!(body.get("field").is_some(), "{body}");
}

#[tokio::test]
async fn health_and_readiness() {
    let r = get("/healthz").await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.json()["status"], "ok");
    let r = get("/readyz").await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.json()["policies"], 4);
}

#[tokio::test]
async fn security_headers_and_request_id() {
    // A public route, a page, a route's error and an error of a layer (the method) all carry them.
    let profile = example_profile();
    for r in [
        get("/api/v1/policies").await,
        post_json("/api/v1/eligibility/check", profile.to_string()).await,
        get("/").await,
        get("/api/v1/no-such-thing").await,
        without_body(Method::DELETE, "/api/v1/policies").await,
    ] {
        let h = &r.headers;
        let csp = h["content-security-policy"].to_str().unwrap();
        assert!(csp.contains("default-src 'none'") && csp.contains("frame-ancestors 'none'"));
        assert!(!csp.contains("http"), "no outside source: {csp}");
        assert_eq!(h["x-content-type-options"], "nosniff");
        assert_eq!(h["referrer-policy"], "no-referrer");
        assert_eq!(h["x-frame-options"], "DENY");
        assert_eq!(h["cross-origin-opener-policy"], "same-origin");
        assert!(h.contains_key("permissions-policy"));
        assert!(h.contains_key("x-request-id"));
    }
    // A given request id is kept.
    let r = send(
        app(),
        Request::builder()
            .uri("/healthz")
            .header("x-request-id", "abc-123")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(r.headers["x-request-id"], "abc-123");
}

#[tokio::test]
async fn policies_list_and_show() {
    let r = get("/api/v1/policies").await;
    assert_eq!(r.status, StatusCode::OK);
    let list = r.json();
    let ids: Vec<&str> = list["policies"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids.len(), 4);
    for id in ids {
        let r = get(&format!("/api/v1/policies/{id}")).await;
        assert_eq!(r.status, StatusCode::OK, "{id}");
        let body = r.json();
        assert_eq!(body["summary"]["id"], id);
        assert!(
            body["measure"]["condition"]
                .as_array()
                .is_some_and(|c| !c.is_empty())
        );
    }
    let r = get("/api/v1/policies/no-such-measure").await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert_error(&r.json(), "not_found");
}

#[tokio::test]
async fn facts() {
    let r = get("/api/v1/facts").await;
    assert_eq!(r.status, StatusCode::OK);
    let body = r.json();
    let region = body["facts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["name"] == "operator.region")
        .expect("operator.region");
    assert_eq!(region["type"], "region");
    assert!(!region["used_by"].as_array().unwrap().is_empty());
    assert!(!body["appraisal_inputs"].as_array().unwrap().is_empty());
}

#[tokio::test]
async fn eligibility_check_named_and_by_region() {
    let mut p = example_profile();
    p["policy"] = "xinjiang-2019".into();
    let r = post_json("/api/v1/eligibility/check", p.to_string()).await;
    assert_eq!(r.status, StatusCode::OK);
    let report = r.json();
    assert_eq!(report["schema"], "makerspace.eligibility/1");
    assert_eq!(report["verdict"], "eligible");
    assert_eq!(report["receipt"]["policy_id"], "xinjiang-2019");
    // Without a policy: the one in force for the region (650102 is in Xinjiang).
    let r = post_json("/api/v1/eligibility/check", example_profile().to_string()).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.json()["receipt"]["policy_id"], "xinjiang-2019");
    // Against another measure: a full report, not an error.
    let mut p = example_profile();
    p["policy"] = "inner-mongolia-2020".into();
    let r = post_json("/api/v1/eligibility/check", p.to_string()).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_ne!(r.json()["verdict"], "eligible");
}

/// A body JSON allows but a parsed object cannot show: the same group twice. The self-check
/// reads it as `serde_json` reads it (the later group replaces the earlier one whole), so the
/// answer is that of the body with the later group only; a valid body gives the same report
/// whichever reader reads it.
#[tokio::test]
async fn eligibility_repeated_group_reads_as_the_last_one() {
    let p = example_profile();
    let text = p.to_string();
    let premises = p["premises"].to_string();
    // The example's premises first, then a group that leaves out all but the total area.
    let twice = format!(
        "{}, \"premises\": {{\"total_area_m2\": {}}}}}",
        text.strip_suffix('}').unwrap(),
        p["premises"]["total_area_m2"]
    );
    assert!(twice.contains(&premises));
    let mut last_only = p.clone();
    last_only["premises"] = serde_json::json!({ "total_area_m2": p["premises"]["total_area_m2"] });
    let r = post_json("/api/v1/eligibility/check", twice).await;
    let expected = post_json("/api/v1/eligibility/check", last_only.to_string()).await;
    assert_eq!(r.status, expected.status);
    assert_eq!(r.json(), expected.json());
    assert_ne!(
        r.json()["verdict"],
        "eligible",
        "the later group left facts out"
    );
    let whole = post_json("/api/v1/eligibility/check", text).await;
    assert_eq!(whole.json()["verdict"], "eligible");
}

#[tokio::test]
async fn eligibility_unknown_policy_is_404() {
    let mut p = example_profile();
    p["policy"] = "atlantis-2030".into();
    let r = post_json("/api/v1/eligibility/check", p.to_string()).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    let body = r.json();
    assert_error(&body, "not_found");
    assert_eq!(body["field"], "policy");
}

#[tokio::test]
async fn eligibility_bad_profile_lists_every_field() {
    let body = serde_json::json!({
        "as_of": "2024-02-30",
        "mentors": "five",
        "operator": { "legal_persn": true, "region": 150102 },
        "premises": { "total_area_m2": -5 }
    });
    let r = post_json("/api/v1/eligibility/check", body.to_string()).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let body = r.json();
    assert_error(&body, "invalid_input");
    let fields: Vec<&str> = body["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    for f in [
        "as_of",
        "mentors",
        "operator.legal_persn",
        "operator.region",
        "premises.total_area_m2",
    ] {
        assert!(fields.contains(&f), "{f} not in {fields:?}");
    }
}

#[tokio::test]
async fn no_policy_and_no_region_is_422() {
    let r = post_json("/api/v1/eligibility/check", r#"{"as_of":"2024-06-30"}"#).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(r.json()["field"], "operator.region");
}

#[tokio::test]
async fn malformed_json_is_400() {
    for body in [r#"{"as_of": "#, "not json", r#"{"a":1} trailing"#] {
        let r = post_json("/api/v1/eligibility/check", body).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{body}");
        assert_error(&r.json(), "invalid_json");
    }
}

#[tokio::test]
async fn wrong_content_type_is_415() {
    let r = send(
        app(),
        Request::builder()
            .method(Method::POST)
            .uri("/api/v1/eligibility/check")
            .header("content-type", "text/plain")
            .body(Body::from("{}"))
            .unwrap(),
    )
    .await;
    assert_eq!(r.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert_error(&r.json(), "unsupported_media_type");
}

#[tokio::test]
async fn huge_body_is_413() {
    let huge = format!(
        r#"{{"as_of":"2024-06-30","x":"{}"}}"#,
        "a".repeat(2 * 1024 * 1024)
    );
    for path in [
        "/api/v1/eligibility/check",
        "/api/v1/eligibility/compare",
        "/api/v1/appraisal/preview",
    ] {
        let r = post_json(path, huge.clone()).await;
        assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE, "{path}");
        assert_error(&r.json(), "payload_too_large");
    }
}

#[tokio::test]
async fn compare_all_measures() {
    let r = post_json("/api/v1/eligibility/compare", example_profile().to_string()).await;
    assert_eq!(r.status, StatusCode::OK);
    let body = r.json();
    assert_eq!(body["schema"], "makerspace.compare/1");
    let results = body["results"].as_array().unwrap();
    assert_eq!(results.len(), 4);
    assert!(
        results
            .iter()
            .any(|r| r["policy"] == "xinjiang-2019" && r["report"]["verdict"] == "eligible")
    );
}

/// A comparison checks every measure in force, whatever the profile names; a name that is no
/// measure's is refused as the check refuses it (404 on `policy`), not silently passed over.
#[tokio::test]
async fn compare_refuses_a_measure_that_does_not_exist() {
    let mut profile = example_profile();
    profile["policy"] = "no-such-2099".into();
    for path in ["/api/v1/eligibility/check", "/api/v1/eligibility/compare"] {
        let r = post_json(path, profile.to_string()).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{path}: {}", r.text());
        assert_eq!(r.json()["field"], "policy", "{path}");
    }
}

#[tokio::test]
async fn appraisal_preview() {
    let body = serde_json::json!({
        "policy": "inner-mongolia-2020",
        "input": { "total_area_m2": 1200, "workstations": 80, "mentors": 6 }
    });
    let r = post_json("/api/v1/appraisal/preview", body.to_string()).await;
    assert_eq!(r.status, StatusCode::OK);
    let result = r.json();
    assert_eq!(result["schema"], "makerspace.appraisal/1");
    assert!(result["items"].as_array().is_some_and(|i| !i.is_empty()));
    assert!(result["total"].is_number());
}

#[tokio::test]
async fn appraisal_bad_input() {
    // Unknown top-level field and wrong type: 422 naming the field.
    let r = post_json(
        "/api/v1/appraisal/preview",
        r#"{"policy":"inner-mongolia-2020","input":{},"extra":1}"#,
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.json()["message"].as_str().unwrap().contains("extra"));
    let r = post_json("/api/v1/appraisal/preview", r#"{"policy":5,"input":{}}"#).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(r.json()["field"], "policy");
    let r = post_json("/api/v1/appraisal/preview", r#"{"input":{}}"#).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    // Input errors, each named under input.
    let r = post_json(
        "/api/v1/appraisal/preview",
        r#"{"policy":"inner-mongolia-2020","input":{"total_area_m2":"big","mentorz":3}}"#,
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let fields: Vec<String> = r.json()["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap().to_string())
        .collect();
    assert!(
        fields.contains(&"input.total_area_m2".to_string()),
        "{fields:?}"
    );
    assert!(fields.contains(&"input.mentorz".to_string()), "{fields:?}");
    // Unknown measure: 404.
    let r = post_json(
        "/api/v1/appraisal/preview",
        r#"{"policy":"atlantis","input":{}}"#,
    )
    .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn unknown_route_and_method() {
    let r = get("/api/v1/nothing-here").await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert_error(&r.json(), "not_found");
    let r = without_body(Method::DELETE, "/api/v1/policies").await;
    assert_eq!(r.status, StatusCode::METHOD_NOT_ALLOWED);
    assert_error(&r.json(), "method_not_allowed");
}
