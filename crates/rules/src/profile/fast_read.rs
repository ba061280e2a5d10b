//! The quick way to read a well-formed profile from JSON text: straight from the text into the
//! facts, without first building a `serde_json::Value` tree of the whole document.
//!
//! It knows one outcome only, success. At the first sign of anything else (a syntax error, an
//! unknown name, a wrong type, a repeated key, a broken constraint) it gives up and the caller
//! reads the text the ordinary way (`Profile::from_json_value`), which finds and words every
//! problem. So the errors stay exactly as they are, and this reader need only agree with the
//! ordinary one on the profiles that are valid (the property tests compare the two).

use std::collections::BTreeMap;
use std::fmt;

use policy::facts::{FactDef, FactDictionary, FactName, FactType};
use policy::model::RegionCode;
use rust_decimal::Decimal;
use serde::de::{self, DeserializeSeed, MapAccess, Visitor};
use serde_json::Value;

use super::parse::{
    RESERVED, check_constraints, parse_application, parse_date, parse_history, parse_policy,
    parse_reviews, parse_value,
};
use super::{FactValue, Profile};

/// Reads `text` as a profile when it is valid; `None` when the ordinary reader must look.
pub(super) fn read(text: &[u8], dict: &FactDictionary) -> Option<Profile> {
    // The text checked as UTF-8 once, whole: read as `str`, serde_json need not check every key
    // and value again on its own.
    let text = std::str::from_utf8(text).ok()?;
    let mut de = serde_json::Deserializer::from_str(text);
    let mut root = Root {
        dict,
        // Room for a long dotted name and a typical profile, so little grows while reading.
        name: String::with_capacity(64),
        facts: Vec::with_capacity(32),
        groups: Vec::with_capacity(16),
        reserved: Default::default(),
    };
    de::Deserializer::deserialize_map(&mut de, RootSeed(&mut root)).ok()?;
    de.end().ok()?;
    root.finish()
}

/// Gives up; the message is never shown (the ordinary reader words the problem).
fn give_up<E: de::Error>() -> E {
    E::custom("read the ordinary way")
}

/// What the walk has gathered.
struct Root<'d> {
    dict: &'d FactDictionary,
    /// The dotted name being read, built in place.
    name: String,
    /// The facts in the order read; sorted into the profile's map at the end.
    facts: Vec<(FactName, FactValue)>,
    /// Groups already read (`premises`), so a repeated one is noticed.
    groups: Vec<String>,
    /// The reserved keys' values, by their place in `RESERVED`.
    reserved: [Option<Value>; RESERVED.len()],
}

impl Root<'_> {
    /// The profile, through the same field readers as the ordinary path; `None` on any error.
    fn finish(mut self) -> Option<Profile> {
        // Built from the sorted list at once rather than fact by fact: a map filled in order
        // needs no search and no node splits. A fact given twice gives up, as it must.
        self.facts.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        if self.facts.windows(2).any(|w| w[0].0 == w[1].0) {
            return None;
        }
        let facts: BTreeMap<FactName, FactValue> = self.facts.into_iter().collect();
        let mut errors = Vec::new();
        let [as_of, policy, history, application, reviews] = &self.reserved;
        let as_of = parse_date("as_of", as_of.as_ref()?, &mut errors)?;
        let policy = parse_policy(policy.as_ref(), &mut errors);
        let history = parse_history(history.as_ref(), &mut errors);
        let application = parse_application(application.as_ref(), &mut errors);
        let reviews = parse_reviews(reviews.as_ref(), &mut errors);
        check_constraints(self.dict, &facts, Some(as_of), &mut errors);
        errors.is_empty().then_some(Profile {
            as_of,
            policy,
            facts,
            history,
            application,
            reviews,
        })
    }

    /// Reads one table's entries under the current name (empty at the root).
    fn table<'de, A: MapAccess<'de>>(&mut self, mut map: A) -> Result<(), A::Error> {
        let base = self.name.len();
        let at_root = base == 0;
        loop {
            self.name.truncate(base);
            if !at_root {
                self.name.push('.');
            }
            if map.next_key_seed(KeySeed(&mut self.name))?.is_none() {
                break;
            }
            if at_root && let Some(slot) = RESERVED.iter().position(|r| *r == self.name) {
                let value: Value = map.next_value()?;
                if self.reserved[slot].replace(value).is_some() {
                    return Err(give_up());
                }
                continue;
            }
            if let Some(def) = self.dict.fact_named(&self.name) {
                let parsed = map.next_value_seed(ValueSeed(def))?;
                self.facts.push((FactName(self.name.clone()), parsed));
                continue;
            }
            self.name.push('.');
            let group = self.dict.is_group(&self.name);
            self.name.pop();
            if !group || self.groups.contains(&self.name) {
                return Err(give_up());
            }
            self.groups.push(self.name.clone());
            map.next_value_seed(TableSeed(self))?;
        }
        self.name.truncate(base);
        Ok(())
    }
}

/// Appends a key to the name buffer, borrowed or unescaped alike.
struct KeySeed<'a>(&'a mut String);

impl<'de> DeserializeSeed<'de> for KeySeed<'_> {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_str(self)
    }
}

impl Visitor<'_> for KeySeed<'_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a key")
    }
    fn visit_str<E: de::Error>(self, key: &str) -> Result<(), E> {
        self.0.push_str(key);
        Ok(())
    }
}

/// The document's top table.
struct RootSeed<'a, 'd>(&'a mut Root<'d>);

impl<'de> Visitor<'de> for RootSeed<'_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a profile table")
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<(), A::Error> {
        self.0.table(map)
    }
}

/// A group of facts (`premises`), read under the current name.
struct TableSeed<'a, 'd>(&'a mut Root<'d>);

impl<'de> DeserializeSeed<'de> for TableSeed<'_, '_> {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_map(RootSeed(self.0))
    }
}

/// One fact's value, read by its type straight from the text. The common shapes (a whole
/// number, yes or no, a text, a list of texts) are taken here exactly as `parse_value` takes
/// them; a negative or fractional number goes through `parse_value` itself; anything else
/// gives up, and the ordinary reader decides.
struct ValueSeed<'d>(&'d FactDef);

impl ValueSeed<'_> {
    /// `parse_value` on a value this reader does not take apart itself.
    fn through_parse_value<E: de::Error>(&self, value: &Value) -> Result<FactValue, E> {
        parse_value(self.0, value, &mut Vec::new()).ok_or_else(give_up)
    }

    /// A listed choice's id, as `parse_value` checks it.
    fn choice<E: de::Error>(&self, s: &str) -> Result<String, E> {
        if self.0.choices.iter().any(|c| c.id == s) {
            Ok(s.to_string())
        } else {
            Err(give_up())
        }
    }
}

impl<'de> DeserializeSeed<'de> for ValueSeed<'_> {
    type Value = FactValue;
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<FactValue, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for ValueSeed<'_> {
    type Value = FactValue;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a fact's value")
    }

    fn visit_bool<E: de::Error>(self, b: bool) -> Result<FactValue, E> {
        match self.0.ty {
            FactType::Bool => Ok(FactValue::Bool(b)),
            _ => Err(give_up()),
        }
    }

    fn visit_u64<E: de::Error>(self, n: u64) -> Result<FactValue, E> {
        match self.0.ty {
            FactType::Number | FactType::Integer => Ok(FactValue::Quantity(Decimal::from(n))),
            _ => Err(give_up()),
        }
    }

    fn visit_i64<E: de::Error>(self, n: i64) -> Result<FactValue, E> {
        self.through_parse_value(&Value::from(n))
    }

    fn visit_f64<E: de::Error>(self, n: f64) -> Result<FactValue, E> {
        self.through_parse_value(&Value::from(n))
    }

    fn visit_str<E: de::Error>(self, s: &str) -> Result<FactValue, E> {
        match self.0.ty {
            FactType::Enum => self.choice(s).map(FactValue::Choice),
            FactType::Text => Ok(FactValue::Text(s.to_string())),
            // The code as written when it is valid as written; anything else (lower case,
            // spaces, a wrong check digit) to the ordinary reader, which words it.
            FactType::CreditCode => policy::law::credit_code::CreditCode::parse(s)
                .ok()
                .filter(|c| c.as_str() == s)
                .map(|_| FactValue::Text(s.to_string()))
                .ok_or_else(give_up),
            FactType::Region => RegionCode::parse(s)
                .map(FactValue::Region)
                .map_err(|_| give_up()),
            FactType::Date => s.parse().map(FactValue::Date).map_err(|_| give_up()),
            _ => Err(give_up()),
        }
    }

    fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<FactValue, A::Error> {
        if self.0.ty != FactType::Set {
            return Err(give_up());
        }
        let mut set = std::collections::BTreeSet::new();
        while let Some(item) = seq.next_element_seed(ChoiceSeed(&self))? {
            set.insert(item);
        }
        Ok(FactValue::Set(set))
    }
}

/// One item of a set: a listed choice's id.
struct ChoiceSeed<'a, 'd>(&'a ValueSeed<'d>);

impl<'de> DeserializeSeed<'de> for ChoiceSeed<'_, '_> {
    type Value = String;
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<String, D::Error> {
        d.deserialize_str(self)
    }
}

impl Visitor<'_> for ChoiceSeed<'_, '_> {
    type Value = String;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a choice")
    }
    fn visit_str<E: de::Error>(self, s: &str) -> Result<String, E> {
        self.0.choice(s)
    }
}
