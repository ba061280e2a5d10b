//! `/self-check`: the eligibility self-check in plain Chinese. The form asks the profile's
//! facts grouped (运营机构, 场地, 人员与服务, 入驻与活动), the jurisdiction (or 四地对比), and
//! answers rule by rule: status, article, sentence, reading; the items awaiting a reviewer; the
//! missing facts; the way to eligible.

use axum::extract::{Query, State};
use axum::http::HeaderValue;
use axum::response::{Html, IntoResponse, Response};
use minijinja::value::Serde;
use minijinja::{Value, context};
use policy::Library;
use serde::{Deserialize, Serialize};

use super::form::{self, Group, Sent};
use crate::engine;
use crate::error::{AppError, FieldError, FormPairs};
use crate::state::AppState;

/// The example profile offered on the page (a space meeting the Xinjiang measure).
pub const EXAMPLE: &str = include_str!("example_profile.json");

/// The form's groups: a fact goes to the first group one of whose prefixes its name starts with.
const GROUPS: [(&str, &[&str]); 4] = [
    ("运营机构", &["operator."]),
    ("场地", &["premises."]),
    (
        "人员与服务",
        &[
            "staff.",
            "mentors",
            "services",
            "finance.",
            "offer.",
            "management.",
        ],
    ),
    (
        "入驻与活动",
        &[
            "residents.",
            "activities.",
            "incubation.",
            "growth.",
            "statistics.",
        ],
    ),
];

/// The facts asked, grouped, in the order the dictionary lists them.
pub fn groups(library: &Library) -> Vec<Group> {
    let mut out: Vec<Group> = GROUPS
        .iter()
        .map(|(t, _)| Group {
            title: (*t).to_string(),
            fields: Vec::new(),
        })
        .collect();
    let mut other = Group {
        title: "其他".into(),
        fields: Vec::new(),
    };
    for def in library.facts.facts_as_listed() {
        let name = def.name.as_str();
        match GROUPS
            .iter()
            .position(|(_, ps)| ps.iter().any(|p| name == *p || name.starts_with(p)))
        {
            Some(i) => out[i].fields.push(form::field(def)),
            None => other.fields.push(form::field(def)),
        }
    }
    if !other.fields.is_empty() {
        out.push(other);
    }
    out
}

#[derive(Serialize)]
struct Choice {
    id: String,
    label: String,
}

fn modes(library: &Library) -> Vec<Choice> {
    let mut out = vec![Choice {
        id: "auto".into(),
        label: "按注册地自动选择施行中的办法".into(),
    }];
    out.extend(library.measures().iter().map(|m| Choice {
        id: m.id().to_string(),
        label: format!(
            "{}：{}",
            m.measure.measure.short_name, m.measure.measure.title
        ),
    }));
    out.push(Choice {
        id: "compare".into(),
        label: "四地对比（施行中的全部办法）".into(),
    });
    out
}

/// Today in China, the default check date: the server's own time zone may be another (a UTC
/// server would default to yesterday's date until 08:00 in China).
fn today(state: &AppState) -> String {
    super::work::today(state).to_string()
}

/// The page's query.
#[derive(Debug, Deserialize)]
pub struct PageQuery {
    /// Preselect a measure id (or `compare`).
    pub policy: Option<String>,
    /// Fill the form with the example profile.
    pub example: Option<String>,
}

fn form_ctx(state: &AppState, sent: &Sent, errors: &[FieldError]) -> Value {
    let mut groups = groups(&state.library);
    form::fill(&mut groups, sent, errors);
    let as_of = form::first(sent, "as_of");
    let mode = form::first(sent, "mode");
    let err = |name: &str| {
        let e: Vec<&str> = errors
            .iter()
            .filter(|e| e.field == name)
            .map(|e| e.message.as_str())
            .collect();
        (!e.is_empty()).then(|| e.join("；"))
    };
    let known: Vec<String> = groups
        .iter()
        .flat_map(|g| g.fields.iter().map(|f| f.name.clone()))
        .chain(["as_of".to_string(), "mode".to_string()])
        .collect();
    let general: Vec<&FieldError> = errors
        .iter()
        .filter(|e| !known.contains(&e.field))
        .collect();
    context! {
        groups => Serde(groups),
        modes => Serde(modes(&state.library)),
        as_of => if as_of.is_empty() { today(state) } else { as_of.to_string() },
        mode => if mode.is_empty() { "auto" } else { mode },
        as_of_error => err("as_of"),
        mode_error => err("mode"),
        errors => Serde(errors),
        general_errors => Serde(general),
    }
}

/// `GET /self-check`.
pub async fn page(
    State(state): State<AppState>,
    Query(q): Query<PageQuery>,
) -> Result<Html<String>, AppError> {
    let mut sent = Sent::new();
    if q.example.is_some() {
        let v: serde_json::Value =
            serde_json::from_str(EXAMPLE).map_err(|e| AppError::Unexpected(Box::new(e)))?;
        form::flatten("", &v, &mut sent);
        sent.insert("mode".into(), vec!["xinjiang-2019".into()]);
    }
    if let Some(p) = q
        .policy
        .filter(|p| p == "compare" || state.library.get(p).is_some())
    {
        sent.insert("mode".into(), vec![p]);
    }
    let form = form_ctx(&state, &sent, &[]);
    super::page(
        &state,
        "self_check.html",
        context! { title => "资格自查", nav => "self-check", form, result => Value::UNDEFINED },
    )
}

/// The outcome of a submitted form.
enum Outcome {
    Report(serde_json::Value),
    Compare(serde_json::Value),
}

fn run(state: &AppState, sent: &Sent) -> Result<Outcome, Vec<FieldError>> {
    let (mut json, mut errors) = form::to_json(state.library.facts.facts(), sent);
    let as_of = form::first(sent, "as_of");
    if as_of.is_empty() {
        errors.push(FieldError {
            field: "as_of".into(),
            message: "请填写核查日期".into(),
        });
    } else {
        json.insert("as_of".into(), as_of.into());
    }
    let mode = form::first(sent, "mode");
    let explicit = match mode {
        "" | "auto" | "compare" => None,
        id => Some(id),
    };
    if !errors.is_empty() {
        // Still let the engine report the rest, so every error shows at once.
        if let Err(AppError::Invalid(more)) = engine::profile(&state.library, &json.clone().into())
        {
            errors.extend(more.into_iter().filter(|e| e.field != "as_of"));
        }
        return Err(errors);
    }
    let as_errors = |e: AppError| match e {
        AppError::Invalid(v) => v,
        AppError::NotFound { message, .. } => vec![FieldError {
            field: "mode".into(),
            message,
        }],
        other => vec![FieldError {
            field: "mode".into(),
            message: other.body().message,
        }],
    };
    let profile = engine::profile(&state.library, &json.into()).map_err(as_errors)?;
    if mode == "compare" {
        let c = engine::compare(&state.library, &profile).map_err(as_errors)?;
        Ok(Outcome::Compare(
            serde_json::to_value(&c).unwrap_or_default(),
        ))
    } else {
        let r = engine::check(&state.library, &profile, explicit).map_err(as_errors)?;
        Ok(Outcome::Report(
            serde_json::to_value(&r).unwrap_or_default(),
        ))
    }
}

/// The result fragment of an outcome.
fn result_html(state: &AppState, outcome: &Outcome) -> Result<String, AppError> {
    match outcome {
        Outcome::Report(r) => super::render(
            state,
            "partials/eligibility_result.html",
            context! { r => Serde(r) },
        ),
        Outcome::Compare(c) => super::render(
            state,
            "partials/compare_result.html",
            context! { c => Serde(c) },
        ),
    }
}

/// `POST /self-check`: with htmx, the result fragment (or the form with its errors, retargeted);
/// without, the whole page.
pub async fn submit(
    State(state): State<AppState>,
    headers: axum::http::HeaderMap,
    FormPairs(pairs): FormPairs,
) -> Result<Response, AppError> {
    let sent = form::sent(pairs);
    let outcome = run(&state, &sent);
    if super::is_htmx(&headers) {
        return Ok(match outcome {
            Ok(o) => Html(result_html(&state, &o)?).into_response(),
            Err(errors) => {
                let form = form_ctx(&state, &sent, &errors);
                let html =
                    super::render(&state, "partials/self_check_form.html", context! { form })?;
                let mut res = Html(format!(
                    "{html}<div id=\"result\" hx-swap-oob=\"true\" aria-live=\"polite\"></div>"
                ))
                .into_response();
                let h = res.headers_mut();
                h.insert("hx-retarget", HeaderValue::from_static("#self-check-form"));
                h.insert("hx-reswap", HeaderValue::from_static("outerHTML"));
                res
            }
        });
    }
    let (errors, result) = match &outcome {
        Ok(o) => (Vec::new(), Some(result_html(&state, o)?)),
        Err(e) => (e.clone(), None),
    };
    let form = form_ctx(&state, &sent, &errors);
    let result = result.map_or(Value::UNDEFINED, Value::from_safe_string);
    super::page(
        &state,
        "self_check.html",
        context! { title => "资格自查", nav => "self-check", form, result },
    )
    .map(IntoResponse::into_response)
}
