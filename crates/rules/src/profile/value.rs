//! Typed fact values.

use std::collections::BTreeSet;
use std::fmt;

use jiff::civil::Date;
use policy::model::{GuardValue, RegionCode};
use rust_decimal::Decimal;
use serde::{Serialize, Serializer};

/// The value of one fact, typed by the dictionary. Serialises as the profile writes it
/// (quantities as JSON numbers), so a serialised profile reads back the same.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FactValue {
    /// A quantity (numbers and integers alike), exact.
    Quantity(Decimal),
    /// Yes or no.
    Bool(bool),
    /// A date.
    Date(Date),
    /// A single choice.
    Choice(String),
    /// Several choices.
    Set(BTreeSet<String>),
    /// A region code.
    Region(RegionCode),
    /// Free text.
    Text(String),
}

impl FactValue {
    /// The quantity, if this is one.
    pub fn quantity(&self) -> Option<Decimal> {
        match self {
            Self::Quantity(q) => Some(*q),
            _ => None,
        }
    }

    /// The date, if this is one.
    pub fn date(&self) -> Option<Date> {
        match self {
            Self::Date(d) => Some(*d),
            _ => None,
        }
    }

    /// Whether the value equals a policy's guard value.
    pub fn matches(&self, expected: &GuardValue) -> bool {
        match (self, expected) {
            (Self::Bool(a), GuardValue::Bool(b)) => a == b,
            (Self::Choice(a), GuardValue::Choice(b)) => a == b,
            _ => false,
        }
    }
}

impl fmt::Display for FactValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Quantity(q) => write!(f, "{}", q.normalize()),
            Self::Bool(true) => f.write_str("是"),
            Self::Bool(false) => f.write_str("否"),
            Self::Date(d) => write!(f, "{d}"),
            Self::Choice(c) | Self::Text(c) => f.write_str(c),
            Self::Set(s) => f.write_str(&s.iter().cloned().collect::<Vec<_>>().join("、")),
            Self::Region(r) => write!(f, "{r}"),
        }
    }
}

impl FactValue {
    /// The value as the profile format writes it.
    pub fn to_json(&self) -> serde_json::Value {
        use serde_json::Value;
        match self {
            Self::Quantity(q) => quantity_json(*q),
            Self::Bool(b) => Value::Bool(*b),
            Self::Date(d) => Value::String(d.to_string()),
            Self::Choice(c) | Self::Text(c) => Value::String(c.clone()),
            Self::Set(s) => Value::Array(s.iter().cloned().map(Value::String).collect()),
            Self::Region(r) => Value::String(r.to_string()),
        }
    }
}

/// A quantity as a JSON number: an integer when whole, else the nearest double (profile
/// quantities are areas and counts with few decimals, which a double holds exactly enough to
/// read back to the same decimal).
pub(crate) fn quantity_json(q: Decimal) -> serde_json::Value {
    use rust_decimal::prelude::ToPrimitive;
    let q = q.normalize();
    if q.fract().is_zero()
        && let Some(i) = q.to_i64()
    {
        return serde_json::Value::from(i);
    }
    q.to_f64()
        .and_then(serde_json::Number::from_f64)
        .map_or_else(
            || serde_json::Value::String(q.to_string()),
            serde_json::Value::Number,
        )
}

impl Serialize for FactValue {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.to_json().serialize(s)
    }
}
