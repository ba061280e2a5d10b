//! The period a statistics filing covers, as the filer names it: a year (`2026`), a half
//! (`2026H1`, `2026H2`), a quarter (`2026Q1` … `2026Q4`) or a month (`2026-05`). The measures
//! set how often to file (内蒙古 第十七条: 每半年), not how a period is written; these forms
//! cover every cadence they use.

use std::fmt;

use jiff::civil::{Date, date};
use policy::law::Period;
use policy::model::ObligationKind;

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
        if t.is_empty() {
            return Err("请填写统计期（如 2025H1）".into());
        }
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

/// How finely a filing cadence cuts the calendar: the periods a filer picks from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cadence {
    /// 每年.
    Year,
    /// 每半年.
    Half,
    /// 每季度.
    Quarter,
    /// 每月.
    Month,
}

impl Cadence {
    /// The cadence of an obligation's interval (内蒙古 第十七条 每半年: six months) where it is a
    /// year, a half, a quarter or a month; `None` for any other (the filer writes the period).
    pub fn of(every: Period) -> Option<Self> {
        if every.days != 0 {
            return None;
        }
        match i32::from(every.years) * 12 + every.months {
            12 => Some(Self::Year),
            6 => Some(Self::Half),
            3 => Some(Self::Quarter),
            1 => Some(Self::Month),
            _ => None,
        }
    }
}

impl Cadence {
    /// The cadence of an obligation's due dates: its interval's, or yearly for a year-end duty;
    /// `None` for a duty after an event (新疆: on the authority's request).
    pub fn of_due(due: &ObligationKind) -> Option<Self> {
        match due {
            ObligationKind::Periodic { every } => Self::of(*every),
            ObligationKind::YearEnd => Some(Self::Year),
            ObligationKind::AfterEvent { .. } | ObligationKind::OnRequest => None,
        }
    }

    /// The periods of this cadence in words, with an example of how one is written.
    pub fn words(self) -> &'static str {
        match self {
            Self::Year => "年度（如 2025）",
            Self::Half => "上半年或下半年（如 2025H1）",
            Self::Quarter => "季度（如 2025Q3）",
            Self::Month => "月份（如 2025-05）",
        }
    }
}

impl FilingPeriod {
    /// The cadence this period is one of.
    pub fn cadence(self) -> Cadence {
        match self.part {
            Part::Year => Cadence::Year,
            Part::Half(_) => Cadence::Half,
            Part::Quarter(_) => Cadence::Quarter,
            Part::Month(_) => Cadence::Month,
        }
    }

    /// The period of a cadence that holds a day.
    pub fn containing(cadence: Cadence, day: Date) -> Self {
        let month = day.month();
        let part = match cadence {
            Cadence::Year => Part::Year,
            Cadence::Half => Part::Half(1 + (month - 1) / 6),
            Cadence::Quarter => Part::Quarter(1 + (month - 1) / 3),
            Cadence::Month => Part::Month(month),
        };
        Self {
            year: day.year(),
            part,
        }
    }

    /// The periods of a cadence that have begun by `to` and not ended before `from`, newest
    /// first: from the one holding `to` back to the one holding `from` (only `to`'s own, when
    /// `from` falls later in it; none when `from` falls after it).
    pub fn between(cadence: Cadence, from: Date, to: Date) -> Vec<Self> {
        let mut out = Vec::new();
        let mut p = Self::containing(cadence, to);
        while p.last_day() >= from {
            out.push(p);
            let Some(day_before) = p.first_day().yesterday().ok() else {
                break;
            };
            p = Self::containing(cadence, day_before);
        }
        out
    }
}

/// The canonical text (`2026H1`, `2026Q3`, `2026-05`, `2026`), which [`FilingPeriod::parse`]
/// reads back.
/// A period as kept, in words where it reads (`2026H2` → 2026年下半年), else as kept.
pub fn period_words(text: &str) -> String {
    FilingPeriod::parse(text).map_or_else(|_| text.to_string(), FilingPeriod::label)
}

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

    use policy::law::Period;

    use super::{Cadence, FilingPeriod};

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

    #[test]
    fn an_empty_period_asks_for_one() {
        assert_eq!(
            FilingPeriod::parse("  ").unwrap_err(),
            "请填写统计期（如 2025H1）"
        );
    }

    /// 内蒙古 第十七条 (每半年上报): a space recognised on 2025-03-10 picks, on 2026-07-01,
    /// from the halves 2026H2, 2026H1, 2025H2 and 2025H1.
    #[test]
    fn the_halves_since_recognition_newest_first() {
        let cadence = Cadence::of(Period {
            years: 0,
            months: 6,
            days: 0,
        })
        .unwrap();
        let texts: Vec<String> =
            FilingPeriod::between(cadence, date(2025, 3, 10), date(2026, 7, 1))
                .iter()
                .map(ToString::to_string)
                .collect();
        assert_eq!(texts, ["2026H2", "2026H1", "2025H2", "2025H1"]);
        // Recognised on a day after `to` within its half: that half only; after it: none.
        assert_eq!(
            FilingPeriod::between(cadence, date(2026, 7, 10), date(2026, 7, 1)),
            [FilingPeriod::containing(cadence, date(2026, 7, 1))]
        );
        assert!(FilingPeriod::between(cadence, date(2027, 1, 1), date(2026, 7, 1)).is_empty());
        assert_eq!(Cadence::of(Period::years(1)), Some(Cadence::Year));
        assert_eq!(
            Cadence::of(Period {
                years: 0,
                months: 2,
                days: 0
            }),
            None
        );
    }

    proptest! {
        /// A day's period holds the day, and the periods between two days run back without gap
        /// or overlap from the later day's to the earlier's.
        #[test]
        fn periods_between_days_tile_the_calendar(
            kind in 0u8..4,
            start in 0i32..3000,
            span in 0i32..1500,
        ) {
            let cadence = [Cadence::Year, Cadence::Half, Cadence::Quarter, Cadence::Month][kind as usize];
            let from = date(2020, 1, 1).checked_add(jiff::Span::new().days(start)).unwrap();
            let to = from.checked_add(jiff::Span::new().days(span)).unwrap();
            let all = FilingPeriod::between(cadence, from, to);
            prop_assert_eq!(all.first().copied(), Some(FilingPeriod::containing(cadence, to)));
            prop_assert_eq!(all.last().copied(), Some(FilingPeriod::containing(cadence, from)));
            for p in &all {
                prop_assert_eq!(FilingPeriod::parse(&p.to_string()).unwrap(), *p);
            }
            for pair in all.windows(2) {
                prop_assert_eq!(pair[1].last_day().tomorrow().unwrap(), pair[0].first_day());
            }
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
