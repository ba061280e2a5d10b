//! A filing form as data (`policies/forms/statistics.toml`).

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// A field's type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FieldType {
    /// A non-negative decimal.
    Number,
    /// A non-negative whole count.
    Integer,
}

/// One field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Field {
    /// Identifier (a fact name where the field is one).
    pub id: String,
    /// Chinese label.
    pub label: String,
    /// Type.
    #[serde(rename = "type")]
    pub ty: FieldType,
    /// Unit as shown.
    pub unit: String,
    /// Whether a filing must give it.
    #[serde(default)]
    pub required: bool,
}

/// A check across fields or filings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Check {
    /// The parts together may not exceed the whole.
    PartOfWhole {
        /// The parts.
        parts: Vec<String>,
        /// The whole.
        whole: String,
        /// A note for the filer.
        #[serde(default)]
        reading: Option<String>,
    },
    /// A value more than `factor` times (or less than 1/`factor` of) the previous filing's,
    /// where the previous was at least `min_base`, is flagged for review.
    Jump {
        /// The field.
        field: String,
        /// The factor.
        factor: Decimal,
        /// The smallest previous value the check applies to.
        min_base: Decimal,
    },
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct FormFile {
    form: FormHead,
    field: Vec<Field>,
    #[serde(default)]
    check: Vec<Check>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct FormHead {
    id: String,
    label: String,
}

/// Why a form file is wrong.
#[derive(Debug, thiserror::Error)]
pub enum FormError {
    /// Not valid TOML for a form.
    #[error("填报表格式错误：{0}")]
    Format(#[from] toml::de::Error),
    /// A check names a field the form lacks.
    #[error("填报表的校验规则引用了不存在的字段「{0}」")]
    UnknownField(String),
}

/// A filing form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FilingForm {
    /// Identifier.
    pub id: String,
    /// Chinese label.
    pub label: String,
    /// Fields in order.
    pub fields: Vec<Field>,
    /// Checks.
    pub checks: Vec<Check>,
}

impl FilingForm {
    /// Reads and checks a form.
    pub fn from_toml(text: &str) -> Result<Self, FormError> {
        let f: FormFile = toml::from_str(text)?;
        let known = |id: &String| f.field.iter().any(|x| &x.id == id);
        for c in &f.check {
            let names: Vec<&String> = match c {
                Check::PartOfWhole { parts, whole, .. } => {
                    parts.iter().chain(std::iter::once(whole)).collect()
                }
                Check::Jump { field, .. } => vec![field],
            };
            if let Some(bad) = names.into_iter().find(|n| !known(n)) {
                return Err(FormError::UnknownField(bad.clone()));
            }
        }
        Ok(Self {
            id: f.form.id,
            label: f.form.label,
            fields: f.field,
            checks: f.check,
        })
    }

    /// A field by id.
    pub fn field(&self, id: &str) -> Option<&Field> {
        self.fields.iter().find(|f| f.id == id)
    }
}
