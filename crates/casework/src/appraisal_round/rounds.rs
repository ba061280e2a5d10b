//! Opening appraisal rounds (the authority) and reading them with every space's state.

use policy::model::AppraisalMaterials;

use jiff::civil::Date;
use store::NewAuditEntry;
use store::entity::{appraisal_handin, appraisal_round, space};
use store::sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, Set};

use super::*;
use crate::Casework;
use crate::dates::{from_col, to_col};
use crate::error::{CaseworkError, Result};

impl Casework {
    pub(super) fn materials_rule(&self, measure: &str) -> Result<&AppraisalMaterials> {
        self.measure(measure)?
            .measure
            .appraisal
            .as_ref()
            .and_then(|a| a.materials.as_ref())
            .ok_or_else(|| {
                RoundError::NoMaterials {
                    measure: measure.to_string(),
                }
                .into()
            })
    }

    pub(super) fn round_record(&self, row: appraisal_round::Model) -> Result<AppraisalRound> {
        let rule = self.materials_rule(&row.measure)?;
        let deadline = from_col(row.deadline);
        Ok(AppraisalRound {
            id: row.id,
            due: self.library.calendar.deadline(deadline).unwrap_or(deadline),
            measure: row.measure,
            period: row.period,
            deadline,
            note: row.note,
            opened_on: from_col(row.opened_on),
            cite: rule.cite.to_string(),
            quote: rule.quote.clone(),
        })
    }

    /// Opens an appraisal round (the authority) for a measure whose appraisal asks materials.
    /// Refused (nothing changed) for another role, a measure without `[appraisal.materials]`,
    /// an empty period or a deadline before `on`.
    pub async fn open_appraisal_round(
        &self,
        account: i64,
        new: &NewAppraisalRound,
        on: Date,
    ) -> Result<AppraisalRound> {
        let tx = self.store.begin().await?;
        let acc = store::account::get(tx.conn(), account).await?;
        self.require_authority_of(&acc, &new.measure, "开启考核资料报送批次")?;
        let rule = self.materials_rule(&new.measure)?;
        let period = text_checked(&new.period, "period")?;
        if period.is_empty() {
            return Err(RoundError::EmptyPeriod.into());
        }
        let chars = period.chars().count();
        if chars > PERIOD_MAX_CHARS {
            return Err(RoundError::PeriodTooLong {
                chars,
                max: PERIOD_MAX_CHARS,
            }
            .into());
        }
        if new.deadline < on {
            return Err(RoundError::DeadlineInPast {
                deadline: new.deadline,
                on,
            }
            .into());
        }
        let note = text_checked(&new.note, "note")?;
        let row = appraisal_round::ActiveModel {
            measure: Set(new.measure.clone()),
            period: Set(period),
            deadline: Set(to_col(new.deadline)),
            note: Set(note),
            opened_on: Set(to_col(on)),
            opened_by: Set(acc.id.to_string()),
            created_at: Set(store::time::to_chrono(tx.now())),
            ..Default::default()
        }
        .insert(tx.conn())
        .await?;
        let round = self.round_record(row)?;
        tx.audit(
            NewAuditEntry::new(
                &acc.actor(),
                ROUND_SUBJECT,
                round.id,
                "open_appraisal_round",
            )
            .with_reason(format!(
                "开启{}考核资料报送批次：办法「{}」，截止 {}{}（依据{}）",
                round.period,
                round.measure,
                round.deadline,
                shift_note(&round),
                rule.cite
            )),
        )
        .await?;
        tx.commit().await?;
        Ok(round)
    }

    /// The rounds, newest first; of one measure where given.
    pub async fn appraisal_rounds(&self, measure: Option<&str>) -> Result<Vec<AppraisalRound>> {
        let mut q = appraisal_round::Entity::find();
        if let Some(m) = measure {
            q = q.filter(appraisal_round::Column::Measure.eq(m));
        }
        q.order_by_desc(appraisal_round::Column::Id)
            .all(self.store.db())
            .await?
            .into_iter()
            .map(|r| self.round_record(r))
            .collect()
    }

    /// A round.
    pub async fn appraisal_round(&self, id: i64) -> Result<AppraisalRound> {
        let row = appraisal_round::Entity::find_by_id(id)
            .one(self.store.db())
            .await?
            .ok_or_else(|| CaseworkError::not_found("考核批次", id))?;
        self.round_record(row)
    }

    /// A space's hand-in for a round, if any.
    pub async fn handin_of(&self, round_id: i64, space_id: i64) -> Result<Option<Handin>> {
        appraisal_handin::Entity::find()
            .filter(appraisal_handin::Column::RoundId.eq(round_id))
            .filter(appraisal_handin::Column::SpaceId.eq(space_id))
            .one(self.store.db())
            .await?
            .map(handin)
            .transpose()
    }

    /// A hand-in by id.
    pub async fn handin(&self, id: i64) -> Result<Handin> {
        let row = appraisal_handin::Entity::find_by_id(id)
            .one(self.store.db())
            .await?
            .ok_or_else(|| CaseworkError::not_found("考核资料报送", id))?;
        handin(row)
    }

    /// The active spaces of a round's measure, each with its hand-in and state on `on`.
    pub async fn round_rows(&self, round: &AppraisalRound, on: Date) -> Result<Vec<RoundRow>> {
        let spaces = space::Entity::find()
            .filter(space::Column::Measure.eq(round.measure.as_str()))
            .filter(space::Column::Status.eq("active"))
            .order_by_asc(space::Column::Id)
            .all(self.store.db())
            .await?;
        let mut handins: std::collections::BTreeMap<i64, Handin> = appraisal_handin::Entity::find()
            .filter(appraisal_handin::Column::RoundId.eq(round.id))
            .all(self.store.db())
            .await?
            .into_iter()
            .map(|r| handin(r).map(|h| (h.space_id, h)))
            .collect::<Result<_>>()?;
        Ok(spaces
            .into_iter()
            .map(|s| {
                let h = handins.remove(&s.id);
                RoundRow {
                    state: state_of(round, h.as_ref(), on),
                    space_id: s.id,
                    name: s.name,
                    org_id: s.org_id,
                    handin: h,
                }
            })
            .collect())
    }
}
