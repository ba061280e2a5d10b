//! The register searched, sorted and paged in the database (`Casework::register_listing`): the
//! same order on SQLite and PostgreSQL (names by code point, ties by id), a plain substring
//! search (no LIKE wildcards), totals of the whole match and pages of it.

use casework::transfer::RegisterEntry;
use casework::{Page, RegisterListing, RegisterSort};
use jiff::civil::date;
use workflow::lifecycle::SpaceStatus;

use crate::world::{World, admin, code};
use testkit::TestDb;
use testkit::both_backends;

both_backends!(search_sort_and_page_in_the_database);

fn entry(n: u32, name: &str, day: i8) -> RegisterEntry {
    RegisterEntry {
        id: None,
        case_id: None,
        measure: "shuozhou-2016".into(),
        credit_code: code(700 + n),
        org_name: format!("朔州市运营单位{n}"),
        name: name.into(),
        region: "140602".into(),
        recognised_on: date(2021, 6, day),
        valid_until: Some(date(2024, 6, 1)),
        status: SpaceStatus::Active,
        document_number: None,
    }
}

async fn search_sort_and_page_in_the_database(db: TestDb) {
    let w = World::new(&db).await;
    // Names whose code-point order differs from a locale's ("Zeta" < "alpha" < "乙" < "甲").
    let entries = [
        entry(1, "甲众创空间", 3),
        entry(2, "alpha 空间", 1),
        entry(3, "Zeta 空间", 2),
        entry(4, "乙众创空间_%", 2),
    ];
    let ids = w.cw.import(&admin(), &entries).await.unwrap();
    let filter = Default::default();
    let names =
        |items: &[casework::SpaceRecord]| items.iter().map(|s| s.name.clone()).collect::<Vec<_>>();
    let by_name =
        w.cw.register_listing(
            &filter,
            &RegisterListing {
                sort: RegisterSort::Name,
                ..Default::default()
            },
            Page::ALL,
        )
        .await
        .unwrap();
    assert_eq!(
        names(&by_name.items),
        ["Zeta 空间", "alpha 空间", "乙众创空间_%", "甲众创空间"]
    );
    // Descending by date, ties (the 2nd) by id descending; the second page of two.
    let page =
        w.cw.register_listing(
            &filter,
            &RegisterListing {
                sort: RegisterSort::RecognisedOn,
                descending: true,
                ..Default::default()
            },
            Page {
                offset: 2,
                limit: 2,
            },
        )
        .await
        .unwrap();
    assert_eq!(page.total, 4);
    assert_eq!(
        page.items.iter().map(|s| s.id).collect::<Vec<_>>(),
        [ids[2], ids[1]]
    );
    // A substring, not a pattern: `_%` matches only the name that has those characters.
    let found =
        w.cw.register_listing(
            &filter,
            &RegisterListing {
                name_contains: Some("_%".into()),
                ..Default::default()
            },
            Page::ALL,
        )
        .await
        .unwrap();
    assert_eq!(found.total, 1);
    assert_eq!(names(&found.items), ["乙众创空间_%"]);
    let found =
        w.cw.register_listing(
            &filter,
            &RegisterListing {
                name_contains: Some("众创".into()),
                ..Default::default()
            },
            Page::ALL,
        )
        .await
        .unwrap();
    assert_eq!(found.total, 2);
    w.chain().await;
}
