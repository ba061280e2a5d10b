//! The eligibility panel of a profile (the report, or the profile's errors).

use crate::error::AppError;
use crate::state::AppState;

/// The eligibility report of a profile under a measure, as JSON for the report partial.
pub fn eligibility(
    state: &AppState,
    measure: &str,
    profile: &serde_json::Value,
) -> Result<serde_json::Value, AppError> {
    let p = crate::engine::profile(&state.library, profile)?;
    let r = crate::engine::check(&state.library, &p, Some(measure))?;
    Ok(serde_json::to_value(&r).unwrap_or_default())
}

/// Renders the eligibility panel of a profile (or its errors).
pub fn eligibility_html(state: &AppState, measure: &str, profile: &serde_json::Value) -> String {
    match eligibility(state, measure, profile) {
        Ok(r) => crate::pages::render(
            state,
            "partials/eligibility_result.html",
            minijinja::context! { r => minijinja::value::Serde(&r) },
        )
        .unwrap_or_default(),
        Err(AppError::Invalid(errors)) => {
            let items: String = errors
                .iter()
                .map(|e| {
                    let name = policy::facts::FactName(e.field.clone());
                    format!(
                        "<li><a href=\"#{}\">{}：{}</a></li>",
                        crate::pages::form::element_id(&e.field),
                        escape(state.library.facts.label(&name)),
                        escape(&e.message)
                    )
                })
                .collect();
            format!(
                "<div class=\"error-summary\"><p>资料有误，暂不能核查：</p><ul>{items}</ul></div>"
            )
        }
        Err(e) => format!("<p class=\"error\">{}</p>", escape(&e.to_string())),
    }
}

/// HTML escaping for the few strings written outside templates.
pub fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}
