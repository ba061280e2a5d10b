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
pub mod render;
mod report;
mod result;
mod score;

pub use advice::{Change, NextGrade};
pub use grade::Decision;
pub use input::{AppraisalInput, InputError, InputErrors, InputValue, RESERVED};
pub use report::{Distribution, GradeCount, ItemLoss, REPORT_SCHEMA};
pub use result::{
    AppraisalResult, ConsequenceResult, GradeRef, ItemResult, JointCapResult, OverrideResult,
    Receipt, RevocationResult, SCHEMA, SubsidyResult, rule_text,
};
pub use score::{ItemPoints, JointUse, Scorecard, item_max, score};

use policy::model::{Appraisal, AppraisalMethod};
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
    /// The numbers (index tables only).
    pub card: Option<Scorecard>,
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

/// Scores (or reads the recorded grade of) an input and decides the grade: the fast path.
pub fn summarize<'a>(
    measure: &'a LoadedMeasure,
    input: &AppraisalInput,
) -> Result<Summary<'a>, AppraisalError> {
    let m = &measure.measure;
    let policy = &m.measure.id;
    let appraisal = m
        .appraisal
        .as_ref()
        .ok_or_else(|| AppraisalError::NoAppraisal(policy.clone()))?;
    for name in input.values.keys() {
        let scored = appraisal.item.iter().any(|i| &i.input == name);
        let overriding = appraisal.override_.iter().any(|o| &o.input == name);
        if !scored && !overriding {
            let why = match appraisal.method {
                AppraisalMethod::IndexTable => "不在其考核指标体系中",
                AppraisalMethod::RecordedGrade => "该办法未公布考核指标体系，由主管部门记录等级",
            };
            return Err(AppraisalError::NotUsed {
                field: name.to_string(),
                policy: policy.clone(),
                why,
            });
        }
    }
    let (card, decision) = match appraisal.method {
        AppraisalMethod::IndexTable => {
            if input.grade.is_some() {
                return Err(AppraisalError::GradeNotAccepted(policy.clone()));
            }
            let card = score(appraisal, input);
            let decision = grade::decide_scored(appraisal, card.total, input).ok_or_else(|| {
                AppraisalError::NoBand {
                    policy: policy.clone(),
                    total: card.total.normalize().to_string(),
                }
            })?;
            (Some(card), decision)
        }
        AppraisalMethod::RecordedGrade => {
            let given = input
                .grade
                .as_deref()
                .ok_or_else(|| AppraisalError::GradeMissing {
                    policy: policy.clone(),
                    choices: choices(appraisal),
                })?;
            let recorded = grade::find_recorded(appraisal, given).ok_or_else(|| {
                AppraisalError::UnknownGrade {
                    given: given.to_string(),
                    policy: policy.clone(),
                    choices: choices(appraisal),
                }
            })?;
            (
                None,
                grade::apply_override(appraisal, recorded, None, input),
            )
        }
    };
    Ok(Summary {
        card,
        subsidy_yuan: grade::subsidy_yuan(m, decision.grade),
        decision,
    })
}

/// Appraises an input under a measure: the full, explained result with the way to the next grade.
pub fn appraise<'a>(
    library: &'a Library,
    measure: &'a LoadedMeasure,
    input: &AppraisalInput,
) -> Result<AppraisalResult<'a>, AppraisalError> {
    let summary = summarize(measure, input)?;
    let mut result = result::assemble(
        library,
        measure,
        input,
        summary.card.as_ref(),
        summary.decision,
    );
    if let (Some(card), Some(appraisal)) = (&summary.card, measure.measure.appraisal.as_ref()) {
        result.next_grade = advice::next_grade(library, appraisal, input, card);
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
