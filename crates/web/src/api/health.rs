//! Liveness and readiness.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::Serialize;
use utoipa::ToSchema;

use crate::api::zh::{Members, Zh};
use crate::state::AppState;

/// A health answer.
#[derive(Debug, Serialize, ToSchema)]
#[schema(description = "健康检查的答复。")]
pub struct Health {
    /// `ok`, `ready` or `unavailable`.
    pub status: &'static str,
    /// Measures loaded (readiness only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub policies: Option<usize>,
    /// The database (readiness only, when the server has one): `ok`, `unreachable`, or
    /// `write_failed` (an fsync failed: the process refuses writes until restarted).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub database: Option<&'static str>,
}

impl Zh for Health {
    const MEMBERS: Members = &[
        (
            "status",
            "`ok`（存活）、`ready`（就绪）或 `unavailable`（不可用）。",
        ),
        ("policies", "已加载的办法数（仅就绪检查）。"),
        (
            "database",
            "数据库状态（仅就绪检查，且服务器连接了数据库时）：`ok`、`unreachable`（无响应）或 `write_failed`（fsync 失败：本进程在重启前拒绝一切写入）。",
        ),
    ];
}

/// Liveness: the process answers.
#[utoipa::path(get, path = "/healthz", tag = "meta",
    summary = "存活检查：进程能够应答。",
    responses((status = 200, body = Health, description = "进程在运行")))]
pub async fn healthz() -> Json<Health> {
    Json(Health {
        status: "ok",
        policies: None,
        database: None,
    })
}

/// Readiness: the policies are loaded and, when the server has a store, the database answers.
#[utoipa::path(get, path = "/readyz", tag = "meta",
    summary = "就绪检查：办法已加载；服务器连接了数据库时，数据库能够应答。",
    responses(
    (status = 200, body = Health, description = "已就绪"),
    (status = 503, body = Health, description = "数据库无响应，或写入未能落盘后本进程已停止写入"),
))]
pub async fn readyz(State(state): State<AppState>) -> (StatusCode, Json<Health>) {
    let database = match &state.store {
        None => None,
        // A known fsync failure decides without asking the database.
        Some(store) => Some(match store.durability_failure() {
            Some(failure) => {
                tracing::error!(%failure, "readiness: writes stopped after a failed fsync");
                "write_failed"
            }
            None => match store.db().ping().await {
                Ok(()) => "ok",
                Err(e) => {
                    tracing::warn!(error = %e, "readiness: database unreachable");
                    "unreachable"
                }
            },
        }),
    };
    let ready = database.is_none_or(|d| d == "ok");
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
