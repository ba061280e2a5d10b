//! Accounts with passwords for the web crate's HTTP tests, hashed with cheap argon2 parameters.

use store::{Account, AccountRole, Actor, NewAccount, Tx};

/// The password of every account these helpers create.
pub const PASSWORD: &str = "correct horse battery staple";

/// Cheap argon2 parameters, so tests sign in quickly.
pub fn cheap_hashing() -> web::config::PasswordHashing {
    web::config::PasswordHashing {
        memory_kib: 64,
        passes: 1,
        parallelism: 1,
    }
}

/// The actor the tests' setup acts as.
pub fn admin() -> Actor {
    Actor::new("test", "admin")
}

/// Creates, in `tx` (the caller commits), an account named after `login` that signs in as
/// `login` with [`PASSWORD`].
pub async fn account_with_password(
    tx: &Tx,
    actor: &Actor,
    login: &str,
    role: AccountRole,
    region_code: Option<String>,
    organisation_id: Option<i64>,
) -> Account {
    let a = store::account::create(
        tx,
        actor,
        NewAccount {
            name: format!("{login} 的姓名"),
            role,
            region_code,
            organisation_id,
        },
    )
    .await
    .unwrap();
    let phc = web::auth::password::hash_blocking(PASSWORD, cheap_hashing()).unwrap();
    store::credential::set(tx, actor, a.id, login, &phc)
        .await
        .unwrap();
    a
}
