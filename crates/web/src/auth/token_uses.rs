//! Bearer tokens' last use, written behind the requests: a request notes the use in memory and
//! goes on; the uses noted within `auth.token_use_flush_ms` are written together in one
//! transaction (`store::api_token::touch_all`). Many systems each calling once then cost one
//! commit, not one durable write each before their request can proceed.
//!
//! `last_used_at` tells an administrator whether a token is still in use; it is not a record of
//! anyone's action (those are audited with the action), so losing the last second of it in a
//! crash loses nothing the system promised to keep.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use jiff::Timestamp;

/// Uses waiting to be written.
#[derive(Debug, Default)]
pub struct TokenUses {
    pending: Mutex<HashMap<i64, Timestamp>>,
}

impl TokenUses {
    /// Notes a use of token `id` at `at`; the first use noted after a write schedules the next
    /// one, `after` later, on `store`.
    pub fn note(self: &Arc<Self>, store: &store::Store, id: i64, at: Timestamp, after: Duration) {
        let first = {
            let mut pending = self.pending.lock().unwrap_or_else(|p| p.into_inner());
            let first = pending.is_empty();
            let slot = pending.entry(id).or_insert(at);
            *slot = (*slot).max(at);
            first
        };
        if first {
            let uses = self.clone();
            let store = store.clone();
            tokio::spawn(async move {
                tokio::time::sleep(after).await;
                uses.write(&store).await;
            });
        }
    }

    /// Writes every use noted so far (also called at shutdown).
    pub async fn write(&self, store: &store::Store) {
        let batch: Vec<(i64, Timestamp)> = {
            let mut pending = self.pending.lock().unwrap_or_else(|p| p.into_inner());
            pending.drain().collect()
        };
        if let Err(e) = store::api_token::touch_all(store, &batch).await {
            tracing::warn!(error = %e, tokens = batch.len(), "token last use not written");
        }
    }

    /// How many uses wait to be written.
    pub fn pending(&self) -> usize {
        self.pending.lock().unwrap_or_else(|p| p.into_inner()).len()
    }
}
