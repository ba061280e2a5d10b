//! Who may see a case: the authority the submitted cases of its jurisdiction and area
//! (`casework::authority_covers`, the same rule as the pages and the case service); an applicant its own organisation's
//! (drafts included); a recommending unit the submitted cases of its area; an expert the cases
//! assigned to it, never its own organisation's nor one it has declared a conflict with. Anyone
//! else gets a 404, as if the case did not exist; every decision is logged.

use casework::{CaseRecord, Casework, LoadedCase};
use jiff::civil::Date;
use policy::model::RegionCode;
use store::AccountRole;
use store::entity::expert_conflict;
use store::sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use workflow::case::CaseState;

use super::from_casework;
use crate::auth::CurrentUser;
use crate::error::AppError;

/// The message of a hidden or absent case (the same text either way).
pub fn hidden(id: i64) -> String {
    format!("案件 {id} 不存在")
}

/// Whether an expert has a conflict-of-interest record with `org` in force on `on`.
pub async fn expert_conflicted(
    cw: &Casework,
    expert: i64,
    org: i64,
    on: Date,
) -> Result<bool, AppError> {
    let rows = expert_conflict::Entity::find()
        .filter(expert_conflict::Column::ExpertAccountId.eq(expert))
        .filter(expert_conflict::Column::OrgId.eq(org))
        .all(cw.store.db())
        .await
        .map_err(|e| AppError::from(store::StoreError::Database(e)))?;
    let on = casework::dates::to_col(on);
    Ok(rows
        .iter()
        .any(|r| r.from_on <= on && r.until_on.is_none_or(|u| u >= on)))
}

/// Whether the account may see the case.
pub async fn may_read(
    cw: &Casework,
    user: &CurrentUser,
    rec: &CaseRecord,
) -> Result<bool, AppError> {
    let org: i64 = rec.case.applicant.0.parse().unwrap_or_default();
    let submitted = rec.case.state != CaseState::Draft;
    let a = &user.account;
    Ok(match a.role {
        AccountRole::Authority => {
            submitted
                && cw.library.get(&rec.case.measure).is_some_and(|m| {
                    casework::authority_covers(m, a, rec.case.applicant_region.as_str())
                })
        }
        AccountRole::Applicant => a.organisation_id == Some(org),
        AccountRole::RecommendingUnit => {
            submitted
                && a.region_code
                    .as_deref()
                    .and_then(|r| RegionCode::parse(r).ok())
                    .is_some_and(|r| r.contains(&rec.case.applicant_region))
        }
        AccountRole::Expert => {
            let me = a.id.to_string();
            submitted
                && a.organisation_id != Some(org)
                && rec.case.experts.iter().any(|x| x.expert.0 == me)
                && !expert_conflicted(cw, a.id, org, super::today(cw)).await?
        }
        AccountRole::Admin => false,
    })
}

/// The case, if the account may see it; 404 otherwise (logged).
pub async fn readable(cw: &Casework, user: &CurrentUser, id: i64) -> Result<CaseRecord, AppError> {
    Ok(readable_for_action(cw, user, id).await?.into_record())
}

/// [`readable`], as read for an action on it ([`Casework::act_on`] goes on from this read).
pub async fn readable_for_action(
    cw: &Casework,
    user: &CurrentUser,
    id: i64,
) -> Result<LoadedCase, AppError> {
    let loaded = match cw.case_for_action(id).await {
        Ok(r) => r,
        Err(casework::CaseworkError::NotFound { .. }) => {
            let _ = user.authorize(&format!("case:{id} read (absent)"), false);
            return Err(AppError::NotFound {
                message: hidden(id),
                field: None,
            });
        }
        Err(e) => return Err(from_casework(e)),
    };
    let ok = may_read(cw, user, loaded.record()).await?;
    user.authorize_or_hide(&format!("case:{id} read"), ok, hidden(id))?;
    Ok(loaded)
}
