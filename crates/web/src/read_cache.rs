//! A cache of reads that stays exact: every entry is tagged with the store's change generation
//! ([`store::Store::generation`]) read before the read was made, and served only while the
//! generation has not moved. Any committed write of this process moves it at once; another
//! process's writes to the register move it when the server next polls the database's change
//! counter (`limits.external_changes_poll_ms`).
//!
//! Used for the register listings (the public register page and `GET /api/v1/register`), which
//! are read far more often than the register changes.

use std::collections::HashMap;
use std::future::Future;
use std::hash::Hash;
use std::sync::{Arc, Mutex};

/// Entries of one generation, at most `capacity` of them.
pub struct ReadCache<K, V> {
    capacity: usize,
    inner: Mutex<Entries<K, V>>,
}

struct Entries<K, V> {
    generation: u64,
    map: HashMap<K, Arc<V>>,
}

impl<K: Eq + Hash, V> ReadCache<K, V> {
    /// An empty cache holding at most `capacity` entries (0: nothing is kept).
    pub fn new(capacity: usize) -> Self {
        Self {
            capacity,
            inner: Mutex::new(Entries {
                generation: 0,
                map: HashMap::new(),
            }),
        }
    }

    /// The value for `key` read at `generation`: from the cache when it holds one of that
    /// generation, else from `load`, kept when the generation is still the newest seen.
    ///
    /// `generation` must be read before `load` starts, so that a write committed during the
    /// read leaves the result tagged with the older number.
    pub async fn get_or_load<E, F, Fut>(
        &self,
        generation: u64,
        key: K,
        load: F,
    ) -> Result<Arc<V>, E>
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<V, E>>,
    {
        if let Some(hit) = self.get(generation, &key) {
            return Ok(hit);
        }
        let value = Arc::new(load().await?);
        self.put(generation, key, value.clone());
        Ok(value)
    }

    fn get(&self, generation: u64, key: &K) -> Option<Arc<V>> {
        let entries = self.inner.lock().unwrap_or_else(|p| p.into_inner());
        (entries.generation == generation)
            .then(|| entries.map.get(key).cloned())
            .flatten()
    }

    fn put(&self, generation: u64, key: K, value: Arc<V>) {
        if self.capacity == 0 {
            return;
        }
        let mut entries = self.inner.lock().unwrap_or_else(|p| p.into_inner());
        if generation > entries.generation {
            entries.generation = generation;
            entries.map.clear();
        }
        // A read of an older generation than the newest seen is answered but not kept; a full
        // cache keeps what it has (the keys are what visitors type: never let them grow it).
        if generation == entries.generation && entries.map.len() < self.capacity {
            entries.map.insert(key, value);
        }
    }

    /// How many entries are held.
    pub fn len(&self) -> usize {
        self.inner
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .map
            .len()
    }

    /// Whether nothing is held.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn load(n: u32) -> Result<u32, ()> {
        Ok(n)
    }

    #[tokio::test]
    async fn serves_a_value_only_for_its_generation() {
        let c = ReadCache::new(4);
        assert_eq!(*c.get_or_load(1, "a", || load(10)).await.unwrap(), 10);
        // Same generation: the cached value, not the new load.
        assert_eq!(*c.get_or_load(1, "a", || load(11)).await.unwrap(), 10);
        // A write moved the generation: read again.
        assert_eq!(*c.get_or_load(2, "a", || load(12)).await.unwrap(), 12);
        assert_eq!(c.len(), 1);
    }

    #[tokio::test]
    async fn a_read_begun_before_a_write_is_not_kept() {
        let c = ReadCache::new(4);
        c.get_or_load(5, "a", || load(1)).await.unwrap();
        // A slow reader that read generation 4 (before the write) finishes late.
        assert_eq!(*c.get_or_load(4, "b", || load(2)).await.unwrap(), 2);
        assert_eq!(*c.get_or_load(5, "b", || load(3)).await.unwrap(), 3);
    }

    #[tokio::test]
    async fn a_full_cache_keeps_what_it_has_and_zero_keeps_nothing() {
        let c = ReadCache::new(2);
        for (i, k) in ["a", "b", "c"].into_iter().enumerate() {
            c.get_or_load(1, k, || load(i as u32)).await.unwrap();
        }
        assert_eq!(c.len(), 2);
        assert_eq!(*c.get_or_load(1, "c", || load(9)).await.unwrap(), 9);
        let off = ReadCache::new(0);
        off.get_or_load(1, "a", || load(1)).await.unwrap();
        assert!(off.is_empty());
    }

    #[tokio::test]
    async fn errors_are_not_kept() {
        let c: ReadCache<&str, u32> = ReadCache::new(2);
        assert!(
            c.get_or_load(1, "a", || async { Err::<u32, _>("down") })
                .await
                .is_err()
        );
        assert!(c.is_empty());
    }
}
