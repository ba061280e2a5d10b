//! Optimistic concurrency: every mutable row has a `version` (from 1); an update names the
//! version it was based on and fails with [`StoreError::Conflict`] (carrying the current one)
//! when someone else changed the row first.

use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect, UpdateMany};

use crate::error::{Result, StoreError};

/// `update` (with its `SET`s already given) narrowed to row `id` at version `expected`, and
/// bumping the version: the statement [`update_versioned`] runs, for callers that send it
/// themselves ([`crate::Store::change_in_one_trip`]).
pub fn versioned<E>(
    update: UpdateMany<E>,
    id_col: E::Column,
    version_col: E::Column,
    id: i64,
    expected: i64,
) -> UpdateMany<E>
where
    E: EntityTrait,
{
    update
        .col_expr(version_col, Expr::value(expected + 1))
        .filter(id_col.eq(id))
        .filter(version_col.eq(expected))
}

/// Runs `update` (with its `SET`s already given) on row `id` only if its version is still
/// `expected`, bumping the version; returns the new version. `subject` names the kind of record
/// in errors (in Chinese).
pub async fn update_versioned<E>(
    conn: &impl ConnectionTrait,
    subject: &'static str,
    update: UpdateMany<E>,
    id_col: E::Column,
    version_col: E::Column,
    id: i64,
    expected: i64,
) -> Result<i64>
where
    E: EntityTrait,
{
    let res = versioned(update, id_col, version_col, id, expected)
        .exec(conn)
        .await?;
    if res.rows_affected == 1 {
        return Ok(expected + 1);
    }
    let current: Option<i64> = E::find()
        .select_only()
        .column(version_col)
        .filter(id_col.eq(id))
        .into_tuple()
        .one(conn)
        .await?;
    Err(match current {
        Some(current) => StoreError::Conflict {
            subject,
            id: id.to_string(),
            expected,
            current,
        },
        None => StoreError::NotFound {
            subject,
            id: id.to_string(),
        },
    })
}
