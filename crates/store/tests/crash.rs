//! Crash safety: a writer process is killed with SIGKILL again and again; after each restart
//! every write it acknowledged is there and the audit chain verifies. On SQLite always; on
//! PostgreSQL too when `MAKERSPACE_TEST_PG_URL` is set.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use store::{Store, StoreConfig};

const ROUNDS: usize = 5;

/// Runs the writer `ROUNDS` times, killing it after a varying time; returns the ids it acked.
fn kill_repeatedly(data_dir: &std::path::Path, url: Option<&str>) -> Vec<i64> {
    let mut acked = Vec::new();
    for round in 0..ROUNDS {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_store_crash_writer"));
        cmd.arg(data_dir)
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit());
        if let Some(u) = url {
            cmd.arg(u);
        }
        let mut child = cmd.spawn().unwrap();
        let stdout = child.stdout.take().unwrap();
        let (send, recv) = mpsc::channel();
        let reader = std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                if send.send(line.trim().parse::<i64>().unwrap()).is_err() {
                    break;
                }
            }
        });
        // Wait for some acknowledged writes, then a little more, then SIGKILL mid-stream.
        let start = Instant::now();
        let mut this_round = 0;
        let linger = Duration::from_millis(50 + 70 * round as u64);
        while this_round < 20 || start.elapsed() < linger {
            match recv.recv_timeout(Duration::from_secs(60)) {
                Ok(id) => {
                    acked.push(id);
                    this_round += 1;
                }
                Err(e) => panic!("round {round}: the writer stopped acknowledging: {e}"),
            }
        }
        child.kill().unwrap(); // SIGKILL on Unix
        child.wait().unwrap();
        // Lines already printed before the kill were acknowledged too.
        reader.join().unwrap();
        acked.extend(recv.try_iter());
    }
    acked
}

async fn check(config: &StoreConfig, acked: &[i64]) {
    let store = Store::open(config).await.unwrap();
    for id in acked {
        store::organisation::get(store.db(), *id)
            .await
            .unwrap_or_else(|e| panic!("acknowledged organisation {id} lost: {e}"));
    }
    let report = store::audit::verify(store.db()).await.unwrap();
    assert!(report.is_intact(), "{}", report.first_break.unwrap());
    let orgs = store::organisation::count(store.db()).await.unwrap();
    assert_eq!(report.entries, orgs, "one audit entry per organisation");
    assert!(orgs as usize >= acked.len());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_keeps_every_acknowledged_write_across_sigkill() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let acked = kill_repeatedly(&data, None);
    assert!(acked.len() >= ROUNDS * 20);
    check(&StoreConfig::new(&data), &acked).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_keeps_every_acknowledged_write_across_sigkill() {
    let Ok(url) = std::env::var("MAKERSPACE_TEST_PG_URL") else {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "MAKERSPACE_TEST_PG_URL 未设置：CI 中崩溃测试也必须在 PostgreSQL 上运行"
        );
        eprintln!("跳过 PostgreSQL 崩溃测试：MAKERSPACE_TEST_PG_URL 未设置");
        return;
    };
    // A database of its own, so other tests' rows do not mix in; dropped after.
    let name = format!("crash_{}", std::process::id());
    let admin = store::sea_orm::Database::connect(url.as_str())
        .await
        .unwrap();
    use store::sea_orm::ConnectionTrait;
    admin
        .execute_unprepared(&format!("DROP DATABASE IF EXISTS {name}"))
        .await
        .unwrap();
    admin
        .execute_unprepared(&format!("CREATE DATABASE {name}"))
        .await
        .unwrap();
    let db_url = match url.rsplit_once('/') {
        Some((base, _)) => format!("{base}/{name}"),
        None => panic!("{url}"),
    };
    let dir = tempfile::tempdir().unwrap();
    let acked = kill_repeatedly(dir.path(), Some(&db_url));
    let config = StoreConfig::new(dir.path()).with_database_url(Some(db_url));
    check(&config, &acked).await;
    admin
        .execute_unprepared(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        .await
        .unwrap();
}
