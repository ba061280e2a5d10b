//! An expert's queue in the database: the `case_expert` table (`store::expert_index`) repeats
//! who is assigned to each case (the case's record keeps the assignments with their scores),
//! rewritten by every save that changes them, so that the cases an expert may see are selected,
//! counted and paged by one query instead of reading every case's record.

use jiff::civil::Date;
use store::entity::{case, case_expert, expert_conflict};
use store::sea_orm::sea_query::{Expr, Query};
use store::sea_orm::{ColumnTrait, ConnectionTrait, ExprTrait, QueryFilter, Select};
use workflow::case::Case;

use crate::dates::to_col;
use crate::error::Result;

/// Whose queue: an expert's, as `may_read` in the API and the expert page judge it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ExpertQueue {
    /// The expert's account.
    pub account: i64,
    /// The expert's own organisation, whose cases it never sees.
    pub org: Option<i64>,
    /// The day whose conflict-of-interest records apply: a case of an organisation the expert
    /// has a relation with in force on that day is left out.
    pub on: Date,
}

impl ExpertQueue {
    /// The queue of an expert account on day `on`; `None` for an account that is not an
    /// expert's.
    pub fn of(account: &store::Account, on: Date) -> Option<Self> {
        (account.role == store::AccountRole::Expert).then_some(Self {
            account: account.id,
            org: account.organisation_id,
            on,
        })
    }
}

/// The account ids of the experts a case assigns.
fn assigned(case: &Case) -> Vec<i64> {
    store::expert_index::account_ids(case.experts.iter().map(|a| a.expert.0.as_str()))
}

/// Rewrites case `id`'s rows when `after` assigns other experts than `before`, in the
/// transaction of the save.
pub(crate) async fn sync(
    conn: &impl ConnectionTrait,
    id: i64,
    before: &Case,
    after: &Case,
) -> Result<()> {
    let now = assigned(after);
    if assigned(before) != now {
        store::expert_index::set(conn, id, &now).await?;
    }
    Ok(())
}

/// `q` narrowed to the cases in the expert's queue: assigned to it, not its own
/// organisation's, and of no organisation it has a conflict of interest with on the day.
pub(crate) fn narrow(q: Select<case::Entity>, e: &ExpertQueue) -> Select<case::Entity> {
    let assigned = Query::select()
        .column(case_expert::Column::CaseId)
        .from(case_expert::Entity)
        .and_where(case_expert::Column::ExpertAccountId.eq(e.account))
        .to_owned();
    let on = to_col(e.on);
    let conflicted = Query::select()
        .expr(Expr::val(1))
        .from(expert_conflict::Entity)
        .and_where(expert_conflict::Column::ExpertAccountId.eq(e.account))
        .and_where(
            Expr::col((expert_conflict::Entity, expert_conflict::Column::OrgId))
                .equals((case::Entity, case::Column::ApplicantOrgId)),
        )
        .and_where(expert_conflict::Column::FromOn.lte(on))
        .and_where(
            expert_conflict::Column::UntilOn
                .is_null()
                .or(expert_conflict::Column::UntilOn.gte(on)),
        )
        .to_owned();
    let mut q = q
        .filter(case::Column::Id.in_subquery(assigned))
        .filter(Expr::exists(conflicted).not());
    if let Some(org) = e.org {
        q = q.filter(case::Column::ApplicantOrgId.ne(org));
    }
    q
}
