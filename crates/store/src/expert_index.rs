//! The `case_expert` index: who is assigned to which case, repeated from each case's record
//! (its `experts`) so that an expert's queue is selected in the database. Written by the case
//! service on every save that changes the assignments ([`set`]), and rebuilt from the records
//! by the migration that created it, or by anyone who doubts it ([`rebuild`]).

use sea_orm::sea_query::{Alias, Expr, ExprTrait, Query};
use sea_orm::{ConnectionTrait, DbErr};

/// The account ids of a case's assigned experts, each once, in order. An assignment names its
/// expert by account id; one that does not is not indexed (and the workflow never writes one).
pub fn account_ids<'a>(experts: impl IntoIterator<Item = &'a str>) -> Vec<i64> {
    let mut ids: Vec<i64> = experts.into_iter().filter_map(|e| e.parse().ok()).collect();
    ids.sort_unstable();
    ids.dedup();
    ids
}

/// Replaces case `case_id`'s rows with `experts` (account ids, as [`account_ids`] gives them).
pub async fn set(conn: &impl ConnectionTrait, case_id: i64, experts: &[i64]) -> Result<(), DbErr> {
    conn.execute(
        &Query::delete()
            .from_table(table())
            .and_where(Expr::col(Alias::new("case_id")).eq(case_id))
            .to_owned(),
    )
    .await?;
    insert(conn, case_id, experts).await
}

/// Rewrites the whole index from every case's record, in one transaction of the caller's
/// choice; returns the number of assignments indexed.
pub async fn rebuild(conn: &impl ConnectionTrait) -> Result<u64, DbErr> {
    conn.execute(&Query::delete().from_table(table()).to_owned())
        .await?;
    let mut indexed = 0;
    let mut pages = crate::case_records::Pages::default();
    while let Some(page) = pages.next(conn).await? {
        for (id, json) in page {
            let experts = assigned_in_record(&json);
            insert(conn, id, &experts).await?;
            indexed += experts.len() as u64;
        }
    }
    Ok(indexed)
}

fn table() -> Alias {
    Alias::new("case_expert")
}

/// Adds a row for each of `experts` to case `case_id`.
async fn insert(conn: &impl ConnectionTrait, case_id: i64, experts: &[i64]) -> Result<(), DbErr> {
    if experts.is_empty() {
        return Ok(());
    }
    let mut insert = Query::insert();
    insert
        .into_table(table())
        .columns([Alias::new("case_id"), Alias::new("expert_account_id")]);
    for &expert in experts {
        insert.values_panic([case_id.into(), expert.into()]);
    }
    conn.execute(&insert).await?;
    Ok(())
}

/// The experts a case's record (its JSON) assigns (`experts[].expert`), as [`account_ids`].
fn assigned_in_record(case_json: &str) -> Vec<i64> {
    let value: serde_json::Value = serde_json::from_str(case_json).unwrap_or_default();
    account_ids(
        value
            .get("experts")
            .and_then(serde_json::Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(|a| a.get("expert")?.as_str()),
    )
}

#[cfg(test)]
mod tests {
    use super::assigned_in_record;

    #[test]
    fn the_assigned_experts_are_read_from_the_case_record() {
        let json = r#"{"experts":[{"expert":"7","score":80},{"expert":"3"},{"expert":"7"}],"state":"draft"}"#;
        assert_eq!(assigned_in_record(json), [3, 7]);
        assert!(assigned_in_record(r#"{"experts":[]}"#).is_empty());
        assert!(assigned_in_record("{}").is_empty());
    }
}
