//! The application form (申报书) of a case as a PDF, shared by the portal, the workbench and
//! the API: the case as stored (`reports::gather`) typeset by the `reports` crate off the
//! async threads.

use std::sync::Mutex;

use axum::http::header;
use axum::response::{IntoResponse, Response};
use casework::{CaseRecord, Casework};
use reports::{ReportError, Typesetter};

use crate::error::AppError;
use crate::state::AppState;

/// The typesetter, made on first use (loading the fonts is the costly part) and kept. A failed
/// load is not kept: installing the font fixes the next request without a restart.
fn typesetter() -> Result<Typesetter, ReportError> {
    static CELL: Mutex<Option<Typesetter>> = Mutex::new(None);
    let mut slot = CELL.lock().unwrap_or_else(|p| p.into_inner());
    if let Some(t) = slot.as_ref() {
        return Ok(t.clone());
    }
    let t = Typesetter::from_default_dirs()?;
    *slot = Some(t.clone());
    Ok(t)
}

/// The PDF response of a case the caller may see (the caller checks access first).
pub async fn application_pdf(
    state: &AppState,
    cw: &Casework,
    rec: &CaseRecord,
) -> Result<Response, AppError> {
    let app = reports::gather(cw, rec)
        .await
        .map_err(|e| AppError::Unexpected(Box::new(e)))?;
    let library = state.library.clone();
    let today = crate::api::cases::today(cw);
    let case_id = rec.id;
    let pdf = tokio::task::spawn_blocking(move || -> Result<Vec<u8>, ReportError> {
        let m = library
            .get(&app.measure)
            .ok_or_else(|| ReportError::Typeset(format!("未加载政策 {}", app.measure)))?;
        typesetter()?.pdf(&app, m, &library.facts, today)
    })
    .await
    .map_err(|e| AppError::Unexpected(Box::new(e)))?
    .map_err(|e| match e {
        ReportError::NoCjkFont { .. } | ReportError::FontRead { .. } => AppError::Unavailable {
            message: e.to_string(),
        },
        other => AppError::Unexpected(Box::new(other)),
    })?;
    let name = format!("case-{case_id}-application.pdf");
    Ok((
        [
            (header::CONTENT_TYPE, "application/pdf".to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("inline; filename=\"{name}\""),
            ),
            (header::CACHE_CONTROL, "private, no-store".to_string()),
        ],
        pdf,
    )
        .into_response())
}
