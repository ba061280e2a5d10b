//! The home page: what the system does, and the jurisdictions.

use axum::extract::State;
use axum::response::Html;
use minijinja::context;
use minijinja::value::Serde;

use crate::api::policies::PolicySummary;
use crate::error::AppError;
use crate::state::AppState;

/// `GET /`.
pub async fn page(State(state): State<AppState>) -> Result<Html<String>, AppError> {
    let measures: Vec<PolicySummary> = state
        .library
        .measures()
        .iter()
        .map(PolicySummary::of)
        .collect();
    super::page(
        &state,
        "home.html",
        context! { title => "首页", nav => "home", measures => Serde(measures) },
    )
}
