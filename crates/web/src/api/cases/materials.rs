//! `POST /api/v1/applications/{id}/materials/{material_id}`: uploads a file as a material of a
//! draft, as `multipart/form-data` (field `file`, with its filename) or as the raw body with an
//! `X-Filename` header. Over the configured limit, or over the organisation's upload quota
//! (all its attachments together) → 413; a content whose type differs from its
//! name, or no accepted type → 422 naming `file`.

use axum::Json;
use axum::body::Bytes;
use axum::extract::{FromRequest, Multipart, Path, Request, State};
use axum::http::{StatusCode, header};
use serde::Serialize;
use utoipa::ToSchema;

use super::access::readable;
use super::{from_casework, service};
use crate::api::zh::{Members, Zh};
use crate::auth::CurrentUser;
use crate::error::{AppError, ErrorBody};
use crate::state::AppState;

/// The header naming the file of a raw upload.
pub const FILENAME_HEADER: &str = "x-filename";

/// An upload accepted.
#[derive(Debug, Serialize, ToSchema)]
#[schema(description = "已受理的上传。")]
pub struct Uploaded {
    /// The attachment id.
    pub attachment_id: i64,
    /// Lower-case hex sha256 of the content.
    pub sha256: String,
    /// Size in bytes.
    pub size: u64,
    /// The type sniffed from the content.
    pub media_type: String,
    /// The name given.
    pub filename: String,
    /// The material.
    pub material: String,
    /// The case's new version.
    pub version: i64,
}

impl Zh for Uploaded {
    const MEMBERS: Members = &[
        ("attachment_id", "附件编号。"),
        ("sha256", "内容的 sha256（小写十六进制）。"),
        ("size", "大小（字节）。"),
        ("media_type", "按内容识别的文件类型。"),
        ("filename", "上传时给出的文件名。"),
        ("material", "材料编号。"),
        ("version", "案件的新版本号。"),
    ];
}

fn bad(message: impl Into<String>) -> AppError {
    AppError::BadRequest {
        code: "invalid_upload",
        message: message.into(),
    }
}

async fn from_multipart(
    req: Request,
    state: &AppState,
    limit: usize,
) -> Result<(String, Vec<u8>), AppError> {
    let mut mp = Multipart::from_request(req, state)
        .await
        .map_err(|e| bad(format!("multipart 请求体无法解析：{}", e.body_text())))?;
    while let Some(mut field) = mp
        .next_field()
        .await
        .map_err(|e| bad(format!("multipart 请求体无法解析：{}", e.body_text())))?
    {
        if field.name() != Some("file") {
            continue;
        }
        let name = field
            .file_name()
            .map(str::to_string)
            .filter(|n| !n.trim().is_empty())
            .ok_or_else(|| AppError::invalid("file", "上传的文件须带文件名"))?;
        let mut bytes = Vec::new();
        while let Some(chunk) = field
            .chunk()
            .await
            .map_err(|e| bad(format!("multipart 请求体无法解析：{}", e.body_text())))?
        {
            if bytes.len() + chunk.len() > limit {
                return Err(AppError::TooLarge);
            }
            bytes.extend_from_slice(&chunk);
        }
        return Ok((name, bytes));
    }
    Err(AppError::invalid("file", "缺少名为 file 的文件字段"))
}

async fn from_raw(req: Request, limit: usize) -> Result<(String, Vec<u8>), AppError> {
    let name = req
        .headers()
        .get(FILENAME_HEADER)
        .map(|v| String::from_utf8_lossy(v.as_bytes()).trim().to_string())
        .filter(|n| !n.is_empty())
        .ok_or_else(|| {
            AppError::invalid(
                "file",
                "原始请求体上传须以 X-Filename 头给出文件名（或使用 multipart/form-data）",
            )
        })?;
    let bytes: Bytes = axum::body::to_bytes(req.into_body(), limit)
        .await
        .map_err(|_| AppError::TooLarge)?;
    Ok((name, bytes.to_vec()))
}

/// Uploads a material of a draft (its applicant).
#[utoipa::path(post, path = "/api/v1/applications/{id}/materials/{material_id}", tag = "cases",
    summary = "上传草稿的一项申报材料（由其申报单位）。",
    security(("session" = []), ("bearer" = [])),
    params(
        ("id" = i64, Path, description = "案件编号"),
        ("material_id" = String, Path, description = "办法申报材料清单中的材料编号"),
        ("X-Filename" = Option<String>, Header, description = "原始请求体上传时的文件名"),
    ),
    request_body(content = Vec<u8>, content_type = "multipart/form-data", description = "字段 file；或任意类型的原始请求体加 X-Filename 头"),
    responses(
        (status = 201, description = "已上传", body = Uploaded),
        (status = 400, description = "请求体无法解析", body = ErrorBody),
        (status = 401, description = "未登录", body = ErrorBody),
        (status = 403, description = "无权修改", body = ErrorBody),
        (status = 404, description = "没有该案件或该材料", body = ErrorBody),
        (status = 413, description = "文件超过单个文件上限，或本单位附件总量将超过上限（code 为 upload_quota_exceeded，消息写明上限与已用量）", body = ErrorBody),
        (status = 422, description = "文件类型与名称不符、类型不受理或为空（field 为 file），或案件已不可修改", body = ErrorBody),
    ))]
pub async fn upload(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((id, material)): Path<(i64, String)>,
    req: Request,
) -> Result<(StatusCode, Json<Uploaded>), AppError> {
    let cw = service(&state)?;
    readable(&cw, &user, id).await?;
    let limit = state.config.limits.upload_bytes;
    let declared = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    let multipart = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            v.trim_start()
                .to_ascii_lowercase()
                .starts_with("multipart/form-data")
        });
    // multipart framing adds a little; the file itself is held to the limit below.
    if declared
        .is_some_and(|n| n > (limit as u64).saturating_add(if multipart { 64 * 1024 } else { 0 }))
    {
        return Err(AppError::TooLarge);
    }
    let (name, bytes) = if multipart {
        from_multipart(req, &state, limit).await?
    } else {
        from_raw(req, limit).await?
    };
    let (att, version) = cw
        .attach(id, user.account.id, &material, bytes, &name)
        .await
        .map_err(from_casework)?;
    Ok((
        StatusCode::CREATED,
        Json(Uploaded {
            attachment_id: att.id,
            sha256: att.sha256,
            size: att.size,
            media_type: att.media_type.mime().to_string(),
            filename: att.original_name,
            material,
            version,
        }),
    ))
}
