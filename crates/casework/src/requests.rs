//! Filings the authority asks for, where the measure sets no cadence but the authority's
//! requirements (新疆 第六条第10项: 按照自治区科技厅的要求上报统计数据). A request goes to every
//! space of the measure on the active register within the authority's area, each audited; the
//! lifecycle engine then holds it due until its deadline and overdue after (第十二条: 未上报统计
//! 数据的…取消), and the first filing of its kind and period answers it.

use jiff::civil::Date;
use policy::model::{FilingKind, ObligationKind};
use store::NewAuditEntry;
use store::entity::{filing, space};
use store::sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use workflow::filings::FilingPeriod;
use workflow::lifecycle::{FilingRequest, SpaceStatus};

use crate::dates::from_col;
use crate::error::Result;
use crate::register::{self, SUBJECT};
use crate::{Casework, authority_covers};

/// Why a request is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RequestError {
    /// The measure asks for this filing on a cadence of its own, or not at all.
    #[error("《{title}》{why}，不另行发出{label}要求")]
    NotOnRequest {
        /// The measure's title.
        title: String,
        /// The filing's word.
        label: &'static str,
        /// What the measure says instead.
        why: String,
    },
    /// The period cannot be read.
    #[error("统计期{0}")]
    Period(String),
    /// A deadline that is not after the day of the request.
    #[error("报送截止日期 {deadline} 应晚于发出要求之日 {on}")]
    Deadline {
        /// The deadline given.
        deadline: Date,
        /// The day of the request.
        on: Date,
    },
}

impl RequestError {
    /// The field of the request form or body the error is about.
    pub fn field(&self) -> &'static str {
        match self {
            Self::NotOnRequest { .. } => "measure",
            Self::Period(_) => "period",
            Self::Deadline { .. } => "deadline",
        }
    }
}

/// A request sent.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct RequestSent {
    /// The spaces asked.
    pub spaces: usize,
    /// Of them, those that had already filed the period (their request answered at once).
    pub already_filed: usize,
}

impl Casework {
    /// Asks every active space of `measure` within the authority's area for a filing of `kind`
    /// covering `period` by `deadline` (the authority; the measure must ask for that filing on
    /// request, not on a cadence). A space that already filed the period is answered at once.
    pub async fn request_filing(
        &self,
        account: i64,
        measure: &str,
        kind: FilingKind,
        period: &str,
        deadline: Date,
        on: Date,
    ) -> Result<RequestSent> {
        let tx = self.store.begin().await?;
        let acc = store::account::get(tx.conn(), account).await?;
        let what = format!("要求报送{}", kind.label());
        let m = self.measure(measure)?;
        self.require_authority_of(&acc, measure, &what)?;
        let title = m.measure.measure.title.clone();
        let obligation =
            m.measure
                .obligation_for(kind)
                .ok_or_else(|| RequestError::NotOnRequest {
                    title: title.clone(),
                    label: kind.label(),
                    why: "未规定该项报送".into(),
                })?;
        if !matches!(obligation.due, ObligationKind::AfterEvent { .. })
            || kind == FilingKind::ChangeReport
        {
            return Err(RequestError::NotOnRequest {
                title,
                label: kind.label(),
                why: format!(
                    "规定{}（{}）",
                    policy::describe::due(&obligation.due, m.measure.measure.kind.label()),
                    obligation.cite
                ),
            }
            .into());
        }
        let period = FilingPeriod::parse(period)
            .map_err(RequestError::Period)?
            .to_string();
        if deadline <= on {
            return Err(RequestError::Deadline { deadline, on }.into());
        }
        let rows = space::Entity::find()
            .filter(space::Column::Measure.eq(measure))
            .filter(space::Column::Status.eq(register::status_str(SpaceStatus::Active)))
            .order_by_asc(space::Column::Id)
            .all(tx.conn())
            .await?;
        let mut sent = RequestSent {
            spaces: 0,
            already_filed: 0,
        };
        for row in rows {
            let s = register::record(row)?;
            if !authority_covers(m, &acc, &s.region) {
                continue;
            }
            let filed = filing::Entity::find()
                .filter(filing::Column::SpaceId.eq(s.id))
                .filter(filing::Column::Kind.eq(kind.code()))
                .filter(filing::Column::Period.eq(period.as_str()))
                .order_by_asc(filing::Column::Id)
                .one(tx.conn())
                .await?
                .map(|f| from_col(f.filed_on));
            let mut after = s.space.clone();
            after.requests.push(FilingRequest {
                kind,
                period: period.clone(),
                requested_on: on,
                deadline,
                answered_on: filed,
            });
            let mut reason = format!(
                "要求报送 {period} {}，{deadline} 前（依据{}）",
                kind.label(),
                obligation.cite
            );
            if let Some(d) = filed {
                reason.push_str(&format!("；该期已于 {d} 报送"));
                sent.already_filed += 1;
            }
            register::save(
                &tx,
                &s,
                &after,
                NewAuditEntry::new(&acc.actor(), SUBJECT, s.id, "request_filing")
                    .with_reason(reason),
            )
            .await?;
            sent.spaces += 1;
        }
        tx.commit().await?;
        Ok(sent)
    }
}
