//! The public web pages in Chinese: one module per page, templates embedded at build time.
//!
//! Every form works without JavaScript (a full page comes back); with htmx (vendored, see
//! `assets/VENDORED.md`) the result is swapped in place, and a form with errors comes back
//! beside its fields.

pub mod account;
pub mod application_pdf;
pub mod appraisal;
pub mod error_page;
pub mod expert;
pub mod form;
pub mod home;
pub mod measures;
pub mod portal;
pub mod public;
pub mod register_csv;
pub mod self_check;
pub mod viewer;
pub mod work;
pub mod workbench;

use axum::Router;
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use minijinja::{Environment, UndefinedBehavior, Value};

use crate::error::{AppError, status_body};
use crate::state::AppState;

/// The template environment: embedded templates, strict undefined, asset URLs as globals, and
/// the region filters over the library's list of divisions: `region` (a GB/T 2260 code as the
/// division's full name, an unlisted code as it is), `region_coded` (the name with the code
/// after it, an unlisted code once) and `region_name` (the name, or none where unlisted); and
/// for error summaries `field_label` (a form field's label by its name) and `field_id` (its
/// element's id); `asks_for` (whether a measure asks for a kind of filing).
pub fn templates(library: &std::sync::Arc<policy::Library>) -> Environment<'static> {
    let mut env = Environment::new();
    env.set_undefined_behavior(UndefinedBehavior::SemiStrict);
    env.set_formatter(html_formatter);
    if let Ok(syntax) = minijinja::syntax::SyntaxConfig::builder()
        .trim_blocks(true)
        .lstrip_blocks(true)
        .build()
    {
        env.set_syntax(syntax);
    }
    minijinja_embed::load_templates!(&mut env);
    env.add_global("css_url", crate::assets::url("app.css"));
    env.add_global("htmx_url", crate::assets::url("htmx.min.js"));
    env.add_global("js_url", crate::assets::url("app.js"));
    // A form's error summary names each field as the form labels it and links to it.
    let lib = library.clone();
    env.add_filter("field_label", move |name: String| -> String {
        let fact = policy::facts::FactName(name.clone());
        match name.as_str() {
            "as_of" => "核查日期".into(),
            "policy" | "mode" => "适用的办法".into(),
            _ => lib
                .facts
                .fact(&fact)
                .or_else(|| lib.facts.appraisal_input(&fact))
                .map_or(name, |d| d.label.clone()),
        }
    });
    env.add_filter("field_id", |name: String| form::element_id(&name));
    // Whether a measure asks its spaces for a kind of filing (`statistics`, `annual_report`,
    // `change_report`): an obligation names it.
    let lib = library.clone();
    env.add_filter("asks_for", move |measure: String, kind: String| -> bool {
        let kind = policy::model::FilingKind::from_code(&kind);
        lib.get(&measure)
            .zip(kind)
            .is_some_and(|(m, k)| m.measure.obligation_for(k).is_some())
    });
    // What a measure calls its decision: 认定 (内蒙古, 朔州) or 备案 (鞍山, 新疆); 认定（备案）
    // for a measure the library lacks.
    let lib = library.clone();
    env.add_filter("act_word", move |measure: String| -> &'static str {
        lib.get(&measure)
            .map_or("认定（备案）", |m| m.measure.measure.kind.label())
    });
    // Anything but a text (none, a number) passes through the first two unchanged.
    let lib = library.clone();
    env.add_filter("region", move |code: Value| match code.as_str() {
        Some(code) => Value::from(lib.regions.display(code)),
        None => code,
    });
    let lib = library.clone();
    env.add_filter("region_coded", move |code: Value| match code.as_str() {
        Some(code) => Value::from(lib.regions.with_code(code)),
        None => code,
    });
    // The full name, or none where the code is not listed (for a form's hint).
    let lib = library.clone();
    env.add_filter("region_name", move |code: Value| {
        code.as_str()
            .and_then(|c| lib.regions.named(c))
            .map_or(Value::from(()), Value::from)
    });
    env
}

/// HTML escaping of `& < > " '` only (minijinja's default also escapes `/`, which makes every
/// URL and article path unreadable in the source).
fn html_formatter(
    out: &mut minijinja::Output<'_>,
    state: &mut minijinja::State<'_, '_>,
    value: &Value,
) -> Result<(), minijinja::Error> {
    match value.as_str() {
        Some(s) if !value.is_safe() && *state.auto_escape() != minijinja::AutoEscape::None => {
            let mut escaped = String::with_capacity(s.len());
            for c in s.chars() {
                match c {
                    '&' => escaped.push_str("&amp;"),
                    '<' => escaped.push_str("&lt;"),
                    '>' => escaped.push_str("&gt;"),
                    '"' => escaped.push_str("&quot;"),
                    '\'' => escaped.push_str("&#39;"),
                    c => escaped.push(c),
                }
            }
            out.write_str(&escaped).map_err(minijinja::Error::from)
        }
        _ => minijinja::escape_formatter(out, state, value),
    }
}

/// Renders a template, with the page's `viewer` (see [`viewer`]) beside the context given.
pub fn render(state: &AppState, name: &str, ctx: Value) -> Result<String, AppError> {
    let ctx = minijinja::context! { viewer => minijinja::value::Serde(viewer::current()), ..ctx };
    state
        .templates
        .get_template(name)
        .and_then(|t| t.render(ctx))
        .map_err(|e| AppError::Unexpected(Box::new(e)))
}

/// Renders a page.
pub fn page(state: &AppState, name: &str, ctx: Value) -> Result<Html<String>, AppError> {
    render(state, name, ctx).map(Html)
}

/// Whether the request comes from htmx (answer with a fragment).
pub fn is_htmx(headers: &HeaderMap) -> bool {
    headers.contains_key("hx-request")
}

/// The page routes.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/", get(home::page))
        .route("/measures", get(measures::list))
        .route("/measures/{id}", get(measures::show))
        .route(
            "/self-check",
            get(self_check::page).post(self_check::submit),
        )
        .route("/appraisal", get(appraisal::page).post(appraisal::submit))
        .route(
            "/login",
            get(account::login_page).post(account::login_submit),
        )
        .route("/logout", axum::routing::post(account::logout_submit))
        .route("/account", get(account::page))
        .merge(signed_in_router())
        .merge(upload_forms())
        // Inside `remember`, so that an error page shows the viewer's navigation.
        .layer(axum::middleware::from_fn(error_page::as_html))
        .layer(axum::middleware::from_fn(viewer::remember))
}

/// The forms that carry files (multipart). They take bodies up to the upload limit rather than
/// `limits.body_bytes`: the outer `RequestBodyLimitLayer` holds the whole body to
/// `upload_bytes` plus the framing, and the store refuses any single file over `upload_bytes`.
fn upload_forms() -> Router<AppState> {
    use axum::routing::post;
    Router::new()
        .route(
            "/portal/cases/{id}/materials/{material}",
            post(portal::upload),
        )
        .route(
            "/portal/spaces/{id}/rectification",
            post(portal::filings::rectification),
        )
        .route(
            "/portal/spaces/{id}/appraisal-materials/{round}",
            post(portal::appraisal_materials::hand_in),
        )
        .route(
            "/workbench/spaces/{id}/blacklisting",
            post(workbench::blacklisting_submit),
        )
        .route(
            "/workbench/spaces/{id}/scope-exit",
            post(workbench::scope_exit_submit),
        )
        .layer(axum::extract::DefaultBodyLimit::disable())
}

/// The register, notices and appraisal results, and the signed-in pages: the applicant
/// portal, the workbench of recommending units and the authority, the expert page.
fn signed_in_router() -> Router<AppState> {
    use axum::routing::post;
    Router::new()
        .route("/register", get(public::register))
        .route("/register.csv", get(register_csv::download))
        .route("/notices", get(public::notices))
        .route("/notices/{id}/objections", post(public::object))
        .route("/appraisals", get(public::appraisals))
        .route("/files/{case}/{id}", get(work::file))
        .route("/portal", get(portal::home))
        .route(
            "/portal/apply",
            get(portal::apply_page).post(portal::apply_submit),
        )
        .route("/portal/check", post(portal::check_new))
        .route("/portal/cases/{id}", get(portal::case_page))
        .route(
            "/portal/cases/{id}/edit",
            get(portal::edit_page).post(portal::edit_submit),
        )
        .route("/portal/cases/{id}/check", post(portal::check))
        .route("/portal/cases/{id}/submit", post(portal::submit))
        .route("/portal/cases/{id}/submitted", get(portal::submitted))
        .route(
            "/portal/cases/{id}/application.pdf",
            get(application_pdf::portal),
        )
        .route(
            "/workbench/cases/{id}/application.pdf",
            get(application_pdf::workbench),
        )
        .route(
            "/portal/spaces/{id}/statistics",
            get(portal::statistics_page).post(portal::statistics_submit),
        )
        .route("/portal/spaces/{id}", get(portal::space::page))
        .route(
            "/portal/spaces/{id}/filings/{filing}",
            get(portal::filing::filing_page),
        )
        .route(
            "/portal/spaces/{id}/annual-reports",
            post(portal::filings::annual_report),
        )
        .route("/portal/spaces/{id}/changes", post(portal::filings::change))
        .route(
            "/portal/spaces/{id}/appraisal-materials",
            get(portal::appraisal_materials::page),
        )
        .route("/workbench", get(workbench::home))
        .route(
            "/workbench/queue/{measure}/{stage}",
            get(workbench::stage_page),
        )
        .route("/workbench/cases/{id}", get(workbench::case_page))
        .route("/workbench/cases/{id}/act", post(workbench::act))
        .route("/workbench/cases/{id}/experts", post(workbench::assign))
        .route(
            "/workbench/cases/{id}/inspections",
            post(workbench::record_inspection),
        )
        .route(
            "/workbench/cases/{id}/objections/{number}",
            post(workbench::rule),
        )
        .route("/workbench/spaces/{id}", get(workbench::space_page))
        .route(
            "/workbench/spaces/{id}/filings/{filing}",
            get(workbench::filing_page),
        )
        .route(
            "/workbench/spaces/{id}/appraisal",
            get(workbench::appraisal_page).post(workbench::appraisal_submit),
        )
        .route("/workbench/spaces/{id}/revoke", post(workbench::revoke))
        .route(
            "/workbench/statistics-requests",
            post(workbench::request_statistics),
        )
        .route(
            "/workbench/statistics-requests/withdrawal",
            post(workbench::withdraw_statistics),
        )
        .route(
            "/workbench/spaces/{id}/changes/{n}/review",
            post(workbench::review_change),
        )
        .route(
            "/workbench/spaces/{id}/changes/{n}/forwarding",
            post(workbench::forward_change),
        )
        .route(
            "/workbench/spaces/{id}/evidence/{att}",
            get(workbench::evidence),
        )
        .route("/workbench/appraisals", get(workbench::appraisals))
        .route(
            "/workbench/appraisal-rounds",
            get(workbench::rounds).post(workbench::open_round),
        )
        .route("/workbench/appraisal-rounds/{id}", get(workbench::round))
        .route(
            "/workbench/appraisal-rounds/{id}/hand-ins/{handin}/false",
            post(workbench::mark_false),
        )
        .route("/workbench/sanctions", get(workbench::sanctions))
        .route("/workbench/sanctions/fraud", post(workbench::fraud_submit))
        .route("/workbench/calendar", get(workbench::calendar))
        .route("/workbench/charts", get(workbench::charts))
        .route("/expert", get(expert::home))
        .route("/expert/cases/{id}/score", post(expert::score))
        .route("/expert/conflicts", post(expert::declare))
}

/// 404: JSON under `/api/`, a page elsewhere.
pub async fn not_found(
    axum::extract::State(state): axum::extract::State<AppState>,
    uri: Uri,
) -> Response {
    if uri.path().starts_with("/api/") {
        return (
            StatusCode::NOT_FOUND,
            axum::Json(status_body(StatusCode::NOT_FOUND)),
        )
            .into_response();
    }
    match page(
        &state,
        "not_found.html",
        minijinja::context! { title => "页面不存在", nav => "" },
    ) {
        Ok(html) => (StatusCode::NOT_FOUND, html).into_response(),
        Err(e) => e.into_response(),
    }
}
