//! Index tables: tiers neither overlap nor leave gaps, per-unit awards are positive, and grade
//! bands descend with exactly one open-ended lowest band.

use rust_decimal::Decimal;

use super::Ctx;
use crate::facts::FactType;
use crate::model::{AppraisalMethod, Scoring, Tier, TierValue};

pub(super) fn check(ctx: &mut Ctx<'_>) {
    let Some(appraisal) = &ctx.loaded.measure.appraisal else {
        return;
    };
    let mut findings: Vec<(String, String, String)> = Vec::new();
    for item in &appraisal.item {
        let integer = ctx
            .library
            .facts
            .appraisal_input(&item.input)
            .is_some_and(|d| d.ty == FactType::Integer);
        match &item.scoring {
            Scoring::Tiers { tiers } => {
                for m in tier_problems(tiers, integer) {
                    findings.push((
                        item.id.clone(),
                        "tiers".into(),
                        format!("考核指标「{}」：{m}", item.id),
                    ));
                }
            }
            Scoring::PerUnit { per, points } => {
                if *per == 0 || *points <= Decimal::ZERO {
                    findings.push((
                        item.id.clone(),
                        "per".into(),
                        format!("考核指标「{}」：per 与 points 须为正数", item.id),
                    ));
                }
            }
            Scoring::Highest { values } => {
                if values.is_empty() {
                    findings.push((
                        item.id.clone(),
                        "values".into(),
                        format!("考核指标「{}」：须列出取值及分数", item.id),
                    ));
                }
            }
        }
    }
    if appraisal.method == AppraisalMethod::RecordedGrade {
        for g in appraisal.grade.iter().filter(|g| g.min_score.is_some()) {
            findings.push((
                g.id.clone(),
                "min_score".into(),
                format!(
                    "考核等级「{}」：由认定机构记录等级的考核（recorded_grade）不设分数下限",
                    g.label
                ),
            ));
        }
        for (id, needle, m) in findings {
            ctx.report(&id, &needle, m);
        }
        return;
    }
    let mut previous: Option<Decimal> = None;
    let mut open_ended = 0;
    for (i, g) in appraisal.grade.iter().enumerate() {
        match (g.min_score, previous) {
            (Some(min), Some(prev)) if min >= prev => findings.push((
                g.id.clone(),
                "min_score".into(),
                format!(
                    "考核等级「{}」：分数下限 {min} 不低于上一等级的 {prev}，等级须从高到低排列",
                    g.label
                ),
            )),
            (None, _) => {
                open_ended += 1;
                if i + 1 != appraisal.grade.len() {
                    findings.push((
                        g.id.clone(),
                        "label".into(),
                        format!(
                            "考核等级「{}」没有分数下限，须为最低等级并放在最后",
                            g.label
                        ),
                    ));
                }
            }
            _ => {}
        }
        if g.min_score.is_some() {
            previous = g.min_score;
        }
    }
    if open_ended != 1 && !appraisal.grade.is_empty() {
        findings.push((
            appraisal.id.clone(),
            "grade".into(),
            "须有且只有一个没有分数下限的最低等级".into(),
        ));
    }
    for (id, needle, m) in findings {
        ctx.report(&id, &needle, m);
    }
}

/// Inclusive integer range of a tier, for integer inputs.
fn int_range(t: &Tier) -> (Decimal, Option<Decimal>) {
    let lo = t.from.map_or(Decimal::ZERO, |f| {
        if f.inclusive {
            f.value.ceil()
        } else {
            f.value.floor() + Decimal::ONE
        }
    });
    let hi = t.to.map(|to| {
        if to.inclusive {
            to.value.floor()
        } else {
            to.value.ceil() - Decimal::ONE
        }
    });
    (lo, hi)
}

fn show(t: &Tier) -> String {
    format!("「{}」", t.wording)
}

/// Overlaps and gaps between consecutive tiers, sorted by lower bound.
pub(crate) fn tier_problems(tiers: &[Tier], integer: bool) -> Vec<String> {
    let mut out = Vec::new();
    let mut sorted: Vec<&Tier> = tiers.iter().collect();
    sorted.sort_by_key(|t| int_range(t).0);
    for t in &sorted {
        if let (Some(f), Some(to)) = (t.from, t.to)
            && (f.value > to.value || (f.value == to.value && !(f.inclusive && to.inclusive)))
        {
            out.push(format!("档位{}为空区间", show(t)));
        }
    }
    for pair in sorted.windows(2) {
        let (a, b) = (pair[0], pair[1]);
        let Some(a_to) = a.to else {
            out.push(format!("档位{}没有上限，与档位{}重叠", show(a), show(b)));
            continue;
        };
        let b_from = b.from.unwrap_or(TierValue {
            value: Decimal::ZERO,
            inclusive: true,
        });
        if integer {
            let (_, a_hi) = int_range(a);
            let (b_lo, _) = int_range(b);
            let a_hi = a_hi.unwrap_or(a_to.value);
            if b_lo <= a_hi {
                out.push(format!(
                    "档位{}与{}重叠（{b_lo} 同属两档），须在 reading 中选定归属并改正边界",
                    show(a),
                    show(b)
                ));
            } else if b_lo > a_hi + Decimal::ONE {
                out.push(format!(
                    "档位{}与{}之间有空档（{} 至 {} 不属任何档位）",
                    show(a),
                    show(b),
                    a_hi + Decimal::ONE,
                    b_lo - Decimal::ONE
                ));
            }
        } else if b_from.value < a_to.value
            || (b_from.value == a_to.value && b_from.inclusive && a_to.inclusive)
        {
            out.push(format!(
                "档位{}与{}在 {} 处重叠，须在 reading 中选定归属并改正边界",
                show(a),
                show(b),
                b_from.value
            ));
        } else if b_from.value > a_to.value || (!b_from.inclusive && !a_to.inclusive) {
            out.push(format!(
                "档位{}与{}之间有空档（{} 不属任何档位）",
                show(a),
                show(b),
                a_to.value
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tier(from: Option<(i64, bool)>, to: Option<(i64, bool)>) -> Tier {
        let tv = |(v, inclusive): (i64, bool)| TierValue {
            value: Decimal::from(v),
            inclusive,
        };
        Tier {
            from: from.map(tv),
            to: to.map(tv),
            points: Decimal::ONE,
            wording: "w".into(),
        }
    }

    #[test]
    fn shared_edge_both_inclusive_overlaps() {
        let tiers = [
            tier(Some((7, true)), Some((10, true))),
            tier(Some((10, true)), Some((14, true))),
        ];
        assert_eq!(tier_problems(&tiers, true).len(), 1);
    }

    #[test]
    fn adjacent_integer_tiers_are_fine() {
        let tiers = [
            tier(Some((1, true)), Some((3, true))),
            tier(Some((4, true)), Some((6, true))),
        ];
        assert!(tier_problems(&tiers, true).is_empty());
    }

    #[test]
    fn decimal_gap_is_found() {
        let tiers = [
            tier(None, Some((500, false))),
            tier(Some((500, false)), None),
        ];
        assert_eq!(tier_problems(&tiers, false).len(), 1);
    }

    #[test]
    fn decimal_half_open_tiers_are_fine() {
        let tiers = [
            tier(None, Some((500, false))),
            tier(Some((500, true)), Some((3000, false))),
            tier(Some((3000, true)), None),
        ];
        assert!(tier_problems(&tiers, false).is_empty());
    }
}
