//! The holiday and 调休 calendar (国务院办公厅 notices each year), kept as data, for moving a
//! period's last day off a rest day (民法典 第二百零三条).

use std::collections::{BTreeMap, BTreeSet};

use jiff::ToSpan;
use jiff::civil::{Date, Weekday};
use serde::{Deserialize, Serialize};

/// The calendar file as written: one table per year.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct CalendarFile {
    /// What the file encodes and the reading of 法定休假日 chosen.
    pub about: String,
    /// Years, each with its source notice.
    pub year: Vec<CalendarYear>,
}

/// One year's arrangement.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct CalendarYear {
    /// The year.
    pub year: i16,
    /// The notice that fixed it, e.g. 国办发明电〔2021〕11号.
    pub source: String,
    /// Public holidays (days off that would otherwise be working days, and holiday weekends).
    #[serde(with = "super::toml_date::list")]
    pub holidays: Vec<Date>,
    /// Weekend days made working days (调休上班).
    #[serde(default, with = "super::toml_date::list")]
    pub workdays: Vec<Date>,
}

/// Why the calendar cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CalendarError {
    /// A date listed under the wrong year.
    #[error("日历 {year} 年中列出了 {date}，不属于该年")]
    WrongYear {
        /// The table's year.
        year: i16,
        /// The date.
        date: Date,
    },
    /// A date both a holiday and a working day.
    #[error("{0} 同时列为休假日和调休工作日")]
    Both(Date),
    /// A year the calendar does not cover.
    #[error("节假日日历未收录 {0} 年，无法确定期限最后一日是否为休假日")]
    YearNotCovered(i16),
}

/// Working days and rest days.
#[derive(Debug, Clone, Default)]
pub struct Calendar {
    holidays: BTreeSet<Date>,
    workdays: BTreeSet<Date>,
    years: BTreeMap<i16, String>,
}

impl Calendar {
    /// Builds the calendar from its file, checking each date belongs to its year.
    pub fn from_file(file: &CalendarFile) -> Result<Self, CalendarError> {
        let mut cal = Self::default();
        for y in &file.year {
            for &date in y.holidays.iter().chain(&y.workdays) {
                if date.year() != y.year {
                    return Err(CalendarError::WrongYear { year: y.year, date });
                }
            }
            cal.holidays.extend(y.holidays.iter().copied());
            for &date in &y.workdays {
                if cal.holidays.contains(&date) {
                    return Err(CalendarError::Both(date));
                }
                cal.workdays.insert(date);
            }
            cal.years.insert(y.year, y.source.clone());
        }
        Ok(cal)
    }

    /// Reads the calendar from TOML text.
    pub fn from_toml(text: &str) -> Result<Self, String> {
        let file: CalendarFile = toml::from_str(text).map_err(|e| e.to_string())?;
        Self::from_file(&file).map_err(|e| e.to_string())
    }

    /// The years covered, with their source notices.
    pub fn years(&self) -> &BTreeMap<i16, String> {
        &self.years
    }

    /// Whether `date` is a rest day (a public holiday, or a weekend not made a working day).
    pub fn is_rest_day(&self, date: Date) -> Result<bool, CalendarError> {
        if !self.years.contains_key(&date.year()) {
            return Err(CalendarError::YearNotCovered(date.year()));
        }
        if self.holidays.contains(&date) {
            return Ok(true);
        }
        if self.workdays.contains(&date) {
            return Ok(false);
        }
        Ok(matches!(
            date.weekday(),
            Weekday::Saturday | Weekday::Sunday
        ))
    }

    /// The last day of a period as 民法典 第二百零三条 moves it: a last day that is a rest
    /// day moves to the day after the rest ends.
    pub fn deadline(&self, last_day: Date) -> Result<Date, CalendarError> {
        let mut day = last_day;
        while self.is_rest_day(day)? {
            day = day
                .checked_add(1.day())
                .map_err(|_| CalendarError::YearNotCovered(day.year()))?;
        }
        Ok(day)
    }
}

#[cfg(test)]
mod tests {
    use jiff::civil::date;

    use super::*;

    fn sample() -> Calendar {
        let file: CalendarFile = toml::from_str(
            r#"
            about = "test"
            [[year]]
            year = 2022
            source = "test notice"
            holidays = [2022-10-01, 2022-10-02, 2022-10-03, 2022-10-04, 2022-10-05, 2022-10-06, 2022-10-07]
            workdays = [2022-10-08, 2022-10-09]
            "#,
        )
        .unwrap();
        Calendar::from_file(&file).unwrap()
    }

    #[test]
    fn a_deadline_in_the_national_day_holiday_moves_past_it() {
        assert_eq!(
            sample().deadline(date(2022, 10, 3)).unwrap(),
            date(2022, 10, 8)
        );
    }

    #[test]
    fn a_weekend_deadline_moves_to_monday() {
        // 2022-12-10 is a Saturday.
        assert_eq!(
            sample().deadline(date(2022, 12, 10)).unwrap(),
            date(2022, 12, 12)
        );
    }

    #[test]
    fn a_working_day_stays() {
        assert_eq!(
            sample().deadline(date(2022, 12, 9)).unwrap(),
            date(2022, 12, 9)
        );
    }

    #[test]
    fn an_uncovered_year_is_an_error_not_a_guess() {
        assert_eq!(
            sample().deadline(date(2031, 1, 1)),
            Err(CalendarError::YearNotCovered(2031))
        );
    }
}
