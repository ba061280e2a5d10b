//! The application of a stored case, read from the system of record: the applicant's record,
//! the call's title and every attachment's name, size and SHA-256.

use std::collections::BTreeMap;

use casework::{CaseRecord, Casework};

use crate::application::{Applicant, Application, FileEntry};
use crate::error::ReportError;

/// The application of `rec` as stored (the caller has checked who may see it).
pub async fn gather(cw: &Casework, rec: &CaseRecord) -> Result<Application, ReportError> {
    let db = cw.store.db();
    let org_id: i64 = rec.case.applicant.0.parse().map_err(|_| {
        ReportError::Record(format!(
            "案件 {} 的申报单位编号「{}」不是数字",
            rec.id, rec.case.applicant.0
        ))
    })?;
    let org = store::organisation::get(db, org_id)
        .await
        .map_err(|e| ReportError::Record(e.to_string()))?;
    let region = org
        .region_code
        .unwrap_or_else(|| rec.case.applicant_region.as_str().to_string());
    let applicant = Applicant {
        name: org.name,
        credit_code: org.credit_code,
        region_shown: cw.library.regions.with_code(&region),
        region,
    };
    let call = match &rec.case.call {
        Some(id) => cw
            .call(&rec.case.measure, id)
            .await
            .ok()
            .flatten()
            .map(|c| c.title),
        None => None,
    };
    let mut files: BTreeMap<String, Vec<FileEntry>> = BTreeMap::new();
    for (material, ids) in &rec.attachments {
        for id in ids {
            let a = store::attachment::get(db, *id)
                .await
                .map_err(|e| ReportError::Record(e.to_string()))?;
            files.entry(material.clone()).or_default().push(FileEntry {
                name: a.original_name,
                size: a.size,
                sha256: a.sha256,
            });
        }
    }
    Ok(Application::from_record(rec, applicant, call, files))
}
