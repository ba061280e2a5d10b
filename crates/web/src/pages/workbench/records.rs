//! The authority's records of other bodies' decisions on a space's page:
//! `POST /workbench/spaces/{id}/blacklisting` (listed on a blacklist, serious dishonesty, a major
//! accident: `Casework::record_blacklisting`), `POST /workbench/spaces/{id}/scope-exit`
//! (recognised as an incubator or another carrier outside the measure's scope:
//! `Casework::record_scope_exit`), both multipart with optional evidence; and
//! `GET /workbench/spaces/{id}/evidence/{attachment}` (the evidence, for whoever sees the space).
//! A refused form comes back on the space page with the values as typed and the error beside
//! its field.

use axum::extract::{Multipart, Path, State};
use axum::http::HeaderMap;
use axum::response::Response;
use casework::listings::{DecisionEntry, ListingError};
use jiff::civil::Date;
use store::AccountRole;

use super::super::form::{self, Failed, Sent};
use super::super::work;
use super::STAFF;
use super::spaces::{render_space, visible_space};
use crate::auth::{CurrentUser, MaybeUser};
use crate::error::{AppError, FieldError};
use crate::state::AppState;

fn error(field: &str, message: impl Into<String>) -> FieldError {
    FieldError {
        field: field.into(),
        message: message.into(),
    }
}

/// The entry as typed, or the errors of its fields (`what_field` names the choice).
fn entry(
    sent: &Sent,
    what_field: &str,
    what_missing: &str,
    date_name: &str,
    errors: &mut Vec<FieldError>,
) -> Option<DecisionEntry> {
    let what = form::first(sent, what_field).trim().to_string();
    if what.is_empty() {
        errors.push(error(what_field, what_missing));
    }
    let decided_on: Option<Date> =
        form::required_date(sent, "decided_on", &format!("请填写{date_name}"), errors);
    let by = form::first(sent, "by").trim().to_string();
    if by.is_empty() {
        errors.push(error("by", "请填写作出决定的机关"));
    }
    let reason = form::first(sent, "reason").trim().to_string();
    if reason.is_empty() {
        errors.push(error("reason", "请写明登记的事实和理由"));
    }
    let document = Some(form::first(sent, "document").trim().to_string());
    Some(DecisionEntry {
        what,
        decided_on: decided_on?,
        by,
        document,
        reason,
    })
}

/// Which record a form makes.
#[derive(Clone, Copy)]
enum Kind {
    Blacklisting,
    ScopeExit,
}

impl Kind {
    fn form(self) -> &'static str {
        match self {
            Self::Blacklisting => "blacklisting",
            Self::ScopeExit => "scope_exit",
        }
    }
}

async fn submit(
    state: AppState,
    user: CurrentUser,
    headers: HeaderMap,
    id: i64,
    multipart: Multipart,
    kind: Kind,
) -> Result<Response, AppError> {
    user.require_role(&[AccountRole::Authority])?;
    let s = visible_space(&state, &user, id).await?;
    let (sent, files, mut errors) = form::read_multipart(multipart, "证据附件").await;
    let file = files.into_iter().next();
    let (what_field, missing, date_name) = match kind {
        Kind::Blacklisting => ("list", "请选择列入的名单或认定的情形", "列入或认定日期"),
        Kind::ScopeExit => (
            "category",
            "请选择认定（备案）的载体类别",
            "认定（备案）日期",
        ),
    };
    let e = entry(&sent, what_field, missing, date_name, &mut errors);
    if let (Some(e), true) = (e, errors.is_empty()) {
        let cw = work::casework(&state)?;
        let on = crate::api::cases::today(&cw);
        let done = match kind {
            Kind::Blacklisting => {
                cw.record_blacklisting(id, user.account.id, &e, file, on)
                    .await
            }
            Kind::ScopeExit => {
                cw.record_scope_exit(id, user.account.id, &e, file, on)
                    .await
            }
        };
        match done {
            Ok(_) => return Ok(work::redirect(&headers, &format!("/workbench/spaces/{id}"))),
            Err(casework::CaseworkError::Listing(l)) => {
                // A measure without the rule shows no form: the error goes above the page.
                let field = match &l {
                    ListingError::NoBlacklistGround { .. } | ListingError::NoExclusion { .. } => {
                        "general"
                    }
                    _ => match l.field() {
                        "list" | "category" => what_field,
                        other => other,
                    },
                };
                errors.push(error(field, l.to_string()));
            }
            Err(e @ casework::CaseworkError::Store(_)) => errors.extend(work::refused(e, "file")?),
            Err(e) => errors.extend(work::refused(e, "general")?),
        }
    }
    render_space(
        &state,
        &user,
        &s,
        Some(Failed {
            form: kind.form(),
            sent: &sent,
            errors,
        }),
    )
    .await
}

/// `POST /workbench/spaces/{id}/blacklisting` (multipart: `_csrf` first without JavaScript,
/// `list`, `decided_on`, `by`, `document`, `reason`, optional `file`).
pub async fn blacklisting_submit(
    State(state): State<AppState>,
    user: CurrentUser,
    headers: HeaderMap,
    Path(id): Path<i64>,
    multipart: Multipart,
) -> Result<Response, AppError> {
    submit(state, user, headers, id, multipart, Kind::Blacklisting).await
}

/// `POST /workbench/spaces/{id}/scope-exit` (multipart: `_csrf` first without JavaScript,
/// `category`, `decided_on`, `by`, `document`, `reason`, optional `file`).
pub async fn scope_exit_submit(
    State(state): State<AppState>,
    user: CurrentUser,
    headers: HeaderMap,
    Path(id): Path<i64>,
    multipart: Multipart,
) -> Result<Response, AppError> {
    submit(state, user, headers, id, multipart, Kind::ScopeExit).await
}

/// `GET /workbench/spaces/{id}/evidence/{attachment}`: the evidence of a record on the space,
/// for whoever may see the space (404 for another attachment).
pub async fn evidence(
    State(state): State<AppState>,
    MaybeUser(user): MaybeUser,
    Path((id, att)): Path<(i64, i64)>,
) -> Result<Response, AppError> {
    let Some(user) = user else {
        return Ok(work::to_login(&format!(
            "/workbench/spaces/{id}/evidence/{att}"
        )));
    };
    user.require_role(&STAFF)?;
    let s = visible_space(&state, &user, id).await?;
    let listed = [&s.space.blacklisting, &s.space.became_record]
        .into_iter()
        .flatten()
        .any(|r| r.evidence == Some(att));
    user.authorize_or_hide(
        &format!("space:{id} evidence:{att}"),
        listed,
        format!("附件 {att} 不存在"),
    )?;
    let (a, bytes) = store::attachment::read(state.store()?, att).await?;
    Ok(work::download(&a, bytes))
}
