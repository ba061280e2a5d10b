//! Table `appraisal`: an appraisal of a recognised space.

use sea_orm::entity::prelude::*;

/// A row of `appraisal`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "appraisal")]
pub struct Model {
    /// Surrogate key.
    #[sea_orm(primary_key)]
    pub id: i64,
    /// The space.
    pub space_id: i64,
    /// The day of the appraisal.
    pub appraised_on: Date,
    /// The grade id.
    pub grade_id: String,
    /// The total score (exact decimal text), for index tables.
    pub total: Option<String>,
    /// The input, JSON.
    pub input_json: String,
    /// The result (`makerspace.appraisal/1`), JSON.
    pub result_json: String,
    /// When (UTC).
    pub created_at: DateTimeUtc,
}

/// No relations are navigated through sea-orm.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
