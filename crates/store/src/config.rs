//! Where the store lives and what it accepts: the database URL, the data folder, the attachment
//! folder and the upload limits. Filled by the binary from flags, environment and config files.

use std::path::{Path, PathBuf};

use crate::attachment::MediaType;

/// The SQLite file's name under the data folder.
pub const SQLITE_FILE: &str = "makerspace.db";
/// The attachments folder's name under the data folder.
pub const ATTACHMENTS_DIR: &str = "attachments";

/// Upload limits (operator configuration, not law).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttachmentLimits {
    /// Largest accepted file, in bytes.
    pub max_bytes: u64,
    /// Media types accepted (sniffed from the content).
    pub allowed: Vec<MediaType>,
    /// The most bytes of attachments one organisation may hold (`None`: no quota).
    pub quota_bytes: Option<u64>,
}

impl Default for AttachmentLimits {
    /// 20 MiB; PDF, OFD, images, Word and Excel documents; no quota (the server sets one).
    fn default() -> Self {
        Self {
            max_bytes: 20 * 1024 * 1024,
            allowed: vec![
                MediaType::Pdf,
                MediaType::Ofd,
                MediaType::Png,
                MediaType::Jpeg,
                MediaType::Docx,
                MediaType::Xlsx,
            ],
            quota_bytes: None,
        }
    }
}

/// How to open the store.
#[derive(Debug, Clone)]
pub struct StoreConfig {
    /// `sqlite://PATH?mode=rwc` or `postgres://…`; `None` for the SQLite file under the data folder.
    pub database_url: Option<String>,
    /// The data folder (SQLite file and, by default, attachments).
    pub data_dir: PathBuf,
    /// The attachments folder; `None` for `DATA_DIR/attachments`.
    pub attachment_dir: Option<PathBuf>,
    /// Upload limits.
    pub attachment_limits: AttachmentLimits,
    /// PostgreSQL only: the schema to use (created if missing) instead of `public`. Tests use a
    /// fresh one each.
    pub pg_schema: Option<String>,
}

impl StoreConfig {
    /// A configuration with the defaults for `data_dir`.
    pub fn new(data_dir: impl Into<PathBuf>) -> Self {
        Self {
            database_url: None,
            data_dir: data_dir.into(),
            attachment_dir: None,
            attachment_limits: AttachmentLimits::default(),
            pg_schema: None,
        }
    }

    /// Sets the database URL (`None` keeps the SQLite default).
    pub fn with_database_url(mut self, url: Option<String>) -> Self {
        self.database_url = url;
        self
    }

    /// The URL to connect to.
    pub fn url(&self) -> String {
        match &self.database_url {
            Some(u) => u.clone(),
            None => sqlite_url(&self.data_dir.join(SQLITE_FILE)),
        }
    }

    /// The attachments folder.
    pub fn attachments(&self) -> PathBuf {
        self.attachment_dir
            .clone()
            .unwrap_or_else(|| self.data_dir.join(ATTACHMENTS_DIR))
    }
}

/// The `sqlite://` URL of a file, created if missing.
pub fn sqlite_url(path: &Path) -> String {
    let mut p = String::new();
    for ch in path.to_string_lossy().chars() {
        match ch {
            '%' => p.push_str("%25"),
            '?' => p.push_str("%3F"),
            '#' => p.push_str("%23"),
            c => p.push(c),
        }
    }
    format!("sqlite://{p}?mode=rwc")
}

/// A URL with its password replaced by `***`, for messages.
pub fn redact(url: &str) -> String {
    match (url.find("://"), url.find('@')) {
        (Some(s), Some(at)) if at > s => {
            let creds = &url[s + 3..at];
            match creds.find(':') {
                Some(c) => format!("{}{}:***{}", &url[..s + 3], &creds[..c], &url[at..]),
                None => url.to_owned(),
            }
        }
        _ => url.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_url_is_the_file_under_the_data_dir() {
        let c = StoreConfig::new("data");
        assert_eq!(c.url(), "sqlite://data/makerspace.db?mode=rwc");
        assert_eq!(c.attachments(), PathBuf::from("data/attachments"));
    }

    #[test]
    fn passwords_are_hidden() {
        assert_eq!(
            redact("postgres://u:secret@localhost:5432/db"),
            "postgres://u:***@localhost:5432/db"
        );
        assert_eq!(redact("sqlite://x.db"), "sqlite://x.db");
    }
}
