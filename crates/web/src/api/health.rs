//! Liveness and readiness.

use axum::Json;
use axum::extract::State;
use serde::Serialize;
use utoipa::ToSchema;

use crate::state::AppState;

/// A health answer.
#[derive(Debug, Serialize, ToSchema)]
pub struct Health {
    /// `ok` or `ready`.
    pub status: &'static str,
    /// Measures loaded (readiness only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub policies: Option<usize>,
}

/// Liveness: the process answers.
#[utoipa::path(get, path = "/healthz", tag = "meta", responses((status = 200, body = Health)))]
pub async fn healthz() -> Json<Health> {
    Json(Health {
        status: "ok",
        policies: None,
    })
}

/// Readiness: the policies are loaded (and, once it exists, the store answers).
#[utoipa::path(get, path = "/readyz", tag = "meta", responses((status = 200, body = Health)))]
pub async fn readyz(State(state): State<AppState>) -> Json<Health> {
    Json(Health {
        status: "ready",
        policies: Some(state.library.measures().len()),
    })
}
