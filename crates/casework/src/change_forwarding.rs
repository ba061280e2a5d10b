//! A change report passed on to the authority by the body of the space's area, where the measure
//! routes reports through one (内蒙古 第十七条: 应当及时通过所属地管理部门向自治区科技厅报备变更
//! 情况). The recommending unit that holds the policy's role (`[obligation.forwarding] by`) and
//! whose area holds the space forwards it, with its opinion if it has one; the authority sees the
//! report before and after.

use jiff::civil::Date;
use policy::model::RegionCode;
use store::{AccountRole, NewAuditEntry};
use workflow::lifecycle::{Forwarded, SpaceStatus};

use crate::Casework;
use crate::actors::{forbidden, policy_roles};
use crate::error::{CaseworkError, Result};
use crate::register::{self, SUBJECT};

/// The longest opinion a forwarding carries (a display limit, not law).
const NOTE_MAX_CHARS: usize = 300;

/// Why a forwarding is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ForwardError {
    /// The measure routes no report through another body.
    #[error("《{title}》未规定转报重大事项变更报告")]
    NotForwarded {
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
    /// Not reported by the operator: nothing to pass on.
    #[error("第 {n} 项变更「{what}」运营单位尚未报告，无可转报")]
    NotReported {
        /// Its number.
        n: usize,
        /// What changed.
        what: String,
    },
    /// Passed on before.
    #[error("第 {n} 项变更「{what}」已于 {on} 转报")]
    AlreadyForwarded {
        /// Its number.
        n: usize,
        /// What changed.
        what: String,
        /// The day.
        on: Date,
    },
    /// An opinion longer than a paragraph.
    #[error("转报意见最多 {max} 字")]
    NoteTooLong {
        /// The most characters.
        max: usize,
    },
    /// A day before the report, or after today.
    #[error("转报日期 {on} 应在报告日期 {reported_on} 与今天 {today} 之间")]
    OutOfTime {
        /// The day given.
        on: Date,
        /// The day reported.
        reported_on: Date,
        /// Today.
        today: Date,
    },
}

impl ForwardError {
    /// The field of the form or body the error is about (`change`, `on`).
    pub fn field(&self) -> &'static str {
        match self {
            Self::OutOfTime { .. } => "on",
            Self::NoteTooLong { .. } => "note",
            _ => "change",
        }
    }
}

impl Casework {
    /// Passes the `n`th change of a space (from 1) on to the authority (转报), with the unit's
    /// opinion (may be empty): by a recommending unit holding the measure's forwarding role whose
    /// area holds the space; refused, nothing changed, where the measure routes no report, the
    /// change is unknown, unreported or forwarded already.
    pub async fn forward_change(
        &self,
        space_id: i64,
        account: i64,
        n: usize,
        note: &str,
        on: Date,
    ) -> Result<()> {
        let tx = self.store.begin().await?;
        let s = register::load(tx.conn(), space_id).await?;
        let acc = store::account::get(tx.conn(), account).await?;
        let m = &self.measure(&s.measure)?.measure;
        let fw = m
            .change_forwarding()
            .ok_or_else(|| ForwardError::NotForwarded {
                title: m.measure.title.clone(),
            })?;
        let what = format!("{}重大事项变更报告", fw.label);
        let holds_role = policy_roles(tx.conn(), account, &s.measure)
            .await?
            .contains(&fw.by);
        let covers = acc
            .region_code
            .as_deref()
            .is_some_and(|area| RegionCode::holds(area, &s.region));
        if acc.role != AccountRole::RecommendingUnit || !holds_role || !covers {
            return Err(forbidden(&acc, &what));
        }
        if s.status != SpaceStatus::Active {
            return Err(CaseworkError::SpaceNotActive {
                id: s.id,
                status: register::status_label(s.status).to_string(),
            });
        }
        let change = n
            .checked_sub(1)
            .and_then(|i| s.space.changes.get(i))
            .ok_or(ForwardError::NoSuchChange { space: s.id, n })?;
        let Some(reported_on) = change.reported_on else {
            return Err(ForwardError::NotReported {
                n,
                what: change.what.clone(),
            }
            .into());
        };
        if let Some(f) = &change.forwarded {
            return Err(ForwardError::AlreadyForwarded {
                n,
                what: change.what.clone(),
                on: f.on,
            }
            .into());
        }
        let today = crate::dates::day_in_china(tx.now());
        if on < reported_on || on > today {
            return Err(ForwardError::OutOfTime {
                on,
                reported_on,
                today,
            }
            .into());
        }
        let note = note.trim();
        if note.chars().count() > NOTE_MAX_CHARS {
            return Err(ForwardError::NoteTooLong {
                max: NOTE_MAX_CHARS,
            }
            .into());
        }
        let mut reason = format!("{on} {}：{}（依据{}）", fw.label, change.what, fw.cite);
        if !note.is_empty() {
            reason.push_str(&format!("；意见：{note}"));
        }
        let mut after = s.space.clone();
        after.changes[n - 1].forwarded = Some(Forwarded {
            on,
            note: note.to_string(),
        });
        register::save(
            &tx,
            &s,
            &after,
            NewAuditEntry::new(&acc.actor(), SUBJECT, space_id, "forward_change")
                .with_reason(reason),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }
}
