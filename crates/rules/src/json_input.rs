//! Helpers shared by the readers of JSON/TOML inputs (profiles, appraisal inputs).

use std::fmt;

use serde::Serialize;
use serde_json::Value;

/// One problem with an input (a profile, an appraisal input), naming the field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldError {
    /// The field (`premises.total_area_m2`, `mentors`, `第3行`).
    pub field: String,
    /// What is wrong, in Chinese.
    pub message: String,
}

impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}：{}", self.field, self.message)
    }
}

/// A field error.
pub(crate) fn err(field: impl Into<String>, message: impl Into<String>) -> FieldError {
    FieldError {
        field: field.into(),
        message: message.into(),
    }
}

/// Converts TOML to JSON, dates becoming `YYYY-MM-DD` strings.
pub(crate) fn toml_to_json(value: toml::Value) -> Value {
    match value {
        toml::Value::String(s) => Value::String(s),
        toml::Value::Integer(i) => Value::from(i),
        toml::Value::Float(f) => serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number),
        toml::Value::Boolean(b) => Value::Bool(b),
        toml::Value::Datetime(d) => Value::String(d.to_string()),
        toml::Value::Array(a) => Value::Array(a.into_iter().map(toml_to_json).collect()),
        toml::Value::Table(t) => {
            Value::Object(t.into_iter().map(|(k, v)| (k, toml_to_json(v))).collect())
        }
    }
}

/// Edit distance, for "did you mean".
pub(crate) fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != *cb)).min(row[j] + 1).min(cur + 1);
            prev = cur;
        }
    }
    row[b.len()]
}

/// A JSON value's kind and content, in Chinese, for type errors.
pub(crate) fn describe(v: &Value) -> String {
    match v {
        Value::Null => "空值".into(),
        Value::Bool(b) => format!("是/否 {b}"),
        Value::Number(n) => format!("数值 {n}"),
        Value::String(s) => format!("文本「{s}」"),
        Value::Array(_) => "列表".into(),
        Value::Object(_) => "表".into(),
    }
}
