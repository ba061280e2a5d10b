//! The verdict and the findings that decide it before any condition: exclusion from scope, an
//! active ban, a late submission.

use jiff::civil::Date;
use policy::model::{BanTrigger, Cited};
use policy::{Library, LoadedMeasure};
use serde::Serialize;

use crate::profile::{FactValue, Profile};

/// The verdict of an eligibility check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// Every condition the system can decide is met.
    Eligible,
    /// At least one decisive condition is not met.
    Ineligible,
    /// An active ban after fraud.
    Barred,
    /// Outside the measure's scope.
    Excluded,
    /// Nothing given fails, but facts are missing (资料不全).
    Incomplete,
    /// Submitted after the call's deadline.
    Late,
}

impl Verdict {
    /// The Chinese label.
    pub fn label(self) -> &'static str {
        match self {
            Self::Eligible => "符合条件",
            Self::Ineligible => "不符合条件",
            Self::Barred => "禁止申报期内",
            Self::Excluded => "不属本办法管理范围",
            Self::Incomplete => "资料不全",
            Self::Late => "逾期申报",
        }
    }

    /// The identifier, as in the JSON (`eligible`, `ineligible`…).
    pub fn code(self) -> &'static str {
        match self {
            Self::Eligible => "eligible",
            Self::Ineligible => "ineligible",
            Self::Barred => "barred",
            Self::Excluded => "excluded",
            Self::Incomplete => "incomplete",
            Self::Late => "late",
        }
    }

    /// Whether the space may be recognised on this check.
    pub fn is_eligible(self) -> bool {
        self == Self::Eligible
    }
}

/// An active ban.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BanInfo {
    /// The ban's id.
    pub ban: String,
    /// The finding date.
    pub found_on: Date,
    /// The last day of the ban.
    pub until: Date,
    /// The article.
    pub article: String,
    /// The sentence.
    pub message: String,
}

/// An exclusion from scope.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ExclusionInfo {
    /// The exclusion's id.
    pub exclusion: String,
    /// The article.
    pub article: String,
    /// The sentence.
    pub message: String,
}

/// A late submission.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LateInfo {
    /// The call.
    pub call: String,
    /// The deadline as the call states it.
    pub deadline: Date,
    /// The deadline after 民法典 第二百零三条 (moved off a rest day), where the calendar covers it.
    pub effective_deadline: Date,
    /// When it was submitted.
    pub submitted_on: Date,
    /// The article.
    pub article: String,
    /// The sentence.
    pub message: String,
}

/// What decides the verdict before any condition, as typed findings: the exclusion hit (by
/// index in the measure), the active ban, the late submission. No text.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Gates {
    /// The index of the exclusion that applies.
    pub excluded: Option<usize>,
    /// The active ban: its index, the finding date and the ban's last day.
    pub barred: Option<(usize, Date, Date)>,
    /// The late submission: the call's index and the effective deadline.
    pub late: Option<(usize, Date)>,
}

impl Gates {
    pub(super) fn find(library: &Library, m: &LoadedMeasure, p: &Profile) -> Self {
        Self {
            excluded: exclusion(m, p),
            barred: ban(m, p),
            late: late(library, m, p),
        }
    }
}

fn exclusion(m: &LoadedMeasure, p: &Profile) -> Option<usize> {
    m.measure.exclusion.iter().position(|e| {
        matches!(p.get(&e.fact), Some(FactValue::Set(have)) if e.any_of.iter().any(|c| have.contains(c)))
    })
}

fn ban(m: &LoadedMeasure, p: &Profile) -> Option<(usize, Date, Date)> {
    let on = p.application.as_ref().map_or(p.as_of, |a| a.submitted_on);
    m.measure
        .ban
        .iter()
        .enumerate()
        .filter(|(_, b)| b.trigger == BanTrigger::Fraud)
        .find_map(|(i, b)| {
            p.history
                .fraud_findings
                .iter()
                .filter_map(|f| b.period.last_day_after(f.date).map(|until| (f, until)))
                .filter(|(f, until)| f.date <= on && on <= *until)
                .max_by_key(|(_, until)| *until)
                .map(|(f, until)| (i, f.date, until))
        })
}

fn late(library: &Library, m: &LoadedMeasure, p: &Profile) -> Option<(usize, Date)> {
    let app = p.application.as_ref()?;
    let i = match &app.call {
        Some(id) => m.measure.call.iter().position(|c| &c.id == id)?,
        None => m
            .measure
            .call
            .iter()
            .position(|c| c.year == app.submitted_on.year())?,
    };
    let call = &m.measure.call[i];
    // 民法典 第二百零三条: a last day that is a rest day moves to the next working day; where
    // the calendar does not cover the year, the stated date stands.
    let effective = library
        .calendar
        .deadline(call.deadline)
        .unwrap_or(call.deadline);
    (app.submitted_on > effective).then_some((i, effective))
}

/// The exclusion in words.
pub(super) fn exclusion_info(
    library: &Library,
    m: &LoadedMeasure,
    p: &Profile,
    index: usize,
) -> Option<ExclusionInfo> {
    let e = m.measure.exclusion.get(index)?;
    let Some(FactValue::Set(have)) = p.get(&e.fact) else {
        return None;
    };
    let names: Vec<&str> = e
        .any_of
        .iter()
        .filter(|c| have.contains(*c))
        .map(|c| library.facts.choice_label(&e.fact, c))
        .collect();
    Some(ExclusionInfo {
        exclusion: e.id.clone(),
        article: e.cite.to_string(),
        message: format!(
            "已认定（备案）为{}，依{}「{}」不纳入本办法管理范围",
            names.join("、"),
            e.cite,
            e.quote
        ),
    })
}

/// The ban in words.
pub(super) fn ban_info(
    m: &LoadedMeasure,
    (index, found_on, until): (usize, Date, Date),
) -> Option<BanInfo> {
    let b = m.measure.ban.get(index)?;
    Some(BanInfo {
        ban: b.id.clone(),
        found_on,
        until,
        article: b.cite.to_string(),
        message: format!(
            "{found_on} 被认定存在弄虚作假行为，依{}「{}」，{until} 前（含当日）不得申报",
            b.cite, b.quote
        ),
    })
}

/// The late submission in words.
pub(super) fn late_info(
    m: &LoadedMeasure,
    p: &Profile,
    (index, effective): (usize, Date),
) -> Option<LateInfo> {
    let call = m.measure.call.get(index)?;
    let app = p.application.as_ref()?;
    Some(LateInfo {
        call: call.id.clone(),
        deadline: call.deadline,
        effective_deadline: effective,
        submitted_on: app.submitted_on,
        article: call.provision().cite.to_string(),
        message: format!(
            "{}于 {} 提交，晚于{}「{}」规定的截止日期 {}",
            call.title, app.submitted_on, call.cite, call.quote, effective
        ),
    })
}
