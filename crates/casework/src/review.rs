//! Expert review (assignment with conflict records, scores) and public notice objections.

use jiff::civil::Date;
use policy::model::StageKind;
use store::entity::expert_conflict;
use store::sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set,
};
use store::{AccountRole, NewAuditEntry};
use workflow::case::{Case, CaseState};
use workflow::review::{self, Conflict, ConflictKind, NewInspection, ObjectionTarget};
use workflow::{ActorId, OrgId, WorkflowError};

use crate::actors::{forbidden, require};
use crate::cases::SUBJECT;
use crate::dates::{from_col, to_col};
use crate::error::{CaseworkError, Result};
use crate::{CaseRecord, Casework, NewConflict};

fn kind_str(k: ConflictKind) -> &'static str {
    match k {
        ConflictKind::Employer => "employer",
        ConflictKind::Shareholding => "shareholding",
        ConflictKind::Family => "family",
        ConflictKind::Collaboration => "collaboration",
    }
}

fn kind_of(s: &str) -> Result<ConflictKind> {
    Ok(match s {
        "employer" => ConflictKind::Employer,
        "shareholding" => ConflictKind::Shareholding,
        "family" => ConflictKind::Family,
        "collaboration" => ConflictKind::Collaboration,
        other => return Err(CaseworkError::corrupt("expert_conflict.kind", other)),
    })
}

async fn conflicts_of(conn: &impl ConnectionTrait, expert: i64) -> Result<Vec<Conflict>> {
    expert_conflict::Entity::find()
        .filter(expert_conflict::Column::ExpertAccountId.eq(expert))
        .all(conn)
        .await?
        .into_iter()
        .map(|r| {
            Ok(Conflict {
                kind: kind_of(&r.kind)?,
                org: OrgId(r.org_id.to_string()),
                from: from_col(r.from_on),
                until: r.until_on.map(from_col),
                note: r.note,
            })
        })
        .collect()
}

/// The stage the case is at, when it is of `kind`.
fn at_stage_of<'m>(
    cw: &'m Casework,
    case: &Case,
    kind: StageKind,
    what: &str,
) -> Result<&'m policy::model::Stage> {
    let m = cw.measure(&case.measure)?;
    let found = match &case.state {
        CaseState::AtStage { stage, .. } => m
            .measure
            .procedure
            .stage
            .iter()
            .find(|s| &s.id == stage && s.kind == kind),
        _ => None,
    };
    found.ok_or_else(|| {
        WorkflowError::InvalidTransition {
            state: case.state.label(),
            action: what.to_string(),
        }
        .into()
    })
}

impl Casework {
    /// The applicants on record (in name order): organisations that
    /// have submitted an application or run a space on the register. What an expert may
    /// declare a relation with and a finding of fraud may name; not an organisation with only
    /// a draft (it has told no one yet that it applies), nor a bureau.
    pub async fn applicants_on_record(&self) -> Result<Vec<store::entity::organisation::Model>> {
        use store::entity::{case, organisation, space};
        use store::sea_orm::{QueryOrder, QuerySelect};
        let mut ids: Vec<i64> = case::Entity::find()
            .select_only()
            .column(case::Column::ApplicantOrgId)
            .filter(case::Column::StateKind.ne("draft"))
            .distinct()
            .into_tuple()
            .all(self.store.db())
            .await?;
        ids.extend(
            space::Entity::find()
                .select_only()
                .column(space::Column::OrgId)
                .distinct()
                .into_tuple::<i64>()
                .all(self.store.db())
                .await?,
        );
        ids.sort_unstable();
        ids.dedup();
        Ok(organisation::Entity::find()
            .filter(organisation::Column::Id.is_in(ids))
            .order_by_asc(organisation::Column::Name)
            .all(self.store.db())
            .await?)
    }

    /// Records an expert's conflict-of-interest relation (the authority, or the expert
    /// declaring their own), audited.
    pub async fn record_conflict(&self, account: i64, new: NewConflict) -> Result<i64> {
        let acc = store::account::get(self.store.db(), account).await?;
        let own = acc.role == AccountRole::Expert && acc.id == new.expert;
        if !own {
            require(&acc, &[AccountRole::Authority], "登记专家利益关联")?;
        }
        let tx = self.store.begin().await?;
        let expert = store::account::get(tx.conn(), new.expert).await?;
        if expert.role != AccountRole::Expert {
            return Err(forbidden(&expert, "作为评审专家登记利益关联"));
        }
        store::organisation::get(tx.conn(), new.org).await?;
        let row = expert_conflict::ActiveModel {
            expert_account_id: Set(new.expert),
            org_id: Set(new.org),
            kind: Set(kind_str(new.kind).to_string()),
            from_on: Set(to_col(new.from)),
            until_on: Set(new.until.map(to_col)),
            note: Set(new.note.clone()),
            created_at: Set(store::time::to_chrono(tx.now())),
            ..Default::default()
        }
        .insert(tx.conn())
        .await?;
        tx.audit(
            NewAuditEntry::new(&acc.actor(), "expert_conflict", row.id, "record")
                .with_after(&new)?,
        )
        .await?;
        tx.commit().await?;
        Ok(row.id)
    }

    /// Assigns an expert to a case at its expert-review stage (the authority). A hard conflict
    /// refuses the assignment with the reason; a soft one needs `clearance`.
    pub async fn assign_expert(
        &self,
        case_id: i64,
        expected_version: i64,
        account: i64,
        expert: i64,
        clearance: Option<&str>,
        on: Date,
    ) -> Result<CaseRecord> {
        let change = self.change(case_id, Some(expected_version)).await?;
        let (tx, before) = (&change.tx, &change.before);
        let p = self.principal(tx.conn(), account, before).await?;
        require(&p.account, &[AccountRole::Authority], "指派评审专家")?;
        at_stage_of(self, before, StageKind::ExpertReview, "指派评审专家")?;
        let e = store::account::get(tx.conn(), expert).await?;
        if e.role != AccountRole::Expert {
            return Err(forbidden(&e, "担任评审专家"));
        }
        let conflicts = conflicts_of(tx.conn(), expert).await?;
        let after = review::assign(
            before,
            &ActorId(expert.to_string()),
            &conflicts,
            clearance,
            on,
        )?;
        let mut reason = format!("指派专家 {expert}");
        if let Some(c) = clearance {
            reason.push_str(&format!("；利益关联经认定机构确认：{c}"));
        }
        change
            .finish(
                self,
                &after,
                NewAuditEntry::new(&p.audit, SUBJECT, case_id, "assign_expert").with_reason(reason),
            )
            .await
    }

    /// Records the assigned expert's own score (0–100) and opinion.
    pub async fn score(
        &self,
        case_id: i64,
        expected_version: i64,
        account: i64,
        value: u32,
        opinion: &str,
    ) -> Result<CaseRecord> {
        let change = self.change(case_id, Some(expected_version)).await?;
        let (tx, before) = (&change.tx, &change.before);
        let acc = store::account::get(tx.conn(), account).await?;
        require(&acc, &[AccountRole::Expert], "评分")?;
        at_stage_of(self, before, StageKind::ExpertReview, "专家评分")?;
        let after = review::score(before, &ActorId(acc.id.to_string()), value, opinion, 100)?;
        change
            .finish(
                self,
                &after,
                NewAuditEntry::new(&acc.actor(), SUBJECT, case_id, "score")
                    .with_reason(format!("评分 {value}；{opinion}")),
            )
            .await
    }

    /// Records a site inspection (实地核查记录) on a case at its site-inspection stage, by the
    /// stage's role (the measure's procedure names it), audited with the record.
    pub async fn record_inspection(
        &self,
        case_id: i64,
        expected_version: i64,
        account: i64,
        new: &NewInspection,
        on: Date,
    ) -> Result<CaseRecord> {
        let change = self.change(case_id, Some(expected_version)).await?;
        let (tx, before) = (&change.tx, &change.before);
        let p = self.principal(tx.conn(), account, before).await?;
        let stage = at_stage_of(self, before, StageKind::SiteInspection, "登记实地核查记录")?;
        workflow::case::check_role(self.measure(&before.measure)?, before, stage, &p.actor)?;
        let measured = crate::on_site::measured(self, before, &change.profile_json, &new.measured)?;
        let after = review::record_inspection(before, new, measured, &p.actor.id, on)?;
        // The reason quotes the record as kept (names and text trimmed).
        let reason = after.inspections.last().map(|i| {
            let differs: Vec<String> = i
                .measurements
                .iter()
                .filter(|m| m.differs)
                .map(|m| {
                    let declared = m
                        .declared
                        .as_ref()
                        .map_or("未申报".into(), ToString::to_string);
                    format!("{} 申报 {declared}，核实 {}", m.label, m.found)
                })
                .collect();
            let measured = if differs.is_empty() {
                String::new()
            } else {
                format!("；核实与申报不符：{}", differs.join("；"))
            };
            format!(
                "{} 实地核查（{}）：{}；{}{measured}",
                i.visited_on,
                i.inspectors.join("、"),
                i.conclusion(),
                i.note
            )
        });
        change
            .finish(
                self,
                &after,
                NewAuditEntry::new(&p.audit, SUBJECT, case_id, "record_inspection")
                    .with_reason(reason.unwrap_or_default()),
            )
            .await
    }

    /// Records an objection from the public (no account) during the notice period.
    pub async fn object(
        &self,
        case_id: i64,
        target: ObjectionTarget,
        text: &str,
        contact: Option<&str>,
        on: Date,
    ) -> Result<CaseRecord> {
        let change = self.change(case_id, None).await?;
        let before = &change.before;
        let after = review::object(before, target, text, contact, on)?;
        let number = after.objections.len();
        change
            .finish(
                self,
                &after,
                NewAuditEntry::new(&store::Actor::public(), SUBJECT, case_id, "object")
                    .with_reason(format!("第 {number} 号异议：{text}")),
            )
            .await
    }

    /// Rules on an objection (the authority), with a reason.
    #[allow(clippy::too_many_arguments)]
    pub async fn rule_objection(
        &self,
        case_id: i64,
        expected_version: i64,
        account: i64,
        number: u32,
        upheld: bool,
        reason: &str,
        on: Date,
    ) -> Result<CaseRecord> {
        let change = self.change(case_id, Some(expected_version)).await?;
        let (tx, before) = (&change.tx, &change.before);
        let p = self.principal(tx.conn(), account, before).await?;
        require(&p.account, &[AccountRole::Authority], "处理异议")?;
        let after = review::rule(before, number, upheld, reason, &p.actor.id, on)?;
        change
            .finish(
                self,
                &after,
                NewAuditEntry::new(&p.audit, SUBJECT, case_id, "rule_objection").with_reason(
                    format!(
                        "第 {number} 号异议{}：{reason}",
                        if upheld { "成立" } else { "不成立" }
                    ),
                ),
            )
            .await
    }
}
