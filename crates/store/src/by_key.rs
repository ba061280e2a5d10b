//! Reading the one row a unique key finds, without `LIMIT ?`.
//!
//! sea-orm's `one()` sends `LIMIT ?` with 1 bound. SQLite takes a bound LIMIT as a constant of
//! the plan and marks the statement to be compiled again whenever that parameter is bound again,
//! which sqlx does on every execution: the statement cache never saves such a read. A key
//! finds at most one row anyway, so it needs no limit (found with callgrind: two such reads were
//! a fifth of a submission's instructions). For a filter that may match many rows, `one()` is
//! still the right call.

use sea_orm::{ConnectionTrait, DbErr, Selector, SelectorTrait};

/// The row of a lookup by a unique key (`Select::into_model`, `SelectTwo::into_model`), if any.
pub async fn by_key<S: SelectorTrait>(
    rows: Selector<S>,
    conn: &impl ConnectionTrait,
) -> Result<Option<S::Item>, DbErr> {
    Ok(rows.all(conn).await?.into_iter().next())
}
