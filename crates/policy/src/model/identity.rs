//! Who issued a measure, for which jurisdiction, and when it is in force.

use std::fmt;

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::law::Citation;

/// A GB/T 2260 administrative division code: six digits.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct RegionCode(String);

impl RegionCode {
    /// Reads a code: exactly six ASCII digits.
    pub fn parse(text: &str) -> Result<Self, String> {
        if text.len() == 6 && text.bytes().all(|b| b.is_ascii_digit()) {
            Ok(Self(text.to_string()))
        } else {
            Err(format!("行政区划代码「{text}」应为6位数字（GB/T 2260）"))
        }
    }

    /// The code as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The significant prefix: `150000` → `15`, `140600` → `1406`, `210302` → `210302`.
    pub fn prefix(&self) -> &str {
        let s = self.0.as_str();
        if &s[2..] == "0000" {
            &s[..2]
        } else if &s[4..] == "00" {
            &s[..4]
        } else {
            s
        }
    }

    /// Whether `other` lies within this division.
    pub fn contains(&self, other: &RegionCode) -> bool {
        other.0.starts_with(self.prefix())
    }

    /// Whether the division written `area` holds the one written `region` (`150100` holds
    /// `150102`); false where either is no region code.
    pub fn holds(area: &str, region: &str) -> bool {
        match (Self::parse(area), Self::parse(region)) {
            (Ok(area), Ok(region)) => area.contains(&region),
            _ => false,
        }
    }
}

impl fmt::Display for RegionCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for RegionCode {
    type Error = String;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<RegionCode> for String {
    fn from(value: RegionCode) -> Self {
        value.0
    }
}

/// Recognition (认定) or filing (备案).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MeasureKind {
    /// 认定.
    Recognition,
    /// 备案.
    Filing,
}

impl MeasureKind {
    /// The Chinese word.
    pub fn label(self) -> &'static str {
        match self {
            Self::Recognition => "认定",
            Self::Filing => "备案",
        }
    }
}

/// The jurisdiction a measure governs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Jurisdiction {
    /// Its name (`内蒙古自治区`).
    pub name: String,
    /// Its GB/T 2260 code.
    pub code: RegionCode,
    /// `province` or `city`.
    pub level: String,
}

/// A source text of the measure, kept verbatim beside the policy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SourceDoc {
    /// The name used in citations inside 《》; the first source is cited without it.
    pub name: String,
    /// The file, relative to the policy file.
    pub file: String,
    /// Where the text was taken from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub origin: Option<String>,
}

/// The measure's identity and dates.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Identity {
    /// Stable identifier (`inner-mongolia-2020`).
    pub id: String,
    /// The policy file's own version (edits bump it; the content hash pins exactly).
    pub version: String,
    /// The measure's title.
    pub title: String,
    /// A short name for tables (`内蒙古`).
    pub short_name: String,
    /// Recognition or filing.
    pub kind: MeasureKind,
    /// The document number (`新科高字〔2019〕34号`), where it has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub document_number: Option<String>,
    /// The issuing authority.
    pub issuer: String,
    /// The jurisdiction.
    pub jurisdiction: Jurisdiction,
    /// Issue date.
    #[serde(with = "crate::law::toml_date::required")]
    pub issued_on: Date,
    /// First day in force.
    #[serde(with = "crate::law::toml_date::required")]
    pub effective_from: Date,
    /// Last day in force, once repealed or expired.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "crate::law::toml_date::optional"
    )]
    pub effective_until: Option<Date>,
    /// The article that sets the effective date.
    pub effective_cite: Citation,
    /// Its text.
    pub effective_quote: String,
}

impl Identity {
    /// Whether the measure is in force on `date`.
    pub fn in_force_on(&self, date: Date) -> bool {
        date >= self.effective_from && self.effective_until.is_none_or(|until| date <= until)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn region_prefixes_follow_gbt2260_levels() {
        let inner_mongolia = RegionCode::parse("150000").unwrap();
        let hohhot = RegionCode::parse("150100").unwrap();
        let anshan = RegionCode::parse("210300").unwrap();
        assert!(inner_mongolia.contains(&hohhot));
        assert!(!anshan.contains(&hohhot));
        assert!(anshan.contains(&RegionCode::parse("210302").unwrap()));
        // Written codes, as accounts and organisations keep them.
        assert!(RegionCode::holds("150100", "150102"));
        assert!(!RegionCode::holds("150100", "150201"));
        assert!(!RegionCode::holds("1501", "150102"));
        assert!(!RegionCode::holds("150100", "15010x"));
    }

    #[test]
    fn region_codes_are_six_digits() {
        assert!(RegionCode::parse("15000").is_err());
        assert!(RegionCode::parse("15000a").is_err());
    }
}
