//! A lint finding with its file, line and column.

use std::fmt;

use serde::Serialize;

/// One problem found in a policy file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// The file.
    pub file: String,
    /// Line, 1-based.
    pub line: usize,
    /// Column, 1-based, in characters.
    pub column: usize,
    /// What is wrong, in Chinese, naming the element and the field.
    pub message: String,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}",
            self.file, self.line, self.column, self.message
        )
    }
}

fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

impl Diagnostic {
    /// A TOML syntax or schema error, at the position toml reports.
    pub fn from_toml(file: &str, text: &str, error: &toml::de::Error) -> Self {
        let (line, column) = error.span().map_or((1, 1), |s| line_col(text, s.start));
        Self {
            file: file.to_string(),
            line,
            column,
            message: format!("格式错误：{}", error.message().trim()),
        }
    }

    /// A finding located at the first occurrence of `needle` in the text.
    pub fn at_text(file: &str, text: &str, needle: &str, message: String) -> Self {
        Self::locate(file, text, 0, needle, message)
    }

    /// A finding about the element whose `id = "…"` line is found in the text, located at the
    /// first occurrence of `needle` after that line (or at the id line).
    pub fn at_element(
        file: &str,
        text: &str,
        element_id: &str,
        needle: &str,
        message: String,
    ) -> Self {
        let anchor = format!("id = \"{element_id}\"");
        let from = text.find(&anchor).unwrap_or(0);
        Self::locate(file, text, from, needle, message)
    }

    fn locate(file: &str, text: &str, from: usize, needle: &str, message: String) -> Self {
        let offset = if needle.is_empty() {
            Some(from)
        } else {
            text[from..]
                .find(needle)
                .map(|o| o + from)
                .or_else(|| text.find(needle))
        };
        let (line, column) = line_col(text, offset.unwrap_or(from));
        Self {
            file: file.to_string(),
            line,
            column,
            message,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locates_needle_after_element() {
        let text =
            "[[condition]]\nid = \"a\"\nfact = \"x\"\n[[condition]]\nid = \"b\"\nfact = \"x\"\n";
        let d = Diagnostic::at_element("f.toml", text, "b", "fact", "m".into());
        assert_eq!((d.line, d.column), (6, 1));
    }
}
