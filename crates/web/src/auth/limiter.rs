//! Failed sign-ins counted in memory per client address (and per unknown login name, so a
//! name that does not exist locks like one that does). Known logins are also locked in the
//! store (`credential.locked_until`), which survives restarts and is shared between nodes.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Entries kept before expired ones are swept.
const SWEEP_AT: usize = 10_000;

#[derive(Debug, Clone, Copy)]
struct Entry {
    failures: u32,
    since: Instant,
    locked_until: Option<Instant>,
}

/// The in-memory counters.
#[derive(Debug, Default)]
pub struct Limiter {
    entries: Mutex<HashMap<String, Entry>>,
}

impl Limiter {
    /// Seconds until `key` is unlocked, if it is locked now.
    pub fn locked(&self, key: &str) -> Option<u64> {
        let now = Instant::now();
        let map = self.entries.lock().unwrap_or_else(|p| p.into_inner());
        map.get(key)
            .and_then(|e| e.locked_until)
            .filter(|t| *t > now)
            .map(|t| (t - now).as_secs().max(1))
    }

    /// Counts a failure for `key` within `window`; locks it for `window` at `max` failures.
    /// Returns whether it is now locked.
    pub fn fail(&self, key: &str, max: u32, window: Duration) -> bool {
        let now = Instant::now();
        let mut map = self.entries.lock().unwrap_or_else(|p| p.into_inner());
        if map.len() >= SWEEP_AT {
            map.retain(|_, e| {
                e.locked_until.is_some_and(|t| t > now) || now.duration_since(e.since) < window
            });
        }
        let e = map.entry(key.to_owned()).or_insert(Entry {
            failures: 0,
            since: now,
            locked_until: None,
        });
        if now.duration_since(e.since) >= window || e.locked_until.is_some_and(|t| t <= now) {
            *e = Entry {
                failures: 0,
                since: now,
                locked_until: None,
            };
        }
        e.failures += 1;
        if e.failures >= max.max(1) {
            e.locked_until = Some(now + window);
            e.failures = 0;
            true
        } else {
            false
        }
    }

    /// Forgets `key` (after a success).
    pub fn clear(&self, key: &str) {
        self.entries
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .remove(key);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locks_at_the_limit() {
        let l = Limiter::default();
        let w = Duration::from_secs(60);
        for _ in 0..4 {
            assert!(!l.fail("ip:1", 5, w));
        }
        assert!(l.locked("ip:1").is_none());
        assert!(l.fail("ip:1", 5, w));
        assert!(l.locked("ip:1").is_some());
        assert!(l.locked("ip:2").is_none());
        l.clear("ip:1");
        assert!(l.locked("ip:1").is_none());
    }
}
