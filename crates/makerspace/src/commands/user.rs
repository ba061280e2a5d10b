//! `makerspace user add|token|revoke-token`: accounts with their password (argon2id at the
//! server's configured cost, OWASP's 19 MiB / 2 passes / 1 lane by default) and API tokens.

use std::io::{BufRead, IsTerminal};
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use store::{AccountRole, Actor, NewAccount, Store};

use super::store_open::{block_on, config};
use crate::cli::{RoleArg, UserArgs, UserCommand};

/// Who the command acts as, in the audit trail.
fn cli_actor() -> Actor {
    Actor::command_line()
}

fn role(r: RoleArg) -> AccountRole {
    match r {
        RoleArg::Admin => AccountRole::Admin,
        RoleArg::Authority => AccountRole::Authority,
        RoleArg::RecommendingUnit => AccountRole::RecommendingUnit,
        RoleArg::Applicant => AccountRole::Applicant,
        RoleArg::Expert => AccountRole::Expert,
    }
}

/// The password: prompted twice without echo on a terminal, else the first line of standard
/// input. Never a default.
fn read_password() -> Result<String> {
    let stdin = std::io::stdin();
    let password = if stdin.is_terminal() {
        let first = rpassword::prompt_password("密码：").context("无法读取密码")?;
        let second = rpassword::prompt_password("再次输入密码：").context("无法读取密码")?;
        if first != second {
            bail!("两次输入的密码不一致");
        }
        first
    } else {
        let mut line = String::new();
        stdin
            .lock()
            .read_line(&mut line)
            .context("无法从标准输入读取密码")?;
        line.trim_end_matches(['\r', '\n']).to_owned()
    };
    web::auth::password::check_new(&password)?;
    Ok(password)
}

/// Runs a `user` command.
pub fn run(args: &UserArgs) -> Result<ExitCode> {
    let config = config(&args.store);
    match &args.command {
        UserCommand::Add {
            role: r,
            name,
            login,
            org,
            region,
        } => {
            let login = store::credential::check_login(login)?;
            let password = read_password()?;
            let cost = web::Config::default().auth.password_hashing;
            let phc = web::auth::password::hash_blocking(&password, cost)?;
            drop(password);
            block_on(async {
                let store = Store::open(&config).await?;
                let tx = store.begin().await?;
                let account = store::account::create(
                    &tx,
                    &cli_actor(),
                    NewAccount {
                        name: name.clone(),
                        role: role(*r),
                        region_code: region.clone(),
                        organisation_id: *org,
                    },
                )
                .await?;
                store::credential::set(&tx, &cli_actor(), account.id, &login, &phc).await?;
                tx.commit().await?;
                println!(
                    "已开设账号 {}：{}（{}），登录名 {login}",
                    account.id,
                    account.name,
                    web::auth::role_label(account.role)
                );
                Ok::<_, anyhow::Error>(ExitCode::SUCCESS)
            })?
        }
        UserCommand::Token { login, name } => block_on(async {
            let store = Store::open(&config).await?;
            let Some(credential) = store::credential::by_login(store.db(), login).await? else {
                bail!("没有登录名为「{}」的账号", login.trim());
            };
            let token = web::auth::token::new_api_token();
            let tx = store.begin().await?;
            let issued = store::api_token::create(
                &tx,
                &cli_actor(),
                credential.account_id,
                name,
                &store::api_token::hash(&token),
            )
            .await?;
            tx.commit().await?;
            eprintln!(
                "已为账号 {} 签发接口令牌 {}（{}）。令牌只显示这一次，请妥善保存：",
                credential.account_id, issued.id, issued.name
            );
            println!("{token}");
            Ok(ExitCode::SUCCESS)
        })?,
        UserCommand::RevokeToken { id, reason } => block_on(async {
            let store = Store::open(&config).await?;
            let tx = store.begin().await?;
            let t = store::api_token::revoke(&tx, &cli_actor(), *id, reason).await?;
            tx.commit().await?;
            println!("已撤销接口令牌 {}（{}）", t.id, t.name);
            Ok::<_, anyhow::Error>(ExitCode::SUCCESS)
        })?,
    }
}
