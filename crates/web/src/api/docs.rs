//! The OpenAPI document (`/api/v1/openapi.json`) and a readable page of it (`/api/v1/docs`),
//! rendered by our own template: no Swagger UI, nothing downloaded.

use axum::Json;
use axum::extract::State;
use axum::response::Html;
use serde::Serialize;
use serde_json::Value;

use minijinja::value::Serde;

use crate::error::AppError;
use crate::pages::render;
use crate::state::AppState;

/// The OpenAPI 3.1 document.
#[utoipa::path(get, path = "/api/v1/openapi.json", tag = "meta",
    summary = "OpenAPI 3.1 文档。",
    responses((status = 200, description = "OpenAPI 3.1 文档", content_type = "application/json")))]
pub async fn openapi_json(State(state): State<AppState>) -> Json<Value> {
    Json(state.openapi.clone())
}

#[derive(Serialize)]
struct Param {
    name: String,
    location: String,
    description: String,
}

#[derive(Serialize)]
struct Reply {
    status: String,
    description: String,
    schema: String,
    link: bool,
}

#[derive(Serialize)]
struct Endpoint {
    method: String,
    path: String,
    anchor: String,
    tag: String,
    summary: String,
    description: String,
    params: Vec<Param>,
    request: String,
    responses: Vec<Reply>,
}

#[derive(Serialize)]
struct Property {
    name: String,
    ty: String,
    required: bool,
    description: String,
}

#[derive(Serialize)]
struct SchemaView {
    name: String,
    description: String,
    properties: Vec<Property>,
}

fn text(v: &Value, key: &str) -> String {
    v.get(key)
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string()
}

/// A schema's type in a few words (`string`, `PolicySummary`, `array of ConditionDoc`).
fn type_of(s: &Value) -> String {
    if let Some(r) = s.get("$ref").and_then(Value::as_str) {
        return r.rsplit('/').next().unwrap_or(r).to_string();
    }
    if let Some(one) = s.get("oneOf").and_then(Value::as_array) {
        return one.iter().map(type_of).collect::<Vec<_>>().join(" | ");
    }
    let ty = match s.get("type") {
        Some(Value::String(t)) => t.clone(),
        Some(Value::Array(ts)) => ts
            .iter()
            .filter_map(Value::as_str)
            .collect::<Vec<_>>()
            .join(" | "),
        _ => "any".into(),
    };
    if ty.starts_with("array")
        && let Some(items) = s.get("items")
    {
        return format!("{ty} of {}", type_of(items));
    }
    ty
}

fn body_schema(content: Option<&Value>) -> String {
    content
        .and_then(Value::as_object)
        .and_then(|c| c.values().next())
        .and_then(|m| m.get("schema"))
        .map(type_of)
        .unwrap_or_default()
}

fn endpoints(doc: &Value) -> Vec<Endpoint> {
    let mut out = Vec::new();
    let Some(paths) = doc.get("paths").and_then(Value::as_object) else {
        return out;
    };
    for (path, item) in paths {
        let Some(item) = item.as_object() else {
            continue;
        };
        for (method, op) in item {
            out.push(Endpoint {
                method: method.to_uppercase(),
                path: path.clone(),
                anchor: format!("{method}{}", path.replace(['/', '{', '}', '.'], "-")),
                tag: op
                    .get("tags")
                    .and_then(|t| t.get(0))
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .to_string(),
                summary: text(op, "summary"),
                description: text(op, "description"),
                params: op
                    .get("parameters")
                    .and_then(Value::as_array)
                    .map(|ps| {
                        ps.iter()
                            .map(|p| Param {
                                name: text(p, "name"),
                                location: text(p, "in"),
                                description: text(p, "description"),
                            })
                            .collect()
                    })
                    .unwrap_or_default(),
                request: op
                    .get("requestBody")
                    .map(|b| body_schema(b.get("content")))
                    .unwrap_or_default(),
                responses: op
                    .get("responses")
                    .and_then(Value::as_object)
                    .map(|rs| {
                        rs.iter()
                            .map(|(status, r)| Reply {
                                status: status.clone(),
                                description: text(r, "description"),
                                schema: body_schema(r.get("content")),
                                link: false,
                            })
                            .collect()
                    })
                    .unwrap_or_default(),
            });
        }
    }
    out
}

fn schemas(doc: &Value) -> Vec<SchemaView> {
    let Some(all) = doc
        .pointer("/components/schemas")
        .and_then(Value::as_object)
    else {
        return Vec::new();
    };
    all.iter()
        .map(|(name, s)| {
            let required: Vec<&str> = s
                .get("required")
                .and_then(Value::as_array)
                .map(|r| r.iter().filter_map(Value::as_str).collect())
                .unwrap_or_default();
            SchemaView {
                name: name.clone(),
                description: text(s, "description"),
                properties: s
                    .get("properties")
                    .and_then(Value::as_object)
                    .map(|ps| {
                        ps.iter()
                            .map(|(p, v)| Property {
                                name: p.clone(),
                                ty: type_of(v),
                                required: required.contains(&p.as_str()),
                                description: text(v, "description"),
                            })
                            .collect()
                    })
                    .unwrap_or_default(),
            }
        })
        .collect()
}

/// A readable page of the API, rendered from the OpenAPI document.
#[utoipa::path(get, path = "/api/v1/docs", tag = "meta",
    summary = "接口说明的可读页面，由 OpenAPI 文档生成。",
    responses((status = 200, description = "接口说明页面（HTML）", content_type = "text/html")))]
pub async fn page(State(state): State<AppState>) -> Result<Html<String>, AppError> {
    let doc = &state.openapi;
    let mut endpoints = endpoints(doc);
    let schemas = schemas(doc);
    for r in endpoints.iter_mut().flat_map(|e| e.responses.iter_mut()) {
        r.link = schemas.iter().any(|s| s.name == r.schema);
    }
    render(
        &state,
        "api_docs.html",
        minijinja::context! {
            title => "接口说明",
            nav => "api",
            api_title => doc.pointer("/info/title").and_then(Value::as_str).unwrap_or_default(),
            api_description => doc.pointer("/info/description").and_then(Value::as_str).unwrap_or_default(),
            api_version => doc.pointer("/info/version").and_then(Value::as_str).unwrap_or_default(),
            openapi_version => doc.get("openapi").and_then(Value::as_str).unwrap_or_default(),
            endpoints => Serde(endpoints),
            schemas => Serde(schemas),
        },
    )
    .map(Html)
}
