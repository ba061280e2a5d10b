//! Obligations due and overdue: periodic statistics, year-end reports, change reports within
//! their period, and the appraisal cycle.

use jiff::civil::Date;
use policy::law::Period;
use policy::model::{FilingKind, ObligationKind};
use policy::{Library, LoadedMeasure};

use super::{Finding, Space};
use crate::filings::period_words;

fn scaled(p: Period, k: i32) -> Period {
    Period {
        years: p.years * k as i16,
        months: p.months * k,
        days: p.days * k,
    }
}

/// The last day after 民法典 第二百零三条 (the stated day where the calendar lacks the year).
fn deadline(library: &Library, day: Date) -> Date {
    library.calendar.deadline(day).unwrap_or(day)
}

/// A duty with a last day (the rest-day shift made).
struct DatedDuty {
    obligation: String,
    label: String,
    due: Date,
    cite: String,
}

/// Where a duty with a last day stands on `today`, met on `filed` or not: filed late, overdue,
/// due, or nothing to say (met in time).
fn dated_duty(d: DatedDuty, filed: Option<Date>, today: Date) -> Option<Finding> {
    let DatedDuty {
        obligation,
        label,
        due,
        cite,
    } = d;
    match filed {
        Some(filed_on) if filed_on > due => Some(Finding::FiledLate {
            obligation,
            label,
            due,
            filed_on,
            cite,
        }),
        Some(_) => None,
        None if today > due => Some(Finding::Overdue {
            obligation,
            label,
            due,
            cite,
        }),
        None => Some(Finding::Due {
            obligation,
            label,
            due,
            cite,
        }),
    }
}

pub(super) fn check(
    library: &Library,
    measure: &LoadedMeasure,
    space: &Space,
    today: Date,
    out: &mut Vec<Finding>,
) {
    for o in &measure.measure.obligation {
        let (id, label, cite) = (o.id.clone(), o.label.clone(), o.cite.to_string());
        match &o.due {
            ObligationKind::Periodic { every } => {
                let filings = space.filed_on(o.filing);
                let mut previous = space.recognised_on;
                for k in 1.. {
                    let Some(due) = scaled(*every, k).last_day_after(space.recognised_on) else {
                        break;
                    };
                    let filed = filings
                        .iter()
                        .any(|d| *d > previous && *d <= deadline(library, due));
                    if due > today {
                        // The running period's filing made: the next period's is what is due.
                        if filed {
                            previous = due;
                            continue;
                        }
                        out.push(Finding::Due {
                            obligation: id.clone(),
                            label: label.clone(),
                            due,
                            cite: cite.clone(),
                        });
                        break;
                    }
                    if !filed && today > deadline(library, due) {
                        out.push(Finding::Overdue {
                            obligation: id.clone(),
                            label: label.clone(),
                            due,
                            cite: cite.clone(),
                        });
                    }
                    previous = due;
                }
            }
            ObligationKind::YearEnd => {
                for year in space.recognised_on.year()..=today.year() {
                    let Ok(due) = Date::new(year, 12, 31) else {
                        continue;
                    };
                    let last = deadline(library, due);
                    let filed = space
                        .filed_on(o.filing)
                        .iter()
                        .any(|d| d.year() == year || (*d > due && *d <= last));
                    if due >= today {
                        if !filed {
                            out.push(Finding::Due {
                                obligation: id.clone(),
                                label: label.clone(),
                                due,
                                cite: cite.clone(),
                            });
                        }
                        continue;
                    }
                    if !filed && today > last {
                        out.push(Finding::Overdue {
                            obligation: id.clone(),
                            label: label.clone(),
                            due,
                            cite: cite.clone(),
                        });
                    }
                }
            }
            // A filing on the authority's request (新疆 第六条第10项: 按照自治区科技厅的要求上报):
            // each request is due by its deadline, overdue after it, late when answered after.
            ObligationKind::OnRequest => {
                for r in space
                    .requests
                    .iter()
                    .filter(|r| r.kind == o.filing && r.stands())
                {
                    out.extend(dated_duty(
                        DatedDuty {
                            obligation: id.clone(),
                            label: format!("{label}（{}）", period_words(&r.period)),
                            due: deadline(library, r.deadline),
                            cite: cite.clone(),
                        },
                        r.answered_on,
                        today,
                    ));
                }
            }
            // Only a change is an event the system records.
            ObligationKind::AfterEvent { .. } if o.filing != FilingKind::ChangeReport => {}
            ObligationKind::AfterEvent { within, .. } => {
                if let Some(review) = &o.review {
                    for c in &space.changes {
                        if let Some(reported_on) = c.reported_on.filter(|_| c.awaiting_review(true))
                        {
                            out.push(Finding::ReviewDue {
                                review: review.id.clone(),
                                label: format!("{}：{}", review.label, c.what),
                                reported_on,
                                cite: review.cite.to_string(),
                            });
                        }
                    }
                }
                for c in &space.changes {
                    match within {
                        Some(p) => {
                            let Some(last) = p.last_day_after(c.occurred_on) else {
                                continue;
                            };
                            out.extend(dated_duty(
                                DatedDuty {
                                    obligation: id.clone(),
                                    label: format!("{label}：{}", c.what),
                                    due: deadline(library, last),
                                    cite: cite.clone(),
                                },
                                c.reported_on,
                                today,
                            ));
                        }
                        // 及时: no number, so the change is due at once and a reviewer judges timeliness.
                        None if c.reported_on.is_none() => out.push(Finding::Due {
                            obligation: id.clone(),
                            label: format!("{label}：{}（及时报备，办法未规定期限）", c.what),
                            due: c.occurred_on,
                            cite: cite.clone(),
                        }),
                        None => {}
                    }
                }
            }
        }
    }
    if let Some(a) = &measure.measure.appraisal
        && let Some(cycle) = a.cycle
    {
        let last = space
            .appraisals
            .last()
            .map_or(space.recognised_on, |r| r.on);
        if let Some(due) = cycle.last_day_after(last) {
            let finding = if today > due {
                Finding::Overdue {
                    obligation: a.id.clone(),
                    label: a.label.clone(),
                    due,
                    cite: a.cite.to_string(),
                }
            } else {
                Finding::Due {
                    obligation: a.id.clone(),
                    label: a.label.clone(),
                    due,
                    cite: a.cite.to_string(),
                }
            };
            out.push(finding);
        }
    }
}
