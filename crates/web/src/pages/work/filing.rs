//! One filing of a recognised space as filed, for the authority's page and the space's own:
//! the statistics field by field with the jumps flagged for checking, the report and plan, the
//! change, or the rectification report; when and by whom.

use axum::response::{IntoResponse, Response};
use casework::{FilingEntry, SpaceRecord};
use minijinja::context;
use minijinja::value::Serde;
use policy::model::FilingKind;
use serde::Serialize;
use serde_json::Value;
use workflow::filings::FilingForm;

use super::{casework, cw_error, filing_label, filing_period, value_text};
use crate::error::AppError;
use crate::state::AppState;

/// A filing as a line of a space's filings table: its kind and period in words, the jumps to
/// check, and the filing of its period it corrects or that corrects it.
#[derive(Debug, Serialize)]
pub struct FilingRow {
    /// The filing id.
    pub id: i64,
    /// The kind, in the glossary's word.
    pub kind: &'static str,
    /// The period or the change, in words.
    pub period: String,
    /// The day filed.
    pub filed_on: String,
    /// How many values jumped and are to be checked.
    pub flags: usize,
    /// The earlier filing of the same period this one corrects.
    pub corrects: Option<i64>,
    /// The later filing that corrects this one.
    pub corrected_by: Option<i64>,
}

impl From<&FilingEntry> for FilingRow {
    fn from(f: &FilingEntry) -> Self {
        Self {
            id: f.id,
            kind: filing_label(&f.kind),
            period: filing_period(&f.kind, &f.period),
            filed_on: f.filed_on.to_string(),
            flags: f.flags.as_array().map_or(0, Vec::len),
            corrects: f.corrects,
            corrected_by: f.corrected_by,
        }
    }
}

/// A material change as a line of a space's page: reported or not, and the authority's review
/// where the measure sets one.
#[derive(Debug, Serialize)]
pub struct ChangeRow {
    /// Its number among the space's changes (from 1), for the review form.
    pub n: usize,
    /// What changed.
    pub what: String,
    /// When it happened.
    pub occurred_on: String,
    /// When it was reported.
    pub reported_on: Option<String>,
    /// The review's outcome in words with its day; 待审核 where one awaits.
    pub review: Option<String>,
    /// The reviewer's facts and reasons.
    pub review_note: Option<String>,
    /// Reported, awaiting the review the measure sets.
    pub pending: bool,
    /// The facts after the change beside the record before it, where the report gave them.
    pub facts: Vec<FactLine>,
    /// The measure's conditions checked again on them (as weighed when reviewed).
    pub recheck: Option<workflow::review::Recheck>,
    /// Reviewed: the check is the one the reviewer saw, not today's.
    pub decided: bool,
    /// Reported, waiting for the body of the space's area to pass it on.
    pub forward_pending: bool,
    /// The forwarding in words (待盟市科技局转报, 盟市科技局已转报（day）), where the measure
    /// routes reports through another body.
    pub forwarding: Option<String>,
    /// The forwarding body's opinion.
    pub forward_note: Option<String>,
}

/// A fact of a change: before and after, in words.
#[derive(Debug, Serialize)]
pub struct FactLine {
    /// The fact's label.
    pub label: String,
    /// On record before the change (`—` when none).
    pub before: String,
    /// After the change.
    pub after: String,
    /// Whether the two differ.
    pub differs: bool,
}

/// The changes of `s` as lines under its measure `m`, each weighed as it stands on `today` (a
/// reviewed one as its reviewer saw it): the workbench's and the portal's space pages.
pub async fn space_changes(
    state: &AppState,
    s: &SpaceRecord,
    m: &policy::model::Measure,
    today: jiff::civil::Date,
) -> Result<Vec<ChangeRow>, AppError> {
    let weighed = casework(state)?
        .weighed_changes(s, today)
        .await
        .map_err(|e| cw_error(e, "space"))?;
    Ok(change_rows(state, &s.space, m, weighed))
}

/// The changes of a space as lines, under the review and the forwarding its measure sets (if
/// any), each with its facts weighed (`Casework::weighed_changes`, in the same order).
fn change_rows(
    state: &AppState,
    space: &workflow::lifecycle::Space,
    measure: &policy::model::Measure,
    weighed: Vec<Option<casework::ChangeRecheck>>,
) -> Vec<ChangeRow> {
    let review = measure.change_review();
    let forwarding = measure.change_forwarding();
    let unit = |role: &str| {
        measure
            .role(role)
            .map_or_else(|| role.to_string(), |r| r.label.clone())
    };
    let text = |fact: &str, v: Option<&serde_json::Value>| match v {
        None | Some(serde_json::Value::Null) => "—".to_string(),
        Some(serde_json::Value::Array(a)) if a.is_empty() => "无".to_string(),
        Some(v) => value_text(state, fact, v),
    };
    // The facts in the order the form lists them.
    let listed = |fact: &str| {
        state
            .library
            .facts
            .facts_as_listed()
            .position(|d| d.name.as_str() == fact)
            .unwrap_or(usize::MAX)
    };
    space
        .changes
        .iter()
        .zip(weighed)
        .enumerate()
        .map(|(i, (c, w))| {
            // Only an active space has anything waiting: a revoked one's changes are moot.
            let active = space.status == workflow::lifecycle::SpaceStatus::Active;
            let pending = active && c.awaiting_review(review.is_some());
            ChangeRow {
                n: i + 1,
                what: c.what.clone(),
                occurred_on: c.occurred_on.to_string(),
                reported_on: c.reported_on.map(|d| d.to_string()),
                review: match (&c.review, review) {
                    (Some(r), Some(words)) => {
                        Some(format!("{}（{}）", words.outcome_word(r.agreed), r.on))
                    }
                    // Reviewed under a measure that has since dropped its review: the day only.
                    (Some(r), None) => Some(format!("已审核（{}）", r.on)),
                    (None, _) if pending => Some("待审核".into()),
                    (None, _) => None,
                },
                review_note: c
                    .review
                    .as_ref()
                    .map(|r| r.note.clone())
                    .filter(|n| !n.is_empty()),
                pending,
                facts: w.as_ref().map_or_else(Vec::new, |w| {
                    let mut measured: Vec<&workflow::review::Measurement> =
                        w.facts.iter().collect();
                    measured.sort_by_key(|m| listed(&m.fact));
                    measured
                        .into_iter()
                        .map(|m| FactLine {
                            label: m.label.clone(),
                            before: text(&m.fact, m.declared.as_ref()),
                            after: text(&m.fact, Some(&m.found)),
                            differs: m.differs,
                        })
                        .collect()
                }),
                recheck: w.and_then(|w| w.recheck),
                decided: c.review.is_some(),
                forward_pending: active && c.awaiting_forwarding(forwarding.is_some()),
                forwarding: match (&c.forwarded, forwarding) {
                    (Some(f), Some(fw)) => {
                        Some(format!("{}已{}（{}）", unit(&fw.by), fw.label, f.on))
                    }
                    (None, Some(fw)) if active && c.reported_on.is_some() => {
                        Some(format!("待{}{}", unit(&fw.by), fw.label))
                    }
                    _ => None,
                },
                forward_note: c
                    .forwarded
                    .as_ref()
                    .map(|f| f.note.clone())
                    .filter(|n| !n.is_empty()),
            }
        })
        .collect()
}

/// One line of what was filed.
#[derive(Serialize)]
struct Row {
    label: String,
    value: String,
    /// Why the value is to be checked (a jump from the previous filing).
    flag: Option<String>,
}

/// A stored value as shown: a text as it is, a number without quotes, none as a dash.
fn shown(v: Option<&Value>) -> String {
    match v {
        None | Some(Value::Null) => "—".into(),
        Some(Value::String(s)) if s.is_empty() => "—".into(),
        Some(Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
    }
}

/// The statistics form's fields, each with its value and flag.
fn statistics_rows(state: &AppState, values: &Value, flags: &Value) -> Vec<Row> {
    let form = state
        .library
        .file("forms/statistics.toml")
        .and_then(|t| FilingForm::from_toml(t).ok());
    let flag_of = |field: &str| {
        flags.as_array().and_then(|all| {
            all.iter()
                .find(|f| f.get("field").and_then(Value::as_str) == Some(field))
                .and_then(|f| f.get("message").and_then(Value::as_str))
                .map(str::to_string)
        })
    };
    form.map(|form| {
        form.fields
            .iter()
            .map(|f| Row {
                label: if f.unit.is_empty() {
                    f.label.clone()
                } else {
                    format!("{}（{}）", f.label, f.unit)
                },
                value: shown(values.get(&f.id)),
                flag: flag_of(&f.id),
            })
            .collect()
    })
    .unwrap_or_default()
}

/// The lines of a filing of another kind, by the keys it is kept under.
fn rows_of(values: &Value, labels: &[(&str, &str)]) -> Vec<Row> {
    labels
        .iter()
        .map(|(key, label)| Row {
            label: (*label).to_string(),
            value: shown(values.get(*key)),
            flag: None,
        })
        .collect()
}

/// The lines of a filing, by its kind.
fn rows(state: &AppState, f: &FilingEntry) -> Vec<Row> {
    match FilingKind::from_code(&f.kind) {
        Some(FilingKind::Statistics) => statistics_rows(state, &f.values, &f.flags),
        Some(FilingKind::AnnualReport) => rows_of(
            &f.values,
            &[("report", "年度工作报告"), ("plan", "下一年度工作计划")],
        ),
        Some(FilingKind::ChangeReport) => rows_of(
            &f.values,
            &[("what", "变化事项"), ("occurred_on", "变化发生日期")],
        ),
        None if f.kind == casework::rectification::RECTIFICATION_REPORT => rows_of(
            &f.values,
            &[
                ("text", "整改报告"),
                ("attachment_name", "附件"),
                ("since", "考核不合格之日"),
                ("until", "整改期限"),
                ("cite", "依据"),
            ],
        ),
        None => Vec::new(),
    }
}

/// Where a filing's page sits: the navigation entry, the start page and the space's page it
/// leads back to.
pub struct FilingPlace<'a> {
    /// The navigation entry (`workbench`, `portal`).
    pub nav: &'a str,
    /// The start page's path and name.
    pub home: (&'a str, &'a str),
    /// The space's page.
    pub space_href: String,
}

/// The page of one filing of a space the caller has let the account see: what was filed, when
/// and by whom (not found when the filing is another space's).
pub async fn filing_page(
    state: &AppState,
    space: &SpaceRecord,
    filing: i64,
    place: FilingPlace<'_>,
) -> Result<Response, AppError> {
    let f = casework(state)?
        .filing_of(space.id, filing)
        .await
        .map_err(|e| cw_error(e, "filing"))?;
    let rows = rows(state, &f);
    let filed_by = match f.filed_by.parse::<i64>() {
        Ok(account) => match store::account::get(state.store()?.db(), account).await {
            Ok(a) => format!("{}（{}）", a.name, crate::auth::role_label(a.role)),
            Err(_) => format!("账号 {account}"),
        },
        Err(_) => f.filed_by.clone(),
    };
    let flagged = rows.iter().filter(|r| r.flag.is_some()).count();
    let kind = filing_label(&f.kind);
    let html = crate::pages::page(
        state,
        "filing.html",
        context! {
            title => format!("{kind} · {}", space.name), nav => place.nav,
            home => context! { href => place.home.0, label => place.home.1 },
            space => context! { href => place.space_href, name => space.name.clone() },
            filing => context! {
                id => f.id, kind, period => filing_period(&f.kind, &f.period),
                filed_on => f.filed_on.to_string(), filed_by, flagged,
                corrects => f.corrects, corrected_by => f.corrected_by,
            },
            rows => Serde(rows),
        },
    )?;
    Ok(html.into_response())
}
