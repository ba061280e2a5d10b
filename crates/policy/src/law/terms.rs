//! Statutory terms of comparison (民法典 第一千二百五十九条): which words include the number.
//!
//! The table itself is data (`policies/law/terms.toml`); a rule names the word the measure
//! uses (`不低于`, `以上`…) and the comparison follows from the table, so a rule can never
//! say 以上 and compare exclusively.

use std::collections::BTreeMap;
use std::fmt;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::Citation;

/// A word of comparison as the measure writes it (`不低于`, `以上`, `超过`…).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Term(pub String);

impl fmt::Display for Term {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// How a value is compared with the number the measure names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Comparison {
    /// value ≥ number (以上, 不低于, 不少于, 届满).
    AtLeast,
    /// value > number (超过).
    MoreThan,
    /// value ≤ number (以下, 以内, 不超过).
    AtMost,
    /// value < number (不满, 低于, 以外 on the low side).
    LessThan,
}

impl Comparison {
    /// Whether `value` satisfies the comparison with `number`.
    pub fn holds(self, value: Decimal, number: Decimal) -> bool {
        match self {
            Self::AtLeast => value >= number,
            Self::MoreThan => value > number,
            Self::AtMost => value <= number,
            Self::LessThan => value < number,
        }
    }

    /// Whether the number itself satisfies the comparison (本数 included).
    pub fn includes_number(self) -> bool {
        matches!(self, Self::AtLeast | Self::AtMost)
    }

    /// Whether more of the fact helps (a minimum) rather than hurts (a maximum).
    pub fn is_minimum(self) -> bool {
        matches!(self, Self::AtLeast | Self::MoreThan)
    }

    /// The mathematical sign, for requirement strings.
    pub fn symbol(self) -> &'static str {
        match self {
            Self::AtLeast => "≥",
            Self::MoreThan => ">",
            Self::AtMost => "≤",
            Self::LessThan => "<",
        }
    }
}

/// One entry of the terms table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TermDefinition {
    /// The word.
    pub word: Term,
    /// Its comparison.
    pub comparison: Comparison,
    /// Where the meaning comes from (statute, or a reading recorded by the project).
    pub basis: String,
    /// Whether the word follows the number it qualifies (1年以上, 500平方米以下) rather
    /// than going before it (不低于500平方米, 满1年).
    #[serde(default)]
    pub follows_number: bool,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct TermsFile {
    source: TermsSource,
    term: Vec<TermDefinition>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct TermsSource {
    law: String,
    cite: Citation,
    quote: String,
}

/// The table of statutory terms.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StatutoryTerms {
    /// The law that defines them.
    pub law: String,
    /// The article.
    pub cite: Citation,
    /// The article's text.
    pub quote: String,
    by_word: BTreeMap<Term, TermDefinition>,
}

impl StatutoryTerms {
    /// Reads the table from its TOML text.
    pub fn from_toml(text: &str) -> Result<Self, toml::de::Error> {
        let file: TermsFile = toml::from_str(text)?;
        Ok(Self {
            law: file.source.law,
            cite: file.source.cite,
            quote: file.source.quote,
            by_word: file.term.into_iter().map(|t| (t.word.clone(), t)).collect(),
        })
    }

    /// The comparison a word means, if the table knows the word.
    pub fn comparison(&self, word: &Term) -> Option<Comparison> {
        self.by_word.get(word).map(|d| d.comparison)
    }

    /// A word with the amount it qualifies, in the word's own order: `1年以上`, `不低于500㎡`.
    pub fn phrase(&self, word: &Term, amount: &str) -> String {
        let mut out = String::with_capacity(word.0.len() + amount.len());
        if self.by_word.get(word).is_some_and(|d| d.follows_number) {
            out.push_str(amount);
            out.push_str(&word.0);
        } else {
            out.push_str(&word.0);
            out.push_str(amount);
        }
        out
    }

    /// Every known word.
    pub fn definitions(&self) -> impl Iterator<Item = &TermDefinition> {
        self.by_word.values()
    }
}

#[cfg(test)]
mod tests {
    use super::{StatutoryTerms, Term};

    fn table() -> StatutoryTerms {
        StatutoryTerms::from_toml(include_str!("../../../../policies/law/terms.toml"))
            .expect("the terms table")
    }

    #[test]
    fn a_word_is_written_on_its_own_side_of_the_number() {
        let t = table();
        let phrase = |word: &str, amount: &str| t.phrase(&Term(word.into()), amount);
        // 以上、以下、以内 follow the number (内蒙古 第六条（一）「运营时间1年以上」).
        assert_eq!(phrase("以上", "1年"), "1年以上");
        assert_eq!(phrase("以下", "36个月"), "36个月以下");
        assert_eq!(phrase("以内", "3个月"), "3个月以内");
        // The others go before it (新疆 第六条第4项「不低于 500 平方米」).
        assert_eq!(phrase("不低于", "500㎡"), "不低于500㎡");
        assert_eq!(phrase("满", "1年"), "满1年");
        assert_eq!(phrase("超过", "24个月"), "超过24个月");
    }
}
