//! The case store's benchmark: durable submissions per second through the service (load, judge,
//! save with optimistic concurrency, audit, commit), and the lifecycle tick over a large register.
//!
//! ```text
//! cargo bench -p casework --bench casework                      # SQLite only
//! MAKERSPACE_TEST_PG_URL=$(scripts/pg-up --state /tmp/pgstate) \
//!   cargo bench -p casework --bench casework                    # SQLite and PostgreSQL
//! cargo bench -p casework --bench casework -- --submissions 4000 --spaces 100000 --tasks 8
//! ```
//!
//! SQLite runs with the store's settings (WAL; each commit's WAL fsynced before it returns, one
//! fsync shared by the commits queued behind it): every acknowledged submission is on disk.

#![allow(missing_docs)]

use std::sync::Arc;
use std::time::Instant;

use casework::{Casework, NewCall, NewDraft};
use jiff::civil::{Date, date};
use policy::Library;
use store::entity::space;
use store::sea_orm::{ConnectionTrait, Database, EntityTrait, Set};
use store::{AccountRole, NewAccount, NewOrganisation, Store, StoreConfig};
use workflow::case::{Action, CaseId};
use workflow::lifecycle::Space;

struct Opts {
    submissions: usize,
    spaces: usize,
    tasks: usize,
}

fn opts() -> Opts {
    let args: Vec<String> = std::env::args().collect();
    let get = |name: &str, default: usize| {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1))
            .and_then(|v| v.parse().ok())
            .unwrap_or(default)
    };
    Opts {
        submissions: get("--submissions", 3000),
        spaces: get("--spaces", 100_000),
        tasks: get("--tasks", 8),
    }
}

async fn setup(store: Store) -> (Casework, i64, i64, i64) {
    let cw = Casework::new(store, Arc::new(Library::embedded().unwrap()));
    let admin = store::Actor::system();
    let tx = cw.store.begin().await.unwrap();
    let org = store::organisation::create(
        &tx,
        &admin,
        NewOrganisation {
            credit_code: store::credit_code::complete("9121030000000001").unwrap(),
            name: "鞍山市基准众创空间有限公司".into(),
            region_code: Some("210302".into()),
        },
    )
    .await
    .unwrap();
    let mk = |role, org| NewAccount {
        name: "基准".into(),
        role,
        region_code: None,
        organisation_id: org,
    };
    let applicant = store::account::create(&tx, &admin, mk(AccountRole::Applicant, Some(org.id)))
        .await
        .unwrap();
    let authority = store::account::create(&tx, &admin, mk(AccountRole::Authority, None))
        .await
        .unwrap();
    tx.commit().await.unwrap();
    (cw, org.id, applicant.id, authority.id)
}

async fn submissions(cw: &Casework, org: i64, applicant: i64, authority: i64, o: &Opts) -> f64 {
    let measure = "anshan-2020";
    cw.open_call(
        authority,
        NewCall {
            id: "bench-2024".into(),
            measure: measure.into(),
            title: "基准申报通知".into(),
            year: 2024,
            opens_on: None,
            deadline: date(2024, 12, 31),
        },
    )
    .await
    .unwrap();
    let m = cw.library.get(measure).unwrap();
    let _ = (org, applicant);
    let admin = store::Actor::system();
    let mut drafts = Vec::with_capacity(o.submissions);
    for n in 0..o.submissions {
        // One application per organisation, as in a real round.
        let tx = cw.store.begin().await.unwrap();
        let org = store::organisation::create(
            &tx,
            &admin,
            NewOrganisation {
                credit_code: store::credit_code::complete(&format!("912103001{n:07}")).unwrap(),
                name: format!("申报单位{n}"),
                region_code: Some("210302".into()),
            },
        )
        .await
        .unwrap();
        let applicant = store::account::create(
            &tx,
            &admin,
            NewAccount {
                name: "申报人".into(),
                role: AccountRole::Applicant,
                region_code: None,
                organisation_id: Some(org.id),
            },
        )
        .await
        .unwrap()
        .id;
        tx.commit().await.unwrap();
        let org = org.id;
        let d = cw
            .create_draft(
                applicant,
                NewDraft {
                    org,
                    measure: measure.into(),
                    profile: serde_json::json!({ "as_of": "2024-03-01" }),
                    call: Some("bench-2024".into()),
                    routing_facts: Default::default(),
                },
            )
            .await
            .unwrap();
        drafts.push((d.id, d.version, applicant));
    }
    assert!(m.measure.material.iter().all(|x| !x.required));
    let drafts = Arc::new(drafts);
    let started = Instant::now();
    let mut handles = Vec::new();
    for t in 0..o.tasks {
        let cw = cw.clone();
        let drafts = drafts.clone();
        let tasks = o.tasks;
        handles.push(tokio::spawn(async move {
            for (id, v, applicant) in drafts.iter().skip(t).step_by(tasks) {
                cw.act(*id, *v, *applicant, Action::Submit, date(2024, 3, 1))
                    .await
                    .unwrap();
            }
        }));
    }
    for h in handles {
        h.await.unwrap();
    }
    o.submissions as f64 / started.elapsed().as_secs_f64()
}

async fn seed_spaces(cw: &Casework, org: i64, n: usize) {
    let measures = [
        ("inner-mongolia-2020", None),
        ("xinjiang-2019", None),
        ("shuozhou-2016", Some(3)),
        ("anshan-2020", None),
    ];
    let now = store::time::to_chrono(cw.store.now());
    let mut i = 0;
    while i < n {
        let tx = cw.store.begin().await.unwrap();
        let mut rows = Vec::new();
        for _ in 0..1000.min(n - i) {
            let (measure, years) = measures[i % 4];
            let on: Date = date(2022, 1, 1)
                .checked_add(jiff::Span::new().days((i % 1000) as i64))
                .unwrap();
            let until = years.map(|y: i16| date(on.year() + y, on.month(), on.day()));
            let mut s = Space::recognised(CaseId(format!("bench-{i}")), on, until);
            if i % 3 == 0 {
                s.statistics = vec![on.checked_add(jiff::Span::new().months(6)).unwrap()];
                s.annual_reports = vec![date(on.year(), 12, 20)];
            }
            rows.push(space::ActiveModel {
                case_id: Set(None),
                measure: Set(measure.into()),
                org_id: Set(org),
                name: Set(format!("基准众创空间{i}")),
                region: Set("210302".into()),
                recognised_on: Set(casework::dates::to_col(on)),
                valid_until: Set(until.map(casework::dates::to_col)),
                status: Set("active".into()),
                document_number: Set(None),
                space_json: Set(serde_json::to_string(&s).unwrap()),
                version: Set(1),
                created_at: Set(now),
                updated_at: Set(now),
                ..Default::default()
            });
            i += 1;
        }
        space::Entity::insert_many(rows)
            .exec(tx.conn())
            .await
            .unwrap();
        tx.commit().await.unwrap();
    }
}

async fn run(label: &str, store: Store, o: &Opts) {
    let (cw, org, applicant, authority) = setup(store).await;
    let rate = submissions(&cw, org, applicant, authority, o).await;
    println!(
        "{label}: {} durable submissions, {} tasks: {rate:.0} submissions/s",
        o.submissions, o.tasks
    );
    seed_spaces(&cw, org, o.spaces).await;
    for (pass, day) in [("first", date(2025, 6, 30)), ("again", date(2025, 6, 30))] {
        let started = Instant::now();
        let r = cw.tick(day).await.unwrap();
        println!(
            "{label}: tick ({pass}) over {} active spaces: {:.2} s; {} new findings, {} resolved, {} status changes",
            r.spaces,
            started.elapsed().as_secs_f64(),
            r.new_findings,
            r.resolved,
            r.changes.len()
        );
    }
    let v = store::audit::verify(cw.store.db()).await.unwrap();
    assert!(v.is_intact());
    println!("{label}: audit chain intact ({} entries)", v.entries);
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    if std::env::args().any(|a| a == "--list") {
        return;
    }
    let o = opts();
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&StoreConfig::new(dir.path().join("data")))
        .await
        .unwrap();
    run("SQLite (WAL, group commit)", store, &o).await;
    if let Ok(url) = std::env::var("MAKERSPACE_TEST_PG_URL")
        && !url.is_empty()
    {
        let schema = format!("bench_{}", std::process::id());
        let mut config = StoreConfig::new(dir.path().join("pg"));
        config.database_url = Some(url.clone());
        config.pg_schema = Some(schema.clone());
        let store = Store::open(&config).await.unwrap();
        run("PostgreSQL", store.clone(), &o).await;
        store.close().await.unwrap();
        let db = Database::connect(url.as_str()).await.unwrap();
        db.execute_unprepared(&format!("DROP SCHEMA IF EXISTS \"{schema}\" CASCADE"))
            .await
            .unwrap();
    } else {
        println!("PostgreSQL skipped: MAKERSPACE_TEST_PG_URL not set");
    }
}
