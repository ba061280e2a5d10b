//! Every case's record as stored, for what is rebuilt from the records (the expert index, the
//! queue columns): the migrations that add them and anyone who doubts them.

use sea_orm::sea_query::{Alias, Query};
use sea_orm::{ConnectionTrait, DbErr};

/// Each case's id and record (its canonical JSON, the `case_json` column).
pub async fn all(conn: &impl ConnectionTrait) -> Result<Vec<(i64, String)>, DbErr> {
    conn.query_all(
        &Query::select()
            .columns([Alias::new("id"), Alias::new("case_json")])
            .from(Alias::new("case"))
            .to_owned(),
    )
    .await?
    .into_iter()
    .map(|row| Ok((row.try_get("", "id")?, row.try_get("", "case_json")?)))
    .collect()
}
