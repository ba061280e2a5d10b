//! Migrations: one Rust source for SQLite and PostgreSQL, applied on open.
//!
//! Append-only: a migration that has shipped is never edited; a change is a new file
//! `mYYYYMMDD_HHMMSS_name.rs` added at the end of [`Migrator::migrations`].

use sea_orm_migration::prelude::*;

mod m20261123_133500_foundation;
mod m20261124_090000_casework;
mod m20261124_100000_access;
mod m20261125_090000_attachment_owner;
mod m20261126_090000_change_counter;
mod m20261126_100000_appraisal_round;
mod m20261206_090000_case_expert;
mod m20261207_090000_case_queue_columns;

/// The list of migrations, oldest first.
pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261123_133500_foundation::Migration),
            Box::new(m20261124_090000_casework::Migration),
            Box::new(m20261124_100000_access::Migration),
            Box::new(m20261125_090000_attachment_owner::Migration),
            Box::new(m20261126_090000_change_counter::Migration),
            Box::new(m20261126_100000_appraisal_round::Migration),
            Box::new(m20261206_090000_case_expert::Migration),
            Box::new(m20261207_090000_case_queue_columns::Migration),
        ]
    }
}
