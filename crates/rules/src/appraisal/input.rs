//! Reading an appraisal input from TOML or JSON, checked against the dictionary's appraisal
//! inputs (`[[appraisal_input]]` in `policies/facts.toml`): unknown names (with a did-you-mean),
//! wrong types, negative quantities, fractional counts and set members outside the listed choices
//! are each reported with the field they concern, and no input is produced.
//!
//! Besides the appraisal input names, three reserved keys are read:
//! - `id`: a free label of the space (echoed in the result, useful in batches);
//! - `grade`: the grade recorded by the authority, for measures without an index table
//!   (`method = "recorded_grade"`), given as the grade id (`unqualified`) or the measure's own
//!   word (`不合格`);
//! - `previous_failures`: how many failing appraisals came immediately before this one
//!   (default 0), for the consequences of failing again (整改期满仍不合格, 连续N次不合格).

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use policy::facts::{FactDef, FactDictionary, FactName, FactType};
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use serde::Serialize;
use serde_json::Value;

use crate::json_input::{FieldError, describe, distance, err, toml_to_json};

use super::num;

/// The value of one appraisal input.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum InputValue {
    /// A count or an area, exact (a JSON number in results).
    Quantity(#[serde(serialize_with = "num::decimal")] Decimal),
    /// Yes or no.
    Bool(bool),
    /// Several listed choices (honours).
    Set(BTreeSet<String>),
}

impl InputValue {
    /// The quantity, if this is one.
    pub fn quantity(&self) -> Option<Decimal> {
        match self {
            Self::Quantity(q) => Some(*q),
            _ => None,
        }
    }
}

impl fmt::Display for InputValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Quantity(q) => write!(f, "{}", q.normalize()),
            Self::Bool(true) => f.write_str("是"),
            Self::Bool(false) => f.write_str("否"),
            Self::Set(s) if s.is_empty() => f.write_str("无"),
            Self::Set(s) => f.write_str(&s.iter().cloned().collect::<Vec<_>>().join("、")),
        }
    }
}

/// An appraisal input: the values given, by appraisal input name, and the reserved keys.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct AppraisalInput {
    /// A label of the space, where given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// The values, by appraisal input name.
    pub values: BTreeMap<FactName, InputValue>,
    /// The grade recorded by the authority (id or word), for recorded-grade measures.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub grade: Option<String>,
    /// Failing appraisals immediately before this one.
    #[serde(skip_serializing_if = "is_zero")]
    pub previous_failures: u32,
}

fn is_zero(n: &u32) -> bool {
    *n == 0
}

impl AppraisalInput {
    /// A value by name.
    pub fn get(&self, name: &FactName) -> Option<&InputValue> {
        self.values.get(name)
    }

    /// A quantity by name; absent reads as zero (an absent input scores nothing).
    pub fn quantity(&self, name: &FactName) -> Decimal {
        self.values
            .get(name)
            .and_then(InputValue::quantity)
            .unwrap_or_default()
    }
}

/// One problem with an appraisal input, naming the field (`mentors`, `honours`, `第3行`).
pub type InputError = FieldError;

/// Every problem found in an appraisal input.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
#[error("{}", .0.iter().map(ToString::to_string).collect::<Vec<_>>().join("；"))]
pub struct InputErrors(pub Vec<InputError>);

/// The reserved keys read besides the appraisal input names.
pub const RESERVED: [&str; 3] = ["id", "grade", "previous_failures"];

impl AppraisalInput {
    /// Reads an input from TOML text.
    pub fn from_toml(text: &str, dict: &FactDictionary) -> Result<Self, InputErrors> {
        Self::from_json_value(&Self::toml_value(text)?, dict)
    }

    /// Reads an input from JSON text.
    pub fn from_json(text: &str, dict: &FactDictionary) -> Result<Self, InputErrors> {
        Self::from_json_value(&Self::json_value(text)?, dict)
    }

    /// Reads an input from a JSON value (TOML is converted to one first).
    pub fn from_json_value(value: &Value, dict: &FactDictionary) -> Result<Self, InputErrors> {
        let (input, errors) = Self::from_json_value_lenient(value, dict);
        if errors.is_empty() {
            Ok(input)
        } else {
            Err(InputErrors(errors))
        }
    }

    /// The JSON value of a TOML text (the input's format errors as [`InputErrors`]).
    pub fn toml_value(text: &str) -> Result<Value, InputErrors> {
        let table: toml::Table = toml::from_str(text).map_err(|e| {
            let field = e
                .span()
                .map(|s| format!("第{}行", text[..s.start].matches('\n').count() + 1))
                .unwrap_or_else(|| "(文件)".into());
            InputErrors(vec![err(
                field,
                format!("TOML 格式错误：{}", e.message().trim()),
            )])
        })?;
        Ok(toml_to_json(toml::Value::Table(table)))
    }

    /// The JSON value of a JSON text (the syntax error as [`InputErrors`]).
    pub fn json_value(text: &str) -> Result<Value, InputErrors> {
        serde_json::from_str(text).map_err(|e| {
            InputErrors(vec![err(
                format!("第{}行第{}列", e.line(), e.column()),
                format!("JSON 格式错误：{e}"),
            )])
        })
    }

    /// Reads what is valid of a JSON value and lists every problem of the rest, so that checks
    /// against a measure can add theirs to the same list.
    pub fn from_json_value_lenient(
        value: &Value,
        dict: &FactDictionary,
    ) -> (Self, Vec<InputError>) {
        let mut errors = Vec::new();
        let mut input = AppraisalInput::default();
        let Some(root) = value.as_object() else {
            errors.push(err(
                "(根)",
                "考核输入须为一个对象（表），键为考核指标输入名称",
            ));
            return (input, errors);
        };
        for (key, v) in root {
            match key.as_str() {
                "id" => match v {
                    Value::String(s) => input.id = Some(s.clone()),
                    other => errors.push(err("id", format!("应为文本（众创空间的标识），实际为{}", describe(other)))),
                },
                "grade" => match v {
                    Value::String(s) => input.grade = Some(s.clone()),
                    other => errors.push(err(
                        "grade",
                        format!("应为考核等级的编号或名称文本（如 \"unqualified\" 或 \"不合格\"），实际为{}", describe(other)),
                    )),
                },
                "previous_failures" => {
                    if let Some(n) = quantity("previous_failures", v, true, &mut errors) {
                        match n.to_u32() {
                            Some(n) => input.previous_failures = n,
                            None => errors.push(err("previous_failures", format!("数值 {n} 过大"))),
                        }
                    }
                }
                _ => {
                    let name = FactName(key.clone());
                    match dict.appraisal_input(&name) {
                        Some(def) => {
                            if let Some(value) = parse_value(def, v, &mut errors) {
                                input.values.insert(name, value);
                            }
                        }
                        None => errors.push(unknown(key, dict)),
                    }
                }
            }
        }
        (input, errors)
    }
}

fn unknown(name: &str, dict: &FactDictionary) -> InputError {
    let candidates = dict
        .appraisal_inputs()
        .map(|d| d.name.as_str())
        .chain(RESERVED);
    let hint = candidates
        .map(|c| (distance(c, name), c))
        .min()
        .filter(|(d, _)| *d <= 4)
        .map(|(_, c)| format!("；是否指「{c}」？"))
        .unwrap_or_default();
    err(
        name,
        format!(
            "未知的考核输入名称（不在事实字典的考核指标输入中，运行 makerspace facts 查看）{hint}"
        ),
    )
}

fn quantity(
    field: &str,
    v: &Value,
    integer: bool,
    errors: &mut Vec<InputError>,
) -> Option<Decimal> {
    let Value::Number(n) = v else {
        errors.push(err(
            field,
            format!(
                "应为{}，实际为{}",
                if integer { "整数" } else { "数值" },
                describe(v)
            ),
        ));
        return None;
    };
    // Via the decimal text, so 47.5 stays exactly 47.5.
    let text = n.to_string();
    let Ok(d) = text
        .parse::<Decimal>()
        .or_else(|_| Decimal::from_scientific(&text))
    else {
        errors.push(err(field, format!("数值 {n} 超出范围")));
        return None;
    };
    if d.is_sign_negative() && !d.is_zero() {
        errors.push(err(field, format!("不能为负数（{n}）")));
        return None;
    }
    if integer && !d.fract().is_zero() {
        errors.push(err(field, format!("应为整数（计数），实际为 {n}")));
        return None;
    }
    Some(d.normalize())
}

fn parse_value(def: &FactDef, v: &Value, errors: &mut Vec<InputError>) -> Option<InputValue> {
    let field = def.name.as_str();
    match def.ty {
        FactType::Number => quantity(field, v, false, errors).map(InputValue::Quantity),
        FactType::Integer => quantity(field, v, true, errors).map(InputValue::Quantity),
        FactType::Bool => match v {
            Value::Bool(b) => Some(InputValue::Bool(*b)),
            other => {
                errors.push(err(
                    field,
                    format!("应为 true 或 false，实际为{}", describe(other)),
                ));
                None
            }
        },
        FactType::Set | FactType::Enum => {
            let items: Vec<&Value> = match v {
                Value::Array(items) => items.iter().collect(),
                Value::String(_) if def.ty == FactType::Enum => vec![v],
                other => {
                    errors.push(err(
                        field,
                        format!(
                            "应为选项列表（如 [\"national\"]），实际为{}",
                            describe(other)
                        ),
                    ));
                    return None;
                }
            };
            let mut set = BTreeSet::new();
            let mut ok = true;
            for item in items {
                match item {
                    Value::String(s) if def.choices.iter().any(|c| &c.id == s) => {
                        set.insert(s.clone());
                    }
                    other => {
                        let allowed: Vec<String> = def
                            .choices
                            .iter()
                            .map(|c| format!("{}（{}）", c.id, c.label))
                            .collect();
                        let shown = match other {
                            Value::String(s) => format!("「{s}」"),
                            o => describe(o),
                        };
                        errors.push(err(
                            field,
                            format!("{shown}不是可选值；可选：{}", allowed.join("、")),
                        ));
                        ok = false;
                    }
                }
            }
            ok.then_some(InputValue::Set(set))
        }
        other => {
            errors.push(err(
                field,
                format!("考核输入不支持类型「{}」", other.label()),
            ));
            None
        }
    }
}
