//! Article citations such as `第六条（二）`, `第六条第4项` or `《申报通知》四`.

use std::fmt;

use serde::{Deserialize, Serialize};

/// A citation of an article (and optionally an item inside it) of one of a measure's source texts.
///
/// Written as one string in policy files: an optional source name in 《》 (the first source when
/// absent), then the article (`第六条`, or a section numeral such as `四` in a notice), then the
/// item as printed in the text (`（二）`, `4`, `第4项`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Citation {
    /// The source document name inside 《》, when not the measure's main text.
    pub source: Option<String>,
    /// The article heading: `第六条` or a section numeral such as `四`.
    pub article: String,
    /// The item inside the article as printed: `（二）`, `4`, … (normalised from `第4项`).
    pub item: Option<String>,
}

/// Why a citation string could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CitationError {
    /// Nothing that reads as an article.
    #[error("引用「{0}」无法识别：应为「第六条（二）」「第六条第4项」或「《申报通知》四」的形式")]
    Unreadable(String),
}

const NUMERALS: &str = "〇零一二三四五六七八九十百千";

impl Citation {
    /// Reads a citation string.
    pub fn parse(text: &str) -> Result<Self, CitationError> {
        let unreadable = || CitationError::Unreadable(text.to_string());
        let mut rest = text.trim();
        let mut source = None;
        if let Some(after) = rest.strip_prefix('《') {
            let end = after.find('》').ok_or_else(unreadable)?;
            source = Some(after[..end].to_string());
            rest = after[end + '》'.len_utf8()..].trim_start();
        }
        let article;
        if let Some(after) = rest.strip_prefix('第') {
            let digits: String = after
                .chars()
                .take_while(|c| NUMERALS.contains(*c))
                .collect();
            let after_digits = &after[digits.len()..];
            let Some(tail) = after_digits.strip_prefix('条') else {
                return Err(unreadable());
            };
            if digits.is_empty() {
                return Err(unreadable());
            }
            article = format!("第{digits}条");
            rest = tail;
        } else {
            // A second source's section (`四`), or `全文` for a document without sections.
            if source.is_none() {
                return Err(unreadable());
            }
            let heading: String = rest
                .chars()
                .take_while(|c| *c != '（' && !c.is_ascii_digit() && !c.is_whitespace())
                .collect();
            if heading.is_empty() {
                return Err(unreadable());
            }
            rest = &rest[heading.len()..];
            article = heading;
        }
        let item = rest.trim();
        let item = if item.is_empty() {
            None
        } else if let Some(n) = item.strip_prefix('第').and_then(|s| s.strip_suffix('项')) {
            Some(n.to_string())
        } else {
            Some(item.to_string())
        };
        Ok(Self {
            source,
            article,
            item,
        })
    }

    /// The article without its item, for grouping and coverage.
    pub fn article_only(&self) -> Self {
        Self {
            source: self.source.clone(),
            article: self.article.clone(),
            item: None,
        }
    }

    /// Whether the item is a bare number (`4`), printed as `4.` or `4、` in the text.
    pub fn item_is_number(&self) -> bool {
        self.item
            .as_deref()
            .is_some_and(|i| !i.is_empty() && i.chars().all(|c| c.is_ascii_digit()))
    }
}

impl fmt::Display for Citation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(source) = &self.source {
            write!(f, "《{source}》")?;
        }
        f.write_str(&self.article)?;
        match &self.item {
            Some(item) if self.item_is_number() => write!(f, "第{item}项"),
            Some(item) => f.write_str(item),
            None => Ok(()),
        }
    }
}

impl TryFrom<String> for Citation {
    type Error = CitationError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<Citation> for String {
    fn from(value: Citation) -> Self {
        value.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_article_and_parenthesised_item() {
        let c = Citation::parse("第六条（二）").unwrap();
        assert_eq!(c.article, "第六条");
        assert_eq!(c.item.as_deref(), Some("（二）"));
        assert_eq!(c.to_string(), "第六条（二）");
    }

    #[test]
    fn numbered_items_normalise_to_di_xiang() {
        let short = Citation::parse("第六条4").unwrap();
        let long = Citation::parse("第六条第4项").unwrap();
        assert_eq!(short, long);
        assert_eq!(short.to_string(), "第六条第4项");
    }

    #[test]
    fn second_source_sections() {
        let c = Citation::parse("《申报通知》四").unwrap();
        assert_eq!(c.source.as_deref(), Some("申报通知"));
        assert_eq!(c.article, "四");
        assert_eq!(c.item, None);
        let c = Citation::parse("《申报通知》三（一）").unwrap();
        assert_eq!(
            (c.article.as_str(), c.item.as_deref()),
            ("三", Some("（一）"))
        );
        assert_eq!(Citation::parse("《申报书》全文").unwrap().article, "全文");
    }

    #[test]
    fn rejects_what_is_not_an_article() {
        for bad in ["", "第条", "六条", "Article 6", "第六", "四"] {
            assert!(Citation::parse(bad).is_err(), "{bad} should be rejected");
        }
    }
}
