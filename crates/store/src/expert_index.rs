//! The `case_expert` index rebuilt from the cases' records: by the migration that created it,
//! and by anyone who doubts it (it only repeats what each case's `experts` already says).

use sea_orm::sea_query::{Alias, Query};
use sea_orm::{ConnectionTrait, DbErr};

/// Rewrites `case_expert` from every case's record, in one transaction of the caller's choice;
/// returns the number of assignments indexed.
pub async fn rebuild(conn: &impl ConnectionTrait) -> Result<u64, DbErr> {
    let table = Alias::new("case_expert");
    conn.execute(&Query::delete().from_table(table.clone()).to_owned())
        .await?;
    let rows = conn
        .query_all(
            &Query::select()
                .columns([Alias::new("id"), Alias::new("case_json")])
                .from(Alias::new("case"))
                .to_owned(),
        )
        .await?;
    let mut indexed = 0;
    for row in rows {
        let id: i64 = row.try_get("", "id")?;
        let json: String = row.try_get("", "case_json")?;
        let experts = assigned_experts(&json);
        if experts.is_empty() {
            continue;
        }
        let mut insert = Query::insert();
        insert
            .into_table(table.clone())
            .columns([Alias::new("case_id"), Alias::new("expert_account_id")]);
        for &expert in &experts {
            insert.values_panic([id.into(), expert.into()]);
        }
        conn.execute(&insert).await?;
        indexed += experts.len() as u64;
    }
    Ok(indexed)
}

/// The expert account ids a case's record assigns (`experts[].expert`), each once, in order.
fn assigned_experts(case_json: &str) -> Vec<i64> {
    let value: serde_json::Value = serde_json::from_str(case_json).unwrap_or_default();
    let mut ids: Vec<i64> = value
        .get("experts")
        .and_then(serde_json::Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|a| a.get("expert")?.as_str()?.parse().ok())
        .collect();
    ids.sort_unstable();
    ids.dedup();
    ids
}

#[cfg(test)]
mod tests {
    use super::assigned_experts;

    #[test]
    fn the_assigned_experts_are_read_from_the_case_record() {
        let json = r#"{"experts":[{"expert":"7","score":80},{"expert":"3"},{"expert":"7"}],"state":"draft"}"#;
        assert_eq!(assigned_experts(json), [3, 7]);
        assert!(assigned_experts(r#"{"experts":[]}"#).is_empty());
        assert!(assigned_experts("{}").is_empty());
    }
}
