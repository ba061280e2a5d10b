//! `GET /register.csv`: the public register as a spreadsheet, the spaces the register page's
//! search and filters select (all of them, not one page), with the columns the page shows and
//! the division's name beside its code. UTF-8 with a BOM, so spreadsheet programs read the
//! Chinese as it is.
//!
//! A download by filters alone is kept until the register changes
//! ([`AppState::register_csv`]): it is public, and it reads and writes the whole selection. A
//! name search is read each time (its selections are small and as many as visitors type).

use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use casework::transfer::{BOM, push_csv_record};
use casework::{Casework, Page, RegisterFilter, RegisterListing};

use super::public::RegisterQuery;
use super::work;
use crate::error::AppError;
use crate::state::AppState;

/// The columns, in order.
const HEADER: [&str; 8] = [
    "众创空间名称",
    "办法",
    "所在地",
    "行政区划代码",
    "认定（备案）日期",
    "认定（备案）文号",
    "有效期至",
    "状态",
];

/// The name the file downloads as.
const FILE_NAME: &str = "众创空间名录.csv";

/// `attachment` with the Chinese name (RFC 6266 `filename*`) and an ASCII one for clients
/// that cannot read it.
fn disposition() -> HeaderValue {
    let name = percent_encoding::utf8_percent_encode(FILE_NAME, percent_encoding::NON_ALPHANUMERIC);
    HeaderValue::from_str(&format!(
        "attachment; filename=\"register.csv\"; filename*=UTF-8''{name}"
    ))
    .unwrap_or_else(|_| HeaderValue::from_static("attachment; filename=\"register.csv\""))
}

/// `GET /register.csv`.
pub async fn download(
    State(state): State<AppState>,
    Query(q): Query<RegisterQuery>,
) -> Result<Response, AppError> {
    let cw = work::casework(&state)?;
    let (filter, listing) = q.selection(&state);
    let csv = if listing == RegisterListing::default() {
        let generation = cw.store.generation();
        let csv = state
            .register_csv
            .get_or_load(generation, filter.clone(), || {
                written(&state, &cw, &filter, &listing)
            })
            .await?;
        Bytes::clone(&csv)
    } else {
        written(&state, &cw, &filter, &listing).await?
    };
    Ok((
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/csv; charset=utf-8"),
            ),
            (header::CONTENT_DISPOSITION, disposition()),
        ],
        csv,
    )
        .into_response())
}

/// The selection read from the register and written as CSV.
async fn written(
    state: &AppState,
    cw: &Casework,
    filter: &RegisterFilter,
    listing: &RegisterListing,
) -> Result<Bytes, AppError> {
    let found = cw
        .register_listing(filter, listing, Page::ALL)
        .await
        .map_err(|e| work::cw_error(e, "register"))?;
    let mut out = String::from(BOM);
    push_csv_record(&mut out, &HEADER);
    for s in &found.items {
        let measure = state
            .library
            .get(&s.measure)
            .map_or_else(|| s.measure.clone(), |m| m.measure.measure.title.clone());
        push_csv_record(
            &mut out,
            &[
                s.name.clone(),
                measure,
                state.library.regions.display(&s.region),
                s.region.clone(),
                s.recognised_on.to_string(),
                s.document_number.clone().unwrap_or_default(),
                s.valid_until.map(|d| d.to_string()).unwrap_or_default(),
                casework::status_label(s.status).to_string(),
            ],
        );
    }
    Ok(Bytes::from(out))
}
