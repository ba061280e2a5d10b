//! The store boundary between `jiff` (the domain's time) and `chrono` (sea-orm's column type).
//! Instants are kept to whole microseconds, the precision PostgreSQL stores, so a value reads
//! back equal on both backends and hashes the same.

use chrono::{DateTime, Utc};
use jiff::Timestamp;

/// Truncates an instant to whole microseconds.
pub fn to_micros(t: Timestamp) -> Timestamp {
    Timestamp::from_microsecond(t.as_microsecond()).unwrap_or(t)
}

/// A `jiff` instant as a `chrono` UTC value (microsecond precision).
pub fn to_chrono(t: Timestamp) -> DateTime<Utc> {
    DateTime::<Utc>::from_timestamp_micros(t.as_microsecond()).unwrap_or_default()
}

/// A `chrono` UTC value as a `jiff` instant (microsecond precision).
pub fn from_chrono(t: DateTime<Utc>) -> Timestamp {
    Timestamp::from_microsecond(t.timestamp_micros()).unwrap_or(Timestamp::UNIX_EPOCH)
}

/// The canonical text of an instant in the audit chain: RFC 3339, UTC, six fractional digits.
pub fn canonical(t: Timestamp) -> String {
    format!("{:.6}", to_micros(t))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_keeps_microseconds() {
        let t: Timestamp = "2026-11-23T13:34:47.123456789Z".parse().unwrap();
        let back = from_chrono(to_chrono(t));
        assert_eq!(back, to_micros(t));
        assert_eq!(canonical(t), "2026-11-23T13:34:47.123456Z");
    }
}
