//! Optimistic concurrency and concurrent appends.

use store::StoreError;

use crate::harness::{clerk, org};
use testkit::{TestDb, both_backends};

both_backends!(
    stale_version_is_a_conflict_and_changes_nothing,
    concurrent_writers_keep_one_chain,
    concurrent_commits_and_rollbacks_keep_exactly_the_committed
);

async fn stale_version_is_a_conflict_and_changes_nothing(db: TestDb) {
    let s = db.open().await;
    let o = org(&s, 1).await;
    let tx = s.begin().await.unwrap();
    let renamed = store::organisation::rename(&tx, &clerk(), o.id, o.version, "新名称", "更名")
        .await
        .unwrap();
    tx.commit().await.unwrap();
    assert_eq!(renamed.version, 2);
    // A second clerk still holds version 1.
    let tx = s.begin().await.unwrap();
    let err = store::organisation::rename(&tx, &clerk(), o.id, o.version, "过时的名称", "更名")
        .await
        .unwrap_err();
    drop(tx);
    match &err {
        StoreError::Conflict {
            expected, current, ..
        } => assert_eq!((*expected, *current), (1, 2)),
        other => panic!("{other:?}"),
    }
    assert!(err.to_string().contains("当前版本为 2"), "{err}");
    let now = store::organisation::get(s.db(), o.id).await.unwrap();
    assert_eq!((now.name.as_str(), now.version), ("新名称", 2));
    assert_eq!(db.count(&s, "audit_entry").await, 2);
    // A missing row is NotFound, not a conflict.
    let tx = s.begin().await.unwrap();
    let err = store::organisation::rename(&tx, &clerk(), 999, 1, "x", "y")
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::NotFound { .. }), "{err:?}");
}

async fn concurrent_writers_keep_one_chain(db: TestDb) {
    let s = db.open().await;
    let mut tasks = Vec::new();
    for w in 0..4u32 {
        let s = s.clone();
        tasks.push(tokio::spawn(async move {
            for i in 0..10u32 {
                let tx = s.begin().await.unwrap();
                tx.audit(store::NewAuditEntry::new(
                    &clerk(),
                    "case",
                    w * 100 + i,
                    "submit",
                ))
                .await
                .unwrap();
                tx.commit().await.unwrap();
            }
        }));
    }
    for t in tasks {
        t.await.unwrap();
    }
    let report = store::audit::verify(s.db()).await.unwrap();
    assert!(report.is_intact(), "{:?}", report.first_break);
    assert_eq!(report.entries, 40);
}

/// Many writers at once, every third giving up after writing: on SQLite their commits share
/// fsyncs (group commit), and a writer that gives up must take nothing of the others with it,
/// nor leave anything of its own. Read back from a fresh pool on the same database.
async fn concurrent_commits_and_rollbacks_keep_exactly_the_committed(db: TestDb) {
    let s = db.open().await;
    let mut tasks = Vec::new();
    for n in 0..60u32 {
        let s = s.clone();
        tasks.push(tokio::spawn(async move {
            let tx = s.begin().await.unwrap();
            let o = store::organisation::create(
                &tx,
                &clerk(),
                store::NewOrganisation {
                    credit_code: crate::harness::code(1000 + n),
                    name: format!("并发测试单位{n}"),
                    region_code: None,
                },
            )
            .await
            .unwrap();
            if n % 3 == 0 {
                drop(tx);
                None
            } else {
                tx.commit().await.unwrap();
                Some(o.id)
            }
        }));
    }
    let mut committed = Vec::new();
    for t in tasks {
        committed.extend(t.await.unwrap());
    }
    assert_eq!(committed.len(), 40);
    let again = db.open().await;
    for id in &committed {
        store::organisation::get(again.db(), *id).await.unwrap();
    }
    assert_eq!(db.count(&again, "organisation").await, 40);
    let report = store::audit::verify(again.db()).await.unwrap();
    assert!(report.is_intact(), "{:?}", report.first_break);
    assert_eq!(report.entries, 40);
}
