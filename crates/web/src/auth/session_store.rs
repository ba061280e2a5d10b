//! tower-sessions' `SessionStore` over the store crate's `session` table (both backends). The
//! cookie carries the session id; the table keys on its SHA-256. The signed-in account and the
//! CSRF token are kept in columns of their own as well as in the data.

use std::collections::HashMap;

use async_trait::async_trait;
use store::Store;
use store::session::{SessionRow, hash_id};
use tower_sessions::SessionStore;
use tower_sessions::session::{Id, Record};
use tower_sessions::session_store::{Error, Result};

/// The data key of the signed-in account's id.
pub const ACCOUNT_KEY: &str = "account_id";
/// The data key of the CSRF token.
pub const CSRF_KEY: &str = "csrf";
/// The data key of the signed-in account's role, for the pages' navigation only
/// (`pages::viewer`); access is always checked on the account itself.
pub const ROLE_KEY: &str = "role";

/// Sessions in the store.
#[derive(Clone)]
pub struct DbSessionStore {
    store: Store,
}

impl std::fmt::Debug for DbSessionStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DbSessionStore").finish_non_exhaustive()
    }
}

impl DbSessionStore {
    /// Sessions in `store`.
    pub fn new(store: Store) -> Self {
        Self { store }
    }
}

fn backend(e: store::StoreError) -> Error {
    Error::Backend(e.to_string())
}

fn to_timestamp(t: time::OffsetDateTime) -> jiff::Timestamp {
    let micros = i64::try_from(t.unix_timestamp_nanos() / 1000).unwrap_or(i64::MAX);
    jiff::Timestamp::from_microsecond(micros).unwrap_or(jiff::Timestamp::MAX)
}

fn to_offset(t: jiff::Timestamp) -> time::OffsetDateTime {
    time::OffsetDateTime::from_unix_timestamp_nanos(i128::from(t.as_microsecond()) * 1000)
        .unwrap_or(time::OffsetDateTime::UNIX_EPOCH)
}

impl DbSessionStore {
    fn row(&self, record: &Record) -> Result<SessionRow> {
        let data_json =
            serde_json::to_string(&record.data).map_err(|e| Error::Encode(e.to_string()))?;
        Ok(SessionRow {
            id_hash: hash_id(&record.id.to_string()),
            account_id: record.data.get(ACCOUNT_KEY).and_then(|v| v.as_i64()),
            created_at: self.store.now(),
            expires_at: to_timestamp(record.expiry_date),
            csrf_token: record
                .data
                .get(CSRF_KEY)
                .and_then(|v| v.as_str())
                .map(str::to_owned),
            data_json,
        })
    }
}

#[async_trait]
impl SessionStore for DbSessionStore {
    async fn create(&self, record: &mut Record) -> Result<()> {
        loop {
            let row = self.row(record)?;
            if store::session::insert(&self.store, &row)
                .await
                .map_err(backend)?
            {
                return Ok(());
            }
            record.id = Id::default();
        }
    }

    async fn save(&self, record: &Record) -> Result<()> {
        let row = self.row(record)?;
        store::session::save(&self.store, &row)
            .await
            .map_err(backend)
    }

    async fn load(&self, id: &Id) -> Result<Option<Record>> {
        let Some(row) =
            store::session::load(self.store.db(), &hash_id(&id.to_string()), self.store.now())
                .await
                .map_err(backend)?
        else {
            return Ok(None);
        };
        let data: HashMap<String, serde_json::Value> =
            serde_json::from_str(&row.data_json).map_err(|e| Error::Decode(e.to_string()))?;
        Ok(Some(Record {
            id: *id,
            data,
            expiry_date: to_offset(row.expires_at),
        }))
    }

    async fn delete(&self, id: &Id) -> Result<()> {
        store::session::delete(&self.store, &hash_id(&id.to_string()))
            .await
            .map_err(backend)
    }
}
