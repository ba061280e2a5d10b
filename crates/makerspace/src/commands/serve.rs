//! `makerspace serve`: the HTTP server (JSON API and web pages) on a tokio runtime.

use std::process::ExitCode;

use anyhow::{Context, Result};

use crate::cli::{Cli, ServeArgs};

/// Runs the server until SIGINT or SIGTERM.
pub fn run(cli: &Cli, args: &ServeArgs) -> Result<ExitCode> {
    let mut config = web::Config::load(args.config.as_deref())?;
    if let Some(listen) = args.listen {
        config.listen = listen;
    }
    if let Some(dir) = &cli.policy_dir {
        config.policy_dir = Some(dir.clone());
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("无法启动异步运行时")?;
    if args.demo {
        let accounts = config.data_dir.join("demo-accounts.json");
        match runtime.block_on(web::demo::prepare(&config)) {
            Ok(_) => {}
            // Running the README's command again: the demo is already there, so serve it.
            Err(web::demo::DemoError::NotEmpty { .. }) if accounts.is_file() => {
                eprintln!(
                    "沿用已有的演示数据（账号与密码见 {}）。",
                    accounts.display()
                );
                web::demo::enable_demo_clock();
            }
            Err(e) => return Err(anyhow::Error::new(e).context("无法建立演示数据")),
        }
    }
    // The 申报书 PDF needs a Chinese font: say so at start rather than at the first download.
    if let Err(e) = reports::FontSet::load(&reports::default_font_dirs()) {
        eprintln!("提示：申报书 PDF 暂不可用：{e}。安装字体：./scripts/cjk-font");
    }
    runtime.block_on(web::serve(config))?;
    Ok(ExitCode::SUCCESS)
}
