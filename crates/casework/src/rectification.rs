//! Rectification answers (整改报告): a space whose last appraisal failed with a rectification
//! consequence (内蒙古 第十九条（三）: 限期整改，整改期为一年; 朔州 第八条: 不合格的限期整改)
//! submits its report, text and an optional attachment, before the rectification period ends.
//!
//! The period and its article come from the lifecycle engine's `Rectification` finding (the
//! measure's grade consequence); its last day moves off a rest day (民法典 第二百零三条). A
//! measure that sets no period (限期 set by the authority) accepts the report while the
//! rectification holds. Only an applicant of the space's own organisation may file; the report
//! is kept as a filing (`rectification_report`) with its attachment, audited in the same
//! transaction.

use jiff::civil::Date;
use store::entity::filing;
use store::sea_orm::{ActiveModelTrait, Set};
use store::{AccountRole, NewAuditEntry};
use workflow::lifecycle::{Finding, SpaceStatus, evaluate};

use crate::actors::forbidden;
use crate::dates::to_col;
use crate::error::{CaseworkError, Result};
use crate::register::{self, SUBJECT, status_label};
use crate::{Casework, to_json};

/// The kind a rectification report is kept under among the space's filings (it answers a
/// rectification, not an obligation, so it is no `FilingKind`).
pub const RECTIFICATION_REPORT: &str = "rectification_report";

/// The longest rectification report text, in characters.
pub const TEXT_MAX_CHARS: usize = 20_000;

/// Why a rectification report is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RectificationError {
    /// The space is not under rectification (no failing appraisal with a rectification).
    #[error(
        "众创空间 {space} 当前不在整改期内（最近一次考核结果未要求限期整改），无需提交整改报告"
    )]
    NotUnderRectification {
        /// The space.
        space: i64,
    },
    /// The rectification period has ended.
    #[error(
        "整改期已于 {until} 届满（依据{cite}），{on} 不能再提交整改报告；如有异议请联系认定机构"
    )]
    PeriodEnded {
        /// The last day (after the rest-day shift).
        until: Date,
        /// The article.
        cite: String,
        /// The day of the attempt.
        on: Date,
    },
    /// The report's text is empty.
    #[error("整改报告（text）不能为空：请说明整改措施和完成情况")]
    EmptyText,
    /// The report's text is too long.
    #[error("整改报告（text）共 {chars} 字，超过 {max} 字的上限；较长的内容请作为附件上传")]
    TextTooLong {
        /// Its length in characters.
        chars: usize,
        /// The limit.
        max: usize,
    },
}

/// A rectification report filed.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct RectificationReceipt {
    /// The filing id.
    pub id: i64,
    /// The attachment, if one was sent.
    pub attachment: Option<i64>,
    /// The day the failing appraisal opened the rectification.
    pub since: Date,
    /// The last day to file, where the measure sets one.
    pub until: Option<Date>,
    /// The article of the rectification.
    pub cite: String,
}

/// A rectification in force on a day: since, last day (after the rest-day shift), article.
pub fn in_force(
    library: &policy::Library,
    measure: &policy::LoadedMeasure,
    space: &workflow::lifecycle::Space,
    on: Date,
) -> Option<(Date, Option<Date>, String)> {
    // The engine reports the rectification for as long as the last appraisal is the failing
    // one, the period's end included, so a report after the end is refused with its date.
    evaluate(library, measure, space, on)
        .into_iter()
        .find_map(|f| match f {
            Finding::Rectification { since, until, cite } => Some((
                since,
                until.map(|u| library.calendar.deadline(u).unwrap_or(u)),
                cite,
            )),
            _ => None,
        })
}

impl Casework {
    /// Files a rectification report for a space under rectification: `text` (required) and an
    /// optional attachment `(bytes, file name)`. Refused (nothing changed) for another
    /// organisation, a space not on the active register, no rectification, an empty text, or a
    /// day after the period's last day (quoted with its article).
    pub async fn file_rectification(
        &self,
        space_id: i64,
        account: i64,
        text: &str,
        attachment: Option<(Vec<u8>, String)>,
        on: Date,
    ) -> Result<RectificationReceipt> {
        let text = text.trim();
        if text.is_empty() {
            return Err(RectificationError::EmptyText.into());
        }
        let chars = text.chars().count();
        if chars > TEXT_MAX_CHARS {
            return Err(RectificationError::TextTooLong {
                chars,
                max: TEXT_MAX_CHARS,
            }
            .into());
        }
        let tx = self.store.begin().await?;
        let s = register::load(tx.conn(), space_id).await?;
        let acc = store::account::get(tx.conn(), account).await?;
        if !(acc.role == AccountRole::Applicant && acc.organisation_id == Some(s.org_id)) {
            return Err(forbidden(&acc, "提交整改报告"));
        }
        if s.status != SpaceStatus::Active {
            return Err(CaseworkError::SpaceNotActive {
                id: s.id,
                status: status_label(s.status).to_string(),
            });
        }
        let m = self.measure(&s.measure)?;
        let Some((since, until, cite)) = in_force(&self.library, m, &s.space, on) else {
            return Err(RectificationError::NotUnderRectification { space: s.id }.into());
        };
        if let Some(u) = until
            && on > u
        {
            return Err(RectificationError::PeriodEnded { until: u, cite, on }.into());
        }
        let actor = acc.actor();
        let att = match attachment {
            Some((bytes, name)) if !bytes.is_empty() => {
                Some(store::attachment::put_for(&tx, &actor, Some(s.org_id), &name, bytes).await?)
            }
            _ => None,
        };
        let values = serde_json::json!({
            "text": text,
            "attachment": att.as_ref().map(|a| a.id),
            "attachment_name": att.as_ref().map(|a| a.original_name.clone()),
            "since": since,
            "until": until,
            "cite": cite,
        });
        let id = filing::ActiveModel {
            space_id: Set(space_id),
            kind: Set(RECTIFICATION_REPORT.into()),
            period: Set(since.to_string()),
            values_json: Set(to_json("rectification", &values)?),
            flags_json: Set("[]".into()),
            filed_on: Set(to_col(on)),
            filed_by: Set(acc.id.to_string()),
            created_at: Set(store::time::to_chrono(tx.now())),
            ..Default::default()
        }
        .insert(tx.conn())
        .await?
        .id;
        let mut reason = format!("{since} 考核不合格的整改报告（报送 {id}，依据{cite}）");
        if let Some(a) = &att {
            reason.push_str(&format!("；附件 {}「{}」", a.id, a.original_name));
        }
        register::save(
            &tx,
            &s,
            &s.space,
            NewAuditEntry::new(&actor, SUBJECT, space_id, "file_rectification").with_reason(reason),
        )
        .await?;
        tx.commit().await?;
        Ok(RectificationReceipt {
            id,
            attachment: att.map(|a| a.id),
            since,
            until,
            cite,
        })
    }
}
