//! The JSON API under `/api/v1`: one module per resource, each handler annotated for the
//! OpenAPI 3.1 document served at `/api/v1/openapi.json`.

pub mod accounts;
pub mod appraisal;
pub mod cases;
pub mod docs;
pub mod eligibility;
pub mod facts;
pub mod health;
pub mod measure_ids;
pub mod policies;
pub mod responses;
pub mod schemas;
pub mod session;
pub mod zh;

use utoipa::OpenApi;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::state::AppState;

/// The document's fixed parts; paths are added from the annotated handlers.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "众创空间认定与管理系统 API",
        description = "政策（办法）、事实字典、资格自查与四地对比、绩效考核预评。所有条件、数值与期限均来自政策文件；错误统一为 { code, message, field }。",
        license(name = "MIT OR Apache-2.0", identifier = "MIT OR Apache-2.0"),
    ),
    tags(
        (name = "policies", description = "办法（按条文编码的政策）"),
        (name = "facts", description = "事实字典"),
        (name = "eligibility", description = "资格自查（无需账号）"),
        (name = "appraisal", description = "绩效考核预评"),
        (name = "session", description = "登录、退出与当前账号（会话 Cookie 或接口令牌）"),
        (name = "accounts", description = "账号（系统管理员）"),
        (name = "cases", description = "申报通知、申报案件、材料、办理、专家评审、公示与异议"),
        (name = "register", description = "众创空间名录、报送、绩效考核、弄虚作假认定、每日评估与审计记录"),
        (name = "meta", description = "健康检查与接口说明"),
    ),
    components(schemas(crate::error::ErrorBody, crate::error::FieldError)),
    modifiers(&SecuritySchemes)
)]
pub struct ApiDoc;

/// The two ways to authenticate: the browser's session cookie (unsafe methods also need the
/// `X-CSRF-Token` header) and a bearer API token for systems (`makerspace user token`).
struct SecuritySchemes;

impl utoipa::Modify for SecuritySchemes {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::security::{
            ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityScheme,
        };
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "session",
            SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::with_description(
                crate::auth::COOKIE,
                "登录后设置的会话 Cookie；修改类请求须同时带 X-CSRF-Token 头",
            ))),
        );
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .description(Some("接口令牌（由 `makerspace user token` 签发）"))
                    .build(),
            ),
        );
    }
}

/// Every API route with its documentation; `accounts` wraps the routes that may act for a
/// signed-in account (sessions and CSRF protection) before they join the public ones.
pub fn router(
    accounts: impl FnOnce(OpenApiRouter<AppState>) -> OpenApiRouter<AppState>,
) -> OpenApiRouter<AppState> {
    OpenApiRouter::with_openapi(ApiDoc::openapi())
        .merge(public())
        .merge(accounts(signed_in()))
}

/// The routes that need no account and read none: the measures, the fact dictionary, the
/// self-check, the comparison and the appraisal preview. They run outside the session and CSRF
/// layers: a session is never loaded for them, and a cross-site request to them carries no
/// authority to misuse.
fn public() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(policies::list))
        .routes(routes!(policies::show))
        .routes(routes!(facts::list))
        .routes(routes!(eligibility::check))
        .routes(routes!(eligibility::compare))
        .routes(routes!(appraisal::preview))
}

/// The routes that may act for a signed-in account, and those documented after them.
fn signed_in() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(session::create, session::delete))
        .routes(routes!(session::me))
        .routes(routes!(accounts::list))
        .routes(routes!(health::healthz))
        .routes(routes!(health::readyz))
        .routes(routes!(docs::openapi_json))
        .routes(routes!(docs::page))
        .merge(cases::router())
}
