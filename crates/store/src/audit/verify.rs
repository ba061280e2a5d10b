//! Walking the chain: the first edited, deleted or relinked entry, reported precisely.

use std::fmt;

use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use serde::Serialize;

use crate::audit::AuditRecord;
use crate::audit::canonical::{GENESIS_HASH, entry_hash};
use crate::entity::{audit_entry, audit_head};
use crate::error::Result;

/// Entries read per query while walking.
const PAGE: u64 = 1024;

/// The first place the chain does not hold.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ChainBreak {
    /// Entries `from..=to` are missing: deleted.
    Deleted {
        /// First missing sequence number.
        from: i64,
        /// Last missing sequence number.
        to: i64,
    },
    /// The entry's content no longer gives its stored hash: edited.
    Edited {
        /// The entry.
        seq: i64,
        /// Its stored hash.
        stored: String,
        /// The hash of its content now.
        computed: String,
    },
    /// The entry does not link to the one before (that one was edited and re-hashed, or the
    /// entry was replaced).
    Relinked {
        /// The entry.
        seq: i64,
        /// The `prev_hash` it stores.
        prev_hash: String,
        /// The previous entry's actual hash.
        previous: String,
    },
    /// The head records more entries than there are: the last ones were deleted.
    TailDeleted {
        /// The last sequence number the head records.
        head_seq: i64,
        /// The last entry present (0 when none).
        last_seq: i64,
    },
    /// There are entries after the last one the head records: added outside the store.
    Appended {
        /// The last sequence number the head records.
        head_seq: i64,
        /// The last entry present.
        last_seq: i64,
    },
    /// The last entry's hash differs from the head's: it was edited and re-hashed.
    HeadMismatch {
        /// The last entry.
        seq: i64,
        /// The hash the head records.
        head_hash: String,
        /// The last entry's hash.
        entry_hash: String,
    },
}

impl fmt::Display for ChainBreak {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Deleted { from, to } if from == to => {
                write!(f, "第 {from} 条审计记录缺失（已被删除）")
            }
            Self::Deleted { from, to } => {
                write!(f, "第 {from}–{to} 条审计记录缺失（已被删除）")
            }
            Self::Edited {
                seq,
                stored,
                computed,
            } => write!(
                f,
                "第 {seq} 条审计记录被改动：内容的哈希为 {computed}，与记录的哈希 {stored} 不符"
            ),
            Self::Relinked {
                seq,
                prev_hash,
                previous,
            } => write!(
                f,
                "第 {seq} 条审计记录的前序哈希 {prev_hash} 与前一条的哈希 {previous} 不符（前一条被改动后重算了哈希，或本条被替换）"
            ),
            Self::TailDeleted { head_seq, last_seq } => write!(
                f,
                "审计链应有 {head_seq} 条记录，最后一条为第 {last_seq} 条：第 {}–{head_seq} 条已被删除",
                last_seq + 1
            ),
            Self::Appended { head_seq, last_seq } => write!(
                f,
                "链头记录到第 {head_seq} 条，但存在到第 {last_seq} 条的记录：第 {}–{last_seq} 条并非经由系统写入",
                head_seq + 1
            ),
            Self::HeadMismatch {
                seq,
                head_hash,
                entry_hash,
            } => write!(
                f,
                "第 {seq} 条（最后一条）审计记录的哈希 {entry_hash} 与链头记录的 {head_hash} 不符：该条被改动"
            ),
        }
    }
}

/// The result of walking the chain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChainReport {
    /// Entries read.
    pub entries: u64,
    /// The last good hash (the genesis hash when empty).
    pub last_hash: String,
    /// The first break, if any.
    pub first_break: Option<ChainBreak>,
}

impl ChainReport {
    /// Whether the chain holds.
    pub fn is_intact(&self) -> bool {
        self.first_break.is_none()
    }
}

/// Walks the whole chain from the first entry and checks each link, each hash and the head.
pub async fn verify(conn: &impl ConnectionTrait) -> Result<ChainReport> {
    let mut expected_seq = 1i64;
    let mut previous = GENESIS_HASH.to_owned();
    let mut entries = 0u64;
    let fail = |entries, last_hash: &str, b| ChainReport {
        entries,
        last_hash: last_hash.to_owned(),
        first_break: Some(b),
    };
    loop {
        let page = audit_entry::Entity::find()
            .filter(audit_entry::Column::Seq.gte(expected_seq))
            .order_by_asc(audit_entry::Column::Seq)
            .limit(PAGE)
            .all(conn)
            .await?;
        let done = (page.len() as u64) < PAGE;
        for model in page {
            let e = AuditRecord::from(model);
            entries += 1;
            if e.seq != expected_seq {
                let b = ChainBreak::Deleted {
                    from: expected_seq,
                    to: e.seq - 1,
                };
                return Ok(fail(entries, &previous, b));
            }
            if e.prev_hash != previous {
                let b = ChainBreak::Relinked {
                    seq: e.seq,
                    prev_hash: e.prev_hash,
                    previous: previous.clone(),
                };
                return Ok(fail(entries, &previous, b));
            }
            let computed = entry_hash(&e);
            if computed != e.hash {
                let b = ChainBreak::Edited {
                    seq: e.seq,
                    stored: e.hash,
                    computed,
                };
                return Ok(fail(entries, &previous, b));
            }
            previous = e.hash;
            expected_seq += 1;
        }
        if done {
            break;
        }
    }
    let last_seq = expected_seq - 1;
    if let Some(head) = audit_head::Entity::find_by_id(1).one(conn).await? {
        if head.seq > last_seq {
            let b = ChainBreak::TailDeleted {
                head_seq: head.seq,
                last_seq,
            };
            return Ok(fail(entries, &previous, b));
        }
        if head.seq < last_seq {
            let b = ChainBreak::Appended {
                head_seq: head.seq,
                last_seq,
            };
            return Ok(fail(entries, &previous, b));
        }
        if head.hash != previous {
            let b = ChainBreak::HeadMismatch {
                seq: last_seq,
                head_hash: head.hash,
                entry_hash: previous.clone(),
            };
            return Ok(fail(entries, &previous, b));
        }
    }
    Ok(ChainReport {
        entries,
        last_hash: previous,
        first_break: None,
    })
}

/// The trail of one subject, oldest first (a case's history).
pub async fn trail(
    conn: &impl ConnectionTrait,
    subject_kind: &str,
    subject_id: &str,
) -> Result<Vec<AuditRecord>> {
    Ok(audit_entry::Entity::find()
        .filter(audit_entry::Column::SubjectKind.eq(subject_kind))
        .filter(audit_entry::Column::SubjectId.eq(subject_id))
        .order_by_asc(audit_entry::Column::Seq)
        .all(conn)
        .await?
        .into_iter()
        .map(AuditRecord::from)
        .collect())
}
