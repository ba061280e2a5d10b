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
    /// The most uploaded bytes one organisation may hold.
    pub upload_quota_bytes: u64,
    /// Seconds a request may take before it is answered with 408.
    pub request_timeout_secs: u64,
    /// Seconds to let in-flight requests finish after a shutdown signal.
    pub shutdown_grace_secs: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            body_bytes: 256 * 1024,
            upload_bytes: 20 * 1024 * 1024,
            upload_quota_bytes: 512 * 1024 * 1024,
            request_timeout_secs: 30,
            shutdown_grace_secs: 20,
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
        }
    }
}

/// The top-level keys, as read from the environment.
const KEYS: [&str; 6] = [
    "listen",
    "data_dir",
    "database_url",
    "policy_dir",
    "limits",
    "log",
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
    fn unknown_key_is_an_error() {
        figment::Jail::expect_with(|jail| {
            jail.create_file("m.toml", "lisen = \"0.0.0.0:9000\"\n")?;
            assert!(Config::load(Some(Path::new("m.toml"))).is_err());
            Ok(())
        });
    }
}
