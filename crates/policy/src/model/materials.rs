//! The application materials list and the application form's fields.

use serde::{Deserialize, Serialize};

use super::cited::impl_cited;
use crate::facts::FactName;
use crate::law::Citation;

/// One item of the materials list (001 第七条; Shuozhou 申报书、建设运营方案).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Material {
    /// Identifier.
    pub id: String,
    /// Chinese label.
    pub label: String,
    /// Whether submission needs it.
    #[serde(default = "yes")]
    pub required: bool,
    /// For an outline (建设运营方案 编写提纲), its headings in order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub outline: Vec<String>,
    /// The article.
    pub cite: Citation,
    /// Its text.
    pub quote: String,
    /// The reading chosen.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reading: Option<String>,
}

fn yes() -> bool {
    true
}

/// One field of the application form (申报书).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FormField {
    /// Identifier.
    pub id: String,
    /// The section of the form (`基本信息`, `办公条件`…).
    pub section: String,
    /// The label as printed.
    pub label: String,
    /// The fact the field fills, where it is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fact: Option<FactName>,
    /// Whether the form requires it.
    #[serde(default)]
    pub required: bool,
    /// The article.
    pub cite: Citation,
    /// Its text.
    pub quote: String,
    /// The reading chosen.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reading: Option<String>,
}

/// The printed layout of the application form (申报书): its title and the order of its
/// sections, so one generic template can print any jurisdiction's form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FormLayout {
    /// Identifier (the material the form is, `application-form`).
    pub id: String,
    /// The title as printed on the form.
    pub title: String,
    /// The sections of `[[form_field]]` in printed order; a section not listed prints after
    /// these.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sections: Vec<String>,
    /// The article.
    pub cite: Citation,
    /// Its text.
    pub quote: String,
    /// The reading chosen.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reading: Option<String>,
}

impl_cited!(Material, FormField, FormLayout);
