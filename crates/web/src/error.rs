//! Uniform error bodies: `{ "code", "message", "field", "errors" }`, the message in Chinese.
//!
//! Nothing internal leaks: unexpected failures are logged with the request's span and answered
//! with a fixed message.

use axum::Json;
use axum::extract::rejection::{BytesRejection, FormRejection};
use axum::extract::{FromRequest, Request};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use serde::de::DeserializeOwned;
use utoipa::ToSchema;

use crate::api::zh::{Members, Zh};

/// One problem with one field of the input.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
#[schema(description = "输入中某一字段的一个问题。")]
pub struct FieldError {
    /// The field (dotted name, e.g. `premises.total_area_m2`).
    pub field: String,
    /// What is wrong, in Chinese.
    pub message: String,
}

impl Zh for FieldError {
    const MEMBERS: Members = &[
        ("field", "字段（点分名称，如 `premises.total_area_m2`）。"),
        ("message", "问题所在，中文表述。"),
    ];
}

/// The body of every error response.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
#[schema(description = "所有错误响应的响应体。")]
pub struct ErrorBody {
    /// A stable machine-readable code (`invalid_json`, `invalid_input`, `not_found`…).
    pub code: &'static str,
    /// What went wrong, in Chinese.
    pub message: String,
    /// The field concerned, when one is.
    pub field: Option<String>,
    /// Every field error, for 422 (empty otherwise).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldError>,
    /// The version now stored, for 409 on a stale version (also sent as `ETag`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub current_version: Option<i64>,
}

impl Zh for ErrorBody {
    const MEMBERS: Members = &[
        (
            "code",
            "稳定的机器可读错误代码（`invalid_json`、`invalid_input`、`not_found`……）。",
        ),
        ("message", "出了什么问题，中文表述。"),
        ("field", "涉及的字段；不涉及具体字段时为 null。"),
        ("errors", "全部字段错误，用于 422（其他情况下省略）。"),
        (
            "current_version",
            "当前保存的版本号：仅在版本过时的 409 中给出（同时以 `ETag` 头给出）。",
        ),
    ];
}

/// An error answered to the client.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// 400: the body is not well-formed (JSON syntax, form encoding).
    #[error("{message}")]
    BadRequest {
        /// The code.
        code: &'static str,
        /// The message.
        message: String,
    },
    /// 401: no credentials, or credentials that are not valid.
    #[error("{message}")]
    Unauthorized {
        /// The code (`unauthenticated`, `invalid_credentials`, `invalid_token`).
        code: &'static str,
        /// The message.
        message: String,
        /// The field concerned (the password of a failed sign-in).
        field: Option<String>,
    },
    /// 403: signed in, but not allowed (role, object, CSRF).
    #[error("{message}")]
    Forbidden {
        /// The code (`forbidden`, `csrf`).
        code: &'static str,
        /// The message.
        message: String,
    },
    /// 404: no such object.
    #[error("{message}")]
    NotFound {
        /// The message.
        message: String,
        /// The field that named it.
        field: Option<String>,
    },
    /// 409: the object changed since it was read.
    #[error("{message}")]
    Conflict {
        /// The message (with the current version).
        message: String,
        /// The version now stored, when known.
        current_version: Option<i64>,
    },
    /// 422: an action refused by the rules (workflow, conflict of interest, filing form), with
    /// a stable code and the field concerned.
    #[error("{message}")]
    Refused {
        /// The code (`workflow_refused`, `conflict_of_interest`…).
        code: &'static str,
        /// The reason, in Chinese.
        message: String,
        /// The field concerned.
        field: Option<String>,
    },
    /// 413: the body exceeds the limit.
    #[error("请求体过大")]
    TooLarge,
    /// 413: the upload would take its organisation over the configured quota (the message
    /// names the quota and the current usage; field `file`).
    #[error("{message}")]
    OverQuota {
        /// The message.
        message: String,
    },
    /// 415: not JSON.
    #[error("须以 application/json 提交")]
    UnsupportedMediaType,
    /// 422: well-formed but invalid; every field error listed.
    #[error("输入有误")]
    Invalid(Vec<FieldError>),
    /// 429: too many failed sign-ins; try again after `retry_after_secs`.
    #[error("{message}")]
    TooManyAttempts {
        /// The message.
        message: String,
        /// Seconds until the lock ends.
        retry_after_secs: u64,
    },
    /// 503: a service the request needs is not available (no store configured, or writes
    /// stopped after a failed fsync).
    #[error("{message}")]
    Unavailable {
        /// The message.
        message: String,
    },
    /// 500: logged, never detailed to the client.
    #[error(transparent)]
    Unexpected(#[from] Box<dyn std::error::Error + Send + Sync>),
}

impl AppError {
    /// A 404 for an unknown measure id.
    pub fn unknown_policy(id: &str, field: Option<&str>) -> Self {
        Self::NotFound {
            message: format!("没有编号为「{id}」的办法"),
            field: field.map(str::to_string),
        }
    }

    /// A 422 with one field error.
    pub fn invalid(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self::Invalid(vec![FieldError {
            field: field.into(),
            message: message.into(),
        }])
    }

    /// The status code.
    pub fn status(&self) -> StatusCode {
        match self {
            Self::BadRequest { .. } => StatusCode::BAD_REQUEST,
            Self::Unauthorized { .. } => StatusCode::UNAUTHORIZED,
            Self::Forbidden { .. } => StatusCode::FORBIDDEN,
            Self::Conflict { .. } => StatusCode::CONFLICT,
            Self::Refused { .. } => StatusCode::UNPROCESSABLE_ENTITY,
            Self::TooManyAttempts { .. } => StatusCode::TOO_MANY_REQUESTS,
            Self::Unavailable { .. } => StatusCode::SERVICE_UNAVAILABLE,
            Self::NotFound { .. } => StatusCode::NOT_FOUND,
            Self::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            Self::OverQuota { .. } => StatusCode::PAYLOAD_TOO_LARGE,
            Self::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            Self::Invalid(_) => StatusCode::UNPROCESSABLE_ENTITY,
            Self::Unexpected(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// The body.
    pub fn body(&self) -> ErrorBody {
        let plain = |code, message: String| ErrorBody {
            code,
            message,
            field: None,
            errors: Vec::new(),
            current_version: None,
        };
        match self {
            Self::BadRequest { code, message } => plain(code, message.clone()),
            Self::Unauthorized {
                code,
                message,
                field,
            } => ErrorBody {
                code,
                message: message.clone(),
                field: field.clone(),
                errors: Vec::new(),
                current_version: None,
            },
            Self::Forbidden { code, message } => plain(code, message.clone()),
            Self::Conflict {
                message,
                current_version,
            } => ErrorBody {
                current_version: *current_version,
                ..plain("conflict", message.clone())
            },
            Self::Refused {
                code,
                message,
                field,
            } => ErrorBody {
                field: field.clone(),
                ..plain(code, message.clone())
            },
            Self::TooManyAttempts { message, .. } => plain("too_many_attempts", message.clone()),
            Self::Unavailable { message } => plain("unavailable", message.clone()),
            Self::NotFound { message, field } => ErrorBody {
                code: "not_found",
                message: message.clone(),
                field: field.clone(),
                errors: Vec::new(),
                current_version: None,
            },
            Self::TooLarge => plain("payload_too_large", self.to_string()),
            Self::OverQuota { message } => ErrorBody {
                field: Some("file".into()),
                ..plain("upload_quota_exceeded", message.clone())
            },
            Self::UnsupportedMediaType => plain("unsupported_media_type", self.to_string()),
            Self::Invalid(errors) => ErrorBody {
                code: "invalid_input",
                message: format!(
                    "输入有误（{} 处）：{}",
                    errors.len(),
                    errors
                        .iter()
                        .map(|e| format!("{}：{}", e.field, e.message))
                        .collect::<Vec<_>>()
                        .join("；")
                ),
                field: errors.first().map(|e| e.field.clone()),
                errors: errors.clone(),
                current_version: None,
            },
            Self::Unexpected(_) => plain("internal", "服务器内部错误，请稍后重试".into()),
        }
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        if let Self::Unexpected(e) = &self {
            tracing::error!(error = %e, "unexpected error");
        }
        let mut res = (self.status(), Json(self.body())).into_response();
        match &self {
            Self::Unauthorized { .. } => {
                res.headers_mut().insert(
                    header::WWW_AUTHENTICATE,
                    axum::http::HeaderValue::from_static("Bearer realm=\"makerspace\""),
                );
            }
            Self::Conflict {
                current_version: Some(v),
                ..
            } => {
                if let Ok(v) = axum::http::HeaderValue::from_str(&format!("\"{v}\"")) {
                    res.headers_mut().insert(header::ETAG, v);
                }
            }
            Self::TooManyAttempts {
                retry_after_secs, ..
            } => {
                if let Ok(v) = axum::http::HeaderValue::from_str(&retry_after_secs.to_string()) {
                    res.headers_mut().insert(header::RETRY_AFTER, v);
                }
            }
            _ => {}
        }
        res
    }
}

impl AppError {
    /// 401 without (valid) credentials.
    pub fn unauthenticated() -> Self {
        Self::Unauthorized {
            code: "unauthenticated",
            message: "请先登录".into(),
            field: None,
        }
    }

    /// 403 for an action the account may not take.
    pub fn forbidden() -> Self {
        Self::Forbidden {
            code: "forbidden",
            message: "您的账号无权进行此操作".into(),
        }
    }
}

impl From<store::StoreError> for AppError {
    fn from(e: store::StoreError) -> Self {
        use store::StoreError as E;
        match e {
            E::NotFound { .. } => Self::NotFound {
                message: e.to_string(),
                field: None,
            },
            E::Conflict { current, .. } => Self::Conflict {
                message: e.to_string(),
                current_version: Some(current),
            },
            E::Missing { field } => Self::invalid(field, e.to_string()),
            E::Duplicate { field, .. } => Self::invalid(field, e.to_string()),
            E::InvalidRegionCode { field, .. } => Self::invalid(field, e.to_string()),
            E::CreditCode(_) => Self::invalid("credit_code", e.to_string()),
            // The failure names files and the OS error: logged, not told.
            E::Durability(_) => {
                tracing::error!(error = %e, "write refused: an earlier fsync failed");
                Self::Unavailable {
                    message:
                        "写入未能确认落盘：为防数据丢失，系统已停止接受修改，本次修改未能确认保存。\
                              请通知管理员检查磁盘并重启服务，之后请核对最近提交的内容"
                            .into(),
                }
            }
            other => Self::Unexpected(Box::new(other)),
        }
    }
}

/// The uniform body for a bare status produced by a layer (timeout, body limit, unknown route).
pub fn status_body(status: StatusCode) -> ErrorBody {
    let (code, message) = match status {
        StatusCode::NOT_FOUND => ("not_found", "没有这个地址"),
        StatusCode::METHOD_NOT_ALLOWED => ("method_not_allowed", "此地址不接受该请求方法"),
        StatusCode::UNAUTHORIZED => ("unauthenticated", "请先登录"),
        StatusCode::FORBIDDEN => ("forbidden", "您的账号无权进行此操作"),
        StatusCode::PAYLOAD_TOO_LARGE => ("payload_too_large", "请求体过大"),
        StatusCode::REQUEST_TIMEOUT => ("timeout", "请求处理超时"),
        StatusCode::UNSUPPORTED_MEDIA_TYPE => ("unsupported_media_type", "不支持的内容类型"),
        s if s.is_server_error() => ("internal", "服务器内部错误，请稍后重试"),
        _ => ("bad_request", "请求有误"),
    };
    ErrorBody {
        code,
        message: message.into(),
        field: None,
        errors: Vec::new(),
        current_version: None,
    }
}

fn from_bytes_rejection(r: &BytesRejection) -> AppError {
    if r.status() == StatusCode::PAYLOAD_TOO_LARGE {
        AppError::TooLarge
    } else {
        AppError::BadRequest {
            code: "unreadable_body",
            message: "无法读取请求体".into(),
        }
    }
}

/// A JSON body: 415 unless `application/json`, 413 over the limit, 400 for bad syntax, 422 for
/// well-formed JSON of the wrong shape (wrong types, unknown fields), with the field named.
pub struct ApiJson<T>(pub T);

fn is_json(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .map(str::trim)
        .is_some_and(|m| {
            m.eq_ignore_ascii_case("application/json")
                || (m.starts_with("application/") && m.ends_with("+json"))
        })
}

impl<S, T> FromRequest<S> for ApiJson<T>
where
    S: Send + Sync,
    T: DeserializeOwned,
{
    type Rejection = AppError;

    async fn from_request(req: Request, state: &S) -> Result<Self, AppError> {
        let JsonBytes(bytes) = JsonBytes::from_request(req, state).await?;
        parse_json(&bytes).map(ApiJson)
    }
}

/// A JSON body kept as its bytes (the content type checked, the size limited), for a handler
/// that reads it its own way; `parse_json` gives the usual errors.
pub struct JsonBytes(pub axum::body::Bytes);

impl<S: Send + Sync> FromRequest<S> for JsonBytes {
    type Rejection = AppError;

    async fn from_request(req: Request, state: &S) -> Result<Self, AppError> {
        if !is_json(req.headers()) {
            return Err(AppError::UnsupportedMediaType);
        }
        axum::body::Bytes::from_request(req, state)
            .await
            .map(JsonBytes)
            .map_err(|r| from_bytes_rejection(&r))
    }
}

/// Parses JSON, classifying errors as 400 (syntax) or 422 (shape, with the field path).
pub fn parse_json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, AppError> {
    // Most bodies are well formed: parse them without tracking the path, and parse again with
    // the path only to name the field of an error (deserialising is deterministic, so the
    // second pass fails at the same place).
    if let Ok(value) = serde_json::from_slice(bytes) {
        return Ok(value);
    }
    let de = &mut serde_json::Deserializer::from_slice(bytes);
    let value: T = serde_path_to_error::deserialize(&mut *de).map_err(|e| {
        let path = e.path().to_string();
        let inner = e.into_inner();
        match inner.classify() {
            serde_json::error::Category::Data => AppError::invalid(
                if path.is_empty() || path == "." {
                    "(根)".into()
                } else {
                    path
                },
                data_message(&inner),
            ),
            _ => syntax(&inner),
        }
    })?;
    de.end().map_err(|e| syntax(&e))?;
    Ok(value)
}

fn syntax(e: &serde_json::Error) -> AppError {
    AppError::BadRequest {
        code: "invalid_json",
        message: format!("JSON 格式错误（第{}行第{}列）", e.line(), e.column()),
    }
}

/// serde's data errors in Chinese, keeping the names they quote.
fn data_message(e: &serde_json::Error) -> String {
    let text = e.to_string();
    let text = text.split(" at line ").next().unwrap_or(&text).to_string();
    if let Some(rest) = text.strip_prefix("unknown field ") {
        let name = rest.split(',').next().unwrap_or(rest);
        format!("未知字段 {name}")
    } else if let Some(rest) = text.strip_prefix("missing field ") {
        format!("缺少字段 {rest}")
    } else if let Some(rest) = text.strip_prefix("invalid type: ") {
        let (got, want) = rest.split_once(", expected ").unwrap_or((rest, "?"));
        let want = match want {
            "a string" => "文本",
            "a boolean" => " true 或 false",
            "a date string" => "日期（YYYY-MM-DD）",
            "a map" | "struct PreviewRequest" => "对象",
            other => other,
        };
        format!("类型错误：应为{want}，实际为 {got}")
    } else if is_date_error(&text) {
        // jiff's words for a date it cannot read (2026-02-30, 2026-13-01, 20260230).
        "不是有效日期，请按 YYYY-MM-DD 填写实际存在的日期".into()
    } else {
        format!("内容有误：{text}")
    }
}

/// Whether a data error is a date that does not read (jiff's messages).
fn is_date_error(text: &str) -> bool {
    [
        "parsed date",
        "failed to parse",
        "invalid date",
        "civil date",
        "four digit year",
    ]
    .iter()
    .any(|w| text.contains(w))
}

/// A URL-encoded form body, as ordered pairs (repeated keys kept): 413 over the limit, 400 when
/// not decodable.
pub struct FormPairs(pub Vec<(String, String)>);

impl<S: Send + Sync> FromRequest<S> for FormPairs {
    type Rejection = AppError;

    async fn from_request(req: Request, state: &S) -> Result<Self, AppError> {
        axum::Form::<Vec<(String, String)>>::from_request(req, state)
            .await
            .map(|f| FormPairs(f.0))
            .map_err(|r| match r {
                FormRejection::BytesRejection(b) => from_bytes_rejection(&b),
                FormRejection::InvalidFormContentType(_) => AppError::UnsupportedMediaType,
                _ => AppError::BadRequest {
                    code: "invalid_form",
                    message: "表单内容无法解析".into(),
                },
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A date that does not exist is named in Chinese with its field, not in jiff's English.
    #[test]
    fn a_date_that_does_not_exist_is_refused_in_chinese() {
        #[derive(Debug, serde::Deserialize)]
        #[allow(dead_code)]
        struct Body {
            on: jiff::civil::Date,
            flag: bool,
        }
        let Err(AppError::Invalid(errors)) =
            parse_json::<Body>(br#"{"on": "2026-02-30", "flag": true}"#)
        else {
            panic!("accepted");
        };
        assert_eq!(errors[0].field, "on");
        assert_eq!(
            errors[0].message,
            "不是有效日期，请按 YYYY-MM-DD 填写实际存在的日期"
        );
        let Err(AppError::Invalid(errors)) =
            parse_json::<Body>(br#"{"on": "2026-02-28", "flag": 1}"#)
        else {
            panic!("accepted");
        };
        assert_eq!(
            errors[0].message,
            "类型错误：应为 true 或 false，实际为 integer `1`"
        );
        for (on, says) in [
            (
                r#""bad""#,
                "不是有效日期，请按 YYYY-MM-DD 填写实际存在的日期",
            ),
            (r#""""#, "不是有效日期，请按 YYYY-MM-DD 填写实际存在的日期"),
            ("null", "类型错误：应为日期（YYYY-MM-DD），实际为 null"),
        ] {
            let body = format!(r#"{{"on": {on}, "flag": true}}"#);
            let Err(AppError::Invalid(errors)) = parse_json::<Body>(body.as_bytes()) else {
                panic!("accepted {on}");
            };
            assert_eq!(errors[0].message, says, "{on}");
        }
    }

    /// After a failed fsync every write is refused: the caller is told the service stopped
    /// taking changes (503), not a bare internal error, and not the file names in the failure.
    #[test]
    fn a_refused_write_after_a_failed_fsync_is_503_without_internals() {
        let e = AppError::from(store::StoreError::Durability(
            "/var/lib/makerspace/makerspace.db-wal: Input/output error (os error 5)".into(),
        ));
        assert_eq!(e.status(), StatusCode::SERVICE_UNAVAILABLE);
        let body = e.body();
        assert_eq!(body.code, "unavailable");
        assert!(body.message.contains("停止接受修改"), "{}", body.message);
        assert!(!body.message.contains("makerspace.db"), "{}", body.message);
        assert!(!body.message.contains("os error"), "{}", body.message);
    }
}
