//! Test support for the crash test (not an operator tool): opens the store at the data folder
//! given as the first argument and, forever, creates one organisation per transaction (audited)
//! and prints its id once the commit has returned. The test kills it with SIGKILL.

use std::io::Write;

use store::{Actor, NewOrganisation, Store, StoreConfig};

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = std::env::args()
        .nth(1)
        .ok_or("usage: store_crash_writer DATA_DIR [URL]")?;
    let config = StoreConfig::new(dir).with_database_url(std::env::args().nth(2));
    let store = Store::open(&config).await?;
    let actor = Actor::system();
    let mut n = store::organisation::count(store.db()).await?;
    let mut out = std::io::stdout().lock();
    loop {
        let tx = store.begin().await?;
        let body = format!("91140600{n:08}");
        let org = store::organisation::create(
            &tx,
            &actor,
            NewOrganisation {
                credit_code: store::credit_code::complete(&body).ok_or("code")?,
                name: format!("崩溃测试单位{n}"),
                region_code: None,
            },
        )
        .await?;
        tx.commit().await?;
        writeln!(out, "{}", org.id)?;
        out.flush()?;
        n += 1;
    }
}
