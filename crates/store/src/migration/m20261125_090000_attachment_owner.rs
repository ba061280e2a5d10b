//! The organisation an attachment was uploaded for, so its stored bytes can be counted against
//! the per-organisation upload quota in SQL. Earlier rows have none (they count for nobody).

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::big_integer_null;

/// Adds `attachment.organisation_id` and its index.
#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Attachment {
    Table,
    OrganisationId,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // No foreign key: SQLite cannot add one to an existing table; the store writes only ids
        // of organisations it has just read.
        manager
            .alter_table(
                Table::alter()
                    .table(Attachment::Table)
                    .add_column(big_integer_null(Attachment::OrganisationId))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_attachment_organisation")
                    .table(Attachment::Table)
                    .col(Attachment::OrganisationId)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, _manager: &SchemaManager) -> Result<(), DbErr> {
        Err(DbErr::Migration(
            "迁移只增不减：附件所属单位列不可回退".to_owned(),
        ))
    }
}
