//! Validating one filing against its form and the previous filing.

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde::Serialize;

use super::form::{Check, FieldType, FilingForm};

/// A filing: values by field id.
pub type Filing = BTreeMap<String, Decimal>;

/// A field error: the filing is refused until it is fixed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FilingError {
    /// The field.
    pub field: String,
    /// What is wrong.
    pub message: String,
}

/// A jump from the previous filing, for a reviewer to look at (not an error).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct JumpFlag {
    /// The field.
    pub field: String,
    /// The previous value.
    pub previous: Decimal,
    /// The value now.
    pub current: Decimal,
    /// Why it is flagged.
    pub message: String,
}

/// The result of validating a filing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct FilingReport {
    /// Errors that refuse the filing.
    pub errors: Vec<FilingError>,
    /// Flags for review.
    pub flags: Vec<JumpFlag>,
}

impl FilingReport {
    /// Whether the filing may be accepted.
    pub fn accepted(&self) -> bool {
        self.errors.is_empty()
    }
}

/// Validates `filing` against `form`, and against `previous` for jumps.
pub fn validate(form: &FilingForm, filing: &Filing, previous: Option<&Filing>) -> FilingReport {
    let mut report = FilingReport::default();
    let mut err = |field: &str, message: String| {
        report.errors.push(FilingError {
            field: field.to_string(),
            message,
        })
    };
    for id in filing.keys().filter(|k| form.field(k).is_none()) {
        err(id, "填报表中没有此项".into());
    }
    for f in &form.fields {
        match filing.get(&f.id) {
            None if f.required => err(&f.id, format!("{}为必填项", f.label)),
            None => {}
            Some(v) if v.is_sign_negative() && !v.is_zero() => {
                err(&f.id, format!("{}不能为负数（{v}）", f.label))
            }
            Some(v) if f.ty == FieldType::Integer && !v.fract().is_zero() => {
                err(&f.id, format!("{}应为整数（{v}）", f.label))
            }
            Some(_) => {}
        }
    }
    for c in &form.checks {
        match c {
            Check::PartOfWhole {
                parts,
                whole,
                reading,
            } => {
                let Some(w) = filing.get(whole) else { continue };
                let sum: Decimal = parts.iter().filter_map(|p| filing.get(p)).copied().sum();
                if sum > *w {
                    let names: Vec<String> = parts
                        .iter()
                        .filter_map(|p| form.field(p))
                        .map(|f| f.label.clone())
                        .collect();
                    let whole_label = form
                        .field(whole)
                        .map_or(whole.as_str(), |f| f.label.as_str());
                    let note = reading
                        .as_deref()
                        .map(|r| format!("（{r}）"))
                        .unwrap_or_default();
                    err(
                        &parts[0],
                        format!(
                            "{} {} 大于{} {}，部分不能大于整体{note}",
                            names.join("与"),
                            sum.normalize(),
                            whole_label,
                            w.normalize()
                        ),
                    );
                }
            }
            Check::Jump {
                field,
                factor,
                min_base,
            } => {
                let (Some(prev), Some(now)) =
                    (previous.and_then(|p| p.get(field)), filing.get(field))
                else {
                    continue;
                };
                if *prev < *min_base {
                    continue;
                }
                let label = form
                    .field(field)
                    .map_or(field.as_str(), |f| f.label.as_str());
                let up = *now > *prev * *factor;
                let down = *now * *factor < *prev;
                if up || down {
                    report.flags.push(JumpFlag {
                        field: field.clone(),
                        previous: *prev,
                        current: *now,
                        message: format!(
                            "{label}由上期 {} {}至 {}，{}超过{}的 {} 倍，请评审人核实",
                            prev.normalize(),
                            if up { "增" } else { "减" },
                            now.normalize(),
                            if up { "本期" } else { "上期" },
                            if up { "上期" } else { "本期" },
                            factor.normalize()
                        ),
                    });
                }
            }
        }
    }
    report
}
