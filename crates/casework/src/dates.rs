//! Dates across the store boundary: `jiff` in the domain, `chrono` in the columns.

use chrono::{Datelike, NaiveDate};
use jiff::civil::Date;

/// A domain date as a column value.
pub fn to_col(d: Date) -> NaiveDate {
    NaiveDate::from_ymd_opt(i32::from(d.year()), d.month() as u32, d.day() as u32)
        .unwrap_or_default()
}

/// A column value as a domain date.
pub fn from_col(d: NaiveDate) -> Date {
    Date::new(d.year() as i16, d.month() as i8, d.day() as i8).unwrap_or(Date::MIN)
}

/// Today in China (UTC+8) by the wall clock, for the CLI's default date.
pub fn today() -> Date {
    day_in_china(jiff::Timestamp::now())
}

/// The day an instant falls on in China (UTC+8): the measures' dates are Beijing time's, while
/// a server may run on UTC (it would call the hours before 08:00 yesterday).
pub fn day_in_china(at: jiff::Timestamp) -> Date {
    in_china(at).date()
}

/// An instant on Beijing time (UTC+8), as pages show times.
pub fn in_china(at: jiff::Timestamp) -> jiff::Zoned {
    at.to_zoned(jiff::tz::TimeZone::fixed(jiff::tz::offset(8)))
}
