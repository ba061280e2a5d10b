//! `makerspace`: the command line of the makerspace recognition and management system.

mod cli;
mod commands;

use std::process::ExitCode;

use clap::Parser;

/// mimalloc: the server answers thousands of requests a second, each allocating many small
/// strings (report sentences, JSON), which glibc's allocator serves markedly slower.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = cli::Cli::parse();
    match commands::run(cli) {
        Ok(code) => code,
        Err(err) => {
            eprintln!("错误：{err:#}");
            ExitCode::from(2)
        }
    }
}
