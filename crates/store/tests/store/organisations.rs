//! Organisations: credit codes validated, duplicates refused, nothing written on refusal.

use store::{CreditCodeError, NewOrganisation, StoreError};

use crate::harness::{clerk, code, org};
use testkit::{TestDb, both_backends};

both_backends!(
    valid_codes_are_stored,
    invalid_codes_are_refused_and_nothing_written,
    duplicate_code_is_refused
);

async fn valid_codes_are_stored(db: TestDb) {
    let s = db.open().await;
    let o = org(&s, 42).await;
    assert_eq!(o.credit_code, code(42));
    assert_eq!(o.version, 1);
    let tx = s.begin().await.unwrap();
    // Lower case and spaces as typed on a form are accepted and normalised.
    let published = store::organisation::create(
        &tx,
        &clerk(),
        NewOrganisation {
            credit_code: " 91350100m000100y43 ".into(),
            name: "福州示例企业".into(),
            region_code: None,
        },
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    assert_eq!(published.credit_code, "91350100M000100Y43");
    let code = store::CreditCode::parse("91350100M000100Y43").unwrap();
    let found = store::organisation::find_by_credit_code(s.db(), &code)
        .await
        .unwrap();
    assert_eq!(found.unwrap().id, published.id);
}

async fn invalid_codes_are_refused_and_nothing_written(db: TestDb) {
    let s = db.open().await;
    let good = code(7);
    let wrong_check = format!(
        "{}{}",
        &good[..17],
        if good.ends_with('0') { '1' } else { '0' }
    );
    for (input, expect) in [
        (wrong_check.as_str(), "第 18 位（校验码）应为"),
        ("91140600000000O7X4", "第 15 位「O」不是允许的字符"),
        ("9114060000000007", "应为 18 位"),
    ] {
        let tx = s.begin().await.unwrap();
        let err = store::organisation::create(
            &tx,
            &clerk(),
            NewOrganisation {
                credit_code: input.into(),
                name: "某单位".into(),
                region_code: None,
            },
        )
        .await
        .unwrap_err();
        drop(tx);
        assert!(matches!(err, StoreError::CreditCode(_)), "{err:?}");
        let msg = err.to_string();
        assert!(
            msg.starts_with("字段「统一社会信用代码」：统一社会信用代码"),
            "{msg}"
        );
        assert!(msg.contains(expect), "{input}: {msg}");
    }
    assert!(matches!(
        store::CreditCode::parse(&wrong_check),
        Err(CreditCodeError::Check { .. })
    ));
    assert_eq!(db.count(&s, "organisation").await, 0);
    assert_eq!(db.count(&s, "audit_entry").await, 0);
}

async fn duplicate_code_is_refused(db: TestDb) {
    let s = db.open().await;
    org(&s, 1).await;
    let tx = s.begin().await.unwrap();
    let err = store::organisation::create(
        &tx,
        &clerk(),
        NewOrganisation {
            credit_code: code(1),
            name: "另一家".into(),
            region_code: None,
        },
    )
    .await
    .unwrap_err();
    assert!(
        matches!(&err, StoreError::Duplicate { field: "统一社会信用代码", value } if *value == code(1)),
        "{err:?}"
    );
    drop(tx);
    assert_eq!(db.count(&s, "organisation").await, 1);
    assert_eq!(db.count(&s, "audit_entry").await, 1);
}
