//! A measure's source text, indexed by article so lint can check citations and quotes.

use crate::law::Citation;

/// One article (or section) of a source text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Article {
    /// The heading as cited: `第六条`, or `四` for a numbered section of a notice.
    pub heading: String,
    /// Line number (1-based) of the heading.
    pub line: usize,
    /// The article's lines, heading included.
    pub lines: Vec<String>,
}

impl Article {
    /// The article's text with all whitespace removed, for quote matching.
    pub fn compact(&self) -> String {
        compact(&self.lines.join("\n"))
    }

    /// Whether the article has the item a citation names.
    pub fn has_item(&self, citation: &Citation) -> bool {
        let Some(item) = &citation.item else {
            return true;
        };
        if citation.item_is_number() {
            let marks = [".", "、", "．", " "];
            self.lines.iter().any(|line| {
                let line = trim(line);
                line.strip_prefix(item.as_str())
                    .is_some_and(|rest| marks.iter().any(|m| rest.starts_with(m)))
            })
        } else {
            self.compact().contains(&compact(item))
        }
    }
}

/// A source text split into articles.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceText {
    /// The document name used in citations.
    pub name: String,
    /// The whole text.
    pub text: String,
    /// The articles in order.
    pub articles: Vec<Article>,
}

/// The single article of a document without numbered sections (a printed form), cited as
/// `《申报书》全文`.
pub const WHOLE_TEXT: &str = "全文";

const NUMERALS: &str = "〇零一二三四五六七八九十百千";

fn trim(line: &str) -> &str {
    line.trim_matches(|c: char| c.is_whitespace() || c == '\u{3000}')
}

/// Removes every kind of whitespace, so quotes match across the line breaks of the sources.
pub fn compact(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{3000}')
        .collect()
}

/// The heading a line opens, if any: `第六条` for statute articles, `四` for `四、` sections.
fn heading_of(line: &str, statute: bool) -> Option<String> {
    let line = trim(line);
    if statute {
        let rest = line.strip_prefix('第')?;
        let digits: String = rest.chars().take_while(|c| NUMERALS.contains(*c)).collect();
        if digits.is_empty() {
            return None;
        }
        rest[digits.len()..].strip_prefix('条')?;
        Some(format!("第{digits}条"))
    } else {
        let digits: String = line.chars().take_while(|c| NUMERALS.contains(*c)).collect();
        if digits.is_empty() {
            return None;
        }
        line[digits.len()..].strip_prefix('、')?;
        Some(digits)
    }
}

impl SourceText {
    /// Splits a text into articles. A statute (the measure itself) is split at `第X条`
    /// headings; other documents (a notice, a form outline) at `一、` sections. Text before the
    /// first heading belongs to no article.
    pub fn parse(name: &str, text: &str, statute: bool) -> Self {
        let mut articles: Vec<Article> = Vec::new();
        for (i, line) in text.lines().enumerate() {
            if let Some(heading) = heading_of(line, statute) {
                articles.push(Article {
                    heading,
                    line: i + 1,
                    lines: Vec::new(),
                });
            }
            if let Some(current) = articles.last_mut() {
                current.lines.push(line.to_string());
            }
        }
        if articles.is_empty() && !statute {
            articles.push(Article {
                heading: WHOLE_TEXT.to_string(),
                line: 1,
                lines: text.lines().map(str::to_string).collect(),
            });
        }
        Self {
            name: name.to_string(),
            text: text.to_string(),
            articles,
        }
    }

    /// The article with this heading.
    pub fn article(&self, heading: &str) -> Option<&Article> {
        self.articles.iter().find(|a| a.heading == heading)
    }

    /// Whether the quote appears anywhere in the text (whitespace ignored).
    pub fn contains(&self, quote: &str) -> bool {
        compact(&self.text).contains(&compact(quote))
    }

    /// The headings, in order, without repeats.
    pub fn headings(&self) -> Vec<&str> {
        let mut out: Vec<&str> = Vec::new();
        for a in &self.articles {
            if !out.contains(&a.heading.as_str()) {
                out.push(&a.heading);
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "第一章 总则\n　　第一条 为了……制定本办法。\n　　第六条 应当同时具备以下条件：\n　　（一）运营时间在1年以上。\n（二）面积不得低于500平方米\n3. 机构实际注册并运营时间满 1 年\n第七条 材料";

    #[test]
    fn splits_at_article_headings_only() {
        let s = SourceText::parse("办法", TEXT, true);
        assert_eq!(s.headings(), ["第一条", "第六条", "第七条"]);
    }

    #[test]
    fn finds_items_and_quotes_across_whitespace() {
        let s = SourceText::parse("办法", TEXT, true);
        let art = s.article("第六条").unwrap();
        assert!(art.has_item(&Citation::parse("第六条（二）").unwrap()));
        assert!(art.has_item(&Citation::parse("第六条3").unwrap()));
        assert!(!art.has_item(&Citation::parse("第六条（九）").unwrap()));
        assert!(art.compact().contains(&compact("运营时间满1年")));
    }

    #[test]
    fn sections_of_a_notice() {
        let s = SourceText::parse(
            "申报通知",
            "一、申报条件\n1、独立\n四、其他事项\n截止",
            false,
        );
        assert_eq!(s.headings(), ["一", "四"]);
    }
}
