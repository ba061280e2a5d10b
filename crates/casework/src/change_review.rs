//! The authority's review of a reported change, where the measure has one (鞍山 第八条: 经市科技局
//! 审核后，符合本办法要求的，同意变更；对不符合本办法要求的，取消资格): agreed, the change stands
//! on the record as agreed; refused, the space is revoked on the ground the policy names
//! (`[obligation.review] refused`), in the same transaction and audit entry as the review.

use jiff::civil::Date;
use store::NewAuditEntry;
use workflow::lifecycle::{ChangeReview, SpaceStatus};

use crate::Casework;
use crate::error::{CaseworkError, Result};
use crate::register::{self, SUBJECT};

/// Why a change review is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReviewError {
    /// The measure has the authority review no change.
    #[error("《{title}》未规定审核重大事项变更")]
    NotReviewed {
        /// The measure's title.
        title: String,
    },
    /// No change with that number.
    #[error("众创空间 {space} 没有第 {n} 项重大事项变更")]
    NoSuchChange {
        /// The space.
        space: i64,
        /// The number given (from 1).
        n: usize,
    },
    /// Reviewed before.
    #[error("第 {n} 项变更「{what}」已于 {on} 审核（{outcome}）")]
    AlreadyReviewed {
        /// Its number.
        n: usize,
        /// What changed.
        what: String,
        /// The day.
        on: Date,
        /// The outcome in the measure's words (同意变更, 不同意变更).
        outcome: String,
    },
    /// A refusal without its facts and reasons.
    #[error("不同意变更的，请写明不符合办法要求的事实和理由（{cite}「{quote}」）")]
    ReasonMissing {
        /// The article.
        cite: String,
        /// Its text.
        quote: String,
    },
    /// Agreed without a word although the measure's conditions, checked again on the facts
    /// after the change, are not met: the reviewer must say why the change still complies.
    #[error(
        "按变化后的情况核对，不符合条件（{conditions}）；仍同意变更的，请写明符合办法要求的理由（如核实的情况与报告不同）"
    )]
    AgreedAgainstCheck {
        /// The conditions not met, with their articles.
        conditions: String,
    },
    /// A review dated before the report (or, for a change not reported, before the change).
    #[error("审核日期 {on} 早于报告（或变化发生）日期 {reported_on}")]
    BeforeReport {
        /// The day given.
        on: Date,
        /// The day reported.
        reported_on: Date,
    },
    /// A review dated after today.
    #[error("审核日期 {on} 晚于今天（{today}）")]
    InFuture {
        /// The day given.
        on: Date,
        /// Today.
        today: Date,
    },
}

impl ReviewError {
    /// The field of the review form or body the error is about (`change`, `note`, `on`).
    pub fn field(&self) -> &'static str {
        match self {
            Self::NotReviewed { .. } | Self::NoSuchChange { .. } | Self::AlreadyReviewed { .. } => {
                "change"
            }
            Self::ReasonMissing { .. } | Self::AgreedAgainstCheck { .. } => "note",
            Self::BeforeReport { .. } | Self::InFuture { .. } => "on",
        }
    }
}

/// What a review decided.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ReviewOutcome {
    /// The change's number (from 1).
    pub n: usize,
    /// Agreed or refused.
    pub agreed: bool,
    /// The space's status after (revoked where refused).
    pub status: SpaceStatus,
    /// The article the review or the revocation followed.
    pub cite: String,
}

impl Casework {
    /// Reviews the `n`th change of a space (from 1, in the order recorded; a reported one, or
    /// one the authority learned of): agreed, or refused with the facts and reasons, which
    /// revokes the space on the measure's ground for a change that no longer meets it. The
    /// authority over the space only; refused (nothing changed) where the measure has no review,
    /// the change is unknown or reviewed already.
    pub async fn review_change(
        &self,
        space_id: i64,
        account: i64,
        n: usize,
        agreed: bool,
        note: &str,
        on: Date,
    ) -> Result<ReviewOutcome> {
        let tx = self.store.begin().await?;
        let s = register::load(tx.conn(), space_id).await?;
        let acc = store::account::get(tx.conn(), account).await?;
        self.require_authority(&acc, &s.measure, &s.region, "审核重大事项变更")?;
        if s.status != SpaceStatus::Active {
            return Err(CaseworkError::SpaceNotActive {
                id: s.id,
                status: register::status_label(s.status).to_string(),
            });
        }
        let review = self
            .measure(&s.measure)?
            .measure
            .change_review()
            .ok_or_else(|| ReviewError::NotReviewed {
                title: self
                    .measure(&s.measure)
                    .map(|m| m.measure.measure.title.clone())
                    .unwrap_or_default(),
            })?
            .clone();
        let change = n
            .checked_sub(1)
            .and_then(|i| s.space.changes.get(i))
            .ok_or(ReviewError::NoSuchChange { space: s.id, n })?;
        // A change the authority learned of (noted, not reported) may be reviewed from the day
        // it happened; a reported one from its report.
        let reported_on = change.reported_on.unwrap_or(change.occurred_on);
        if let Some(r) = &change.review {
            return Err(ReviewError::AlreadyReviewed {
                n,
                what: change.what.clone(),
                on: r.on,
                outcome: review.outcome_word(r.agreed).to_string(),
            }
            .into());
        }
        if on < reported_on {
            return Err(ReviewError::BeforeReport { on, reported_on }.into());
        }
        let today = crate::dates::day_in_china(tx.now());
        if on > today {
            return Err(ReviewError::InFuture { on, today }.into());
        }
        let note = note.trim();
        if !agreed && note.is_empty() {
            return Err(ReviewError::ReasonMissing {
                cite: review.cite.to_string(),
                quote: review.quote.clone(),
            }
            .into());
        }
        let what = change.what.clone();
        // What the reviewer weighed is kept with the decision: the record may change after.
        let recheck = self
            .weigh_change(tx.conn(), &s, n - 1, &change.facts, on)
            .await?
            .and_then(|w| w.recheck);
        if let Some(r) = recheck
            .as_ref()
            .filter(|r| agreed && note.is_empty() && r.verdict == "ineligible")
        {
            // The conditions the change moved (the others stood as before it).
            let failing: Vec<String> = r
                .changed
                .iter()
                .map(|c| format!("{}「{}」", c.article, c.label))
                .collect();
            return Err(ReviewError::AgreedAgainstCheck {
                conditions: if failing.is_empty() {
                    "办法的条件".into()
                } else {
                    failing.join("、")
                },
            }
            .into());
        }
        let mut after = s.space.clone();
        after.changes[n - 1].review = Some(ChangeReview {
            on,
            agreed,
            note: note.to_string(),
            recheck,
        });
        let outcome = if agreed {
            let mut reason = format!("{on} {}：{what}（依据{}）", review.label, review.cite);
            if !note.is_empty() {
                reason.push_str(&format!("；{note}"));
            }
            register::save(
                &tx,
                &s,
                &after,
                NewAuditEntry::new(&acc.actor(), SUBJECT, space_id, "review_change")
                    .with_reason(format!("同意变更 {reason}")),
            )
            .await?;
            ReviewOutcome {
                n,
                agreed,
                status: s.status,
                cite: review.cite.to_string(),
            }
        } else {
            let change = self
                .revoke_in(
                    &tx,
                    &s,
                    &acc,
                    &review.refused,
                    on,
                    &format!("{}：不同意变更「{what}」：{note}", review.label),
                    after,
                )
                .await?;
            ReviewOutcome {
                n,
                agreed,
                status: change.status,
                cite: change.cite,
            }
        };
        tx.commit().await?;
        Ok(outcome)
    }
}
