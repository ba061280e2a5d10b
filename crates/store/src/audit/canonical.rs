//! The canonical serialisation an entry's hash is computed over, and the SM3 hash.
//!
//! An entry hashes as the SM3 (GB/T 32905-2016) of the UTF-8 JSON array
//! `["makerspace-audit/1", seq, at, actor_id, actor_role, subject_kind, subject_id, action,
//! reason, before, after, prev_hash]`, where `at` is RFC 3339 UTC with six fractional digits,
//! `before`/`after` are the stored canonical JSON texts (or null) and `prev_hash` is the previous
//! entry's hash (64 zeros for the first). Canonical JSON sorts object keys and has no spaces.

use serde_json::Value;
use sm3::{Digest, Sm3};

use crate::audit::AuditRecord;

/// The `prev_hash` of the first entry.
pub const GENESIS_HASH: &str = "0000000000000000000000000000000000000000000000000000000000000000";
/// Names the serialisation, so a later format can be told apart.
const FORMAT: &str = "makerspace-audit/1";

/// JSON with object keys sorted at every level and no insignificant white space.
pub fn canonical_json(v: &Value) -> String {
    let mut out = Vec::new();
    write(v, &mut out);
    // Only serde_json's own output and ASCII punctuation were written.
    String::from_utf8(out).expect("serde_json writes UTF-8")
}

/// Writes `v` canonically: keys and scalars straight from serde_json's compact writer (no text
/// made per key or value), keys sorted here whatever order the map keeps.
fn write(v: &Value, out: &mut Vec<u8>) {
    match v {
        Value::Object(map) => {
            let mut entries: Vec<(&String, &Value)> = map.iter().collect();
            entries.sort_unstable_by(|a, b| a.0.cmp(b.0));
            out.push(b'{');
            for (i, (k, item)) in entries.into_iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                scalar(k, out);
                out.push(b':');
                write(item, out);
            }
            out.push(b'}');
        }
        Value::Array(items) => {
            out.push(b'[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                write(item, out);
            }
            out.push(b']');
        }
        other => scalar(other, out),
    }
}

/// A string, number, boolean or null, as serde_json writes it compactly.
fn scalar<T: serde::Serialize + ?Sized>(v: &T, out: &mut Vec<u8>) {
    serde_json::to_writer(out, v).expect("a scalar serialises into memory");
}

/// The lower-case hex SM3 hash of an entry (its `hash` field is ignored).
pub fn entry_hash(e: &AuditRecord) -> String {
    // An array of strings, numbers and nulls: its compact JSON is already canonical, so the
    // fields are written as they are, the before and after texts without a copy.
    let fields = (
        FORMAT,
        e.seq,
        crate::time::canonical(e.at),
        &e.actor.id,
        &e.actor.role,
        &e.subject_kind,
        &e.subject_id,
        &e.action,
        &e.reason,
        &e.before,
        &e.after,
        &e.prev_hash,
    );
    let text = serde_json::to_vec(&fields).expect("strings and numbers serialise into memory");
    hex::encode(Sm3::digest(&text))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sm3_matches_the_standard_example() {
        // GB/T 32905-2016 附录 A.1: SM3("abc").
        assert_eq!(
            hex::encode(Sm3::digest(b"abc")),
            "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0"
        );
    }

    /// An entry with every kind of field: text to escape (quotes, a backslash, a control
    /// character, Chinese), a missing reason, nested before/after.
    fn sample() -> AuditRecord {
        let before = serde_json::json!({"名称": "甲\"乙\\丙\n", "b": [1.5, -2, null, true]});
        let after = serde_json::json!({"z": {"y": {}, "x": []}, "a": "\u{1}"});
        AuditRecord {
            seq: 42,
            at: "2026-12-07T08:00:00.123456Z".parse().unwrap(),
            actor: crate::Actor::new("7", "authority"),
            subject_kind: "case".into(),
            subject_id: "9".into(),
            action: "submit".into(),
            reason: None,
            before: Some(canonical_json(&before)),
            after: Some(canonical_json(&after)),
            prev_hash: GENESIS_HASH.into(),
            hash: String::new(),
        }
    }

    #[test]
    fn the_hash_of_an_entry_stays_what_stored_chains_were_written_with() {
        // Computed by the first implementation (a `serde_json::Value` array, canonicalised):
        // any later one must give the same bytes, or every stored chain stops verifying.
        let e = sample();
        assert_eq!(
            e.before.as_deref(),
            Some(r#"{"b":[1.5,-2,null,true],"名称":"甲\"乙\\丙\n"}"#)
        );
        assert_eq!(
            e.after.as_deref(),
            Some(r#"{"a":"\u0001","z":{"x":[],"y":{}}}"#)
        );
        assert_eq!(
            entry_hash(&e),
            "efe3faa1e9010794fe4128f06e67b86159623a8455472160706cb581d4811fed"
        );
    }

    #[test]
    fn keys_are_sorted_at_every_level() {
        let v = serde_json::json!({"b": 1, "a": {"d": [1, {"z": null, "y": "是"}], "c": true}});
        assert_eq!(
            canonical_json(&v),
            r#"{"a":{"c":true,"d":[1,{"y":"是","z":null}]},"b":1}"#
        );
    }
}
