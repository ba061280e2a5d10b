//! Exclusion, expiry, rectification and the grounds for revocation the measure lists.

use jiff::civil::Date;
use policy::model::{Consequence, FilingKind, Revocation, RevocationTrigger};
use policy::{Library, LoadedMeasure};

use super::{FilingRequest, Finding, Space};
use crate::filings::period_words;

fn revoke(r: &Revocation, reason: String) -> Finding {
    Finding::Revoke {
        revocation: r.id.clone(),
        label: r.label.clone(),
        automatic: r.automatic,
        cite: r.cite.to_string(),
        quote: r.quote.clone(),
        reason,
    }
}

fn failing(measure: &LoadedMeasure, grade: &str) -> bool {
    measure
        .measure
        .appraisal
        .as_ref()
        .and_then(|a| a.grade(grade))
        .is_some_and(|g| g.failing)
}

pub(super) fn check(
    library: &Library,
    measure: &LoadedMeasure,
    space: &Space,
    today: Date,
    out: &mut Vec<Finding>,
) {
    let m = &measure.measure;
    if let Some((choice, on)) = &space.became
        && *on <= today
        && let Some(e) = m.exclusion.iter().find(|e| e.any_of.contains(choice))
    {
        let label = library.facts.choice_label(&e.fact, choice);
        out.push(Finding::Excluded {
            cite: e.cite.to_string(),
            reason: format!("{on} 起已认定为{label}，{}", e.quote),
        });
    }
    if let (Some(until), Some(v)) = (space.valid_until, &m.validity)
        && today > until
    {
        out.push(Finding::Expired {
            on: until,
            cite: v.cite.to_string(),
        });
    }
    let grades: Vec<(Date, bool)> = space
        .appraisals
        .iter()
        .map(|a| (a.on, failing(measure, &a.grade)))
        .collect();
    if let (Some(a), Some(&(since, true))) = (&m.appraisal, grades.last())
        && let Some(g) = space.appraisals.last().and_then(|r| a.grade(&r.grade))
        && let Consequence::Rectification { period } = &g.consequence
    {
        out.push(Finding::Rectification {
            since,
            until: period.and_then(|p| p.last_day_after(since)),
            cite: g.cite.to_string(),
        });
    }
    for r in &m.revocation {
        match &r.trigger {
            RevocationTrigger::Blacklist { lists } => {
                if let Some(on) = space.blacklisted_on.filter(|d| *d <= today) {
                    // The authority's record names which of the article's cases it is.
                    let named = space
                        .blacklisting
                        .as_ref()
                        .and_then(|b| lists.iter().find(|l| l.id == b.what));
                    out.push(revoke(
                        r,
                        match named {
                            Some(l) => format!("{on} {}", l.label),
                            None => format!(
                                "{on} 被列入经营异常名录、失信黑名单或有严重违法失信行为、重大安全事故"
                            ),
                        },
                    ));
                }
            }
            RevocationTrigger::Fraud => {
                if let Some(on) = space.fraud_found_on.filter(|d| *d <= today) {
                    out.push(revoke(r, format!("{on} 被认定弄虚作假")));
                }
            }
            RevocationTrigger::ConsecutiveFailures { count } => {
                let n = *count as usize;
                if n > 0 && grades.len() >= n && grades[grades.len() - n..].iter().all(|(_, f)| *f)
                {
                    out.push(revoke(r, format!("连续 {n} 次考核不合格")));
                }
            }
            RevocationTrigger::RectificationFailed => {
                if grades.len() >= 2 && grades[grades.len() - 2..].iter().all(|(_, f)| *f) {
                    out.push(revoke(r, "考核不合格，整改期满后仍不合格".into()));
                }
            }
            RevocationTrigger::MissingStatistics { period: Some(p) } => {
                let last = space
                    .statistics
                    .iter()
                    .copied()
                    .filter(|d| *d <= today)
                    .max()
                    .unwrap_or(space.recognised_on);
                if p.completed_by(last, today) {
                    out.push(revoke(r, format!("自 {last} 起{p}未上报统计数据")));
                }
            }
            // Without a period, missing statistics is judged against the authority's requests:
            // one left unanswered past its last day (the rest-day shift included).
            RevocationTrigger::MissingStatistics { period: None } => {
                let last =
                    |q: &FilingRequest| library.calendar.deadline(q.deadline).unwrap_or(q.deadline);
                let missed = space
                    .requests
                    .iter()
                    .find(|q| q.kind == FilingKind::Statistics && q.is_open() && today > last(q));
                if let Some(q) = missed {
                    out.push(revoke(
                        r,
                        format!(
                            "{} 要求报送的{}统计数据，截至 {} 未上报",
                            q.requested_on,
                            period_words(&q.period),
                            last(q)
                        ),
                    ));
                }
            }
            // Violations and non-compliant changes need the authority's finding first.
            RevocationTrigger::RuleViolation | RevocationTrigger::ChangeNoncompliant => {}
        }
    }
}
