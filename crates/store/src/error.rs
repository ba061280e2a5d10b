//! The store's errors: each message in Chinese, naming the field or record concerned.

use std::path::PathBuf;

use thiserror::Error;

use crate::attachment::AttachmentError;
use crate::credit_code::CreditCodeError;

/// An error of the store.
#[derive(Debug, Error)]
pub enum StoreError {
    /// The database refused or failed.
    #[error("数据库错误：{0}")]
    Database(#[from] sea_orm::DbErr),
    /// A file operation failed.
    #[error("文件操作失败（{path}）：{source}")]
    Io {
        /// The file or folder.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// The database URL names no supported backend.
    #[error("数据库地址「{url}」无法识别：应以 sqlite:// 或 postgres:// 开头")]
    UnsupportedUrl {
        /// The URL as given (without password).
        url: String,
    },
    /// A PostgreSQL schema name that is not `[a-z][a-z0-9_]*`.
    #[error("PostgreSQL 模式名「{schema}」无效：只能由小写字母开头，由小写字母、数字和下划线组成")]
    InvalidSchema {
        /// The name given.
        schema: String,
    },
    /// An invalid 统一社会信用代码.
    #[error("字段「统一社会信用代码」：{0}")]
    CreditCode(#[from] CreditCodeError),
    /// A malformed GB/T 2260 code.
    #[error("字段「{field}」：「{value}」不是 6 位数字的行政区划代码（GB/T 2260）")]
    InvalidRegionCode {
        /// The field.
        field: &'static str,
        /// The value given.
        value: String,
    },
    /// A required field is empty or absent.
    #[error("字段「{field}」不能为空")]
    Missing {
        /// The field.
        field: &'static str,
    },
    /// A unique value is already taken.
    #[error("字段「{field}」的值「{value}」已存在")]
    Duplicate {
        /// The field.
        field: &'static str,
        /// The value.
        value: String,
    },
    /// No such record.
    #[error("{subject} {id} 不存在")]
    NotFound {
        /// What kind of record (in Chinese).
        subject: &'static str,
        /// Its id.
        id: String,
    },
    /// Someone else changed the record since it was read.
    #[error(
        "{subject} {id} 已被他人修改：您所依据的版本为 {expected}，当前版本为 {current}，请刷新后重试"
    )]
    Conflict {
        /// What kind of record (in Chinese).
        subject: &'static str,
        /// Its id.
        id: String,
        /// The version the caller read.
        expected: i64,
        /// The version now stored.
        current: i64,
    },
    /// An upload was refused.
    #[error(transparent)]
    Attachment(#[from] AttachmentError),
    /// A value could not be serialised for the audit trail.
    #[error("审计记录的字段「{field}」无法序列化：{reason}")]
    Serialise {
        /// The field.
        field: &'static str,
        /// Why.
        reason: String,
    },
    /// A background task failed (a panic or cancellation).
    #[error("内部任务失败：{0}")]
    Task(String),
    /// A backup could not be made.
    #[error("备份失败：{0}")]
    Backup(String),
    /// The database's log could not be made durable (fsync failed). The write may be lost on
    /// a power failure, so this process refuses further writes until restarted.
    #[error(
        "写入未能确认落盘（{0}）：为防数据丢失，本进程不再接受写入；请检查磁盘后重启服务，并核对最近的写入"
    )]
    Durability(String),
}

impl StoreError {
    /// An [`StoreError::Io`] for `path`.
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Self::Io {
            path: path.into(),
            source,
        }
    }
}

/// The store's result type.
pub type Result<T, E = StoreError> = std::result::Result<T, E>;
