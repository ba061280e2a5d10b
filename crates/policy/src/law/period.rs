//! Periods counted as 民法典 第二百零一、二百零二条 say: the start day is not counted, and a
//! period in years or months ends on the matching day of the last month, or on that month's
//! last day when it has no matching day.

use std::fmt;

use jiff::civil::Date;
use jiff::{Span, ToSpan};
use serde::{Deserialize, Serialize};

/// A legal period: so many years, months and days.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Period {
    /// Whole years.
    pub years: i16,
    /// Whole months.
    pub months: i32,
    /// Days.
    pub days: i32,
}

impl Period {
    /// A period of whole years.
    pub const fn years(years: i16) -> Self {
        Self {
            years,
            months: 0,
            days: 0,
        }
    }

    /// A period of whole months.
    pub const fn months(months: i32) -> Self {
        Self {
            years: 0,
            months,
            days: 0,
        }
    }

    /// Whether the period is empty.
    pub fn is_zero(&self) -> bool {
        self.years == 0 && self.months == 0 && self.days == 0
    }

    fn span(&self) -> Span {
        self.years.years().months(self.months).days(self.days)
    }

    /// The last day of the period that starts on the day after `event` (the event day itself
    /// is not counted): the matching day `years`/`months` later, clamped to the month's end,
    /// then `days` more. `None` only past the calendar's range.
    ///
    /// A period of 1 year from 2020-02-29 ends on 2021-02-28; of 1 month from 2021-01-31, on
    /// 2021-02-28.
    pub fn last_day_after(&self, event: Date) -> Option<Date> {
        event.checked_add(self.span()).ok()
    }

    /// Whether a period running from `event` has been completed (届满) by the end of `on`.
    pub fn completed_by(&self, event: Date, on: Date) -> bool {
        self.last_day_after(event).is_some_and(|last| on >= last)
    }

    /// The length of a contract term written with both days inclusive (2021-01-01 to
    /// 2025-12-31): whether it lasts at least this period. Such a term of N years ends on the
    /// day before the N-th anniversary of its first day.
    pub fn covered_inclusive(&self, first: Date, last: Date) -> bool {
        match first.checked_sub(1.day()) {
            Ok(day_before) => self.completed_by(day_before, last),
            Err(_) => false,
        }
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut any = false;
        if self.years != 0 {
            write!(f, "{}年", self.years)?;
            any = true;
        }
        if self.months != 0 {
            write!(f, "{}个月", self.months)?;
            any = true;
        }
        if self.days != 0 || !any {
            write!(f, "{}日", self.days)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use jiff::civil::date;

    use super::*;

    #[test]
    fn a_year_ends_on_the_matching_day() {
        assert_eq!(
            Period::years(1).last_day_after(date(2020, 4, 9)),
            Some(date(2021, 4, 9))
        );
    }

    #[test]
    fn leap_day_year_ends_on_february_28() {
        assert_eq!(
            Period::years(1).last_day_after(date(2020, 2, 29)),
            Some(date(2021, 2, 28))
        );
    }

    #[test]
    fn month_without_matching_day_ends_on_its_last_day() {
        assert_eq!(
            Period::months(1).last_day_after(date(2021, 1, 31)),
            Some(date(2021, 2, 28))
        );
        assert_eq!(
            Period::months(3).last_day_after(date(2020, 11, 30)),
            Some(date(2021, 2, 28))
        );
    }

    #[test]
    fn completed_on_the_last_day_not_before() {
        let p = Period::years(1);
        assert!(!p.completed_by(date(2020, 4, 9), date(2021, 4, 8)));
        assert!(p.completed_by(date(2020, 4, 9), date(2021, 4, 9)));
    }

    #[test]
    fn inclusive_contract_terms() {
        let five = Period::years(5);
        assert!(five.covered_inclusive(date(2021, 1, 1), date(2025, 12, 31)));
        assert!(!five.covered_inclusive(date(2021, 1, 1), date(2025, 12, 30)));
        // A lease from a leap day counts from its eve, 2024-02-28: five years end on 2029-02-28.
        assert!(five.covered_inclusive(date(2024, 2, 29), date(2029, 2, 28)));
        assert!(!five.covered_inclusive(date(2024, 2, 29), date(2029, 2, 27)));
    }

    #[test]
    fn displays_in_chinese() {
        assert_eq!(Period::years(3).to_string(), "3年");
        assert_eq!(Period::months(6).to_string(), "6个月");
    }
}
