//! Server configuration: defaults, then an optional TOML file, then `MAKERSPACE_` environment
//! variables (`MAKERSPACE_LISTEN`, `MAKERSPACE_DATA_DIR`, `MAKERSPACE_LIMITS__BODY_BYTES`…).
//!
//! Only operational settings live here (addresses, folders, sizes, timeouts); no number of law:
//! those stay in the policy files.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use figment::Figment;
use figment::providers::{Env, Format, Serialized, Toml};
use serde::{Deserialize, Serialize};

/// Request and upload size limits.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Limits {
    /// The largest request body accepted outside uploads, in bytes.
    pub body_bytes: usize,
    /// The largest single uploaded file, in bytes.
    pub upload_bytes: usize,
    /// The most bytes of attachments one organisation may hold, all its uploads together
    /// (`MAKERSPACE_LIMITS__UPLOAD_QUOTA_BYTES`); over it an upload is refused with 413.
    pub upload_quota_bytes: u64,
    /// Seconds a request may take before it is answered with 408.
    pub request_timeout_secs: u64,
    /// Seconds to let in-flight requests finish after a shutdown signal.
    pub shutdown_grace_secs: u64,
    /// Register listings (one per distinct search, filter and page) kept in memory between
    /// changes to the register; 0 turns the cache off.
    pub register_cache_entries: usize,
    /// How often, in milliseconds, the server looks for register changes made by another
    /// process (the `tick` or `import` command beside it); its own writes are seen at once.
    pub external_changes_poll_ms: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            body_bytes: 256 * 1024,
            upload_bytes: 20 * 1024 * 1024,
            upload_quota_bytes: 512 * 1024 * 1024,
            request_timeout_secs: 30,
            shutdown_grace_secs: 20,
            register_cache_entries: 1024,
            external_changes_poll_ms: 1000,
        }
    }
}

/// The cost of argon2id password hashing (OWASP: 19 MiB, 2 passes, parallelism 1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PasswordHashing {
    /// Memory per hash, in KiB.
    pub memory_kib: u32,
    /// Passes over the memory.
    pub passes: u32,
    /// Lanes.
    pub parallelism: u32,
}

impl Default for PasswordHashing {
    fn default() -> Self {
        Self {
            memory_kib: 19 * 1024,
            passes: 2,
            parallelism: 1,
        }
    }
}

/// Sign-in and session security settings (operator configuration, not law).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Auth {
    /// Mark the session cookie `Secure` (sent over https only). Keep `true` behind https;
    /// `false` only for plain-http development on another host than localhost.
    pub secure_cookie: bool,
    /// How long a browser session lasts after sign-in, in minutes.
    pub session_minutes: u64,
    /// Failed sign-ins that lock a login name.
    pub login_max_failures: u32,
    /// Failed sign-ins from one client address (within `lockout_secs`) that block it.
    pub ip_max_failures: u32,
    /// How long a locked login name or blocked address stays so, in seconds.
    pub lockout_secs: u64,
    /// Milliseconds over which bearer tokens' uses are gathered before their `last_used_at`
    /// is written in one transaction.
    pub token_use_flush_ms: u64,
    /// Take the client address from the last `X-Forwarded-For` entry (only behind a reverse
    /// proxy that sets it).
    pub trust_forwarded_for: bool,
    /// argon2id cost.
    pub password_hashing: PasswordHashing,
}

impl Default for Auth {
    fn default() -> Self {
        Self {
            secure_cookie: true,
            session_minutes: 8 * 60,
            login_max_failures: 5,
            ip_max_failures: 20,
            lockout_secs: 15 * 60,
            token_use_flush_ms: 1000,
            trust_forwarded_for: false,
            password_hashing: PasswordHashing::default(),
        }
    }
}

/// The lifecycle run the server makes each day (`daily_run`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Lifecycle {
    /// Run each day's lifecycle evaluation in the server (at start and after each midnight,
    /// China time); `false` where another server on the same database, or a scheduled
    /// `makerspace tick`, does it.
    pub daily_run: bool,
    /// How often, in seconds, the server looks whether a new day has begun.
    pub check_secs: u64,
}

impl Default for Lifecycle {
    fn default() -> Self {
        Self {
            daily_run: true,
            check_secs: 300,
        }
    }
}

/// The server configuration.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// The address to listen on.
    pub listen: SocketAddr,
    /// The data folder (database file, uploads).
    pub data_dir: PathBuf,
    /// The database URL (`sqlite://…` or `postgres://…`); under `data_dir` when absent.
    pub database_url: Option<String>,
    /// A policies folder to use instead of the copy built into the binary.
    pub policy_dir: Option<PathBuf>,
    /// Size limits and timeouts.
    pub limits: Limits,
    /// Log filter (tracing `EnvFilter` syntax), overridden by `RUST_LOG`.
    pub log: String,
    /// Sign-in, lockout and session settings.
    pub auth: Auth,
    /// The daily lifecycle run.
    pub lifecycle: Lifecycle,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            listen: SocketAddr::from(([127, 0, 0, 1], 8080)),
            data_dir: PathBuf::from("data"),
            database_url: None,
            policy_dir: None,
            limits: Limits::default(),
            log: "info,tower_http=info".into(),
            auth: Auth::default(),
            lifecycle: Lifecycle::default(),
        }
    }
}

/// The top-level keys, as read from the environment.
const KEYS: [&str; 8] = [
    "listen",
    "data_dir",
    "database_url",
    "policy_dir",
    "limits",
    "log",
    "auth",
    "lifecycle",
];

/// A configuration that cannot be read, with the source named.
#[derive(Debug, thiserror::Error)]
#[error("配置有误：{0}")]
pub struct ConfigError(#[from] Box<figment::Error>);

impl Config {
    /// The layered configuration: defaults → `file` (when given; it must exist) →
    /// `MAKERSPACE_*` environment variables (nested keys with `__`).
    pub fn figment(file: Option<&Path>) -> Figment {
        let mut f = Figment::from(Serialized::defaults(Config::default()));
        if let Some(file) = file {
            f = f.merge(Toml::file_exact(file));
        }
        // Only this configuration's own keys: other `MAKERSPACE_*` variables (tests, tools)
        // are not mistaken for typos.
        f.merge(Env::prefixed("MAKERSPACE_").split("__").filter(|k| {
            let top = k.as_str().split('.').next().unwrap_or_default();
            KEYS.iter().any(|known| top.eq_ignore_ascii_case(known))
        }))
    }

    /// Loads the configuration.
    pub fn load(file: Option<&Path>) -> Result<Self, ConfigError> {
        Self::figment(file)
            .extract()
            .map_err(|e| ConfigError(Box::new(e)))
    }

    /// The store configuration: the database URL, or the SQLite file under the data folder;
    /// the upload limits (largest file, each organisation's quota) enforced by the store.
    pub fn store_config(&self) -> store::StoreConfig {
        let mut c =
            store::StoreConfig::new(&self.data_dir).with_database_url(self.database_url.clone());
        c.attachment_limits.max_bytes = self.limits.upload_bytes as u64;
        c.attachment_limits.quota_bytes = Some(self.limits.upload_quota_bytes);
        c
    }

    /// The database URL in effect.
    pub fn database_url(&self) -> String {
        self.database_url.clone().unwrap_or_else(|| {
            format!(
                "sqlite://{}?mode=rwc",
                self.data_dir.join("makerspace.db").display()
            )
        })
    }
}

#[cfg(test)]
#[allow(clippy::result_large_err)] // figment::Jail's own signature
mod tests {
    use super::*;

    #[test]
    fn layers_defaults_file_env() {
        figment::Jail::expect_with(|jail| {
            jail.create_file(
                "m.toml",
                "listen = \"0.0.0.0:9000\"\n[limits]\nbody_bytes = 1024\n",
            )?;
            jail.set_env("MAKERSPACE_DATA_DIR", "/srv/ms");
            jail.set_env("MAKERSPACE_LIMITS__REQUEST_TIMEOUT_SECS", "5");
            let c = Config::load(Some(Path::new("m.toml"))).map_err(|e| e.to_string())?;
            assert_eq!(c.listen.port(), 9000);
            assert_eq!(c.limits.body_bytes, 1024);
            assert_eq!(c.limits.request_timeout_secs, 5);
            assert_eq!(c.data_dir, PathBuf::from("/srv/ms"));
            assert_eq!(c.limits.upload_bytes, Limits::default().upload_bytes);
            Ok(())
        });
    }

    #[test]
    fn upload_limits_reach_the_store() {
        figment::Jail::expect_with(|jail| {
            jail.set_env("MAKERSPACE_LIMITS__UPLOAD_QUOTA_BYTES", "1048576");
            let c = Config::load(None).map_err(|e| e.to_string())?;
            let store = c.store_config();
            assert_eq!(store.attachment_limits.quota_bytes, Some(1_048_576));
            assert_eq!(
                store.attachment_limits.max_bytes,
                c.limits.upload_bytes as u64
            );
            Ok(())
        });
    }

    #[test]
    fn unknown_key_is_an_error() {
        figment::Jail::expect_with(|jail| {
            jail.create_file("m.toml", "lisen = \"0.0.0.0:9000\"\n")?;
            assert!(Config::load(Some(Path::new("m.toml"))).is_err());
            Ok(())
        });
    }
}
