//! A plain substring test on a text column, the same on both backends: `instr` on SQLite,
//! `strpos` on PostgreSQL. Not `LIKE`: its wildcards (`%`, `_` in what people type) and SQLite's
//! ASCII case folding would not match what was typed exactly.

use store::sea_orm::DatabaseBackend;
use store::sea_orm::sea_query::{Alias, Expr, ExprTrait, Func, SimpleExpr};

/// Whether `column` contains `needle`.
pub(crate) fn contains(backend: DatabaseBackend, column: Expr, needle: &str) -> SimpleExpr {
    let position = match backend {
        DatabaseBackend::Postgres => "strpos",
        _ => "instr",
    };
    Func::cust(Alias::new(position))
        .arg(column)
        .arg(needle)
        .gt(0)
}
