//! What the work queues show of a case beside its stage, as columns of `case`: the day it
//! reached its stage, its public notice period and its objections (all and unruled). The
//! workbench, the public notices and the notices API then read a queue's lines from one query
//! instead of each case's record, and select the notices open on a day in the database. Filled
//! here from the records the cases already hold.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::{date_null, integer};

/// Adds the queue columns to `case` and fills them from each case's record.
#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Case {
    Table,
    StageSince,
    NoticeStartsOn,
    NoticeEndsOn,
    Objections,
    OpenObjections,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // One column a statement: SQLite alters a table one change at a time.
        for column in [
            date_null(Case::StageSince),
            date_null(Case::NoticeStartsOn),
            date_null(Case::NoticeEndsOn),
            integer(Case::Objections).default(0).to_owned(),
            integer(Case::OpenObjections).default(0).to_owned(),
        ] {
            let mut column = column;
            manager
                .alter_table(
                    Table::alter()
                        .table(Case::Table)
                        .add_column(&mut column)
                        .to_owned(),
                )
                .await?;
        }
        crate::case_queue_columns::rebuild(manager.get_connection()).await?;
        Ok(())
    }

    async fn down(&self, _manager: &SchemaManager) -> Result<(), DbErr> {
        Err(DbErr::Migration(
            "迁移只增不减：案件队列列不可回退".to_owned(),
        ))
    }
}
