//! `makerspace policy lint [FILE…]`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Result;
use policy::library::FACTS_FILE;
use policy::{Library, LoadError};

use crate::cli::Cli;

/// Lints the given files against the shared data of the library (or the whole library).
pub fn run(cli: &Cli, files: &[PathBuf]) -> Result<ExitCode> {
    if files.is_empty() {
        return match super::library(cli).map_err(|e| e.downcast::<LoadError>()) {
            Ok(lib) => {
                println!("{} 项办法全部通过检查。", lib.measures().len());
                Ok(ExitCode::SUCCESS)
            }
            Err(Ok(LoadError::Invalid(found))) => {
                for d in &found {
                    println!("{d}");
                }
                println!("共发现 {} 个问题。", found.len());
                Ok(ExitCode::FAILURE)
            }
            Err(Ok(other)) => Err(other.into()),
            Err(Err(other)) => Err(other),
        };
    }
    let mut problems = 0;
    for file in files {
        let found = shared_library(cli, file)?.lint_path(file)?;
        for d in &found {
            println!("{d}");
        }
        if found.is_empty() {
            println!("{}：通过检查。", file.display());
        }
        problems += found.len();
    }
    if problems == 0 {
        Ok(ExitCode::SUCCESS)
    } else {
        println!("共发现 {problems} 个问题。");
        Ok(ExitCode::FAILURE)
    }
}

/// The library used for its dictionary, terms and calendar only, so single-file lint works
/// even while another policy of the folder is broken: the policies folder that holds the file
/// (it has a `facts.toml`), else `--policy-dir`, else the embedded copy.
fn shared_library(cli: &Cli, file: &Path) -> Result<Library> {
    let holder = file.canonicalize().ok().and_then(|f| {
        f.ancestors()
            .skip(1)
            .find(|d| d.join(FACTS_FILE).is_file())
            .map(Path::to_path_buf)
    });
    Ok(match holder.as_ref().or(cli.policy_dir.as_ref()) {
        Some(dir) => Library::shared_from_dir(dir)?,
        None => Library::shared_embedded()?,
    })
}
