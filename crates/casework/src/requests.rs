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
use workflow::lifecycle::{FilingRequest, SpaceStatus, Withdrawal};

use crate::dates::from_col;
use crate::error::Result;
use crate::register::{self, SUBJECT};
use crate::{Casework, authority_covers};

/// Why a request is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RequestError {
    /// The measure asks for this filing on a cadence of its own, or not at all.
    #[error("《{title}》{why}，不另行发出{label}报送要求")]
    NotOnRequest {
        /// The measure's title.
        title: String,
        /// The filing's word.
        label: &'static str,
        /// What the measure says instead.
        why: String,
    },
    /// The period cannot be read.
    #[error("{0}")]
    Period(String),
    /// A deadline that is not after the day of the request.
    #[error("报送截止日期 {deadline} 应晚于发出要求之日 {on}")]
    Deadline {
        /// The deadline given.
        deadline: Date,
        /// The day of the request.
        on: Date,
    },
    /// A deadline in a year whose rest days the holiday calendar does not list: its last day
    /// could not be moved past them (民法典 第二百零三条).
    #[error(
        "报送截止日期 {deadline}：{reason}，无法按法定休假日顺延，请选择日历已收录年份内的日期"
    )]
    Calendar {
        /// The deadline given.
        deadline: Date,
        /// The calendar's words.
        reason: String,
    },
    /// A deadline not after the period's end: statistics are of a period ended.
    #[error("报送截止日期 {deadline} 应在统计期{label}结束（{last_day}）之后")]
    BeforePeriodEnds {
        /// The period in words.
        label: String,
        /// Its last day.
        last_day: Date,
        /// The deadline.
        deadline: Date,
    },
    /// The same period asked for already, with its deadline still running or passed unanswered.
    #[error("{period}的报送要求已于 {requested_on} 发出（{deadline} 前报送），不重复发出")]
    Repeated {
        /// The period.
        period: String,
        /// The earlier request's day.
        requested_on: Date,
        /// Its deadline.
        deadline: Date,
    },
    /// Nobody to ask: no active space of the measure in the area, or the period ended before
    /// each one's recognition.
    #[error("未发出：{why}")]
    NoSpace {
        /// Which.
        why: String,
    },
    /// A withdrawal without its reason.
    #[error("请写明撤回报送要求的原因")]
    ReasonMissing,
    /// A reason longer than a line.
    #[error("撤回原因最多 {max} 字")]
    ReasonTooLong {
        /// The most characters.
        max: usize,
    },
    /// Nothing to withdraw: no request of the period is open in the authority's area.
    #[error("{period}没有未报送的报送要求可以撤回（已报送的不能撤回）")]
    NothingOpen {
        /// The period in words.
        period: String,
    },
}

impl RequestError {
    /// The field of the request form or body the error is about.
    pub fn field(&self) -> &'static str {
        match self {
            Self::NotOnRequest { .. } => "measure",
            Self::ReasonMissing | Self::ReasonTooLong { .. } => "reason",
            Self::Period(_)
            | Self::Repeated { .. }
            | Self::NothingOpen { .. }
            | Self::NoSpace { .. } => "period",
            Self::Deadline { .. } | Self::Calendar { .. } | Self::BeforePeriodEnds { .. } => {
                "deadline"
            }
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
    /// Spaces not asked: the period ended before their recognition.
    pub not_concerned: usize,
}

/// The longest reason of a withdrawal (a line in each space's trail; a display limit, not law).
const REASON_MAX_CHARS: usize = 200;

/// The active spaces of `measure` within the authority's area, in register order: those a
/// request goes to, or is withdrawn from.
async fn active_in_area(
    tx: &store::Tx,
    m: &policy::LoadedMeasure,
    acc: &store::Account,
    measure: &str,
) -> Result<Vec<crate::SpaceRecord>> {
    let rows = space::Entity::find()
        .filter(space::Column::Measure.eq(measure))
        .filter(space::Column::Status.eq(register::status_str(SpaceStatus::Active)))
        .order_by_asc(space::Column::Id)
        .all(tx.conn())
        .await?;
    let mut out = Vec::with_capacity(rows.len());
    for row in rows {
        let s = register::record(row)?;
        if authority_covers(m, acc, &s.region) {
            out.push(s);
        }
    }
    Ok(out)
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
        let what = format!("要求报送{}", kind.noun());
        let m = self.measure(measure)?;
        self.require_authority_of(&acc, measure, &what)?;
        let title = m.measure.measure.title.clone();
        let obligation =
            m.measure
                .obligation_for(kind)
                .ok_or_else(|| RequestError::NotOnRequest {
                    title: title.clone(),
                    label: kind.noun(),
                    why: "未规定该项报送".into(),
                })?;
        if obligation.due != ObligationKind::OnRequest {
            return Err(RequestError::NotOnRequest {
                title,
                label: kind.noun(),
                why: format!(
                    "规定{}（{}）",
                    policy::describe::due(&obligation.due, m.measure.measure.kind.label()),
                    obligation.cite
                ),
            }
            .into());
        }
        let named = FilingPeriod::parse(period).map_err(RequestError::Period)?;
        let period = named.to_string();
        if deadline <= on {
            return Err(RequestError::Deadline { deadline, on }.into());
        }
        if let Err(e) = self.library.calendar.deadline(deadline) {
            return Err(RequestError::Calendar {
                deadline,
                reason: e.to_string(),
            }
            .into());
        }
        if deadline <= named.last_day() {
            return Err(RequestError::BeforePeriodEnds {
                label: named.label(),
                last_day: named.last_day(),
                deadline,
            }
            .into());
        }
        let spaces = active_in_area(&tx, m, &acc, measure).await?;
        let mut sent = RequestSent {
            spaces: 0,
            already_filed: 0,
            not_concerned: 0,
        };
        for s in spaces {
            // A period over before the recognition is none of this space's (it could not file it).
            if named.last_day() < s.space.recognised_on {
                sent.not_concerned += 1;
                continue;
            }
            if let Some(r) = s
                .space
                .requests
                .iter()
                .find(|r| r.kind == kind && r.period == period && r.is_open())
            {
                return Err(RequestError::Repeated {
                    period: named.label(),
                    requested_on: r.requested_on,
                    deadline: r.deadline,
                }
                .into());
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
                withdrawn: None,
            });
            let mut reason = format!(
                "要求报送 {period} {}，{deadline} 前（依据{}）",
                kind.noun(),
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
        if sent.spaces == 0 {
            return Err(RequestError::NoSpace {
                why: if sent.not_concerned > 0 {
                    format!(
                        "统计期{}在辖区内 {} 个众创空间的{}之前已经结束，它们无须报送该期",
                        named.label(),
                        sent.not_concerned,
                        m.measure.measure.kind.label()
                    )
                } else {
                    "辖区内没有该办法有效名录中的众创空间".into()
                },
            }
            .into());
        }
        tx.commit().await?;
        Ok(sent)
    }

    /// Withdraws the open requests for a filing of `kind` covering `period` from the spaces of
    /// `measure` in the authority's area (a request sent in error, or to be sent again with
    /// another deadline), each audited with the reason. Answered requests stay as they are.
    /// Returns how many spaces' requests were withdrawn.
    pub async fn withdraw_request(
        &self,
        account: i64,
        measure: &str,
        kind: FilingKind,
        period: &str,
        reason: &str,
        on: Date,
    ) -> Result<usize> {
        let reason = reason.trim();
        let named = FilingPeriod::parse(period).map_err(RequestError::Period)?;
        let period = named.to_string();
        let tx = self.store.begin().await?;
        let acc = store::account::get(tx.conn(), account).await?;
        let m = self.measure(measure)?;
        self.require_authority_of(&acc, measure, &format!("撤回{}报送要求", kind.noun()))?;
        let spaces = active_in_area(&tx, m, &acc, measure).await?;
        // Nothing open is said first: a reason would change nothing.
        let open = spaces.iter().any(|s| {
            s.space
                .requests
                .iter()
                .any(|r| r.kind == kind && r.period == period && r.is_open())
        });
        if !open {
            return Err(RequestError::NothingOpen {
                period: named.label(),
            }
            .into());
        }
        if reason.is_empty() {
            return Err(RequestError::ReasonMissing.into());
        }
        if reason.chars().count() > REASON_MAX_CHARS {
            return Err(RequestError::ReasonTooLong {
                max: REASON_MAX_CHARS,
            }
            .into());
        }
        let mut withdrawn = 0;
        for s in spaces {
            let mut after = s.space.clone();
            let mut deadlines = Vec::new();
            for r in &mut after.requests {
                if r.kind == kind && r.period == period && r.is_open() {
                    r.withdrawn = Some(Withdrawal {
                        on,
                        reason: reason.to_string(),
                    });
                    deadlines.push(r.deadline.to_string());
                }
            }
            if deadlines.is_empty() {
                continue;
            }
            register::save(
                &tx,
                &s,
                &after,
                NewAuditEntry::new(&acc.actor(), SUBJECT, s.id, "withdraw_request").with_reason(
                    format!(
                        "撤回 {period} {}报送要求（截止 {}）：{reason}",
                        kind.noun(),
                        deadlines.join("、")
                    ),
                ),
            )
            .await?;
            withdrawn += 1;
        }
        tx.commit().await?;
        Ok(withdrawn)
    }
}
