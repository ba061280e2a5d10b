//! What other bodies decide about a recognised space, as the authority records it: a listing
//! on a blacklist or a finding of serious dishonesty, a major accident (内蒙古 第二十条:
//! 严重违法失信行为、重大安全事故…经营异常名录、失信“黑名单”), and a recognition as another
//! carrier that puts the space outside the measure's scope (内蒙古 第九条: 科技企业孵化器、
//! 大学科技园…不再纳入管理体系).
//!
//! The record (which list or category, the deciding body, its document, the facts, optional
//! evidence) is kept on the space; the lifecycle engine then judges it on the recording day
//! and its consequence is applied in the same transaction, with the same words and article the
//! daily tick would use: revocation where the measure revokes automatically (a ground left to
//! the authority's decision is listed for decision instead), or 已移出管理范围. Audited once,
//! with the record and the article.

use jiff::civil::Date;
use policy::LoadedMeasure;
use policy::model::{Listing, Revocation, RevocationTrigger};
use store::entity::finding;
use store::sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set};
use store::{NewAuditEntry, Tx};
use workflow::lifecycle::{Finding, OfficialRecord, Space, SpaceStatus, evaluate};

use crate::dates::to_col;
use crate::error::{CaseworkError, Result};
use crate::register::{self, SUBJECT, status_label};
use crate::tick::{consequence, finding_key, status_action};
use crate::{Casework, SpaceRecord, to_json};

/// The longest text of a record's facts, in characters.
pub const REASON_MAX_CHARS: usize = 5_000;

/// Why a record is refused; each names its field (see [`ListingError::field`]).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ListingError {
    /// The measure attaches nothing to a blacklisting.
    #[error("办法「{measure}」未规定列入失信名单、经营异常名录等情形的处理，无需登记")]
    NoBlacklistGround {
        /// The measure.
        measure: String,
    },
    /// A list the measure does not name.
    #[error("「{given}」不是办法所列的情形；可选：{}", .choices.join("、"))]
    UnknownList {
        /// What was given.
        given: String,
        /// The measure's lists, as `id（label）`.
        choices: Vec<String>,
    },
    /// The measure puts no other carrier outside its scope.
    #[error("办法「{measure}」未规定认定为其他载体后移出管理范围的情形")]
    NoExclusion {
        /// The measure.
        measure: String,
    },
    /// A category the measure does not name.
    #[error("「{given}」不是办法所列的载体类别；可选：{}", .choices.join("、"))]
    UnknownCategory {
        /// What was given.
        given: String,
        /// The measure's categories, as `id（label）`.
        choices: Vec<String>,
    },
    /// The decision's day is after the recording day.
    #[error("{what} {date} 晚于登记日期 {on}，尚未发生的事项不能登记")]
    InFuture {
        /// The field's Chinese name.
        what: &'static str,
        /// The date given.
        date: Date,
        /// The recording day.
        on: Date,
    },
    /// A required text is empty.
    #[error("请填写{what}")]
    Missing {
        /// The field (`by`, `reason`).
        field: &'static str,
        /// Its Chinese name.
        what: &'static str,
    },
    /// The facts are too long.
    #[error("事实和理由共 {chars} 字，超过 {max} 字的上限；较长的内容请作为附件上传")]
    TooLong {
        /// Its length in characters.
        chars: usize,
        /// The limit.
        max: usize,
    },
    /// The same record is already on the space.
    #[error("该众创空间已登记 {on} {what}，不重复登记")]
    AlreadyRecorded {
        /// What is on record.
        what: String,
        /// Its day.
        on: Date,
    },
}

impl ListingError {
    /// The form field the error is about.
    pub fn field(&self) -> &'static str {
        match self {
            Self::NoBlacklistGround { .. } | Self::UnknownList { .. } => "list",
            Self::NoExclusion { .. } | Self::UnknownCategory { .. } => "category",
            Self::InFuture { .. } | Self::AlreadyRecorded { .. } => "decided_on",
            Self::Missing { field, .. } => field,
            Self::TooLong { .. } => "reason",
        }
    }
}

/// Another body's decision as the authority enters it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize)]
pub struct DecisionEntry {
    /// The measure's list id (blacklisting) or the category's choice id (another carrier).
    pub what: String,
    /// The day of the listing or recognition.
    pub decided_on: Date,
    /// The deciding body (列入机关, 认定机关).
    pub by: String,
    /// Its document number, where there is one.
    #[serde(default)]
    pub document: Option<String>,
    /// The facts.
    pub reason: String,
}

/// What a record did to the space.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct RecordOutcome {
    /// The space.
    pub space_id: i64,
    /// Its status afterwards.
    pub status: SpaceStatus,
    /// The status in Chinese (the glossary's word).
    pub status_label: &'static str,
    /// The article relied on.
    pub cite: String,
    /// The explanation: the record, the consequence and the article.
    pub explanation: String,
    /// The evidence attachment, if one was sent.
    pub evidence: Option<i64>,
}

/// The measure's blacklist ground, if it has one.
pub fn blacklist_ground(m: &LoadedMeasure) -> Option<&Revocation> {
    m.measure
        .revocation
        .iter()
        .find(|r| matches!(r.trigger, RevocationTrigger::Blacklist { .. }))
}

/// The lists a blacklist ground names.
pub fn lists(r: &Revocation) -> &[Listing] {
    match &r.trigger {
        RevocationTrigger::Blacklist { lists } => lists,
        _ => &[],
    }
}

/// The categories (choice ids with their labels) that put a space outside the measure's scope,
/// each with its exclusion's article.
pub fn scope_categories(library: &policy::Library, m: &LoadedMeasure) -> Vec<(String, String)> {
    m.measure
        .exclusion
        .iter()
        .flat_map(|e| {
            e.any_of.iter().map(|c| {
                (
                    c.clone(),
                    library.facts.choice_label(&e.fact, c).to_string(),
                )
            })
        })
        .collect()
}

/// Checks the texts and the date of an entry; trims them.
fn checked(entry: &DecisionEntry, what: &'static str, on: Date) -> Result<DecisionEntry> {
    let by = entry.by.trim();
    if by.is_empty() {
        return Err(ListingError::Missing {
            field: "by",
            what: "作出决定的机关",
        }
        .into());
    }
    let reason = entry.reason.trim();
    if reason.is_empty() {
        return Err(ListingError::Missing {
            field: "reason",
            what: "登记的事实和理由",
        }
        .into());
    }
    let chars = reason.chars().count();
    if chars > REASON_MAX_CHARS {
        return Err(ListingError::TooLong {
            chars,
            max: REASON_MAX_CHARS,
        }
        .into());
    }
    if entry.decided_on > on {
        return Err(ListingError::InFuture {
            what,
            date: entry.decided_on,
            on,
        }
        .into());
    }
    Ok(DecisionEntry {
        what: entry.what.trim().to_string(),
        decided_on: entry.decided_on,
        by: by.to_string(),
        document: entry
            .document
            .as_deref()
            .map(str::trim)
            .filter(|d| !d.is_empty())
            .map(str::to_string),
        reason: reason.to_string(),
    })
}

impl Casework {
    /// Loads an active space for the authority's record, in `tx`.
    async fn space_for_record(
        &self,
        tx: &Tx,
        space_id: i64,
        account: i64,
        what: &str,
    ) -> Result<(SpaceRecord, store::Account)> {
        let s = register::load(tx.conn(), space_id).await?;
        let acc = store::account::get(tx.conn(), account).await?;
        self.require_authority(&acc, &s.measure, &s.region, what)?;
        if s.status != SpaceStatus::Active {
            return Err(CaseworkError::SpaceNotActive {
                id: s.id,
                status: status_label(s.status).to_string(),
            });
        }
        Ok((s, acc))
    }

    /// Records that a space was listed on a blacklist (or found seriously dishonest, or had a
    /// major accident) as its measure names it (the authority only). The record is kept on the
    /// space and the measure's ground is applied at once: revoked where the ground is
    /// automatic, otherwise listed for the authority's decision. Refused, changing nothing,
    /// for a measure without the ground, a list it does not name, a day after `on`, or empty
    /// texts.
    pub async fn record_blacklisting(
        &self,
        space_id: i64,
        account: i64,
        entry: &DecisionEntry,
        evidence: Option<(Vec<u8>, String)>,
        on: Date,
    ) -> Result<RecordOutcome> {
        let tx = self.store.begin().await?;
        let (s, acc) = self
            .space_for_record(&tx, space_id, account, "登记列入失信名单等情形")
            .await?;
        let m = self.measure(&s.measure)?;
        let r = blacklist_ground(m).ok_or_else(|| ListingError::NoBlacklistGround {
            measure: m.measure.measure.short_name.clone(),
        })?;
        let choices = lists(r);
        let given = entry.what.trim();
        let label = if choices.is_empty() {
            r.label.clone()
        } else {
            choices
                .iter()
                .find(|l| l.id == given)
                .map(|l| l.label.clone())
                .ok_or_else(|| ListingError::UnknownList {
                    given: given.to_string(),
                    choices: choices
                        .iter()
                        .map(|l| format!("{}（{}）", l.id, l.label))
                        .collect(),
                })?
        };
        let e = checked(entry, "列入日期", on)?;
        if let Some(d) = s.space.blacklisted_on {
            return Err(ListingError::AlreadyRecorded {
                what: "列入失信名单等情形".into(),
                on: d,
            }
            .into());
        }
        let att = self.evidence(&tx, &acc, &s, evidence).await?;
        let mut after = s.space.clone();
        after.blacklisted_on = Some(e.decided_on);
        after.blacklisting = Some(official(&e, att.as_ref(), on));
        let record = describe(&label, &e, att.as_ref());
        let found = evaluate(&self.library, m, &after, on)
            .into_iter()
            .find(|f| matches!(f, Finding::Revoke { revocation, .. } if revocation == &r.id));
        let out = self
            .apply(&tx, &acc, &s, after, found, &record, "blacklist", on)
            .await?;
        tx.commit().await?;
        Ok(RecordOutcome {
            evidence: att.map(|a| a.id),
            ..out
        })
    }

    /// Records that a space was recognised (or filed) as another carrier its measure puts
    /// outside its scope (an incubator, a university science park…; the authority only). The
    /// record is kept on the space and the space leaves the register's management at once
    /// (已移出管理范围), with the measure's article. Refused, changing nothing, for a measure
    /// without such a rule, a category it does not name, a day after `on`, or empty texts.
    pub async fn record_scope_exit(
        &self,
        space_id: i64,
        account: i64,
        entry: &DecisionEntry,
        evidence: Option<(Vec<u8>, String)>,
        on: Date,
    ) -> Result<RecordOutcome> {
        let tx = self.store.begin().await?;
        let (s, acc) = self
            .space_for_record(&tx, space_id, account, "登记认定为其他载体")
            .await?;
        let m = self.measure(&s.measure)?;
        let categories = scope_categories(&self.library, m);
        if categories.is_empty() {
            return Err(ListingError::NoExclusion {
                measure: m.measure.measure.short_name.clone(),
            }
            .into());
        }
        let given = entry.what.trim();
        let label = categories
            .iter()
            .find(|(id, _)| id == given)
            .map(|(_, l)| l.clone())
            .ok_or_else(|| ListingError::UnknownCategory {
                given: given.to_string(),
                choices: categories
                    .iter()
                    .map(|(id, l)| format!("{id}（{l}）"))
                    .collect(),
            })?;
        let e = checked(entry, "认定日期", on)?;
        let att = self.evidence(&tx, &acc, &s, evidence).await?;
        let mut after = s.space.clone();
        after.became = Some((e.what.clone(), e.decided_on));
        after.became_record = Some(official(&e, att.as_ref(), on));
        let record = describe(&format!("认定（备案）为{label}"), &e, att.as_ref());
        let found = evaluate(&self.library, m, &after, on)
            .into_iter()
            .find(|f| matches!(f, Finding::Excluded { .. }));
        let out = self
            .apply(&tx, &acc, &s, after, found, &record, "became", on)
            .await?;
        tx.commit().await?;
        Ok(RecordOutcome {
            evidence: att.map(|a| a.id),
            ..out
        })
    }

    /// Stores the evidence (counted in the space's organisation's quota).
    async fn evidence(
        &self,
        tx: &Tx,
        acc: &store::Account,
        s: &SpaceRecord,
        evidence: Option<(Vec<u8>, String)>,
    ) -> Result<Option<store::Attachment>> {
        Ok(match evidence {
            Some((bytes, name)) if !bytes.is_empty() => Some(
                store::attachment::put_for(tx, &acc.actor(), Some(s.org_id), &name, bytes).await?,
            ),
            _ => None,
        })
    }

    /// Saves the record and the consequence of the engine's finding (if any), the finding kept
    /// as the tick would keep it; one audit entry.
    #[allow(clippy::too_many_arguments)]
    async fn apply(
        &self,
        tx: &Tx,
        acc: &store::Account,
        s: &SpaceRecord,
        mut after: Space,
        found: Option<Finding>,
        record: &str,
        action: &str,
        on: Date,
    ) -> Result<RecordOutcome> {
        let c = found.as_ref().and_then(consequence);
        let (cite, explanation, action) = match (&found, &c) {
            (_, Some(c)) => {
                after.status = c.status;
                (
                    c.cite.clone(),
                    format!("{record}。{}", c.reason),
                    status_action(c.status),
                )
            }
            (
                Some(Finding::Revoke {
                    label, cite, quote, ..
                }),
                None,
            ) => (
                cite.clone(),
                format!("{record}。{label}：由认定机构决定是否取消资格（依据{cite}「{quote}」）"),
                action,
            ),
            _ => (
                String::new(),
                format!("{record}。按办法，该事项不影响众创空间资格"),
                action,
            ),
        };
        if let Some(f) = &found
            && let Some((kind, key, due)) = finding_key(f)
        {
            let known = finding::Entity::find()
                .filter(finding::Column::SpaceId.eq(s.id))
                .filter(finding::Column::Kind.eq(kind))
                .filter(finding::Column::Key.eq(key.as_str()))
                .one(tx.conn())
                .await?;
            if known.is_none() {
                finding::ActiveModel {
                    space_id: Set(s.id),
                    kind: Set(kind.into()),
                    key: Set(key),
                    due_on: Set(due.map(to_col)),
                    body_json: Set(to_json("finding", f)?),
                    first_seen: Set(to_col(on)),
                    resolved_on: Set(None),
                    ..Default::default()
                }
                .insert(tx.conn())
                .await?;
            }
        }
        let status = after.status;
        register::save(
            tx,
            s,
            &after,
            NewAuditEntry::new(&acc.actor(), SUBJECT, s.id, action)
                .with_reason(format!("{on} 登记：{explanation}")),
        )
        .await?;
        Ok(RecordOutcome {
            space_id: s.id,
            status,
            status_label: status_label(status),
            cite,
            explanation,
            evidence: None,
        })
    }
}

fn official(e: &DecisionEntry, att: Option<&store::Attachment>, on: Date) -> OfficialRecord {
    OfficialRecord {
        what: e.what.clone(),
        by: e.by.clone(),
        document: e.document.clone(),
        reason: e.reason.clone(),
        evidence: att.map(|a| a.id),
        recorded_on: on,
    }
}

/// The record in words: `2026-03-01 列入经营异常名录（决定机关：…，文号：…）：facts；证据附件 …`.
fn describe(label: &str, e: &DecisionEntry, att: Option<&store::Attachment>) -> String {
    let mut out = format!("{} {label}（决定机关：{}", e.decided_on, e.by);
    if let Some(d) = &e.document {
        out.push_str(&format!("，文号：{d}"));
    }
    out.push_str(&format!("）：{}", e.reason));
    if let Some(a) = att {
        out.push_str(&format!("；证据附件 {}「{}」", a.id, a.original_name));
    }
    out
}
