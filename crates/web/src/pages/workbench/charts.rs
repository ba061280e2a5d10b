//! `GET /workbench/charts`: what people would rather look at than read — the grade
//! distribution, cases by stage and by month of submission, overdue obligations — each as an
//! inline SVG chart with a table of the same numbers beside it (for screen readers and for
//! copying).

use std::collections::BTreeMap;

use axum::extract::State;
use axum::response::{IntoResponse, Response};
use casework::QueueFilter;
use jiff::ToSpan;
use minijinja::context;
use minijinja::value::Serde;
use serde::Serialize;
use store::AccountRole;

use super::super::work;
use super::appraisals::distribution;
use super::calendar::dues;
use super::spaces::spaces_in_scope;
use super::svg::{self, Bar};
use super::{STAFF, measures_in_scope};
use crate::auth::MaybeUser;
use crate::error::AppError;
use crate::state::AppState;

/// Months of submissions shown.
const MONTHS: i32 = 12;

#[derive(Serialize)]
struct Chart {
    id: String,
    title: String,
    svg: String,
    head: String,
    rows: Vec<Bar>,
    empty: bool,
}

fn chart(id: &str, title: String, head: &str, rows: Vec<Bar>) -> Chart {
    Chart {
        id: id.to_string(),
        svg: svg::bars(&title, &rows),
        empty: rows.iter().all(|r| r.value == 0),
        title,
        head: head.to_string(),
        rows,
    }
}

fn bar(label: impl Into<String>, value: usize, alert: bool) -> Bar {
    Bar {
        label: label.into(),
        value: value as u64,
        alert,
    }
}

/// `GET /workbench/charts`.
pub async fn charts(
    State(state): State<AppState>,
    MaybeUser(user): MaybeUser,
) -> Result<Response, AppError> {
    let Some(user) = user else {
        return Ok(work::to_login("/workbench/charts"));
    };
    user.require_role(&STAFF)?;
    let cw = work::casework(&state)?;
    let today = work::today(&state);
    let spaces = spaces_in_scope(&state, &user).await?;
    let mut out = Vec::new();

    // Grades, per measure, every year.
    let mut grades: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for s in &spaces {
        grades
            .entry(s.measure.clone())
            .or_default()
            .extend(s.space.appraisals.iter().map(|a| a.grade.clone()));
    }
    for (measure, gs) in &grades {
        let Some(m) = state.library.get(measure) else {
            continue;
        };
        if m.measure.appraisal.is_none() {
            continue;
        }
        let rows = distribution(m, gs)
            .into_iter()
            .map(|(l, n)| bar(l, n, false))
            .collect();
        out.push(chart(
            &format!("grades-{measure}"),
            format!("{} 考核等级分布（历年）", m.measure.measure.short_name),
            "等级",
            rows,
        ));
    }

    // Cases by stage and by month of submission.
    let region = match user.account.role {
        AccountRole::RecommendingUnit => user.account.region_code.clone(),
        _ => None,
    };
    let first = today
        .checked_sub((MONTHS - 1).months())
        .map_err(|e| AppError::Unexpected(Box::new(e)))?
        .first_of_month();
    let mut by_month: BTreeMap<(i16, i8), usize> = BTreeMap::new();
    let mut d = first;
    while d <= today {
        by_month.insert((d.year(), d.month()), 0);
        d = d
            .checked_add(1.month())
            .map_err(|e| AppError::Unexpected(Box::new(e)))?;
    }
    let mut stages = Vec::new();
    for m in measures_in_scope(&state, &user) {
        // Counted in the database over every case, not over a page of them.
        let counts = cw
            .case_counts(
                &QueueFilter {
                    measure: Some(m.id().to_string()),
                    region: region.clone(),
                    ..Default::default()
                },
                first,
            )
            .await
            .map_err(|e| work::cw_error(e, "queue"))?;
        for (on, count) in &counts.submitted_on {
            if let Some(n) = by_month.get_mut(&(on.year(), on.month())) {
                *n += *count as usize;
            }
        }
        for st in &m.measure.procedure.stage {
            let n = counts
                .at_stage
                .iter()
                .find(|(id, _)| *id == st.id)
                .map_or(0, |(_, n)| *n as usize);
            if n > 0 || st.kind != policy::model::StageKind::Submission {
                stages.push(bar(
                    format!("{}·{}", m.measure.measure.short_name, st.label),
                    n,
                    false,
                ));
            }
        }
    }
    stages.retain(|b| b.value > 0);
    out.push(chart(
        "by-stage",
        "各环节在办案件".into(),
        "办法·环节",
        stages,
    ));
    out.push(chart(
        "by-month",
        format!("近 {MONTHS} 个月每月提交的申报"),
        "月份",
        by_month
            .into_iter()
            .map(|((y, m), n)| bar(format!("{y} 年 {m} 月"), n, false))
            .collect(),
    ));

    // Overdue obligations, by obligation.
    let mut overdue: BTreeMap<String, usize> = BTreeMap::new();
    for d in dues(&state.library, &spaces, today, today) {
        if d.overdue {
            *overdue.entry(d.label).or_default() += 1;
        }
    }
    out.push(chart(
        "overdue",
        "逾期未报送的事项".into(),
        "事项",
        overdue.into_iter().map(|(l, n)| bar(l, n, true)).collect(),
    ));

    let html = super::super::page(
        &state,
        "workbench_charts.html",
        context! {
            title => "统计图表", nav => "workbench", today => today.to_string(),
            charts => Serde(&out),
        },
    )?;
    Ok(html.into_response())
}
