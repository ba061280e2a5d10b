//! The eligibility report: a versioned, replayable receipt of one check.

use std::collections::BTreeMap;

use jiff::civil::Date;
use policy::facts::FactName;
use policy::model::{Condition, Rule, Severity};
use policy::{Library, LoadedMeasure};
use serde::Serialize;

use super::advice::Advice;
use super::decision::{Decision, cached};
use super::evaluate::Status;
use super::json::Texts;
use super::sentence::{Outcome, Writer};
use super::verdict::{self, BanInfo, ExclusionInfo, LateInfo, Verdict};
use crate::profile::Profile;

/// The JSON schema identifier of [`EligibilityReport`]; bumped on any incompatible change.
pub const SCHEMA: &str = "makerspace.eligibility/1";

/// One branch of an either-or or by-circumstance condition.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BranchResult {
    /// The branch label.
    pub label: String,
    /// Its status.
    pub status: Status,
    /// Its requirement.
    pub requirement: String,
    /// Its sentence.
    pub message: String,
}

/// One condition's result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ConditionResult {
    /// The condition id.
    pub id: String,
    /// Its short name.
    pub label: String,
    /// The article.
    pub article: String,
    /// The quoted text.
    pub quote: String,
    /// The reading chosen, where the text is ambiguous.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reading: Option<String>,
    /// Decisive or soft.
    pub severity: Severity,
    /// The status.
    pub status: Status,
    /// The requirement in words.
    pub requirement: String,
    /// One plain Chinese sentence.
    pub message: String,
    /// The fact values used (absent facts as null).
    pub values: BTreeMap<FactName, Option<crate::profile::FactValue>>,
    /// Branches of either-or and by-circumstance conditions.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub branches: Vec<BranchResult>,
}

/// A qualitative condition awaiting a reviewer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PendingReview {
    /// The condition id.
    pub id: String,
    /// The article.
    pub article: String,
    /// The question put to the reviewer.
    pub question: String,
}

/// A fact the check needed and the profile lacks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MissingFact {
    /// The fact.
    pub fact: FactName,
    /// Its label.
    pub label: String,
    /// The conditions that need it.
    pub conditions: Vec<String>,
}

/// What makes the check replayable: the exact policy, the date and the inputs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Receipt {
    /// The measure id.
    pub policy_id: String,
    /// The policy file's version.
    pub policy_version: String,
    /// The policy file's content hash.
    pub policy_hash: String,
    /// The check date.
    pub as_of: Date,
    /// The engine that produced the report.
    pub engine: String,
    /// The profile as read.
    pub inputs: Profile,
}

/// The full result of a check.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EligibilityReport {
    /// The schema identifier ([`SCHEMA`]).
    pub schema: &'static str,
    /// The verdict.
    pub verdict: Verdict,
    /// The verdict in Chinese.
    pub verdict_label: &'static str,
    /// The measure's title.
    pub measure_title: String,
    /// One sentence summing up.
    pub summary: String,
    /// Qualitative conditions awaiting a reviewer; they never decide the verdict.
    pub pending_review: Vec<PendingReview>,
    /// Every condition's result, in the measure's order.
    pub conditions: Vec<ConditionResult>,
    /// Facts needed and not given.
    pub missing: Vec<MissingFact>,
    /// An exclusion from scope, if found.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub excluded: Option<ExclusionInfo>,
    /// An active ban, if found.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub barred: Option<BanInfo>,
    /// A late submission, if found.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub late: Option<LateInfo>,
    /// For an ineligible profile, the smallest changes that would make it eligible.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub way_to_eligible: Option<Advice>,
    /// The replayable receipt.
    pub receipt: Receipt,
}

fn review_question(rule: &Rule) -> Option<&str> {
    match rule {
        Rule::Review { question } => Some(question),
        _ => None,
    }
}

/// What the walk over a measure's conditions gathers besides each condition's words: the
/// qualitative conditions awaiting a reviewer and the facts needed and not given. Shared by
/// the report ([`explain`]) and its JSON written straight into a buffer (`json.rs`), so both
/// say the same.
#[derive(Default)]
pub(super) struct Gathered {
    pub pending_review: Vec<PendingReview>,
    pub missing: BTreeMap<FactName, Vec<String>>,
}

/// Walks the measure's conditions in order, writing each one's words from the decision's
/// findings, and calls `each` with the condition, its status and its words.
pub(super) fn walk<'a>(
    library: &'a Library,
    measure: &'a LoadedMeasure,
    texts: &'a Texts,
    profile: &'a Profile,
    decision: &Decision,
    mut each: impl FnMut(usize, &'a Condition, Status, Outcome<'a>),
) -> Gathered {
    let mut gathered = Gathered::default();
    for (index, c) in measure.measure.condition.iter().enumerate() {
        let writer = Writer {
            library,
            profile,
            cite: texts.cite(index),
            condition_id: &c.id,
        };
        let out = writer.condition(c, texts.words(index), decision.findings(index));
        let status = decision.status(index).unwrap_or(out.status);
        debug_assert_eq!(status, out.status, "{}", c.id);
        if status == Status::Reviewer {
            gathered.pending_review.push(PendingReview {
                id: c.id.clone(),
                article: texts.cite(index).to_string(),
                question: review_question(&c.rule).unwrap_or(&c.label).to_string(),
            });
        }
        if status == Status::Missing {
            for (fact, value) in &out.values {
                if value.is_none() {
                    gathered
                        .missing
                        .entry((*fact).clone())
                        .or_default()
                        .push(c.id.clone());
                }
            }
        }
        each(index, c, status, out);
    }
    gathered
}

/// The findings before any condition in words: exclusion, ban, late submission.
pub(super) fn gate_infos(
    library: &Library,
    measure: &LoadedMeasure,
    profile: &Profile,
    decision: &Decision,
) -> (Option<ExclusionInfo>, Option<BanInfo>, Option<LateInfo>) {
    let gates = decision.gates();
    let excluded = gates
        .excluded
        .and_then(|i| verdict::exclusion_info(library, measure, profile, i));
    let barred = gates.barred.and_then(|b| verdict::ban_info(measure, b));
    let late = gates
        .late
        .and_then(|l| verdict::late_info(measure, profile, l));
    (excluded, barred, late)
}

/// The one sentence summing up.
pub(super) fn summary(
    title: &str,
    decision: &Decision,
    gathered: &Gathered,
    gates: &(Option<ExclusionInfo>, Option<BanInfo>, Option<LateInfo>),
) -> String {
    let (excluded, barred, late) = gates;
    let failed = decision.failed();
    let pending = gathered.pending_review.len();
    match decision.verdict() {
        Verdict::Eligible if pending == 0 => {
            format!("按{title}，各项可判断的条件均满足。")
        }
        Verdict::Eligible => {
            format!("按{title}，各项可判断的条件均满足；另有 {pending} 项定性条件待评审人判断。")
        }
        Verdict::Ineligible => format!("按{title}，有 {failed} 项条件不满足。"),
        Verdict::Incomplete => format!(
            "按{title}，已提供的资料未见不满足之处，但缺少 {} 项资料，无法作出判断。",
            gathered.missing.len()
        ),
        Verdict::Excluded => excluded
            .as_ref()
            .map(|e| e.message.clone())
            .unwrap_or_default(),
        Verdict::Barred => barred
            .as_ref()
            .map(|b| b.message.clone())
            .unwrap_or_default(),
        Verdict::Late => late.as_ref().map(|l| l.message.clone()).unwrap_or_default(),
    }
}

/// The facts needed and not given, with their labels.
pub(super) fn missing_facts(
    library: &Library,
    missing: BTreeMap<FactName, Vec<String>>,
) -> Vec<MissingFact> {
    missing
        .into_iter()
        .map(|(fact, conditions)| MissingFact {
            label: library.facts.label(&fact).to_string(),
            fact,
            conditions,
        })
        .collect()
}

/// The engine that writes the reports.
pub(super) const ENGINE: &str = concat!("rules ", env!("CARGO_PKG_VERSION"));

/// Writes the report of a decision: every condition's requirement and sentence from the
/// decision's findings, the verdict as decided (without advice).
pub(super) fn explain(
    library: &Library,
    measure: &LoadedMeasure,
    profile: &Profile,
    decision: &Decision,
) -> EligibilityReport {
    let compiled = cached(library, measure);
    let texts = &compiled.texts;
    let mut conditions = Vec::with_capacity(measure.measure.condition.len());
    let gathered = walk(
        library,
        measure,
        texts,
        profile,
        decision,
        |index, c, status, out| {
            conditions.push(ConditionResult {
                id: c.id.clone(),
                label: c.label.clone(),
                article: texts.cite(index).to_string(),
                quote: c.quote.clone(),
                reading: c.reading.clone(),
                severity: c.severity,
                status,
                requirement: out.requirement.to_string(),
                message: out.message,
                values: out
                    .values
                    .into_iter()
                    .map(|(fact, value)| (fact.clone(), value.cloned()))
                    .collect(),
                branches: out.branches.into_iter().map(BranchResult::from).collect(),
            });
        },
    );
    let gates = gate_infos(library, measure, profile, decision);
    let id = &measure.measure.measure;
    let summary = summary(&id.title, decision, &gathered, &gates);
    let verdict = decision.verdict();
    let (excluded, barred, late) = gates;
    EligibilityReport {
        schema: SCHEMA,
        verdict,
        verdict_label: verdict.label(),
        measure_title: id.title.clone(),
        summary,
        pending_review: gathered.pending_review,
        missing: missing_facts(library, gathered.missing),
        conditions,
        excluded,
        barred,
        late,
        way_to_eligible: None,
        receipt: Receipt {
            policy_id: id.id.clone(),
            policy_version: id.version.clone(),
            policy_hash: measure.hash.to_string(),
            as_of: profile.as_of,
            engine: ENGINE.to_string(),
            inputs: profile.clone(),
        },
    }
}
