//! What a queue line shows of a case beside its state and stage, repeated from the case's record
//! as columns of `case` (`stage_since`, `notice_starts_on`, `notice_ends_on`, `objections`,
//! `open_objections`): the workbench's and the notices' lines are then read from one query, and
//! the notices open on a day selected in the database. Written by the case service on every
//! save from the record it saves ([`QueueColumns::of_record`]), and rebuilt from the records by
//! the migration that added them, or by anyone who doubts them ([`rebuild`]).

use chrono::NaiveDate;
use sea_orm::sea_query::{Alias, Expr, ExprTrait, Query};
use sea_orm::{ConnectionTrait, DbErr};
use serde_json::Value;

/// A case's queue columns.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct QueueColumns {
    /// The day the case reached its stage, while it is at one.
    pub stage_since: Option<NaiveDate>,
    /// Its public notice period (first and last day), once published.
    pub notice: Option<(NaiveDate, NaiveDate)>,
    /// Objections raised against it.
    pub objections: i32,
    /// Of those, the ones not yet ruled on.
    pub open_objections: i32,
}

impl QueueColumns {
    /// The columns of a case's record (its canonical JSON, as the `case_json` column holds it);
    /// a record without a field gives that column's empty value.
    pub fn of_record(case_json: &str) -> Self {
        let record: Value = serde_json::from_str(case_json).unwrap_or_default();
        let date = |v: &Value| v.as_str().and_then(|s| s.parse::<NaiveDate>().ok());
        let state = &record["state"];
        let stage_since = (state["state"] == "at_stage")
            .then(|| date(&state["since"]))
            .flatten();
        let notice = &record["notice"];
        let notice = date(&notice["starts_on"]).zip(date(&notice["ends_on"]));
        let objections = record["objections"]
            .as_array()
            .map_or(&[][..], Vec::as_slice);
        let count = |n: usize| i32::try_from(n).unwrap_or(i32::MAX);
        Self {
            stage_since,
            notice,
            objections: count(objections.len()),
            open_objections: count(
                objections
                    .iter()
                    .filter(|o| Value::is_null(&o["ruling"]))
                    .count(),
            ),
        }
    }

    /// The columns and their values, to set on a row of `case`.
    pub fn values(&self) -> [(Alias, Expr); 5] {
        [
            (Alias::new("stage_since"), Expr::val(self.stage_since)),
            (
                Alias::new("notice_starts_on"),
                Expr::val(self.notice.map(|n| n.0)),
            ),
            (
                Alias::new("notice_ends_on"),
                Expr::val(self.notice.map(|n| n.1)),
            ),
            (Alias::new("objections"), Expr::val(self.objections)),
            (
                Alias::new("open_objections"),
                Expr::val(self.open_objections),
            ),
        ]
    }
}

/// Rewrites every case's queue columns from its record; returns the number of cases.
pub async fn rebuild(conn: &impl ConnectionTrait) -> Result<u64, DbErr> {
    let mut updated = 0;
    let mut pages = crate::case_records::Pages::default();
    while let Some(page) = pages.next(conn).await? {
        for (id, json) in page {
            let mut update = Query::update();
            update
                .table(Alias::new("case"))
                .values(QueueColumns::of_record(&json).values())
                .and_where(Expr::col(Alias::new("id")).eq(id));
            conn.execute(&update).await?;
            updated += 1;
        }
    }
    Ok(updated)
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::QueueColumns;

    fn day(s: &str) -> NaiveDate {
        s.parse().expect("a date")
    }

    #[test]
    fn a_case_in_its_notice_with_one_objection_ruled_and_one_open() {
        let record = r#"{
            "state": {"state": "at_stage", "stage": "notice", "since": "2024-05-06"},
            "notice": {"starts_on": "2024-05-06", "ends_on": "2024-05-12"},
            "objections": [
                {"raised_on": "2024-05-07", "ruling": {"upheld": false}},
                {"raised_on": "2024-05-08", "ruling": null}
            ]
        }"#;
        assert_eq!(
            QueueColumns::of_record(record),
            QueueColumns {
                stage_since: Some(day("2024-05-06")),
                notice: Some((day("2024-05-06"), day("2024-05-12"))),
                objections: 2,
                open_objections: 1,
            }
        );
    }

    #[test]
    fn a_case_no_longer_at_a_stage_keeps_its_notice_but_no_stage_day() {
        let record = r#"{
            "state": {"state": "recognised"},
            "notice": {"starts_on": "2024-05-06", "ends_on": "2024-05-12"}
        }"#;
        let c = QueueColumns::of_record(record);
        assert_eq!(c.stage_since, None);
        assert_eq!(c.notice, Some((day("2024-05-06"), day("2024-05-12"))));
        assert_eq!(QueueColumns::of_record("{}"), QueueColumns::default());
    }
}
