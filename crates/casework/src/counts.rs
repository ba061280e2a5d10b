//! Case counts for the workbench charts, grouped in the database: cases at each stage and
//! submissions per day, over every case a queue filter selects (not a page of them).

use jiff::civil::Date;
use store::entity::case;
use store::sea_orm::{ColumnTrait, QueryFilter, QuerySelect};

use crate::Casework;
use crate::cases::queue_select;
use crate::dates::{from_col, to_col};
use crate::error::Result;
use crate::records::QueueFilter;

/// How many cases a filter selects, by stage and by day of submission.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CaseCounts {
    /// Cases at a stage, by stage id.
    pub at_stage: Vec<(String, u64)>,
    /// Submissions on or after the day asked for, by day of submission (oldest first).
    pub submitted_on: Vec<(Date, u64)>,
}

impl Casework {
    /// Counts the cases `filter` selects: those at each stage, and those submitted on each day
    /// from `since` on. Two grouped queries, whatever the number of cases.
    pub async fn case_counts(&self, filter: &QueueFilter, since: Date) -> Result<CaseCounts> {
        let db = self.store.db();
        let backend = self.store.db_backend();
        let stages: Vec<(Option<String>, i64)> = queue_select(filter, backend)?
            .select_only()
            .column(case::Column::Stage)
            .column_as(case::Column::Id.count(), "n")
            .filter(case::Column::StateKind.eq("at_stage"))
            .group_by(case::Column::Stage)
            .into_tuple()
            .all(db)
            .await?;
        let mut days: Vec<(Option<chrono::NaiveDate>, i64)> = queue_select(filter, backend)?
            .select_only()
            .column(case::Column::SubmittedOn)
            .column_as(case::Column::Id.count(), "n")
            .filter(case::Column::SubmittedOn.gte(to_col(since)))
            .group_by(case::Column::SubmittedOn)
            .into_tuple()
            .all(db)
            .await?;
        days.sort();
        Ok(CaseCounts {
            at_stage: stages
                .into_iter()
                .filter_map(|(s, n)| s.map(|s| (s, n.max(0) as u64)))
                .collect(),
            submitted_on: days
                .into_iter()
                .filter_map(|(d, n)| d.map(|d| (from_col(d), n.max(0) as u64)))
                .collect(),
        })
    }
}
