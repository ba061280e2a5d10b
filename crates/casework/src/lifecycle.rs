//! The life of a recognised space: filings, appraisals with their subsidies, fraud findings. The
//! daily tick that records what the lifecycle engine finds is in `tick`.

use std::collections::BTreeMap;

use jiff::civil::Date;
use policy::model::{FilingKind, Obligation, RevocationTrigger, Yuan};
use store::entity::{appraisal, filing, fraud_finding, subsidy};
use store::sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, Set};
use store::{AccountRole, NewAuditEntry, Tx};
use workflow::filings::{Cadence, Filing, FilingError, FilingForm, FilingPeriod, validate};
use workflow::lifecycle::{AppraisalRecord, ChangeRecord, SpaceStatus};

use crate::actors::{forbidden, require};
use crate::appraisal_round::{AppraisalRound, with_basis};
use crate::dates::to_col;
use crate::error::{CaseworkError, Result};
use crate::register::{self, SUBJECT, status_label};
use crate::{
    AppraisalOutcome, Casework, FilingReceipt, FraudOutcome, SpaceRecord, StatusChange,
    SubsidyRecord, from_json, to_json,
};

/// The longest description of a change: a line in lists and the audit trail, not the report's
/// whole text (a display limit, not law).
const WHAT_MAX_CHARS: usize = 200;

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
        if acc.role == AccountRole::Authority {
            self.require_authority(&acc, &s.measure, &s.region, what)?;
        } else if !(operator
            && acc.role == AccountRole::Applicant
            && acc.organisation_id == Some(s.org_id))
        {
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

    /// The obligation of `space`'s measure that a filing of `kind` meets; refused where the
    /// measure asks for no such filing.
    fn obligation(&self, space: &SpaceRecord, kind: FilingKind) -> Result<&Obligation> {
        let m = &self.measure(&space.measure)?.measure;
        m.obligation_for(kind)
            .ok_or_else(|| CaseworkError::FilingNotAsked {
                kind,
                title: m.measure.title.clone(),
            })
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
        kind: FilingKind,
        period: &str,
        values: String,
        flags: String,
        on: Date,
        by: &store::Account,
    ) -> Result<i64> {
        Ok(filing::ActiveModel {
            space_id: Set(space_id),
            kind: Set(kind.code().into()),
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
        let cadence = Cadence::of_due(&self.obligation(&s, FilingKind::Statistics)?.due);
        let period = statistics_period(period, cadence, s.space.recognised_on, on);
        // The space's statistics, newest first: the filing of the same period is the one this
        // corrects.
        let filed = filing::Entity::find()
            .filter(filing::Column::SpaceId.eq(space_id))
            .filter(filing::Column::Kind.eq(FilingKind::Statistics.code()))
            .order_by_desc(filing::Column::Id)
            .all(tx.conn())
            .await?;
        let named = period.as_ref().ok().map(ToString::to_string);
        let corrects = filed
            .iter()
            .find(|f| Some(&f.period) == named.as_ref())
            .map(|f| f.id);
        // The jumps are measured against the period before this one (its newest filing, a
        // correction where there is one), not whatever was filed last.
        // (A period that ends before this one begins: a half holding this quarter is no
        // baseline for it.)
        let ends = |text: &str| FilingPeriod::parse(text).ok().map(FilingPeriod::last_day);
        let this = period.as_ref().ok().map(|p| p.first_day());
        let previous: Option<Filing> = filed
            .iter()
            .filter_map(|f| ends(&f.period).map(|d| (d, f)))
            .filter(|(d, _)| this.is_none_or(|t| *d < t))
            .max_by_key(|(d, f)| (*d, f.id))
            .map(|(_, f)| from_json::<Filing>("filing.values_json", &f.values_json))
            .transpose()?;
        let mut report = validate(&form, values, previous.as_ref());
        let period = match period {
            Ok(p) => Some(p),
            Err(message) => {
                report.errors.insert(
                    0,
                    FilingError {
                        field: "period".into(),
                        message,
                    },
                );
                None
            }
        };
        let (Some(period), true) = (period, report.accepted()) else {
            return Err(CaseworkError::FilingRefused {
                errors: report.errors,
            });
        };
        let period = period.to_string();
        let id = self
            .insert_filing(
                &tx,
                space_id,
                FilingKind::Statistics,
                &period,
                to_json("filing", values)?,
                to_json("flags", &report.flags)?,
                on,
                &acc,
            )
            .await?;
        // A correction stands in for the filing it corrects: the period was filed on that day.
        let mut after = s.space.clone();
        // The authority's requests for this period are answered (新疆 第六条第10项).
        for r in after
            .requests
            .iter_mut()
            .filter(|r| r.kind == FilingKind::Statistics && r.period == period && r.is_open())
        {
            r.answered_on = Some(on);
        }
        let mut reason = match corrects {
            Some(earlier) => format!("更正 {period} 统计数据（报送 {id}，替代报送 {earlier}）"),
            None => {
                after.statistics.push(on);
                format!("{period} 统计数据（报送 {id}）")
            }
        };
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
            corrects,
        })
    }

    /// Files the annual report and next year's plan; a second report for one year corrects the
    /// first.
    pub async fn file_annual_report(
        &self,
        space_id: i64,
        account: i64,
        year: i16,
        report: &serde_json::Value,
        on: Date,
    ) -> Result<FilingReceipt> {
        let tx = self.store.begin().await?;
        let (s, acc) = self
            .space_for(&tx, space_id, account, true, "报送年度报告")
            .await?;
        self.obligation(&s, FilingKind::AnnualReport)?;
        let recognised = s.space.recognised_on;
        if i32::from(year) < i32::from(recognised.year()) || year > on.year() {
            return Err(CaseworkError::FilingOutOfTime {
                field: "year",
                message: format!(
                    "报告年度应在 {} 年（{act}之年）至 {} 年（今年）之间，实际为 {year}",
                    recognised.year(),
                    on.year(),
                    act = self.measure(&s.measure)?.measure.measure.kind.label()
                ),
            });
        }
        let corrects = filing::Entity::find()
            .filter(filing::Column::SpaceId.eq(space_id))
            .filter(filing::Column::Kind.eq(FilingKind::AnnualReport.code()))
            .filter(filing::Column::Period.eq(year.to_string()))
            .order_by_desc(filing::Column::Id)
            .one(tx.conn())
            .await?
            .map(|f| f.id);
        let id = self
            .insert_filing(
                &tx,
                space_id,
                FilingKind::AnnualReport,
                &year.to_string(),
                to_json("report", report)?,
                "[]".into(),
                on,
                &acc,
            )
            .await?;
        let mut after = s.space.clone();
        let reason = match corrects {
            Some(earlier) => format!(
                "更正 {year} 年度工作报告和下一年度工作计划（报送 {id}，替代报送 {earlier}）"
            ),
            None => {
                after.annual_reports.push(on);
                format!("{year} 年度工作报告和下一年度工作计划（报送 {id}）")
            }
        };
        register::save(
            &tx,
            &s,
            &after,
            NewAuditEntry::new(&acc.actor(), SUBJECT, space_id, "file_annual_report")
                .with_reason(reason),
        )
        .await?;
        tx.commit().await?;
        Ok(FilingReceipt {
            id,
            flags: Vec::new(),
            corrects,
        })
    }

    /// Reports a material change (the operator): marks a recorded unreported change as
    /// reported, or records the change with its report. `facts` are the facts as they stand
    /// after the change (fact name → value as the profile writes it; may be empty), each checked
    /// against the dictionary (`facts.<name>` named where refused).
    pub async fn report_change(
        &self,
        space_id: i64,
        account: i64,
        what: &str,
        facts: &BTreeMap<String, serde_json::Value>,
        occurred_on: Date,
        on: Date,
    ) -> Result<i64> {
        let tx = self.store.begin().await?;
        let (s, acc) = self
            .space_for(&tx, space_id, account, true, "报告变更")
            .await?;
        self.obligation(&s, FilingKind::ChangeReport)?;
        self.check_change(&s, what, occurred_on, crate::dates::day_in_china(tx.now()))?;
        // A change the authority noted is reported by naming it as noted.
        let noted = s.space.changes.iter().position(|c| {
            c.what == what && c.occurred_on == occurred_on && c.reported_on.is_none()
        });
        let at = noted.unwrap_or(s.space.changes.len());
        self.weigh_change(tx.conn(), &s, at, facts, on).await?;
        let id = self
            .insert_filing(
                &tx,
                space_id,
                FilingKind::ChangeReport,
                what,
                to_json(
                    "change",
                    &serde_json::json!({ "what": what, "occurred_on": occurred_on, "facts": facts }),
                )?,
                "[]".into(),
                on,
                &acc,
            )
            .await?;
        let mut after = s.space.clone();
        match noted {
            Some(i) => {
                let c = &mut after.changes[i];
                c.reported_on = Some(on);
                // The operator's own account of the facts after the change replaces the noted one.
                if !facts.is_empty() {
                    c.facts = facts.clone();
                }
            }
            None => after.changes.push(ChangeRecord::new(
                what,
                occurred_on,
                Some(on),
                facts.clone(),
            )),
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

    /// A change as described, for every caller (pages, API, CLI, import): what changed, in
    /// words of reasonable length, on a day between the recognition and today.
    fn check_change(
        &self,
        s: &SpaceRecord,
        what: &str,
        occurred_on: Date,
        today: Date,
    ) -> Result<()> {
        let what = what.trim();
        if what.is_empty() {
            return Err(store::StoreError::Missing {
                field: "重大事项变更内容",
            }
            .into());
        }
        if what.chars().count() > WHAT_MAX_CHARS {
            return Err(CaseworkError::FilingOutOfTime {
                field: "what",
                message: format!(
                    "重大事项变更内容最多 {WHAT_MAX_CHARS} 字（现 {} 字）；详细情况可在报告正文或附件中说明",
                    what.chars().count()
                ),
            });
        }
        if occurred_on > today {
            return Err(CaseworkError::FilingOutOfTime {
                field: "occurred_on",
                message: format!(
                    "变化发生日期 {occurred_on} 晚于今天（{today}），请填写已经发生的变化"
                ),
            });
        }
        if occurred_on < s.space.recognised_on {
            return Err(CaseworkError::FilingOutOfTime {
                field: "occurred_on",
                message: format!(
                    "变化发生日期 {occurred_on} 早于{act}日期 {}：{act}前的变化无须报告",
                    s.space.recognised_on,
                    act = self.measure(&s.measure)?.measure.measure.kind.label()
                ),
            });
        }
        Ok(())
    }

    /// Records a material change the authority learned of (inspection, complaint) that the
    /// operator has not reported, with the facts after it where the authority knows them; the
    /// tick then watches its reporting period.
    pub async fn note_change(
        &self,
        space_id: i64,
        account: i64,
        what: &str,
        facts: &BTreeMap<String, serde_json::Value>,
        occurred_on: Date,
    ) -> Result<()> {
        let tx = self.store.begin().await?;
        let (s, acc) = self
            .space_for(&tx, space_id, account, false, "登记重大事项变更")
            .await?;
        self.obligation(&s, FilingKind::ChangeReport)?;
        let today = crate::dates::day_in_china(tx.now());
        self.check_change(&s, what, occurred_on, today)?;
        self.weigh_change(tx.conn(), &s, s.space.changes.len(), facts, today)
            .await?;
        let mut after = s.space.clone();
        after
            .changes
            .push(ChangeRecord::new(what, occurred_on, None, facts.clone()));
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
        self.appraise_with(space_id, account, on, input, None).await
    }

    /// [`Self::record_appraisal`] for an appraisal round where one is given: the materials
    /// decision is made in this transaction (`appraisal_round`), answers the override's input,
    /// and is kept in the result (`materials_basis`) and the audit entry.
    pub(crate) async fn appraise_with(
        &self,
        space_id: i64,
        account: i64,
        on: Date,
        input: &serde_json::Value,
        round: Option<&AppraisalRound>,
    ) -> Result<AppraisalOutcome> {
        let tx = self.store.begin().await?;
        let (s, acc) = self
            .space_for(&tx, space_id, account, false, "记录绩效考核")
            .await?;
        require(&acc, &[AccountRole::Authority], "记录绩效考核")?;
        let basis = match round {
            Some(r) => Some(self.basis_in(tx.conn(), r, &s, on, true).await?),
            None => None,
        };
        let answered;
        let input = match &basis {
            Some(b) => {
                answered = with_basis(input, b)?;
                &answered
            }
            None => input,
        };
        let basis = basis.as_ref();
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
        let mut result_json =
            serde_json::to_value(&result).map_err(|e| CaseworkError::corrupt("appraisal", e))?;
        if let (Some(b), Some(obj)) = (basis, result_json.as_object_mut()) {
            obj.insert(
                "materials_basis".into(),
                serde_json::to_value(b).map_err(|e| CaseworkError::corrupt("basis", e))?,
            );
        }
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
                "考核等级「{grade_label}」{total_text}（依据{}；考核 {}）{}",
                result.grade_cite,
                row.id,
                basis
                    .map(|b| format!("；考核批次 {}：{}（{}）", b.round, b.text, b.cite))
                    .unwrap_or_default()
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
        let o = store::organisation::get(tx.conn(), org).await?;
        // An authority with an area finds fraud only by organisations registered within it.
        if let Some(area) = acc.region_code.as_deref()
            && !o
                .region_code
                .as_deref()
                .is_some_and(|r| policy::model::RegionCode::holds(area, r))
        {
            return Err(CaseworkError::OutsideJurisdiction {
                what: "认定弄虚作假".into(),
                scope: format!(
                    "单位 {org} 所在地（{}）",
                    o.region_code.as_deref().unwrap_or("未登记区划")
                ),
            });
        }
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
}

/// The period a statistics filing names, read and placed in time: one of the measure's cadence
/// where it sets one (内蒙古 第十七条 每半年: a half), that has begun by the day of filing, and
/// not ended before the space was recognised. The error says why in Chinese.
pub fn statistics_period(
    text: &str,
    cadence: Option<Cadence>,
    recognised_on: Date,
    on: Date,
) -> Result<FilingPeriod, String> {
    let p = FilingPeriod::parse(text)?;
    if let Some(c) = cadence
        && p.cadence() != c
    {
        return Err(format!(
            "按办法的报送周期，统计期应为{}，实际为{}",
            c.words(),
            p.label()
        ));
    }
    if p.first_day() > on {
        return Err(format!(
            "统计期{}（{}）自 {} 起，尚未开始",
            p.label(),
            p,
            p.first_day()
        ));
    }
    if p.last_day() < recognised_on {
        return Err(format!(
            "统计期{}（{}）在认定（{}）之前，无须报送",
            p.label(),
            p,
            recognised_on
        ));
    }
    Ok(p)
}
