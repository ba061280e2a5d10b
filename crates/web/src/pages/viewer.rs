//! Who is looking at a page, for the navigation: a visitor who is not signed in is offered
//! 登录; a signed-in account its own work (申报 for an applicant, 审核 for a recommending unit
//! or an authority, 评审 for an expert) and 我的账号. Display only: every page still checks the
//! account itself.
//!
//! The role is kept in the session at sign-in ([`ROLE_KEY`]), so the navigation costs no read
//! of the account; a middleware on the page routes puts it where [`super::render`] finds it.

use axum::extract::Request;
use axum::middleware::Next;
use axum::response::Response;
use serde::Serialize;
use store::AccountRole;
use tower_sessions::Session;

use crate::auth::{ACCOUNT_KEY, ROLE_KEY};

/// The navigation link to a role's work and where its sign-in lands: applicants their
/// applications, recommending units and authorities the queues, experts their assignments,
/// the administrator the workbench over every measure (it oversees, and acts on sanctions).
fn work_of(role: AccountRole) -> WorkLink {
    let (href, label, nav) = match role {
        AccountRole::Applicant => ("/portal", "申报", "portal"),
        AccountRole::RecommendingUnit | AccountRole::Authority => {
            ("/workbench", "审核", "workbench")
        }
        AccountRole::Expert => ("/expert", "评审", "expert"),
        AccountRole::Admin => ("/workbench", "工作台", "workbench"),
    };
    WorkLink { href, label, nav }
}

/// Where a role's sign-in lands when it names no page: its work.
pub fn home_of(role: AccountRole) -> &'static str {
    work_of(role).href
}

/// The signed-in account as the navigation shows it.
#[derive(Debug, Clone, Serialize)]
pub struct Viewer {
    /// The link to the role's work; `None` for the administrator (or a session from before
    /// roles were kept in it).
    pub work: Option<WorkLink>,
}

/// A navigation link to a role's work.
#[derive(Debug, Clone, Serialize)]
pub struct WorkLink {
    /// The path.
    pub href: &'static str,
    /// The label (申报, 审核, 评审).
    pub label: &'static str,
    /// The pages' `nav` key that marks the link current.
    pub nav: &'static str,
}

tokio::task_local! {
    static VIEWER: Option<Viewer>;
}

/// Puts the session's viewer (none when not signed in) where the page's rendering finds it.
pub async fn remember(request: Request, next: Next) -> Response {
    let viewer = match request.extensions().get::<Session>() {
        Some(session) => match session.get::<i64>(ACCOUNT_KEY).await {
            Ok(Some(_)) => {
                let role = session.get::<String>(ROLE_KEY).await.ok().flatten();
                let role = role.as_deref().and_then(AccountRole::parse);
                Some(Viewer {
                    work: role.map(work_of),
                })
            }
            _ => None,
        },
        None => None,
    };
    VIEWER.scope(viewer, next.run(request)).await
}

/// The viewer of the page being rendered; `None` when not signed in, or outside a page route.
pub fn current() -> Option<Viewer> {
    VIEWER.try_with(Clone::clone).ok().flatten()
}
