//! Sanctions the authority decides: the discretionary revocation of a recognised space on a
//! ground its measure lists but the lifecycle engine cannot establish by itself (违反管理规定,
//! 变化后不符合本办法要求, or any ground marked `automatic = false`: 视情节轻重), and the
//! fraud findings with the bans on new applications that follow from them.
//!
//! Automatic grounds (consecutive failures, rectification failed, missing statistics, blacklist,
//! fraud) are applied by the daily tick or by [`Casework::record_fraud`]; revoking on one of them
//! by hand is refused, so that the record never says "discretionary" where the law says
//! "automatic".

use jiff::civil::Date;
use policy::model::{Revocation, RevocationTrigger};
use store::NewAuditEntry;
use store::entity::{finding, fraud_finding};
use store::sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, Set};
use workflow::lifecycle::{Finding, SpaceStatus, evaluate};

use crate::dates::{from_col, to_col};
use crate::error::{CaseworkError, Result};
use crate::register::{self, SUBJECT};
use crate::{Casework, StatusChange, to_json};

/// Why a discretionary revocation is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SanctionError {
    /// The measure lists no such ground.
    #[error("办法「{measure}」没有编号为「{revocation}」的取消资格情形；可由认定机构决定的情形：{}", if .discretionary.is_empty() { "无".to_string() } else { .discretionary.join("、") })]
    UnknownGround {
        /// The measure.
        measure: String,
        /// The id given.
        revocation: String,
        /// The grounds the authority may invoke, as `id（label，cite）`.
        discretionary: Vec<String>,
    },
    /// The ground follows automatically; it is not the authority's to invoke.
    #[error("「{label}」（{cite}）由系统按办法自动认定并执行{how}，不属于认定机构裁量取消的情形")]
    Automatic {
        /// The ground's label.
        label: String,
        /// Its article.
        cite: String,
        /// Where it is applied instead.
        how: &'static str,
    },
    /// A ground the engine can establish does not hold on the day.
    #[error("「{label}」（{cite}）在 {on} 不成立：{why}")]
    GroundAbsent {
        /// The ground's label.
        label: String,
        /// Its article.
        cite: String,
        /// The day.
        on: Date,
        /// What is missing.
        why: String,
    },
    /// No reason written.
    #[error("请写明取消资格所依据的事实和理由（{cite}「{quote}」）")]
    ReasonMissing {
        /// The article.
        cite: String,
        /// Its text.
        quote: String,
    },
    /// A date before recognition.
    #[error("取消日期 {on} 早于认定日期 {recognised_on}")]
    BeforeRecognition {
        /// The date given.
        on: Date,
        /// The recognition day.
        recognised_on: Date,
    },
    /// A date after today: a decision is recorded when it is made.
    #[error("取消日期 {on} 晚于今天（{today}）")]
    InFuture {
        /// The date given.
        on: Date,
        /// Today.
        today: Date,
    },
    /// A ground the measure decides through the review of a reported change (鞍山 第八条).
    #[error(
        "「{label}」（{cite}）经{}决定：请在该项变化的审核中选择“{}”，写明事实和理由",
        .review.label,
        .review.outcome.refused
    )]
    ByReview {
        /// The ground's label.
        label: String,
        /// Its article.
        cite: String,
        /// The review that decides it (boxed: the error stays small).
        review: Box<policy::model::FilingReview>,
    },
}

impl SanctionError {
    /// The field of the revocation form or body the error is about (`revocation`, `reason`,
    /// `on`).
    pub fn field(&self) -> &'static str {
        match self {
            Self::ReasonMissing { .. } => "reason",
            Self::BeforeRecognition { .. } | Self::InFuture { .. } => "on",
            Self::UnknownGround { .. }
            | Self::Automatic { .. }
            | Self::GroundAbsent { .. }
            | Self::ByReview { .. } => "revocation",
        }
    }
}

/// Whether the authority decides a ground (rather than the tick or the fraud finding applying
/// it): grounds marked not automatic, and the two the engine has no facts for (a violation and
/// a non-compliant change need the authority's finding first).
pub fn discretionary(r: &Revocation) -> bool {
    !r.automatic
        || matches!(
            r.trigger,
            RevocationTrigger::RuleViolation | RevocationTrigger::ChangeNoncompliant
        )
}

/// A fraud finding with the bans it brings under each measure that bans after fraud.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct FraudRecord {
    /// The finding id.
    pub id: i64,
    /// The organisation.
    pub org_id: i64,
    /// The day of the finding.
    pub found_on: Date,
    /// What was found.
    pub body: String,
    /// The article relied on.
    pub cite: String,
    /// The bans, one per measure with a fraud ban.
    pub bans: Vec<BanPeriod>,
}

/// A ban on new applications under one measure.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct BanPeriod {
    /// The measure.
    pub measure: String,
    /// The ban's label.
    pub label: String,
    /// The last day of the ban (inclusive).
    pub until: Date,
    /// The article.
    pub cite: String,
    /// Its text.
    pub quote: String,
}

impl Casework {
    /// The bans a fraud finding on `found_on` brings, per measure (the finding day not counted,
    /// 民法典 第二百零一条).
    pub fn bans_after(&self, found_on: Date) -> Vec<BanPeriod> {
        self.library
            .measures()
            .iter()
            .flat_map(|m| {
                m.measure
                    .ban
                    .iter()
                    .filter(|b| b.trigger == policy::model::BanTrigger::Fraud)
                    .filter_map(move |b| {
                        Some(BanPeriod {
                            measure: m.id().to_string(),
                            label: b.label.clone(),
                            until: b.period.last_day_after(found_on)?,
                            cite: b.cite.to_string(),
                            quote: b.quote.clone(),
                        })
                    })
            })
            .collect()
    }

    /// Every fraud finding, newest first, with its bans.
    pub async fn fraud_findings(&self) -> Result<Vec<FraudRecord>> {
        Ok(fraud_finding::Entity::find()
            .order_by_desc(fraud_finding::Column::FoundOn)
            .order_by_desc(fraud_finding::Column::Id)
            .all(self.store.db())
            .await?
            .into_iter()
            .map(|r| {
                let found_on = from_col(r.found_on);
                FraudRecord {
                    id: r.id,
                    org_id: r.org_id,
                    found_on,
                    body: r.body,
                    cite: r.cite,
                    bans: self.bans_after(found_on),
                }
            })
            .collect())
    }

    /// Revokes a recognised space on a discretionary ground of its measure (the authority
    /// only), with the facts and reasons written; the revocation is recorded as a finding of
    /// the space and audited with the article, in one transaction.
    pub async fn revoke(
        &self,
        space_id: i64,
        account: i64,
        revocation: &str,
        on: Date,
        reason: &str,
    ) -> Result<StatusChange> {
        let tx = self.store.begin().await?;
        let s = register::load(tx.conn(), space_id).await?;
        let acc = store::account::get(tx.conn(), account).await?;
        // A change that no longer meets the measure is decided in its review, where the measure
        // has one: revoking beside it would leave the change awaiting review on a revoked space.
        let m = self.measure(&s.measure)?;
        if let (Some(r), Some(review)) = (
            m.measure.revocation.iter().find(|r| r.id == revocation),
            m.measure.change_review(),
        ) && r.id == review.refused
        {
            return Err(SanctionError::ByReview {
                label: r.label.clone(),
                cite: r.cite.to_string(),
                review: Box::new(review.clone()),
            }
            .into());
        }
        let change = self
            .revoke_in(&tx, &s, &acc, revocation, on, reason, s.space.clone())
            .await?;
        tx.commit().await?;
        Ok(change)
    }

    /// [`Casework::revoke`] within `tx`, from the space as `after` has it (the state the
    /// caller's own act left it in, kept with the revocation in one audit entry).
    #[allow(clippy::too_many_arguments)]
    pub(crate) async fn revoke_in(
        &self,
        tx: &store::Tx,
        s: &crate::SpaceRecord,
        acc: &store::Account,
        revocation: &str,
        on: Date,
        reason: &str,
        mut after: workflow::lifecycle::Space,
    ) -> Result<StatusChange> {
        let space_id = s.id;
        self.require_authority(acc, &s.measure, &s.region, "取消众创空间资格")?;
        if s.status != SpaceStatus::Active {
            return Err(CaseworkError::SpaceNotActive {
                id: s.id,
                status: register::status_label(s.status).to_string(),
            });
        }
        let m = self.measure(&s.measure)?;
        let r = m
            .measure
            .revocation
            .iter()
            .find(|r| r.id == revocation)
            .ok_or_else(|| SanctionError::UnknownGround {
                measure: s.measure.clone(),
                revocation: revocation.to_string(),
                discretionary: m
                    .measure
                    .revocation
                    .iter()
                    .filter(|r| discretionary(r))
                    .map(|r| format!("{}（{}，{}）", r.id, r.label, r.cite))
                    .collect(),
            })?;
        if !discretionary(r) {
            return Err(SanctionError::Automatic {
                label: r.label.clone(),
                cite: r.cite.to_string(),
                how: if r.trigger == RevocationTrigger::Fraud {
                    "（记录弄虚作假认定时即取消）"
                } else {
                    "（每日评估时取消）"
                },
            }
            .into());
        }
        let today = crate::dates::day_in_china(tx.now());
        if on > today {
            return Err(SanctionError::InFuture { on, today }.into());
        }
        if on < s.recognised_on {
            return Err(SanctionError::BeforeRecognition {
                on,
                recognised_on: s.recognised_on,
            }
            .into());
        }
        let absent = |why: String| SanctionError::GroundAbsent {
            label: r.label.clone(),
            cite: r.cite.to_string(),
            on,
            why,
        };
        match &r.trigger {
            // 变化后不符合本办法要求: there must be a change on record to judge.
            RevocationTrigger::ChangeNoncompliant => {
                if !s.space.changes.iter().any(|c| c.occurred_on <= on) {
                    return Err(absent("该众创空间没有登记或报告的重大事项变更".into()).into());
                }
            }
            RevocationTrigger::RuleViolation => {}
            // A ground the engine can establish, left to the authority: it must hold.
            _ => {
                let holds = evaluate(&self.library, m, &s.space, on)
                    .iter()
                    .any(|f| matches!(f, Finding::Revoke { revocation: id, .. } if id == &r.id));
                if !holds {
                    return Err(
                        absent("按登记的考核、报送和认定记录，该情形尚未发生".into()).into(),
                    );
                }
            }
        }
        let reason = reason.trim();
        if reason.is_empty() {
            return Err(SanctionError::ReasonMissing {
                cite: r.cite.to_string(),
                quote: r.quote.clone(),
            }
            .into());
        }
        let text = format!(
            "{}：{reason}（依据{}「{}」；认定机构决定）",
            r.label, r.cite, r.quote
        );
        let f = Finding::Revoke {
            revocation: r.id.clone(),
            label: r.label.clone(),
            automatic: false,
            cite: r.cite.to_string(),
            quote: r.quote.clone(),
            reason: reason.to_string(),
        };
        let known = finding::Entity::find()
            .filter(finding::Column::SpaceId.eq(space_id))
            .filter(finding::Column::Kind.eq("revoke"))
            .filter(finding::Column::Key.eq(r.id.as_str()))
            .one(tx.conn())
            .await?;
        if known.is_none() {
            finding::ActiveModel {
                space_id: Set(space_id),
                kind: Set("revoke".into()),
                key: Set(r.id.clone()),
                due_on: Set(Some(to_col(on))),
                body_json: Set(to_json("finding", &f)?),
                first_seen: Set(to_col(on)),
                resolved_on: Set(None),
                ..Default::default()
            }
            .insert(tx.conn())
            .await?;
        }
        after.status = SpaceStatus::Revoked;
        register::save(
            tx,
            s,
            &after,
            NewAuditEntry::new(&acc.actor(), SUBJECT, space_id, "revoke")
                .with_reason(format!("{on} {text}")),
        )
        .await?;
        Ok(StatusChange {
            space_id,
            status: SpaceStatus::Revoked,
            cite: r.cite.to_string(),
            reason: text,
        })
    }
}
