//! A case's attachment, for whoever may see the case; any stored attachment as a download.

use axum::http::HeaderValue;
use axum::response::{IntoResponse, Response};

use super::{to_login, visible_case};
use crate::error::AppError;
use crate::state::AppState;

/// `GET /files/{case}/{attachment}`: an attachment of a case, for whoever may see the case.
pub async fn file(
    axum::extract::State(state): axum::extract::State<AppState>,
    crate::auth::MaybeUser(user): crate::auth::MaybeUser,
    axum::extract::Path((case_id, id)): axum::extract::Path<(i64, i64)>,
) -> Result<Response, AppError> {
    let Some(user) = user else {
        return Ok(to_login(&format!("/files/{case_id}/{id}")));
    };
    let rec = visible_case(&state, &user, case_id).await?;
    let listed = rec.attachments.values().flatten().any(|a| *a == id);
    user.authorize_or_hide(
        &format!("case:{case_id} file:{id}"),
        listed,
        format!("附件 {id} 不存在"),
    )?;
    let (att, bytes) = store::attachment::read(state.store()?, id).await?;
    Ok(download(&att, bytes))
}

/// An attachment as a download: its type, and its name in ASCII and in UTF-8 (RFC 6266).
pub fn download(att: &store::Attachment, bytes: Vec<u8>) -> Response {
    let mut res = bytes.into_response();
    let h = res.headers_mut();
    if let Ok(v) = HeaderValue::from_str(att.media_type.mime()) {
        h.insert(axum::http::header::CONTENT_TYPE, v);
    }
    let ascii: String = att
        .original_name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '.' {
                c
            } else {
                '_'
            }
        })
        .collect();
    let encoded: String = att
        .original_name
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b == b'.' {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect();
    if let Ok(v) = HeaderValue::from_str(&format!(
        "attachment; filename=\"{ascii}\"; filename*=UTF-8''{encoded}"
    )) {
        h.insert(axum::http::header::CONTENT_DISPOSITION, v);
    }
    res
}
