//! From a total (or a recorded grade) to the grade, and from the grade to what follows: the
//! overrides that fix the grade whatever the score, the subsidy, the consequence and, for a
//! space that fails again, the revocation. The band and override of an appraisal are decided by
//! the compiled plan (`plan.rs`, [`super::Plan::decide`]): an override fires on the first listed
//! whose yes/no input is given with the value it names (`materials_on_time` absent means the
//! materials came on time).

use policy::model::{
    Appraisal, Consequence, Grade, GradeOverride, Measure, Revocation, RevocationTrigger,
    SubsidyTrigger,
};

/// The grade decided, with how.
#[derive(Debug, Clone, Copy)]
pub struct Decision<'a> {
    /// The grade that stands.
    pub grade: &'a Grade,
    /// The grade the score alone gives (index tables only).
    pub scored: Option<&'a Grade>,
    /// The override that fixed the grade, if one did.
    pub overridden_by: Option<&'a GradeOverride>,
}

/// A recorded grade, by id or by the measure's word.
pub fn find_recorded<'a>(appraisal: &'a Appraisal, given: &str) -> Option<&'a Grade> {
    let given = given.trim();
    appraisal
        .grade
        .iter()
        .find(|g| g.id == given || g.label == given)
}

/// The subsidy amount of a grade: the grade's own amount, else the sum of the amounts of the
/// measure's subsidies triggered by the grade (none when no amount is named).
pub fn subsidy_yuan(measure: &Measure, grade: &Grade) -> Option<i64> {
    grade.subsidy_yuan.map(|y| y.0).or_else(|| {
        let amounts: Vec<i64> = measure
            .subsidy
            .iter()
            .filter(|s| matches!(&s.trigger, SubsidyTrigger::Grade { grade: g } if *g == grade.id))
            .filter_map(|s| s.amount_yuan.map(|y| y.0))
            .collect();
        (!amounts.is_empty()).then(|| amounts.iter().sum())
    })
}

/// The consequence in one Chinese sentence.
pub fn consequence_text(c: &Consequence) -> String {
    match c {
        Consequence::None => "无其他后果".to_string(),
        Consequence::Recommendation { to } => format!("优先推荐：{to}"),
        Consequence::Rectification { period: Some(p) } => format!("限期整改，整改期{p}"),
        Consequence::Rectification { period: None } => "限期整改（期限由主管部门确定）".to_string(),
    }
}

/// The revocation that follows a failing grade, given the failing appraisals just before it:
/// failing at the end of a rectification period (a failing grade whose consequence is
/// rectification, after a failing appraisal) or reaching an escalation's consecutive count.
pub fn revocation<'a>(
    measure: &'a Measure,
    grade: &Grade,
    previous_failures: u32,
) -> Option<(&'a Revocation, String)> {
    if !grade.failing {
        return None;
    }
    let appraisal = measure.appraisal.as_ref()?;
    let failures = previous_failures.saturating_add(1);
    if previous_failures >= 1 && matches!(grade.consequence, Consequence::Rectification { .. }) {
        let found = measure
            .revocation
            .iter()
            .find(|r| matches!(r.trigger, RevocationTrigger::RectificationFailed));
        if let Some(r) = found {
            return Some((
                r,
                format!(
                    "此前已{0}并限期整改，本次仍{0}，取消资格（{1}，{2}）",
                    grade.label, r.label, r.cite
                ),
            ));
        }
    }
    appraisal
        .escalation
        .iter()
        .filter(|e| failures >= e.consecutive_failures)
        .find_map(|e| {
            let r = measure.revocation.iter().find(|r| r.id == e.revocation)?;
            Some((
                r,
                format!(
                    "连续第{failures}次{}（办法规定连续{}次），取消资格（{}，{}）",
                    grade.label, e.consecutive_failures, r.label, r.cite
                ),
            ))
        })
}

/// A warning for a failing grade that does not yet lead to revocation: what failing again brings.
pub fn failing_again(measure: &Measure, grade: &Grade, previous_failures: u32) -> Option<String> {
    if revocation(measure, grade, previous_failures).is_some() {
        return None;
    }
    let (r, _) = revocation(measure, grade, previous_failures.saturating_add(1))?;
    let may = if r.automatic { "将" } else { "可" };
    Some(format!(
        "若下一次考核仍{}，{may}取消资格（{}，{}）",
        grade.label, r.label, r.cite
    ))
}
