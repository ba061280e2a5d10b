//! Bearer tokens' last use, written behind the requests for many tokens at once.

use jiff::{SignedDuration, Timestamp};
use store::{AccountRole, NewAccount};

use crate::harness::clerk;
use testkit::{TestDb, both_backends};

both_backends!(uses_of_many_tokens_are_written_and_never_move_back);

/// More tokens than one statement takes, so the uses go in two statements; a use older than
/// the one stored leaves it as it is.
async fn uses_of_many_tokens_are_written_and_never_move_back(db: TestDb) {
    let s = db.open().await;
    let tx = s.begin().await.unwrap();
    let system = store::account::create(
        &tx,
        &clerk(),
        NewAccount {
            name: "省级平台".into(),
            role: AccountRole::Authority,
            region_code: None,
            organisation_id: None,
        },
    )
    .await
    .unwrap();
    let n = store::ROWS_PER_STATEMENT + 3;
    let mut ids = Vec::with_capacity(n);
    for i in 0..n {
        let t = store::api_token::create(
            &tx,
            &clerk(),
            system.id,
            &format!("系统{i}"),
            &format!("{i:064}"),
        )
        .await
        .unwrap();
        ids.push(t.id);
    }
    tx.commit().await.unwrap();
    let at = Timestamp::from_second(1_780_000_000).unwrap();
    let uses: Vec<_> = ids.iter().map(|id| (*id, at)).collect();
    store::api_token::touch_all(&s, &uses).await.unwrap();
    let last = |s: &store::Store| {
        let s = s.clone();
        async move {
            store::api_token::list_for_account(s.db(), system.id)
                .await
                .unwrap()
                .into_iter()
                .map(|t| (t.id, t.last_used_at))
                .collect::<std::collections::BTreeMap<_, _>>()
        }
    };
    let stored = last(&s).await;
    assert_eq!(stored.len(), n);
    assert!(stored.values().all(|t| *t == Some(at)), "{stored:?}");
    let earlier = at - SignedDuration::from_hours(1);
    let later = at + SignedDuration::from_hours(1);
    store::api_token::touch_all(&s, &[(ids[0], earlier), (ids[n - 1], later)])
        .await
        .unwrap();
    let stored = last(&s).await;
    assert_eq!(
        stored[&ids[0]],
        Some(at),
        "an older use does not move it back"
    );
    assert_eq!(stored[&ids[n - 1]], Some(later));
    assert_eq!(stored[&ids[1]], Some(at));
}
