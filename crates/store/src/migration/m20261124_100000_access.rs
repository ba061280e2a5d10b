//! Access: password credentials (with lockout), browser sessions and API tokens for systems.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::{
    big_integer, big_integer_null, big_pk_auto, string, string_null, text,
    timestamp_with_time_zone, timestamp_with_time_zone_null,
};

/// Creates `credential`, `session` and `api_token`.
#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Account {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Credential {
    Table,
    AccountId,
    Login,
    PasswordPhc,
    FailedAttempts,
    LockedUntil,
    PasswordChangedAt,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Session {
    Table,
    IdHash,
    AccountId,
    CreatedAt,
    ExpiresAt,
    CsrfToken,
    DataJson,
}

#[derive(DeriveIden)]
enum ApiToken {
    Table,
    Id,
    TokenHash,
    Name,
    AccountId,
    CreatedAt,
    LastUsedAt,
    RevokedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Credential::Table)
                    .col(big_integer(Credential::AccountId).primary_key())
                    .col(string(Credential::Login).unique_key())
                    .col(text(Credential::PasswordPhc))
                    .col(big_integer(Credential::FailedAttempts))
                    .col(timestamp_with_time_zone_null(Credential::LockedUntil))
                    .col(timestamp_with_time_zone(Credential::PasswordChangedAt))
                    .col(timestamp_with_time_zone(Credential::CreatedAt))
                    .col(timestamp_with_time_zone(Credential::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_credential_account")
                            .from(Credential::Table, Credential::AccountId)
                            .to(Account::Table, Account::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Session::Table)
                    .col(string(Session::IdHash).primary_key())
                    .col(big_integer_null(Session::AccountId))
                    .col(timestamp_with_time_zone(Session::CreatedAt))
                    .col(timestamp_with_time_zone(Session::ExpiresAt))
                    .col(string_null(Session::CsrfToken))
                    .col(text(Session::DataJson))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_session_account")
                            .from(Session::Table, Session::AccountId)
                            .to(Account::Table, Account::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_session_expires_at")
                    .table(Session::Table)
                    .col(Session::ExpiresAt)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(ApiToken::Table)
                    .col(big_pk_auto(ApiToken::Id))
                    .col(string(ApiToken::TokenHash).unique_key())
                    .col(text(ApiToken::Name))
                    .col(big_integer(ApiToken::AccountId))
                    .col(timestamp_with_time_zone(ApiToken::CreatedAt))
                    .col(timestamp_with_time_zone_null(ApiToken::LastUsedAt))
                    .col(timestamp_with_time_zone_null(ApiToken::RevokedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_api_token_account")
                            .from(ApiToken::Table, ApiToken::AccountId)
                            .to(Account::Table, Account::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, _manager: &SchemaManager) -> Result<(), DbErr> {
        Err(DbErr::Migration(
            "迁移只增不减：账号凭据、会话与接口令牌表不可回退".to_owned(),
        ))
    }
}
