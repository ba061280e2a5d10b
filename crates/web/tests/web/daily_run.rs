//! The server's daily lifecycle run (`web::daily_run`), over the demo data, on SQLite and
//! PostgreSQL: it runs a day once, and on a day past a recognition's validity (朔州 第十一条
//! 「朔州市众创空间有效期为3年。」) the space is shown expired, audited with the article. The
//! workbench says whether today's run has been made.

use std::sync::Arc;

use jiff::ToSpan;
use testkit::{TestDb, both_backends};
use web::daily_run::DailyRun;
use workflow::lifecycle::SpaceStatus;

use crate::helpers::{assert_audit_intact, library};
use crate::oversight::Demo;

both_backends!(a_day_is_run_once_and_a_lapsed_recognition_expires);

async fn a_day_is_run_once_and_a_lapsed_recognition_expires(db: TestDb) {
    let d = Demo::new(db.open().await).await;
    let clerk = d.sign_in("authority-shuozhou").await;
    let page = d.get(&clerk, "/workbench").await.text();
    assert!(
        page.contains("今日的生命周期评估（到期、逾期义务、自动取消资格等）尚未进行"),
        "{page}"
    );
    let mut today = DailyRun::new(d.store.clone(), library());
    let report = today
        .run_if_new_day()
        .await
        .unwrap()
        .expect("the first look runs the day");
    assert_eq!(
        report.date,
        Some(casework::dates::day_in_china(d.store.now()))
    );
    assert!(report.changes.is_empty(), "{:?}", report.changes);
    assert!(
        today.run_if_new_day().await.unwrap().is_none(),
        "the same day is not run twice"
    );
    // The workbench says when it ran and what it found.
    let page = d.get(&clerk, "/workbench").await.text();
    assert!(
        page.contains("今日生命周期评估（到期、逾期义务、自动取消资格等）已于")
            && page.contains("完成：评估有效众创空间 4 个；新发现"),
        "{page}"
    );
    // The demo's recognised spaces are all within their validity today.
    for key in ["inner-mongolia", "xinjiang", "shuozhou", "anshan"] {
        assert_eq!(d.space(key).await.status, SpaceStatus::Active, "{key}");
    }

    // Three years and a day on, a new day for the run: Shuozhou's recognition has lapsed.
    let later = d.store.now() + (3 * 366 * 24).hours();
    let store = d.store.with_clock(Arc::new(move || later));
    let sz = d.space("shuozhou").await;
    let report = DailyRun::new(store, library())
        .run_if_new_day()
        .await
        .unwrap()
        .expect("a new day");
    assert!(
        report.changes.iter().any(|c| c.space_id == sz.id
            && c.status == SpaceStatus::Expired
            && c.cite == "第十一条"),
        "{:?}",
        report.changes
    );
    assert_eq!(d.space("shuozhou").await.status, SpaceStatus::Expired);
    let trail = store::audit::trail(d.store.db(), "space", &sz.id.to_string())
        .await
        .unwrap();
    let last = trail.last().unwrap();
    assert_eq!(last.action, "expire");
    assert!(
        last.reason.as_deref().unwrap().contains("第十一条"),
        "{last:?}"
    );
    assert_audit_intact(&d.store).await;
}
