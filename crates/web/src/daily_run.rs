//! The daily lifecycle run inside the server: obligations overdue, rectification, expiry,
//! exclusion and automatic revocation recorded for each day (`Casework::tick`) without a cron
//! job beside the server.
//!
//! The server looks every few minutes whether the day in China (by the store's clock) has
//! changed since its last run, and runs the day once: at start, and soon after each midnight.
//! A run that fails is tried again at the next look. Running a day again adds nothing, so a
//! restart, `makerspace tick` or `POST /api/v1/tick` on the same day do no harm; a deployment
//! with several servers on one database can still leave it to one of them
//! (`lifecycle.daily_run = false` on the others).

use std::sync::Arc;
use std::time::Duration;

use casework::{Casework, TickReport};
use jiff::civil::Date;
use policy::Library;

/// The day last run, and the service to run the next with.
pub struct DailyRun {
    casework: Casework,
    last: Option<Date>,
}

impl DailyRun {
    /// Over `store`, with the measures of `library`; no day run yet.
    pub fn new(store: store::Store, library: Arc<Library>) -> Self {
        Self {
            casework: Casework::new(store, library),
            last: None,
        }
    }

    /// Runs today (in China, by the store's clock) unless it has been run already; the report
    /// when it ran.
    pub async fn run_if_new_day(&mut self) -> Result<Option<TickReport>, casework::CaseworkError> {
        let today = casework::dates::day_in_china(self.casework.store.now());
        if self.last == Some(today) {
            return Ok(None);
        }
        let report = self.casework.tick(today).await?;
        self.last = Some(today);
        Ok(Some(report))
    }

    /// Looks every `every` for a new day, in a task of its own, for the server's life.
    pub fn spawn(mut self, every: Duration) {
        tokio::spawn(async move {
            let mut ticks = tokio::time::interval(every.max(Duration::from_secs(1)));
            ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            loop {
                ticks.tick().await;
                match self.run_if_new_day().await {
                    Ok(Some(r)) => tracing::info!(
                        date = ?r.date,
                        spaces = r.spaces,
                        new_findings = r.new_findings,
                        resolved = r.resolved,
                        status_changes = r.changes.len(),
                        for_decision = r.for_decision,
                        "daily lifecycle run"
                    ),
                    Ok(None) => {}
                    Err(e) => tracing::warn!(
                        error = %e,
                        "daily lifecycle run failed; tried again at the next look"
                    ),
                }
            }
        });
    }
}
