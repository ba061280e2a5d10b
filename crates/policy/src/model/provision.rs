//! A borrowed view of an element's legal anchor.

use serde::Serialize;

use crate::law::Citation;

/// The legal anchor of an encoded element: the article, the quoted text, the reading chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Provision<'a> {
    /// The article (and item) encoded.
    pub cite: &'a Citation,
    /// The passage encoded, verbatim from the source text (lint checks it).
    pub quote: &'a str,
    /// The interpretation chosen where the passage is ambiguous.
    pub reading: Option<&'a str>,
}
