//! Table `case`: an application under one measure; the whole `workflow::case::Case` as JSON with its state kind and stage as columns for the queues.

use sea_orm::entity::prelude::*;

/// A row of `case`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "case")]
pub struct Model {
    /// Surrogate key (the case id).
    #[sea_orm(primary_key)]
    pub id: i64,
    /// The measure id.
    pub measure: String,
    /// The policy content hash the case is pinned to.
    pub policy_hash: String,
    /// The applicant organisation.
    pub applicant_org_id: i64,
    /// GB/T 2260 code of the applicant's seat.
    pub applicant_region: String,
    /// The call answered.
    pub call_id: Option<String>,
    /// The state's kind (`draft`, `at_stage`, `recognised`…).
    pub state_kind: String,
    /// The stage id when at a stage.
    pub stage: Option<String>,
    /// When (last) submitted.
    pub submitted_on: Option<Date>,
    /// The day it reached its stage, while at one (`store::case_queue_columns`).
    pub stage_since: Option<Date>,
    /// The first day of its public notice, once published.
    pub notice_starts_on: Option<Date>,
    /// The last day of its public notice, once published.
    pub notice_ends_on: Option<Date>,
    /// Objections raised.
    pub objections: i32,
    /// Objections not yet ruled on.
    pub open_objections: i32,
    /// The case, canonical JSON.
    pub case_json: String,
    /// The application profile (facts as the eligibility engine reads them), JSON.
    pub profile_json: String,
    /// Attachments by material id, JSON `{material: [attachment ids]}`.
    pub materials_json: String,
    /// Optimistic concurrency version, starting at 1.
    pub version: i64,
    /// When created (UTC).
    pub created_at: DateTimeUtc,
    /// When last changed (UTC).
    pub updated_at: DateTimeUtc,
}

/// No relations are navigated through sea-orm.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
