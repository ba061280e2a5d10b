//! What a measure repeals (废止), cited like every other element.

use serde::{Deserialize, Serialize};

use crate::law::Citation;

/// A document (or class of documents) the measure repeals when it takes effect.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Repeal {
    /// Identifier.
    pub id: String,
    /// What is repealed, as the measure names it (`此前相关文件`).
    pub what: String,
    /// The article.
    pub cite: Citation,
    /// Its text.
    pub quote: String,
    /// The reading chosen (e.g. when the measure names no document).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reading: Option<String>,
}

super::cited::impl_cited!(Repeal);
