//! The scoring plan: a measure's `[appraisal]` compiled once into flat integer tables, and the
//! one scoring routine every appraisal goes through (the explained result, the next-grade check,
//! batches and the distribution report alike).
//!
//! Compiling reads the policy: each row's input becomes a slot number, tier bounds and points
//! become fixed-point integers (scaled by the largest number of decimals the policy uses, so
//! every comparison and sum stays exact), shared caps become lists of row numbers, grade bands,
//! overrides and subsidies become indices. An input is then given as [`Values`], a fixed-size
//! array of slots, and scored into a [`Card`], a fixed-size array of points: no allocation, no
//! string comparison, no decimal arithmetic on the hot path.
//!
//! Exactness: a quantity `x` is held as `floor(x·10^Q)` plus whether a fraction was dropped,
//! `Q` being the most decimals of any tier bound; this decides `x ≥ b`, `x > b`, `x ≤ b`, `x < b`
//! exactly, and `floor(x / per)` = `floor(floor(x·10^Q) / (per·10^Q))`. Points are held as
//! `p·10^P`, `P` the most decimals of any points, cap, band or section maximum. Quantities above
//! about 9·10^18 / 10^Q saturate (no real count or area comes near).
//!
//! Architecture invariant: no score, cap, band or amount appears here; all come from the policy.

use policy::LoadedMeasure;
use policy::facts::FactName;
use policy::model::{Appraisal, AppraisalMethod, GradeOverride, Scoring, Section};
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

use super::AppraisalError;
use super::grade::{self, Decision};
use super::input::{AppraisalInput, InputError, InputErrors, InputValue};
use super::score::{ItemPoints, JointUse, Scorecard, section_of};

/// The most index rows a plan holds.
pub const MAX_ITEMS: usize = 48;
/// The most distinct inputs (scored rows and overrides) a plan reads.
pub const MAX_SLOTS: usize = 64;
/// The most shared caps.
pub const MAX_JOINT: usize = 8;
/// The most listed values of one set input (honours).
pub const MAX_CHOICES: usize = 64;

const NONE: u8 = u8::MAX;

#[derive(Debug, Clone, Copy)]
struct Bound {
    value: i64,
    inclusive: bool,
}

#[derive(Debug, Clone, Copy)]
struct PlanTier {
    from: Option<Bound>,
    to: Option<Bound>,
    points: i64,
}

#[derive(Debug, Clone, Copy)]
enum Kind {
    /// Tiers `tiers[start..end]`.
    Tiers { start: u16, end: u16 },
    /// `floor(q / div) · points` (`div` = per·10^Q; zero when `per` is zero).
    PerUnit { div: i64, points: i64 },
    /// The first held of `highest[start..end]` (sorted by points, most first).
    Highest { start: u16, end: u16 },
}

#[derive(Debug, Clone, Copy)]
struct PlanItem {
    slot: u8,
    kind: Kind,
    cap: i64,
    bonus: bool,
}

#[derive(Debug, Clone, Copy)]
struct PlanValue {
    mask: u64,
    points: i64,
    index: u8,
}

#[derive(Debug, Clone)]
struct PlanJoint {
    cap: i64,
    members: Vec<u8>,
}

/// How a slot reads its input.
#[derive(Debug, Clone)]
struct Slot<'a> {
    name: &'a FactName,
    /// The listed values that score (bit i = choices\[i\]), for set inputs.
    choices: Vec<&'a str>,
}

/// A measure's appraisal compiled for scoring. Build once per measure, score many inputs.
#[derive(Debug, Clone)]
pub struct Plan<'a> {
    policy: &'a str,
    appraisal: &'a Appraisal,
    method: AppraisalMethod,
    slots: Vec<Slot<'a>>,
    items: Vec<PlanItem>,
    tiers: Vec<PlanTier>,
    highest: Vec<PlanValue>,
    joints: Vec<PlanJoint>,
    sections: Vec<Section>,
    base_max: i64,
    bonus_max: i64,
    /// Bands in the policy's order: (grade index, lowest total, `i64::MIN` when open).
    bands: Vec<(usize, i64)>,
    /// (slot, value that triggers, grade index if the grade exists).
    overrides: Vec<(u8, bool, Option<usize>)>,
    subsidy: Vec<Option<i64>>,
    /// Decimals of quantities (Q) and of points (P).
    q_scale: u32,
    p_scale: u32,
}

/// An input laid out for a [`Plan`]: one slot per input the plan reads.
#[derive(Debug, Clone, Copy)]
pub struct Values {
    /// `floor(x·10^Q)` for quantities, 0/1 for yes/no, the held bits for sets.
    q: [i64; MAX_SLOTS],
    /// Which slots were given.
    present: u64,
    /// Which quantities had a fraction below 10^-Q.
    frac: u64,
    /// The recorded grade (index), for recorded-grade measures.
    recorded: Option<u8>,
}

/// The numbers of one appraisal in the plan's fixed-point units: what the hot path fills.
#[derive(Debug, Clone, Copy)]
pub struct Card {
    n: u8,
    joints: u8,
    p_scale: u32,
    raw: [i64; MAX_ITEMS],
    capped: [i64; MAX_ITEMS],
    points: [i64; MAX_ITEMS],
    tier: [u8; MAX_ITEMS],
    value: [u8; MAX_ITEMS],
    joint_sum: [i64; MAX_JOINT],
    joint_cut: [i64; MAX_JOINT],
    base_sum: i64,
    bonus_sum: i64,
    base: i64,
    bonus: i64,
    total: i64,
}

impl Default for Card {
    fn default() -> Self {
        Self {
            n: 0,
            joints: 0,
            p_scale: 0,
            raw: [0; MAX_ITEMS],
            capped: [0; MAX_ITEMS],
            points: [0; MAX_ITEMS],
            tier: [NONE; MAX_ITEMS],
            value: [NONE; MAX_ITEMS],
            joint_sum: [0; MAX_JOINT],
            joint_cut: [0; MAX_JOINT],
            base_sum: 0,
            bonus_sum: 0,
            base: 0,
            bonus: 0,
            total: 0,
        }
    }
}

fn dec(v: i64, scale: u32) -> Decimal {
    Decimal::new(v, scale).normalize()
}

impl Card {
    /// The total, exact.
    pub fn total(&self) -> Decimal {
        dec(self.total, self.p_scale)
    }
    /// The base score.
    pub fn base(&self) -> Decimal {
        dec(self.base, self.p_scale)
    }
    /// The bonus.
    pub fn bonus(&self) -> Decimal {
        dec(self.bonus, self.p_scale)
    }
    /// A row's points counted (after every cap), in units of 10^-[`Card::scale`].
    pub fn points_fixed(&self, row: usize) -> i64 {
        self.points[row]
    }
    /// The total in units of 10^-[`Card::scale`].
    pub fn total_fixed(&self) -> i64 {
        self.total
    }
    /// Decimals of the fixed-point figures.
    pub fn scale(&self) -> u32 {
        self.p_scale
    }
    /// The rows' points.
    pub fn rows(&self) -> usize {
        usize::from(self.n)
    }
}

fn too_large(policy: &str, what: String) -> AppraisalError {
    AppraisalError::TooLarge {
        policy: policy.to_string(),
        what,
    }
}

/// `d·10^scale` as an integer, when exact and in range.
fn fixed(d: Decimal, scale: u32) -> Option<i64> {
    let m = Decimal::from_i128_with_scale(10i128.checked_pow(scale)?, 0);
    let v = d.checked_mul(m)?;
    (v.fract().is_zero()).then_some(())?;
    v.to_i64()
}

impl<'a> Plan<'a> {
    /// Compiles a measure's appraisal.
    pub fn new(measure: &'a LoadedMeasure) -> Result<Self, AppraisalError> {
        let m = &measure.measure;
        let policy = m.measure.id.as_str();
        let appraisal = m
            .appraisal
            .as_ref()
            .ok_or_else(|| AppraisalError::NoAppraisal(policy.to_string()))?;
        let mut plan = Self::table(policy, appraisal)?;
        plan.subsidy = appraisal
            .grade
            .iter()
            .map(|g| grade::subsidy_yuan(m, g))
            .collect();
        Ok(plan)
    }

    /// Compiles an appraisal without the measure's subsidies (scoring only).
    pub fn table(policy: &'a str, appraisal: &'a Appraisal) -> Result<Self, AppraisalError> {
        let item_count = appraisal.item.len();
        if item_count > MAX_ITEMS || appraisal.joint_cap.len() > MAX_JOINT {
            return Err(too_large(
                policy,
                format!(
                    "考核指标 {item_count} 行、合计上限 {} 个（至多 {MAX_ITEMS} 行、{MAX_JOINT} 个）",
                    appraisal.joint_cap.len()
                ),
            ));
        }
        // Scales: decimals of tier bounds (Q) and of every points figure (P).
        let mut q_scale = 0;
        let mut p_scale = 0;
        let mut points_fig = |d: Decimal| p_scale = p_scale.max(d.normalize().scale());
        for item in &appraisal.item {
            item.cap.map(&mut points_fig);
            match &item.scoring {
                Scoring::Tiers { tiers } => {
                    for t in tiers {
                        points_fig(t.points);
                        for b in t.from.iter().chain(&t.to) {
                            q_scale = q_scale.max(b.value.normalize().scale());
                        }
                    }
                }
                Scoring::PerUnit { points, .. } => points_fig(*points),
                Scoring::Highest { values } => values.iter().for_each(|v| points_fig(v.points)),
            }
        }
        appraisal.joint_cap.iter().for_each(|j| points_fig(j.cap));
        appraisal.base_max.map(&mut points_fig);
        appraisal.bonus_max.map(&mut points_fig);
        appraisal
            .grade
            .iter()
            .filter_map(|g| g.min_score)
            .for_each(&mut points_fig);
        if q_scale > 12 || p_scale > 12 {
            return Err(too_large(policy, "分值或档位界值的小数位过多".into()));
        }
        let pf = |d: Decimal, what: &str| {
            fixed(d, p_scale).ok_or_else(|| too_large(policy, format!("{what} {d} 超出范围")))
        };
        let mut plan = Plan {
            policy,
            appraisal,
            method: appraisal.method,
            slots: Vec::new(),
            items: Vec::with_capacity(item_count),
            tiers: Vec::new(),
            highest: Vec::new(),
            joints: Vec::new(),
            sections: Vec::with_capacity(item_count),
            base_max: appraisal
                .base_max
                .map_or(Ok(i64::MAX), |m| pf(m, "基础分上限"))?,
            bonus_max: appraisal
                .bonus_max
                .map_or(Ok(i64::MAX), |m| pf(m, "附加分上限"))?,
            bands: Vec::new(),
            overrides: Vec::new(),
            subsidy: vec![None; appraisal.grade.len()],
            q_scale,
            p_scale,
        };
        for item in &appraisal.item {
            let slot = plan.slot(&item.input)?;
            let kind = match &item.scoring {
                Scoring::Tiers { tiers } => {
                    let start = plan.tiers.len() as u16;
                    for t in tiers {
                        let bound = |b: &policy::model::TierValue| {
                            fixed(b.value, q_scale)
                                .map(|value| Bound {
                                    value,
                                    inclusive: b.inclusive,
                                })
                                .ok_or_else(|| {
                                    too_large(policy, format!("档位界值 {} 超出范围", b.value))
                                })
                        };
                        plan.tiers.push(PlanTier {
                            from: t.from.as_ref().map(bound).transpose()?,
                            to: t.to.as_ref().map(bound).transpose()?,
                            points: pf(t.points, "分值")?,
                        });
                    }
                    Kind::Tiers {
                        start,
                        end: plan.tiers.len() as u16,
                    }
                }
                Scoring::PerUnit { per, points } => {
                    let div = 10i64
                        .checked_pow(q_scale)
                        .and_then(|s| s.checked_mul(i64::from(*per)))
                        .unwrap_or(0);
                    Kind::PerUnit {
                        div,
                        points: pf(*points, "分值")?,
                    }
                }
                Scoring::Highest { values } => {
                    let start = plan.highest.len() as u16;
                    let mut listed = Vec::with_capacity(values.len());
                    for (index, v) in values.iter().enumerate() {
                        let bit = plan.choice(slot, &v.value)?;
                        listed.push(PlanValue {
                            mask: 1u64 << bit,
                            points: pf(v.points, "分值")?,
                            index: index as u8,
                        });
                    }
                    // The most points first; on a tie the first listed.
                    listed.sort_by(|a, b| b.points.cmp(&a.points).then(a.index.cmp(&b.index)));
                    plan.highest.extend(listed);
                    Kind::Highest {
                        start,
                        end: plan.highest.len() as u16,
                    }
                }
            };
            let section = section_of(appraisal, item);
            plan.sections.push(section);
            plan.items.push(PlanItem {
                slot,
                kind,
                cap: item.cap.map_or(Ok(i64::MAX), |c| pf(c, "上限"))?,
                bonus: section == Section::Bonus,
            });
        }
        for cap in &appraisal.joint_cap {
            let members = cap
                .items
                .iter()
                .filter_map(|id| appraisal.item.iter().position(|it| &it.id == id))
                .map(|i| i as u8)
                .collect();
            plan.joints.push(PlanJoint {
                cap: pf(cap.cap, "合计上限")?,
                members,
            });
        }
        for (i, g) in appraisal.grade.iter().enumerate() {
            let min = g.min_score.map_or(Ok(i64::MIN), |m| pf(m, "等级分数线"))?;
            plan.bands.push((i, min));
        }
        for o in &appraisal.override_ {
            let slot = plan.slot(&o.input)?;
            let g = appraisal.grade.iter().position(|g| g.id == o.grade);
            plan.overrides.push((slot, o.equals, g));
        }
        Ok(plan)
    }

    fn slot(&mut self, name: &'a FactName) -> Result<u8, AppraisalError> {
        if let Some(i) = self.slots.iter().position(|s| s.name == name) {
            return Ok(i as u8);
        }
        if self.slots.len() >= MAX_SLOTS {
            return Err(too_large(
                self.policy,
                format!("考核输入超过 {MAX_SLOTS} 项"),
            ));
        }
        self.slots.push(Slot {
            name,
            choices: Vec::new(),
        });
        Ok((self.slots.len() - 1) as u8)
    }

    fn choice(&mut self, slot: u8, value: &'a str) -> Result<u32, AppraisalError> {
        let choices = &mut self.slots[usize::from(slot)].choices;
        if let Some(i) = choices.iter().position(|c| *c == value) {
            return Ok(i as u32);
        }
        if choices.len() >= MAX_CHOICES {
            return Err(too_large(
                self.policy,
                format!(
                    "「{}」的可选值超过 {MAX_CHOICES} 个",
                    self.slots[usize::from(slot)].name
                ),
            ));
        }
        choices.push(value);
        Ok((choices.len() - 1) as u32)
    }

    /// The appraisal compiled.
    pub fn appraisal(&self) -> &'a Appraisal {
        self.appraisal
    }

    /// Lays an input out in slots, checking it against the measure: inputs the appraisal does
    /// not use, a grade given to an index table, a recorded grade missing or unknown. Every
    /// problem is reported; a single one keeps its own error kind.
    pub fn values(&self, input: &AppraisalInput) -> Result<Values, AppraisalError> {
        let (v, mut errors) = self.layout(input);
        match errors.len() {
            0 => Ok(v),
            1 => Err(errors.remove(0)),
            _ => Err(AppraisalError::Input(InputErrors(
                errors.iter().map(as_input_error).collect(),
            ))),
        }
    }

    /// Reads an input from a JSON value and lays it out, reporting every problem at once: those
    /// of the input itself (unknown names, types, negatives…) and those against the measure.
    pub fn read_value(
        &self,
        value: &serde_json::Value,
        dict: &policy::facts::FactDictionary,
    ) -> Result<(AppraisalInput, Values), InputErrors> {
        let (input, mut errors) = AppraisalInput::from_json_value_lenient(value, dict);
        let (v, against) = self.layout(&input);
        errors.extend(against.iter().map(as_input_error));
        if errors.is_empty() {
            Ok((input, v))
        } else {
            Err(InputErrors(errors))
        }
    }

    /// [`Plan::read_value`] from JSON text.
    pub fn read_json(
        &self,
        text: &str,
        dict: &policy::facts::FactDictionary,
    ) -> Result<(AppraisalInput, Values), InputErrors> {
        self.read_value(&AppraisalInput::json_value(text)?, dict)
    }

    /// [`Plan::read_value`] from TOML text.
    pub fn read_toml(
        &self,
        text: &str,
        dict: &policy::facts::FactDictionary,
    ) -> Result<(AppraisalInput, Values), InputErrors> {
        self.read_value(&AppraisalInput::toml_value(text)?, dict)
    }

    /// The slots of an input, and every problem of it against the measure.
    fn layout(&self, input: &AppraisalInput) -> (Values, Vec<AppraisalError>) {
        let mut errors: Vec<AppraisalError> = Vec::new();
        let mut v = Values {
            q: [0; MAX_SLOTS],
            present: 0,
            frac: 0,
            recorded: None,
        };
        for (name, value) in &input.values {
            let Some(slot) = self.slots.iter().position(|s| s.name == name) else {
                let why = match self.method {
                    AppraisalMethod::IndexTable => "不在其考核指标体系中",
                    AppraisalMethod::RecordedGrade => {
                        "该办法未公布考核指标体系，由主管部门记录等级"
                    }
                };
                errors.push(AppraisalError::NotUsed {
                    field: name.to_string(),
                    policy: self.policy.to_string(),
                    why,
                });
                continue;
            };
            v.present |= 1 << slot;
            v.q[slot] = match value {
                InputValue::Bool(b) => i64::from(*b),
                InputValue::Set(set) => {
                    let choices = &self.slots[slot].choices;
                    set.iter()
                        .filter_map(|m| choices.iter().position(|c| c == m))
                        .fold(0u64, |bits, i| bits | 1 << i) as i64
                }
                InputValue::Quantity(x) => {
                    let (q, frac) = self.quantity(*x);
                    if frac {
                        v.frac |= 1 << slot;
                    }
                    q
                }
            };
        }
        match self.method {
            AppraisalMethod::IndexTable => {
                if input.grade.is_some() {
                    errors.push(AppraisalError::GradeNotAccepted(self.policy.to_string()));
                }
            }
            AppraisalMethod::RecordedGrade => match input.grade.as_deref() {
                None => errors.push(AppraisalError::GradeMissing {
                    policy: self.policy.to_string(),
                    choices: super::choices(self.appraisal),
                }),
                Some(given) => match grade::find_recorded(self.appraisal, given) {
                    Some(g) => {
                        v.recorded = self
                            .appraisal
                            .grade
                            .iter()
                            .position(|x| std::ptr::eq(x, g))
                            .map(|i| i as u8);
                    }
                    None => errors.push(AppraisalError::UnknownGrade {
                        given: given.to_string(),
                        policy: self.policy.to_string(),
                        choices: super::choices(self.appraisal),
                    }),
                },
            },
        }
        (v, errors)
    }

    /// `floor(x·10^Q)` (saturating) and whether a fraction was dropped.
    fn quantity(&self, x: Decimal) -> (i64, bool) {
        let scaled = match 10i64.checked_pow(self.q_scale) {
            Some(1) => Some(x),
            Some(s) => x.checked_mul(Decimal::from(s)),
            None => None,
        };
        let Some(y) = scaled else {
            return (
                if x.is_sign_negative() {
                    i64::MIN
                } else {
                    i64::MAX
                },
                false,
            );
        };
        let fl = y.floor();
        let q = fl.to_i64().unwrap_or(if y.is_sign_negative() {
            i64::MIN
        } else {
            i64::MAX
        });
        (q, !y.fract().is_zero())
    }

    /// Scores laid-out values into a card: the hot path (no allocation).
    pub fn score_into(&self, v: &Values, card: &mut Card) {
        card.n = self.items.len() as u8;
        card.joints = self.joints.len() as u8;
        card.p_scale = self.p_scale;
        let (mut base_sum, mut bonus_sum) = (0i64, 0i64);
        for (i, it) in self.items.iter().enumerate() {
            let s = usize::from(it.slot);
            let (mut raw, mut tier, mut value) = (0i64, NONE, NONE);
            if v.present >> s & 1 == 1 {
                let q = v.q[s];
                match it.kind {
                    Kind::Tiers { start, end } => {
                        let frac = v.frac >> s & 1 == 1;
                        let tiers = &self.tiers[usize::from(start)..usize::from(end)];
                        if let Some(k) = tiers.iter().position(|t| contains(t, q, frac)) {
                            raw = tiers[k].points;
                            tier = k as u8;
                        }
                    }
                    Kind::PerUnit { div, points } => {
                        if div > 0 {
                            raw = q.div_euclid(div).saturating_mul(points);
                        }
                    }
                    Kind::Highest { start, end } => {
                        let held = q as u64;
                        let listed = &self.highest[usize::from(start)..usize::from(end)];
                        if let Some(best) = listed.iter().find(|x| held & x.mask != 0) {
                            raw = best.points;
                            value = best.index;
                        }
                    }
                }
            }
            let capped = raw.min(it.cap);
            card.raw[i] = raw;
            card.capped[i] = capped;
            card.points[i] = capped;
            card.tier[i] = tier;
            card.value[i] = value;
        }
        for (j, joint) in self.joints.iter().enumerate() {
            let mut room = joint.cap;
            let mut sum = 0i64;
            for &m in &joint.members {
                let m = usize::from(m);
                let capped = card.capped[m];
                sum = sum.saturating_add(capped);
                let p = capped.min(room.max(0));
                card.points[m] = p;
                room = room.saturating_sub(p);
            }
            card.joint_sum[j] = sum;
            card.joint_cut[j] = sum.saturating_sub(joint.cap).max(0);
        }
        for (i, it) in self.items.iter().enumerate() {
            if it.bonus {
                bonus_sum = bonus_sum.saturating_add(card.points[i]);
            } else {
                base_sum = base_sum.saturating_add(card.points[i]);
            }
        }
        card.base_sum = base_sum;
        card.bonus_sum = bonus_sum;
        card.base = base_sum.min(self.base_max);
        card.bonus = bonus_sum.min(self.bonus_max);
        card.total = card.base.saturating_add(card.bonus);
    }

    /// The grade of a scored card (index tables) or of the recorded grade, then any override,
    /// and the subsidy: no allocation.
    pub fn decide(&self, v: &Values, card: Option<&Card>) -> Option<(Decision<'a>, Option<i64>)> {
        let grades = &self.appraisal.grade;
        let (scored, base_grade) = match card {
            Some(c) => {
                let g = self.bands.iter().find(|(_, min)| c.total >= *min)?.0;
                (Some(g), g)
            }
            None => (None, usize::from(v.recorded?)),
        };
        let triggered = self
            .overrides
            .iter()
            .position(|&(slot, equals, _)| {
                let s = usize::from(slot);
                v.present >> s & 1 == 1 && (v.q[s] != 0) == equals
            })
            .and_then(|k| {
                self.overrides[k]
                    .2
                    .map(|g| (&self.appraisal.override_[k], g))
            });
        let (grade, overridden_by): (usize, Option<&'a GradeOverride>) = match triggered {
            Some((o, g)) => (g, Some(o)),
            None => (base_grade, None),
        };
        Some((
            Decision {
                grade: &grades[grade],
                scored: scored.map(|g| &grades[g]),
                overridden_by,
            },
            self.subsidy[grade],
        ))
    }

    /// Scores an input whatever inputs it carries that the measure does not use (the advice's
    /// check of its own changes).
    pub fn score_input(&self, input: &AppraisalInput) -> Scorecard {
        let (v, _) = self.layout(input);
        let mut card = Card::default();
        self.score_into(&v, &mut card);
        self.scorecard(&card)
    }

    /// Scores and decides laid-out values: the fast path of batches.
    pub fn summarize(&self, v: &Values) -> Result<super::Summary<'a>, AppraisalError> {
        let card = match self.method {
            AppraisalMethod::IndexTable => {
                let mut card = Card::default();
                self.score_into(v, &mut card);
                Some(card)
            }
            AppraisalMethod::RecordedGrade => None,
        };
        let (decision, subsidy_yuan) =
            self.decide(v, card.as_ref())
                .ok_or_else(|| AppraisalError::NoBand {
                    policy: self.policy.to_string(),
                    total: card.map_or_else(String::new, |c| c.total().to_string()),
                })?;
        Ok(super::Summary {
            card,
            decision,
            subsidy_yuan,
        })
    }

    /// The explained numbers of a card, for the result and the advice.
    pub fn scorecard(&self, card: &Card) -> Scorecard {
        let p = self.p_scale;
        let opt = |x: u8| (x != NONE).then_some(usize::from(x));
        let mut items: Vec<ItemPoints> = (0..self.items.len())
            .map(|i| ItemPoints {
                raw: dec(card.raw[i], p),
                capped: dec(card.capped[i], p),
                points: dec(card.points[i], p),
                tier: opt(card.tier[i]),
                value: opt(card.value[i]),
                joint: None,
                section: self.sections[i],
            })
            .collect();
        for (j, joint) in self.joints.iter().enumerate() {
            for &m in &joint.members {
                items[usize::from(m)].joint = Some(j);
            }
        }
        Scorecard {
            items,
            joint: (0..self.joints.len())
                .map(|j| JointUse {
                    sum: dec(card.joint_sum[j], p),
                    cut: dec(card.joint_cut[j], p),
                })
                .collect(),
            base_sum: dec(card.base_sum, p),
            bonus_sum: dec(card.bonus_sum, p),
            base: dec(card.base, p),
            bonus: dec(card.bonus, p),
            total: dec(card.total, p),
        }
    }

    /// Decimals of the fixed-point points figures.
    pub fn scale(&self) -> u32 {
        self.p_scale
    }

    /// A figure of the policy in the card's fixed-point units (exact; none when out of range).
    pub fn fixed_points(&self, d: Decimal) -> Option<i64> {
        fixed(d, self.p_scale)
    }
}

fn contains(t: &PlanTier, q: i64, frac: bool) -> bool {
    let above = match t.from {
        None => true,
        Some(b) if b.inclusive => q >= b.value,
        Some(b) => q > b.value || (q == b.value && frac),
    };
    let below = match t.to {
        None => true,
        Some(b) if b.inclusive => q < b.value || (q == b.value && !frac),
        Some(b) => q < b.value,
    };
    above && below
}

/// An appraisal error as one field's problem, for a list of them.
pub(super) fn as_input_error(e: &AppraisalError) -> InputError {
    let (field, message) = match e {
        AppraisalError::NotUsed { field, .. } => (field.clone(), e.to_string()),
        AppraisalError::GradeNotAccepted(_)
        | AppraisalError::GradeMissing { .. }
        | AppraisalError::UnknownGrade { .. } => ("grade".to_string(), e.to_string()),
        other => ("(输入)".to_string(), other.to_string()),
    };
    let prefix = format!("{field}：");
    let message = message
        .strip_prefix(&prefix)
        .map_or(message.clone(), str::to_string);
    InputError { field, message }
}
