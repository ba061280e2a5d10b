//! Reading a profile from TOML or JSON, checked against the fact dictionary: unknown names,
//! wrong types, negative quantities, impossible dates and parts larger than their whole are
//! each reported with the field they concern, and no profile is produced.

use std::collections::{BTreeMap, BTreeSet};

use jiff::civil::Date;
use policy::facts::{Constraint, FactDef, FactDictionary, FactName, FactType};
use policy::model::RegionCode;
use rust_decimal::Decimal;
use serde::Serialize;
use serde_json::{Map, Value};

use crate::json_input::{FieldError, describe, distance, err, toml_to_json};

use super::{Application, FactValue, FraudFinding, History, Profile, Review};

/// One problem with a profile, naming the dotted field (`premises.total_area_m2`,
/// `application.submitted_on`).
pub type ProfileError = FieldError;

/// Every problem found in a profile.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
#[error("{}", .0.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n"))]
pub struct ProfileErrors(pub Vec<ProfileError>);

pub(super) const RESERVED: [&str; 5] = ["as_of", "policy", "history", "application", "reviews"];

impl Profile {
    /// Reads a profile from TOML text.
    pub fn from_toml(text: &str, dict: &FactDictionary) -> Result<Self, ProfileErrors> {
        let value: toml::Table = toml::from_str(text).map_err(|e| {
            let field = e
                .span()
                .map(|s| {
                    let line = text[..s.start].matches('\n').count() + 1;
                    format!("第{line}行")
                })
                .unwrap_or_else(|| "(文件)".into());
            ProfileErrors(vec![err(
                field,
                format!("TOML 格式错误：{}", e.message().trim()),
            )])
        })?;
        Self::from_json_value(&toml_to_json(toml::Value::Table(value)), dict)
    }

    /// Reads a valid profile from JSON bytes quickly, straight from the text; `None` for any
    /// text that is not a valid profile (read it with `from_json` or `from_json_value` to learn
    /// why). On valid text it gives exactly what those give.
    pub fn from_valid_json(text: &[u8], dict: &FactDictionary) -> Option<Self> {
        super::fast_read::read(text, dict)
    }

    /// Reads a profile from JSON text. A valid profile is read straight from the text; any
    /// other is read through a `serde_json::Value`, which words every problem.
    pub fn from_json(text: &str, dict: &FactDictionary) -> Result<Self, ProfileErrors> {
        if let Some(profile) = Self::from_valid_json(text.as_bytes(), dict) {
            return Ok(profile);
        }
        let value: Value = serde_json::from_str(text).map_err(|e| {
            ProfileErrors(vec![err(
                format!("第{}行第{}列", e.line(), e.column()),
                format!("JSON 格式错误：{e}"),
            )])
        })?;
        Self::from_json_value(&value, dict)
    }

    /// Reads a profile from a JSON value (TOML is converted to one first).
    pub fn from_json_value(value: &Value, dict: &FactDictionary) -> Result<Self, ProfileErrors> {
        let mut errors = Vec::new();
        let Some(root) = value.as_object() else {
            return Err(ProfileErrors(vec![err("(根)", "档案须为一个对象（表）")]));
        };
        let as_of = match root.get("as_of") {
            None => {
                errors.push(err("as_of", "缺少核查日期 as_of（YYYY-MM-DD）"));
                None
            }
            Some(v) => parse_date("as_of", v, &mut errors),
        };
        let policy = parse_policy(root.get("policy"), &mut errors);
        let mut facts = BTreeMap::new();
        // The facts are every key but the reserved ones, read in place (no copy of the tree).
        let fact_root = root.iter().filter(|(k, _)| !RESERVED.contains(&k.as_str()));
        walk_facts(&mut String::new(), fact_root, dict, &mut facts, &mut errors);
        let history = parse_history(root.get("history"), &mut errors);
        let application = parse_application(root.get("application"), &mut errors);
        let reviews = parse_reviews(root.get("reviews"), &mut errors);
        check_constraints(dict, &facts, as_of, &mut errors);
        match (errors.is_empty(), as_of) {
            (true, Some(as_of)) => Ok(Profile {
                as_of,
                policy,
                facts,
                history,
                application,
                reviews,
            }),
            _ => Err(ProfileErrors(errors)),
        }
    }
}

/// Reads the facts of `table` under the dotted `prefix` (empty at the root). The name is built
/// in the one `prefix` buffer, so a fact costs an allocation only when it is kept.
fn walk_facts<'v>(
    prefix: &mut String,
    table: impl IntoIterator<Item = (&'v String, &'v Value)>,
    dict: &FactDictionary,
    facts: &mut BTreeMap<FactName, FactValue>,
    errors: &mut Vec<ProfileError>,
) {
    let base = prefix.len();
    for (key, value) in table {
        prefix.truncate(base);
        if base > 0 {
            prefix.push('.');
        }
        prefix.push_str(key);
        if let Some(def) = dict.fact_named(prefix) {
            if let Some(v) = parse_value(def, value, errors) {
                facts.insert(FactName(prefix.clone()), v);
            }
        } else if let Value::Object(inner) = value {
            prefix.push('.');
            let group = dict.is_group(prefix);
            prefix.pop();
            if group {
                walk_facts(prefix, inner, dict, facts, errors);
            } else {
                errors.push(unknown(prefix, dict));
            }
        } else {
            errors.push(unknown(prefix, dict));
        }
    }
    prefix.truncate(base);
}

fn unknown(name: &str, dict: &FactDictionary) -> ProfileError {
    let hint = dict
        .facts()
        .map(|d| d.name.as_str())
        .min_by_key(|candidate| distance(candidate, name))
        .filter(|c| distance(c, name) <= 4)
        .map(|c| format!("；是否指「{c}」？"))
        .unwrap_or_default();
    err(
        name,
        format!("未知事实名称（不在事实字典中，运行 makerspace facts 查看）{hint}"),
    )
}

fn parse_quantity(
    field: &str,
    v: &Value,
    integer: bool,
    errors: &mut Vec<ProfileError>,
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
    // A whole number needs no text; any other via the decimal text, so 47.5 stays exactly 47.5.
    if let Some(u) = n.as_u64() {
        return Some(Decimal::from(u));
    }
    let Ok(d) = n
        .to_string()
        .parse::<Decimal>()
        .or_else(|_| Decimal::from_scientific(&n.to_string()))
    else {
        errors.push(err(field, format!("数值 {n} 超出范围")));
        return None;
    };
    if d.is_sign_negative() && !d.is_zero() {
        errors.push(err(field, format!("不能为负数（{n}）")));
        return None;
    }
    if integer && !d.fract().is_zero() {
        errors.push(err(field, format!("应为整数，实际为 {n}")));
        return None;
    }
    Some(d)
}

/// An optional reserved key's value; `null` is taken as not given, as for every optional field
/// of the API's other bodies.
fn given(v: Option<&Value>) -> Option<&Value> {
    v.filter(|v| !v.is_null())
}

/// The measure a profile names, if any.
pub(super) fn parse_policy(v: Option<&Value>, errors: &mut Vec<ProfileError>) -> Option<String> {
    match given(v) {
        None => None,
        Some(Value::String(s)) => Some(s.clone()),
        Some(_) => {
            errors.push(err(
                "policy",
                "应为办法编号字符串，如 \"inner-mongolia-2020\"",
            ));
            None
        }
    }
}

pub(super) fn parse_date(field: &str, v: &Value, errors: &mut Vec<ProfileError>) -> Option<Date> {
    match v {
        Value::String(s) => match s.parse::<Date>() {
            Ok(d) => Some(d),
            Err(_) => {
                errors.push(err(
                    field,
                    format!("日期「{s}」无效，应为真实存在的日期 YYYY-MM-DD"),
                ));
                None
            }
        },
        other => {
            errors.push(err(
                field,
                format!("应为日期 YYYY-MM-DD，实际为{}", describe(other)),
            ));
            None
        }
    }
}

pub(super) fn parse_value(
    def: &FactDef,
    v: &Value,
    errors: &mut Vec<ProfileError>,
) -> Option<FactValue> {
    let field = def.name.as_str();
    let choice = |s: &str, errors: &mut Vec<ProfileError>| -> Option<String> {
        if def.choices.iter().any(|c| c.id == s) {
            Some(s.to_string())
        } else {
            let allowed: Vec<String> = def
                .choices
                .iter()
                .map(|c| format!("{}（{}）", c.id, c.label))
                .collect();
            errors.push(err(
                field,
                format!("「{s}」不是可选值；可选：{}", allowed.join("、")),
            ));
            None
        }
    };
    match def.ty {
        FactType::Number => parse_quantity(field, v, false, errors).map(FactValue::Quantity),
        FactType::Integer => parse_quantity(field, v, true, errors).map(FactValue::Quantity),
        FactType::Bool => match v {
            Value::Bool(b) => Some(FactValue::Bool(*b)),
            other => {
                errors.push(err(
                    field,
                    format!("应为 true 或 false，实际为{}", describe(other)),
                ));
                None
            }
        },
        FactType::Date => parse_date(field, v, errors).map(FactValue::Date),
        FactType::Enum => match v {
            Value::String(s) => choice(s, errors).map(FactValue::Choice),
            other => {
                errors.push(err(
                    field,
                    format!("应为一个选项（文本），实际为{}", describe(other)),
                ));
                None
            }
        },
        FactType::Set => match v {
            Value::Array(items) => {
                let mut set = BTreeSet::new();
                let mut ok = true;
                for item in items {
                    match item {
                        Value::String(s) => match choice(s, errors) {
                            Some(c) => {
                                set.insert(c);
                            }
                            None => ok = false,
                        },
                        other => {
                            errors.push(err(
                                field,
                                format!("列表中的每一项应为选项文本，实际为{}", describe(other)),
                            ));
                            ok = false;
                        }
                    }
                }
                ok.then_some(FactValue::Set(set))
            }
            other => {
                errors.push(err(
                    field,
                    format!("应为选项列表，实际为{}", describe(other)),
                ));
                None
            }
        },
        FactType::Region => match v {
            Value::String(s) => match RegionCode::parse(s) {
                Ok(r) => Some(FactValue::Region(r)),
                Err(m) => {
                    errors.push(err(field, m));
                    None
                }
            },
            other => {
                errors.push(err(
                    field,
                    format!("应为6位行政区划代码文本，实际为{}", describe(other)),
                ));
                None
            }
        },
        FactType::CreditCode => match v {
            Value::String(s) => match policy::law::credit_code::CreditCode::parse(s) {
                Ok(code) => Some(FactValue::Text(code.as_str().to_string())),
                Err(e) => {
                    errors.push(err(field, e.to_string()));
                    None
                }
            },
            other => {
                errors.push(err(
                    field,
                    format!("应为18位统一社会信用代码文本，实际为{}", describe(other)),
                ));
                None
            }
        },
        FactType::Text => match v {
            Value::String(s) => Some(FactValue::Text(s.clone())),
            other => {
                errors.push(err(field, format!("应为文本，实际为{}", describe(other))));
                None
            }
        },
    }
}

fn object<'a>(
    field: &str,
    v: Option<&'a Value>,
    errors: &mut Vec<ProfileError>,
) -> Option<&'a Map<String, Value>> {
    match v {
        None => None,
        Some(Value::Object(m)) => Some(m),
        Some(other) => {
            errors.push(err(
                field,
                format!("应为表（对象），实际为{}", describe(other)),
            ));
            None
        }
    }
}

fn reject_unknown(
    field: &str,
    m: &Map<String, Value>,
    known: &[&str],
    errors: &mut Vec<ProfileError>,
) {
    for k in m.keys().filter(|k| !known.contains(&k.as_str())) {
        errors.push(err(
            format!("{field}.{k}"),
            format!("未知字段；可用字段：{}", known.join("、")),
        ));
    }
}

pub(super) fn parse_history(v: Option<&Value>, errors: &mut Vec<ProfileError>) -> History {
    let mut history = History::default();
    let Some(m) = object("history", given(v), errors) else {
        return history;
    };
    reject_unknown("history", m, &["fraud_findings"], errors);
    match m.get("fraud_findings") {
        None => {}
        Some(Value::Array(items)) => {
            for (i, item) in items.iter().enumerate() {
                let field = format!("history.fraud_findings[{i}]");
                let Some(f) = object(&field, Some(item), errors) else {
                    continue;
                };
                reject_unknown(&field, f, &["date", "body"], errors);
                let date = match f.get("date") {
                    Some(d) => parse_date(&format!("{field}.date"), d, errors),
                    None => {
                        errors.push(err(format!("{field}.date"), "缺少认定弄虚作假的日期"));
                        None
                    }
                };
                let body = f.get("body").and_then(Value::as_str).map(str::to_string);
                if let Some(date) = date {
                    history.fraud_findings.push(FraudFinding { date, body });
                }
            }
        }
        Some(other) => errors.push(err(
            "history.fraud_findings",
            format!("应为列表，实际为{}", describe(other)),
        )),
    }
    history
}

pub(super) fn parse_application(
    v: Option<&Value>,
    errors: &mut Vec<ProfileError>,
) -> Option<Application> {
    let m = object("application", given(v), errors)?;
    reject_unknown("application", m, &["submitted_on", "call"], errors);
    let submitted_on = match m.get("submitted_on") {
        Some(d) => parse_date("application.submitted_on", d, errors),
        None => {
            errors.push(err("application.submitted_on", "缺少提交日期"));
            None
        }
    };
    let call = match m.get("call") {
        None => None,
        Some(Value::String(s)) => Some(s.clone()),
        Some(other) => {
            errors.push(err(
                "application.call",
                format!("应为申报通知编号文本，实际为{}", describe(other)),
            ));
            None
        }
    };
    submitted_on.map(|submitted_on| Application { submitted_on, call })
}

pub(super) fn parse_reviews(
    v: Option<&Value>,
    errors: &mut Vec<ProfileError>,
) -> BTreeMap<String, Review> {
    let mut out = BTreeMap::new();
    let Some(m) = object("reviews", given(v), errors) else {
        return out;
    };
    for (id, r) in m {
        let field = format!("reviews.{id}");
        let Some(r) = object(&field, Some(r), errors) else {
            continue;
        };
        reject_unknown(&field, r, &["met", "reviewer", "note"], errors);
        let text = |k: &str| r.get(k).and_then(Value::as_str).map(str::to_string);
        match r.get("met") {
            Some(Value::Bool(met)) => {
                out.insert(
                    id.clone(),
                    Review {
                        met: *met,
                        reviewer: text("reviewer"),
                        note: text("note"),
                    },
                );
            }
            _ => errors.push(err(
                format!("{field}.met"),
                "须为 true 或 false（评审人是否认定该条件满足）",
            )),
        }
    }
    out
}

pub(super) fn check_constraints(
    dict: &FactDictionary,
    facts: &BTreeMap<FactName, FactValue>,
    as_of: Option<Date>,
    errors: &mut Vec<ProfileError>,
) {
    for c in dict.constraints() {
        match c {
            Constraint::PartOfWhole { parts, whole } => {
                let Some(w) = facts.get(whole).and_then(FactValue::quantity) else {
                    continue;
                };
                let given: Vec<(&FactName, Decimal)> = parts
                    .iter()
                    .filter_map(|p| facts.get(p).and_then(FactValue::quantity).map(|q| (p, q)))
                    .collect();
                let sum: Decimal = given
                    .iter()
                    .fold(Decimal::ZERO, |a, (_, q)| a.saturating_add(*q));
                if sum > w {
                    // By label: the error's field names the fact for programs.
                    let names: Vec<String> = given
                        .iter()
                        .map(|(p, q)| format!("{} {}", dict.label(p), q.normalize()))
                        .collect();
                    errors.push(err(
                        given.first().map_or(whole.as_str(), |(p, _)| p.as_str()),
                        format!(
                            "{} 合计大于{} {}，部分不能大于整体",
                            names.join(" + "),
                            dict.label(whole),
                            w.normalize()
                        ),
                    ));
                }
            }
            Constraint::DateOrder { before, after } => {
                if let (Some(b), Some(a)) = (
                    facts.get(before).and_then(FactValue::date),
                    facts.get(after).and_then(FactValue::date),
                ) && a < b
                {
                    errors.push(err(
                        after.as_str(),
                        format!(
                            "{}（{a}）早于{}（{b}），日期顺序不可能",
                            dict.label(after),
                            dict.label(before)
                        ),
                    ));
                }
            }
            Constraint::NotAfterCheckDate { facts: names } => {
                let Some(as_of) = as_of else { continue };
                for name in names {
                    if let Some(d) = facts.get(name).and_then(FactValue::date)
                        && d > as_of
                    {
                        errors.push(err(
                            name.as_str(),
                            format!(
                                "{}（{d}）晚于核查日期（{as_of}）：应填核查日当天或之前的日期",
                                dict.label(name)
                            ),
                        ));
                    }
                }
            }
        }
    }
}
