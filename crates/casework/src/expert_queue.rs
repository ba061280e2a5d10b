//! An expert's queue in the database: the `case_expert` table repeats who is assigned to each
//! case (the case's record keeps the assignments with their scores), rewritten by every save
//! that changes them, so that the cases an expert may see are selected, counted and paged by
//! one query instead of reading every case's record.

use jiff::civil::Date;
use store::entity::{case, case_expert, expert_conflict};
use store::sea_orm::sea_query::{Expr, Query};
use store::sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, ExprTrait, QueryFilter, Select, Set,
};
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

/// The expert account ids a case assigns, each once, in order. An assignment names its expert
/// by account id; one that does not is not indexed (and the workflow never writes one).
fn assigned(case: &Case) -> Vec<i64> {
    let mut ids: Vec<i64> = case
        .experts
        .iter()
        .filter_map(|a| a.expert.0.parse().ok())
        .collect();
    ids.sort_unstable();
    ids.dedup();
    ids
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
    if assigned(before) == now {
        return Ok(());
    }
    case_expert::Entity::delete_many()
        .filter(case_expert::Column::CaseId.eq(id))
        .exec(conn)
        .await?;
    if !now.is_empty() {
        case_expert::Entity::insert_many(now.into_iter().map(|expert| case_expert::ActiveModel {
            case_id: Set(id),
            expert_account_id: Set(expert),
        }))
        .exec(conn)
        .await?;
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
