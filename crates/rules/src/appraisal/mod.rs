//! The appraisal engine: an appraisal input against a measure's `[appraisal]`.
//!
//! For an index table (`method = "index_table"`): every row's points with its cap, the caps
//! shared across rows, highest-only rows, the base and bonus sections with their maxima, the
//! total, the grade band (inclusive lower bounds), the overrides that fix the grade whatever the
//! score, the subsidy, the consequence and what it takes to reach the next grade. For a measure
//! without a table (`method = "recorded_grade"`): the grade recorded by the authority, with the
//! same consequences machinery and no score.
//!
//! Architecture invariant: no score, cap, band or amount appears here; all come from the policy.

mod advice;
mod grade;
mod input;
mod num;
mod plan;
pub mod render;
mod report;
mod result;
mod score;

pub use advice::{Change, NextGrade};
pub use grade::Decision;
pub use input::{AppraisalInput, InputError, InputErrors, InputValue, RESERVED};
pub use plan::{Card, MAX_CHOICES, MAX_ITEMS, MAX_JOINT, MAX_SLOTS, Plan, Values};
pub use report::{Distribution, GradeCount, ItemLoss, REPORT_SCHEMA};
pub use result::{
    AppraisalResult, ConsequenceResult, GradeRef, ItemResult, JointCapResult, OverrideResult,
    Receipt, RevocationResult, SCHEMA, SubsidyResult, rule_text,
};
pub use score::{ItemPoints, JointUse, Scorecard, item_max, score};

use policy::model::Appraisal;
use policy::{Library, LoadedMeasure};

/// Why an input cannot be appraised under a measure.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AppraisalError {
    /// The measure has no appraisal.
    #[error("办法「{0}」没有绩效考核规定")]
    NoAppraisal(String),
    /// The input itself is wrong.
    #[error("{0}")]
    Input(#[from] InputErrors),
    /// A grade was given to a measure that scores from its table.
    #[error("grade：办法「{0}」按考核指标体系计分，不接受记录的等级；请给出各项考核输入")]
    GradeNotAccepted(String),
    /// A recorded-grade measure without a grade.
    #[error(
        "grade：办法「{policy}」未公布考核指标体系，须给出主管部门记录的考核等级；可选：{choices}"
    )]
    GradeMissing {
        /// The measure.
        policy: String,
        /// The grades, `id（word）`.
        choices: String,
    },
    /// A recorded grade the measure does not have.
    #[error("grade：「{given}」不是办法「{policy}」的考核等级；可选：{choices}")]
    UnknownGrade {
        /// What was given.
        given: String,
        /// The measure.
        policy: String,
        /// The grades, `id（word）`.
        choices: String,
    },
    /// An input the measure's appraisal does not use.
    #[error("{field}：办法「{policy}」的绩效考核不使用此项（{why}）")]
    NotUsed {
        /// The input name.
        field: String,
        /// The measure.
        policy: String,
        /// Why, in Chinese.
        why: &'static str,
    },
    /// The appraisal exceeds what a compiled plan holds.
    #[error("办法「{policy}」的考核指标体系超出引擎容量：{what}")]
    TooLarge {
        /// The measure.
        policy: String,
        /// What is too large.
        what: String,
    },
    /// The total falls in no band (the policy lacks a lowest band).
    #[error("办法「{policy}」的等级划分未覆盖得分 {total}")]
    NoBand {
        /// The measure.
        policy: String,
        /// The total.
        total: String,
    },
}

/// The grade and numbers of one appraisal, without text: what batches and reports need.
#[derive(Debug, Clone)]
pub struct Summary<'a> {
    /// The numbers (index tables only), in the plan's fixed-point units.
    pub card: Option<Card>,
    /// The grade decided.
    pub decision: Decision<'a>,
    /// The subsidy in whole yuan, where named.
    pub subsidy_yuan: Option<i64>,
}

fn choices(appraisal: &Appraisal) -> String {
    appraisal
        .grade
        .iter()
        .map(|g| format!("{}（{}）", g.id, g.label))
        .collect::<Vec<_>>()
        .join("、")
}

/// Scores (or reads the recorded grade of) an input and decides the grade. Compiles the
/// measure's plan each call: to appraise many inputs, compile a [`Plan`] once and call
/// [`Plan::summarize`] (the fast path).
pub fn summarize<'a>(
    measure: &'a LoadedMeasure,
    input: &AppraisalInput,
) -> Result<Summary<'a>, AppraisalError> {
    let plan = Plan::new(measure)?;
    plan.summarize(&plan.values(input)?)
}

/// Appraises an input under a measure: the full, explained result with the way to the next grade.
pub fn appraise<'a>(
    library: &'a Library,
    measure: &'a LoadedMeasure,
    input: &AppraisalInput,
) -> Result<AppraisalResult<'a>, AppraisalError> {
    let plan = Plan::new(measure)?;
    appraise_with(library, measure, &plan, input, &plan.values(input)?)
}

/// Appraises laid-out values with a compiled plan: the figures are those of [`Plan::summarize`],
/// explained afterwards.
pub fn appraise_with<'a>(
    library: &'a Library,
    measure: &'a LoadedMeasure,
    plan: &Plan<'a>,
    input: &AppraisalInput,
    values: &Values,
) -> Result<AppraisalResult<'a>, AppraisalError> {
    let summary = plan.summarize(values)?;
    let card = summary.card.as_ref().map(|c| plan.scorecard(c));
    let mut result = result::assemble(library, measure, input, card.as_ref(), summary.decision);
    if let Some(card) = &card {
        result.next_grade = advice::next_grade(library, plan, input, card);
        if let (Some(next), Some(o)) = (result.next_grade.as_mut(), summary.decision.overridden_by)
        {
            next.note = Some(format!(
                "现因「{}」（{}）视为{}，以下调整须在解除该情形后才计入等级",
                o.label, o.cite, summary.decision.grade.label
            ));
        }
    }
    Ok(result)
}
