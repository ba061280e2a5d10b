//! The profile's JSON written straight into a buffer: the same bytes as serialising
//! [`Profile::to_json`], without building the `serde_json::Value` tree.
//!
//! Why: every self-check answer echoes the profile in its receipt, and building the nested tree
//! (a `String` key and a `Value` per fact, maps per group) cost about as much as writing all
//! the report's sentences.

use std::cmp::Ordering;

use jiff::civil::Date;
use rust_decimal::Decimal;
use serde_json::Value;

use super::Profile;
use super::value::{FactValue, quantity_json};
use crate::json_output::{put, put_array, put_known, put_plain, put_str};

/// What one key of the nested document holds.
enum Leaf<'a> {
    Fact(&'a FactValue),
    /// The check date.
    Date(Date),
    /// The measure named.
    Text(&'a str),
    /// A record (history, application, reviews), as `to_json` writes it.
    Field(Value),
}

impl Profile {
    /// Appends the profile's JSON, as `serde_json::to_writer(out, &self.to_json())` would.
    pub(crate) fn write_json(&self, out: &mut Vec<u8>) {
        // The document's keys in the nested tree's order: `to_json` nests the facts by their
        // dotted names into sorted maps, which orders them segment by segment (`a.b` before
        // `a-c`, though `a-c` sorts first as a whole name).
        let mut keys: Vec<(&str, Leaf<'_>)> = Vec::with_capacity(self.facts.len() + 5);
        keys.extend(
            self.facts
                .iter()
                .map(|(name, value)| (name.as_str(), Leaf::Fact(value))),
        );
        let mut fields = vec![("as_of", Leaf::Date(self.as_of))];
        if let Some(p) = &self.policy {
            fields.push(("policy", Leaf::Text(p)));
        }
        fields.extend(
            self.record_fields()
                .into_iter()
                .map(|(k, v)| (k, Leaf::Field(v))),
        );
        // Names without a byte below the dot (dictionary names are letters, digits and `_`)
        // sort the same whole and segment by segment: the facts are in order already and the
        // few fields go in where they belong. Any other name, and the whole list is sorted.
        // Such names without a backslash also need no escaping (JSON escapes only control
        // characters, `"` and `\`, all of them but `\` below the dot).
        // Each name's bytes folded without an early exit, which the compiler vectorises.
        let plain = self.facts.keys().all(|n| {
            n.as_str()
                .bytes()
                .fold(true, |ok, b| ok & (b >= b'.') & (b != b'\\'))
        });
        if plain {
            for field in fields {
                let at = keys.partition_point(|k| by_segments(k.0, field.0) == Ordering::Less);
                keys.insert(at, field);
            }
        } else {
            keys.extend(fields);
            keys.sort_by(|a, b| by_segments(a.0, b.0));
        }
        // A name that is another's prefix (`a` beside `a.b`), or given twice, makes `to_json`
        // replace one with the other; the dictionary never names facts so, but should it, the
        // tree decides.
        let clash = keys.windows(2).any(|w| {
            let (a, b) = (w[0].0, w[1].0);
            a == b || b.strip_prefix(a).is_some_and(|rest| rest.starts_with('.'))
        });
        if clash {
            put(out, &self.to_json());
            return;
        }
        write_nested(out, &keys, plain);
    }
}

/// The nested tree's order of two dotted names: segment by segment, so at the first byte
/// where they differ, the name whose segment ends there (its end or a dot) comes first. The
/// same as `a.split('.').cmp(b.split('.'))`, without the iterators (this runs on every answer).
fn by_segments(a: &str, b: &str) -> Ordering {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    let same = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    match (a.get(same), b.get(same)) {
        (None, None) => Ordering::Equal,
        (None, Some(_)) | (Some(b'.'), Some(_)) => Ordering::Less,
        (Some(_), None) | (Some(_), Some(b'.')) => Ordering::Greater,
        (Some(x), Some(y)) => x.cmp(y),
    }
}

/// Writes the keys (in the tree's order, none another's prefix) as nested objects: the groups
/// a name shares with the one before stay open, the others are closed and opened. `plain`:
/// no key needs escaping.
fn write_nested(out: &mut Vec<u8>, keys: &[(&str, Leaf<'_>)], plain: bool) {
    // The dotted path of the objects open now, each segment followed by its dot (`a.b.`).
    let mut open = "";
    // Whether the innermost open object has no member yet.
    let mut empty = true;
    out.push(b'{');
    for (name, leaf) in keys {
        while !name.starts_with(open) {
            let inner = &open[..open.len() - 1];
            open = &open[..inner.rfind('.').map_or(0, |dot| dot + 1)];
            out.push(b'}');
            empty = false;
        }
        let mut rest = &name[open.len()..];
        while let Some(dot) = rest.find('.') {
            member(out, &mut empty, &rest[..dot], plain);
            out.push(b'{');
            empty = true;
            open = &name[..name.len() - rest.len() + dot + 1];
            rest = &rest[dot + 1..];
        }
        member(out, &mut empty, rest, plain);
        match leaf {
            Leaf::Fact(value) => put_fact(out, value),
            Leaf::Date(d) => put_date(out, *d),
            Leaf::Text(t) => put_str(out, t),
            Leaf::Field(value) => put(out, value),
        }
    }
    for _ in open.matches('.') {
        out.push(b'}');
    }
    out.push(b'}');
}

/// Writes `"key":` as the next member of the innermost open object; `plain`: the key needs
/// no escaping.
fn member(out: &mut Vec<u8>, empty: &mut bool, key: &str, plain: bool) {
    if !*empty {
        out.push(b',');
    }
    *empty = false;
    put_known(out, key, plain);
    out.push(b':');
}

/// Appends a fact's value as the profile format writes it: the same bytes as
/// `serde_json::to_writer(out, &value.to_json())`, without the `Value` (every report writes
/// each fact it read twice, in the condition's values and in the receipt).
pub(crate) fn put_fact(out: &mut Vec<u8>, value: &FactValue) {
    match value {
        FactValue::Quantity(q) => put_quantity(out, *q),
        FactValue::Bool(b) => out.extend_from_slice(if *b { b"true" } else { b"false" }),
        FactValue::Choice(c) | FactValue::Text(c) => put_str(out, c),
        FactValue::Set(items) => put_array(out, items, |out, item| put_str(out, item)),
        FactValue::Date(d) => put_date(out, *d),
        // Six digits: nothing to escape.
        FactValue::Region(r) => put_plain(out, r.as_str()),
    }
}

/// A quantity as [`quantity_json`] writes it; a whole number (most are counts and areas)
/// straight from its digits.
fn put_quantity(out: &mut Vec<u8>, q: Decimal) {
    let n = q.normalize();
    if n.scale() == 0
        && let Ok(i) = i64::try_from(n.mantissa())
    {
        out.extend_from_slice(itoa::Buffer::new().format(i).as_bytes());
    } else {
        put(out, &quantity_json(q));
    }
}

/// A date as its `Display` text in quotes (`"2024-06-30"`): no escaping needed.
fn put_date(out: &mut Vec<u8>, d: Date) {
    put_plain(out, &crate::text::date_text(d));
}

#[cfg(test)]
mod tests {
    use std::collections::{BTreeMap, BTreeSet};

    use jiff::civil::date;
    use policy::Library;
    use policy::facts::FactName;
    use proptest::prelude::*;
    use rust_decimal::Decimal;

    use super::super::{Application, FraudFinding, History, Profile, Review};
    use super::FactValue;

    fn same_as_tree(p: &Profile) -> Result<(), TestCaseError> {
        let mut fast = Vec::new();
        p.write_json(&mut fast);
        let tree = serde_json::to_vec(&p.to_json()).expect("json");
        prop_assert_eq!(String::from_utf8(fast).ok(), String::from_utf8(tree).ok());
        Ok(())
    }

    #[test]
    fn each_measures_passing_profile_is_written_as_its_tree() {
        let lib = Library::embedded().expect("embedded policies");
        for toml in [
            include_str!("../../tests/profiles/anshan-2020.toml"),
            include_str!("../../tests/profiles/inner-mongolia-2020.toml"),
            include_str!("../../tests/profiles/shuozhou-2016.toml"),
            include_str!("../../tests/profiles/xinjiang-2019.toml"),
        ] {
            let p = Profile::from_toml(toml, &lib.facts).expect("profile");
            same_as_tree(&p).expect("same bytes");
        }
    }

    fn value() -> impl Strategy<Value = FactValue> {
        prop_oneof![
            (any::<i64>(), 0u32..4).prop_map(|(n, s)| FactValue::Quantity(Decimal::new(n, s))),
            any::<bool>().prop_map(FactValue::Bool),
            any::<String>().prop_map(FactValue::Text),
            proptest::collection::btree_set("[a-c\"\\\\é]{0,3}", 0..3).prop_map(FactValue::Set),
            (1900i16..2100, 1i8..13, 1i8..29).prop_map(|(y, m, d)| FactValue::Date(date(y, m, d))),
        ]
    }

    /// Names whose whole-name order differs from the nested order (`a-c` sorts before `a.b`,
    /// but the group `a` comes before the key `a-c`), and some that clash (`a` beside `a.b`,
    /// `history` beside `history.x`).
    fn name() -> impl Strategy<Value = FactName> {
        proptest::collection::vec(
            prop_oneof![
                Just("a"),
                Just("a-c"),
                Just("a_b"),
                Just("b"),
                Just("as_of"),
                Just("history"),
                Just("空间"),
                // Sorts after the dot but needs escaping.
                Just("b\\c")
            ],
            1..4,
        )
        .prop_map(|s| FactName(s.join(".")))
    }

    proptest! {
        /// Whole numbers beyond `i64`, decimals with trailing zeros, and every year jiff
        /// allows (four digits or six with a sign) are written as the `Value` writes them.
        #[test]
        fn a_fact_value_is_written_as_its_json_value(
            value in prop_oneof![
                value(),
                (any::<i128>(), 0u32..6).prop_map(|(n, s)| {
                    FactValue::Quantity(Decimal::from_i128_with_scale(n % 10i128.pow(28), s))
                }),
                (-9999i16..=9999, 1i8..13, 1i8..29)
                    .prop_map(|(y, m, d)| FactValue::Date(date(y, m, d))),
                "[0-9]{6}".prop_map(|c| FactValue::Region(
                    policy::model::RegionCode::parse(&c).expect("six digits")
                )),
            ]
        ) {
            let mut fast = Vec::new();
            super::put_fact(&mut fast, &value);
            let slow = serde_json::to_vec(&value.to_json()).expect("json");
            prop_assert_eq!(String::from_utf8(fast).ok(), String::from_utf8(slow).ok());
        }
    }

    proptest! {
        #[test]
        fn the_segment_order_is_that_of_the_split_names(
            a in "[a.b\\-_\u{0}é]{0,6}",
            b in "[a.b\\-_\u{0}é]{0,6}",
        ) {
            prop_assert_eq!(super::by_segments(&a, &b), a.split('.').cmp(b.split('.')));
        }

        #[test]
        fn any_profile_is_written_as_its_tree(
            facts in proptest::collection::btree_map(name(), value(), 0..12),
            policy in proptest::option::of("[a-z-]{1,8}"),
            fraud in any::<bool>(),
            application in any::<bool>(),
            review in any::<bool>(),
        ) {
            let p = Profile {
                as_of: date(2024, 6, 30),
                policy,
                facts,
                history: History {
                    fraud_findings: if fraud {
                        vec![FraudFinding { date: date(2023, 1, 2), body: Some("市局".into()) }]
                    } else {
                        Vec::new()
                    },
                },
                application: application.then(|| Application {
                    submitted_on: date(2024, 6, 1),
                    call: Some("call-1".into()),
                }),
                reviews: if review {
                    BTreeMap::from([(
                        "6.1".to_string(),
                        Review { met: true, reviewer: None, note: Some("\"好\"".into()) },
                    )])
                } else {
                    BTreeMap::new()
                },
            };
            same_as_tree(&p)?;
        }
    }

    #[test]
    fn a_set_is_written_in_order() {
        let p = Profile {
            as_of: date(2024, 6, 30),
            policy: None,
            facts: BTreeMap::from([(
                FactName("services.kinds".into()),
                FactValue::Set(BTreeSet::from(["培训".to_string(), "路演".to_string()])),
            )]),
            history: History::default(),
            application: None,
            reviews: BTreeMap::new(),
        };
        let mut out = Vec::new();
        p.write_json(&mut out);
        assert_eq!(
            String::from_utf8(out).expect("UTF-8"),
            r#"{"as_of":"2024-06-30","services":{"kinds":["培训","路演"]}}"#
        );
    }
}
