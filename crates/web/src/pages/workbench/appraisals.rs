//! Appraisal runs (the authority): `GET/POST /workbench/spaces/{id}/appraisal` enters a space's
//! appraisal — the measure's index-table form (the same fields and engine as the public
//! `/appraisal` preview) or, where the measure records grades, the grade — previews the
//! per-item breakdown and records it (`Casework::record_appraisal`); `GET /workbench/appraisals`
//! lists the appraisals by year with the grade distribution.

use std::collections::BTreeMap;

use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use casework::SpaceRecord;
use jiff::civil::Date;
use minijinja::value::Serde;
use minijinja::{Value, context};
use policy::LoadedMeasure;
use policy::model::AppraisalMethod;
use serde::{Deserialize, Serialize};
use store::AccountRole;

use super::super::appraisal::{groups, input_from_form};
use super::super::form::{self, Opt, Sent};
use super::super::work;
use super::STAFF;
use super::spaces::{grade_label, measure_of, spaces_in_scope, visible_space};
use super::svg::{self, Bar};
use crate::auth::{CurrentUser, MaybeUser};
use crate::engine;
use crate::error::{AppError, FieldError, FormPairs};
use crate::state::AppState;

fn method(m: &LoadedMeasure) -> Option<AppraisalMethod> {
    m.measure.appraisal.as_ref().map(|a| a.method)
}

/// The appraisal input an appraisal round answers from its record (`materials_on_time`), where
/// the measure asks materials (内蒙古 第十九条（四）).
fn fed_input(m: &LoadedMeasure) -> Option<String> {
    let a = m.measure.appraisal.as_ref()?;
    let x = a.materials.as_ref()?;
    a.override_
        .iter()
        .find(|o| o.id == x.feeds)
        .map(|o| o.input.to_string())
}

/// The round an appraisal is recorded for, with its materials decision (or why there is none
/// yet), as the page shows it.
#[derive(Serialize)]
struct RoundNote {
    id: i64,
    on_time: Option<bool>,
    text: Option<String>,
    cite: Option<String>,
    quote: Option<String>,
    error: Option<String>,
}

async fn round_note(state: &AppState, round: i64, s: &SpaceRecord, on: Date) -> RoundNote {
    let basis = match work::casework(state) {
        Ok(cw) => cw
            .materials_basis(round, s.id, on)
            .await
            .map_err(|e| e.to_string()),
        Err(e) => Err(e.body().message),
    };
    match basis {
        Ok(b) => RoundNote {
            id: round,
            on_time: Some(b.on_time),
            text: Some(b.text),
            cite: Some(b.cite),
            quote: Some(b.quote),
            error: None,
        },
        Err(e) => RoundNote {
            id: round,
            on_time: None,
            text: None,
            cite: None,
            quote: None,
            error: Some(e),
        },
    }
}

/// Failing appraisals immediately before today's, as `record_appraisal` counts them.
fn previous_failures(m: &LoadedMeasure, s: &SpaceRecord) -> u32 {
    let Some(a) = &m.measure.appraisal else {
        return 0;
    };
    s.space
        .appraisals
        .iter()
        .rev()
        .take_while(|r| a.grade(&r.grade).is_some_and(|g| g.failing))
        .count() as u32
}

/// The appraisal input from the form: the index values, or the grade chosen.
fn input(
    state: &AppState,
    m: &LoadedMeasure,
    sent: &Sent,
) -> (serde_json::Map<String, serde_json::Value>, Vec<FieldError>) {
    if method(m) == Some(AppraisalMethod::RecordedGrade) {
        let grade = form::first(sent, "grade");
        let mut json = serde_json::Map::new();
        let mut errors = Vec::new();
        if grade.is_empty() {
            errors.push(FieldError {
                field: "grade".into(),
                message: "请选择考核等级".into(),
            });
        } else {
            json.insert("grade".into(), grade.into());
        }
        (json, errors)
    } else {
        input_from_form(&state.library, m, sent)
    }
}

fn date_on(
    sent: &Sent,
    s: &SpaceRecord,
    today: Date,
    errors: &mut Vec<FieldError>,
) -> Option<Date> {
    let on = match form::date(sent, "on") {
        Ok(d) => d.unwrap_or(today),
        Err(e) => {
            errors.push(e);
            return None;
        }
    };
    if on < s.recognised_on {
        errors.push(FieldError {
            field: "on".into(),
            message: format!("考核日期不能早于认定日期 {}", s.recognised_on),
        });
        return None;
    }
    if on > today && !crate::demo::demo_clock() {
        errors.push(FieldError {
            field: "on".into(),
            message: format!("考核日期不能晚于今天（{today}）"),
        });
        return None;
    }
    Some(on)
}

#[allow(clippy::too_many_arguments)]
fn render(
    state: &AppState,
    user: &CurrentUser,
    s: &SpaceRecord,
    m: &LoadedMeasure,
    sent: &Sent,
    errors: &[FieldError],
    preview: Option<String>,
    status: StatusCode,
    round: Option<RoundNote>,
) -> Result<Response, AppError> {
    let errors = super::super::appraisal::form_errors(errors);
    let recorded = method(m) == Some(AppraisalMethod::RecordedGrade);
    let mut fields = if recorded {
        Vec::new()
    } else {
        groups(&state.library, m)
    };
    if round.is_some()
        && let Some(input) = fed_input(m)
    {
        // The round's record answers this input; the form does not ask it.
        for g in &mut fields {
            g.fields.retain(|f| f.name != input);
        }
        fields.retain(|g| !g.fields.is_empty());
    }
    form::fill(&mut fields, sent, &errors);
    let grades: Vec<Opt> = m
        .measure
        .appraisal
        .as_ref()
        .map(|a| {
            a.grade
                .iter()
                .map(|g| Opt {
                    id: g.id.clone(),
                    label: format!("{}（{}）", g.label, g.cite),
                })
                .collect()
        })
        .unwrap_or_default();
    let known: Vec<String> = fields
        .iter()
        .flat_map(|g| g.fields.iter().map(|f| f.name.clone()))
        .chain(["on".to_string(), "grade".to_string(), "round".to_string()])
        .collect();
    let general: Vec<&FieldError> = errors
        .iter()
        .filter(|e| !known.contains(&e.field))
        .collect();
    let html = super::super::page(
        state,
        "workbench_appraisal.html",
        context! {
            title => format!("绩效考核 · {}", s.name), nav => "workbench",
            csrf_token => user.csrf_token.clone().unwrap_or_default(),
            space => context! { id => s.id, name => s.name.clone(), measure_name => m.measure.measure.short_name.clone() },
            recorded, groups => Serde(&fields), grades => Serde(&grades),
            grade => form::first(sent, "grade"),
            on => { let on = form::first(sent, "on"); if on.is_empty() { work::today(state).to_string() } else { on.to_string() } },
            previous_failures => previous_failures(m, s),
            errors => Serde(work::errors_map(&errors)),
            error_list => Serde(&errors), general_errors => Serde(general),
            preview => preview.map_or(Value::UNDEFINED, Value::from_safe_string),
            round => round.map(Serde),
        },
    )?;
    Ok((status, html).into_response())
}

/// The space and its measure, for the authority; a measure without appraisal is 404.
async fn target(state: &AppState, user: &CurrentUser, id: i64) -> Result<SpaceRecord, AppError> {
    user.require_role(&[AccountRole::Authority])?;
    let s = visible_space(state, user, id).await?;
    let m = measure_of(state, &s)?;
    if m.measure.appraisal.is_none() {
        return Err(AppError::NotFound {
            message: format!("办法「{}」没有绩效考核规定", m.measure.measure.short_name),
            field: None,
        });
    }
    Ok(s)
}

/// `GET /workbench/spaces/{id}/appraisal`.
pub async fn appraisal_page(
    State(state): State<AppState>,
    MaybeUser(user): MaybeUser,
    Path(id): Path<i64>,
    Query(q): Query<RoundQuery>,
) -> Result<Response, AppError> {
    let Some(user) = user else {
        return Ok(work::to_login(&format!("/workbench/spaces/{id}/appraisal")));
    };
    let s = target(&state, &user, id).await?;
    let m = measure_of(&state, &s)?;
    let round = match q.round {
        Some(r) => Some(round_note(&state, r, &s, work::today(&state)).await),
        None => None,
    };
    render(
        &state,
        &user,
        &s,
        m,
        &Sent::new(),
        &[],
        None,
        StatusCode::OK,
        round,
    )
}

/// `?round=ID`: the appraisal is recorded for an appraisal round.
#[derive(Debug, Deserialize)]
pub struct RoundQuery {
    /// The round.
    pub round: Option<i64>,
}

/// `POST /workbench/spaces/{id}/appraisal`: `intent=preview` shows the breakdown without
/// recording; `intent=record` records it and returns to the space page.
pub async fn appraisal_submit(
    State(state): State<AppState>,
    user: CurrentUser,
    headers: HeaderMap,
    Path(id): Path<i64>,
    FormPairs(pairs): FormPairs,
) -> Result<Response, AppError> {
    let s = target(&state, &user, id).await?;
    let m = measure_of(&state, &s)?;
    let sent = form::sent(pairs);
    let (mut json, mut errors) = input(&state, m, &sent);
    let on = date_on(&sent, &s, work::today(&state), &mut errors);
    let round_id = match form::first(&sent, "round") {
        "" => None,
        typed => match typed.parse::<i64>() {
            Ok(r) => Some(r),
            Err(_) => {
                errors.push(FieldError {
                    field: "round".into(),
                    message: format!("「{typed}」不是考核批次编号"),
                });
                None
            }
        },
    };
    let round = match round_id {
        Some(r) => Some(round_note(&state, r, &s, on.unwrap_or_else(|| work::today(&state))).await),
        None => None,
    };
    if let (Some(r), Some(input)) = (&round, fed_input(m)) {
        json.remove(&input);
        if let Some(e) = &r.error {
            errors.push(FieldError {
                field: "round".into(),
                message: e.clone(),
            });
        }
    }
    if let (Some(on), true) = (on, errors.is_empty())
        && form::first(&sent, "intent") == "record"
    {
        let cw = work::casework(&state)?;
        let input = serde_json::Value::Object(json.clone());
        let recorded = match round_id {
            Some(r) => {
                cw.record_round_appraisal(r, s.id, user.account.id, on, &input)
                    .await
            }
            None => cw.record_appraisal(s.id, user.account.id, on, &input).await,
        };
        match recorded {
            Ok(out) => {
                return Ok(work::redirect(
                    &headers,
                    &format!("/workbench/spaces/{id}#appraisal-{}", out.id),
                ));
            }
            Err(casework::CaseworkError::Appraisal(rules::appraisal::AppraisalError::Input(e))) => {
                errors.extend(e.0.into_iter().map(|e| FieldError {
                    field: e.field,
                    message: e.message,
                }))
            }
            Err(e) => errors.extend(work::refused(e, "general")?),
        }
    }
    let mut preview = None;
    if errors.is_empty() {
        let mut with = json;
        with.insert("previous_failures".into(), previous_failures(m, &s).into());
        if let (Some(r), Some(input)) = (&round, fed_input(m)) {
            // The preview answers the round's input as the record will.
            with.insert(input, r.on_time.unwrap_or(false).into());
        }
        match engine::appraise(&state.library, m.id(), &with.into()) {
            Ok(r) => {
                preview = Some(super::super::render(
                    &state,
                    "partials/appraisal_result.html",
                    context! { a => Serde(&r) },
                )?);
            }
            Err(AppError::Invalid(v)) => errors.extend(v),
            Err(other) => errors.push(FieldError {
                field: "general".into(),
                message: other.body().message,
            }),
        }
    }
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    render(&state, &user, &s, m, &sent, &errors, preview, status, round)
}

/// The query of the appraisal list.
#[derive(Debug, Deserialize)]
pub struct YearQuery {
    /// Only this year.
    pub year: Option<i16>,
}

#[derive(Serialize)]
struct Listed {
    space_id: i64,
    name: String,
    measure: String,
    on: String,
    grade: String,
    total: Option<String>,
    failing: bool,
}

#[derive(Serialize)]
struct Distribution {
    measure: String,
    year: i16,
    rows: Vec<(String, usize)>,
    chart: String,
}

/// The grade distribution of one measure's appraisals in a year, in the measure's grade order.
pub(super) fn distribution(m: &LoadedMeasure, grades: &[String]) -> Vec<(String, usize)> {
    m.measure
        .appraisal
        .as_ref()
        .map(|a| {
            a.grade
                .iter()
                .map(|g| {
                    (
                        g.label.clone(),
                        grades.iter().filter(|x| **x == g.id).count(),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

/// `GET /workbench/appraisals[?year=2025]`.
pub async fn appraisals(
    State(state): State<AppState>,
    MaybeUser(user): MaybeUser,
    Query(q): Query<YearQuery>,
) -> Result<Response, AppError> {
    let Some(user) = user else {
        return Ok(work::to_login("/workbench/appraisals"));
    };
    user.require_role(&STAFF)?;
    let mut by_year: BTreeMap<i16, Vec<Listed>> = BTreeMap::new();
    let mut grades: BTreeMap<(i16, String), Vec<String>> = BTreeMap::new();
    for s in spaces_in_scope(&state, &user).await? {
        let Some(m) = state.library.get(&s.measure) else {
            continue;
        };
        let failing = |g: &str| {
            m.measure
                .appraisal
                .as_ref()
                .and_then(|a| a.grade(g))
                .is_some_and(|g| g.failing)
        };
        for a in &s.space.appraisals {
            if q.year.is_some_and(|y| y != a.on.year()) {
                continue;
            }
            by_year.entry(a.on.year()).or_default().push(Listed {
                space_id: s.id,
                name: s.name.clone(),
                measure: m.measure.measure.short_name.clone(),
                on: a.on.to_string(),
                grade: grade_label(m, &a.grade),
                total: None,
                failing: failing(&a.grade),
            });
            grades
                .entry((a.on.year(), m.id().to_string()))
                .or_default()
                .push(a.grade.clone());
        }
    }
    let mut charts = Vec::new();
    for ((year, measure), gs) in grades.iter().rev() {
        let Some(m) = state.library.get(measure) else {
            continue;
        };
        let rows = distribution(m, gs);
        let bars: Vec<Bar> = rows
            .iter()
            .map(|(l, n)| Bar {
                label: l.clone(),
                value: *n as u64,
                alert: false,
            })
            .collect();
        let title = format!("{year} 年 {} 考核等级分布", m.measure.measure.short_name);
        charts.push(Distribution {
            measure: m.measure.measure.short_name.clone(),
            year: *year,
            chart: svg::bars(&title, &bars),
            rows,
        });
    }
    let years: Vec<(i16, Vec<Listed>)> = by_year.into_iter().rev().collect();
    let html = super::super::page(
        &state,
        "workbench_appraisals.html",
        context! {
            title => "绩效考核结果", nav => "workbench",
            years => Serde(&years), charts => Serde(&charts), year => q.year,
        },
    )?;
    Ok(html.into_response())
}
