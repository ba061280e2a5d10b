//! Request ids: unique within the server's life and across restarts, without a random number
//! per request (a UUID v4 costs a `getrandom` system call each time, which showed in the load
//! runs). An id is the process's random prefix, drawn once at start, and a counter:
//! `3f9a1c07-2a` is request 0x2a of the process that drew `3f9a1c07`.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use axum::http::{HeaderValue, Request};
use tower_http::request_id::{MakeRequestId, RequestId};

/// Makes request ids: a per-process prefix and a counter.
#[derive(Clone)]
pub struct SequentialRequestId {
    prefix: Arc<str>,
    next: Arc<AtomicU64>,
}

impl SequentialRequestId {
    /// A maker with a fresh random prefix (the clock's nanoseconds if the system has no
    /// randomness to give: ids must be unique, not secret).
    pub fn new() -> Self {
        let mut bytes = [0u8; 4];
        let seed = match getrandom::fill(&mut bytes) {
            Ok(()) => u32::from_le_bytes(bytes),
            Err(_) => std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.subsec_nanos()),
        };
        Self {
            prefix: format!("{seed:08x}").into(),
            next: Arc::new(AtomicU64::new(1)),
        }
    }
}

impl Default for SequentialRequestId {
    fn default() -> Self {
        Self::new()
    }
}

impl MakeRequestId for SequentialRequestId {
    fn make_request_id<B>(&mut self, _: &Request<B>) -> Option<RequestId> {
        let n = self.next.fetch_add(1, Ordering::Relaxed);
        HeaderValue::from_str(&format!("{}-{n:x}", self.prefix))
            .ok()
            .map(RequestId::new)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(m: &mut SequentialRequestId) -> String {
        let req = Request::new(());
        m.make_request_id(&req)
            .unwrap()
            .header_value()
            .to_str()
            .unwrap()
            .to_string()
    }

    #[test]
    fn ids_are_distinct_and_share_the_process_prefix() {
        let mut a = SequentialRequestId::new();
        let mut b = a.clone();
        let (x, y, z) = (id(&mut a), id(&mut b), id(&mut a));
        assert!(x != y && y != z && x != z);
        let prefix = |s: &str| s.split('-').next().unwrap().to_string();
        assert_eq!(prefix(&x), prefix(&y));
        assert_eq!(prefix(&x).len(), 8);
    }
}
