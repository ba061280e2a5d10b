//! Table `appraisal_round`: an appraisal round (考核批次) the authority opens for a measure, with
//! the deadline for the spaces' appraisal materials.

use sea_orm::entity::prelude::*;

/// A row of `appraisal_round`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "appraisal_round")]
pub struct Model {
    /// Surrogate key.
    #[sea_orm(primary_key)]
    pub id: i64,
    /// The measure id.
    pub measure: String,
    /// The period or year appraised (`2025`).
    pub period: String,
    /// The last day set for the materials (before any rest-day shift).
    pub deadline: Date,
    /// The requirements and any note, as the authority wrote them.
    pub note: String,
    /// The day opened.
    pub opened_on: Date,
    /// Who opened it (an actor id).
    pub opened_by: String,
    /// When (UTC).
    pub created_at: DateTimeUtc,
}

/// No relations are navigated through sea-orm.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
