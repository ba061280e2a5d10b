//! Random secrets: API tokens and CSRF tokens.

/// The prefix of API tokens (recognisable in logs and secret scanners).
pub const API_TOKEN_PREFIX: &str = "mks_";

/// `n` random bytes as lowercase hex, from the operating system's generator.
pub fn random_hex(n: usize) -> String {
    let mut buf = vec![0u8; n];
    // The OS generator failing is unrecoverable; nothing weaker is substituted.
    getrandom::fill(&mut buf).expect("操作系统随机数生成器不可用");
    hex::encode(buf)
}

/// A new API token (shown once; only its SHA-256 is stored).
pub fn new_api_token() -> String {
    format!("{API_TOKEN_PREFIX}{}", random_hex(32))
}

/// A new per-session CSRF token.
pub fn new_csrf_token() -> String {
    random_hex(32)
}

/// Compares two secrets in time independent of where they differ.
pub fn constant_time_eq(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}
