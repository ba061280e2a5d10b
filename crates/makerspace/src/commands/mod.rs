//! One module per command; each returns the process exit code.

mod check;
mod policy_lint;

use std::process::ExitCode;

use anyhow::Result;
use policy::Library;

use crate::cli::{Cli, Command, PolicyCommand};

/// Loads the library from `--policy-dir` or the embedded copy.
pub fn library(cli: &Cli) -> Result<Library> {
    Ok(match &cli.policy_dir {
        Some(dir) => Library::from_dir(dir)?,
        None => Library::embedded()?,
    })
}

/// Runs a parsed command line.
pub fn run(cli: Cli) -> Result<ExitCode> {
    match &cli.command {
        Command::Policy { command: PolicyCommand::Lint { files } } => policy_lint::run(&cli, files),
        Command::Check(args) => check::run(&cli, args),
        _ => anyhow::bail!("尚未实现"),
    }
}
