//! Why an upload is refused.

use thiserror::Error;

/// A refused upload. Nothing is written when one of these is returned.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum AttachmentError {
    /// Larger than the configured limit.
    #[error("附件「{name}」大小为 {size} 字节，超过上限 {limit} 字节")]
    TooLarge {
        /// The file name given.
        name: String,
        /// Its size.
        size: u64,
        /// The limit.
        limit: u64,
    },
    /// The organisation's attachments would exceed its upload quota.
    #[error(
        "附件「{name}」（{}）未能上传：本单位已存附件 {}，加上本文件将超过每个单位的附件总量上限 {}。请删减或压缩材料后再传，或联系系统管理员调整上限",
        human(*size),
        human(*used),
        human(*quota)
    )]
    QuotaExceeded {
        /// The file name given.
        name: String,
        /// Its size.
        size: u64,
        /// The bytes the organisation already holds.
        used: u64,
        /// The quota.
        quota: u64,
    },
    /// No content.
    #[error("附件「{name}」为空文件")]
    Empty {
        /// The file name given.
        name: String,
    },
    /// The content is of no known type.
    #[error("附件「{name}」的内容无法识别为任何受理的文件类型（受理：{allowed}）")]
    Unrecognised {
        /// The file name given.
        name: String,
        /// The accepted types, in Chinese.
        allowed: String,
    },
    /// The name claims one type and the content is another.
    #[error(
        "附件「{name}」的扩展名表明是{claimed}，但内容实为{detected}：文件类型与名称不符，拒绝接收"
    )]
    Disguised {
        /// The file name given.
        name: String,
        /// The type its extension claims, in Chinese.
        claimed: &'static str,
        /// The type its content is, in Chinese.
        detected: &'static str,
    },
    /// A recognised type that the configuration does not accept.
    #[error("附件「{name}」的内容为{detected}，不在受理的文件类型之内（受理：{allowed}）")]
    NotAllowed {
        /// The file name given.
        name: String,
        /// The type its content is, in Chinese.
        detected: &'static str,
        /// The accepted types, in Chinese.
        allowed: String,
    },
    /// A stored blob no longer matches its hash.
    #[error("附件 {id} 的文件已损坏：内容的 sha256 为 {actual}，应为 {expected}")]
    Corrupt {
        /// The attachment id.
        id: i64,
        /// The recorded hash.
        expected: String,
        /// The hash of what is on disk.
        actual: String,
    },
}

/// A size for people: exact bytes, with MiB beside them when large.
pub(crate) fn human(bytes: u64) -> String {
    const MIB: u64 = 1024 * 1024;
    if bytes < MIB {
        format!("{bytes} 字节")
    } else {
        // Tenths of a MiB, rounded down, without floating point.
        let tenths = u128::from(bytes) * 10 / u128::from(MIB);
        format!("{}.{} MiB（{bytes} 字节）", tenths / 10, tenths % 10)
    }
}
