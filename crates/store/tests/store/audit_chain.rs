//! The hash chain: intact after writes; an edited, re-hashed, deleted or truncated entry is
//! found and named; a rolled-back transaction leaves no entry.

use store::audit::{self, ChainBreak};

use crate::harness::org;
use testkit::{TestDb, both_backends};

both_backends!(
    chain_holds_after_writes,
    edited_entry_is_found,
    edited_and_rehashed_entry_is_found,
    deleted_entry_is_found,
    deleted_tail_is_found,
    rolled_back_change_leaves_no_entry,
    migrations_apply_once,
    a_batch_appends_the_same_chain,
);

async fn three(db: &TestDb) -> store::Store {
    let s = db.open().await;
    for n in 1..=3 {
        org(&s, n).await;
    }
    s
}

async fn chain_holds_after_writes(db: TestDb) {
    let s = three(&db).await;
    let report = audit::verify(s.db()).await.unwrap();
    assert!(report.is_intact(), "{:?}", report.first_break);
    assert_eq!(report.entries, 3);
    let trail = audit::trail(s.db(), "organisation", "2").await.unwrap();
    assert_eq!(trail.len(), 1);
    assert_eq!(trail[0].action, "create");
    assert_eq!(trail[0].seq, 2);
    assert!(
        trail[0]
            .after
            .as_deref()
            .unwrap()
            .contains("朔州市第2众创空间")
    );
    // Reopened, the chain reads and verifies the same (times and JSON survive the round trip).
    drop(s);
    let s = db.open().await;
    assert!(audit::verify(s.db()).await.unwrap().is_intact());
}

async fn a_batch_appends_the_same_chain(db: TestDb) {
    // The tick's batch append: one transaction, several entries, each linked to the one before,
    // after entries written one by one; a rolled-back batch leaves nothing.
    let s = three(&db).await;
    let entry = |n: i64| {
        store::NewAuditEntry::new(&crate::harness::clerk(), "space", n, "expire")
            .with_reason(format!("第{n}项"))
    };
    let tx = s.begin().await.unwrap();
    tx.audit_all(vec![entry(7), entry(8)]).await.unwrap();
    tx.rollback().await.unwrap();
    assert_eq!(audit::verify(s.db()).await.unwrap().entries, 3);
    let tx = s.begin().await.unwrap();
    let written = tx.audit_all((1..=4).map(entry).collect()).await.unwrap();
    tx.audit(entry(5)).await.unwrap();
    tx.commit().await.unwrap();
    assert_eq!(
        written.iter().map(|r| r.seq).collect::<Vec<_>>(),
        [4, 5, 6, 7]
    );
    assert!(written.windows(2).all(|w| w[1].prev_hash == w[0].hash));
    let report = audit::verify(s.db()).await.unwrap();
    assert!(report.is_intact(), "{:?}", report.first_break);
    assert_eq!(report.entries, 8);
    let trail = audit::trail(s.db(), "space", "3").await.unwrap();
    assert_eq!(trail[0].reason.as_deref(), Some("第3项"));
    assert_eq!(trail[0].seq, 6);
    let tx = s.begin().await.unwrap();
    assert!(tx.audit_all(Vec::new()).await.unwrap().is_empty());
    tx.commit().await.unwrap();
    assert_eq!(audit::verify(s.db()).await.unwrap().entries, 8);
}

async fn edited_entry_is_found(db: TestDb) {
    let s = three(&db).await;
    db.raw(&s, "UPDATE audit_entry SET reason = '无' WHERE seq = 2")
        .await;
    let report = audit::verify(s.db()).await.unwrap();
    let b = report.first_break.unwrap();
    assert!(matches!(b, ChainBreak::Edited { seq: 2, .. }), "{b:?}");
    assert!(b.to_string().starts_with("第 2 条审计记录被改动"), "{b}");
}

async fn edited_and_rehashed_entry_is_found(db: TestDb) {
    let s = three(&db).await;
    let mut e = audit::trail(s.db(), "organisation", "2")
        .await
        .unwrap()
        .remove(0);
    e.actor.id = "999".into();
    let forged = audit::entry_hash(&e);
    db.raw(
        &s,
        &format!("UPDATE audit_entry SET actor_id = '999', hash = '{forged}' WHERE seq = 2"),
    )
    .await;
    let b = audit::verify(s.db()).await.unwrap().first_break.unwrap();
    assert!(matches!(b, ChainBreak::Relinked { seq: 3, .. }), "{b:?}");
}

async fn deleted_entry_is_found(db: TestDb) {
    let s = three(&db).await;
    db.raw(&s, "DELETE FROM audit_entry WHERE seq = 2").await;
    let b = audit::verify(s.db()).await.unwrap().first_break.unwrap();
    assert_eq!(b, ChainBreak::Deleted { from: 2, to: 2 });
    assert_eq!(b.to_string(), "第 2 条审计记录缺失（已被删除）");
}

async fn deleted_tail_is_found(db: TestDb) {
    let s = three(&db).await;
    db.raw(&s, "DELETE FROM audit_entry WHERE seq = 3").await;
    let b = audit::verify(s.db()).await.unwrap().first_break.unwrap();
    assert_eq!(
        b,
        ChainBreak::TailDeleted {
            head_seq: 3,
            last_seq: 2
        }
    );
}

async fn rolled_back_change_leaves_no_entry(db: TestDb) {
    let s = db.open().await;
    org(&s, 1).await;
    {
        let tx = s.begin().await.unwrap();
        store::organisation::create(
            &tx,
            &crate::harness::clerk(),
            store::NewOrganisation {
                credit_code: crate::harness::code(2),
                name: "回滚的单位".into(),
                region_code: None,
            },
        )
        .await
        .unwrap();
        tx.rollback().await.unwrap();
    }
    {
        // Dropped without commit: the same.
        let tx = s.begin().await.unwrap();
        tx.audit(store::NewAuditEntry::new(
            &crate::harness::clerk(),
            "case",
            1,
            "submit",
        ))
        .await
        .unwrap();
    }
    assert_eq!(db.count(&s, "organisation").await, 1);
    assert_eq!(db.count(&s, "audit_entry").await, 1);
    org(&s, 3).await;
    let report = audit::verify(s.db()).await.unwrap();
    assert!(report.is_intact(), "{:?}", report.first_break);
    assert_eq!(report.entries, 2);
}

async fn migrations_apply_once(db: TestDb) {
    let s = db.open().await;
    assert!(s.migrate().await.unwrap().is_empty());
    drop(s);
    let s = db.open().await;
    assert!(s.migrate().await.unwrap().is_empty());
}
