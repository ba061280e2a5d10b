//! A recognised space's dossier as the workbench reads it: its appraisals with their stored
//! results (the per-item breakdown), its filings, and every appraisal on the register for the
//! yearly lists.

use jiff::civil::Date;
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

    /// A space's filings, newest first.
    pub async fn filings_of(&self, space_id: i64) -> Result<Vec<FilingEntry>> {
        filing::Entity::find()
            .filter(filing::Column::SpaceId.eq(space_id))
            .order_by_desc(filing::Column::FiledOn)
            .order_by_desc(filing::Column::Id)
            .all(self.store.db())
            .await?
            .into_iter()
            .map(filing_entry)
            .collect()
    }

    /// One filing of a space (not found when it is another space's).
    pub async fn filing_of(&self, space_id: i64, filing_id: i64) -> Result<FilingEntry> {
        filing::Entity::find_by_id(filing_id)
            .filter(filing::Column::SpaceId.eq(space_id))
            .one(self.store.db())
            .await?
            .ok_or_else(|| CaseworkError::not_found("报送", filing_id))
            .and_then(filing_entry)
    }
}
