//! `GET /api/v1/applications/{id}/application.pdf`: the case's application form (申报书) as a
//! PDF in its jurisdiction's layout, for whoever may see the case.

use axum::extract::{Path, State};
use axum::response::Response;

use super::access::readable;
use super::service;
use crate::auth::CurrentUser;
use crate::error::{AppError, ErrorBody};
use crate::state::AppState;

/// A PDF file (the response body is the file itself).
#[derive(utoipa::ToSchema)]
#[schema(description = "PDF 文件（响应体就是文件本身）。")]
#[schema(value_type = String, format = Binary)]
pub struct PdfFile(pub Vec<u8>);

/// The application form of a case as a PDF (the same access as the case itself).
#[utoipa::path(get, path = "/api/v1/applications/{id}/application.pdf", tag = "cases",
    summary = "案件的申报书 PDF（访问权限与案件本身相同）。",
    security(("session" = []), ("bearer" = [])),
    params(("id" = i64, Path, description = "案件编号")),
    responses(
        (status = 200, description = "申报书 PDF（按该地政策规定的申报书栏目排版，含政策版本哈希、材料 SHA-256）", content_type = "application/pdf", body = PdfFile),
        (status = 401, description = "未登录", body = ErrorBody),
        (status = 404, description = "没有该案件（或无权知悉）", body = ErrorBody),
        (status = 503, description = "服务器未安装中文字体", body = ErrorBody),
    ))]
pub async fn application_pdf(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let cw = service(&state)?;
    let rec = readable(&cw, &user, id).await?;
    crate::printing::application_pdf(&state, &cw, &rec).await
}
