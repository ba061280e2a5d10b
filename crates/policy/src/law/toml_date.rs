//! TOML dates (`2020-04-09`, unquoted) for jiff's `Date`, which only reads strings: used with
//! `#[serde(with = …)]` on every date of the policy model.

use jiff::civil::Date;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use toml::value::Datetime;

fn convert<E: serde::de::Error>(dt: Datetime) -> Result<Date, E> {
    match (dt.date, dt.time, dt.offset) {
        (Some(d), None, None) => Date::new(d.year as i16, d.month as i8, d.day as i8)
            .map_err(|e| E::custom(format!("日期 {dt} 无效：{e}"))),
        _ => Err(E::custom(format!(
            "应为不带时间的日期（YYYY-MM-DD），实际为 {dt}"
        ))),
    }
}

/// A required date.
pub mod required {
    use super::*;

    /// Reads a TOML date.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Date, D::Error> {
        convert(Datetime::deserialize(d)?)
    }

    /// Writes the date as `YYYY-MM-DD`.
    pub fn serialize<S: Serializer>(date: &Date, s: S) -> Result<S::Ok, S::Error> {
        date.serialize(s)
    }
}

/// An optional date.
pub mod optional {
    use super::*;

    /// Reads an optional TOML date.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Date>, D::Error> {
        Option::<Datetime>::deserialize(d)?.map(convert).transpose()
    }

    /// Writes the date as `YYYY-MM-DD`.
    pub fn serialize<S: Serializer>(date: &Option<Date>, s: S) -> Result<S::Ok, S::Error> {
        date.serialize(s)
    }
}

/// A list of dates.
pub mod list {
    use super::*;

    /// Reads a list of TOML dates.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<Date>, D::Error> {
        Vec::<Datetime>::deserialize(d)?
            .into_iter()
            .map(convert)
            .collect()
    }

    /// Writes the dates as `YYYY-MM-DD`.
    pub fn serialize<S: Serializer>(dates: &[Date], s: S) -> Result<S::Ok, S::Error> {
        dates.serialize(s)
    }
}
