//! Register reads are cached between changes, and the cache never outlives a change: a write of
//! the server's own process shows at once; a write by another process (a `tick` or `import`
//! command beside the server) shows once the server has polled the database's change counter,
//! which the database's own triggers keep. On SQLite and PostgreSQL.

use axum::body::Body;
use axum::http::{Request, StatusCode};
use casework::Casework;
use casework::transfer::RegisterEntry;
use jiff::civil::date;
use store::Store;
use testkit::{TestDb, both_backends};
use workflow::lifecycle::SpaceStatus;

use crate::helpers::{library, send};

both_backends!(a_write_of_the_server_shows_at_once);
both_backends!(a_write_of_another_process_shows_after_a_poll);

fn entry(n: u32) -> RegisterEntry {
    RegisterEntry {
        id: None,
        case_id: None,
        measure: "shuozhou-2016".into(),
        credit_code: store::credit_code::complete(&format!("91140600{n:08}")).unwrap(),
        org_name: format!("朔州市运营单位{n}"),
        name: format!("众创空间{n:03}"),
        region: "140602".into(),
        recognised_on: date(2021, 6, 1),
        valid_until: Some(date(2024, 6, 1)),
        status: SpaceStatus::Active,
        document_number: None,
    }
}

async fn import(store: &Store, from: u32, to: u32) {
    let entries: Vec<_> = (from..=to).map(entry).collect();
    Casework::new(store.clone(), library())
        .import(&store::Actor::system(), &entries)
        .await
        .unwrap();
}

async fn total(app: &axum::Router) -> u64 {
    let r = send(
        app.clone(),
        Request::get("/api/v1/register")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK);
    r.json()["total"].as_u64().unwrap()
}

async fn page_count(app: &axum::Router) -> String {
    let r = send(
        app.clone(),
        Request::get("/register").body(Body::empty()).unwrap(),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK);
    let html = r.text();
    let at = html.find("共 ").expect("the page states the count");
    html[at..].split('个').next().unwrap().to_string()
}

async fn a_write_of_the_server_shows_at_once(db: TestDb) {
    let store = Store::open(&db.config).await.unwrap();
    import(&store, 1, 3).await;
    let app = web::app_with_store(web::Config::default(), library(), Some(store.clone()));
    assert_eq!(total(&app).await, 3);
    assert_eq!(page_count(&app).await, "共 3 ");
    // Read twice: the second answer may come from the cache, and must be the same.
    assert_eq!(total(&app).await, 3);

    import(&store, 4, 4).await;
    assert_eq!(
        total(&app).await,
        4,
        "the import committed before this read"
    );
    assert_eq!(page_count(&app).await, "共 4 ");
}

async fn a_write_of_another_process_shows_after_a_poll(db: TestDb) {
    let server = Store::open(&db.config).await.unwrap();
    // Another process: its own pool and its own generation, the same database.
    let other = Store::open(&db.config).await.unwrap();
    import(&server, 1, 2).await;
    server.poll_external_changes().await.unwrap();
    let app = web::app_with_store(web::Config::default(), library(), Some(server.clone()));
    assert_eq!(total(&app).await, 2);

    import(&other, 3, 5).await;
    // Until the server looks, it still answers from its cache (which shows the cache is real)…
    assert_eq!(total(&app).await, 2);
    // …and the database's counter, kept by triggers on `space`, tells it the register moved.
    assert!(server.poll_external_changes().await.unwrap());
    assert_eq!(total(&app).await, 5);
    assert!(
        !server.poll_external_changes().await.unwrap(),
        "nothing changed since the last look"
    );
}
