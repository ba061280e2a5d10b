//! The application state shared by every handler.
//!
//! One struct owned by this crate: the configuration, the policy library and the template
//! environment, and the store (accounts, sessions, cases) when the server has one.

use std::sync::Arc;

use minijinja::Environment;
use policy::Library;

use casework::{Casework, Page, PageOf, RegisterFilter, RegisterListing, SpaceRecord};

use crate::config::Config;
use crate::read_cache::ReadCache;

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
    /// The system of record; `None` serves the public pages and API only.
    pub store: Option<store::Store>,
    /// Failed sign-ins per client address and unknown login.
    pub limiter: crate::auth::limiter::Limiter,
    /// Bearer tokens' uses, written behind the requests.
    pub token_uses: Arc<crate::auth::token_uses::TokenUses>,
    /// Register listings, kept while the register does not change.
    pub register_reads: ReadCache<RegisterKey, PageOf<SpaceRecord>>,
    /// The register's CSV downloads by filter (no name search), kept while the register does
    /// not change: each is the whole selection (megabytes for a large register), and the
    /// filters' few combinations bound how many there are.
    pub register_csv: ReadCache<RegisterFilter, axum::body::Bytes>,
}

/// What a register listing is read by: the filter, the search and order, the page.
pub type RegisterKey = (RegisterFilter, RegisterListing, Page);

/// How many register downloads are kept: more than the filters' combinations (the measures
/// and none, times the statuses and none) of any library this system has held.
const REGISTER_CSV_ENTRIES: usize = 64;

impl AppState {
    /// Builds the state.
    pub fn new(
        config: Config,
        library: Arc<Library>,
        openapi: serde_json::Value,
        store: Option<store::Store>,
    ) -> Self {
        let register_reads = ReadCache::new(config.limits.register_cache_entries);
        // Every measure's and status's filter and none: a few dozen at most. Off with the
        // listings' cache.
        let register_csv = ReadCache::new(if config.limits.register_cache_entries == 0 {
            0
        } else {
            REGISTER_CSV_ENTRIES
        });
        Self(Arc::new(Inner {
            config,
            templates: crate::pages::templates(&library),
            library,
            openapi,
            store,
            limiter: crate::auth::limiter::Limiter::default(),
            token_uses: Arc::default(),
            register_reads,
            register_csv,
        }))
    }

    /// A register listing, from the cache while no write has changed the register since it
    /// was read (see [`crate::read_cache`]).
    pub async fn register_listing(
        &self,
        cw: &Casework,
        filter: RegisterFilter,
        listing: RegisterListing,
        page: Page,
    ) -> Result<Arc<PageOf<SpaceRecord>>, casework::CaseworkError> {
        let generation = cw.store.generation();
        let key = (filter, listing, page);
        self.register_reads
            .get_or_load(generation, key.clone(), || async move {
                cw.register_listing(&key.0, &key.1, key.2).await
            })
            .await
    }

    /// The store, or 503 when the server runs without one.
    pub fn store(&self) -> Result<&store::Store, crate::error::AppError> {
        self.store
            .as_ref()
            .ok_or_else(|| crate::error::AppError::Unavailable {
                message: "账号与案件服务未启用（服务器未连接数据库）".into(),
            })
    }
}

impl std::ops::Deref for AppState {
    type Target = Inner;
    fn deref(&self) -> &Inner {
        &self.0
    }
}
