//! The answers every operation can give whatever its handler says, added to the OpenAPI
//! document once instead of repeated on each annotation: a JSON body that is not JSON (400),
//! too large (413) or not sent as `application/json` (415), and a path or query parameter that
//! does not parse as its declared type (400). Found missing by the schema-driven fuzz run
//! (`scripts/fuzz-api`), which holds every status code to the document.

use serde_json::{Value, json};

/// The response entry for a status, with the uniform error body.
fn error_response(description: &str) -> Value {
    json!({
        "description": description,
        "content": {
            "application/json": { "schema": { "$ref": "#/components/schemas/ErrorBody" } }
        }
    })
}

/// Adds `status` to `responses` unless the handler documented it itself.
fn add(responses: &mut serde_json::Map<String, Value>, status: &str, description: &str) {
    responses
        .entry(status)
        .or_insert_with(|| error_response(description));
}

fn takes_json(op: &Value) -> bool {
    op.pointer("/requestBody/content/application~1json")
        .is_some()
}

fn has_typed_parameters(op: &Value) -> bool {
    op["parameters"].as_array().is_some_and(|ps| {
        ps.iter()
            .any(|p| matches!(p["in"].as_str(), Some("path" | "query")))
    })
}

/// The document with the common answers added to each operation.
pub fn complete(mut doc: Value) -> Value {
    let Some(paths) = doc.get_mut("paths").and_then(Value::as_object_mut) else {
        return doc;
    };
    for item in paths.values_mut() {
        let Some(item) = item.as_object_mut() else {
            continue;
        };
        for (method, op) in item.iter_mut() {
            if !matches!(method.as_str(), "get" | "post" | "put" | "patch" | "delete") {
                continue;
            }
            let json_body = takes_json(op);
            let params = has_typed_parameters(op);
            let Some(responses) = op.get_mut("responses").and_then(Value::as_object_mut) else {
                continue;
            };
            if json_body {
                add(responses, "400", "请求体不是合法的 JSON");
                add(responses, "413", "请求体过大");
                add(responses, "415", "请求体须为 application/json");
            }
            if params {
                add(responses, "400", "路径或查询参数的格式与类型不符");
            }
        }
    }
    doc
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn adds_what_is_missing_and_keeps_what_is_documented() {
        let doc = json!({ "paths": {
            "/a/{id}": {
                "parameters": [],
                "post": {
                    "parameters": [{ "name": "id", "in": "path" }],
                    "requestBody": { "content": { "application/json": {} } },
                    "responses": { "400": { "description": "自己的说明" } }
                },
                "get": { "responses": { "200": { "description": "ok" } } }
            }
        }});
        let doc = complete(doc);
        let post = &doc["paths"]["/a/{id}"]["post"]["responses"];
        assert_eq!(post["400"]["description"], "自己的说明");
        assert_eq!(
            post["415"]["content"]["application/json"]["schema"]["$ref"],
            "#/components/schemas/ErrorBody"
        );
        assert!(post.get("413").is_some());
        let get = doc["paths"]["/a/{id}"]["get"]["responses"]
            .as_object()
            .unwrap();
        assert_eq!(get.len(), 1, "no body, no parameters: nothing added");
    }
}
