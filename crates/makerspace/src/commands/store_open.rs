//! Opening the store for a command: the configuration from the flags, and a tokio runtime of
//! the command's own (the CLI's `main` is synchronous).

use anyhow::{Context, Result};
use store::StoreConfig;

use crate::cli::StoreArgs;

/// The store configuration the flags describe.
pub fn config(args: &StoreArgs) -> StoreConfig {
    StoreConfig::new(&args.data_dir).with_database_url(args.database_url.clone())
}

/// Runs `f` to completion on a new runtime.
pub fn block_on<F: std::future::Future>(f: F) -> Result<F::Output> {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .context("无法启动异步运行时")?;
    Ok(rt.block_on(f))
}
