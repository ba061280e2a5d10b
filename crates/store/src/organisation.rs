//! Organisations: create (credit code validated and unique), read, rename (versioned); every
//! write audited in the same transaction.

use jiff::Timestamp;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, Set,
};
use serde::Serialize;

use crate::audit::{Actor, NewAuditEntry};
use crate::credit_code::CreditCode;
use crate::entity::organisation::{self, Column, Entity};
use crate::error::{Result, StoreError};
use crate::region_code::check_region_code;
use crate::tx::Tx;
use crate::version::update_versioned;

/// The audit subject kind of organisations.
pub const SUBJECT: &str = "organisation";
/// The Chinese name of the record, for errors.
const NAME: &str = "单位";

/// An organisation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Organisation {
    /// Id.
    pub id: i64,
    /// 统一社会信用代码.
    pub credit_code: String,
    /// Registered name.
    pub name: String,
    /// GB/T 2260 code of its seat.
    pub region_code: Option<String>,
    /// Created.
    pub created_at: Timestamp,
    /// Last changed.
    pub updated_at: Timestamp,
    /// Version, for [`rename`] and other updates.
    pub version: i64,
}

impl From<organisation::Model> for Organisation {
    fn from(m: organisation::Model) -> Self {
        Self {
            id: m.id,
            credit_code: m.credit_code,
            name: m.name,
            region_code: m.region_code,
            created_at: crate::time::from_chrono(m.created_at),
            updated_at: crate::time::from_chrono(m.updated_at),
            version: m.version,
        }
    }
}

/// A new organisation as entered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewOrganisation {
    /// 统一社会信用代码 as typed.
    pub credit_code: String,
    /// Registered name.
    pub name: String,
    /// GB/T 2260 code of its seat, if given.
    pub region_code: Option<String>,
}

fn non_empty(field: &'static str, v: &str) -> Result<String> {
    let v = v.trim();
    if v.is_empty() {
        Err(StoreError::Missing { field })
    } else {
        Ok(v.to_owned())
    }
}

/// Creates an organisation and audits it. Refuses an invalid or already registered code.
pub async fn create(tx: &Tx, actor: &Actor, new: NewOrganisation) -> Result<Organisation> {
    let code = CreditCode::parse(&new.credit_code)?;
    let name = non_empty("单位名称", &new.name)?;
    let region_code = new
        .region_code
        .as_deref()
        .map(|r| check_region_code("所在地行政区划代码", r))
        .transpose()?;
    if find_by_credit_code(tx.conn(), &code).await?.is_some() {
        return Err(StoreError::Duplicate {
            field: "统一社会信用代码",
            value: code.to_string(),
        });
    }
    let now = crate::time::to_chrono(tx.now());
    let model = organisation::ActiveModel {
        credit_code: Set(code.to_string()),
        name: Set(name),
        region_code: Set(region_code),
        created_at: Set(now),
        updated_at: Set(now),
        version: Set(1),
        ..Default::default()
    }
    .insert(tx.conn())
    .await?;
    let org = Organisation::from(model);
    tx.audit(NewAuditEntry::new(actor, SUBJECT, org.id, "create").with_after(&org)?)
        .await?;
    Ok(org)
}

/// An organisation by id.
pub async fn get(conn: &impl ConnectionTrait, id: i64) -> Result<Organisation> {
    crate::by_key(
        Entity::find_by_id(id).into_model::<organisation::Model>(),
        conn,
    )
    .await?
    .map(Organisation::from)
    .ok_or(StoreError::NotFound {
        subject: NAME,
        id: id.to_string(),
    })
}

/// An organisation by its credit code.
pub async fn find_by_credit_code(
    conn: &impl ConnectionTrait,
    code: &CreditCode,
) -> Result<Option<Organisation>> {
    // The credit code is unique (a unique key in the schema).
    Ok(crate::by_key(
        Entity::find()
            .filter(Column::CreditCode.eq(code.as_str()))
            .into_model::<organisation::Model>(),
        conn,
    )
    .await?
    .map(Organisation::from))
}

/// Renames an organisation read at `expected_version`; a stale version is a
/// [`StoreError::Conflict`] and changes nothing.
pub async fn rename(
    tx: &Tx,
    actor: &Actor,
    id: i64,
    expected_version: i64,
    name: &str,
    reason: &str,
) -> Result<Organisation> {
    let name = non_empty("单位名称", name)?;
    let before = get(tx.conn(), id).await?;
    let update = Entity::update_many()
        .col_expr(Column::Name, Expr::value(name))
        .col_expr(
            Column::UpdatedAt,
            Expr::value(crate::time::to_chrono(tx.now())),
        );
    update_versioned(
        tx.conn(),
        NAME,
        update,
        Column::Id,
        Column::Version,
        id,
        expected_version,
    )
    .await?;
    let after = get(tx.conn(), id).await?;
    tx.audit(
        NewAuditEntry::new(actor, SUBJECT, id, "rename")
            .with_reason(reason)
            .with_before(&before)?
            .with_after(&after)?,
    )
    .await?;
    Ok(after)
}

/// The number of organisations.
pub async fn count(conn: &impl ConnectionTrait) -> Result<u64> {
    Ok(Entity::find().count(conn).await?)
}
