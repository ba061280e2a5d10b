//! The materials decision for a space's appraisal in a round, and the round's appraisal: the
//! override's input (`materials_on_time`) answered from the record, never typed.

use jiff::civil::Date;
use store::entity::appraisal_handin;
use store::sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect};

use super::*;
use crate::error::Result;
use crate::{AppraisalOutcome, Casework};

impl Casework {
    /// The materials decision for a space's appraisal in a round on `on`: refused before the
    /// deadline for a space that has not handed in (it still may).
    pub async fn materials_basis(
        &self,
        round_id: i64,
        space_id: i64,
        on: Date,
    ) -> Result<MaterialsBasis> {
        let round = self.appraisal_round(round_id).await?;
        let s = self.space(space_id).await?;
        self.basis_in(self.store.db(), &round, &s, on, false).await
    }

    /// [`Self::materials_basis`] read through `conn`; with `lock`, the hand-in row is locked
    /// for the transaction (PostgreSQL `FOR UPDATE`; SQLite's transaction holds the write lock),
    /// so a finding of false materials cannot slip between the decision and the appraisal.
    pub(crate) async fn basis_in(
        &self,
        conn: &impl ConnectionTrait,
        round: &AppraisalRound,
        s: &crate::SpaceRecord,
        on: Date,
        lock: bool,
    ) -> Result<MaterialsBasis> {
        let rule = self.materials_rule(&round.measure)?;
        if s.measure != round.measure {
            return Err(RoundError::OtherMeasure {
                space: s.id,
                space_measure: s.measure.clone(),
                round_measure: round.measure.clone(),
            }
            .into());
        }
        let input = self
            .measure(&round.measure)?
            .measure
            .appraisal
            .as_ref()
            .and_then(|a| a.override_.iter().find(|o| o.id == rule.feeds))
            .map(|o| o.input.to_string())
            .ok_or_else(|| RoundError::NoMaterials {
                measure: round.measure.clone(),
            })?;
        let mut q = appraisal_handin::Entity::find()
            .filter(appraisal_handin::Column::RoundId.eq(round.id))
            .filter(appraisal_handin::Column::SpaceId.eq(s.id));
        if lock && self.store.backend() == store::Backend::Postgres {
            q = q.lock_exclusive();
        }
        let h = q.one(conn).await?.map(handin).transpose()?;
        let mut state = state_of(round, h.as_ref(), on);
        if state == HandinState::Pending {
            return Err(RoundError::NotYetDue {
                space: s.id,
                due: round.due,
                on,
            }
            .into());
        }
        if state == HandinState::False && !rule.false_counts_as_missing {
            state = HandinState::OnTime;
        }
        let on_time = state == HandinState::OnTime;
        let text = match (&h, state) {
            (Some(h), HandinState::OnTime) => format!(
                "{}考核资料已于 {} 报送（截止 {}{}），未被认定虚假：按时提供考核资料",
                round.period,
                h.on,
                round.due,
                shift_note(round)
            ),
            (Some(h), _) => format!(
                "{}考核资料（{} 报送）已于 {} 被认定为虚假：{}，视为不合格",
                round.period,
                h.on,
                h.false_on.map(|d| d.to_string()).unwrap_or_default(),
                h.false_reason.as_deref().unwrap_or_default()
            ),
            (None, _) => format!(
                "截止日 {}{}前未报送{}考核资料，视为不合格",
                round.due,
                shift_note(round),
                round.period
            ),
        };
        Ok(MaterialsBasis {
            round: round.id,
            period: round.period.clone(),
            input,
            on_time,
            state,
            text,
            cite: round.cite.clone(),
            quote: round.quote.clone(),
        })
    }

    /// Records a space's appraisal for a round (the authority): the materials input comes from
    /// the round's record ([`Self::materials_basis`], decided in the appraisal's transaction)
    /// and is refused if typed; the basis is kept with the result (`materials_basis`) and in
    /// the audit entry.
    pub async fn record_round_appraisal(
        &self,
        round_id: i64,
        space_id: i64,
        account: i64,
        on: Date,
        input: &serde_json::Value,
    ) -> Result<AppraisalOutcome> {
        let round = self.appraisal_round(round_id).await?;
        self.appraise_with(space_id, account, on, input, Some(&round))
            .await
    }
}

/// The input with the basis's value set; refused where the caller typed it.
pub(crate) fn with_basis(
    input: &serde_json::Value,
    basis: &MaterialsBasis,
) -> Result<serde_json::Value> {
    let mut input = input.clone();
    let obj = input.as_object_mut().ok_or(RoundError::InputNotObject)?;
    if obj.contains_key(&basis.input) {
        return Err(RoundError::TypedInput {
            input: basis.input.clone(),
        }
        .into());
    }
    obj.insert(basis.input.clone(), basis.on_time.into());
    Ok(input)
}
