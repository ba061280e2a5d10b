//! The applicant portal (`/portal`), one module per page family:
//!
//! - [`home`]: my organisation, my cases with their step and deadline, open calls, my spaces;
//! - [`draft_form`] and [`draft`]: an application per call with the jurisdiction's form fields
//!   (the Shuozhou 申报书) and materials list (Inner Mongolia 第七条, the 建设运营方案 outline),
//!   draft saving, a live eligibility panel;
//! - [`materials`]: uploads per material;
//! - [`submit`]: submission with a confirmation page;
//! - [`tracking`]: case tracking with every step and its deadline;
//! - [`space`]: a recognised space's record, status, obligations, findings, appraisals and
//!   subsidies; [`filings`]: its annual reports, change reports, appraisal materials and
//!   rectification reports; [`statistics`]: its statistics filing; [`appraisal_materials`]:
//!   the appraisal rounds with their deadlines and the hand-in of appraisal materials.

pub mod appraisal_materials;
pub mod draft;
pub mod draft_form;
pub mod filing;
pub mod filings;
pub mod home;
pub mod materials;
pub mod space;
pub mod statistics;
pub mod submit;
pub mod tracking;

pub use draft::{apply_page, apply_submit, check, check_new, edit_page, edit_submit};
pub use home::home;
pub use materials::upload;
pub use statistics::{statistics_page, statistics_submit};
pub use submit::{submit, submitted};
pub use tracking::case_page;

use super::work::{self, Names};
use crate::auth::Require;
use crate::error::AppError;
use crate::state::AppState;

/// Applicants.
pub type Applicant = Require<crate::auth::Applicant>;

/// The organisation the applicant's account acts for.
fn org_of(user: &crate::auth::CurrentUser) -> Result<i64, AppError> {
    user.account
        .organisation_id
        .ok_or_else(|| AppError::Forbidden {
            code: "forbidden",
            message: "您的账号未关联申报单位，请联系系统管理员".into(),
        })
}

/// A case the account may see (another organisation's case is a 404).
async fn own_case(
    state: &AppState,
    user: &crate::auth::CurrentUser,
    id: i64,
) -> Result<casework::CaseRecord, AppError> {
    work::visible_case(state, user, id).await
}

/// A space of the account's own organisation (another organisation's space is a 404).
async fn own_space(
    state: &AppState,
    user: &crate::auth::CurrentUser,
    id: i64,
) -> Result<casework::SpaceRecord, AppError> {
    let cw = work::casework(state)?;
    let s = cw.space(id).await.map_err(|e| work::cw_error(e, "space"))?;
    user.authorize_or_hide(
        &format!("space:{id} file"),
        user.account.organisation_id == Some(s.org_id),
        format!("众创空间 {id} 不存在"),
    )?;
    Ok(s)
}

/// The names of organisations (re-exported for the workbench).
pub type OrgNames = Names;
