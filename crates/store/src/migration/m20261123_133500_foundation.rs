//! The foundation: organisations, accounts, attachments and the audit chain.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::{
    big_integer, big_integer_null, big_pk_auto, string, string_null, text, text_null,
    timestamp_with_time_zone,
};

use crate::audit::GENESIS_HASH;

/// Creates the foundation tables.
#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Organisation {
    Table,
    Id,
    CreditCode,
    Name,
    RegionCode,
    CreatedAt,
    UpdatedAt,
    Version,
}

#[derive(DeriveIden)]
enum Account {
    Table,
    Id,
    Name,
    Role,
    RegionCode,
    OrganisationId,
    CreatedAt,
    UpdatedAt,
    Version,
}

#[derive(DeriveIden)]
enum Attachment {
    Table,
    Id,
    Sha256,
    Size,
    MediaType,
    OriginalName,
    UploadedBy,
    UploadedAt,
}

#[derive(DeriveIden)]
enum AuditEntry {
    Table,
    Seq,
    At,
    ActorId,
    ActorRole,
    SubjectKind,
    SubjectId,
    Action,
    Reason,
    BeforeJson,
    AfterJson,
    PrevHash,
    Hash,
}

#[derive(DeriveIden)]
enum AuditHead {
    Table,
    Id,
    Seq,
    Hash,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Organisation::Table)
                    .col(big_pk_auto(Organisation::Id))
                    .col(string(Organisation::CreditCode).unique_key())
                    .col(text(Organisation::Name))
                    .col(string_null(Organisation::RegionCode))
                    .col(timestamp_with_time_zone(Organisation::CreatedAt))
                    .col(timestamp_with_time_zone(Organisation::UpdatedAt))
                    .col(big_integer(Organisation::Version))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Account::Table)
                    .col(big_pk_auto(Account::Id))
                    .col(text(Account::Name))
                    .col(string(Account::Role))
                    .col(string_null(Account::RegionCode))
                    .col(big_integer_null(Account::OrganisationId))
                    .col(timestamp_with_time_zone(Account::CreatedAt))
                    .col(timestamp_with_time_zone(Account::UpdatedAt))
                    .col(big_integer(Account::Version))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_account_organisation")
                            .from(Account::Table, Account::OrganisationId)
                            .to(Organisation::Table, Organisation::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Attachment::Table)
                    .col(big_pk_auto(Attachment::Id))
                    .col(string(Attachment::Sha256))
                    .col(big_integer(Attachment::Size))
                    .col(string(Attachment::MediaType))
                    .col(text(Attachment::OriginalName))
                    .col(string(Attachment::UploadedBy))
                    .col(timestamp_with_time_zone(Attachment::UploadedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_attachment_sha256")
                    .table(Attachment::Table)
                    .col(Attachment::Sha256)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(AuditEntry::Table)
                    .col(big_integer(AuditEntry::Seq).primary_key())
                    .col(timestamp_with_time_zone(AuditEntry::At))
                    .col(string(AuditEntry::ActorId))
                    .col(string(AuditEntry::ActorRole))
                    .col(string(AuditEntry::SubjectKind))
                    .col(string(AuditEntry::SubjectId))
                    .col(string(AuditEntry::Action))
                    .col(text_null(AuditEntry::Reason))
                    .col(text_null(AuditEntry::BeforeJson))
                    .col(text_null(AuditEntry::AfterJson))
                    .col(string(AuditEntry::PrevHash))
                    .col(string(AuditEntry::Hash))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_audit_entry_subject")
                    .table(AuditEntry::Table)
                    .col(AuditEntry::SubjectKind)
                    .col(AuditEntry::SubjectId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(AuditHead::Table)
                    .col(big_integer(AuditHead::Id).primary_key())
                    .col(big_integer(AuditHead::Seq))
                    .col(string(AuditHead::Hash))
                    .to_owned(),
            )
            .await?;
        manager
            .exec_stmt(
                Query::insert()
                    .into_table(AuditHead::Table)
                    .columns([AuditHead::Id, AuditHead::Seq, AuditHead::Hash])
                    .values_panic([1i64.into(), 0i64.into(), GENESIS_HASH.into()])
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, _manager: &SchemaManager) -> Result<(), DbErr> {
        Err(DbErr::Migration(
            "迁移只增不减：基础表不可回退（审计链不得删除）".to_owned(),
        ))
    }
}
