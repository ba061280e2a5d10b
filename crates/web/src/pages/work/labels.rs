//! A measure's words as the pages show them: its short name, jurisdiction, stage labels, its
//! appraisal grades' words, a filing's kind and the Chinese label and CSS word of a case's state.

use policy::LoadedMeasure;
use policy::model::{FilingKind, RoleKind, StageKind};
use workflow::case::CaseState;

use crate::state::AppState;

/// The measure's short name.
pub fn short_name(state: &AppState, measure: &str) -> String {
    state.library.get(measure).map_or_else(
        || measure.to_string(),
        |m| m.measure.measure.short_name.clone(),
    )
}

/// A stored filing's kind in words: the glossary's word for an obligation's filing, and the
/// rectification report (a filing that answers a rectification, not an obligation).
pub fn filing_label(code: &str) -> &'static str {
    match FilingKind::from_code(code) {
        Some(kind) => kind.label(),
        None if code == casework::rectification::RECTIFICATION_REPORT => "整改报告",
        None => "其他报送",
    }
}

/// What a stored filing covers, in words: a statistics period as `2026年下半年`; any other
/// filing's as kept (a year, a change's description).
pub fn filing_period(code: &str, period: &str) -> String {
    match FilingKind::from_code(code) {
        Some(FilingKind::Statistics) => workflow::filings::FilingPeriod::parse(period).map_or_else(
            |_| period.to_string(),
            workflow::filings::FilingPeriod::label,
        ),
        _ => period.to_string(),
    }
}

/// What missing an obligation brings, in the measure's words: each revocation ground it names,
/// with its article and whether it follows by itself or at the authority's decision.
pub fn missing_brings(m: &LoadedMeasure, o: &policy::model::Obligation) -> Vec<String> {
    o.missing_leads_to
        .iter()
        .filter_map(|id| m.measure.revocation.iter().find(|r| &r.id == id))
        .map(|r| {
            let how = if r.automatic {
                "取消资格，由截止后的每日检查执行"
            } else {
                "由认定机构决定是否取消资格"
            };
            format!("「{}」（{}）：{how}", r.label, r.cite)
        })
        .collect()
}

/// An appraisal grade in the measure's words (the id itself where the measure has no such
/// grade).
pub fn grade_label(state: &AppState, measure: &str, grade: &str) -> String {
    state
        .library
        .get(measure)
        .and_then(|m| m.measure.appraisal.as_ref())
        .and_then(|a| a.grade(grade))
        .map_or_else(|| grade.to_string(), |g| g.label.clone())
}

/// The jurisdiction code of a measure (the authority's area).
pub fn jurisdiction(m: &LoadedMeasure) -> &str {
    m.measure.measure.jurisdiction.code.as_str()
}

/// The stage label of a measure's stage.
pub fn stage_label(m: &LoadedMeasure, stage: &str) -> String {
    m.measure
        .procedure
        .stage
        .iter()
        .find(|s| s.id == stage)
        .map_or_else(|| stage.to_string(), |s| s.label.clone())
}

/// The kind of role that performs a stage.
pub fn stage_role_kind(m: &LoadedMeasure, stage: &str) -> Option<(StageKind, RoleKind)> {
    let st = m.measure.procedure.stage.iter().find(|s| s.id == stage)?;
    let kind = m.measure.role(&st.role)?.kind;
    Some((st.kind, kind))
}

/// The state in Chinese, with the stage's label.
pub fn state_label(m: Option<&LoadedMeasure>, state: &CaseState) -> String {
    match (state, m) {
        (CaseState::AtStage { stage, .. }, Some(m)) => stage_label(m, stage),
        (CaseState::Returned { stage, .. }, Some(m)) => {
            format!("已退回修改（{}）", stage_label(m, stage))
        }
        (CaseState::Rejected { stage, .. }, Some(m)) => {
            format!("未通过（{}）", stage_label(m, stage))
        }
        _ => state.label(),
    }
}

/// The CSS word of a state kind.
pub fn state_class(state: &CaseState) -> &'static str {
    match state {
        CaseState::Draft => "draft",
        CaseState::Returned { .. } => "returned",
        CaseState::AtStage { .. } => "at-stage",
        CaseState::Rejected { .. } | CaseState::NotRecognised { .. } => "rejected",
        CaseState::Withdrawn => "withdrawn",
        CaseState::Recognised => "recognised",
    }
}
