//! Liveness and readiness.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::Serialize;
use utoipa::ToSchema;

use crate::state::AppState;

/// A health answer.
#[derive(Debug, Serialize, ToSchema)]
pub struct Health {
    /// `ok`, `ready` or `unavailable`.
    pub status: &'static str,
    /// Measures loaded (readiness only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub policies: Option<usize>,
    /// The database (readiness only, when the server has one): `ok` or `unreachable`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub database: Option<&'static str>,
}

/// Liveness: the process answers.
#[utoipa::path(get, path = "/healthz", tag = "meta", responses((status = 200, body = Health)))]
pub async fn healthz() -> Json<Health> {
    Json(Health {
        status: "ok",
        policies: None,
        database: None,
    })
}

/// Readiness: the policies are loaded and, when the server has a store, the database answers.
#[utoipa::path(get, path = "/readyz", tag = "meta", responses(
    (status = 200, body = Health),
    (status = 503, body = Health, description = "数据库无响应"),
))]
pub async fn readyz(State(state): State<AppState>) -> (StatusCode, Json<Health>) {
    let database = match &state.store {
        None => None,
        Some(store) => Some(match store.db().ping().await {
            Ok(()) => "ok",
            Err(e) => {
                tracing::warn!(error = %e, "readiness: database unreachable");
                "unreachable"
            }
        }),
    };
    let ready = database != Some("unreachable");
    (
        if ready {
            StatusCode::OK
        } else {
            StatusCode::SERVICE_UNAVAILABLE
        },
        Json(Health {
            status: if ready { "ready" } else { "unavailable" },
            policies: Some(state.library.measures().len()),
            database,
        }),
    )
}
