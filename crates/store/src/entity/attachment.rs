//! Table `attachment`: an uploaded file; its bytes live content-addressed on disk.

use sea_orm::entity::prelude::*;

/// A row of `attachment`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "attachment")]
pub struct Model {
    /// Surrogate key.
    #[sea_orm(primary_key)]
    pub id: i64,
    /// Lower-case hex sha256 of the content: the blob's name on disk.
    pub sha256: String,
    /// Size in bytes.
    pub size: i64,
    /// Media type sniffed from the content (never from the name).
    pub media_type: String,
    /// The file name the uploader gave (for display only).
    pub original_name: String,
    /// Who uploaded it (an actor id).
    pub uploaded_by: String,
    /// When (UTC).
    pub uploaded_at: DateTimeUtc,
    /// The organisation it was uploaded for (counted against its upload quota).
    pub organisation_id: Option<i64>,
}

/// No relations are navigated through sea-orm.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
