//! One module per command; each returns the process exit code.

mod appraise;
mod audit_verify;
mod check;
mod db;
mod export_application;
mod facts;
mod policy_coverage;
mod policy_diff;
mod policy_impact;
mod policy_lint;
mod policy_list;
mod policy_show;
mod register;
mod serve;
mod store_open;
mod user;

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
        Command::Policy {
            command: PolicyCommand::Lint { files },
        } => policy_lint::run(&cli, files),
        Command::Appraise(args) => appraise::run(&cli, args),
        Command::Db(args) => db::run(args),
        Command::Audit(args) => audit_verify::run(args),
        Command::Tick(args) => register::tick(&cli, args),
        Command::Export(args) => register::export(&cli, args),
        Command::ExportApplication(args) => export_application::run(&cli, args),
        Command::Import(args) => register::import(&cli, args),
        Command::Check(args) => check::run(&cli, args),
        Command::Serve(args) => serve::run(&cli, args),
        Command::User(args) => user::run(args),
        Command::Facts { format } => facts::run(&library(&cli)?, *format),
        Command::Policy { command } => {
            let lib = library(&cli)?;
            match command {
                PolicyCommand::List { format } => policy_list::list(&lib, *format),
                PolicyCommand::InForce { region, date } => {
                    policy_list::in_force(&lib, region, date.as_deref())
                }
                PolicyCommand::Show { id, format } => policy_show::run(&lib, id, *format),
                PolicyCommand::Coverage { id, format } => {
                    policy_coverage::run(&lib, id.as_deref(), *format)
                }
                PolicyCommand::Diff {
                    left,
                    right,
                    format,
                } => policy_diff::run(&lib, left, right, *format),
                PolicyCommand::Impact {
                    file,
                    profiles,
                    store,
                    format,
                } => policy_impact::run(&lib, file, profiles.as_deref(), store, *format),
                PolicyCommand::Lint { .. } => unreachable!("handled above"),
            }
        }
    }
}
