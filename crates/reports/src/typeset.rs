//! Typesetting: the template over the form's data, to a laid-out document and to PDF.

use std::path::PathBuf;
use std::sync::Arc;

use jiff::civil::Date;
use policy::LoadedMeasure;
use policy::facts::FactDictionary;
use typst::foundations::Smart;
use typst::utils::LazyHash;
use typst::{Library, LibraryExt};
use typst_layout::PagedDocument;

use crate::application::Application;
use crate::document::FormDocument;
use crate::error::ReportError;
use crate::fonts::{FontSet, default_font_dirs};
use crate::template::APPLICATION_FORM;
use crate::world::FormWorld;

/// How many compilations typst's memo cache keeps entries for (it would otherwise grow with
/// every document a long-running server prints).
const CACHE_AGE: usize = 10;

/// Prints application forms. Loading the fonts is the costly part: make one and keep it.
#[derive(Clone)]
pub struct Typesetter {
    fonts: Arc<FontSet>,
    library: Arc<LazyHash<Library>>,
}

impl std::fmt::Debug for Typesetter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Typesetter")
            .field("families", &self.fonts.families())
            .finish()
    }
}

impl Typesetter {
    /// A typesetter with the Chinese fonts of the first of `dirs` that has any.
    pub fn new(dirs: &[PathBuf]) -> Result<Self, ReportError> {
        Ok(Self {
            fonts: Arc::new(FontSet::load(dirs)?),
            library: Arc::new(LazyHash::new(Library::default())),
        })
    }

    /// A typesetter with the fonts of [`default_font_dirs`] (`MAKERSPACE_FONT_DIR`, else
    /// Debian's CJK font folders).
    pub fn from_default_dirs() -> Result<Self, ReportError> {
        Self::new(&default_font_dirs())
    }

    /// The font families used.
    pub fn families(&self) -> &[String] {
        self.fonts.families()
    }

    /// The data the template prints for `app` under `m`.
    pub fn form_document(
        &self,
        app: &Application,
        m: &LoadedMeasure,
        facts: &FactDictionary,
        today: Date,
    ) -> Result<FormDocument, ReportError> {
        if app.measure != m.id() {
            return Err(ReportError::WrongMeasure {
                case: app.case_id,
                case_measure: app.measure.clone(),
                given: m.id().to_string(),
            });
        }
        Ok(FormDocument::build(
            app,
            m,
            facts,
            today,
            self.fonts.families().to_vec(),
        ))
    }

    /// The laid-out application form.
    pub fn layout(
        &self,
        app: &Application,
        m: &LoadedMeasure,
        facts: &FactDictionary,
        today: Date,
    ) -> Result<PagedDocument, ReportError> {
        let doc = self.form_document(app, m, facts, today)?;
        let data = serde_json::to_vec(&doc).map_err(|e| ReportError::Typeset(e.to_string()))?;
        let world = FormWorld::new(
            self.library.clone(),
            self.fonts.clone(),
            APPLICATION_FORM,
            data,
            today,
        );
        let result = typst::compile::<PagedDocument>(&world).output;
        typst::comemo::evict(CACHE_AGE);
        result.map_err(|errors| {
            ReportError::Typeset(
                errors
                    .iter()
                    .map(|e| e.message.to_string())
                    .collect::<Vec<_>>()
                    .join("；"),
            )
        })
    }

    /// The application form as PDF bytes.
    pub fn pdf(
        &self,
        app: &Application,
        m: &LoadedMeasure,
        facts: &FactDictionary,
        today: Date,
    ) -> Result<Vec<u8>, ReportError> {
        let doc = self.layout(app, m, facts, today)?;
        let options = typst_pdf::PdfOptions {
            ident: Smart::Custom(format!("makerspace-case-{}", app.case_id)),
            ..Default::default()
        };
        typst_pdf::pdf(&doc, &options).map_err(|errors| {
            ReportError::Pdf(
                errors
                    .iter()
                    .map(|e| e.message.to_string())
                    .collect::<Vec<_>>()
                    .join("；"),
            )
        })
    }
}
