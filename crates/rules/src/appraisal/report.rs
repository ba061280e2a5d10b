//! The distribution report over a batch: counts per grade, the subsidy total, and the index
//! rows where most points are lost. Accumulated one appraisal at a time in constant memory.
//!
//! A row's loss is its maximum less its points; rows under a shared cap are counted together as
//! one row (the shared cap less their joint points), so points are not counted lost twice.

use policy::LoadedMeasure;
use policy::model::Appraisal;
use rust_decimal::Decimal;
use serde::Serialize;

use super::Summary;
use super::num;
use super::plan::Plan;
use super::score::item_max;

/// The JSON schema identifier of [`Distribution`].
pub const REPORT_SCHEMA: &str = "makerspace.appraisal-report/1";

/// How many appraisals got one grade.
#[derive(Debug, Clone, Serialize)]
pub struct GradeCount {
    /// The grade id.
    pub id: String,
    /// The measure's word.
    pub label: String,
    /// How many.
    pub count: u64,
}

/// Points lost on one row (or the rows under one shared cap).
#[derive(Debug, Clone, Serialize)]
pub struct ItemLoss {
    /// The row ids.
    pub items: Vec<String>,
    /// The label(s).
    pub label: String,
    /// The most the row can earn.
    #[serde(serialize_with = "num::decimal")]
    pub max: Decimal,
    /// Points lost over the batch.
    #[serde(serialize_with = "num::decimal")]
    pub lost: Decimal,
    /// Mean points lost per appraisal.
    #[serde(serialize_with = "num::decimal")]
    pub mean_lost: Decimal,
}

/// The distribution over a batch.
#[derive(Debug, Clone, Serialize)]
pub struct Distribution {
    /// [`REPORT_SCHEMA`].
    pub schema: &'static str,
    /// The measure id.
    pub policy_id: String,
    /// Appraisals counted.
    pub appraised: u64,
    /// Lines rejected (bad input).
    pub rejected: u64,
    /// Counts per grade, highest first.
    pub grades: Vec<GradeCount>,
    /// Grades fixed by an override (counted in `grades` under the imposed grade).
    pub overridden: u64,
    /// The subsidies granted, in whole yuan.
    pub subsidy_total_yuan: i64,
    /// The mean total (index tables only).
    #[serde(serialize_with = "num::opt_decimal")]
    pub mean_total: Option<Decimal>,
    /// Rows by points lost, most first.
    pub losses: Vec<ItemLoss>,
    #[serde(skip)]
    sum_total: i128,
    #[serde(skip)]
    rows: Vec<Vec<usize>>,
    /// Per loss row: its maximum and the points lost so far, in the plan's fixed-point units.
    #[serde(skip)]
    fixed: Vec<(i64, i128)>,
    #[serde(skip)]
    scale: u32,
}

impl Distribution {
    /// An empty distribution for a measure.
    pub fn new(measure: &LoadedMeasure) -> Self {
        let appraisal = measure.measure.appraisal.as_ref();
        let (grades, rows, losses) =
            appraisal.map_or_else(|| (Vec::new(), Vec::new(), Vec::new()), rows_of);
        let plan = Plan::new(measure).ok();
        let fixed = losses
            .iter()
            .map(|l| {
                let max = plan.as_ref().and_then(|p| p.fixed_points(l.max));
                (max.unwrap_or(i64::MAX), 0)
            })
            .collect();
        Self {
            schema: REPORT_SCHEMA,
            policy_id: measure.id().to_string(),
            appraised: 0,
            rejected: 0,
            grades,
            overridden: 0,
            subsidy_total_yuan: 0,
            mean_total: None,
            losses,
            sum_total: 0,
            rows,
            fixed,
            scale: plan.map_or(0, |p| p.scale()),
        }
    }

    /// Counts one appraisal.
    pub fn add(&mut self, s: &Summary<'_>) {
        self.appraised += 1;
        if let Some(g) = self.grades.iter_mut().find(|g| g.id == s.decision.grade.id) {
            g.count += 1;
        }
        if s.decision.overridden_by.is_some() {
            self.overridden += 1;
        }
        self.subsidy_total_yuan += s.subsidy_yuan.unwrap_or(0);
        if let Some(card) = &s.card {
            self.sum_total += i128::from(card.total_fixed());
            for ((max, lost), rows) in self.fixed.iter_mut().zip(&self.rows) {
                let got = rows
                    .iter()
                    .fold(0i64, |a, &r| a.saturating_add(card.points_fixed(r)));
                *lost += i128::from(max.saturating_sub(got).max(0));
            }
        }
    }

    /// Counts a rejected line.
    pub fn reject(&mut self) {
        self.rejected += 1;
    }

    /// Computes the means and orders the rows by points lost.
    pub fn finish(mut self) -> Self {
        let exact =
            |v: i128| Decimal::try_from_i128_with_scale(v, self.scale).unwrap_or(Decimal::MAX);
        for (l, (_, lost)) in self.losses.iter_mut().zip(&self.fixed) {
            l.lost = exact(*lost).normalize();
        }
        if self.appraised > 0 && !self.rows.is_empty() {
            let n = Decimal::from(self.appraised);
            self.mean_total = Some((exact(self.sum_total) / n).round_dp(2).normalize());
            for l in &mut self.losses {
                l.mean_lost = (l.lost / n).round_dp(2).normalize();
            }
        }
        let mut pairs: Vec<(ItemLoss, Vec<usize>)> =
            self.losses.drain(..).zip(self.rows.drain(..)).collect();
        pairs.sort_by_key(|p| std::cmp::Reverse(p.0.lost));
        (self.losses, self.rows) = pairs.into_iter().unzip();
        self
    }
}

type Rows = (Vec<GradeCount>, Vec<Vec<usize>>, Vec<ItemLoss>);

fn rows_of(appraisal: &Appraisal) -> Rows {
    let grades = appraisal
        .grade
        .iter()
        .map(|g| GradeCount {
            id: g.id.clone(),
            label: g.label.clone(),
            count: 0,
        })
        .collect();
    let mut rows = Vec::new();
    let mut losses = Vec::new();
    let mut done = vec![false; appraisal.item.len()];
    for (i, item) in appraisal.item.iter().enumerate() {
        if done[i] {
            continue;
        }
        if let Some(cap) = appraisal
            .joint_cap
            .iter()
            .find(|c| c.items.contains(&item.id))
        {
            let members: Vec<usize> = (0..appraisal.item.len())
                .filter(|&r| cap.items.contains(&appraisal.item[r].id))
                .collect();
            for &r in &members {
                done[r] = true;
            }
            losses.push(ItemLoss {
                items: members
                    .iter()
                    .map(|&r| appraisal.item[r].id.clone())
                    .collect(),
                label: members
                    .iter()
                    .map(|&r| appraisal.item[r].label.as_str())
                    .collect::<Vec<_>>()
                    .join(" + "),
                max: cap.cap,
                lost: Decimal::ZERO,
                mean_lost: Decimal::ZERO,
            });
            rows.push(members);
        } else if let Some(max) = item_max(item) {
            done[i] = true;
            losses.push(ItemLoss {
                items: vec![item.id.clone()],
                label: item.label.clone(),
                max,
                lost: Decimal::ZERO,
                mean_lost: Decimal::ZERO,
            });
            rows.push(vec![i]);
        }
    }
    (grades, rows, losses)
}
