//! A change and its audit entry sent to SQLite in one round trip (`Store::change_in_one_trip`):
//! all or nothing, one chain with the ordinary transactions, another process's writes noticed.

use sea_orm::sea_query::{Expr, UpdateStatement};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryTrait};
use store::entity::organisation::{self, Column};
use store::{Backend, NewAuditEntry, Store, StoreError};

use crate::harness::{clerk, code, org};
use testkit::{TestDb, both_backends};

both_backends!(a_change_in_one_trip_is_saved_and_audited_on_sqlite_only);
testkit::sqlite_only!(
    a_condition_that_no_longer_holds_changes_nothing,
    another_process_writing_first_is_noticed,
    a_failing_statement_is_rolled_back_and_the_writer_goes_on,
    a_caller_that_goes_away_leaves_the_change_whole_or_absent
);

/// Renames organisation `id` read at `version`, as an update for [`Store::change_in_one_trip`].
fn rename(
    id: i64,
    version: i64,
    name: &str,
) -> impl FnOnce(jiff::Timestamp) -> UpdateStatement + Send + use<> {
    let update = store::version::versioned(
        organisation::Entity::update_many().col_expr(Column::Name, Expr::value(name)),
        Column::Id,
        Column::Version,
        id,
        version,
    );
    move |now| {
        update
            .col_expr(Column::UpdatedAt, Expr::value(store::time::to_chrono(now)))
            .into_query()
    }
}

/// The same rename as an ordinary transaction.
async fn rename_ordinarily(s: &Store, id: i64, version: i64, name: &str) {
    let tx = s.begin().await.unwrap();
    store::organisation::rename(&tx, &clerk(), id, version, name, "更名")
        .await
        .unwrap();
    tx.commit().await.unwrap();
}

fn entry(id: i64) -> NewAuditEntry {
    NewAuditEntry::new(&clerk(), "organisation", id, "rename").with_reason("更名")
}

async fn name_and_version(s: &Store, id: i64) -> (String, i64) {
    let o = organisation::Entity::find()
        .filter(Column::Id.eq(id))
        .one(s.db())
        .await
        .unwrap()
        .unwrap();
    (o.name, o.version)
}

async fn intact(s: &Store) -> u64 {
    let report = store::audit::verify(s.db()).await.unwrap();
    assert!(report.is_intact(), "{:?}", report.first_break);
    report.entries
}

async fn a_change_in_one_trip_is_saved_and_audited_on_sqlite_only(db: TestDb) {
    let s = db.open().await;
    let o = org(&s, 1).await;
    let before = intact(&s).await;
    let saved = s
        .change_in_one_trip(rename(o.id, o.version, "新名称"), entry(o.id))
        .await
        .unwrap();
    if s.backend() == Backend::Postgres {
        // Not offered there: nothing is done, and the caller acts the ordinary way.
        assert!(!s.one_trip_available());
        assert_eq!(saved, None);
        assert_eq!(name_and_version(&s, o.id).await, (o.name.clone(), 1));
        assert_eq!(intact(&s).await, before);
        return;
    }
    let record = saved.expect("applied");
    assert_eq!(record.seq as u64, before + 1);
    assert_eq!(record.action, "rename");
    assert_eq!(name_and_version(&s, o.id).await, ("新名称".into(), 2));
    let row = store::organisation::get(s.db(), o.id).await.unwrap();
    assert_eq!(row.updated_at, record.at);
    // The next one goes on from the head it left; an ordinary transaction after it too.
    let again = s
        .change_in_one_trip(rename(o.id, 2, "再次更名"), entry(o.id))
        .await
        .unwrap()
        .expect("applied");
    assert_eq!(again.prev_hash, record.hash);
    rename_ordinarily(&s, o.id, 3, "第三个名称").await;
    s.change_in_one_trip(rename(o.id, 4, "第四个名称"), entry(o.id))
        .await
        .unwrap()
        .expect("applied after an ordinary transaction");
    assert_eq!(intact(&s).await, before + 4);
    assert_eq!(name_and_version(&s, o.id).await, ("第四个名称".into(), 5));
}

async fn a_condition_that_no_longer_holds_changes_nothing(db: TestDb) {
    let s = db.open().await;
    let o = org(&s, 1).await;
    let before = intact(&s).await;
    // Read at version 1, but another clerk renamed it meanwhile.
    rename_ordinarily(&s, o.id, 1, "他人的更名").await;
    let stale = s
        .change_in_one_trip(rename(o.id, 1, "过时的更名"), entry(o.id))
        .await
        .unwrap();
    assert_eq!(stale, None);
    assert_eq!(name_and_version(&s, o.id).await, ("他人的更名".into(), 2));
    assert_eq!(intact(&s).await, before + 1);
    s.change_in_one_trip(rename(o.id, 2, "新名称"), entry(o.id))
        .await
        .unwrap()
        .expect("applied at the current version");
    assert_eq!(intact(&s).await, before + 2);
}

/// Another process (here a second store on the same file, with connections of its own) appends
/// to the chain after this one last moved its head: the batch notices (the writer connection's
/// data version moved), changes nothing, and the next one reads the head again.
async fn another_process_writing_first_is_noticed(db: TestDb) {
    let s = db.open().await;
    let o = org(&s, 1).await;
    s.change_in_one_trip(rename(o.id, 1, "本进程的更名"), entry(o.id))
        .await
        .unwrap()
        .expect("applied");
    let other = Store::open(&db.config).await.unwrap();
    rename_ordinarily(&other, o.id, 2, "另一进程的更名").await;
    other.close().await.unwrap();
    let before = intact(&s).await;
    let noticed = s
        .change_in_one_trip(rename(o.id, 3, "依据过时链头"), entry(o.id))
        .await
        .unwrap();
    assert_eq!(noticed, None);
    assert_eq!(name_and_version(&s, o.id).await.1, 3);
    assert_eq!(intact(&s).await, before);
    let record = s
        .change_in_one_trip(rename(o.id, 3, "链头重读后"), entry(o.id))
        .await
        .unwrap()
        .expect("applied after reading the head again");
    assert_eq!(record.seq as u64, before + 1);
    assert_eq!(intact(&s).await, before + 1);
}

/// A statement of the batch fails (the new name's row breaks a unique column): the error is
/// the database's, nothing of the batch stays, and the writer connection is not left inside
/// the batch's transaction (an ordinary transaction and another batch go through).
async fn a_failing_statement_is_rolled_back_and_the_writer_goes_on(db: TestDb) {
    let s = db.open().await;
    let a = org(&s, 1).await;
    let b = org(&s, 2).await;
    let before = intact(&s).await;
    let taken = code(1);
    let update = store::version::versioned(
        organisation::Entity::update_many().col_expr(Column::CreditCode, Expr::value(taken)),
        Column::Id,
        Column::Version,
        b.id,
        1,
    );
    let err = s
        .change_in_one_trip(move |_| update.into_query(), entry(b.id))
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::Database(_)), "{err:?}");
    assert_eq!(
        store::organisation::get(s.db(), b.id)
            .await
            .unwrap()
            .credit_code,
        code(2)
    );
    assert_eq!(intact(&s).await, before);
    rename_ordinarily(&s, a.id, 1, "新名称").await;
    s.change_in_one_trip(rename(b.id, 1, "新名称乙"), entry(b.id))
        .await
        .unwrap()
        .expect("applied");
    assert_eq!(intact(&s).await, before + 2);
}

/// Callers that go away at any point (a client that disconnects): each change is either saved
/// with its audit entry or not at all, and the store goes on.
async fn a_caller_that_goes_away_leaves_the_change_whole_or_absent(db: TestDb) {
    let s = db.open().await;
    let o = org(&s, 1).await;
    let before = intact(&s).await;
    for i in 0..20 {
        let version = name_and_version(&s, o.id).await.1;
        let s2 = s.clone();
        let caller = tokio::spawn(async move {
            s2.change_in_one_trip(rename(o.id, version, &format!("名称{i}")), entry(o.id))
                .await
        });
        for _ in 0..i % 4 {
            tokio::task::yield_now().await;
        }
        caller.abort();
        let _ = caller.await;
    }
    // A batch already sent finishes on its own; give those time to.
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    s.begin().await.unwrap().rollback().await.unwrap();
    let (_, version) = name_and_version(&s, o.id).await;
    let renames = intact(&s).await - before;
    assert_eq!(
        renames as i64,
        version - 1,
        "every rename audited, every entry a rename"
    );
}
