//! The case layer: calls, cases, the register of recognised spaces and their findings, fraud
//! findings, expert conflicts, filings, appraisals, subsidies, and the policy roles of accounts.
//!
//! Money is in fen (`BIGINT`), dates are `DATE`, structured records are canonical JSON text.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::{
    big_integer, big_integer_null, big_pk_auto, date, date_null, integer, string, string_null,
    text, timestamp_with_time_zone,
};

/// Creates the case-layer tables.
#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Organisation {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Account {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum AccountRole {
    Table,
    Id,
    AccountId,
    Measure,
    Role,
}

#[derive(DeriveIden)]
enum Call {
    Table,
    Id,
    Measure,
    Title,
    Year,
    OpensOn,
    Deadline,
    CreatedBy,
    CreatedAt,
}

#[derive(DeriveIden)]
#[allow(clippy::enum_variant_names)]
enum Case {
    Table,
    Id,
    Measure,
    PolicyHash,
    ApplicantOrgId,
    ApplicantRegion,
    CallId,
    StateKind,
    Stage,
    SubmittedOn,
    CaseJson,
    ProfileJson,
    MaterialsJson,
    Version,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
#[allow(clippy::enum_variant_names)]
enum Space {
    Table,
    Id,
    CaseId,
    Measure,
    OrgId,
    Name,
    Region,
    RecognisedOn,
    ValidUntil,
    Status,
    DocumentNumber,
    SpaceJson,
    Version,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Finding {
    Table,
    Id,
    SpaceId,
    Kind,
    Key,
    DueOn,
    BodyJson,
    FirstSeen,
    ResolvedOn,
}

#[derive(DeriveIden)]
enum FraudFinding {
    Table,
    Id,
    OrgId,
    FoundOn,
    Body,
    Cite,
    RecordedBy,
    CreatedAt,
}

#[derive(DeriveIden)]
enum ExpertConflict {
    Table,
    Id,
    ExpertAccountId,
    OrgId,
    Kind,
    FromOn,
    UntilOn,
    Note,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Filing {
    Table,
    Id,
    SpaceId,
    Kind,
    Period,
    ValuesJson,
    FlagsJson,
    FiledOn,
    FiledBy,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Appraisal {
    Table,
    Id,
    SpaceId,
    AppraisedOn,
    GradeId,
    Total,
    InputJson,
    ResultJson,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Subsidy {
    Table,
    Id,
    SpaceId,
    Reason,
    AmountFen,
    Cite,
    GrantedOn,
    CreatedAt,
}

fn fk(
    name: &str,
    from: (impl IntoIden, impl IntoIden),
    to: (impl IntoIden, impl IntoIden),
) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .name(name)
        .from(from.0, from.1)
        .to(to.0, to.1)
        .on_delete(ForeignKeyAction::Restrict)
        .to_owned()
}

fn index(
    name: &str,
    table: impl IntoIden,
    cols: Vec<DynIden>,
    unique: bool,
) -> IndexCreateStatement {
    let mut i = Index::create();
    i.name(name).table(table);
    for c in cols {
        i.col(c);
    }
    if unique {
        i.unique();
    }
    i.to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(AccountRole::Table)
                    .col(big_pk_auto(AccountRole::Id))
                    .col(big_integer(AccountRole::AccountId))
                    .col(string_null(AccountRole::Measure))
                    .col(string(AccountRole::Role))
                    .foreign_key(&mut fk(
                        "fk_account_role_account",
                        (AccountRole::Table, AccountRole::AccountId),
                        (Account::Table, Account::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "idx_account_role_account",
                AccountRole::Table,
                vec![AccountRole::AccountId.into_iden()],
                false,
            ))
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Call::Table)
                    .col(string(Call::Id).primary_key())
                    .col(string(Call::Measure))
                    .col(text(Call::Title))
                    .col(integer(Call::Year))
                    .col(date_null(Call::OpensOn))
                    .col(date(Call::Deadline))
                    .col(string(Call::CreatedBy))
                    .col(timestamp_with_time_zone(Call::CreatedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Case::Table)
                    .col(big_pk_auto(Case::Id))
                    .col(string(Case::Measure))
                    .col(string(Case::PolicyHash))
                    .col(big_integer(Case::ApplicantOrgId))
                    .col(string(Case::ApplicantRegion))
                    .col(string_null(Case::CallId))
                    .col(string(Case::StateKind))
                    .col(string_null(Case::Stage))
                    .col(date_null(Case::SubmittedOn))
                    .col(text(Case::CaseJson))
                    .col(text(Case::ProfileJson))
                    .col(text(Case::MaterialsJson))
                    .col(big_integer(Case::Version))
                    .col(timestamp_with_time_zone(Case::CreatedAt))
                    .col(timestamp_with_time_zone(Case::UpdatedAt))
                    .foreign_key(&mut fk(
                        "fk_case_organisation",
                        (Case::Table, Case::ApplicantOrgId),
                        (Organisation::Table, Organisation::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "idx_case_queue",
                Case::Table,
                vec![Case::StateKind.into_iden(), Case::Stage.into_iden()],
                false,
            ))
            .await?;
        manager
            .create_index(index(
                "idx_case_applicant",
                Case::Table,
                vec![Case::ApplicantOrgId.into_iden(), Case::Measure.into_iden()],
                false,
            ))
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Space::Table)
                    .col(big_pk_auto(Space::Id))
                    .col(big_integer_null(Space::CaseId))
                    .col(string(Space::Measure))
                    .col(big_integer(Space::OrgId))
                    .col(text(Space::Name))
                    .col(string(Space::Region))
                    .col(date(Space::RecognisedOn))
                    .col(date_null(Space::ValidUntil))
                    .col(string(Space::Status))
                    .col(string_null(Space::DocumentNumber))
                    .col(text(Space::SpaceJson))
                    .col(big_integer(Space::Version))
                    .col(timestamp_with_time_zone(Space::CreatedAt))
                    .col(timestamp_with_time_zone(Space::UpdatedAt))
                    .foreign_key(&mut fk(
                        "fk_space_organisation",
                        (Space::Table, Space::OrgId),
                        (Organisation::Table, Organisation::Id),
                    ))
                    .foreign_key(&mut fk(
                        "fk_space_case",
                        (Space::Table, Space::CaseId),
                        (Case::Table, Case::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "idx_space_status",
                Space::Table,
                vec![Space::Status.into_iden(), Space::Id.into_iden()],
                false,
            ))
            .await?;
        manager
            .create_index(index(
                "idx_space_org",
                Space::Table,
                vec![Space::OrgId.into_iden()],
                false,
            ))
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Finding::Table)
                    .col(big_pk_auto(Finding::Id))
                    .col(big_integer(Finding::SpaceId))
                    .col(string(Finding::Kind))
                    .col(string(Finding::Key))
                    .col(date_null(Finding::DueOn))
                    .col(text(Finding::BodyJson))
                    .col(date(Finding::FirstSeen))
                    .col(date_null(Finding::ResolvedOn))
                    .foreign_key(&mut fk(
                        "fk_finding_space",
                        (Finding::Table, Finding::SpaceId),
                        (Space::Table, Space::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "idx_finding_once",
                Finding::Table,
                vec![
                    Finding::SpaceId.into_iden(),
                    Finding::Kind.into_iden(),
                    Finding::Key.into_iden(),
                ],
                true,
            ))
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(FraudFinding::Table)
                    .col(big_pk_auto(FraudFinding::Id))
                    .col(big_integer(FraudFinding::OrgId))
                    .col(date(FraudFinding::FoundOn))
                    .col(text(FraudFinding::Body))
                    .col(string(FraudFinding::Cite))
                    .col(string(FraudFinding::RecordedBy))
                    .col(timestamp_with_time_zone(FraudFinding::CreatedAt))
                    .foreign_key(&mut fk(
                        "fk_fraud_finding_organisation",
                        (FraudFinding::Table, FraudFinding::OrgId),
                        (Organisation::Table, Organisation::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "idx_fraud_finding_org",
                FraudFinding::Table,
                vec![FraudFinding::OrgId.into_iden()],
                false,
            ))
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(ExpertConflict::Table)
                    .col(big_pk_auto(ExpertConflict::Id))
                    .col(big_integer(ExpertConflict::ExpertAccountId))
                    .col(big_integer(ExpertConflict::OrgId))
                    .col(string(ExpertConflict::Kind))
                    .col(date(ExpertConflict::FromOn))
                    .col(date_null(ExpertConflict::UntilOn))
                    .col(text(ExpertConflict::Note))
                    .col(timestamp_with_time_zone(ExpertConflict::CreatedAt))
                    .foreign_key(&mut fk(
                        "fk_expert_conflict_account",
                        (ExpertConflict::Table, ExpertConflict::ExpertAccountId),
                        (Account::Table, Account::Id),
                    ))
                    .foreign_key(&mut fk(
                        "fk_expert_conflict_organisation",
                        (ExpertConflict::Table, ExpertConflict::OrgId),
                        (Organisation::Table, Organisation::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "idx_expert_conflict_expert",
                ExpertConflict::Table,
                vec![ExpertConflict::ExpertAccountId.into_iden()],
                false,
            ))
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Filing::Table)
                    .col(big_pk_auto(Filing::Id))
                    .col(big_integer(Filing::SpaceId))
                    .col(string(Filing::Kind))
                    .col(string(Filing::Period))
                    .col(text(Filing::ValuesJson))
                    .col(text(Filing::FlagsJson))
                    .col(date(Filing::FiledOn))
                    .col(string(Filing::FiledBy))
                    .col(timestamp_with_time_zone(Filing::CreatedAt))
                    .foreign_key(&mut fk(
                        "fk_filing_space",
                        (Filing::Table, Filing::SpaceId),
                        (Space::Table, Space::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "idx_filing_space",
                Filing::Table,
                vec![Filing::SpaceId.into_iden(), Filing::Kind.into_iden()],
                false,
            ))
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Appraisal::Table)
                    .col(big_pk_auto(Appraisal::Id))
                    .col(big_integer(Appraisal::SpaceId))
                    .col(date(Appraisal::AppraisedOn))
                    .col(string(Appraisal::GradeId))
                    .col(string_null(Appraisal::Total))
                    .col(text(Appraisal::InputJson))
                    .col(text(Appraisal::ResultJson))
                    .col(timestamp_with_time_zone(Appraisal::CreatedAt))
                    .foreign_key(&mut fk(
                        "fk_appraisal_space",
                        (Appraisal::Table, Appraisal::SpaceId),
                        (Space::Table, Space::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "idx_appraisal_space",
                Appraisal::Table,
                vec![Appraisal::SpaceId.into_iden()],
                false,
            ))
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Subsidy::Table)
                    .col(big_pk_auto(Subsidy::Id))
                    .col(big_integer(Subsidy::SpaceId))
                    .col(text(Subsidy::Reason))
                    .col(big_integer(Subsidy::AmountFen))
                    .col(string(Subsidy::Cite))
                    .col(date(Subsidy::GrantedOn))
                    .col(timestamp_with_time_zone(Subsidy::CreatedAt))
                    .foreign_key(&mut fk(
                        "fk_subsidy_space",
                        (Subsidy::Table, Subsidy::SpaceId),
                        (Space::Table, Space::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "idx_subsidy_space",
                Subsidy::Table,
                vec![Subsidy::SpaceId.into_iden()],
                false,
            ))
            .await?;
        Ok(())
    }

    async fn down(&self, _manager: &SchemaManager) -> Result<(), DbErr> {
        Err(DbErr::Migration(
            "迁移只增不减：案件与名录表不可回退".to_owned(),
        ))
    }
}
