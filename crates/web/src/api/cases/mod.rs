//! The case endpoints under `/api/v1`: calls, applications (drafts, materials, actions), expert
//! review, site inspections, public notices and objections, the register and its lifecycle, oversight (fraud
//! findings, the daily tick, audit trails). One module per resource or use case.
//!
//! Every handler is a thin adapter over [`casework::Casework`]: the HTTP layer checks who may
//! *see* an object ([`access`]: another organisation's case is a 404, as if absent) and the case
//! layer decides who may *act* (a refusal is a 403 or a 422 naming the reason, and changes
//! nothing). Dates of actions are "today" in China (UTC+8) by the store's clock.
//!
//! Versions: every change to a case names the version it was read at, by `If-Match: "<n>"` or a
//! `version` field; a stale one is a 409 whose body carries `current_version` (also the `ETag`).

pub mod access;
pub mod actions;
pub mod applications;
pub mod appraisal_rounds;
pub mod calls;
pub mod dossier;
pub mod experts;
pub mod form_pdf;
pub mod inspections;
pub mod materials;
pub mod notices;
pub mod oversight;
pub mod records;
pub mod register;
pub mod requests;
pub mod views;

use axum::extract::DefaultBodyLimit;
use axum::http::{HeaderMap, header};
use casework::{Casework, CaseworkError};
use jiff::civil::Date;
use serde::Deserialize;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use workflow::WorkflowError;

use crate::error::{AppError, FieldError};
use crate::state::AppState;

/// The case routes with their documentation.
pub fn router() -> OpenApiRouter<AppState> {
    let uploads = OpenApiRouter::new()
        .routes(routes!(materials::upload))
        // The handler enforces the configured upload limit itself.
        .layer(DefaultBodyLimit::disable());
    OpenApiRouter::new()
        .routes(routes!(calls::list, calls::open))
        .routes(routes!(applications::list, applications::create))
        .routes(routes!(applications::show, applications::update))
        .routes(routes!(actions::act))
        .routes(routes!(form_pdf::application_pdf))
        .routes(routes!(experts::assign))
        .routes(routes!(experts::score))
        .routes(routes!(experts::declare_conflict))
        .routes(routes!(inspections::record))
        .routes(routes!(notices::list))
        .routes(routes!(notices::object))
        .routes(routes!(notices::rule))
        .routes(routes!(register::list))
        .routes(routes!(register::show))
        .routes(routes!(register::statistics))
        .routes(routes!(register::annual_report))
        .routes(routes!(register::change))
        .routes(routes!(dossier::dossier))
        .routes(routes!(dossier::filing))
        .routes(routes!(dossier::note_change))
        .routes(routes!(dossier::review_change))
        .routes(routes!(dossier::forward_change))
        .routes(routes!(requests::request_statistics))
        .routes(routes!(requests::withdraw_statistics_requests))
        .routes(routes!(dossier::revoke))
        .routes(routes!(dossier::rectification))
        .routes(routes!(register::appraise))
        .routes(routes!(register::appraisals))
        .routes(routes!(oversight::fraud, oversight::fraud_findings))
        .routes(routes!(oversight::tick))
        .routes(routes!(oversight::audit))
        .routes(routes!(records::blacklisting))
        .routes(routes!(records::scope_exit))
        .routes(routes!(appraisal_rounds::list, appraisal_rounds::open))
        .routes(routes!(appraisal_rounds::show))
        .routes(routes!(appraisal_rounds::hand_in))
        .routes(routes!(appraisal_rounds::mark_false))
        .routes(routes!(appraisal_rounds::appraise))
        .merge(uploads)
}

/// The case service over the server's store (503 without one).
pub fn service(state: &AppState) -> Result<Casework, AppError> {
    Ok(Casework::new(state.store()?.clone(), state.library.clone()))
}

/// A list's `measure` filter, checked against the measures loaded: an unknown id is a 422 on
/// the field, not an empty list that would read as "no cases under it".
pub fn measure_filter(
    state: &AppState,
    measure: Option<String>,
) -> Result<Option<String>, AppError> {
    match measure {
        Some(id) if state.library.get(&id).is_none() => {
            let known: Vec<&str> = state.library.measures().iter().map(|m| m.id()).collect();
            Err(AppError::invalid(
                "measure",
                format!("没有编号为「{id}」的办法；可选：{}", known.join("、")),
            ))
        }
        other => Ok(other),
    }
}

/// Today in China (UTC+8) by the store's clock.
pub fn today(cw: &Casework) -> Date {
    casework::dates::day_in_china(cw.store.now())
}

/// The version a change is based on: `If-Match` (`"3"`, `W/"3"` or `3`) first, else the body's
/// `version`; 422 on `version` when neither is given, 400 when `If-Match` is not a version.
pub fn expected_version(headers: &HeaderMap, body: Option<i64>) -> Result<i64, AppError> {
    if let Some(v) = headers.get(header::IF_MATCH) {
        let text = v.to_str().unwrap_or_default().trim();
        let text = text.strip_prefix("W/").unwrap_or(text).trim_matches('"');
        return text.parse::<i64>().map_err(|_| AppError::BadRequest {
            code: "invalid_if_match",
            message: format!("If-Match 头应为案件版本号（如 \"3\"），实际为「{text}」"),
        });
    }
    body.ok_or_else(|| {
        AppError::invalid(
            "version",
            "须以 If-Match 头或 version 字段给出所依据的案件版本号",
        )
    })
}

/// Deserialises a present field as `Some`, so `Option<Option<T>>` tells absent from `null`.
pub(crate) fn present<'de, D, T>(d: D) -> Result<Option<T>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: Deserialize<'de>,
{
    T::deserialize(d).map(Some)
}

fn refused(code: &'static str, message: String, field: Option<&str>) -> AppError {
    AppError::Refused {
        code,
        message,
        field: field.map(str::to_string),
    }
}

/// The answer to a refusal of the case layer: wrong role or not yours 403, rules 422 with the
/// field, stale version 409 with the current version, no such record 404.
pub fn from_casework(e: CaseworkError) -> AppError {
    use CaseworkError as E;
    use WorkflowError as W;
    let message = e.to_string();
    match e {
        E::Workflow(w) => match w {
            W::WrongRole { .. } | W::NotYours { .. } | W::NotAssigned => AppError::Forbidden {
                code: "forbidden",
                message,
            },
            W::Conflict { .. } | W::ConflictNeedsClearance { .. } => {
                refused("conflict_of_interest", message, Some("expert"))
            }
            W::Late { .. } | W::NoOpenCall { .. } => {
                refused("workflow_refused", message, Some("call"))
            }
            W::MissingMaterials { .. } => refused("workflow_refused", message, Some("materials")),
            W::ReasonRequired { .. } => refused("workflow_refused", message, Some("reason")),
            W::ScoreOutOfRange { .. } => refused("workflow_refused", message, Some("score")),
            W::NoticePeriodRequired => refused("workflow_refused", message, Some("period")),
            W::OutsideNotice { .. } => refused("workflow_refused", message, Some("on")),
            W::InspectionInvalid { field, .. } => refused("workflow_refused", message, Some(field)),
            W::InspectionMissing => refused("workflow_refused", message, Some("inspection")),
            _ => refused("workflow_refused", message, Some("action")),
        },
        E::Store(store::StoreError::Attachment(a)) => match a {
            store::attachment::AttachmentError::TooLarge { .. } => AppError::TooLarge,
            store::attachment::AttachmentError::QuotaExceeded { .. } => {
                AppError::OverQuota { message }
            }
            _ => AppError::invalid("file", message),
        },
        E::Store(s) => AppError::from(s),
        E::NotFound { .. } => AppError::NotFound {
            message,
            field: None,
        },
        E::UnknownMeasure(_) => AppError::invalid("measure", message),
        E::UnknownCall { .. } => AppError::invalid("call", message),
        E::CallExists(_) => AppError::Conflict {
            message,
            current_version: None,
        },
        E::CallDates { .. } => AppError::invalid("opens_on", message),
        E::Profile(_) => AppError::invalid("profile", message),
        E::Facts(fields) => AppError::Invalid(
            fields
                .into_iter()
                .map(|e| FieldError {
                    field: e.field,
                    message: e.message,
                })
                .collect(),
        ),
        E::Forbidden { .. } | E::NoPolicyRole { .. } | E::OutsideJurisdiction { .. } => {
            AppError::Forbidden {
                code: "forbidden",
                message,
            }
        }
        E::NoRegion(_) => AppError::invalid("org", message),
        E::NotEditable { .. } => refused("not_editable", message, None),
        E::UnknownMaterial { .. } => AppError::NotFound {
            message,
            field: Some("material_id".into()),
        },
        E::SpaceNotActive { .. } => refused("space_not_active", message, None),
        // The values' errors under `values.`, the period's under its own field.
        E::FilingRefused { errors } => AppError::Invalid(
            errors
                .into_iter()
                .map(|e| FieldError {
                    field: if e.field == "period" {
                        e.field
                    } else {
                        format!("values.{}", e.field)
                    },
                    message: e.message,
                })
                .collect(),
        ),
        E::FilingOutOfTime { field, .. } => AppError::invalid(field, message),
        E::FilingNotAsked { .. } => refused("filing_not_asked", message, None),
        E::Appraisal(rules::appraisal::AppraisalError::Input(errs)) => AppError::Invalid(
            errs.0
                .into_iter()
                .map(|e| FieldError {
                    field: format!("input.{}", e.field),
                    message: e.message,
                })
                .collect(),
        ),
        E::Appraisal(_) => AppError::invalid("input", message),
        E::Rectification(r) => {
            use casework::rectification::RectificationError as R;
            let field = match r {
                R::EmptyText | R::TextTooLong { .. } => "text",
                R::PeriodEnded { .. } => "on",
                R::NotUnderRectification { .. } => "space",
            };
            refused("rectification_refused", message, Some(field))
        }
        E::Round(r) => {
            use casework::appraisal_round::RoundError as R;
            let field = match r {
                R::NoMaterials { .. } => "measure",
                R::EmptyPeriod | R::PeriodTooLong { .. } => "period",
                R::NulChar { field } => field,
                R::DeadlineInPast { .. } => "deadline",
                R::OtherMeasure { .. } | R::NotYetDue { .. } => "space_id",
                R::Late { .. } => "on",
                R::AlreadyHandedIn { .. } => "round",
                R::EmptyText => "text",
                R::TextTooLong { field, .. } => field,
                R::EmptyReason | R::AlreadyFalse { .. } => "reason",
                R::InputNotObject | R::TypedInput { .. } => "input",
            };
            refused("appraisal_round_refused", message, Some(field))
        }
        E::Import { .. } => AppError::invalid("(根)", message),
        E::Listing(l) => {
            // The API's body names the list or category `what`.
            let field = match l.field() {
                "list" | "category" => "what",
                other => other,
            };
            refused("record_refused", message, Some(field))
        }
        E::Sanction(s) => refused("sanction_refused", message, Some(s.field())),
        E::Review(r) => refused("review_refused", message, Some(r.field())),
        E::Forward(r) => refused("forwarding_refused", message, Some(r.field())),
        E::Request(r) => refused("request_refused", message, Some(r.field())),
        other @ (E::Form(_) | E::Corrupt { .. }) => AppError::Unexpected(Box::new(other)),
    }
}
