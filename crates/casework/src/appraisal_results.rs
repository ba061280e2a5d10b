//! The appraisal results (考核结果) as the public reads them: each appraisal with its space's
//! name and measure, newest first, by measure and year, counted and paged in the database, so a
//! request reads one page of the `appraisal` table rather than every space's record.

use jiff::civil::Date;
use store::entity::{appraisal, space};
use store::sea_orm::ConnectionTrait;
use store::sea_orm::sea_query::{Alias, Expr, ExprTrait, Func, Order, Query, SelectStatement};

use crate::dates::{from_col, to_col};
use crate::error::Result;
use crate::{Casework, Page, PageOf};

/// Which appraisal results.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AppraisalResultFilter {
    /// Only this measure's spaces.
    pub measure: Option<String>,
    /// Only appraisals made in this year.
    pub year: Option<i16>,
}

/// One appraisal result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AppraisalResult {
    /// The appraisal.
    pub id: i64,
    /// The space.
    pub space_id: i64,
    /// The space's name.
    pub name: String,
    /// Its measure.
    pub measure: String,
    /// Its region (GB/T 2260).
    pub region: String,
    /// The day of the appraisal.
    pub on: Date,
    /// The grade id.
    pub grade: String,
    /// The total score (exact decimal text), for index tables.
    pub total: Option<String>,
}

impl Casework {
    /// The appraisal results a filter selects, newest first (ties by id, newest first).
    pub async fn appraisal_results(
        &self,
        filter: &AppraisalResultFilter,
        page: Page,
    ) -> Result<PageOf<AppraisalResult>> {
        let db = self.store.db();
        let selected = selected(filter);
        let mut count = selected.clone();
        count.expr_as(
            Func::count(Expr::col((appraisal::Entity, appraisal::Column::Id))),
            Alias::new("n"),
        );
        let total: i64 = match db.query_one(&count).await? {
            Some(row) => row.try_get("", "n")?,
            None => 0,
        };
        let mut rows = selected;
        // Each column named: the two tables' own names would clash (`id`).
        for (table, column, name) in [
            ("appraisal", "id", "appraisal_id"),
            ("appraisal", "space_id", "space_id"),
            ("appraisal", "appraised_on", "appraised_on"),
            ("appraisal", "grade_id", "grade_id"),
            ("appraisal", "total", "total"),
            ("space", "name", "space_name"),
            ("space", "measure", "space_measure"),
            ("space", "region", "space_region"),
        ] {
            rows.expr_as(
                Expr::col((Alias::new(table), Alias::new(column))),
                Alias::new(name),
            );
        }
        rows.order_by(
            (appraisal::Entity, appraisal::Column::AppraisedOn),
            Order::Desc,
        )
        .order_by((appraisal::Entity, appraisal::Column::Id), Order::Desc)
        .offset(page.sql_offset())
        .limit(page.sql_limit(u64::MAX));
        let items = db
            .query_all(&rows)
            .await?
            .into_iter()
            .map(|row| {
                Ok(AppraisalResult {
                    id: row.try_get("", "appraisal_id")?,
                    space_id: row.try_get("", "space_id")?,
                    name: row.try_get("", "space_name")?,
                    measure: row.try_get("", "space_measure")?,
                    region: row.try_get("", "space_region")?,
                    on: from_col(row.try_get("", "appraised_on")?),
                    grade: row.try_get("", "grade_id")?,
                    total: row.try_get("", "total")?,
                })
            })
            .collect::<Result<_>>()?;
        Ok(PageOf {
            items,
            total: u64::try_from(total).unwrap_or(0),
        })
    }
}

/// The appraisals a filter selects, each with its space (no columns chosen yet).
fn selected(filter: &AppraisalResultFilter) -> SelectStatement {
    let mut q = Query::select();
    q.from(appraisal::Entity).inner_join(
        space::Entity,
        Expr::col((space::Entity, space::Column::Id))
            .equals((appraisal::Entity, appraisal::Column::SpaceId)),
    );
    if let Some(m) = &filter.measure {
        q.and_where(Expr::col((space::Entity, space::Column::Measure)).eq(m.as_str()));
    }
    if let Some(year) = filter.year {
        let first = Date::new(year, 1, 1).map(to_col);
        let last = Date::new(year, 12, 31).map(to_col);
        match (first, last) {
            (Ok(first), Ok(last)) => q.and_where(
                Expr::col((appraisal::Entity, appraisal::Column::AppraisedOn)).between(first, last),
            ),
            // A year no date has: no appraisal was made in it.
            _ => q.and_where(Expr::val(1).eq(0)),
        };
    }
    q
}
