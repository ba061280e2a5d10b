//! Appraisal rounds (考核批次) and the materials each space hands in for one (考核资料): the
//! authority opens a round for a measure with a deadline; a space's hand-in is kept with its
//! attachments and, where the authority finds it false (虚假), the finding and its reason.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::{
    big_integer, big_pk_auto, date, date_null, string, string_null, text, text_null,
    timestamp_with_time_zone,
};

/// Creates `appraisal_round` and `appraisal_handin`.
#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Space {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum AppraisalRound {
    Table,
    Id,
    Measure,
    Period,
    Deadline,
    Note,
    OpenedOn,
    OpenedBy,
    CreatedAt,
}

#[derive(DeriveIden)]
enum AppraisalHandin {
    Table,
    Id,
    RoundId,
    SpaceId,
    Body,
    AttachmentsJson,
    HandedInOn,
    HandedInBy,
    FalseOn,
    FalseBy,
    FalseReason,
    CreatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(AppraisalRound::Table)
                    .col(big_pk_auto(AppraisalRound::Id))
                    .col(string(AppraisalRound::Measure))
                    .col(string(AppraisalRound::Period))
                    .col(date(AppraisalRound::Deadline))
                    .col(text(AppraisalRound::Note))
                    .col(date(AppraisalRound::OpenedOn))
                    .col(string(AppraisalRound::OpenedBy))
                    .col(timestamp_with_time_zone(AppraisalRound::CreatedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_appraisal_round_measure")
                    .table(AppraisalRound::Table)
                    .col(AppraisalRound::Measure)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(AppraisalHandin::Table)
                    .col(big_pk_auto(AppraisalHandin::Id))
                    .col(big_integer(AppraisalHandin::RoundId))
                    .col(big_integer(AppraisalHandin::SpaceId))
                    .col(text(AppraisalHandin::Body))
                    .col(text(AppraisalHandin::AttachmentsJson))
                    .col(date(AppraisalHandin::HandedInOn))
                    .col(string(AppraisalHandin::HandedInBy))
                    .col(date_null(AppraisalHandin::FalseOn))
                    .col(string_null(AppraisalHandin::FalseBy))
                    .col(text_null(AppraisalHandin::FalseReason))
                    .col(timestamp_with_time_zone(AppraisalHandin::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_appraisal_handin_round")
                            .from(AppraisalHandin::Table, AppraisalHandin::RoundId)
                            .to(AppraisalRound::Table, AppraisalRound::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_appraisal_handin_space")
                            .from(AppraisalHandin::Table, AppraisalHandin::SpaceId)
                            .to(Space::Table, Space::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .to_owned(),
            )
            .await?;
        // One hand-in per space and round: the unique index settles two concurrent hand-ins.
        manager
            .create_index(
                Index::create()
                    .name("idx_appraisal_handin_round_space")
                    .table(AppraisalHandin::Table)
                    .col(AppraisalHandin::RoundId)
                    .col(AppraisalHandin::SpaceId)
                    .unique()
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, _manager: &SchemaManager) -> Result<(), DbErr> {
        Err(DbErr::Migration(
            "迁移只增不减：考核批次与考核资料表不可回退".to_owned(),
        ))
    }
}
