//! Lint: every check a policy must pass before it is used. Loading runs it, so an invalid
//! policy stops start-up; `makerspace policy lint` prints the findings with file, line and
//! column.

mod citations;
mod coverage;
mod diagnostic;
mod facts;
mod references;
mod tiers;

pub use diagnostic::Diagnostic;

use crate::library::{Library, LoadedMeasure};

/// What the checks need: the library's shared data and the measure with its texts.
pub(crate) struct Ctx<'a> {
    pub library: &'a Library,
    pub loaded: &'a LoadedMeasure,
    pub found: Vec<Diagnostic>,
}

impl Ctx<'_> {
    /// Records a finding about an element, located at `needle` after its id line.
    pub fn report(&mut self, element_id: &str, needle: &str, message: String) {
        self.found.push(Diagnostic::at_element(
            &self.loaded.file,
            &self.loaded.text,
            element_id,
            needle,
            message,
        ));
    }
}

/// Runs every check on a loaded measure.
pub fn lint(library: &Library, loaded: &LoadedMeasure) -> Vec<Diagnostic> {
    let mut ctx = Ctx {
        library,
        loaded,
        found: Vec::new(),
    };
    citations::check(&mut ctx);
    facts::check(&mut ctx);
    tiers::check(&mut ctx);
    references::check(&mut ctx);
    coverage::check(&mut ctx);
    ctx.found
}
