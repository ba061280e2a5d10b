//! Accounts and roles.

use store::{AccountRole, NewAccount, StoreError};

use crate::harness::{clerk, org};
use testkit::{TestDb, both_backends};

both_backends!(accounts_with_roles, recommending_unit_needs_its_area);

async fn accounts_with_roles(db: TestDb) {
    let s = db.open().await;
    let o = org(&s, 1).await;
    let tx = s.begin().await.unwrap();
    let a = store::account::create(
        &tx,
        &clerk(),
        NewAccount {
            name: "张三".into(),
            role: AccountRole::Applicant,
            region_code: None,
            organisation_id: Some(o.id),
        },
    )
    .await
    .unwrap();
    let r = store::account::create(
        &tx,
        &clerk(),
        NewAccount {
            name: "朔州市教育局".into(),
            role: AccountRole::RecommendingUnit,
            region_code: Some("140600".into()),
            organisation_id: None,
        },
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    assert_eq!(store::account::get(s.db(), a.id).await.unwrap(), a);
    let units = store::account::list_by_role(s.db(), AccountRole::RecommendingUnit)
        .await
        .unwrap();
    assert_eq!(units, vec![r.clone()]);
    assert_eq!(
        r.actor(),
        store::Actor::new(r.id.to_string(), "recommending_unit")
    );
    let tx = s.begin().await.unwrap();
    let err = store::account::create(
        &tx,
        &clerk(),
        NewAccount {
            name: "李四".into(),
            role: AccountRole::Expert,
            region_code: None,
            organisation_id: Some(999),
        },
    )
    .await
    .unwrap_err();
    assert!(matches!(err, StoreError::NotFound { .. }), "{err:?}");
}

async fn recommending_unit_needs_its_area(db: TestDb) {
    let s = db.open().await;
    let tx = s.begin().await.unwrap();
    for (region, expect) in [
        (None, "推荐单位辖区"),
        (Some("1406"), "「1406」不是 6 位数字"),
    ] {
        let err = store::account::create(
            &tx,
            &clerk(),
            NewAccount {
                name: "某区科技局".into(),
                role: AccountRole::RecommendingUnit,
                region_code: region.map(str::to_owned),
                organisation_id: None,
            },
        )
        .await
        .unwrap_err();
        assert!(err.to_string().contains(expect), "{err}");
    }
    drop(tx);
    assert_eq!(db.count(&s, "account").await, 0);
}
