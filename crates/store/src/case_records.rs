//! Every case's record as stored, for what is rebuilt from the records (the expert index, the
//! queue columns): the migrations that add them and anyone who doubts them. Read a page of
//! cases at a time, so a rebuild holds a few hundred records in memory, not the whole table.

use sea_orm::sea_query::{Alias, Expr, ExprTrait, Order, Query};
use sea_orm::{ConnectionTrait, DbErr};

/// Cases read at a time, by default.
const PAGE: u64 = 256;

/// The cases' records a page at a time, in id order:
/// `while let Some(page) = pages.next(conn).await? { … }`.
#[derive(Debug)]
pub struct Pages {
    /// The last id read.
    after: Option<i64>,
    /// Cases a page.
    size: u64,
}

impl Default for Pages {
    fn default() -> Self {
        Self::of_size(PAGE)
    }
}

impl Pages {
    /// Pages of `size` cases (at least one); [`Pages::default`] reads 256 at a time.
    pub fn of_size(size: u64) -> Self {
        Self {
            after: None,
            size: Ord::max(size, 1),
        }
    }

    /// The next page of (case id, record as its canonical JSON); `None` after the last.
    pub async fn next(
        &mut self,
        conn: &impl ConnectionTrait,
    ) -> Result<Option<Vec<(i64, String)>>, DbErr> {
        let mut q = Query::select();
        q.columns([Alias::new("id"), Alias::new("case_json")])
            .from(Alias::new("case"))
            .order_by(Alias::new("id"), Order::Asc)
            .limit(self.size);
        if let Some(after) = self.after {
            q.and_where(Expr::col(Alias::new("id")).gt(after));
        }
        let page: Vec<(i64, String)> = conn
            .query_all(&q)
            .await?
            .into_iter()
            .map(|row| Ok((row.try_get("", "id")?, row.try_get("", "case_json")?)))
            .collect::<Result<_, DbErr>>()?;
        self.after = page.last().map(|(id, _)| *id).or(self.after);
        Ok((!page.is_empty()).then_some(page))
    }
}
