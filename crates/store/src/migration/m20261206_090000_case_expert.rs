//! Who is assigned to which case, as a table (`case_expert`), so that an expert's queue is
//! selected and paged in the database instead of reading every case's record. Filled here from
//! the assignments the cases' records already hold.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::big_integer;

/// Creates `case_expert` and fills it from each case's `experts`.
#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum CaseExpert {
    Table,
    CaseId,
    ExpertAccountId,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(CaseExpert::Table)
                    .col(big_integer(CaseExpert::CaseId))
                    .col(big_integer(CaseExpert::ExpertAccountId))
                    .primary_key(
                        Index::create()
                            .col(CaseExpert::CaseId)
                            .col(CaseExpert::ExpertAccountId),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_case_expert_expert")
                    .table(CaseExpert::Table)
                    .col(CaseExpert::ExpertAccountId)
                    .to_owned(),
            )
            .await?;
        crate::expert_index::rebuild(manager.get_connection()).await?;
        Ok(())
    }

    async fn down(&self, _manager: &SchemaManager) -> Result<(), DbErr> {
        Err(DbErr::Migration(
            "迁移只增不减：案件评审专家索引不可回退".to_owned(),
        ))
    }
}
