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

pub(super) fn exclusion(
    library: &Library,
    m: &LoadedMeasure,
    p: &Profile,
) -> Option<ExclusionInfo> {
    m.measure.exclusion.iter().find_map(|e| {
        let Some(FactValue::Set(have)) = p.get(&e.fact) else {
            return None;
        };
        let hit: Vec<&str> = e
            .any_of
            .iter()
            .filter(|c| have.contains(*c))
            .map(String::as_str)
            .collect();
        if hit.is_empty() {
            return None;
        }
        let def = library.facts.fact(&e.fact);
        let names: Vec<&str> = hit
            .iter()
            .map(|c| def.map_or(*c, |d| d.choice_label(c)))
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
    })
}

pub(super) fn ban(m: &LoadedMeasure, p: &Profile) -> Option<BanInfo> {
    let on = p.application.as_ref().map_or(p.as_of, |a| a.submitted_on);
    m.measure
        .ban
        .iter()
        .filter(|b| b.trigger == BanTrigger::Fraud)
        .find_map(|b| {
            p.history
                .fraud_findings
                .iter()
                .filter_map(|f| b.period.last_day_after(f.date).map(|until| (f, until)))
                .filter(|(f, until)| f.date <= on && on <= *until)
                .max_by_key(|(_, until)| *until)
                .map(|(f, until)| BanInfo {
                    ban: b.id.clone(),
                    found_on: f.date,
                    until,
                    article: b.cite.to_string(),
                    message: format!(
                        "{} 被认定存在弄虚作假行为，依{}「{}」，{} 前（含当日）不得申报",
                        f.date, b.cite, b.quote, until
                    ),
                })
        })
}

pub(super) fn late(library: &Library, m: &LoadedMeasure, p: &Profile) -> Option<LateInfo> {
    let app = p.application.as_ref()?;
    let call = match &app.call {
        Some(id) => m.measure.call.iter().find(|c| &c.id == id)?,
        None => m
            .measure
            .call
            .iter()
            .find(|c| c.year == app.submitted_on.year())?,
    };
    // 民法典 第二百零三条: a last day that is a rest day moves to the next working day; where
    // the calendar does not cover the year, the stated date stands.
    let effective = library
        .calendar
        .deadline(call.deadline)
        .unwrap_or(call.deadline);
    (app.submitted_on > effective).then(|| LateInfo {
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
