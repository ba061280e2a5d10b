//! The register out and in: CSV with a BOM and JSON; an import is all or nothing.

use casework::CaseworkError;
use casework::transfer::{self, BOM, RegisterEntry};
use jiff::civil::date;
use workflow::lifecycle::SpaceStatus;

use crate::world::{World, admin, code};
use testkit::TestDb;
use testkit::both_backends;

both_backends!(
    export_and_import_round_trip,
    an_invalid_import_changes_nothing
);

async fn export_and_import_round_trip(db: TestDb) {
    let w = World::new(&db).await;
    w.recognised("anshan-2020", "210302").await;
    let entries = w.cw.export(&Default::default()).await.unwrap();
    assert_eq!(entries.len(), 1);
    let csv = transfer::to_csv(&entries);
    assert!(csv.starts_with(BOM));
    assert!(csv.contains("统一社会信用代码"));
    let back = transfer::parse(&csv).unwrap();
    assert_eq!(back[0].credit_code, entries[0].credit_code);
    assert_eq!(back[0].status, SpaceStatus::Active);
    // Into a fresh store: organisations created, spaces entered.
    let db2 = TestDb::sqlite();
    let w2 = World::new(&db2).await;
    let ids = w2.cw.import(&admin(), &back).await.unwrap();
    assert_eq!(ids.len(), 1);
    let again = w2.cw.export(&Default::default()).await.unwrap();
    assert_eq!(again[0].name, entries[0].name);
    assert_eq!(again[0].recognised_on, entries[0].recognised_on);
    // Importing the same again: a duplicate of an active space, refused as a whole.
    assert!(matches!(
        w2.cw.import(&admin(), &back).await,
        Err(CaseworkError::Import { .. })
    ));
    w2.chain().await;
    w.chain().await;
}

async fn an_invalid_import_changes_nothing(db: TestDb) {
    let w = World::new(&db).await;
    let good = RegisterEntry {
        id: None,
        case_id: None,
        measure: "shuozhou-2016".into(),
        credit_code: code(901),
        org_name: "朔州市甲众创空间有限公司".into(),
        name: "甲众创空间".into(),
        region: "140602".into(),
        recognised_on: date(2021, 6, 1),
        valid_until: Some(date(2024, 6, 1)),
        status: SpaceStatus::Active,
        document_number: Some("朔科发〔2021〕5号".into()),
    };
    let mut bad = good.clone();
    bad.credit_code = "91140600MA0000000X".into();
    bad.measure = "nowhere-2020".into();
    let chain = w.chain().await;
    let err =
        w.cw.import(&admin(), &[good.clone(), bad])
            .await
            .unwrap_err();
    let CaseworkError::Import { errors } = &err else {
        panic!("{err}")
    };
    assert!(
        errors
            .iter()
            .any(|e| e.contains("第 2 条") && e.contains("统一社会信用代码")),
        "{errors:?}"
    );
    assert!(
        errors.iter().any(|e| e.contains("nowhere-2020")),
        "{errors:?}"
    );
    assert_eq!(w.chain().await, chain);
    assert_eq!(
        w.cw.register(&Default::default(), Default::default())
            .await
            .unwrap()
            .total,
        0
    );
    let ids = w.cw.import(&admin(), &[good]).await.unwrap();
    assert_eq!(ids.len(), 1);
    w.chain().await;
}
