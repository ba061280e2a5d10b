//! The test harness shared by the store, casework and web tests (dev-only): every test runs on
//! SQLite (a temporary folder) and on PostgreSQL (a fresh schema, dropped after, even when the
//! test panicked). PostgreSQL comes from `MAKERSPACE_TEST_PG_URL` (`scripts/pg-up` starts a
//! throwaway server); without it the PostgreSQL half fails under `CI=true` and is skipped, with a
//! message, elsewhere.
//!
//! ```ignore
//! use testkit::{TestDb, both_backends};
//!
//! both_backends!(opens);
//!
//! async fn opens(db: TestDb) {
//!     let store = db.open().await;
//! }
//! ```

use std::future::Future;
use std::sync::atomic::{AtomicU64, Ordering};

use store::sea_orm::{ConnectionTrait, Database};
use store::{Store, StoreConfig};
use tempfile::TempDir;

#[cfg(feature = "web")]
pub mod web;

/// The environment variable naming the test PostgreSQL server.
pub const PG_ENV: &str = "MAKERSPACE_TEST_PG_URL";

static COUNTER: AtomicU64 = AtomicU64::new(0);

/// How long a connection made outside a test's store (to diagnose it, or to drop its schema)
/// may take before the server is taken as gone: a pool would retry for 30 s.
const GIVE_UP: std::time::Duration = std::time::Duration::from_secs(10);

/// The database a test runs on: SQLite in a temporary folder, or PostgreSQL (from [`PG_ENV`])
/// in a fresh schema.
pub use store::Backend;

/// A database for one test: its configuration and what to clean up.
pub struct TestDb {
    /// How to open it.
    pub config: StoreConfig,
    /// The temporary folder holding the data folder, removed on drop.
    _dir: TempDir,
    /// PostgreSQL: the server URL and the schema to drop.
    pg: Option<(String, String)>,
}

impl TestDb {
    /// A SQLite database in a temporary folder (also for a second database besides the one a
    /// test was given).
    pub fn sqlite() -> Self {
        let dir = tempfile::tempdir().unwrap();
        Self {
            config: StoreConfig::new(dir.path().join("data")),
            _dir: dir,
            pg: None,
        }
    }

    /// A fresh schema on the PostgreSQL server at `url`, dropped when this is dropped.
    pub fn postgres(url: String) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let schema = format!(
            "t_{}_{}_{}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::Relaxed),
            jiff::Timestamp::now().as_microsecond() % 1_000_000
        );
        let mut config = StoreConfig::new(dir.path().join("data"));
        config.database_url = Some(url.clone());
        config.pg_schema = Some(schema.clone());
        Self {
            config,
            _dir: dir,
            pg: Some((url, schema)),
        }
    }

    /// Which backend this database is on.
    pub fn backend(&self) -> Backend {
        if self.pg.is_some() {
            Backend::Postgres
        } else {
            Backend::Sqlite
        }
    }

    /// Opens (and migrates) the store.
    pub async fn open(&self) -> Store {
        match Store::open(&self.config).await {
            Ok(store) => store,
            Err(e) => match &self.pg {
                Some((url, _)) => panic!("{e}; {}", server_answer(url).await),
                None => panic!("{e}"),
            },
        }
    }

    /// Runs raw SQL (the same text on both backends), as an intruder would.
    pub async fn raw(&self, store: &Store, sql: &str) {
        store.db().execute_unprepared(sql).await.unwrap();
    }

    /// Counts the rows of a table.
    pub async fn count(&self, store: &Store, table: &str) -> i64 {
        let row = store
            .db()
            .query_one_raw(store::sea_orm::Statement::from_string(
                store.db_backend(),
                format!("SELECT COUNT(*) AS n FROM {table}"),
            ))
            .await
            .unwrap()
            .unwrap();
        row.try_get::<i64>("", "n").unwrap()
    }

    /// The files under the attachments folder (none when it does not exist).
    pub fn attachment_files(&self) -> Vec<std::path::PathBuf> {
        fn walk(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
            let Ok(rd) = std::fs::read_dir(dir) else {
                return;
            };
            for e in rd {
                let p = e.unwrap().path();
                if p.is_dir() {
                    walk(&p, out);
                } else {
                    out.push(p);
                }
            }
        }
        let mut out = Vec::new();
        walk(&self.config.attachments(), &mut out);
        out
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        if let Some((url, schema)) = self.pg.take() {
            // Runs even when the test panicked; a runtime of its own, on a thread of its own.
            let _ = std::thread::spawn(move || {
                let rt = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                    .unwrap();
                rt.block_on(async {
                    // A server that is gone must not hold each failed test 30 s more.
                    let connect = Database::connect(url.as_str());
                    if let Ok(Ok(db)) = tokio::time::timeout(GIVE_UP, connect).await {
                        let _ = db
                            .execute_unprepared(&format!(
                                "DROP SCHEMA IF EXISTS \"{schema}\" CASCADE"
                            ))
                            .await;
                        let _ = db.close().await;
                    }
                });
            })
            .join();
        }
    }
}

/// What the PostgreSQL server at `url` answers one connection of its own, outside any pool: a
/// pool that cannot connect says only `PoolTimedOut` after 30 s, retrying a refused connection,
/// `too_many_connections` and `cannot_connect_now` (starting, shutting down, recovering) alike.
async fn server_answer(url: &str) -> String {
    use store::sea_orm::sqlx::Connection;
    let connect = store::sea_orm::sqlx::PgConnection::connect(url);
    match tokio::time::timeout(GIVE_UP, connect).await {
        Ok(Ok(conn)) => {
            let _ = conn.close().await;
            "a connection of its own to the server succeeds".to_owned()
        }
        Ok(Err(e)) => format!("a connection of its own to the server fails: {e}"),
        Err(_) => format!(
            "a connection of its own to the server did not answer within {} s",
            GIVE_UP.as_secs()
        ),
    }
}

/// Runs a test on `backend`; PostgreSQL without a server URL fails under CI and is skipped
/// elsewhere.
pub async fn run<F, Fut>(backend: Backend, test: F)
where
    F: FnOnce(TestDb) -> Fut,
    Fut: Future<Output = ()>,
{
    match backend {
        Backend::Sqlite => on_sqlite(test).await,
        Backend::Postgres => on_postgres(test).await,
    }
}

/// Runs a test on SQLite.
pub async fn on_sqlite<F, Fut>(test: F)
where
    F: FnOnce(TestDb) -> Fut,
    Fut: Future<Output = ()>,
{
    test(TestDb::sqlite()).await;
}

/// Runs a test on PostgreSQL; without a server URL, fails under CI and skips elsewhere.
pub async fn on_postgres<F, Fut>(test: F)
where
    F: FnOnce(TestDb) -> Fut,
    Fut: Future<Output = ()>,
{
    match std::env::var(PG_ENV) {
        Ok(url) if !url.is_empty() => test(TestDb::postgres(url)).await,
        _ if std::env::var("CI").is_ok_and(|v| v == "true" || v == "1") => panic!(
            "{PG_ENV} 未设置：CI 中每个存储测试都必须在 PostgreSQL 上运行（scripts/test 会用 scripts/pg-up 启动一个）"
        ),
        _ => eprintln!(
            "跳过 PostgreSQL：{PG_ENV} 未设置（运行 scripts/test，或 eval \"$(scripts/pg-up)\"）"
        ),
    }
}

/// Declares each listed `async fn(TestDb)` (in scope where the macro is called) as two tests,
/// `…::sqlite` and `…::postgres`. The calling crate needs `tokio` (with `macros`).
#[macro_export]
macro_rules! both_backends {
    ($($name:ident),* $(,)?) => {
        $(
            mod $name {
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn sqlite() {
                    $crate::run($crate::Backend::Sqlite, super::$name).await;
                }
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn postgres() {
                    $crate::run($crate::Backend::Postgres, super::$name).await;
                }
            }
        )*
    };
}

/// Declares each listed `async fn(TestDb)` as one test, `…::sqlite`, for what exists only on
/// SQLite (its writer connection, another process on the same file).
#[macro_export]
macro_rules! sqlite_only {
    ($($name:ident),* $(,)?) => {
        $(
            mod $name {
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn sqlite() {
                    $crate::on_sqlite(super::$name).await;
                }
            }
        )*
    };
}
