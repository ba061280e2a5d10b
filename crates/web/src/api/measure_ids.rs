//! The ids of the measures loaded, as an `enum` in the OpenAPI document: on every `measure`
//! query parameter, and on the `measure` and `policy` properties of request bodies. They come
//! from the policies loaded at start, not from code, so a fifth city's policy file adds its id.
//! A client (and the schema-driven fuzzing) then knows which ids there are; the server answers
//! any other with 422 on a filter and with 404 or 422 in a body.

use serde_json::Value;

/// The request-body properties that name a measure.
const BODY_FIELDS: [&str; 2] = ["measure", "policy"];

/// The document with the ids as the `enum` of each place that names a measure.
pub fn enumerate(mut doc: Value, ids: &[&str]) -> Value {
    let mut bodies = Vec::new();
    if let Some(paths) = doc.get_mut("paths").and_then(Value::as_object_mut) {
        for item in paths.values_mut().filter_map(Value::as_object_mut) {
            for op in item.values_mut().filter_map(Value::as_object_mut) {
                let params = op.get_mut("parameters").and_then(Value::as_array_mut);
                for p in params.into_iter().flatten() {
                    if p["in"] == "query" && p["name"] == "measure" {
                        restrict(&mut p["schema"], ids);
                    }
                }
                if let Some(content) = op.get("requestBody").and_then(|b| b["content"].as_object())
                {
                    bodies.extend(
                        content
                            .values()
                            .filter_map(|c| c["schema"]["$ref"].as_str())
                            .filter_map(|r| r.strip_prefix("#/components/schemas/"))
                            .map(str::to_string),
                    );
                }
            }
        }
    }
    for name in bodies {
        let Some(properties) = doc
            .pointer_mut(&format!("/components/schemas/{name}/properties"))
            .and_then(Value::as_object_mut)
        else {
            continue;
        };
        for field in BODY_FIELDS {
            if let Some(property) = properties.get_mut(field) {
                restrict(property, ids);
            }
        }
    }
    doc
}

/// Sets a string schema's `enum` to `ids` (and `null`, where the schema allows it).
fn restrict(schema: &mut Value, ids: &[&str]) {
    let Some(schema) = schema.as_object_mut() else {
        return;
    };
    let types = schema.get("type").unwrap_or(&Value::Null);
    let nullable = types
        .as_array()
        .is_some_and(|t| t.iter().any(|t| t == "null"));
    let string = types == "string"
        || types
            .as_array()
            .is_some_and(|t| t.iter().any(|t| t == "string"));
    if !string {
        return;
    }
    let mut values: Vec<Value> = ids.iter().map(|id| Value::from(*id)).collect();
    if nullable {
        values.push(Value::Null);
    }
    schema.insert("enum".into(), Value::Array(values));
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::enumerate;

    #[test]
    fn filters_and_request_bodies_list_the_ids_and_answers_do_not() {
        let doc = json!({
            "paths": { "/a": {
                "parameters": [],
                "summary": "path-level members are left alone",
                "get": { "parameters": [
                    { "name": "measure", "in": "query", "schema": { "type": ["string", "null"] } },
                    { "name": "state", "in": "query", "schema": { "type": "string" } }
                ] },
                "post": {
                    "requestBody": { "content": { "application/json": {
                        "schema": { "$ref": "#/components/schemas/Body" } } } },
                    "responses": { "200": { "content": { "application/json": {
                        "schema": { "$ref": "#/components/schemas/Answer" } } } } }
                }
            } },
            "components": { "schemas": {
                "Body": { "properties": {
                    "measure": { "type": "string" },
                    "policy": { "type": ["string", "null"] },
                    "as_of": { "type": "string" }
                } },
                "Answer": { "properties": { "measure": { "type": "string" } } }
            } }
        });
        let doc = enumerate(doc, &["a-2020", "b-2019"]);
        let params = &doc["paths"]["/a"]["get"]["parameters"];
        assert_eq!(
            params[0]["schema"]["enum"],
            json!(["a-2020", "b-2019", null])
        );
        assert!(params[1]["schema"].get("enum").is_none());
        let body = &doc["components"]["schemas"]["Body"]["properties"];
        assert_eq!(body["measure"]["enum"], json!(["a-2020", "b-2019"]));
        assert_eq!(body["policy"]["enum"], json!(["a-2020", "b-2019", null]));
        assert!(body["as_of"].get("enum").is_none());
        let answer = &doc["components"]["schemas"]["Answer"]["properties"];
        assert!(answer["measure"].get("enum").is_none());
    }
}
