//! Uploads per material of the measure's list: with htmx the material's row comes back in
//! place; a plain form post (no JavaScript) is sent back to the draft page.

use axum::extract::{Multipart, Path, State};
use axum::response::{Html, IntoResponse, Response};
use minijinja::context;
use minijinja::value::Serde;

use super::{Applicant, own_case};
use crate::error::AppError;
use crate::pages::work;
use crate::state::AppState;

/// `POST /portal/cases/{id}/materials/{material}` (multipart `file`): uploads a file for a
/// material; answers the material's row (and the new version, out of band).
pub async fn upload(
    State(state): State<AppState>,
    user: Applicant,
    headers: axum::http::HeaderMap,
    Path((id, material)): Path<(i64, String)>,
    mut multipart: Multipart,
) -> Result<Response, AppError> {
    let rec = own_case(&state, &user, id).await?;
    let mut file: Option<(String, Vec<u8>)> = None;
    while let Ok(Some(field)) = multipart.next_field().await {
        if field.name() == Some("file") {
            let name = field.file_name().unwrap_or("附件").to_string();
            match field.bytes().await {
                Ok(b) => file = Some((name, b.to_vec())),
                Err(_) => {
                    return row_with_error(
                        &state,
                        &rec,
                        &material,
                        "文件未能完整上传，可能超过大小限制，请重试",
                    )
                    .await;
                }
            }
        }
    }
    let Some((name, bytes)) = file.filter(|(_, b)| !b.is_empty()) else {
        return row_with_error(&state, &rec, &material, "请选择要上传的文件").await;
    };
    let cw = work::casework(&state)?;
    match cw
        .attach(id, user.account.id, &material, bytes, &name)
        .await
    {
        // A plain form post (no JavaScript) goes back to the whole draft page.
        Ok(_) if !crate::pages::is_htmx(&headers) => {
            Ok(axum::response::Redirect::to(&format!("/portal/cases/{id}/edit")).into_response())
        }
        Ok(_) => {
            let rec = cw.case(id).await.map_err(|e| work::cw_error(e, "file"))?;
            material_row(
                &state,
                &rec,
                &material,
                None,
                Some(format!("已上传「{name}」")),
            )
            .await
        }
        Err(e) => {
            let msg = e.to_string();
            row_with_error(&state, &rec, &material, &msg).await
        }
    }
}

async fn row_with_error(
    state: &AppState,
    rec: &casework::CaseRecord,
    material: &str,
    message: &str,
) -> Result<Response, AppError> {
    material_row(state, rec, material, Some(message.to_string()), None).await
}

async fn material_row(
    state: &AppState,
    rec: &casework::CaseRecord,
    material: &str,
    error: Option<String>,
    done: Option<String>,
) -> Result<Response, AppError> {
    let cw = work::casework(state)?;
    let view = work::case_view(state, &cw, rec).await?;
    let Some(mv) = view.materials.iter().find(|x| x.id == material) else {
        return Err(AppError::NotFound {
            message: format!("材料清单中没有「{material}」"),
            field: Some("material".into()),
        });
    };
    let html = crate::pages::render(
        state,
        "partials/material_row.html",
        context! {
            m => Serde(mv), case => Serde(&view), error, done,
            upload_limit_kib => state.config.limits.body_bytes / 1024, oob => true,
        },
    )?;
    Ok(Html(html).into_response())
}
