//! Store accounts as workflow actors: role kind, the policy role id held for the measure, the
//! organisation and the area.

use policy::model::{RegionCode, RoleKind};
use store::sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set,
};
use store::{Account, AccountRole, NewAuditEntry};
use workflow::{Actor, ActorId, OrgId};

use crate::Casework;
use crate::error::{CaseworkError, Result};
use store::entity::account_role;

/// An account resolved for one measure.
#[derive(Debug, Clone)]
pub(crate) struct Principal {
    pub account: Account,
    pub actor: Actor,
    pub audit: store::Actor,
}

/// An account's role in Chinese. The authority decides 认定 under some measures and 备案
/// under others (鞍山, 新疆), so its role says both.
pub fn role_label(role: AccountRole) -> &'static str {
    match role {
        AccountRole::Applicant => "申报单位",
        AccountRole::RecommendingUnit => "推荐单位",
        AccountRole::Authority => "认定/备案机构",
        AccountRole::Expert => "评审专家",
        AccountRole::Admin => "系统管理员",
    }
}

pub(crate) fn forbidden(account: &Account, what: &str) -> CaseworkError {
    CaseworkError::Forbidden {
        account: account.id.to_string(),
        role: role_label(account.role).to_string(),
        what: what.to_string(),
    }
}

/// The policy role ids an account holds for `measure` (its measure-specific ones first).
pub(crate) async fn policy_roles(
    conn: &impl ConnectionTrait,
    account: i64,
    measure: &str,
) -> Result<Vec<String>> {
    let rows = account_role::Entity::find()
        .filter(account_role::Column::AccountId.eq(account))
        .order_by_asc(account_role::Column::Id)
        .all(conn)
        .await?;
    let mut out: Vec<String> = rows
        .iter()
        .filter(|r| r.measure.as_deref() == Some(measure))
        .map(|r| r.role.clone())
        .collect();
    out.extend(
        rows.iter()
            .filter(|r| r.measure.is_none())
            .map(|r| r.role.clone()),
    );
    Ok(out)
}

impl Casework {
    /// The recommending units a case is routed to, by name: the recommending-unit accounts that
    /// hold the routed policy role (`league-bureau`…) for the measure, or for every measure,
    /// and whose area holds the applicant's division; the nearest area first (a county's
    /// bureau before its city's).
    pub async fn recommending_units(
        &self,
        measure: &str,
        role: &str,
        region: &str,
    ) -> Result<Vec<String>> {
        use store::entity::account;
        let Ok(region) = RegionCode::parse(region) else {
            return Ok(Vec::new());
        };
        let holders: Vec<i64> = account_role::Entity::find()
            .filter(account_role::Column::Role.eq(role))
            .all(self.store.db())
            .await?
            .into_iter()
            .filter(|r| r.measure.as_deref().is_none_or(|m| m == measure))
            .map(|r| r.account_id)
            .collect();
        let mut units: Vec<(usize, String)> = account::Entity::find()
            .filter(account::Column::Id.is_in(holders))
            .filter(account::Column::Role.eq(AccountRole::RecommendingUnit.as_str()))
            .all(self.store.db())
            .await?
            .into_iter()
            .filter_map(|a| {
                let area = RegionCode::parse(a.region_code.as_deref()?).ok()?;
                area.contains(&region)
                    .then(|| (area.prefix().len(), a.name))
            })
            .collect();
        units.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
        units.dedup_by(|a, b| a.1 == b.1);
        Ok(units.into_iter().map(|(_, name)| name).collect())
    }

    /// Grants an account a policy role id (`county-bureau`…), for one measure or all, audited.
    pub async fn grant_policy_role(
        &self,
        by: &store::Actor,
        account: i64,
        measure: Option<&str>,
        role: &str,
    ) -> Result<()> {
        if let Some(m) = measure {
            let lm = self.measure(m)?;
            if lm.measure.role(role).is_none() {
                return Err(CaseworkError::NotFound {
                    subject: "办法中的角色",
                    id: format!("{m}/{role}"),
                });
            }
        }
        let tx = self.store.begin().await?;
        store::account::get(tx.conn(), account).await?;
        account_role::ActiveModel {
            account_id: Set(account),
            measure: Set(measure.map(str::to_string)),
            role: Set(role.to_string()),
            ..Default::default()
        }
        .insert(tx.conn())
        .await?;
        tx.audit(
            NewAuditEntry::new(by, store::account::SUBJECT, account, "grant_policy_role")
                .with_reason(format!(
                    "{}{role}",
                    measure.map(|m| format!("{m}：")).unwrap_or_default()
                )),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// The workflow actor of an account acting on a case of `measure`.
    pub(crate) async fn principal(
        &self,
        conn: &impl ConnectionTrait,
        account_id: i64,
        case: &workflow::case::Case,
    ) -> Result<Principal> {
        let account = store::account::get(conn, account_id).await?;
        self.principal_of(conn, account, case).await
    }

    /// The workflow actor of an account already read (a request's signed-in account).
    pub(crate) async fn principal_of(
        &self,
        conn: &impl ConnectionTrait,
        account: Account,
        case: &workflow::case::Case,
    ) -> Result<Principal> {
        let measure = case.measure.as_str();
        let account_id = account.id;
        if account.role == AccountRole::Authority {
            self.require_authority(
                &account,
                measure,
                case.applicant_region.as_str(),
                "办理案件",
            )?;
        }
        let kind = match account.role {
            AccountRole::Applicant => RoleKind::Applicant,
            AccountRole::RecommendingUnit => RoleKind::RecommendingUnit,
            AccountRole::Authority => RoleKind::Authority,
            AccountRole::Expert => RoleKind::Expert,
            AccountRole::Admin => return Err(forbidden(&account, "办理案件")),
        };
        let role = match kind {
            RoleKind::RecommendingUnit | RoleKind::Authority => {
                let m = self.measure(measure)?;
                let held = policy_roles(conn, account_id, measure).await?;
                let fits = held
                    .into_iter()
                    .find(|r| m.measure.role(r).is_some_and(|d| d.kind == kind));
                if kind == RoleKind::RecommendingUnit && fits.is_none() {
                    return Err(CaseworkError::NoPolicyRole {
                        account: account_id.to_string(),
                        measure: measure.to_string(),
                    });
                }
                fits
            }
            _ => None,
        };
        let region = account
            .region_code
            .as_deref()
            .and_then(|r| RegionCode::parse(r).ok());
        let actor = Actor {
            id: ActorId(account.id.to_string()),
            kind,
            role: role.clone(),
            org: account.organisation_id.map(|o| OrgId(o.to_string())),
            region,
        };
        let audit = store::Actor::new(
            account.id.to_string(),
            role.unwrap_or_else(|| account.role.as_str().to_string()),
        );
        Ok(Principal {
            account,
            actor,
            audit,
        })
    }
}

/// Whether an authority account covers a space or case of `measure` in `region`: an authority
/// with an area acts for the measures of its jurisdiction (the measure's jurisdiction code is its
/// area) and within its area; one without an area (a system-wide account, e.g. a provincial
/// platform's) covers every measure. Any other role covers nothing here.
pub fn authority_covers(measure: &policy::LoadedMeasure, account: &Account, region: &str) -> bool {
    if account.role != AccountRole::Authority {
        return false;
    }
    let Some(area) = account.region_code.as_deref() else {
        return true;
    };
    area == measure.measure.measure.jurisdiction.code.as_str() || RegionCode::holds(area, region)
}

impl Casework {
    /// Requires an authority covering the whole of `measure` (opening a call or an appraisal
    /// round): its area is the measure's jurisdiction, or it has none.
    pub(crate) fn require_authority_of(
        &self,
        account: &Account,
        measure: &str,
        what: &str,
    ) -> Result<()> {
        let code = self
            .measure(measure)?
            .measure
            .measure
            .jurisdiction
            .code
            .clone();
        self.require_authority(account, measure, code.as_str(), what)
    }

    /// Requires an authority covering `measure` in `region` ([`authority_covers`]).
    pub(crate) fn require_authority(
        &self,
        account: &Account,
        measure: &str,
        region: &str,
        what: &str,
    ) -> Result<()> {
        require(account, &[AccountRole::Authority], what)?;
        if authority_covers(self.measure(measure)?, account, region) {
            Ok(())
        } else {
            Err(CaseworkError::OutsideJurisdiction {
                what: what.to_string(),
                scope: format!("办法「{measure}」下区划 {region} 的事项"),
            })
        }
    }
}

/// Requires one of the store roles.
pub(crate) fn require(account: &Account, roles: &[AccountRole], what: &str) -> Result<()> {
    if roles.contains(&account.role) {
        Ok(())
    } else {
        Err(forbidden(account, what))
    }
}
