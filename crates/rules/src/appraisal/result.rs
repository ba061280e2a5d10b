//! The appraisal result, schema [`SCHEMA`]: every row with its input, points and wording, the
//! shared caps, the sections, the grade and what follows from it, and a replayable receipt.
//!
//! JSON schema `makerspace.appraisal/1` (scores are JSON numbers; absent values are `null`):
//! - `schema`, `policy_id`, `measure_title`, `method` (`index_table` | `recorded_grade`), `space`
//!   (the input's `id`, or null);
//! - `base`, `base_max`, `bonus`, `bonus_max`, `total`: numbers (null for recorded grades);
//! - `grade`: the measure's word (`优秀`), `grade_id`, `grade_cite`, `grade_quote`;
//! - `scored_grade`: `{ id, label }` the score alone gives, when an override changed it, else null;
//! - `override`: `{ id, label, input, cite, quote, reading }` when one fixed the grade, else null;
//! - `subsidy_yuan`: whole yuan or null; `subsidies`: the `[[subsidy]]` entries the grade triggers;
//! - `consequence`: `{ kind: none | recommendation | rectification, text, to, period, cite }`;
//! - `revocation`: `{ id, label, automatic, cite, quote, reason }` when failing again revokes,
//!   else null; `warning`: what failing again would bring, else null;
//! - `items`: per index row `{ id, label, group, group_label, section, input, input_label, unit,
//!   value, rule, raw_points, cap, capped, joint_cap, joint_cut, points, max, wording, content,
//!   cite, quote, reading }` (`wording` is the tier's wording for tiered rows, else the row's);
//! - `joint_caps`: `{ id, items, cap, sum, cut, cite, quote, reading }`;
//! - `next_grade`: see [`NextGrade`], null at the top grade, for recorded grades and overrides
//!   show a `note` instead of changes;
//! - `receipt`: `{ policy_id, policy_version, policy_hash, engine, inputs }`.

use policy::LoadedMeasure;
use policy::facts::{FactDef, FactName};
use policy::law::{Citation, Period};
use policy::model::{AppraisalMethod, Consequence, Grade, IndexItem, Scoring, Section};
use rust_decimal::Decimal;
use serde::Serialize;

use super::advice::NextGrade;
use super::grade::Decision;
use super::input::{AppraisalInput, InputValue};
use super::num::{self, show};
use super::score::Scorecard;

/// The JSON schema identifier of [`AppraisalResult`]; bumped on any incompatible change.
pub const SCHEMA: &str = "makerspace.appraisal/1";

/// One index row's result.
#[derive(Debug, Clone, Serialize)]
pub struct ItemResult<'a> {
    /// The row id.
    pub id: &'a str,
    /// Its label.
    pub label: &'a str,
    /// Its group id.
    pub group: &'a str,
    /// Its group's label.
    pub group_label: &'a str,
    /// Base or bonus.
    pub section: Section,
    /// The appraisal input scored.
    pub input: &'a FactName,
    /// The input's label.
    pub input_label: &'a str,
    /// The input's unit as shown.
    pub unit: &'a str,
    /// The value given (null when absent: nothing reported, nothing scored).
    pub value: Option<InputValue>,
    /// The value as shown to people, with its unit or choice labels.
    pub value_text: String,
    /// How the row scores, in Chinese.
    pub rule: String,
    /// Points from the scoring alone.
    #[serde(serialize_with = "num::decimal")]
    pub raw_points: Decimal,
    /// The row's own cap.
    #[serde(serialize_with = "num::opt_decimal")]
    pub cap: Option<Decimal>,
    /// Whether the row's own cap cut the points.
    pub capped: bool,
    /// The shared cap the row belongs to.
    pub joint_cap: Option<&'a str>,
    /// Points the shared cap removed from this row.
    #[serde(serialize_with = "num::decimal")]
    pub joint_cut: Decimal,
    /// Points counted.
    #[serde(serialize_with = "num::decimal")]
    pub points: Decimal,
    /// The most the row can earn: its scoring, its own cap and any shared cap (null when unbounded).
    #[serde(serialize_with = "num::opt_decimal")]
    pub max: Option<Decimal>,
    /// The wording that applied: the tier's for tiered rows, the row's otherwise.
    pub wording: &'a str,
    /// The evaluation content as the table words it.
    pub content: &'a str,
    /// The article (or table).
    pub cite: &'a Citation,
    /// The quoted text.
    pub quote: &'a str,
    /// The reading chosen.
    pub reading: Option<&'a str>,
}

/// A shared cap's result.
#[derive(Debug, Clone, Serialize)]
pub struct JointCapResult<'a> {
    /// The cap id.
    pub id: &'a str,
    /// The rows sharing it.
    pub items: &'a [String],
    /// The cap.
    #[serde(serialize_with = "num::decimal")]
    pub cap: Decimal,
    /// The rows' points before it.
    #[serde(serialize_with = "num::decimal")]
    pub sum: Decimal,
    /// Points removed.
    #[serde(serialize_with = "num::decimal")]
    pub cut: Decimal,
    /// The article.
    pub cite: &'a Citation,
    /// Its text.
    pub quote: &'a str,
    /// The reading chosen (how the cap is read, and the cut order).
    pub reading: Option<&'a str>,
}

/// A grade by id and word.
#[derive(Debug, Clone, Serialize)]
pub struct GradeRef<'a> {
    /// The grade id.
    pub id: &'a str,
    /// The measure's word.
    pub label: &'a str,
}

/// The override that fixed the grade.
#[derive(Debug, Clone, Serialize)]
pub struct OverrideResult<'a> {
    /// The override id.
    pub id: &'a str,
    /// Its label.
    pub label: &'a str,
    /// The input tested.
    pub input: &'a FactName,
    /// The article.
    pub cite: &'a Citation,
    /// Its text.
    pub quote: &'a str,
    /// The reading chosen.
    pub reading: Option<&'a str>,
}

/// A subsidy the grade triggers.
#[derive(Debug, Clone, Serialize)]
pub struct SubsidyResult<'a> {
    /// The subsidy id.
    pub id: &'a str,
    /// Its label.
    pub label: &'a str,
    /// The amount in whole yuan, where the measure names one.
    pub amount_yuan: Option<i64>,
    /// The article.
    pub cite: &'a Citation,
    /// Its text.
    pub quote: &'a str,
    /// The reading chosen.
    pub reading: Option<&'a str>,
}

/// What the grade brings besides a subsidy.
#[derive(Debug, Clone, Serialize)]
pub struct ConsequenceResult<'a> {
    /// `none`, `recommendation` or `rectification`.
    pub kind: &'static str,
    /// One Chinese sentence.
    pub text: String,
    /// For a recommendation: to what.
    pub to: Option<&'a str>,
    /// For a rectification: the period, where the measure sets one.
    pub period: Option<Period>,
    /// The grade's article.
    pub cite: &'a Citation,
}

/// A revocation that follows from failing again.
#[derive(Debug, Clone, Serialize)]
pub struct RevocationResult<'a> {
    /// The revocation id.
    pub id: &'a str,
    /// Its label.
    pub label: &'a str,
    /// Whether it follows automatically.
    pub automatic: bool,
    /// The article.
    pub cite: &'a Citation,
    /// Its text.
    pub quote: &'a str,
    /// Why, in Chinese.
    pub reason: String,
}

/// What makes the appraisal replayable: the exact policy and the inputs as read.
#[derive(Debug, Clone, Serialize)]
pub struct Receipt<'a> {
    /// The measure id.
    pub policy_id: &'a str,
    /// The policy file's version.
    pub policy_version: &'a str,
    /// The policy file's content hash.
    pub policy_hash: String,
    /// The engine.
    pub engine: &'static str,
    /// The input as read.
    pub inputs: AppraisalInput,
}

/// The full result of one appraisal.
#[derive(Debug, Clone, Serialize)]
pub struct AppraisalResult<'a> {
    /// The schema identifier ([`SCHEMA`]).
    pub schema: &'static str,
    /// The measure id.
    pub policy_id: &'a str,
    /// The measure's title.
    pub measure_title: &'a str,
    /// Index table or recorded grade.
    pub method: AppraisalMethod,
    /// The space's label from the input, where given.
    pub space: Option<String>,
    /// The base score.
    #[serde(serialize_with = "num::opt_decimal")]
    pub base: Option<Decimal>,
    /// Its maximum.
    #[serde(serialize_with = "num::opt_decimal")]
    pub base_max: Option<Decimal>,
    /// The bonus.
    #[serde(serialize_with = "num::opt_decimal")]
    pub bonus: Option<Decimal>,
    /// Its maximum.
    #[serde(serialize_with = "num::opt_decimal")]
    pub bonus_max: Option<Decimal>,
    /// base + bonus.
    #[serde(serialize_with = "num::opt_decimal")]
    pub total: Option<Decimal>,
    /// The measure's word for the grade.
    pub grade: &'a str,
    /// The grade id.
    pub grade_id: &'a str,
    /// The grade's article.
    pub grade_cite: &'a Citation,
    /// Its text.
    pub grade_quote: &'a str,
    /// The grade the score alone gives, when an override changed it.
    pub scored_grade: Option<GradeRef<'a>>,
    /// The override that fixed the grade.
    #[serde(rename = "override")]
    pub override_: Option<OverrideResult<'a>>,
    /// The subsidy in whole yuan, where the measure names an amount.
    pub subsidy_yuan: Option<i64>,
    /// The subsidies the grade triggers.
    pub subsidies: Vec<SubsidyResult<'a>>,
    /// What else the grade brings.
    pub consequence: ConsequenceResult<'a>,
    /// The revocation that follows, when this failure is one too many.
    pub revocation: Option<RevocationResult<'a>>,
    /// What failing again would bring.
    pub warning: Option<String>,
    /// Per index row.
    pub items: Vec<ItemResult<'a>>,
    /// Per shared cap.
    pub joint_caps: Vec<JointCapResult<'a>>,
    /// What it takes to reach the next grade.
    pub next_grade: Option<NextGrade<'a>>,
    /// The replayable receipt.
    pub receipt: Receipt<'a>,
}

/// How a row scores, in Chinese.
/// `input`, the row's appraisal input, names the choices a highest-of row scores.
pub fn rule_text(item: &IndexItem, unit: &str, input: Option<&FactDef>) -> String {
    let scoring = match &item.scoring {
        Scoring::Tiers { tiers } => format!("分{}档计分", tiers.len()),
        Scoring::PerUnit { per: 1, points } => format!("每{unit}计{}分", show(*points)),
        Scoring::PerUnit { per, points } => format!(
            "每满{per}{unit}计{}分（不足{per}{unit}不计）",
            show(*points)
        ),
        Scoring::Highest { values } => {
            let parts: Vec<String> = values
                .iter()
                .map(|v| {
                    format!(
                        "{} {}分",
                        input.map_or(v.value.as_str(), |d| d.choice_label(&v.value)),
                        show(v.points)
                    )
                })
                .collect();
            format!("{}，按最高一项计，不累加", parts.join("、"))
        }
    };
    match item.cap {
        Some(c) => format!("{scoring}，最高{}分", show(c)),
        None => scoring,
    }
}

pub(super) fn consequence<'a>(grade: &'a Grade) -> ConsequenceResult<'a> {
    let (kind, to, period) = match &grade.consequence {
        Consequence::None => ("none", None, None),
        Consequence::Recommendation { to } => ("recommendation", Some(to.as_str()), None),
        Consequence::Rectification { period } => ("rectification", None, *period),
    };
    ConsequenceResult {
        kind,
        text: super::grade::consequence_text(&grade.consequence),
        to,
        period,
        cite: &grade.cite,
    }
}

/// Assembles the result from the numbers and the decision.
pub(super) fn assemble<'a>(
    library: &'a policy::Library,
    measure: &'a LoadedMeasure,
    input: &AppraisalInput,
    card: Option<&Scorecard>,
    decision: Decision<'a>,
) -> AppraisalResult<'a> {
    let m = &measure.measure;
    let Some(appraisal) = m.appraisal.as_ref() else {
        unreachable!("assemble is called for measures with an appraisal");
    };
    let mut items = Vec::new();
    let mut joint_caps = Vec::new();
    if let Some(card) = card {
        for (item, pts) in appraisal.item.iter().zip(&card.items) {
            let def = library.facts.appraisal_input(&item.input);
            let unit = def.map_or("", |d| d.display_unit());
            let wording = match (&item.scoring, pts.tier) {
                (Scoring::Tiers { tiers }, Some(t)) => tiers[t].wording.as_str(),
                (Scoring::Tiers { .. }, None) => "不在任何档位，不得分",
                _ => item.quote.as_str(),
            };
            let group = appraisal.group.iter().find(|g| g.id == item.group);
            items.push(ItemResult {
                id: &item.id,
                label: &item.label,
                group: &item.group,
                group_label: group.map_or(item.group.as_str(), |g| g.label.as_str()),
                section: pts.section,
                input: &item.input,
                input_label: def.map_or(item.input.as_str(), |d| d.label.as_str()),
                unit,
                value: input.get(&item.input).cloned(),
                value_text: match (input.get(&item.input), def) {
                    (None, _) => "未填（不计分）".to_string(),
                    (Some(InputValue::Set(set)), Some(d)) if !set.is_empty() => set
                        .iter()
                        .map(|c| d.choice_label(c))
                        .collect::<Vec<_>>()
                        .join("、"),
                    (Some(InputValue::Quantity(q)), _) => format!("{}{unit}", show(*q)),
                    (Some(v), _) => v.to_string(),
                },
                rule: match pts.joint.map(|j| &appraisal.joint_cap[j]) {
                    Some(j) => format!(
                        "{}；与{}合计最高{}分",
                        rule_text(item, unit, def),
                        j.items
                            .iter()
                            .filter(|id| **id != item.id)
                            .map(|id| appraisal
                                .item
                                .iter()
                                .find(|i| &i.id == id)
                                .map_or_else(|| id.clone(), |i| format!("「{}」", i.label)))
                            .collect::<Vec<_>>()
                            .join(""),
                        show(j.cap)
                    ),
                    None => rule_text(item, unit, def),
                },
                raw_points: pts.raw,
                cap: item.cap,
                capped: pts.capped < pts.raw,
                joint_cap: pts.joint.map(|j| appraisal.joint_cap[j].id.as_str()),
                joint_cut: pts.capped - pts.points,
                points: pts.points,
                max: match (
                    super::score::item_max(item),
                    pts.joint.map(|j| appraisal.joint_cap[j].cap),
                ) {
                    (Some(a), Some(b)) => Some(a.min(b)),
                    (a, b) => a.or(b),
                },
                wording,
                content: &item.content,
                cite: &item.cite,
                quote: &item.quote,
                reading: item.reading.as_deref(),
            });
        }
        for (cap, use_) in appraisal.joint_cap.iter().zip(&card.joint) {
            joint_caps.push(JointCapResult {
                id: &cap.id,
                items: &cap.items,
                cap: cap.cap,
                sum: use_.sum,
                cut: use_.cut,
                cite: &cap.cite,
                quote: &cap.quote,
                reading: cap.reading.as_deref(),
            });
        }
    }
    let grade = decision.grade;
    let subsidies = m
        .subsidy
        .iter()
        .filter(|s| matches!(&s.trigger, policy::model::SubsidyTrigger::Grade { grade: g } if *g == grade.id))
        .map(|s| SubsidyResult {
            id: &s.id,
            label: &s.label,
            amount_yuan: s.amount_yuan.map(|y| y.0),
            cite: &s.cite,
            quote: &s.quote,
            reading: s.reading.as_deref(),
        })
        .collect();
    let revocation =
        super::grade::revocation(m, grade, input.previous_failures).map(|(r, reason)| {
            RevocationResult {
                id: &r.id,
                label: &r.label,
                automatic: r.automatic,
                cite: &r.cite,
                quote: &r.quote,
                reason,
            }
        });
    AppraisalResult {
        schema: SCHEMA,
        policy_id: &m.measure.id,
        measure_title: &m.measure.title,
        method: appraisal.method,
        space: input.id.clone(),
        base: card.map(|c| c.base),
        base_max: card.and(appraisal.base_max),
        bonus: card.map(|c| c.bonus),
        bonus_max: card.and(appraisal.bonus_max),
        total: card.map(|c| c.total),
        grade: &grade.label,
        grade_id: &grade.id,
        grade_cite: &grade.cite,
        grade_quote: &grade.quote,
        scored_grade: decision
            .scored
            .filter(|s| decision.overridden_by.is_some() && s.id != grade.id)
            .map(|s| GradeRef {
                id: &s.id,
                label: &s.label,
            }),
        override_: decision.overridden_by.map(|o| OverrideResult {
            id: &o.id,
            label: &o.label,
            input: &o.input,
            cite: &o.cite,
            quote: &o.quote,
            reading: o.reading.as_deref(),
        }),
        subsidy_yuan: super::grade::subsidy_yuan(m, grade),
        subsidies,
        consequence: consequence(grade),
        revocation,
        warning: super::grade::failing_again(m, grade, input.previous_failures),
        items,
        joint_caps,
        next_grade: None,
        receipt: Receipt {
            policy_id: &m.measure.id,
            policy_version: &m.measure.version,
            policy_hash: measure.hash.to_string(),
            engine: concat!("rules ", env!("CARGO_PKG_VERSION")),
            inputs: input.clone(),
        },
    }
}
