//! Who may see a case: the applicant, the recommending unit of its area, the authority of its
//! measure's jurisdiction, an assigned expert, an administrator; others get 404 as if absent.

use casework::{CaseRecord, CaseworkError, SpaceRecord};
use store::AccountRole;

use super::{casework, cw_error};
use crate::auth::CurrentUser;
use crate::error::AppError;
use crate::state::AppState;

/// Whether the account's area contains a region code (`150100` contains `150102`).
pub fn area_contains(area: Option<&str>, region: &str) -> bool {
    area.is_some_and(|area| policy::model::RegionCode::holds(area, region))
}

/// Whether a signed-in account may see a case: its applicant; the recommending unit of its
/// area; the authority of its measure's jurisdiction; an expert assigned to it; an
/// administrator.
pub fn may_see(state: &AppState, user: &CurrentUser, rec: &CaseRecord) -> bool {
    let a = &user.account;
    match a.role {
        AccountRole::Admin => true,
        AccountRole::Applicant => a
            .organisation_id
            .is_some_and(|o| o.to_string() == rec.case.applicant.0),
        AccountRole::RecommendingUnit => {
            rec.case.submitted_on.is_some()
                && area_contains(a.region_code.as_deref(), rec.case.applicant_region.as_str())
        }
        AccountRole::Authority => {
            rec.case.submitted_on.is_some()
                && state.library.get(&rec.case.measure).is_some_and(|m| {
                    casework::authority_covers(m, a, rec.case.applicant_region.as_str())
                })
        }
        AccountRole::Expert => rec
            .case
            .experts
            .iter()
            .any(|e| e.expert.0 == a.id.to_string()),
    }
}

/// Loads a case and checks the account may see it (404 otherwise, as if absent).
pub async fn visible_case(
    state: &AppState,
    user: &CurrentUser,
    id: i64,
) -> Result<CaseRecord, AppError> {
    let cw = casework(state)?;
    let hidden = || AppError::NotFound {
        message: format!("案件 {id} 不存在"),
        field: None,
    };
    let rec = cw.case(id).await.map_err(|e| match e {
        CaseworkError::NotFound { .. }
        | CaseworkError::Store(store::StoreError::NotFound { .. }) => hidden(),
        other => cw_error(other, "case"),
    })?;
    user.authorize_or_hide(
        &format!("case:{id} view"),
        may_see(state, user, &rec),
        format!("案件 {id} 不存在"),
    )?;
    Ok(rec)
}

/// Whether an account may see a space: the authority of its measure's jurisdiction (or whose
/// area contains it), a recommending unit whose area contains it, an administrator.
pub fn may_see_space(state: &AppState, user: &CurrentUser, s: &SpaceRecord) -> bool {
    let a = &user.account;
    let area = a.region_code.as_deref();
    match a.role {
        AccountRole::Admin => true,
        AccountRole::Authority => state
            .library
            .get(&s.measure)
            .is_some_and(|m| casework::authority_covers(m, a, &s.region)),
        AccountRole::RecommendingUnit => area_contains(area, &s.region),
        AccountRole::Applicant | AccountRole::Expert => false,
    }
}
