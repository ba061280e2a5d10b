//! Compact JSON written straight into a byte buffer, byte for byte as `serde_json` writes it:
//! the report's fast path (`eligibility::check_json`) and the profile echoed in its receipt.

use serde::Serialize;

/// Appends a value's compact JSON. Writing into a `Vec` cannot fail, and the values written
/// here (strings, numbers, dates, the report's own types) always serialise.
pub(crate) fn put<T: Serialize + ?Sized>(out: &mut Vec<u8>, value: &T) {
    let _ = serde_json::to_writer(&mut *out, value);
}

/// Appends a string as JSON, as [`put`] would. Why not `put`: most sentences need no escape at
/// all, and testing that over the whole string at once is several times faster than
/// `serde_json`'s byte-by-byte escaper, which was the largest single cost of writing a report.
pub(crate) fn put_str(out: &mut Vec<u8>, s: &str) {
    if needs_escape(s.as_bytes()) {
        put(out, s);
    } else {
        put_plain(out, s);
    }
}

/// Appends a string that needs no escaping (a status code, a date, a region code, text already
/// tested) in quotes.
pub(crate) fn put_plain(out: &mut Vec<u8>, s: &str) {
    out.reserve(s.len() + 2);
    out.push(b'"');
    out.extend_from_slice(s.as_bytes());
    out.push(b'"');
}

/// Whether any byte is one JSON escapes: a control character (below 0x20), `"` or `\`. A fold
/// without early exit, which the compiler vectorises (a hand-written eight-bytes-a-word test
/// measured slower).
pub(crate) fn needs_escape(bytes: &[u8]) -> bool {
    bytes.iter().fold(false, |any, &b| {
        any | (b < 0x20) | (b == b'"') | (b == b'\\')
    })
}

/// Appends a string as JSON: as [`put_plain`] when `plain` (the caller knows it needs no
/// escaping), else as [`put_str`].
pub(crate) fn put_known(out: &mut Vec<u8>, s: &str, plain: bool) {
    if plain {
        put_plain(out, s);
    } else {
        put_str(out, s);
    }
}

/// Whether every string in a value's JSON is written as it is, with no escape: `serde_json`
/// escapes only with a backslash, so the JSON holds one exactly when some string needed it.
pub(crate) fn serialises_plain<T: Serialize + ?Sized>(value: &T) -> bool {
    serde_json::to_vec(value).is_ok_and(|json| !json.contains(&b'\\'))
}

/// Appends a JSON array, each item written by `each`.
pub(crate) fn put_array<T>(
    out: &mut Vec<u8>,
    items: impl IntoIterator<Item = T>,
    mut each: impl FnMut(&mut Vec<u8>, T),
) {
    out.push(b'[');
    for (i, item) in items.into_iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        each(out, item);
    }
    out.push(b']');
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::put_str;

    fn written(s: &str) -> String {
        let mut out = Vec::new();
        put_str(&mut out, s);
        String::from_utf8(out).expect("UTF-8")
    }

    #[test]
    fn a_string_needing_escapes_is_escaped_as_serde_json_does() {
        for s in [
            "第六条第3项「满1年」",
            "名称含\"引号\"与\\反斜杠",
            "换行\n制表\t回车\r与\u{1}控制字符",
            "",
            "\u{7f}删除符不转义",
        ] {
            assert_eq!(written(s), serde_json::to_string(s).expect("json"), "{s:?}");
        }
    }

    proptest! {
        /// The vectorised test against a byte-by-byte one, on bytes at every edge (the control
        /// characters' end, the quote, the backslash, the high bit) at every offset.
        #[test]
        fn the_escape_test_finds_exactly_the_bytes_json_escapes(
            bytes in proptest::collection::vec(
                // Mostly bytes that need no escape, so that many strings need none at all.
                prop_oneof![
                    30 => proptest::sample::select(
                        &[0x20u8, 0x21, 0x23, 0x5b, 0x5d, 0x7f, 0x80, 0xa0, 0xff][..]
                    ),
                    1 => proptest::sample::select(&[0x00u8, 0x1f, b'"', b'\\'][..]),
                ],
                0..40,
            )
        ) {
            let naive = bytes.iter().any(|&b| b < 0x20 || b == b'"' || b == b'\\');
            prop_assert_eq!(super::needs_escape(&bytes), naive);
        }

        #[test]
        fn any_string_is_written_as_serde_json_writes_it(s in any::<String>()) {
            prop_assert_eq!(written(&s), serde_json::to_string(&s).expect("json"));
        }
    }
}
