//! The arithmetic of an index table: each row's points, the caps, the joint caps and the two
//! sections. Numbers only, no text. The arithmetic runs in [`Plan`] (`plan.rs`), compiled once
//! per measure (the hot path of batches); a [`Scorecard`] is a plan's card in exact decimals.
//!
//! Order of the caps, as the table reads: a row's own scoring (tiers, per N units with floor
//! division, or the highest listed value held), then the row's own cap, then any cap shared with
//! other rows, then the section caps (`base_max`, `bonus_max`); total = base + bonus.
//!
//! A shared cap is applied by filling the rows in the order the policy lists them under the
//! cap: the first row keeps its points, later rows are cut to what remains. The sum, which is
//! all the grade depends on, is min(sum, cap) either way; the order only decides which row shows
//! the cut, deterministically.

use policy::model::{Appraisal, IndexItem, Scoring, Section};
use rust_decimal::Decimal;

use super::AppraisalError;
use super::input::{AppraisalInput, InputValue};
use super::plan::Plan;

/// One row's points.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ItemPoints {
    /// Points from the scoring alone, before any cap.
    pub raw: Decimal,
    /// After the row's own cap.
    pub capped: Decimal,
    /// After a shared cap: what the row contributes.
    pub points: Decimal,
    /// The tier matched, for tiered rows.
    pub tier: Option<usize>,
    /// The listed value that counted, for highest-only rows.
    pub value: Option<usize>,
    /// The shared cap the row belongs to (index into `joint_cap`).
    pub joint: Option<usize>,
    /// The row's section.
    pub section: Section,
}

/// One shared cap's use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct JointUse {
    /// The rows' points before the shared cap.
    pub sum: Decimal,
    /// Points removed by the shared cap.
    pub cut: Decimal,
}

/// The numbers of one appraisal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scorecard {
    /// Per row, in the policy's order.
    pub items: Vec<ItemPoints>,
    /// Per shared cap, in the policy's order.
    pub joint: Vec<JointUse>,
    /// Base rows' points before `base_max`.
    pub base_sum: Decimal,
    /// Bonus rows' points before `bonus_max`.
    pub bonus_sum: Decimal,
    /// The base score.
    pub base: Decimal,
    /// The bonus.
    pub bonus: Decimal,
    /// base + bonus.
    pub total: Decimal,
}

/// The section of a row, by its group (base when the group is not listed).
pub fn section_of(appraisal: &Appraisal, item: &IndexItem) -> Section {
    appraisal
        .group
        .iter()
        .find(|g| g.id == item.group)
        .map_or(Section::Base, |g| g.section)
}

/// A row's points from its scoring alone: (points, tier matched, listed value counted). An
/// absent input earns nothing (not reported, not scored), even where the lowest tier has no
/// lower bound.
pub fn raw_points(
    scoring: &Scoring,
    value: Option<&InputValue>,
) -> (Decimal, Option<usize>, Option<usize>) {
    if value.is_none() {
        return (Decimal::ZERO, None, None);
    }
    match scoring {
        Scoring::Tiers { tiers } => {
            let x = value.and_then(InputValue::quantity).unwrap_or_default();
            match tiers.iter().position(|t| t.contains(x)) {
                Some(i) => (tiers[i].points, Some(i), None),
                None => (Decimal::ZERO, None, None),
            }
        }
        Scoring::PerUnit { per, points } => {
            let x = value.and_then(InputValue::quantity).unwrap_or_default();
            (awards(x, *per) * points, None, None)
        }
        Scoring::Highest { values } => {
            let held = |v: &str| match value {
                Some(InputValue::Set(s)) => s.contains(v),
                _ => false,
            };
            let best = values
                .iter()
                .enumerate()
                .filter(|(_, v)| held(&v.value))
                .max_by(|(i, a), (j, b)| a.points.cmp(&b.points).then(j.cmp(i)));
            match best {
                Some((i, v)) => (v.points, None, Some(i)),
                None => (Decimal::ZERO, None, None),
            }
        }
    }
}

/// Full awards of `per` units in `x` (floor division), with integer arithmetic for whole counts.
pub fn awards(x: Decimal, per: u32) -> Decimal {
    if per == 0 {
        return Decimal::ZERO;
    }
    if x.scale() == 0 {
        return Decimal::from_i128_with_scale(x.mantissa() / i128::from(per), 0);
    }
    (x / Decimal::from(per)).floor()
}

/// The most a row can earn from its scoring and own cap (none when unbounded).
pub fn item_max(item: &IndexItem) -> Option<Decimal> {
    let scoring_max = match &item.scoring {
        Scoring::Tiers { tiers } => tiers.iter().map(|t| t.points).max(),
        Scoring::PerUnit { .. } => None,
        Scoring::Highest { values } => values.iter().map(|v| v.points).max(),
    };
    match (scoring_max, item.cap) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

/// Scores an input against an index table: compiles the table into a [`Plan`] and scores
/// through it (for one-off use; to score many inputs, compile the plan once).
pub fn score(appraisal: &Appraisal, input: &AppraisalInput) -> Result<Scorecard, AppraisalError> {
    Ok(Plan::table(&appraisal.id, appraisal)?.score_input(input))
}
