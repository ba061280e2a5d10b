//! The daily tick: every active space evaluated by the lifecycle engine on a date, each finding
//! recorded once, findings that no longer hold marked resolved, and the automatic consequences
//! (revocation, expiry, exclusion) applied to the space's status, each audited with its article.
//!
//! The register is walked in chunks of [`TICK_CHUNK`] spaces, one transaction each, with a fixed
//! number of statements per chunk whatever its findings: one read of the spaces, one of their
//! findings, multi-row inserts of the new findings, one update of the resolved ones, multi-row
//! updates of the changed spaces and their audit entries appended in one go.

use std::collections::{HashMap, HashSet};

use jiff::civil::Date;
use store::entity::{finding, space};
use store::sea_orm::sea_query::{Alias, Expr, ExprTrait, IntoIden, Query, TableRef, ValueTuple};
use store::sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set,
};
use store::{NewAuditEntry, Tx};
use workflow::lifecycle::{Finding, Space, SpaceStatus, evaluate};

use crate::dates::to_col;
use crate::error::{CaseworkError, Result};
use crate::register::{self, SUBJECT};
use crate::{Casework, SpaceRecord, StatusChange, TickReport, to_json};

/// Spaces evaluated per tick transaction.
const TICK_CHUNK: u64 = 2000;
/// The audit subject's name in errors.
const SPACE: &str = "众创空间";

/// The kind, key and date under which a finding is recorded once; `None` for upcoming dues
/// (computed on demand, not recorded).
pub(crate) fn finding_key(f: &Finding) -> Option<(&'static str, String, Option<Date>)> {
    Some(match f {
        Finding::Due { .. } | Finding::ReviewDue { .. } => return None,
        Finding::Overdue {
            obligation,
            label,
            due,
            ..
        } => ("overdue", format!("{obligation}|{due}|{label}"), Some(*due)),
        Finding::FiledLate {
            obligation,
            label,
            due,
            filed_on,
            ..
        } => (
            "filed_late",
            format!("{obligation}|{due}|{label}"),
            Some(*filed_on),
        ),
        Finding::Rectification { since, until, .. } => {
            ("rectification", since.to_string(), until.or(Some(*since)))
        }
        Finding::Expired { on, .. } => ("expired", on.to_string(), Some(*on)),
        Finding::Excluded { cite, .. } => ("excluded", cite.clone(), None),
        Finding::Revoke { revocation, .. } => ("revoke", revocation.clone(), None),
    })
}

/// A change of a space's status a finding brings, with its article and reason.
pub(crate) struct Consequence {
    /// Which consequence wins when several hold (lower first): revocation, exclusion, expiry.
    rank: u8,
    pub(crate) status: SpaceStatus,
    pub(crate) cite: String,
    pub(crate) reason: String,
}

pub(crate) fn consequence(f: &Finding) -> Option<Consequence> {
    let (rank, status, cite, reason) = match f {
        Finding::Revoke {
            automatic: true,
            label,
            cite,
            quote,
            reason,
            ..
        } => (
            0,
            SpaceStatus::Revoked,
            cite,
            format!("{label}：{reason}（依据{cite}「{quote}」）"),
        ),
        Finding::Excluded { cite, reason } => (
            1,
            SpaceStatus::Excluded,
            cite,
            format!("移出众创空间范围：{reason}（依据{cite}）"),
        ),
        Finding::Expired { on, cite } => (
            2,
            SpaceStatus::Expired,
            cite,
            format!("认定有效期至 {on} 届满，未重新认定（依据{cite}）"),
        ),
        _ => return None,
    };
    Some(Consequence {
        rank,
        status,
        cite: cite.clone(),
        reason,
    })
}

pub(crate) fn status_action(s: SpaceStatus) -> &'static str {
    match s {
        SpaceStatus::Revoked => "revoke",
        SpaceStatus::Expired => "expire",
        SpaceStatus::Excluded => "exclude",
        SpaceStatus::Active => "restore",
    }
}

/// A finding already recorded: (id, space, kind, key, resolved on).
type Recorded = (i64, i64, String, String, Option<chrono::NaiveDate>);

impl Casework {
    /// The daily tick: every active space evaluated on `today`; each finding recorded once
    /// (upcoming dues are not recorded), findings that no longer hold marked resolved, and the
    /// automatic consequences (revocation, expiry, exclusion) applied to the space's status,
    /// each audited with its article. Runs in transactions of [`TICK_CHUNK`] spaces; running it
    /// again on the same date adds nothing.
    pub async fn tick(&self, today: Date) -> Result<TickReport> {
        let mut report = TickReport {
            date: Some(today),
            ..TickReport::default()
        };
        let mut after_id = 0;
        while let Some(last) = self.tick_chunk(after_id, today, &mut report).await? {
            after_id = last;
        }
        let tx = self.store.begin().await?;
        tx.audit(
            NewAuditEntry::new(&store::Actor::system(), "lifecycle", today, "tick").with_reason(
                format!(
                    "评估有效众创空间 {} 个；新发现 {} 项，已消除 {} 项；状态变更 {} 项；待认定机构决定 {} 项",
                    report.spaces,
                    report.new_findings,
                    report.resolved,
                    report.changes.len(),
                    report.for_decision
                ),
            ),
        )
        .await?;
        tx.commit().await?;
        Ok(report)
    }

    /// One transaction of the tick: the next [`TICK_CHUNK`] active spaces after `after_id`.
    /// Returns the last space's id, or `None` when there are no more.
    async fn tick_chunk(
        &self,
        after_id: i64,
        today: Date,
        report: &mut TickReport,
    ) -> Result<Option<i64>> {
        let tx = self.store.begin().await?;
        let rows = space::Entity::find()
            .filter(space::Column::Status.eq(register::status_str(SpaceStatus::Active)))
            .filter(space::Column::Id.gt(after_id))
            .order_by_asc(space::Column::Id)
            .limit(TICK_CHUNK)
            .all(tx.conn())
            .await?;
        let (Some(lo), Some(hi)) = (rows.first().map(|r| r.id), rows.last().map(|r| r.id)) else {
            tx.commit().await?;
            return Ok(None);
        };
        // One range read; findings of spaces in the range that are no longer active (revoked
        // earlier) are left as they are.
        let recorded: Vec<Recorded> = finding::Entity::find()
            .select_only()
            .column(finding::Column::Id)
            .column(finding::Column::SpaceId)
            .column(finding::Column::Kind)
            .column(finding::Column::Key)
            .column(finding::Column::ResolvedOn)
            .filter(finding::Column::SpaceId.between(lo, hi))
            .into_tuple()
            .all(tx.conn())
            .await?;
        let known: HashMap<(i64, &str, &str), i64> = recorded
            .iter()
            .map(|(id, s, kind, key, _)| ((*s, kind.as_str(), key.as_str()), *id))
            .collect();
        let mut evaluated = HashSet::with_capacity(rows.len());
        let mut seen = HashSet::new();
        let mut new_rows = Vec::new();
        let mut changes = Vec::new();
        for row in rows {
            let rec = register::record(row)?;
            evaluated.insert(rec.id);
            let m = self.measure(&rec.measure)?;
            let mut worst: Option<Consequence> = None;
            for f in evaluate(&self.library, m, &rec.space, today) {
                let Some((kind, key, due)) = finding_key(&f) else {
                    continue;
                };
                if let Some(c) = consequence(&f)
                    && worst.as_ref().is_none_or(|w| c.rank < w.rank)
                {
                    worst = Some(c);
                }
                if let Some(id) = known.get(&(rec.id, kind, key.as_str())) {
                    seen.insert(*id);
                    continue;
                }
                if matches!(
                    f,
                    Finding::Revoke {
                        automatic: false,
                        ..
                    }
                ) {
                    report.for_decision += 1;
                }
                new_rows.push(finding::ActiveModel {
                    space_id: Set(rec.id),
                    kind: Set(kind.to_string()),
                    key: Set(key),
                    due_on: Set(due.map(to_col)),
                    body_json: Set(to_json("finding", &f)?),
                    first_seen: Set(to_col(today)),
                    resolved_on: Set(None),
                    ..Default::default()
                });
            }
            if let Some(c) = worst {
                changes.push((rec, c));
            }
            report.spaces += 1;
        }
        let resolved: Vec<i64> = recorded
            .iter()
            .filter(|(id, space, .., resolved)| {
                resolved.is_none() && evaluated.contains(space) && !seen.contains(id)
            })
            .map(|(id, ..)| *id)
            .collect();
        report.new_findings += new_rows.len() as u64;
        report.resolved += resolved.len() as u64;
        record_findings(&tx, new_rows).await?;
        resolve_findings(&tx, &resolved, today).await?;
        self.apply_consequences(&tx, changes, report).await?;
        tx.commit().await?;
        Ok(Some(hi))
    }

    /// Sets each changed space's status, audited by the system with the article, in `tx`.
    async fn apply_consequences(
        &self,
        tx: &Tx,
        changes: Vec<(SpaceRecord, Consequence)>,
        report: &mut TickReport,
    ) -> Result<()> {
        let system = store::Actor::system();
        let mut saves = Vec::with_capacity(changes.len());
        for (rec, c) in &changes {
            let mut after = rec.space.clone();
            after.status = c.status;
            let entry = NewAuditEntry::new(&system, SUBJECT, rec.id, status_action(c.status))
                .with_reason(c.reason.clone());
            saves.push((rec, after, entry));
        }
        save_spaces(tx, saves).await?;
        report
            .changes
            .extend(changes.into_iter().map(|(rec, c)| StatusChange {
                space_id: rec.id,
                status: c.status,
                cite: c.cite,
                reason: c.reason,
            }));
        Ok(())
    }
}

/// Inserts new findings, many rows per statement.
async fn record_findings(tx: &Tx, rows: Vec<finding::ActiveModel>) -> Result<()> {
    let mut rows = rows.into_iter().peekable();
    while rows.peek().is_some() {
        finding::Entity::insert_many(rows.by_ref().take(store::ROWS_PER_STATEMENT))
            .exec_without_returning(tx.conn())
            .await?;
    }
    Ok(())
}

/// Marks findings resolved on `today`.
async fn resolve_findings(tx: &Tx, ids: &[i64], today: Date) -> Result<()> {
    for ids in ids.chunks(store::ROWS_PER_STATEMENT) {
        finding::Entity::update_many()
            .col_expr(finding::Column::ResolvedOn, Expr::value(to_col(today)))
            .filter(finding::Column::Id.is_in(ids.iter().copied()))
            .exec(tx.conn())
            .await?;
    }
    Ok(())
}

/// Saves the changed spaces over the versions read and audits each change, in `tx`: the batch
/// form of `register::save`. Each batch is one `UPDATE … FROM (VALUES …)` matching every row on
/// its id and the version read; if any space changed since it was read, the whole chunk fails
/// with the conflict, as `register::save` would. The audit entries follow in order, each with
/// its before and after, in the same transaction.
async fn save_spaces(tx: &Tx, changes: Vec<(&SpaceRecord, Space, NewAuditEntry)>) -> Result<()> {
    let now = store::time::to_chrono(tx.now());
    let v = Alias::new("v");
    // The columns of a VALUES list are named column1, column2… on both backends.
    let col = |n: usize| Expr::col((v.clone(), Alias::new(format!("column{n}"))));
    for batch in changes.chunks(store::ROWS_PER_STATEMENT) {
        let mut rows = Vec::with_capacity(batch.len());
        for (before, after, _) in batch {
            rows.push(ValueTuple::Many(vec![
                before.id.into(),
                before.version.into(),
                to_json("space", after)?.into(),
                register::status_str(after.status).into(),
                after.valid_until.map(to_col).into(),
            ]));
        }
        let update = Query::update()
            .table(space::Entity)
            .value(space::Column::SpaceJson, col(3))
            .value(space::Column::Status, col(4))
            .value(space::Column::ValidUntil, col(5))
            .value(space::Column::UpdatedAt, now)
            .value(space::Column::Version, col(2).add(1))
            .from(TableRef::ValuesList(rows, v.clone().into_iden()))
            .and_where(Expr::col((space::Entity, space::Column::Id)).eq(col(1)))
            .and_where(Expr::col((space::Entity, space::Column::Version)).eq(col(2)))
            .to_owned();
        let done = tx.conn().execute(&update).await?.rows_affected();
        if done != batch.len() as u64 {
            return Err(first_conflict(tx, batch).await?);
        }
    }
    let mut entries = Vec::with_capacity(changes.len());
    for (before, after, audit) in changes {
        entries.push(audit.with_before(&before.space)?.with_after(&after)?);
    }
    tx.audit_all(entries).await?;
    Ok(())
}

/// The error for a batch of [`save_spaces`] that did not update every row: the first space whose
/// version moved (or that is gone).
async fn first_conflict(
    tx: &Tx,
    batch: &[(&SpaceRecord, Space, NewAuditEntry)],
) -> Result<CaseworkError> {
    let current: Vec<(i64, i64)> = space::Entity::find()
        .select_only()
        .column(space::Column::Id)
        .column(space::Column::Version)
        .filter(space::Column::Id.is_in(batch.iter().map(|(b, ..)| b.id)))
        .into_tuple()
        .all(tx.conn())
        .await?;
    for (before, ..) in batch {
        let err = match current.iter().find(|(id, _)| *id == before.id) {
            None => store::StoreError::NotFound {
                subject: SPACE,
                id: before.id.to_string(),
            },
            Some((_, v)) if *v != before.version => store::StoreError::Conflict {
                subject: SPACE,
                id: before.id.to_string(),
                expected: before.version,
                current: *v,
            },
            Some(_) => continue,
        };
        return Ok(err.into());
    }
    Ok(CaseworkError::corrupt(
        "space.version",
        "批量更新的行数与读取的版本不符",
    ))
}
