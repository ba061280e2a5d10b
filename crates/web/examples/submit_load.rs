//! Durable submissions over HTTP, for `scripts/load/run`: N applicants, each with its own
//! organisation, bearer token and draft, submit at once through `makerspace serve`; afterwards
//! every acknowledged submission must be in the store (no lost write).
//!
//! ```text
//! submit_load setup  DATA_DIR N FILE          # before the server starts: call, drafts, tokens
//! submit_load run    ADDR FILE CONNECTIONS [RATE]
//!                     # POST /api/v1/applications/{id}/actions: all at once (closed loop), or
//!                     # RATE a second on a fixed schedule (open loop)
//! submit_load verify DATA_DIR FILE            # after: each acknowledged case submitted in the store
//! submit_load register DATA_DIR N             # N spaces on the register (for the register reads)
//! ```
//!
//! With `SUBMIT_LOAD_TRACE=FILE`, `run` also writes each request's due time, latency (ms) and
//! status, a line each, to see when a tail happens.
//!
//! The store is the server's own SQLite file under DATA_DIR (WAL, each commit fsynced before it
//! is acknowledged: `store`'s group commit), so an acknowledgement means the submission is on
//! disk.

#![allow(missing_docs)]

use std::io::{BufRead, Write};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use casework::{Casework, NewCall, NewDraft};
use policy::Library;
use store::{AccountRole, NewAccount, NewOrganisation, Store, StoreConfig};

/// The measure the drafts answer: in force now, no required material.
const MEASURE: &str = "anshan-2020";
const CALL: &str = "load-test";

async fn open(data: &str) -> Casework {
    let store = Store::open(&StoreConfig::new(data)).await.expect("store");
    Casework::new(store, Arc::new(Library::embedded().expect("policies")))
}

async fn setup(data: &str, n: usize, file: &str) {
    let cw = open(data).await;
    let admin = store::Actor::system();
    let today = cw
        .store
        .now()
        .to_zoned(jiff::tz::TimeZone::fixed(jiff::tz::offset(8)))
        .date();
    let tx = cw.store.begin().await.expect("tx");
    let authority = store::account::create(
        &tx,
        &admin,
        NewAccount {
            name: "认定机构".into(),
            role: AccountRole::Authority,
            region_code: None,
            organisation_id: None,
        },
    )
    .await
    .expect("authority");
    tx.commit().await.expect("commit");
    let deadline = today.checked_add(jiff::ToSpan::days(30)).expect("date");
    cw.open_call(
        authority.id,
        NewCall {
            id: CALL.into(),
            measure: MEASURE.into(),
            title: "负载测试申报通知".into(),
            year: today.year(),
            opens_on: None,
            deadline,
        },
    )
    .await
    .expect("call");
    let mut out = std::io::BufWriter::new(std::fs::File::create(file).expect("file"));
    for i in 0..n {
        let tx = cw.store.begin().await.expect("tx");
        let org = store::organisation::create(
            &tx,
            &admin,
            NewOrganisation {
                credit_code: store::credit_code::complete(&format!("912103002{i:07}"))
                    .expect("credit code"),
                name: format!("负载测试申报单位{i}"),
                region_code: Some("210302".into()),
            },
        )
        .await
        .expect("organisation");
        let applicant = store::account::create(
            &tx,
            &admin,
            NewAccount {
                name: format!("申报人{i}"),
                role: AccountRole::Applicant,
                region_code: None,
                organisation_id: Some(org.id),
            },
        )
        .await
        .expect("applicant");
        let token = format!(
            "load-{i}-{}",
            store::api_token::hash(&format!("{i}{today}"))
        );
        store::api_token::create(
            &tx,
            &admin,
            applicant.id,
            "负载测试",
            &store::api_token::hash(&token),
        )
        .await
        .expect("token");
        tx.commit().await.expect("commit");
        let draft = cw
            .create_draft(
                applicant.id,
                NewDraft {
                    org: org.id,
                    measure: MEASURE.into(),
                    profile: serde_json::json!({ "as_of": today.to_string() }),
                    call: Some(CALL.into()),
                    routing_facts: Default::default(),
                },
            )
            .await
            .expect("draft");
        writeln!(out, "{} {} {token}", draft.id, draft.version).expect("write");
    }
    out.flush().expect("flush");
    eprintln!("{n} drafts ready");
}

fn read(file: &str) -> Vec<(i64, i64, String)> {
    let f = std::io::BufReader::new(std::fs::File::open(file).expect("file"));
    f.lines()
        .map(|l| {
            let l = l.expect("line");
            let mut it = l.split(' ');
            let id = it.next().and_then(|s| s.parse().ok()).expect("id");
            let v = it.next().and_then(|s| s.parse().ok()).expect("version");
            (id, v, it.next().expect("token").to_string())
        })
        .collect()
}

/// Sends every draft's submission over `connections` connections. Without a rate each
/// connection sends its next request when the last one is answered (a closed loop: the
/// capacity). With `rate`, request i is due at `i / rate` seconds after the start whatever the
/// answers do (an open loop), and its latency counts from when it was due, so time spent
/// waiting for a free connection is counted too and a slow server cannot hide its queue.
async fn run(addr: &str, file: &str, connections: usize, rate: Option<f64>) {
    let drafts = Arc::new(read(file));
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(connections)
        .timeout(Duration::from_secs(60))
        .build()
        .expect("client");
    let next = Arc::new(AtomicUsize::new(0));
    let started = Instant::now();
    let mut tasks = Vec::new();
    for _ in 0..connections {
        let (client, drafts, next, addr) = (
            client.clone(),
            drafts.clone(),
            next.clone(),
            addr.to_string(),
        );
        tasks.push(tokio::spawn(async move {
            let mut done = Vec::new();
            loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some((id, version, token)) = drafts.get(i) else {
                    break;
                };
                let t = match rate {
                    Some(rate) => {
                        let due = started + Duration::from_secs_f64(i as f64 / rate);
                        tokio::time::sleep_until(due.into()).await;
                        due
                    }
                    None => Instant::now(),
                };
                let r = client
                    .post(format!("http://{addr}/api/v1/applications/{id}/actions"))
                    .bearer_auth(token)
                    .header("content-type", "application/json")
                    .body(format!(r#"{{"action":"submit","version":{version}}}"#))
                    .send()
                    .await;
                let status = match r {
                    Ok(r) => r.status().as_u16(),
                    Err(_) => 0,
                };
                done.push((*id, status, t.elapsed(), started.elapsed()));
            }
            done
        }));
    }
    let mut results = Vec::new();
    for t in tasks {
        results.extend(t.await.expect("task"));
    }
    // Until the last answer: in an open loop, the schedule's length plus the last latency.
    let secs = results
        .iter()
        .map(|r| r.3)
        .max()
        .unwrap_or_default()
        .as_secs_f64();
    // `SUBMIT_LOAD_TRACE=FILE`: each request's due time and latency (ms), to see when a tail
    // happens (a checkpoint, a flush) rather than only how long it is.
    if let Some(trace) = std::env::var_os("SUBMIT_LOAD_TRACE") {
        let mut out = std::io::BufWriter::new(std::fs::File::create(trace).expect("trace file"));
        for (_, status, latency, finished) in &results {
            let due = finished.saturating_sub(*latency);
            writeln!(
                out,
                "{:.3} {:.3} {status}",
                due.as_secs_f64() * 1000.0,
                latency.as_secs_f64() * 1000.0
            )
            .expect("trace");
        }
    }
    let mut latencies: Vec<Duration> = results.iter().map(|r| r.2).collect();
    latencies.sort();
    let pct = |p: f64| {
        latencies
            .get(((latencies.len() as f64 * p) as usize).min(latencies.len().saturating_sub(1)))
            .map_or(0.0, |d| d.as_secs_f64() * 1000.0)
    };
    let ok = results.iter().filter(|r| r.1 == 200).count();
    let mode = rate.map_or("closed loop".to_string(), |r| {
        format!("open loop at {r:.0}/s")
    });
    println!(
        "submissions ({mode}) {} ok {ok} errors {} in {secs:.2} s: {:.0}/s p50 {:.2} ms p99 {:.2} ms max {:.2} ms",
        results.len(),
        results.len() - ok,
        ok as f64 / secs,
        pct(0.50),
        pct(0.99),
        pct(1.0)
    );
    let mut acked = std::io::BufWriter::new(
        std::fs::File::create(format!("{file}.acked")).expect("acked file"),
    );
    for (id, status, ..) in &results {
        if *status == 200 {
            writeln!(acked, "{id}").expect("write");
        } else {
            eprintln!("case {id}: status {status}");
        }
    }
    acked.flush().expect("flush");
    if ok < results.len() {
        std::process::exit(1);
    }
}

async fn verify(data: &str, file: &str) {
    let cw = open(data).await;
    let acked = std::fs::read_to_string(format!("{file}.acked")).expect("acked file");
    let (mut n, mut lost) = (0, 0);
    for id in acked.lines().filter_map(|l| l.parse::<i64>().ok()) {
        n += 1;
        let rec = cw.case(id).await.expect("case");
        if rec.case.submitted_on.is_none() {
            lost += 1;
            eprintln!("case {id}: acknowledged but not submitted in the store");
        }
    }
    println!("verified {n} acknowledged submissions in the store, {lost} lost");
    if lost > 0 {
        std::process::exit(1);
    }
}

/// Enters `n` recognised spaces on the register through the register import (one audited
/// transaction), spread over the four measures and their regions.
async fn register(data: &str, n: usize) {
    let cw = open(data).await;
    let measures = [
        ("inner-mongolia-2020", "150102"),
        ("xinjiang-2019", "650102"),
        ("shuozhou-2016", "140602"),
        ("anshan-2020", "210302"),
    ];
    let entries: Vec<casework::transfer::RegisterEntry> = (0..n)
        .map(|i| {
            let (measure, region) = measures[i % measures.len()];
            casework::transfer::RegisterEntry {
                id: None,
                case_id: None,
                measure: measure.into(),
                credit_code: store::credit_code::complete(&format!("91{region}3{i:07}"))
                    .expect("credit code"),
                org_name: format!("名录测试运营单位{i}"),
                name: format!("名录测试众创空间{i}"),
                region: region.into(),
                recognised_on: jiff::civil::date(2024, 1, 1)
                    .checked_add(jiff::ToSpan::days(i64::try_from(i % 365).unwrap_or(0)))
                    .expect("date"),
                valid_until: None,
                status: workflow::lifecycle::SpaceStatus::Active,
                document_number: Some(format!("测试〔2024〕{i}号")),
            }
        })
        .collect();
    let ids = cw
        .import(&store::Actor::system(), &entries)
        .await
        .expect("import");
    eprintln!("{} spaces on the register", ids.len());
}

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().collect();
    let arg = |i: usize| args.get(i).map(String::as_str).unwrap_or_default();
    match arg(1) {
        "setup" => setup(arg(2), arg(3).parse().expect("N"), arg(4)).await,
        "run" => {
            let rate = args
                .get(5)
                .map(|r| r.parse().expect("RATE (requests a second)"));
            run(arg(2), arg(3), arg(4).parse().unwrap_or(64), rate).await
        }
        "verify" => verify(arg(2), arg(3)).await,
        "register" => register(arg(2), arg(3).parse().expect("N")).await,
        _ => {
            eprintln!(
                "submit_load setup DATA_DIR N FILE | run ADDR FILE CONNECTIONS [RATE] | verify DATA_DIR FILE | register DATA_DIR N"
            );
            std::process::exit(2);
        }
    }
}
