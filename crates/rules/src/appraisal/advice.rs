//! What it takes to reach the next grade: the cheapest set of input increases that lifts the
//! total to the next band, found exactly (a small knapsack over the rows), then verified by
//! re-scoring.
//!
//! - Only increases, and only where they earn points: a row at its own cap, rows whose shared
//!   cap is full and a section at its maximum get no advice.
//! - Cost: the number of scoring steps added (one more award of a per-N row, one tier climbed,
//!   one listed value held), then the fewest rows changed, then the least overshoot. Units of
//!   different rows (㎡, 人, 场次) are not comparable, the table's own steps are.
//! - Rows sharing a cap are advised together (every combination of their increases), so the
//!   shared cap is honoured exactly.

use std::collections::{BTreeMap, BTreeSet};

use policy::Library;
use policy::facts::{FactName, FactType};
use policy::model::{IndexItem, Scoring, Section};
use rust_decimal::Decimal;
use serde::Serialize;

use super::input::{AppraisalInput, InputValue};
use super::num::{self, show};
use super::plan::Plan;
use super::score::{Scorecard, raw_points};

/// One input change.
#[derive(Debug, Clone, Serialize)]
pub struct Change<'a> {
    /// The index row.
    pub item: &'a str,
    /// Its label.
    pub label: &'a str,
    /// The input to raise.
    pub input: &'a FactName,
    /// The value now (null when absent).
    pub from: Option<InputValue>,
    /// The value needed.
    pub to: InputValue,
    /// The row's points now.
    #[serde(serialize_with = "num::decimal")]
    pub points_from: Decimal,
    /// The row's points after (before any shared cap).
    #[serde(serialize_with = "num::decimal")]
    pub points_to: Decimal,
    /// One Chinese phrase.
    pub message: String,
}

/// The way to the next grade.
#[derive(Debug, Clone, Serialize)]
pub struct NextGrade<'a> {
    /// The next grade's word.
    pub grade: &'a str,
    /// Its id.
    pub grade_id: &'a str,
    /// Its inclusive lower bound.
    #[serde(serialize_with = "num::decimal")]
    pub min_score: Decimal,
    /// Points short of it.
    #[serde(serialize_with = "num::decimal")]
    pub short_by: Decimal,
    /// Whether any increases within the caps reach it.
    pub reachable: bool,
    /// The changes, in the policy's row order.
    pub changes: Vec<Change<'a>>,
    /// The total once the changes are applied (re-scored).
    #[serde(serialize_with = "num::opt_decimal")]
    pub total_after: Option<Decimal>,
    /// The grade the re-scored total gives.
    pub grade_after: Option<&'a str>,
    /// Whether re-scoring confirms the next grade is reached.
    pub verified: bool,
    /// A remark (an override that holds whatever the score, or why it cannot be reached).
    pub note: Option<String>,
}

impl NextGrade<'_> {
    /// The input with the changes applied.
    pub fn apply(&self, input: &AppraisalInput) -> AppraisalInput {
        let mut out = input.clone();
        for c in &self.changes {
            out.values.insert(c.input.clone(), c.to.clone());
        }
        out
    }
}

/// One way to raise one row.
#[derive(Debug, Clone)]
struct Opt {
    value: InputValue,
    capped: Decimal,
    steps: u32,
}

/// One unit of choice: a row alone, or the rows under one shared cap.
#[derive(Debug, Clone)]
struct UnitOpt {
    gain: Decimal,
    steps: u32,
    rows: u32,
    picks: Vec<(usize, usize)>,
}

#[derive(Debug, Clone, Default)]
struct Cand {
    steps: u32,
    rows: u32,
    gain: Decimal,
    picks: Vec<(usize, usize)>,
}

impl Cand {
    fn key(&self) -> (u32, u32, Decimal) {
        (self.steps, self.rows, self.gain)
    }
}

const MAX_COMBINATIONS: usize = 100_000;

/// The way from the scored total to the next band above it, or none at the top band.
pub(super) fn next_grade<'a>(
    library: &Library,
    plan: &Plan<'a>,
    input: &AppraisalInput,
    card: &Scorecard,
) -> Option<NextGrade<'a>> {
    let appraisal = plan.appraisal();
    let pos = appraisal
        .grade
        .iter()
        .position(|g| g.min_score.is_none_or(|m| card.total >= m))?;
    let target = appraisal.grade[..pos]
        .iter()
        .rev()
        .find(|g| g.min_score.is_some())?;
    let min_score = target.min_score?;
    let need = min_score - card.total;
    // Options per row.
    let mut opts: Vec<Vec<Opt>> = Vec::with_capacity(appraisal.item.len());
    for (item, pts) in appraisal.item.iter().zip(&card.items) {
        let ty = library.facts.appraisal_input(&item.input).map(|d| d.ty);
        let mut bound = item.cap.unwrap_or(pts.capped + need + per_award(item));
        if let Some(j) = pts.joint {
            bound = bound.min(appraisal.joint_cap[j].cap);
        }
        opts.push(options(item, input.get(&item.input), pts.capped, bound, ty));
    }
    // Units: rows alone, or grouped under their shared cap.
    let mut seen = BTreeSet::new();
    let mut units: Vec<(Section, Vec<UnitOpt>)> = Vec::new();
    for (i, pts) in card.items.iter().enumerate() {
        match pts.joint {
            None => units.push((
                pts.section,
                opts[i]
                    .iter()
                    .enumerate()
                    .map(|(k, o)| UnitOpt {
                        gain: o.capped - pts.capped,
                        steps: o.steps,
                        rows: 1,
                        picks: vec![(i, k)],
                    })
                    .collect(),
            )),
            Some(j) if seen.insert(j) => {
                let members: Vec<usize> = (0..card.items.len())
                    .filter(|&r| card.items[r].joint == Some(j))
                    .collect();
                units.push((
                    pts.section,
                    joint_options(&members, &opts, card, appraisal.joint_cap[j].cap),
                ));
            }
            Some(_) => {}
        }
    }
    let room = |max: Option<Decimal>, sum: Decimal| {
        max.map_or(need, |m| (m - sum).max(Decimal::ZERO)).min(need)
    };
    let base_limit = room(appraisal.base_max, card.base_sum);
    let bonus_limit = room(appraisal.bonus_max, card.bonus_sum);
    let base = knapsack(
        units.iter().filter(|u| u.0 == Section::Base).map(|u| &u.1),
        base_limit,
    );
    let bonus = knapsack(
        units.iter().filter(|u| u.0 == Section::Bonus).map(|u| &u.1),
        bonus_limit,
    );
    let mut best: Option<Cand> = None;
    for (gb, cb) in &base {
        for (gx, cx) in &bonus {
            if *gb + *gx < need {
                continue;
            }
            let c = Cand {
                steps: cb.steps + cx.steps,
                rows: cb.rows + cx.rows,
                gain: cb.gain + cx.gain,
                picks: cb.picks.iter().chain(&cx.picks).copied().collect(),
            };
            if best.as_ref().is_none_or(|b| c.key() < b.key()) {
                best = Some(c);
            }
        }
    }
    let mut advice = NextGrade {
        grade: &target.label,
        grade_id: &target.id,
        min_score,
        short_by: need,
        reachable: best.is_some(),
        changes: Vec::new(),
        total_after: None,
        grade_after: None,
        verified: false,
        note: None,
    };
    let Some(best) = best else {
        let most = card.total
            + base.keys().next_back().copied().unwrap_or_default()
            + bonus.keys().next_back().copied().unwrap_or_default();
        advice.note = Some(format!(
            "各项在上限内加满后总分最多为 {} 分，仍达不到{}的 {} 分",
            show(most),
            target.label,
            show(min_score)
        ));
        return Some(advice);
    };
    let mut picks = best.picks;
    picks.sort_unstable();
    for (row, k) in picks {
        let item = &appraisal.item[row];
        let o = &opts[row][k];
        let from = input.get(&item.input).cloned();
        let def = library.facts.appraisal_input(&item.input);
        let shown = |v: &InputValue| match (v, def) {
            (InputValue::Set(s), Some(d)) if !s.is_empty() => s
                .iter()
                .map(|c| d.choice_label(c))
                .collect::<Vec<_>>()
                .join("、"),
            (v, Some(d)) => format!("{v}{}", d.display_unit()),
            (v, None) => v.to_string(),
        };
        let message = format!(
            "{}：{} → {}，本项 {} → {} 分",
            item.label,
            from.as_ref().map_or_else(|| "未填".to_string(), &shown),
            shown(&o.value),
            show(card.items[row].capped),
            show(o.capped)
        );
        advice.changes.push(Change {
            item: &item.id,
            label: &item.label,
            input: &item.input,
            from,
            to: o.value.clone(),
            points_from: card.items[row].capped,
            points_to: o.capped,
            message,
        });
    }
    let after = plan.score_input(&advice.apply(input));
    advice.total_after = Some(after.total);
    advice.grade_after = appraisal.grade_for(after.total).map(|g| g.label.as_str());
    advice.verified = after.total >= min_score;
    Some(advice)
}

/// Points of one award, to bound rows without a cap.
fn per_award(item: &IndexItem) -> Decimal {
    match &item.scoring {
        Scoring::PerUnit { points, .. } => *points,
        _ => Decimal::ZERO,
    }
}

/// Every increase of one row that earns more (capped) points, the smallest input per level.
fn options(
    item: &IndexItem,
    value: Option<&InputValue>,
    current: Decimal,
    bound: Decimal,
    ty: Option<FactType>,
) -> Vec<Opt> {
    let cap = |p: Decimal| item.cap.map_or(p, |c| p.min(c));
    if current >= bound {
        return Vec::new();
    }
    let x = value.and_then(InputValue::quantity).unwrap_or_default();
    match &item.scoring {
        Scoring::PerUnit { per, points } => {
            if *per == 0 || points.is_sign_negative() || points.is_zero() {
                return Vec::new();
            }
            let per = Decimal::from(*per);
            let awards = (x / per).floor();
            let mut out = Vec::new();
            let mut k = 1u32;
            loop {
                let p = cap((awards + Decimal::from(k)) * points);
                if p <= current {
                    break;
                }
                out.push(Opt {
                    value: InputValue::Quantity((awards + Decimal::from(k)) * per),
                    capped: p,
                    steps: k,
                });
                if p >= bound || k >= 10_000 {
                    break;
                }
                k += 1;
            }
            out
        }
        Scoring::Tiers { tiers } => {
            let mut best: BTreeMap<Decimal, Decimal> = BTreeMap::new();
            for t in tiers {
                let p = cap(t.points);
                if p <= current {
                    continue;
                }
                let Some(v) = tier_minimum(t, ty) else {
                    continue;
                };
                if v < x || (v == x && value.is_some()) {
                    continue;
                }
                best.entry(p).and_modify(|m| *m = (*m).min(v)).or_insert(v);
            }
            let levels: Vec<Decimal> = best.keys().copied().collect();
            best.into_iter()
                .map(|(p, v)| Opt {
                    value: InputValue::Quantity(v),
                    capped: p,
                    steps: u32::try_from(levels.iter().filter(|l| **l <= p).count())
                        .unwrap_or(u32::MAX),
                })
                .collect()
        }
        Scoring::Highest { values } => {
            let held: BTreeSet<String> = match value {
                Some(InputValue::Set(s)) => s.clone(),
                _ => BTreeSet::new(),
            };
            values
                .iter()
                .filter(|v| !held.contains(&v.value) && cap(v.points) > current)
                .map(|v| {
                    let mut set = held.clone();
                    set.insert(v.value.clone());
                    let (raw, _, _) =
                        raw_points(&item.scoring, Some(&InputValue::Set(set.clone())));
                    Opt {
                        value: InputValue::Set(set),
                        capped: cap(raw),
                        steps: 1,
                    }
                })
                .collect()
        }
    }
}

/// The smallest input inside a tier.
fn tier_minimum(t: &policy::model::Tier, ty: Option<FactType>) -> Option<Decimal> {
    let v = match t.from {
        None => Decimal::ZERO,
        Some(f) if f.inclusive => f.value,
        Some(f) => {
            let step = if ty == Some(FactType::Integer) || f.value.fract().is_zero() {
                Decimal::ONE
            } else {
                Decimal::new(1, 2)
            };
            let v = f.value + step;
            if ty == Some(FactType::Integer) {
                v.floor()
            } else {
                v
            }
        }
    };
    let v = if ty == Some(FactType::Integer) {
        v.ceil()
    } else {
        v
    };
    t.contains(v).then_some(v)
}

/// Every combination of increases of the rows under one shared cap that adds points.
fn joint_options(
    members: &[usize],
    opts: &[Vec<Opt>],
    card: &Scorecard,
    cap: Decimal,
) -> Vec<UnitOpt> {
    let current: Decimal = members.iter().map(|&r| card.items[r].points).sum();
    // `gain` holds the members' capped sum while combining.
    let mut combos = vec![UnitOpt {
        gain: Decimal::ZERO,
        steps: 0,
        rows: 0,
        picks: Vec::new(),
    }];
    for &r in members {
        let mut next = Vec::new();
        for c in &combos {
            next.push(UnitOpt {
                gain: c.gain + card.items[r].capped,
                ..c.clone()
            });
            for (k, o) in opts[r].iter().enumerate() {
                if next.len() >= MAX_COMBINATIONS {
                    break;
                }
                let mut picks = c.picks.clone();
                picks.push((r, k));
                next.push(UnitOpt {
                    gain: c.gain + o.capped,
                    steps: c.steps + o.steps,
                    rows: c.rows + 1,
                    picks,
                });
            }
        }
        combos = next;
    }
    combos
        .into_iter()
        .filter_map(|c| {
            let gain = c.gain.min(cap) - current;
            (gain > Decimal::ZERO && !c.picks.is_empty()).then_some(UnitOpt { gain, ..c })
        })
        .collect()
}

/// The cheapest way to each effective gain (capped at `limit`) within one section.
fn knapsack<'u>(
    units: impl Iterator<Item = &'u Vec<UnitOpt>>,
    limit: Decimal,
) -> BTreeMap<Decimal, Cand> {
    let mut states: BTreeMap<Decimal, Cand> = BTreeMap::new();
    states.insert(Decimal::ZERO, Cand::default());
    if limit <= Decimal::ZERO {
        return states;
    }
    for unit in units {
        let mut next = states.clone();
        for (g, c) in &states {
            for o in unit {
                let key = (*g + o.gain).min(limit);
                let cand = Cand {
                    steps: c.steps + o.steps,
                    rows: c.rows + o.rows,
                    gain: c.gain + o.gain,
                    picks: c.picks.iter().chain(&o.picks).copied().collect(),
                };
                match next.get(&key) {
                    Some(old) if old.key() <= cand.key() => {}
                    _ => {
                        next.insert(key, cand);
                    }
                }
            }
        }
        states = next;
    }
    states
}
