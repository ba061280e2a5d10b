//! Printed documents of the system. Today: the application form (申报书) of a case, as a PDF
//! in its jurisdiction's layout.
//!
//! The layout is data: the measure's `[form]` (title, section order) and `[[form_field]]`
//! entries, its `[[material]]` list and the fact dictionary's labels and units. One generic
//! typst template ([`template`]) prints any jurisdiction's form from that data, so a fifth city
//! needs a policy file, not code. The case's values reach the template as a JSON file the
//! template reads, never as markup, so a value like `#emph[x]` prints as typed.
//!
//! Fonts come from a folder on disk (Debian's `fonts-wqy-microhei` or `fonts-noto-cjk`);
//! nothing is downloaded and no typst package is fetched.

mod application;
mod document;
mod error;
mod fonts;
mod gather;
pub mod template;
mod text;
mod typeset;
mod world;

pub use application::{Applicant, Application, FileEntry};
pub use document::{FormDocument, MaterialBlock, Row, Section, dotted_facts};
pub use error::ReportError;
pub use fonts::{FONT_DIR_ENV, FontSet, default_font_dirs};
pub use gather::gather;
pub use text::document_text;
pub use typeset::Typesetter;
