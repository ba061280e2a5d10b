//! What a submission is judged on, as read from the store: the system's calls for its measure,
//! the applicant's other submissions under the measure, and the fraud findings against the
//! applicant; and the condition that holds only while all of it is as read, for a submission
//! judged before its write transaction ([`store::Store::change_in_one_trip`]).

use chrono::NaiveDate;
use jiff::civil::Date;
use policy::model::Call;
use store::entity::{call, case, fraud_finding, organisation};
use store::sea_orm::sea_query::{
    Asterisk, Expr, ExprTrait, Func, Query, SelectStatement, UnionType,
};
use store::sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, DbBackend, EntityTrait, QuerySelect,
};
use workflow::case::CaseId;

use crate::dates::from_col;
use crate::error::Result;

/// What a submission of one case is judged on.
#[derive(Debug, Clone)]
pub(crate) struct SubmissionFacts {
    /// The calls the authority opened in the system for the measure.
    pub calls: Vec<Call>,
    /// The applicant's other submitted cases under the measure (withdrawn ones not counted),
    /// with the day each was submitted.
    pub others: Vec<(CaseId, Date)>,
    /// The days of the fraud findings against the applicant.
    pub fraud: Vec<Date>,
    /// The other submissions as stored (id, day submitted).
    other_rows: Vec<(i64, NaiveDate)>,
}

impl SubmissionFacts {
    /// Reads them for the case `row` in one statement (a union of the three; each statement on
    /// SQLite is a hand-off to its connection's thread and back, and a submission makes few
    /// else). On PostgreSQL, inside a transaction, the applicant's row is locked first, so that
    /// two submissions of one applicant are judged one after the other (each seeing the other
    /// if it was saved first); on SQLite the writer lock, or the condition of
    /// [`SubmissionFacts::unchanged`], does that.
    pub(crate) async fn read(conn: &impl ConnectionTrait, row: &case::Model) -> Result<Self> {
        const OTHER_CASE: i32 = 0;
        const FRAUD: i32 = 1;
        const CALL: i32 = 2;
        if conn.get_database_backend() == DbBackend::Postgres {
            organisation::Entity::find_by_id(row.applicant_org_id)
                .select_only()
                .column(organisation::Column::Id)
                .lock_exclusive()
                .into_tuple::<i64>()
                .one(conn)
                .await?;
        }
        // The columns: kind, a case's or finding's id, its day (or the call's deadline), then
        // the call's id, title, year and first day. The calls come first: PostgreSQL types a
        // union's columns pair by pair, and a column of NULLs on both sides would be text.
        let none = || Expr::cust("NULL");
        let mut all = calls_for(row);
        all.expr(Expr::cust(CALL.to_string()))
            .expr(none())
            .columns([
                call::Column::Deadline,
                call::Column::Id,
                call::Column::Title,
                call::Column::Year,
                call::Column::OpensOn,
            ]);
        let mut cases = other_submissions(row);
        cases
            .expr(Expr::cust(OTHER_CASE.to_string()))
            .columns([case::Column::Id, case::Column::SubmittedOn])
            .exprs([none(), none(), none(), none()]);
        let mut findings = findings_against(row);
        findings
            .expr(Expr::cust(FRAUD.to_string()))
            .columns([fraud_finding::Column::Id, fraud_finding::Column::FoundOn])
            .exprs([none(), none(), none(), none()]);
        all.union(UnionType::All, cases)
            .union(UnionType::All, findings);
        let (mut calls, mut others, mut fraud, mut other_rows) =
            (Vec::new(), Vec::new(), Vec::new(), Vec::new());
        for r in conn.query_all(&all).await? {
            let kind: i32 = r.try_get_by_index(0)?;
            let on: NaiveDate = r.try_get_by_index(2)?;
            match kind {
                CALL => calls.push(crate::calls::call_of(
                    r.try_get_by_index(3)?,
                    r.try_get_by_index(4)?,
                    r.try_get_by_index(5)?,
                    r.try_get_by_index::<Option<NaiveDate>>(6)?.map(from_col),
                    from_col(on),
                )),
                FRAUD => fraud.push(from_col(on)),
                _ => {
                    let id: i64 = r.try_get_by_index(1)?;
                    others.push((CaseId(id.to_string()), from_col(on)));
                    other_rows.push((id, on));
                }
            }
        }
        Ok(Self {
            calls,
            others,
            fraud,
            other_rows,
        })
    }

    /// A condition (for the case's `UPDATE`) that holds only while these are still the calls,
    /// submissions and findings the store holds for `row`. Calls and findings are only ever
    /// added, so their number says whether they changed; a submission can be withdrawn or made
    /// again, so each one read must still be there with its day, and no other.
    pub(crate) fn unchanged(&self, row: &case::Model) -> Condition {
        let mut same = Condition::all()
            .add(count_is(calls_for(row), self.calls.len()))
            .add(count_is(findings_against(row), self.fraud.len()))
            .add(count_is(other_submissions(row), self.other_rows.len()));
        if !self.other_rows.is_empty() {
            let each = self
                .other_rows
                .iter()
                .fold(Condition::any(), |any, (id, on)| {
                    any.add(
                        Condition::all()
                            .add(case::Column::Id.eq(*id))
                            .add(case::Column::SubmittedOn.eq(*on)),
                    )
                });
            let mut still_there = other_submissions(row);
            still_there.cond_where(each);
            same = same.add(count_is(still_there, self.other_rows.len()));
        }
        same
    }
}

// The three selections below are built with no column selected, for the caller to choose: a
// sea-orm `Entity::find()` would first list every column of the entity, to be dropped again
// (measured: a tenth of a submission's instructions went on building these statements).

/// The applicant's other submitted cases under the measure of `row`, withdrawn ones not counted.
fn other_submissions(row: &case::Model) -> SelectStatement {
    let mut q = Query::select();
    q.from(case::Entity)
        .and_where(case::Column::ApplicantOrgId.eq(row.applicant_org_id))
        .and_where(case::Column::Measure.eq(row.measure.as_str()))
        .and_where(case::Column::Id.ne(row.id))
        .and_where(case::Column::SubmittedOn.is_not_null())
        .and_where(case::Column::StateKind.ne("withdrawn"));
    q
}

/// The calls opened in the system for the measure of `row`.
fn calls_for(row: &case::Model) -> SelectStatement {
    let mut q = Query::select();
    q.from(call::Entity)
        .and_where(call::Column::Measure.eq(row.measure.as_str()));
    q
}

/// The fraud findings against the applicant of `row`.
fn findings_against(row: &case::Model) -> SelectStatement {
    let mut q = Query::select();
    q.from(fraud_finding::Entity)
        .and_where(fraud_finding::Column::OrgId.eq(row.applicant_org_id));
    q
}

/// `(SELECT count(*) …) = n` for the rows `rows` selects.
fn count_is(mut rows: SelectStatement, n: usize) -> Expr {
    rows.expr(Func::count(Expr::col(Asterisk)));
    ExprTrait::eq(Expr::SubQuery(None, Box::new(rows.into())), n as i64)
}
