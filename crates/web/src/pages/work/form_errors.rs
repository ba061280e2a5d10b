//! Errors of forms: by field for the templates, refusals of the service beside a field, dates
//! as typed.

use std::collections::BTreeMap;

use casework::CaseworkError;
use jiff::civil::Date;

use super::cw_error;
use crate::error::AppError;

/// Errors by field, for the templates.
pub fn errors_map(errors: &[crate::error::FieldError]) -> BTreeMap<String, String> {
    let mut out: BTreeMap<String, String> = BTreeMap::new();
    for e in errors {
        out.entry(e.field.clone())
            .and_modify(|m| {
                m.push('；');
                m.push_str(&e.message);
            })
            .or_insert_with(|| e.message.clone());
    }
    out
}

/// A page error as field errors (for forms): invalid keeps its fields; others go under
/// `field`.
pub fn as_field_errors(
    e: AppError,
    field: &str,
) -> Result<Vec<crate::error::FieldError>, AppError> {
    match e {
        AppError::Invalid(v) => Ok(v),
        AppError::Conflict { message, .. } => Ok(vec![crate::error::FieldError {
            field: field.into(),
            message,
        }]),
        AppError::Refused { message, .. } => Ok(vec![crate::error::FieldError {
            field: field.into(),
            message,
        }]),
        other => Err(other),
    }
}

/// A refusal of the service as errors beside `field` (403/404 and a filing the measure does not
/// ask for stay errors of the request).
pub fn refused(e: CaseworkError, field: &str) -> Result<Vec<crate::error::FieldError>, AppError> {
    // A filing the measure does not ask for has no form on the page to show it beside: the
    // answer is a page of its own, or under htmx the page's alert (a 422 would be swapped in
    // for the form's part of the page, and show nothing).
    if let CaseworkError::FilingNotAsked { .. } = e {
        return Err(AppError::Forbidden {
            code: "filing_not_asked",
            message: e.to_string(),
        });
    }
    as_field_errors(cw_error(e, field), field)
}

/// Parses a date typed in a form.
pub fn parse_date(s: &str) -> Option<Date> {
    s.trim().parse().ok()
}
