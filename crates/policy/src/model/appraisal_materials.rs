//! Appraisal materials (考核资料): a measure that has the appraised space hand in materials by a
//! time the authority sets each round (内蒙古 第十九条（四）「不按规定时间和要求提供考核资料的或
//! 提供虚假考核资料的单位，视为不合格」). The element names who sets the deadline, what is asked
//! where the measure lists it, and the grade override whose yes/no input the round's record
//! answers, so nobody types that input by hand.

use serde::{Deserialize, Serialize};

use super::cited::impl_cited;
use crate::law::Citation;

/// One thing asked for, where the measure lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AppraisalMaterialItem {
    /// Identifier.
    pub id: String,
    /// Chinese label.
    pub label: String,
}

/// The materials an appraisal round asks of each space, by a deadline the authority sets.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AppraisalMaterials {
    /// Identifier.
    pub id: String,
    /// Chinese label (`考核资料`).
    pub label: String,
    /// The role that opens the round and sets its deadline and requirements (a role id).
    pub set_by: String,
    /// What is asked; empty where the measure does not list it (the round's note says).
    #[serde(default)]
    pub item: Vec<AppraisalMaterialItem>,
    /// Whether materials the authority finds false (虚假) count as not handed in.
    pub false_counts_as_missing: bool,
    /// The grade override (an override id of `[[appraisal.override]]`) whose yes/no input the
    /// round's record answers: true when handed in on time and not found false.
    pub feeds: String,
    /// The article.
    pub cite: Citation,
    /// Its text.
    pub quote: String,
    /// The reading chosen.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reading: Option<String>,
}

impl_cited!(AppraisalMaterials);
