//! argon2id password hashing (PHC strings), always off the async threads.

use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use argon2::{Algorithm, Argon2, Params, Version};

use crate::config::PasswordHashing;

/// The shortest password accepted (ASVS 5.0 6.2.1 asks for at least 8; we ask 12).
pub const MIN_CHARS: usize = 12;
/// The longest password accepted (bounds the hashing work per request).
pub const MAX_CHARS: usize = 128;

/// Why a password cannot be set.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PasswordError {
    /// Too short or too long.
    #[error("密码长度须为 {MIN_CHARS}–{MAX_CHARS} 个字符")]
    Length,
    /// The hasher failed (bad parameters).
    #[error("密码哈希失败：{0}")]
    Hash(String),
}

fn hasher(cost: PasswordHashing) -> Result<Argon2<'static>, PasswordError> {
    let params = Params::new(cost.memory_kib, cost.passes, cost.parallelism, None)
        .map_err(|e| PasswordError::Hash(e.to_string()))?;
    Ok(Argon2::new(Algorithm::Argon2id, Version::V0x13, params))
}

/// Checks a new password's length.
pub fn check_new(password: &str) -> Result<(), PasswordError> {
    let n = password.chars().count();
    if (MIN_CHARS..=MAX_CHARS).contains(&n) {
        Ok(())
    } else {
        Err(PasswordError::Length)
    }
}

/// Hashes a password with a fresh salt (blocking: call from a blocking thread or the CLI).
pub fn hash_blocking(password: &str, cost: PasswordHashing) -> Result<String, PasswordError> {
    hasher(cost)?
        .hash_password(password.as_bytes())
        .map(|h| h.to_string())
        .map_err(|e| PasswordError::Hash(e.to_string()))
}

/// Whether `password` matches the PHC string (its own parameters apply). Blocking.
pub fn verify_blocking(password: &str, phc: &str) -> bool {
    Argon2::default()
        .verify_password(password.as_bytes(), phc)
        .is_ok()
}

/// Hashes on tokio's blocking pool.
pub async fn hash(password: String, cost: PasswordHashing) -> Result<String, PasswordError> {
    tokio::task::spawn_blocking(move || hash_blocking(&password, cost))
        .await
        .map_err(|e| PasswordError::Hash(e.to_string()))?
}

/// Verifies on tokio's blocking pool, so a burst of sign-ins never stalls other requests.
pub async fn verify(password: String, phc: String) -> bool {
    tokio::task::spawn_blocking(move || verify_blocking(&password, &phc))
        .await
        .unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_with_cheap_params() {
        let cost = PasswordHashing {
            memory_kib: 64,
            passes: 1,
            parallelism: 1,
        };
        let phc = hash_blocking("correct horse battery", cost).unwrap();
        assert!(phc.starts_with("$argon2id$v=19$m=64,t=1,p=1$"), "{phc}");
        assert!(verify_blocking("correct horse battery", &phc));
        assert!(!verify_blocking("wrong horse battery", &phc));
        assert!(!verify_blocking("x", "not a phc string"));
    }

    #[test]
    fn length_is_checked() {
        assert_eq!(check_new("short"), Err(PasswordError::Length));
        assert!(check_new("long enough password").is_ok());
    }
}
