//! The JSON API under `/api/v1`: one module per resource, each handler annotated for the
//! OpenAPI 3.1 document served at `/api/v1/openapi.json`.

pub mod appraisal;
pub mod docs;
pub mod eligibility;
pub mod facts;
pub mod health;
pub mod policies;
pub mod schemas;

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
        (name = "meta", description = "健康检查与接口说明"),
    ),
    components(schemas(crate::error::ErrorBody, crate::error::FieldError))
)]
pub struct ApiDoc;

/// Every API route with its documentation.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::with_openapi(ApiDoc::openapi())
        .routes(routes!(policies::list))
        .routes(routes!(policies::show))
        .routes(routes!(facts::list))
        .routes(routes!(eligibility::check))
        .routes(routes!(eligibility::compare))
        .routes(routes!(appraisal::preview))
        .routes(routes!(health::healthz))
        .routes(routes!(health::readyz))
        .routes(routes!(docs::openapi_json))
        .routes(routes!(docs::page))
}
