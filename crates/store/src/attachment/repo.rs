//! Recording attachments: check, store the blob, insert the row and audit, in one transaction.

use jiff::Timestamp;
use sea_orm::sea_query::{Alias, Expr};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect, Set,
};
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::attachment::{AttachmentError, BlobDir, MediaType, sniff};
use crate::audit::{Actor, NewAuditEntry};
use crate::config::AttachmentLimits;
use crate::entity::{attachment, organisation};
use crate::error::{Result, StoreError};
use crate::store::Store;
use crate::tx::Tx;

/// The audit subject kind of attachments.
pub const SUBJECT: &str = "attachment";

/// A stored attachment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Attachment {
    /// Id.
    pub id: i64,
    /// Lower-case hex sha256 of the content.
    pub sha256: String,
    /// Size in bytes.
    pub size: u64,
    /// The sniffed type.
    pub media_type: MediaType,
    /// The name the uploader gave.
    pub original_name: String,
    /// Who uploaded it.
    pub uploaded_by: String,
    /// When.
    pub uploaded_at: Timestamp,
    /// The organisation it was uploaded for (counted against its quota).
    pub organisation_id: Option<i64>,
}

impl TryFrom<attachment::Model> for Attachment {
    type Error = StoreError;
    fn try_from(m: attachment::Model) -> Result<Self> {
        let media_type =
            MediaType::from_mime(&m.media_type).ok_or_else(|| StoreError::Serialise {
                field: "media_type",
                reason: format!("未知的文件类型「{}」", m.media_type),
            })?;
        Ok(Self {
            id: m.id,
            sha256: m.sha256,
            size: m.size.max(0) as u64,
            media_type,
            original_name: m.original_name,
            uploaded_by: m.uploaded_by,
            uploaded_at: crate::time::from_chrono(m.uploaded_at),
            organisation_id: m.organisation_id,
        })
    }
}

fn allowed_list(limits: &AttachmentLimits) -> String {
    limits
        .allowed
        .iter()
        .map(|t| t.label())
        .collect::<Vec<_>>()
        .join("、")
}

/// Checks an upload against the limits, sniffing its type from the content: size, emptiness,
/// recognised type, a name whose extension claims another type, then the accepted types.
pub fn check_upload(
    limits: &AttachmentLimits,
    name: &str,
    bytes: &[u8],
) -> Result<MediaType, AttachmentError> {
    let size = bytes.len() as u64;
    if size > limits.max_bytes {
        return Err(AttachmentError::TooLarge {
            name: name.to_owned(),
            size,
            limit: limits.max_bytes,
        });
    }
    if bytes.is_empty() {
        return Err(AttachmentError::Empty {
            name: name.to_owned(),
        });
    }
    let claimed = MediaType::claimed_by_name(name);
    let Some(detected) = sniff(bytes) else {
        return Err(AttachmentError::Unrecognised {
            name: name.to_owned(),
            allowed: allowed_list(limits),
        });
    };
    if let Some(claimed) = claimed
        && claimed != detected
    {
        return Err(AttachmentError::Disguised {
            name: name.to_owned(),
            claimed: claimed.label(),
            detected: detected.label(),
        });
    }
    if !limits.allowed.contains(&detected) {
        return Err(AttachmentError::NotAllowed {
            name: name.to_owned(),
            detected: detected.label(),
            allowed: allowed_list(limits),
        });
    }
    Ok(detected)
}

/// Stores an upload for no organisation (no quota applies): see [`put_for`].
pub async fn put(tx: &Tx, actor: &Actor, name: &str, bytes: Vec<u8>) -> Result<Attachment> {
    put_for(tx, actor, None, name, bytes).await
}

/// The bytes of attachments `organisation` holds, counted in SQL: each distinct content once,
/// as it is stored once on disk (uploading the same file again, for another draft or another
/// material, costs nothing more).
pub async fn used_bytes(conn: &impl ConnectionTrait, organisation: i64) -> Result<u64> {
    use sea_orm::sea_query::{ExprTrait, Query};
    let held = Query::select()
        .distinct()
        .columns([attachment::Column::Sha256, attachment::Column::Size])
        .from(attachment::Entity)
        .and_where(Expr::col(attachment::Column::OrganisationId).eq(organisation))
        .to_owned();
    // SUM of BIGINT is NUMERIC on PostgreSQL: cast back so both backends decode an i64.
    let total = Query::select()
        .expr(
            Expr::col(Alias::new("size"))
                .sum()
                .cast_as(Alias::new("BIGINT")),
        )
        .from_subquery(held, Alias::new("held"))
        .to_owned();
    let row = conn
        .query_one_raw(conn.get_database_backend().build(&total))
        .await?;
    let sum: Option<i64> = match row {
        Some(r) => r.try_get_by_index(0)?,
        None => None,
    };
    Ok(u64::try_from(sum.unwrap_or(0)).unwrap_or(0))
}

/// Whether `organisation` already holds this content (then storing it again costs nothing).
async fn holds(conn: &impl ConnectionTrait, organisation: i64, sha256: &str) -> Result<bool> {
    Ok(attachment::Entity::find()
        .select_only()
        .column(attachment::Column::Id)
        .filter(attachment::Column::OrganisationId.eq(organisation))
        .filter(attachment::Column::Sha256.eq(sha256))
        .into_tuple::<i64>()
        .one(conn)
        .await?
        .is_some())
}

/// Stores an upload for `organisation`: checks it (type and size; then the organisation's
/// quota, when one is configured: nothing is written if refused), writes the blob durably,
/// inserts its row and audits the upload, in `tx`. A blob left by a rolled-back transaction is
/// harmless (content-addressed) and reused by the next upload of the same content.
pub async fn put_for(
    tx: &Tx,
    actor: &Actor,
    organisation: Option<i64>,
    name: &str,
    bytes: Vec<u8>,
) -> Result<Attachment> {
    let store = tx.store();
    let limits = &store.inner.limits;
    let media_type = check_upload(limits, name, &bytes)?;
    let size = bytes.len();
    let sha256 = hex::encode(Sha256::digest(&bytes));
    if let (Some(quota), Some(org)) = (limits.quota_bytes, organisation) {
        // Two uploads of one organisation at once must not both pass on PostgreSQL: lock its
        // row first (SQLite serialises writers anyway and ignores the clause).
        organisation::Entity::find_by_id(org)
            .lock_exclusive()
            .one(tx.conn())
            .await?;
        let used = used_bytes(tx.conn(), org).await?;
        if !holds(tx.conn(), org, &sha256).await? && used.saturating_add(size as u64) > quota {
            return Err(AttachmentError::QuotaExceeded {
                name: name.to_owned(),
                size: size as u64,
                used,
                quota,
            }
            .into());
        }
    }
    let blobs = BlobDir::new(store.inner.attachments.clone());
    let sha = sha256.clone();
    tokio::task::spawn_blocking(move || blobs.write(&sha, &bytes))
        .await
        .map_err(|e| StoreError::Task(format!("写入附件：{e}")))??;
    let model = attachment::ActiveModel {
        sha256: Set(sha256),
        size: Set(size as i64),
        media_type: Set(media_type.mime().to_owned()),
        original_name: Set(name.to_owned()),
        uploaded_by: Set(actor.id.clone()),
        uploaded_at: Set(crate::time::to_chrono(tx.now())),
        organisation_id: Set(organisation),
        ..Default::default()
    }
    .insert(tx.conn())
    .await?;
    let att = Attachment::try_from(model)?;
    tx.audit(NewAuditEntry::new(actor, SUBJECT, att.id, "upload").with_after(&att)?)
        .await?;
    Ok(att)
}

/// An attachment's record.
pub async fn get(conn: &impl ConnectionTrait, id: i64) -> Result<Attachment> {
    attachment::Entity::find_by_id(id)
        .one(conn)
        .await?
        .ok_or(StoreError::NotFound {
            subject: "附件",
            id: id.to_string(),
        })?
        .try_into()
}

/// An attachment's record and content, the content checked against its hash.
pub async fn read(store: &Store, id: i64) -> Result<(Attachment, Vec<u8>)> {
    let att = get(store.db(), id).await?;
    let blobs = BlobDir::new(store.inner.attachments.clone());
    let sha = att.sha256.clone();
    let bytes = tokio::task::spawn_blocking(move || blobs.read(&sha))
        .await
        .map_err(|e| StoreError::Task(format!("读取附件：{e}")))??;
    let actual = hex::encode(Sha256::digest(&bytes));
    if actual != att.sha256 {
        return Err(AttachmentError::Corrupt {
            id,
            expected: att.sha256,
            actual,
        }
        .into());
    }
    Ok((att, bytes))
}
