//! The life of a recognised space: filings, appraisals with their subsidies, fraud findings, and
//! the daily tick that records what the lifecycle engine finds and applies its consequences.

use std::collections::{HashMap, HashSet};

use jiff::civil::Date;
use policy::model::{RevocationTrigger, Yuan};
use store::entity::{appraisal, filing, finding, fraud_finding, space, subsidy};
use store::sea_orm::sea_query::Expr;
use store::sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set,
};
use store::{AccountRole, NewAuditEntry, Tx};
use workflow::filings::{Filing, FilingForm, validate};
use workflow::lifecycle::{AppraisalRecord, ChangeRecord, Finding, SpaceStatus, evaluate};

use crate::actors::{forbidden, require};
use crate::dates::to_col;
use crate::error::{CaseworkError, Result};
use crate::register::{self, SUBJECT, status_label};
use crate::{
    AppraisalOutcome, Casework, FilingReceipt, FraudOutcome, SpaceRecord, StatusChange,
    SubsidyRecord, TickReport, from_json, to_json,
};

/// Spaces evaluated per tick transaction.
const TICK_CHUNK: u64 = 2000;
/// Rows per multi-row insert.
const INSERT_CHUNK: usize = 500;

/// The kind, key and date under which a finding is recorded once; `None` for upcoming dues
/// (computed on demand, not recorded).
fn finding_key(f: &Finding) -> Option<(&'static str, String, Option<Date>)> {
    Some(match f {
        Finding::Due { .. } => return None,
        Finding::Overdue {
            obligation,
            label,
            due,
            ..
        } => ("overdue", format!("{obligation}|{due}|{label}"), Some(*due)),
        Finding::Rectification { since, until, .. } => {
            ("rectification", since.to_string(), until.or(Some(*since)))
        }
        Finding::Expired { on, .. } => ("expired", on.to_string(), Some(*on)),
        Finding::Excluded { cite, .. } => ("excluded", cite.clone(), None),
        Finding::Revoke { revocation, .. } => ("revoke", revocation.clone(), None),
    })
}

/// The consequence a finding brings to the space's status, with its article and reason.
fn consequence(f: &Finding) -> Option<(u8, SpaceStatus, String, String)> {
    match f {
        Finding::Revoke {
            automatic: true,
            label,
            cite,
            quote,
            reason,
            ..
        } => Some((
            0,
            SpaceStatus::Revoked,
            cite.clone(),
            format!("{label}：{reason}（依据{cite}「{quote}」）"),
        )),
        Finding::Excluded { cite, reason } => Some((
            1,
            SpaceStatus::Excluded,
            cite.clone(),
            format!("移出众创空间范围：{reason}（依据{cite}）"),
        )),
        Finding::Expired { on, cite } => Some((
            2,
            SpaceStatus::Expired,
            cite.clone(),
            format!("认定有效期至 {on} 届满，未重新认定（依据{cite}）"),
        )),
        _ => None,
    }
}

fn status_action(s: SpaceStatus) -> &'static str {
    match s {
        SpaceStatus::Revoked => "revoke",
        SpaceStatus::Expired => "expire",
        SpaceStatus::Excluded => "exclude",
        SpaceStatus::Active => "restore",
    }
}

impl Casework {
    /// Loads a space in `tx` for a change by `account`: the space must be active; the account
    /// must be the authority, or (when `operator` is allowed) an applicant of the operating
    /// organisation.
    async fn space_for(
        &self,
        tx: &Tx,
        space_id: i64,
        account: i64,
        operator: bool,
        what: &str,
    ) -> Result<(SpaceRecord, store::Account)> {
        let s = register::load(tx.conn(), space_id).await?;
        let acc = store::account::get(tx.conn(), account).await?;
        let ok = acc.role == AccountRole::Authority
            || (operator
                && acc.role == AccountRole::Applicant
                && acc.organisation_id == Some(s.org_id));
        if !ok {
            return Err(forbidden(&acc, what));
        }
        if s.status != SpaceStatus::Active {
            return Err(CaseworkError::SpaceNotActive {
                id: s.id,
                status: status_label(s.status).to_string(),
            });
        }
        Ok((s, acc))
    }

    fn statistics_form(&self) -> Result<FilingForm> {
        let text = self
            .library
            .file("forms/statistics.toml")
            .ok_or_else(|| CaseworkError::Form("政策库中缺少 forms/statistics.toml".into()))?;
        FilingForm::from_toml(text).map_err(|e| CaseworkError::Form(e.to_string()))
    }

    #[allow(clippy::too_many_arguments)]
    async fn insert_filing(
        &self,
        tx: &Tx,
        space_id: i64,
        kind: &str,
        period: &str,
        values: String,
        flags: String,
        on: Date,
        by: &store::Account,
    ) -> Result<i64> {
        Ok(filing::ActiveModel {
            space_id: Set(space_id),
            kind: Set(kind.into()),
            period: Set(period.into()),
            values_json: Set(values),
            flags_json: Set(flags),
            filed_on: Set(to_col(on)),
            filed_by: Set(by.id.to_string()),
            created_at: Set(store::time::to_chrono(tx.now())),
            ..Default::default()
        }
        .insert(tx.conn())
        .await?
        .id)
    }

    /// Files statistics for a period: validated against the form (`forms/statistics.toml`) and
    /// the previous filing; refused with every field error, accepted with its jump flags kept.
    pub async fn file_statistics(
        &self,
        space_id: i64,
        account: i64,
        period: &str,
        values: &Filing,
        on: Date,
    ) -> Result<FilingReceipt> {
        let form = self.statistics_form()?;
        let tx = self.store.begin().await?;
        let (s, acc) = self
            .space_for(&tx, space_id, account, true, "报送统计数据")
            .await?;
        let previous: Option<Filing> = filing::Entity::find()
            .filter(filing::Column::SpaceId.eq(space_id))
            .filter(filing::Column::Kind.eq("statistics"))
            .order_by_desc(filing::Column::Id)
            .one(tx.conn())
            .await?
            .map(|f| from_json::<Filing>("filing.values_json", &f.values_json))
            .transpose()?;
        let report = validate(&form, values, previous.as_ref());
        if !report.accepted() {
            return Err(CaseworkError::FilingRefused {
                errors: report.errors,
            });
        }
        let id = self
            .insert_filing(
                &tx,
                space_id,
                "statistics",
                period,
                to_json("filing", values)?,
                to_json("flags", &report.flags)?,
                on,
                &acc,
            )
            .await?;
        let mut after = s.space.clone();
        after.statistics.push(on);
        let mut reason = format!("{period} 统计数据（报送 {id}）");
        for f in &report.flags {
            reason.push_str(&format!("；待核实：{}", f.message));
        }
        register::save(
            &tx,
            &s,
            &after,
            NewAuditEntry::new(&acc.actor(), SUBJECT, space_id, "file_statistics")
                .with_reason(reason),
        )
        .await?;
        tx.commit().await?;
        Ok(FilingReceipt {
            id,
            flags: report.flags,
        })
    }

    /// Files the annual report and next year's plan.
    pub async fn file_annual_report(
        &self,
        space_id: i64,
        account: i64,
        year: i16,
        report: &serde_json::Value,
        on: Date,
    ) -> Result<i64> {
        let tx = self.store.begin().await?;
        let (s, acc) = self
            .space_for(&tx, space_id, account, true, "报送年度报告")
            .await?;
        let id = self
            .insert_filing(
                &tx,
                space_id,
                "annual_report",
                &year.to_string(),
                to_json("report", report)?,
                "[]".into(),
                on,
                &acc,
            )
            .await?;
        let mut after = s.space.clone();
        after.annual_reports.push(on);
        register::save(
            &tx,
            &s,
            &after,
            NewAuditEntry::new(&acc.actor(), SUBJECT, space_id, "file_annual_report").with_reason(
                format!("{year} 年度工作报告和下一年度工作计划（报送 {id}）"),
            ),
        )
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Reports a material change (the operator): marks a recorded unreported change as
    /// reported, or records the change with its report.
    pub async fn report_change(
        &self,
        space_id: i64,
        account: i64,
        what: &str,
        occurred_on: Date,
        on: Date,
    ) -> Result<i64> {
        let tx = self.store.begin().await?;
        let (s, acc) = self
            .space_for(&tx, space_id, account, true, "报告变更")
            .await?;
        let id = self
            .insert_filing(
                &tx,
                space_id,
                "change_report",
                what,
                to_json(
                    "change",
                    &serde_json::json!({ "what": what, "occurred_on": occurred_on }),
                )?,
                "[]".into(),
                on,
                &acc,
            )
            .await?;
        let mut after = s.space.clone();
        match after
            .changes
            .iter_mut()
            .find(|c| c.what == what && c.occurred_on == occurred_on && c.reported_on.is_none())
        {
            Some(c) => c.reported_on = Some(on),
            None => after.changes.push(ChangeRecord {
                what: what.to_string(),
                occurred_on,
                reported_on: Some(on),
            }),
        }
        register::save(
            &tx,
            &s,
            &after,
            NewAuditEntry::new(&acc.actor(), SUBJECT, space_id, "report_change")
                .with_reason(format!("{occurred_on} {what}（报送 {id}）")),
        )
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Records a material change the authority learned of (inspection, complaint) that the
    /// operator has not reported; the tick then watches its reporting period.
    pub async fn note_change(
        &self,
        space_id: i64,
        account: i64,
        what: &str,
        occurred_on: Date,
    ) -> Result<()> {
        let tx = self.store.begin().await?;
        let (s, acc) = self
            .space_for(&tx, space_id, account, false, "登记变更事项")
            .await?;
        let mut after = s.space.clone();
        after.changes.push(ChangeRecord {
            what: what.to_string(),
            occurred_on,
            reported_on: None,
        });
        register::save(
            &tx,
            &s,
            &after,
            NewAuditEntry::new(&acc.actor(), SUBJECT, space_id, "note_change")
                .with_reason(format!("{occurred_on} {what}（未报告）")),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Records an appraisal (the authority): index-table measures score the input with
    /// `rules::appraisal`; recorded-grade measures take `{"grade": …}`. The grade's subsidies are
    /// granted (in fen) in the same transaction; its consequences follow at the next tick.
    pub async fn record_appraisal(
        &self,
        space_id: i64,
        account: i64,
        on: Date,
        input: &serde_json::Value,
    ) -> Result<AppraisalOutcome> {
        let tx = self.store.begin().await?;
        let (s, acc) = self
            .space_for(&tx, space_id, account, false, "记录绩效考核")
            .await?;
        require(&acc, &[AccountRole::Authority], "记录绩效考核")?;
        let m = self.measure(&s.measure)?;
        let a = m
            .measure
            .appraisal
            .as_ref()
            .ok_or_else(|| rules::appraisal::AppraisalError::NoAppraisal(s.measure.clone()))?;
        let mut parsed =
            rules::appraisal::AppraisalInput::from_json_value(input, &self.library.facts)
                .map_err(rules::appraisal::AppraisalError::Input)?;
        parsed.previous_failures = s
            .space
            .appraisals
            .iter()
            .rev()
            .take_while(|r| a.grade(&r.grade).is_some_and(|g| g.failing))
            .count() as u32;
        let result = rules::appraisal::appraise(&self.library, m, &parsed)?;
        let grade = result.grade_id.to_string();
        let grade_label = result.grade.to_string();
        let total = result.total.map(|d| d.normalize().to_string());
        let mut subsidies: Vec<SubsidyRecord> = result
            .subsidies
            .iter()
            .filter_map(|x| {
                x.amount_yuan.map(|y| SubsidyRecord {
                    reason: format!("{}（考核等级：{}）", x.label, result.grade),
                    amount_fen: Yuan(y).fen(),
                    cite: x.cite.to_string(),
                    granted_on: on,
                })
            })
            .collect();
        if subsidies.is_empty()
            && let Some(y) = result.subsidy_yuan
        {
            subsidies.push(SubsidyRecord {
                reason: format!("考核等级「{}」补助", result.grade),
                amount_fen: Yuan(y).fen(),
                cite: result.grade_cite.to_string(),
                granted_on: on,
            });
        }
        let result_json =
            serde_json::to_value(&result).map_err(|e| CaseworkError::corrupt("appraisal", e))?;
        let row = appraisal::ActiveModel {
            space_id: Set(space_id),
            appraised_on: Set(to_col(on)),
            grade_id: Set(grade.clone()),
            total: Set(total.clone()),
            input_json: Set(to_json("input", input)?),
            result_json: Set(to_json("result", &result_json)?),
            created_at: Set(store::time::to_chrono(tx.now())),
            ..Default::default()
        }
        .insert(tx.conn())
        .await?;
        for x in &subsidies {
            subsidy::ActiveModel {
                space_id: Set(space_id),
                reason: Set(x.reason.clone()),
                amount_fen: Set(x.amount_fen),
                cite: Set(x.cite.clone()),
                granted_on: Set(to_col(on)),
                created_at: Set(store::time::to_chrono(tx.now())),
                ..Default::default()
            }
            .insert(tx.conn())
            .await?;
        }
        let mut after = s.space.clone();
        after.appraisals.push(AppraisalRecord {
            on,
            grade: grade.clone(),
        });
        let total_text = total
            .as_deref()
            .map(|t| format!("，总分 {t}"))
            .unwrap_or_default();
        register::save(
            &tx,
            &s,
            &after,
            NewAuditEntry::new(&acc.actor(), SUBJECT, space_id, "appraise").with_reason(format!(
                "考核等级「{grade_label}」{total_text}（依据{}；考核 {}）",
                result.grade_cite, row.id
            )),
        )
        .await?;
        tx.commit().await?;
        Ok(AppraisalOutcome {
            id: row.id,
            grade,
            grade_label,
            total,
            subsidies,
            result: result_json,
        })
    }

    /// The subsidies granted to a space, oldest first; amounts in fen.
    pub async fn subsidies(&self, space_id: i64) -> Result<Vec<SubsidyRecord>> {
        Ok(subsidy::Entity::find()
            .filter(subsidy::Column::SpaceId.eq(space_id))
            .order_by_asc(subsidy::Column::Id)
            .all(self.store.db())
            .await?
            .into_iter()
            .map(|r| SubsidyRecord {
                reason: r.reason,
                amount_fen: r.amount_fen,
                cite: r.cite,
                granted_on: crate::dates::from_col(r.granted_on),
            })
            .collect())
    }

    /// Records a fraud finding against an organisation (the authority). Its active spaces carry
    /// the finding; where the measure revokes for fraud automatically they are revoked at once,
    /// audited with the article; the ban on new applications follows from the finding.
    pub async fn record_fraud(
        &self,
        account: i64,
        org: i64,
        found_on: Date,
        body: &str,
        cite: &str,
    ) -> Result<FraudOutcome> {
        let tx = self.store.begin().await?;
        let acc = store::account::get(tx.conn(), account).await?;
        require(&acc, &[AccountRole::Authority], "认定弄虚作假")?;
        store::organisation::get(tx.conn(), org).await?;
        if body.trim().is_empty() {
            return Err(store::StoreError::Missing {
                field: "认定事实"
            }
            .into());
        }
        let row = fraud_finding::ActiveModel {
            org_id: Set(org),
            found_on: Set(to_col(found_on)),
            body: Set(body.to_string()),
            cite: Set(cite.to_string()),
            recorded_by: Set(acc.id.to_string()),
            created_at: Set(store::time::to_chrono(tx.now())),
            ..Default::default()
        }
        .insert(tx.conn())
        .await?;
        tx.audit(
            NewAuditEntry::new(&acc.actor(), "organisation", org, "fraud_finding").with_reason(
                format!(
                    "{found_on} 认定弄虚作假：{body}（依据{cite}；记录 {})",
                    row.id
                ),
            ),
        )
        .await?;
        let mut revoked = Vec::new();
        for id in self.active_spaces_of(tx.conn(), org).await? {
            let s = register::load(tx.conn(), id).await?;
            let m = self.measure(&s.measure)?;
            let mut after = s.space.clone();
            after.fraud_found_on = Some(found_on);
            let rule = m
                .measure
                .revocation
                .iter()
                .find(|r| r.trigger == RevocationTrigger::Fraud && r.automatic);
            let entry = match rule {
                Some(r) => {
                    after.status = SpaceStatus::Revoked;
                    let reason = format!(
                        "{}：{found_on} 被认定弄虚作假（依据{}「{}」）",
                        r.label, r.cite, r.quote
                    );
                    revoked.push(StatusChange {
                        space_id: id,
                        status: SpaceStatus::Revoked,
                        cite: r.cite.to_string(),
                        reason: reason.clone(),
                    });
                    NewAuditEntry::new(&acc.actor(), SUBJECT, id, "revoke").with_reason(reason)
                }
                None => NewAuditEntry::new(&acc.actor(), SUBJECT, id, "fraud_found")
                    .with_reason(format!("{found_on} 被认定弄虚作假（记录 {}）", row.id)),
            };
            register::save(&tx, &s, &after, entry).await?;
        }
        tx.commit().await?;
        Ok(FraudOutcome {
            id: row.id,
            revoked,
        })
    }

    /// The daily tick: every active space evaluated on `today`; each finding recorded once
    /// (upcoming dues are not recorded), findings that no longer hold marked resolved, and the
    /// automatic consequences (revocation, expiry, exclusion) applied to the space's status,
    /// each audited with its article. Runs in transactions of [`TICK_CHUNK`] spaces; running it
    /// again on the same date adds nothing.
    pub async fn tick(&self, today: Date) -> Result<TickReport> {
        let system = store::Actor::system();
        let mut report = TickReport {
            date: Some(today),
            ..TickReport::default()
        };
        let mut after_id = 0i64;
        loop {
            let tx = self.store.begin().await?;
            let rows = space::Entity::find()
                .filter(space::Column::Status.eq("active"))
                .filter(space::Column::Id.gt(after_id))
                .order_by_asc(space::Column::Id)
                .limit(TICK_CHUNK)
                .all(tx.conn())
                .await?;
            let (Some(lo), Some(hi)) = (rows.first().map(|r| r.id), rows.last().map(|r| r.id))
            else {
                tx.commit().await?;
                break;
            };
            after_id = hi;
            let existing: Vec<(i64, i64, String, String, Option<chrono::NaiveDate>)> =
                finding::Entity::find()
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
            let known: HashMap<(i64, &str, &str), (i64, bool)> = existing
                .iter()
                .map(|(id, s, k, key, r)| ((*s, k.as_str(), key.as_str()), (*id, r.is_some())))
                .collect();
            let mut seen: HashSet<i64> = HashSet::new();
            let mut new_rows = Vec::new();
            let mut changes = Vec::new();
            for row in rows {
                let rec = register::record(row)?;
                report.spaces += 1;
                let m = self.measure(&rec.measure)?;
                let found = evaluate(&self.library, m, &rec.space, today);
                let mut worst: Option<(u8, SpaceStatus, String, String)> = None;
                for f in &found {
                    let Some((kind, key, due)) = finding_key(f) else {
                        continue;
                    };
                    match known.get(&(rec.id, kind, key.as_str())) {
                        Some((id, _)) => {
                            seen.insert(*id);
                        }
                        None => {
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
                                body_json: Set(to_json("finding", f)?),
                                first_seen: Set(to_col(today)),
                                resolved_on: Set(None),
                                ..Default::default()
                            });
                        }
                    }
                    if let Some(c) = consequence(f)
                        && worst.as_ref().is_none_or(|w| c.0 < w.0)
                    {
                        worst = Some(c);
                    }
                }
                if let Some((_, status, cite, reason)) = worst {
                    changes.push((rec, status, cite, reason));
                }
            }
            report.new_findings += new_rows.len() as u64;
            let mut batch = Vec::with_capacity(INSERT_CHUNK);
            for r in new_rows {
                batch.push(r);
                if batch.len() == INSERT_CHUNK {
                    finding::Entity::insert_many(std::mem::take(&mut batch))
                        .exec(tx.conn())
                        .await?;
                }
            }
            if !batch.is_empty() {
                finding::Entity::insert_many(batch).exec(tx.conn()).await?;
            }
            let resolved: Vec<i64> = existing
                .iter()
                .filter(|(id, _, _, _, r)| r.is_none() && !seen.contains(id))
                .map(|(id, ..)| *id)
                .collect();
            for ids in resolved.chunks(INSERT_CHUNK) {
                finding::Entity::update_many()
                    .col_expr(finding::Column::ResolvedOn, Expr::value(to_col(today)))
                    .filter(finding::Column::Id.is_in(ids.iter().copied()))
                    .exec(tx.conn())
                    .await?;
            }
            report.resolved += resolved.len() as u64;
            for (rec, status, cite, reason) in changes {
                let mut after = rec.space.clone();
                after.status = status;
                register::save(
                    &tx,
                    &rec,
                    &after,
                    NewAuditEntry::new(&system, SUBJECT, rec.id, status_action(status))
                        .with_reason(reason.clone()),
                )
                .await?;
                report.changes.push(StatusChange {
                    space_id: rec.id,
                    status,
                    cite,
                    reason,
                });
            }
            tx.commit().await?;
        }
        let tx = self.store.begin().await?;
        tx.audit(
            NewAuditEntry::new(&system, "lifecycle", today, "tick").with_reason(format!(
                "评估有效众创空间 {} 个；新发现 {} 项，已消除 {} 项；状态变更 {} 项；待认定机构决定 {} 项",
                report.spaces,
                report.new_findings,
                report.resolved,
                report.changes.len(),
                report.for_decision
            )),
        )
        .await?;
        tx.commit().await?;
        Ok(report)
    }
}
