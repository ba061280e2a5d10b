//! The case service from the state, today's date, the service's errors as page errors, and
//! redirects that work with and without htmx.

use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use casework::{Casework, CaseworkError};
use jiff::civil::Date;

use crate::error::AppError;
use crate::state::AppState;

/// The case service over the state's store.
pub fn casework(state: &AppState) -> Result<Casework, AppError> {
    Ok(Casework::new(state.store()?.clone(), state.library.clone()))
}

/// Today in China by the store's clock, the day the API acts on too (the wall clock in
/// production; tests set the store's); the wall clock when the server has no store.
pub fn today(state: &AppState) -> Date {
    state.store().map_or_else(
        |_| casework::dates::today(),
        |store| casework::dates::day_in_china(store.now()),
    )
}

/// A service error as a page error: refusals by role 403, unknown 404, stale 409, the rest
/// (workflow refusals, invalid input) 422 with the message under `field`.
pub fn cw_error(e: CaseworkError, field: &str) -> AppError {
    match e {
        CaseworkError::Forbidden { .. }
        | CaseworkError::NoPolicyRole { .. }
        | CaseworkError::OutsideJurisdiction { .. } => AppError::Forbidden {
            code: "forbidden",
            message: e.to_string(),
        },
        CaseworkError::NotFound { .. }
        | CaseworkError::Store(store::StoreError::NotFound { .. }) => AppError::NotFound {
            message: e.to_string(),
            field: None,
        },
        e if e.is_conflict() => AppError::Conflict {
            message: e.to_string(),
            current_version: None,
        },
        CaseworkError::Store(s) => s.into(),
        // Each measured fact refused beside its own input.
        CaseworkError::Facts(fields) => AppError::Invalid(
            fields
                .into_iter()
                .map(|e| crate::error::FieldError {
                    field: e.field,
                    message: e.message,
                })
                .collect(),
        ),
        CaseworkError::FilingOutOfTime { field, message } => AppError::invalid(field, message),
        other => AppError::invalid(field, other.to_string()),
    }
}

/// To `to`: `HX-Redirect` for htmx, 303 otherwise.
pub fn redirect(headers: &HeaderMap, to: &str) -> Response {
    if crate::pages::is_htmx(headers) {
        let mut res = StatusCode::NO_CONTENT.into_response();
        if let Ok(v) = HeaderValue::from_str(to) {
            res.headers_mut().insert("hx-redirect", v);
        }
        res
    } else {
        Redirect::to(to).into_response()
    }
}

/// The sign-in page for a signed-out visitor of `path`.
pub fn to_login(path: &str) -> Response {
    Redirect::to(&format!("/login?next={path}")).into_response()
}
