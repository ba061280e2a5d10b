//! Handing in appraisal materials (the space's own applicant, until the deadline) and finding a
//! hand-in false (the authority).

use jiff::civil::Date;
use store::entity::{appraisal_handin, space};
use store::sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QuerySelect, Set};
use store::{AccountRole, NewAuditEntry};
use workflow::lifecycle::SpaceStatus;

use super::*;
use crate::actors::{forbidden, require};
use crate::dates::{from_col, to_col};
use crate::error::{CaseworkError, Result};
use crate::register::{self, status_label};
use crate::{Casework, to_json};

impl Casework {
    /// Hands in a space's appraisal materials for a round (an applicant of the space's own
    /// organisation): `text` (required) and attachments `(bytes, file name)`. Refused (nothing
    /// changed) for another organisation, a space not active or of another measure, a second
    /// hand-in, an empty text, or a day after the deadline (moved off a rest day), quoting the
    /// date and the article.
    pub async fn hand_in_appraisal_materials(
        &self,
        round_id: i64,
        space_id: i64,
        account: i64,
        text: &str,
        files: Vec<(Vec<u8>, String)>,
        on: Date,
    ) -> Result<Handin> {
        let text = text_checked(text, "text")?;
        if text.is_empty() {
            return Err(RoundError::EmptyText.into());
        }
        let round = self.appraisal_round(round_id).await?;
        let tx = self.store.begin().await?;
        let s = register::load(tx.conn(), space_id).await?;
        let acc = store::account::get(tx.conn(), account).await?;
        if !(acc.role == AccountRole::Applicant && acc.organisation_id == Some(s.org_id)) {
            return Err(forbidden(&acc, "报送考核资料"));
        }
        if s.status != SpaceStatus::Active {
            return Err(CaseworkError::SpaceNotActive {
                id: s.id,
                status: status_label(s.status).to_string(),
            });
        }
        if s.measure != round.measure {
            return Err(RoundError::OtherMeasure {
                space: s.id,
                space_measure: s.measure.clone(),
                round_measure: round.measure.clone(),
            }
            .into());
        }
        if on > round.due {
            return Err(RoundError::Late {
                deadline: round.deadline,
                due: round.due,
                shift: shift_note(&round),
                on,
                cite: round.cite.clone(),
                quote: round.quote.clone(),
            }
            .into());
        }
        // Two hand-ins at once: the space's row is locked (PostgreSQL) so the second sees the
        // first; the unique index on (round, space) holds whatever happens.
        if self.store.backend() == store::Backend::Postgres {
            space::Entity::find_by_id(space_id)
                .lock_exclusive()
                .one(tx.conn())
                .await?;
        }
        if let Some(prev) = appraisal_handin::Entity::find()
            .filter(appraisal_handin::Column::RoundId.eq(round_id))
            .filter(appraisal_handin::Column::SpaceId.eq(space_id))
            .one(tx.conn())
            .await?
        {
            return Err(RoundError::AlreadyHandedIn {
                space: space_id,
                id: prev.id,
                on: from_col(prev.handed_in_on),
            }
            .into());
        }
        let actor = acc.actor();
        let mut stored = Vec::new();
        for (bytes, name) in files.into_iter().filter(|(b, _)| !b.is_empty()) {
            let a = store::attachment::put_for(&tx, &actor, Some(s.org_id), &name, bytes).await?;
            stored.push(HandinFile {
                id: a.id,
                name: a.original_name,
            });
        }
        let row = appraisal_handin::ActiveModel {
            round_id: Set(round_id),
            space_id: Set(space_id),
            body: Set(text),
            attachments_json: Set(to_json("attachments", &stored)?),
            handed_in_on: Set(to_col(on)),
            handed_in_by: Set(acc.id.to_string()),
            created_at: Set(store::time::to_chrono(tx.now())),
            ..Default::default()
        }
        .insert(tx.conn())
        .await?;
        let mut reason = format!(
            "报送{}考核资料（批次 {round_id}，报送 {}，截止 {}，依据{}）",
            round.period, row.id, round.due, round.cite
        );
        for f in &stored {
            reason.push_str(&format!("；附件 {}「{}」", f.id, f.name));
        }
        tx.audit(
            NewAuditEntry::new(
                &actor,
                register::SUBJECT,
                space_id,
                "hand_in_appraisal_materials",
            )
            .with_reason(reason),
        )
        .await?;
        tx.commit().await?;
        handin(row)
    }

    /// Finds a hand-in false (虚假, the authority) with a reason; audited with the article.
    pub async fn mark_materials_false(
        &self,
        handin_id: i64,
        account: i64,
        reason: &str,
        on: Date,
    ) -> Result<Handin> {
        let reason = text_checked(reason, "reason")?;
        if reason.is_empty() {
            return Err(RoundError::EmptyReason.into());
        }
        let tx = self.store.begin().await?;
        let acc = store::account::get(tx.conn(), account).await?;
        require(&acc, &[AccountRole::Authority], "认定虚假考核资料")?;
        // Locked (PostgreSQL) against an appraisal of the round deciding on it meanwhile.
        let mut q = appraisal_handin::Entity::find_by_id(handin_id);
        if self.store.backend() == store::Backend::Postgres {
            q = q.lock_exclusive();
        }
        let row = q
            .one(tx.conn())
            .await?
            .ok_or_else(|| CaseworkError::not_found("考核资料报送", handin_id))?;
        if let Some(d) = row.false_on {
            return Err(RoundError::AlreadyFalse {
                id: handin_id,
                on: from_col(d),
            }
            .into());
        }
        let round = self.appraisal_round(row.round_id).await?;
        self.require_authority_of(&acc, &round.measure, "认定虚假考核资料")?;
        let space_id = row.space_id;
        let mut active: appraisal_handin::ActiveModel = row.into();
        active.false_on = Set(Some(to_col(on)));
        active.false_by = Set(Some(acc.id.to_string()));
        active.false_reason = Set(Some(reason.clone()));
        let row = active.update(tx.conn()).await?;
        tx.audit(
            NewAuditEntry::new(
                &acc.actor(),
                register::SUBJECT,
                space_id,
                "mark_materials_false",
            )
            .with_reason(format!(
                "认定{}考核资料（报送 {handin_id}）为虚假：{reason}（依据{}「{}」）",
                round.period, round.cite, round.quote
            )),
        )
        .await?;
        tx.commit().await?;
        handin(row)
    }
}
