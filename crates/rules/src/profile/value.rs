//! Typed fact values.

use std::collections::BTreeSet;
use std::fmt;

use jiff::civil::Date;
use policy::model::{GuardValue, RegionCode};
use rust_decimal::Decimal;
use serde::Serialize;

/// The value of one fact, typed by the dictionary.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
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
