//! The store: a connection pool to SQLite or PostgreSQL (chosen by the URL), migrated on open,
//! with the attachment folder, the upload limits and the clock.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use jiff::Timestamp;
use sea_orm::sqlx::sqlite::{SqliteJournalMode, SqliteSynchronous};
use sea_orm::{ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DbBackend};
use sea_orm_migration::MigratorTrait;
use tokio::sync::Mutex;

use crate::config::{AttachmentLimits, StoreConfig, redact};
use crate::error::{Result, StoreError};
use crate::migration::Migrator;

/// How long a SQLite writer waits for another process's write lock before giving up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(30);
/// Pool size for SQLite (one writer at a time; readers in parallel under WAL).
const SQLITE_POOL: u32 = 8;

/// The source of "now" for audit entries and row times; tests set a fixed one.
pub type Clock = Arc<dyn Fn() -> Timestamp + Send + Sync>;

/// Which database the store runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// One SQLite file (WAL, foreign keys on; every commit fsynced before it is acknowledged,
    /// shared by the commits queued behind one fsync: `group_commit`).
    Sqlite,
    /// PostgreSQL.
    Postgres,
}

pub(crate) struct Inner {
    pub(crate) db: DatabaseConnection,
    /// SQLite file: the one connection write transactions run on, so the pages they read stay
    /// in its cache (SQLite drops a connection's cache whenever another connection has
    /// written). `None`: they run on the pool (PostgreSQL, in-memory SQLite).
    pub(crate) write_db: Option<DatabaseConnection>,
    pub(crate) backend: Backend,
    pub(crate) attachments: PathBuf,
    pub(crate) limits: AttachmentLimits,
    pub(crate) clock: Clock,
    /// SQLite: serialises this process's write transactions, so none waits on the database
    /// lock while holding a pooled connection another needs; holds what the writer connection
    /// knows of the audit chain's head (`one_trip`).
    pub(crate) writer: Arc<Mutex<crate::one_trip::WriterState>>,
    /// SQLite: the WAL's fsyncs, shared by the commits queued behind one (`group_commit`).
    pub(crate) wal: Arc<crate::group_commit::WalSync>,
    pub(crate) url: String,
    pub(crate) pg_schema: Option<String>,
    /// The change generation, shared by every clone (see `changes`).
    pub(crate) changes: Arc<crate::changes::Changes>,
}

/// The system of record. Cheap to clone (shared pool).
#[derive(Clone)]
pub struct Store {
    pub(crate) inner: Arc<Inner>,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store")
            .field("backend", &self.inner.backend)
            .field("url", &redact(&self.inner.url))
            .finish()
    }
}

impl Store {
    /// Opens (creating the data folder and SQLite file if needed) and applies pending
    /// migrations.
    pub async fn open(config: &StoreConfig) -> Result<Self> {
        let store = Self::connect(config).await?;
        store.migrate().await?;
        Ok(store)
    }

    /// Opens without migrating (for `db migrate` to report what it applies).
    pub async fn connect(config: &StoreConfig) -> Result<Self> {
        let url = config.url();
        let backend = if url.starts_with("sqlite:") {
            Backend::Sqlite
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Backend::Postgres
        } else {
            return Err(StoreError::UnsupportedUrl { url: redact(&url) });
        };
        if config.database_url.is_none() {
            std::fs::create_dir_all(&config.data_dir)
                .map_err(|e| StoreError::io(&config.data_dir, e))?;
        }
        let sqlite_opts = |connections: u32| {
            let mut opts = ConnectOptions::new(url.clone());
            opts.sqlx_logging(false);
            opts.max_connections(connections).map_sqlx_sqlite_opts(|o| {
                // NORMAL: no fsync inside COMMIT; `Tx::commit` fsyncs the WAL itself, once
                // for the commits queued behind one fsync (`group_commit`).
                o.journal_mode(SqliteJournalMode::Wal)
                    .synchronous(SqliteSynchronous::Normal)
                    .foreign_keys(true)
                    .busy_timeout(BUSY_TIMEOUT)
            });
            opts
        };
        let opts = match backend {
            Backend::Sqlite => sqlite_opts(SQLITE_POOL),
            Backend::Postgres => {
                let mut opts = ConnectOptions::new(url.clone());
                opts.sqlx_logging(false);
                if let Some(schema) = &config.pg_schema {
                    check_schema_name(schema)?;
                    let admin = Database::connect(url.as_str()).await?;
                    sea_orm::ConnectionTrait::execute_unprepared(
                        &admin,
                        &format!("CREATE SCHEMA IF NOT EXISTS \"{schema}\""),
                    )
                    .await?;
                    admin.close().await?;
                    opts.set_schema_search_path(schema.clone());
                }
                opts
            }
        };
        let db = Database::connect(opts).await?;
        let (wal, write_db) = match backend {
            Backend::Sqlite => {
                let file = sqlite_file(&db).await?;
                // A file gets its own writer connection; an in-memory database is one per
                // pool, so its writes stay on the pool.
                let write_db = match file {
                    Some(_) => Some(Database::connect(sqlite_opts(1)).await?),
                    None => None,
                };
                (crate::group_commit::WalSync::new(file.as_deref()), write_db)
            }
            Backend::Postgres => (crate::group_commit::WalSync::new(None), None),
        };
        Ok(Self {
            inner: Arc::new(Inner {
                db,
                write_db,
                backend,
                attachments: config.attachments(),
                limits: config.attachment_limits.clone(),
                clock: Arc::new(Timestamp::now),
                writer: Arc::new(Mutex::new(crate::one_trip::WriterState::default())),
                wal: Arc::new(wal),
                url,
                pg_schema: config.pg_schema.clone(),
                changes: crate::changes::Changes::new(),
            }),
        })
    }

    /// Applies pending migrations; returns the names of those applied.
    pub async fn migrate(&self) -> Result<Vec<String>> {
        let pending: Vec<String> = Migrator::get_pending_migrations(&self.inner.db)
            .await?
            .iter()
            .map(|m| m.name().to_owned())
            .collect();
        if !pending.is_empty() {
            Migrator::up(&self.inner.db, None).await?;
            // The migrations commit outside `Tx`: make them durable before anything builds on
            // them.
            self.inner.wal.committed().await?;
        }
        Ok(pending)
    }

    /// The same store with another clock (tests; a scheduler replaying a date).
    pub fn with_clock(&self, clock: Clock) -> Self {
        let i = &self.inner;
        Self {
            inner: Arc::new(Inner {
                db: i.db.clone(),
                write_db: i.write_db.clone(),
                backend: i.backend,
                attachments: i.attachments.clone(),
                limits: i.limits.clone(),
                clock,
                writer: i.writer.clone(),
                wal: i.wal.clone(),
                url: i.url.clone(),
                pg_schema: i.pg_schema.clone(),
                changes: i.changes.clone(),
            }),
        }
    }

    /// The connection pool, for reads (every read function takes `&impl ConnectionTrait`).
    pub fn db(&self) -> &DatabaseConnection {
        &self.inner.db
    }

    /// Where write transactions run (see `Inner::write_db`).
    pub(crate) fn write_db(&self) -> &DatabaseConnection {
        self.inner.write_db.as_ref().unwrap_or(&self.inner.db)
    }

    /// The backend.
    pub fn backend(&self) -> Backend {
        self.inner.backend
    }

    /// sea-orm's name of the backend.
    pub fn db_backend(&self) -> DbBackend {
        match self.inner.backend {
            Backend::Sqlite => DbBackend::Sqlite,
            Backend::Postgres => DbBackend::Postgres,
        }
    }

    /// The current instant, from the store's clock.
    pub fn now(&self) -> Timestamp {
        crate::time::to_micros((self.inner.clock)())
    }

    /// Why this process no longer accepts writes: an fsync of the SQLite log failed (see
    /// [`StoreError::Durability`]). `None` while writes are accepted.
    pub fn durability_failure(&self) -> Option<&str> {
        self.inner.wal.failure()
    }

    /// The URL with any password hidden.
    pub fn url_redacted(&self) -> String {
        redact(&self.inner.url)
    }

    /// Closes the pool.
    pub async fn close(self) -> Result<()> {
        if let Ok(inner) = Arc::try_unwrap(self.inner) {
            inner.db.close().await?;
            if let Some(write_db) = inner.write_db {
                write_db.close().await?;
            }
        }
        Ok(())
    }
}

/// The main database file of a SQLite pool (`None` for an in-memory database).
async fn sqlite_file(db: &DatabaseConnection) -> Result<Option<PathBuf>> {
    let row = db
        .query_one_raw(sea_orm::Statement::from_string(
            DbBackend::Sqlite,
            "SELECT file FROM pragma_database_list WHERE name = 'main'",
        ))
        .await?;
    let file: Option<String> = match row {
        Some(r) => r.try_get_by_index(0)?,
        None => None,
    };
    Ok(file.filter(|f| !f.is_empty()).map(PathBuf::from))
}

/// Schema names are interpolated into SQL: only `[a-z0-9_]`, starting with a letter.
fn check_schema_name(schema: &str) -> Result<()> {
    let ok = schema
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_lowercase())
        && schema
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    if ok {
        Ok(())
    } else {
        Err(StoreError::InvalidSchema {
            schema: schema.to_owned(),
        })
    }
}
