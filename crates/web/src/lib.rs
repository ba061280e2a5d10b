//! The HTTP server of the makerspace system: the JSON API under `/api/v1` with its OpenAPI
//! description, and the public web pages in Chinese.
//!
//! - [`app`] builds the router (state, routes, layers) and [`serve`] runs it with graceful
//!   shutdown.
//! - `api/`: one module per resource, each handler annotated for the OpenAPI document.
//! - `pages/`: one module per page; templates in `templates/` are embedded at build time.
//! - [`assets`]: the vendored htmx and the stylesheet, embedded, served with a long cache.
//!
//! Architecture invariant: no number of law here; measures come from the policy library and
//! every verdict from the rules engines. This crate renders and transports, it never decides.

pub mod api;
pub mod assets;
pub mod auth;
pub mod config;
pub mod daily_run;
pub mod demo;
mod engine;
pub mod error;
mod layers;
pub mod pages;
pub mod printing;
pub mod read_cache;
pub mod request_id;
pub mod state;

use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use policy::Library;
use utoipa_axum::router::OpenApiRouter;

pub use config::Config;
pub use state::AppState;

/// The application without a store: the public pages and API (sign-in answers 503).
pub fn app(config: Config, library: Arc<Library>) -> Router {
    app_with_store(config, library, None)
}

/// The application: every route with its state and layers; with a store, accounts and
/// sessions (cookie `makerspace_session`: HttpOnly, SameSite=Lax, Secure as configured).
pub fn app_with_store(
    config: Config,
    library: Arc<Library>,
    store: Option<store::Store>,
) -> Router {
    let sessions = config.auth.clone();
    let signed_in = |routes: OpenApiRouter<AppState>| {
        let routes = routes.merge(pages::router().into());
        let routes = match &store {
            Some(store) => routes.layer(session_layer(store.clone(), &sessions)),
            None => routes,
        };
        routes
            .layer(axum::middleware::from_fn(auth::csrf_form::form_field_token))
            .layer(axum::middleware::from_fn(auth::csrf::cross_origin_guard))
    };
    let (routes, openapi) = api::router(signed_in)
        .merge(assets::router().into())
        .split_for_parts();
    let openapi = serde_json::to_value(&openapi).unwrap_or_default();
    let openapi = api::responses::complete(openapi);
    let openapi = api::zh::describe(openapi);
    let ids: Vec<&str> = library.measures().iter().map(|m| m.id()).collect();
    let openapi = api::measure_ids::enumerate(openapi, &ids);
    let limits = config.limits.clone();
    let state = AppState::new(config, library, openapi, store);
    // The state also as an extension, for the page error middleware (`pages::error_page`),
    // which the routes are built before the state.
    let routes = routes
        .fallback(pages::not_found)
        .with_state(state.clone())
        .layer(axum::Extension(state));
    layers::wrap(routes, &limits)
}

/// Cookie sessions kept in the store (`makerspace_session`: HttpOnly, SameSite=Lax, Secure as
/// configured, expiring after the configured minutes of inactivity).
fn session_layer(
    store: store::Store,
    settings: &config::Auth,
) -> tower_sessions::SessionManagerLayer<auth::DbSessionStore> {
    let minutes = i64::try_from(settings.session_minutes).unwrap_or(i64::MAX / 60);
    tower_sessions::SessionManagerLayer::new(auth::DbSessionStore::new(store))
        .with_name(auth::COOKIE)
        .with_path("/")
        .with_http_only(true)
        .with_secure(settings.secure_cookie)
        .with_same_site(tower_sessions::cookie::SameSite::Lax)
        .with_expiry(tower_sessions::Expiry::OnInactivity(
            time::Duration::minutes(minutes),
        ))
}

/// Why the server could not start or stopped.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    /// The configuration.
    #[error(transparent)]
    Config(#[from] config::ConfigError),
    /// The policies.
    #[error("政策文件无法加载：{0}")]
    Policies(#[from] policy::LoadError),
    /// The store (database) could not be opened or migrated.
    #[error("数据库无法打开：{0}")]
    Store(#[from] store::StoreError),
    /// The listening socket or the connection loop.
    #[error("无法在 {addr} 监听：{source}")]
    Io {
        /// The address.
        addr: std::net::SocketAddr,
        /// The cause.
        source: std::io::Error,
    },
}

/// Sets up logging once (`RUST_LOG` overrides the configured filter).
pub fn init_tracing(config: &Config) {
    use tracing_subscriber::EnvFilter;
    let filter = EnvFilter::try_from_default_env()
        .or_else(|_| EnvFilter::try_new(&config.log))
        .unwrap_or_else(|_| EnvFilter::new("info"));
    // Colours only for a person at a terminal: a log file or journal gets plain lines, and a
    // request's span fields (written on every request) are formatted without escape codes.
    let ansi = std::io::IsTerminal::is_terminal(&std::io::stdout());
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_target(false)
        .with_ansi(ansi)
        .try_init();
}

/// Loads the policies named by the configuration (or the embedded copy).
pub fn load_library(config: &Config) -> Result<Library, policy::LoadError> {
    match &config.policy_dir {
        Some(dir) => Library::from_dir(dir),
        None => Library::embedded(),
    }
}

/// Runs the server until SIGINT or SIGTERM, then lets in-flight requests finish (up to the
/// configured grace period).
pub async fn serve(config: Config) -> Result<(), ServeError> {
    init_tracing(&config);
    let library = Arc::new(load_library(&config)?);
    let addr = config.listen;
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|source| ServeError::Io { addr, source })?;
    let local = listener.local_addr().unwrap_or(addr);
    tracing::info!(%local, policies = library.measures().len(), "众创空间认定与管理系统 listening");
    let grace = Duration::from_secs(config.limits.shutdown_grace_secs);
    let store = store::Store::open(&config.store_config()).await?;
    tracing::info!(database = %store.url_redacted(), "store opened and migrated");
    spawn_session_sweeper(store.clone());
    spawn_change_watch(store.clone(), config.limits.external_changes_poll_ms);
    if config.lifecycle.daily_run {
        daily_run::DailyRun::new(store.clone(), library.clone())
            .spawn(Duration::from_secs(config.lifecycle.check_secs));
    }
    let app = app_with_store(config, library, Some(store));
    serve_on(listener, app, shutdown_signal(), grace)
        .await
        .map_err(|source| ServeError::Io { addr, source })
}

/// Serves `app` on `listener` until `signal` completes, then drains in-flight requests for at
/// most `grace`.
pub async fn serve_on(
    listener: tokio::net::TcpListener,
    app: Router,
    signal: impl std::future::Future<Output = ()> + Send + 'static,
    grace: Duration,
) -> std::io::Result<()> {
    let (tx, mut rx) = tokio::sync::watch::channel(false);
    let app = app.into_make_service_with_connect_info::<std::net::SocketAddr>();
    let server = axum::serve(listener, app).with_graceful_shutdown(async move {
        signal.await;
        tracing::info!("shutdown requested: finishing in-flight requests");
        let _ = tx.send(true);
    });
    let deadline = async move {
        let _ = rx.wait_for(|fired| *fired).await;
        tokio::time::sleep(grace).await;
    };
    tokio::select! {
        r = server => r,
        () = deadline => {
            tracing::warn!(?grace, "grace period over: closing remaining connections");
            Ok(())
        }
    }
}

/// Looks for register changes by another process every `every_ms` (see [`read_cache`]).
fn spawn_change_watch(store: store::Store, every_ms: u64) {
    tokio::spawn(async move {
        let mut every = tokio::time::interval(Duration::from_millis(every_ms.max(1)));
        every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            every.tick().await;
            if let Err(e) = store.poll_external_changes().await {
                tracing::warn!(error = %e, "register change counter not read");
            }
        }
    });
}

/// Deletes expired sessions every hour.
fn spawn_session_sweeper(store: store::Store) {
    tokio::spawn(async move {
        let mut every = tokio::time::interval(Duration::from_secs(3600));
        loop {
            every.tick().await;
            match store::session::delete_expired(&store, store.now()).await {
                Ok(n) if n > 0 => tracing::info!(removed = n, "expired sessions removed"),
                Ok(_) => {}
                Err(e) => tracing::warn!(error = %e, "expired sessions not removed"),
            }
        }
    });
}

/// Completes on Ctrl-C (SIGINT) or SIGTERM.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
}
