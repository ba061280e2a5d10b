//! Compact JSON written straight into a byte buffer, byte for byte as `serde_json` writes it:
//! the report's fast path (`eligibility::check_json`) and the profile echoed in its receipt.

use serde::Serialize;

/// Appends a value's compact JSON. Writing into a `Vec` cannot fail, and the values written
/// here (strings, numbers, dates, the report's own types) always serialise.
pub(crate) fn put<T: Serialize + ?Sized>(out: &mut Vec<u8>, value: &T) {
    let _ = serde_json::to_writer(&mut *out, value);
}

/// Appends a string as JSON, as [`put`] would. Why not `put`: most sentences need no escape at
/// all, and testing that over the whole string at once (a fold without early exit, which the
/// compiler can vectorise) is several times faster than `serde_json`'s byte-by-byte escaper, which
/// was the largest single cost of writing a report.
pub(crate) fn put_str(out: &mut Vec<u8>, s: &str) {
    let needs_escape = s.bytes().fold(false, |any, b| {
        any | (b < 0x20) | (b == b'"') | (b == b'\\')
    });
    if needs_escape {
        put(out, s);
    } else {
        out.reserve(s.len() + 2);
        out.push(b'"');
        out.extend_from_slice(s.as_bytes());
        out.push(b'"');
    }
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
        #[test]
        fn any_string_is_written_as_serde_json_writes_it(s in any::<String>()) {
            prop_assert_eq!(written(&s), serde_json::to_string(&s).expect("json"));
        }
    }
}
