//! The store tests' own helpers; the two-backend harness itself is `testkit`'s.

use store::Store;

/// An actor for tests.
pub fn clerk() -> store::Actor {
    store::Actor::new("7", "authority")
}

/// A valid credit code numbered `n` (computed, not copied).
pub fn code(n: u32) -> String {
    store::credit_code::complete(&format!("91140600{n:08}")).unwrap()
}

/// Creates an organisation numbered `n` in its own transaction.
pub async fn org(store: &Store, n: u32) -> store::Organisation {
    let tx = store.begin().await.unwrap();
    let o = store::organisation::create(
        &tx,
        &clerk(),
        store::NewOrganisation {
            credit_code: code(n),
            name: format!("朔州市第{n}众创空间运营有限公司"),
            region_code: Some("140600".into()),
        },
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    o
}
