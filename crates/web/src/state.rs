//! The application state shared by every handler.
//!
//! One struct owned by this crate: the configuration, the policy library and the template
//! environment. The case store joins it here when it lands (a field, not a type parameter).

use std::sync::Arc;

use minijinja::Environment;
use policy::Library;

use crate::config::Config;

/// Shared state (cheap to clone).
#[derive(Clone)]
pub struct AppState(Arc<Inner>);

/// What the state holds.
pub struct Inner {
    /// The configuration in effect.
    pub config: Config,
    /// The policies (measures, facts, statutory terms, calendar).
    pub library: Arc<Library>,
    /// The page templates.
    pub templates: Environment<'static>,
    /// The OpenAPI document, rendered once.
    pub openapi: serde_json::Value,
}

impl AppState {
    /// Builds the state.
    pub fn new(config: Config, library: Arc<Library>, openapi: serde_json::Value) -> Self {
        Self(Arc::new(Inner {
            config,
            library,
            templates: crate::pages::templates(),
            openapi,
        }))
    }
}

impl std::ops::Deref for AppState {
    type Target = Inner;
    fn deref(&self) -> &Inner {
        &self.0
    }
}
