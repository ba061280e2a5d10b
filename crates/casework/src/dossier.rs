//! A recognised space's dossier as the workbench reads it: its appraisals with their stored
//! results (the per-item breakdown), its filings, and every appraisal on the register for the
//! yearly lists.

use jiff::civil::Date;
use policy::model::FilingKind;
use store::entity::{appraisal, filing};
use store::sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};

use crate::dates::from_col;
use crate::error::{CaseworkError, Result};
use crate::{Casework, from_json};

/// An appraisal as recorded.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct AppraisalEntry {
    /// The appraisal id.
    pub id: i64,
    /// The space.
    pub space_id: i64,
    /// The day.
    pub on: Date,
    /// The grade id.
    pub grade: String,
    /// The total (index tables).
    pub total: Option<String>,
    /// The full result (`makerspace.appraisal/1`).
    pub result: serde_json::Value,
}

/// A filing as recorded.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct FilingEntry {
    /// The filing id.
    pub id: i64,
    /// `statistics`, `annual_report`, `change_report`.
    pub kind: String,
    /// The period it covers.
    pub period: String,
    /// The day filed.
    pub filed_on: Date,
    /// The jump flags kept for review.
    pub flags: serde_json::Value,
    /// What was filed: the statistics' values by field, the report and plan, the change, the
    /// rectification report, as kept.
    pub values: serde_json::Value,
    /// Who filed it (the account id, as the audit records actors).
    pub filed_by: String,
    /// The earlier filing of the same period that this one corrects.
    pub corrects: Option<i64>,
    /// The later filing of the same period that corrects this one (the one that counts).
    pub corrected_by: Option<i64>,
}

/// Whether a kind of filing answers for a period (statistics for a 统计期, the annual report for
/// its year), so that a second filing of one period is its correction. A change report answers
/// its change and a rectification report its rectification: each is a filing of its own.
pub fn corrected_by_period(kind: &str) -> bool {
    matches!(
        FilingKind::from_code(kind),
        Some(FilingKind::Statistics | FilingKind::AnnualReport)
    )
}

/// Links the filings of one space that correct each other: within a kind and period, each
/// later one corrects the one filed before it.
fn link_corrections(entries: &mut [FilingEntry]) {
    let mut order: Vec<usize> = (0..entries.len())
        .filter(|&i| corrected_by_period(&entries[i].kind))
        .collect();
    order.sort_by_key(|&i| entries[i].id);
    for (n, &i) in order.iter().enumerate() {
        let earlier = order[..n]
            .iter()
            .rev()
            .find(|&&j| {
                entries[j].kind == entries[i].kind && entries[j].period == entries[i].period
            })
            .copied();
        if let Some(j) = earlier {
            entries[i].corrects = Some(entries[j].id);
            entries[j].corrected_by = Some(entries[i].id);
        }
    }
}

fn filing_entry(f: filing::Model) -> Result<FilingEntry> {
    Ok(FilingEntry {
        id: f.id,
        kind: f.kind,
        period: f.period,
        filed_on: from_col(f.filed_on),
        flags: from_json("filing.flags_json", &f.flags_json)?,
        values: from_json("filing.values_json", &f.values_json)?,
        filed_by: f.filed_by,
        corrects: None,
        corrected_by: None,
    })
}

fn entry(r: appraisal::Model) -> Result<AppraisalEntry> {
    Ok(AppraisalEntry {
        id: r.id,
        space_id: r.space_id,
        on: from_col(r.appraised_on),
        grade: r.grade_id,
        total: r.total,
        result: from_json("appraisal.result_json", &r.result_json)?,
    })
}

impl Casework {
    /// A space's appraisals, newest first.
    pub async fn appraisals_of(&self, space_id: i64) -> Result<Vec<AppraisalEntry>> {
        appraisal::Entity::find()
            .filter(appraisal::Column::SpaceId.eq(space_id))
            .order_by_desc(appraisal::Column::AppraisedOn)
            .order_by_desc(appraisal::Column::Id)
            .all(self.store.db())
            .await?
            .into_iter()
            .map(entry)
            .collect()
    }

    /// A space's filings, newest first, each linked to the filing of its period it corrects or
    /// that corrects it.
    pub async fn filings_of(&self, space_id: i64) -> Result<Vec<FilingEntry>> {
        let mut entries = filing::Entity::find()
            .filter(filing::Column::SpaceId.eq(space_id))
            .order_by_desc(filing::Column::FiledOn)
            .order_by_desc(filing::Column::Id)
            .all(self.store.db())
            .await?
            .into_iter()
            .map(filing_entry)
            .collect::<Result<Vec<_>>>()?;
        link_corrections(&mut entries);
        Ok(entries)
    }

    /// One filing of a space (not found when it is another space's), linked to the filing of
    /// its period it corrects or that corrects it.
    pub async fn filing_of(&self, space_id: i64, filing_id: i64) -> Result<FilingEntry> {
        let f = filing::Entity::find_by_id(filing_id)
            .filter(filing::Column::SpaceId.eq(space_id))
            .one(self.store.db())
            .await?
            .ok_or_else(|| CaseworkError::not_found("报送", filing_id))?;
        let mut same_period = filing::Entity::find()
            .filter(filing::Column::SpaceId.eq(space_id))
            .filter(filing::Column::Kind.eq(f.kind.as_str()))
            .filter(filing::Column::Period.eq(f.period.as_str()))
            .all(self.store.db())
            .await?
            .into_iter()
            .map(filing_entry)
            .collect::<Result<Vec<_>>>()?;
        link_corrections(&mut same_period);
        same_period
            .into_iter()
            .find(|e| e.id == filing_id)
            .ok_or_else(|| CaseworkError::not_found("报送", filing_id))
    }
}
