//! Accounts: the people who use the system, each with one role kind; recommending units carry
//! the area they are responsible for.

use jiff::Timestamp;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set,
};
use serde::{Deserialize, Serialize};

use crate::audit::{Actor, NewAuditEntry};
use crate::entity::account::{self, Column, Entity};
use crate::error::{Result, StoreError};
use crate::region_code::check_region_code;
use crate::tx::Tx;
use crate::version::update_versioned;

/// The audit subject kind of accounts.
pub const SUBJECT: &str = "account";
/// The Chinese name of the record, for errors.
const NAME: &str = "账号";

/// What kind of party an account acts for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AccountRole {
    /// 申报单位 / 运营机构.
    Applicant,
    /// 推荐单位 (with its area).
    RecommendingUnit,
    /// 认定/备案机构.
    Authority,
    /// 评审专家.
    Expert,
    /// System administrator.
    Admin,
}

impl AccountRole {
    /// Every role.
    pub const ALL: [AccountRole; 5] = [
        Self::Applicant,
        Self::RecommendingUnit,
        Self::Authority,
        Self::Expert,
        Self::Admin,
    ];

    /// The stored name (`recommending_unit`…), the same as the policy's role kinds.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Applicant => "applicant",
            Self::RecommendingUnit => "recommending_unit",
            Self::Authority => "authority",
            Self::Expert => "expert",
            Self::Admin => "admin",
        }
    }

    /// The role of a stored name.
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.as_str() == s)
    }
}

/// An account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Account {
    /// Id.
    pub id: i64,
    /// The person's name.
    pub name: String,
    /// Role kind.
    pub role: AccountRole,
    /// The area of a recommending unit.
    pub region_code: Option<String>,
    /// The organisation the person acts for.
    pub organisation_id: Option<i64>,
    /// Created.
    pub created_at: Timestamp,
    /// Last changed.
    pub updated_at: Timestamp,
    /// Version.
    pub version: i64,
}

impl Account {
    /// The audit actor of this account.
    pub fn actor(&self) -> Actor {
        Actor::new(self.id.to_string(), self.role.as_str())
    }
}

impl TryFrom<account::Model> for Account {
    type Error = StoreError;
    fn try_from(m: account::Model) -> Result<Self> {
        let role = AccountRole::parse(&m.role).ok_or_else(|| StoreError::Serialise {
            field: "role",
            reason: format!("未知的角色「{}」", m.role),
        })?;
        Ok(Self {
            id: m.id,
            name: m.name,
            role,
            region_code: m.region_code,
            organisation_id: m.organisation_id,
            created_at: crate::time::from_chrono(m.created_at),
            updated_at: crate::time::from_chrono(m.updated_at),
            version: m.version,
        })
    }
}

/// A new account as entered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewAccount {
    /// The person's name.
    pub name: String,
    /// Role kind.
    pub role: AccountRole,
    /// The area (required for a recommending unit).
    pub region_code: Option<String>,
    /// The organisation (must exist).
    pub organisation_id: Option<i64>,
}

/// Checks the role's area: required (and well-formed) for a recommending unit.
fn region_for(role: AccountRole, region: Option<&str>) -> Result<Option<String>> {
    match (role, region) {
        (AccountRole::RecommendingUnit, None) => Err(StoreError::Missing {
            field: "推荐单位辖区（行政区划代码）",
        }),
        (_, Some(r)) => Ok(Some(check_region_code("辖区行政区划代码", r)?)),
        (_, None) => Ok(None),
    }
}

/// Creates an account and audits it.
pub async fn create(tx: &Tx, actor: &Actor, new: NewAccount) -> Result<Account> {
    let name = new.name.trim().to_owned();
    if name.is_empty() {
        return Err(StoreError::Missing { field: "姓名" });
    }
    let region_code = region_for(new.role, new.region_code.as_deref())?;
    if let Some(org) = new.organisation_id {
        crate::organisation::get(tx.conn(), org).await?;
    }
    let now = crate::time::to_chrono(tx.now());
    let model = account::ActiveModel {
        name: Set(name),
        role: Set(new.role.as_str().to_owned()),
        region_code: Set(region_code),
        organisation_id: Set(new.organisation_id),
        created_at: Set(now),
        updated_at: Set(now),
        version: Set(1),
        ..Default::default()
    }
    .insert(tx.conn())
    .await?;
    let acc = Account::try_from(model)?;
    tx.audit(NewAuditEntry::new(actor, SUBJECT, acc.id, "create").with_after(&acc)?)
        .await?;
    Ok(acc)
}

/// An account by id.
pub async fn get(conn: &impl ConnectionTrait, id: i64) -> Result<Account> {
    crate::by_key(Entity::find_by_id(id).into_model::<account::Model>(), conn)
        .await?
        .ok_or(StoreError::NotFound {
            subject: NAME,
            id: id.to_string(),
        })?
        .try_into()
}

/// The accounts of a role, by id.
pub async fn list_by_role(conn: &impl ConnectionTrait, role: AccountRole) -> Result<Vec<Account>> {
    Entity::find()
        .filter(Column::Role.eq(role.as_str()))
        .order_by_asc(Column::Id)
        .all(conn)
        .await?
        .into_iter()
        .map(Account::try_from)
        .collect()
}

/// Changes an account's role (and area), read at `expected_version`.
pub async fn change_role(
    tx: &Tx,
    actor: &Actor,
    id: i64,
    expected_version: i64,
    role: AccountRole,
    region_code: Option<&str>,
    reason: &str,
) -> Result<Account> {
    let region_code = region_for(role, region_code)?;
    let before = get(tx.conn(), id).await?;
    let update = Entity::update_many()
        .col_expr(Column::Role, Expr::value(role.as_str()))
        .col_expr(Column::RegionCode, Expr::value(region_code))
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
        NewAuditEntry::new(actor, SUBJECT, id, "change_role")
            .with_reason(reason)
            .with_before(&before)?
            .with_after(&after)?,
    )
    .await?;
    Ok(after)
}
