//! Citation coverage: every article of the source texts triaged.

use serde::{Deserialize, Serialize};

use crate::law::Citation;

/// How an article is handled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Triage {
    /// Encoded by rules or other policy elements that cite it.
    Encoded,
    /// Carried out by the workflow (named stages).
    Procedural,
    /// Not machine-checkable (a purpose clause, an encouragement…), with the reason.
    NotCheckable,
}

impl Triage {
    /// The Chinese word.
    pub fn label(self) -> &'static str {
        match self {
            Self::Encoded => "已编码",
            Self::Procedural => "程序性（由流程执行）",
            Self::NotCheckable => "不可机器判断",
        }
    }
}

/// The triage of one article.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ArticleTriage {
    /// The article (no item).
    pub cite: Citation,
    /// How it is handled.
    pub status: Triage,
    /// For procedural articles, the stage ids that carry it out.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub stages: Vec<String>,
    /// Why, for articles that are not checkable; a note otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}
