//! Accounts (administrators only).

use axum::Json;
use axum::extract::State;
use store::AccountRole;

use crate::api::session::Me;
use crate::auth::{Admin, AuthMethod, Require};
use crate::error::{AppError, ErrorBody};
use crate::state::AppState;

/// Every account, by role then id (administrators only).
#[utoipa::path(get, path = "/api/v1/accounts", tag = "accounts",
    summary = "全部账号，按角色再按编号排列（仅系统管理员）。",
    security(("session" = []), ("bearer" = [])),
    responses(
        (status = 200, body = Vec<Me>, description = "全部账号（`auth` 字段恒为 session，无意义）"),
        (status = 401, body = ErrorBody, description = "未登录或令牌无效"),
        (status = 403, body = ErrorBody, description = "非系统管理员"),
    ))]
pub async fn list(
    State(state): State<AppState>,
    _admin: Require<Admin>,
) -> Result<Json<Vec<Me>>, AppError> {
    let store = state.store()?;
    let mut out = Vec::new();
    for role in AccountRole::ALL {
        for a in store::account::list_by_role(store.db(), role).await? {
            out.push(Me::of(&a, AuthMethod::Session));
        }
    }
    Ok(Json(out))
}
