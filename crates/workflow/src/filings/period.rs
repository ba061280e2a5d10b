//! The period a statistics filing covers, as the filer names it: a year (`2026`), a half
//! (`2026H1`, `2026H2`), a quarter (`2026Q1` … `2026Q4`) or a month (`2026-05`). The measures
//! set how often to file (内蒙古 第十七条: 每半年), not how a period is written; these forms
//! cover every cadence they use.

use std::fmt;

use jiff::civil::{Date, date};

/// A period of a statistics filing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FilingPeriod {
    year: i16,
    part: Part,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Part {
    Year,
    Half(i8),
    Quarter(i8),
    Month(i8),
}

impl FilingPeriod {
    /// Reads a period; the error says, in Chinese, what forms are accepted.
    pub fn parse(text: &str) -> Result<Self, String> {
        let t = text.trim().to_ascii_uppercase();
        let bad = || {
            format!(
                "统计期「{}」的写法不对：应如 2025、2025H1、2025Q3 或 2025-05",
                text.trim()
            )
        };
        let (year, rest) = t.split_at_checked(4).ok_or_else(bad)?;
        if !year.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad());
        }
        let year: i16 = year.parse().map_err(|_| bad())?;
        let number = |s: &str, most: i8| -> Option<i8> {
            let n: i8 = (s.len() <= 2 && s.bytes().all(|b| b.is_ascii_digit()))
                .then(|| s.parse().ok())
                .flatten()?;
            (1..=most).contains(&n).then_some(n)
        };
        let part = if rest.is_empty() {
            Part::Year
        } else if let Some(h) = rest.strip_prefix('H') {
            Part::Half(number(h, 2).ok_or_else(bad)?)
        } else if let Some(q) = rest.strip_prefix('Q') {
            Part::Quarter(number(q, 4).ok_or_else(bad)?)
        } else if let Some(m) = rest.strip_prefix('-') {
            Part::Month(number(m, 12).filter(|_| m.len() == 2).ok_or_else(bad)?)
        } else {
            return Err(bad());
        };
        if year < 1000 {
            return Err(bad());
        }
        Ok(Self { year, part })
    }

    /// Its first day.
    pub fn first_day(self) -> Date {
        let month = match self.part {
            Part::Year => 1,
            Part::Half(h) => 6 * (h - 1) + 1,
            Part::Quarter(q) => 3 * (q - 1) + 1,
            Part::Month(m) => m,
        };
        date(self.year, month, 1)
    }

    /// Its last day.
    pub fn last_day(self) -> Date {
        let months = match self.part {
            Part::Year => 12,
            Part::Half(_) => 6,
            Part::Quarter(_) => 3,
            Part::Month(_) => 1,
        };
        // A period never runs past its year: its last month's last day.
        let first = self.first_day();
        date(self.year, first.month() + months - 1, 1).last_of_month()
    }

    /// In words: `2026年上半年`, `2026年第3季度`, `2026年5月`, `2026年度`.
    pub fn label(self) -> String {
        match self.part {
            Part::Year => format!("{}年度", self.year),
            Part::Half(1) => format!("{}年上半年", self.year),
            Part::Half(_) => format!("{}年下半年", self.year),
            Part::Quarter(q) => format!("{}年第{q}季度", self.year),
            Part::Month(m) => format!("{}年{m}月", self.year),
        }
    }
}

/// The canonical text (`2026H1`, `2026Q3`, `2026-05`, `2026`), which [`FilingPeriod::parse`]
/// reads back.
impl fmt::Display for FilingPeriod {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.part {
            Part::Year => write!(f, "{}", self.year),
            Part::Half(h) => write!(f, "{}H{h}", self.year),
            Part::Quarter(q) => write!(f, "{}Q{q}", self.year),
            Part::Month(m) => write!(f, "{}-{m:02}", self.year),
        }
    }
}

#[cfg(test)]
mod tests {
    use jiff::civil::date;
    use proptest::prelude::*;

    use super::FilingPeriod;

    #[test]
    fn each_form_reads_with_its_days() {
        let p = FilingPeriod::parse("2026h2").unwrap();
        assert_eq!(p.to_string(), "2026H2");
        assert_eq!(
            (p.first_day(), p.last_day()),
            (date(2026, 7, 1), date(2026, 12, 31))
        );
        assert_eq!(p.label(), "2026年下半年");
        let p = FilingPeriod::parse("2024Q1").unwrap();
        assert_eq!(
            (p.first_day(), p.last_day()),
            (date(2024, 1, 1), date(2024, 3, 31))
        );
        assert_eq!(p.label(), "2024年第1季度");
        // February of a leap year.
        let p = FilingPeriod::parse("2024-02").unwrap();
        assert_eq!(
            (p.first_day(), p.last_day()),
            (date(2024, 2, 1), date(2024, 2, 29))
        );
        let p = FilingPeriod::parse(" 2025 ").unwrap();
        assert_eq!(
            (p.first_day(), p.last_day()),
            (date(2025, 1, 1), date(2025, 12, 31))
        );
        assert_eq!(p.label(), "2025年度");
    }

    #[test]
    fn impossible_periods_are_refused_with_the_forms_accepted() {
        for bad in [
            "2026Q5",
            "2026H3",
            "2026H0",
            "2026-13",
            "2026-5",
            "26H1",
            "2026年上半年",
            "",
            "abcdH1",
            "2026Q",
            "2026H12",
        ] {
            let e = FilingPeriod::parse(bad).unwrap_err();
            assert!(
                e.contains("应如 2025、2025H1、2025Q3 或 2025-05"),
                "{bad}: {e}"
            );
        }
    }

    proptest! {
        /// Every period reads back from its text, and its days run in order.
        #[test]
        fn a_period_reads_back_from_its_text(year in prop_oneof![1000i16..=9999, Just(9999i16)], kind in 0u8..4, n in 1i8..=12) {
            let text = match kind {
                0 => format!("{year}"),
                1 => format!("{year}H{}", 1 + n % 2),
                2 => format!("{year}Q{}", 1 + n % 4),
                _ => format!("{year}-{n:02}"),
            };
            let p = FilingPeriod::parse(&text).unwrap();
            prop_assert_eq!(p.to_string(), text);
            prop_assert!(p.first_day() <= p.last_day());
            prop_assert_eq!(p.last_day(), p.last_day().last_of_month());
            prop_assert_eq!(p.last_day().year(), year);
        }
    }
}
