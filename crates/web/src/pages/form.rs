//! Form fields built from the fact dictionary: one input per fact by its type, the values as
//! typed kept, the errors beside their fields, and the typed values turned into JSON for the
//! engines.

use std::collections::BTreeMap;

use axum::http::StatusCode;
use policy::facts::{FactDef, FactType};
use serde::Serialize;
use serde_json::{Map, Value};

use crate::error::FieldError;

/// One choice of a select or checkbox group.
#[derive(Debug, Clone, Serialize)]
pub struct Opt {
    /// The value sent.
    pub id: String,
    /// The label shown.
    pub label: String,
}

/// One form field.
#[derive(Debug, Clone, Serialize)]
pub struct Field {
    /// The submitted name (the fact's dotted name).
    pub name: String,
    /// The element id.
    pub id: String,
    /// The label.
    pub label: String,
    /// The explanation under the field.
    pub hint: String,
    /// `number`, `integer`, `bool`, `date`, `enum`, `set`, `region`, `text`.
    pub kind: &'static str,
    /// The unit shown after the input.
    pub unit: String,
    /// Choices of enum and set fields.
    pub choices: Vec<Opt>,
    /// The value as typed (single-valued fields).
    pub value: String,
    /// The values ticked (set fields).
    pub values: Vec<String>,
    /// The error to show beside the field.
    pub error: Option<String>,
}

/// A titled group of fields.
#[derive(Debug, Clone, Serialize)]
pub struct Group {
    /// The group's title.
    pub title: String,
    /// Its fields.
    pub fields: Vec<Field>,
}

fn kind(ty: FactType) -> &'static str {
    match ty {
        FactType::Number => "number",
        FactType::Integer => "integer",
        FactType::Bool => "bool",
        FactType::Date => "date",
        FactType::Enum => "enum",
        FactType::Set => "set",
        FactType::Region => "region",
        FactType::Text | FactType::CreditCode => "text",
    }
}

/// The element id for a name.
pub fn element_id(name: &str) -> String {
    format!("f-{}", name.replace(['.', '_'], "-"))
}

/// A field for a fact.
pub fn field(def: &FactDef) -> Field {
    Field {
        name: def.name.as_str().to_string(),
        id: element_id(def.name.as_str()),
        label: def.label.clone(),
        hint: def.meaning.clone(),
        kind: kind(def.ty),
        unit: def.display_unit().to_string(),
        choices: def
            .choices
            .iter()
            .map(|c| Opt {
                id: c.id.clone(),
                label: c.label.clone(),
            })
            .collect(),
        value: String::new(),
        values: Vec::new(),
        error: None,
    }
}

/// What a form sent, by name (repeated names kept in order).
pub type Sent = BTreeMap<String, Vec<String>>;

/// A multipart form as sent: its text fields, its non-empty `file` parts (content and file
/// name, `unnamed` when the browser gave none) in order, and an error on `file` for a part or a
/// body that did not arrive whole (over the size limit, or the connection dropped).
pub async fn read_multipart(
    mut multipart: axum::extract::Multipart,
    unnamed: &str,
) -> (Sent, Vec<(Vec<u8>, String)>, Vec<FieldError>) {
    let mut sent = Sent::new();
    let mut files = Vec::new();
    let mut errors = Vec::new();
    let broken = |what: &str| FieldError {
        field: "file".into(),
        message: format!("{what}未能完整上传，可能超过大小限制，请重试"),
    };
    loop {
        match multipart.next_field().await {
            Ok(Some(field)) => {
                let name = field.name().unwrap_or_default().to_string();
                if name == "file" {
                    let file_name = field.file_name().unwrap_or(unnamed).to_string();
                    match field.bytes().await {
                        Ok(b) if !b.is_empty() => files.push((b.to_vec(), file_name)),
                        Ok(_) => {}
                        Err(_) => errors.push(broken(unnamed)),
                    }
                } else if let Ok(t) = field.text().await {
                    sent.entry(name).or_default().push(t);
                }
            }
            Ok(None) => break,
            Err(_) => {
                errors.push(broken("表单"));
                break;
            }
        }
    }
    (sent, files, errors)
}

/// Groups the pairs of a form by name.
pub fn sent(pairs: Vec<(String, String)>) -> Sent {
    let mut out = Sent::new();
    for (k, v) in pairs {
        out.entry(k).or_default().push(v);
    }
    out
}

/// The first value sent under a name, trimmed.
pub fn first<'a>(sent: &'a Sent, name: &str) -> &'a str {
    sent.get(name)
        .and_then(|v| v.first())
        .map_or("", |s| s.trim())
}

/// A date typed under `name`: `Ok(None)` when the field was left empty, `Err` beside the field
/// when what was typed is no date.
pub fn date(sent: &Sent, name: &str) -> Result<Option<jiff::civil::Date>, FieldError> {
    let typed = first(sent, name);
    if typed.is_empty() {
        return Ok(None);
    }
    super::work::parse_date(typed)
        .map(Some)
        .ok_or_else(|| FieldError {
            field: name.into(),
            message: format!("「{typed}」不是有效日期（格式 2025-03-01）"),
        })
}

/// A date that must be given under `name`; an empty or malformed one is an error beside the
/// field (`missing` says what to fill in).
pub fn required_date(
    sent: &Sent,
    name: &str,
    missing: &str,
    errors: &mut Vec<FieldError>,
) -> Option<jiff::civil::Date> {
    match date(sent, name) {
        Ok(Some(d)) => Some(d),
        Ok(None) => {
            errors.push(FieldError {
                field: name.into(),
                message: missing.into(),
            });
            None
        }
        Err(e) => {
            errors.push(e);
            None
        }
    }
}

/// A yes/no choice sent as `true` / `false` under `name`; none chosen is an error beside the
/// field (`missing` says what to choose).
pub fn yes_no(
    sent: &Sent,
    name: &str,
    missing: &str,
    errors: &mut Vec<FieldError>,
) -> Option<bool> {
    match first(sent, name) {
        "true" => Some(true),
        "false" => Some(false),
        _ => {
            errors.push(FieldError {
                field: name.into(),
                message: missing.into(),
            });
            None
        }
    }
}

/// Puts what was typed and the errors back into the fields.
pub fn fill(groups: &mut [Group], sent: &Sent, errors: &[FieldError]) {
    for f in groups.iter_mut().flat_map(|g| g.fields.iter_mut()) {
        if let Some(v) = sent.get(&f.name) {
            if f.kind == "set" {
                f.values = v.clone();
            } else {
                f.value = v.first().cloned().unwrap_or_default();
            }
        }
        let mine: Vec<&str> = errors
            .iter()
            .filter(|e| e.field == f.name)
            .map(|e| e.message.as_str())
            .collect();
        if !mine.is_empty() {
            f.error = Some(mine.join("；"));
        }
    }
}

/// The JSON value of the fields sent (empty fields left out: not given is not false), with the
/// typing errors the browser could not prevent.
pub fn to_json<'a>(
    defs: impl Iterator<Item = &'a FactDef>,
    sent: &Sent,
) -> (Map<String, Value>, Vec<FieldError>) {
    let mut out = Map::new();
    let mut errors = Vec::new();
    for def in defs {
        let name = def.name.as_str();
        let Some(values) = sent.get(name) else {
            continue;
        };
        let values: Vec<&str> = values
            .iter()
            .map(|s| s.trim())
            .filter(|s| !s.is_empty())
            .collect();
        if values.is_empty() {
            continue;
        }
        let one = values[0];
        let value = match def.ty {
            FactType::Number | FactType::Integer => {
                match serde_json::from_str::<serde_json::Number>(one) {
                    Ok(n) => Value::Number(n),
                    Err(_) => {
                        errors.push(FieldError {
                            field: name.to_string(),
                            message: format!("「{one}」不是数字，请填写阿拉伯数字"),
                        });
                        continue;
                    }
                }
            }
            FactType::Bool => match one {
                "true" => Value::Bool(true),
                "false" => Value::Bool(false),
                other => {
                    errors.push(FieldError {
                        field: name.to_string(),
                        message: format!("「{other}」不是「是」或「否」"),
                    });
                    continue;
                }
            },
            FactType::Set => {
                Value::Array(values.iter().map(|v| Value::String((*v).into())).collect())
            }
            FactType::Date
            | FactType::Enum
            | FactType::Region
            | FactType::Text
            | FactType::CreditCode => Value::String(one.to_string()),
        };
        out.insert(name.to_string(), value);
    }
    (out, errors)
}

/// Flattens a JSON object of nested facts into form values (`{"operator": {"region": …}}` →
/// `operator.region`).
pub fn flatten(prefix: &str, value: &Value, out: &mut Sent) {
    match value {
        Value::Object(m) => {
            for (k, v) in m {
                let name = if prefix.is_empty() {
                    k.clone()
                } else {
                    format!("{prefix}.{k}")
                };
                flatten(&name, v, out);
            }
        }
        Value::Array(a) => {
            out.insert(
                prefix.to_string(),
                a.iter()
                    .map(|v| v.as_str().map_or_else(|| v.to_string(), str::to_string))
                    .collect(),
            );
        }
        Value::String(s) => {
            out.insert(prefix.to_string(), vec![s.clone()]);
        }
        other => {
            out.insert(prefix.to_string(), vec![other.to_string()]);
        }
    }
}

/// A form the server refused: which form, the values as sent and why, to show them again.
pub struct Failed<'a> {
    /// The form's name (which of the page's forms to open with the values).
    pub form: &'a str,
    /// The values as sent.
    pub sent: &'a Sent,
    /// Why it was refused.
    pub errors: Vec<FieldError>,
}

/// What a page prints of a refused form, so that nothing typed is lost: empty with 200 when
/// no form was refused, else the values (the first of each name) and the errors by field with
/// 422.
pub struct Echo {
    /// The refused form's name ("" when none).
    pub form_name: String,
    /// The values sent, the first of each name.
    pub values: BTreeMap<String, String>,
    /// The errors by field (several joined).
    pub errors: BTreeMap<String, String>,
    /// 422 for a refused form, else 200.
    pub status: StatusCode,
}

impl Echo {
    /// Nothing refused.
    pub fn none() -> Self {
        Self {
            form_name: String::new(),
            values: BTreeMap::new(),
            errors: BTreeMap::new(),
            status: StatusCode::OK,
        }
    }

    /// The form `form` refused with `errors`.
    pub fn refused(form: &str, sent: &Sent, errors: &[FieldError]) -> Self {
        Self {
            form_name: form.to_string(),
            values: sent
                .iter()
                .map(|(k, v)| (k.clone(), v.first().cloned().unwrap_or_default()))
                .collect(),
            errors: super::work::errors_map(errors),
            status: StatusCode::UNPROCESSABLE_ENTITY,
        }
    }

    /// The echo of a failed form, if any.
    pub fn of(failed: Option<&Failed<'_>>) -> Self {
        failed.map_or_else(Self::none, |f| Self::refused(f.form, f.sent, &f.errors))
    }
}
