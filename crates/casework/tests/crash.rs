//! Crash safety of the case service: a child process (this test binary started again with
//! `--writer`) creates applicant organisations, drafts and submits their cases through
//! [`Casework`] and reports changes on a recognised space (鞍山 第八条), printing each write once the
//! service call has returned (committed). The parent kills it with SIGKILL at a random moment,
//! again and again; after each restart every acknowledged write is there in full (the case's
//! state and version, its audit entries, the filing and the space's record of it), nothing is
//! half-written, and `audit::verify` passes. On SQLite and on PostgreSQL (through `testkit`).
//!
//! A harness of its own (`harness = false`): `main` is either the parent (the test) or the
//! writer child.

use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use casework::{Casework, NewDraft};
use jiff::civil::date;
use store::entity::filing;
use store::sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use store::{AccountRole, NewAccount, NewOrganisation, Store, StoreConfig};
use testkit::{Backend, TestDb};
use workflow::case::{Action, CaseState};

#[path = "casework/world.rs"]
mod world;

/// Kill-and-restart rounds per backend.
const ROUNDS: usize = 6;
const MEASURE: &str = "anshan-2020";
const REGION: &str = "210302";

/// One acknowledged write, as the child prints it.
#[derive(Debug, Clone, Copy)]
enum Ack {
    /// `draft CASE VERSION`: a draft created.
    Draft { case: i64, version: i64 },
    /// `submit CASE VERSION`: the draft submitted.
    Submit { case: i64, version: i64 },
    /// `filing SPACE ID`: a change report filed on the space.
    Filing { space: i64, id: i64 },
}

impl Ack {
    fn parse(line: &str) -> Self {
        let parts: Vec<&str> = line.split_whitespace().collect();
        let n = |i: usize| parts[i].parse::<i64>().unwrap();
        match parts[0] {
            "draft" => Ack::Draft {
                case: n(1),
                version: n(2),
            },
            "submit" => Ack::Submit {
                case: n(1),
                version: n(2),
            },
            "filing" => Ack::Filing {
                space: n(1),
                id: n(2),
            },
            other => panic!("unknown acknowledgement {other:?} in {line:?}"),
        }
    }
}

/// A small xorshift generator: the kill moments vary from run to run (the seed is printed).
struct Rng(u64);

impl Rng {
    fn next(&mut self, bound: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % bound
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.get(1).map(String::as_str) == Some("--writer") {
        return writer(&args[2..]);
    }
    if args.iter().any(|a| a == "--list") {
        return; // test discovery: nothing to list
    }
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        testkit::run(Backend::Sqlite, keeps_every_acknowledged_write).await;
        testkit::run(Backend::Postgres, keeps_every_acknowledged_write).await;
    });
    println!("crash: ok");
}

/// The parent: a recognised space to file on, then rounds of start, write, SIGKILL, check.
async fn keeps_every_acknowledged_write(db: TestDb) {
    let (space, operator) = {
        let w = world::World::new(&db).await;
        let (space, _, operator, _) = w.recognised(MEASURE, REGION).await;
        let store = w.cw.store.clone();
        drop(w);
        store.close().await.unwrap();
        (space, operator)
    };
    let seed = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos() as u64
        | 1;
    eprintln!("crash ({:?}): seed {seed}", db.backend());
    let mut rng = Rng(seed);
    let mut acked = Vec::new();
    for round in 0..ROUNDS {
        let mut cmd = Command::new(std::env::current_exe().unwrap());
        cmd.arg("--writer")
            .arg(&db.config.data_dir)
            .arg(space.to_string())
            .arg(operator.to_string());
        if let (Some(url), Some(schema)) = (&db.config.database_url, &db.config.pg_schema) {
            cmd.arg(url).arg(schema);
        }
        let mut child = cmd
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let (send, recv) = mpsc::channel();
        let reader = std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                if send.send(Ack::parse(&line)).is_err() {
                    break;
                }
            }
        });
        // The first acknowledgement shows the child is writing; kill it some time later.
        let first = recv
            .recv_timeout(Duration::from_secs(60))
            .unwrap_or_else(|e| panic!("round {round}: the writer acknowledged nothing: {e}"));
        acked.push(first);
        let deadline = Instant::now() + Duration::from_millis(20 + rng.next(400));
        while let Some(left) = deadline.checked_duration_since(Instant::now()) {
            if let Ok(a) = recv.recv_timeout(left) {
                acked.push(a);
            }
        }
        child.kill().unwrap(); // SIGKILL on Unix
        child.wait().unwrap();
        // Lines printed before the kill were acknowledged too.
        reader.join().unwrap();
        acked.extend(recv.try_iter());
        check(&db.config, space, &acked).await;
    }
    let submits = acked
        .iter()
        .filter(|a| matches!(a, Ack::Submit { .. }))
        .count();
    eprintln!(
        "crash ({:?}): {} writes acknowledged ({submits} submissions) across {ROUNDS} kills",
        db.backend(),
        acked.len()
    );
    assert!(
        submits >= ROUNDS,
        "too few submissions to mean anything: {acked:?}"
    );
}

/// Every acknowledged write is there in full; every case's versions are all audited; the
/// space's record and its filings agree; the chain verifies.
async fn check(config: &StoreConfig, space: i64, acked: &[Ack]) {
    let store = Store::open(config).await.unwrap();
    let cw = Casework::new(
        store.clone(),
        std::sync::Arc::new(policy::Library::embedded().unwrap()),
    );
    for a in acked {
        match *a {
            Ack::Draft { case, version } => {
                let c = cw
                    .case(case)
                    .await
                    .unwrap_or_else(|e| panic!("acknowledged draft {case} lost: {e}"));
                assert!(
                    c.version >= version,
                    "draft {case}: version {} < {version}",
                    c.version
                );
            }
            Ack::Submit { case, version } => {
                let c = cw
                    .case(case)
                    .await
                    .unwrap_or_else(|e| panic!("acknowledged submission {case} lost: {e}"));
                assert_eq!(c.version, version, "submitted case {case}");
                assert!(
                    matches!(c.case.state, CaseState::AtStage { .. }),
                    "submitted case {case} is {:?}",
                    c.case.state
                );
                let trail = store::audit::trail(store.db(), "case", &case.to_string())
                    .await
                    .unwrap();
                let actions: Vec<&str> = trail.iter().map(|e| e.action.as_str()).collect();
                assert_eq!(actions, ["create", "submit"], "case {case}");
            }
            Ack::Filing { space, id } => {
                let f = filing::Entity::find_by_id(id)
                    .one(store.db())
                    .await
                    .unwrap();
                assert!(
                    f.is_some_and(|f| f.space_id == space && f.kind == "change_report"),
                    "acknowledged filing {id} lost"
                );
            }
        }
    }
    // Nothing half-written, acknowledged or not: each case has one audit entry per version.
    let cases = store::entity::case::Entity::find()
        .all(store.db())
        .await
        .unwrap();
    for c in &cases {
        let trail = store::audit::trail(store.db(), "case", &c.id.to_string())
            .await
            .unwrap();
        assert_eq!(
            trail.len() as i64,
            c.version,
            "case {} audited once per version",
            c.id
        );
    }
    // The space lists every change reported on it, each audited once.
    let filed = filing::Entity::find()
        .filter(filing::Column::SpaceId.eq(space))
        .filter(filing::Column::Kind.eq("change_report"))
        .count(store.db())
        .await
        .unwrap();
    let s = cw.space(space).await.unwrap();
    assert_eq!(s.space.changes.len() as u64, filed);
    let trail = store::audit::trail(store.db(), "space", &space.to_string())
        .await
        .unwrap();
    let audited = trail.iter().filter(|e| e.action == "report_change").count();
    assert_eq!(audited as u64, filed);
    let report = store::audit::verify(store.db()).await.unwrap();
    assert!(report.is_intact(), "{:?}", report.first_break);
    drop(cw);
    store.close().await.unwrap();
}

/// The child: `--writer DATA_DIR SPACE OPERATOR [URL SCHEMA]`. Forever: a new applicant
/// organisation with its account, a draft, its submission and a change reported on the space,
/// each printed once the call has returned.
fn writer(args: &[String]) {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let mut config = StoreConfig::new(&args[0]);
        let space: i64 = args[1].parse().unwrap();
        let operator: i64 = args[2].parse().unwrap();
        if let (Some(url), Some(schema)) = (args.get(3), args.get(4)) {
            config.database_url = Some(url.clone());
            config.pg_schema = Some(schema.clone());
        }
        let store = Store::open(&config).await.unwrap();
        let cw = Casework::new(
            store.clone(),
            std::sync::Arc::new(policy::Library::embedded().unwrap()),
        );
        let (on, call) = (date(2024, 3, 1), format!("{MEASURE}-2024"));
        let mut n = store::organisation::count(store.db()).await.unwrap();
        // A change after the recognition, reported the day it happens.
        let changed = cw.space(space).await.unwrap().space.recognised_on.max(on);
        let mut out = std::io::stdout().lock();
        let mut ack = |line: String| {
            writeln!(out, "{line}").unwrap();
            out.flush().unwrap();
        };
        loop {
            n += 1;
            let admin = world::admin();
            let tx = store.begin().await.unwrap();
            let org = store::organisation::create(
                &tx,
                &admin,
                NewOrganisation {
                    credit_code: store::credit_code::complete(&format!("91210300{n:08}")).unwrap(),
                    name: format!("崩溃测试申报单位{n}"),
                    region_code: Some(REGION.into()),
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
            .unwrap();
            tx.commit().await.unwrap();
            let d = cw
                .create_draft(
                    applicant.id,
                    NewDraft {
                        org: org.id,
                        measure: MEASURE.into(),
                        profile: serde_json::json!({ "as_of": "2024-01-01" }),
                        call: Some(call.clone()),
                        routing_facts: Default::default(),
                    },
                )
                .await
                .unwrap();
            ack(format!("draft {} {}", d.id, d.version));
            let c = cw
                .act(d.id, d.version, applicant.id, Action::Submit, on)
                .await
                .unwrap();
            ack(format!("submit {} {}", c.id, c.version));
            let id = cw
                .report_change(
                    space,
                    operator,
                    &format!("第{n}次场地变更"),
                    &Default::default(),
                    changed,
                    changed,
                )
                .await
                .unwrap();
            ack(format!("filing {space} {id}"));
        }
    });
}
