//! The application as stored: what a case holds that the form prints.

use std::collections::BTreeMap;

use jiff::civil::Date;
use serde::Serialize;

/// The applicant organisation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Applicant {
    /// Registered name.
    pub name: String,
    /// 统一社会信用代码.
    pub credit_code: String,
    /// GB/T 2260 code of its seat.
    pub region: String,
    /// The seat as the form prints it: the division's full name with the code after it, or the
    /// code alone where the list lacks it (`RegionNames::with_code`).
    pub region_shown: String,
}

/// One uploaded file of a material.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FileEntry {
    /// The name as uploaded.
    pub name: String,
    /// Size in bytes.
    pub size: u64,
    /// Lower-case hex SHA-256 of the content.
    pub sha256: String,
}

/// A case's application, as the form prints it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Application {
    /// The case number.
    pub case_id: i64,
    /// The measure applied under.
    pub measure: String,
    /// The content hash of the policy version the case is judged under.
    pub policy_hash: String,
    /// The applicant.
    pub applicant: Applicant,
    /// The call answered (its title, or id).
    pub call: Option<String>,
    /// When submitted (none for a draft).
    pub submitted_on: Option<Date>,
    /// The application profile (profile JSON format: facts by dictionary name).
    pub profile: serde_json::Value,
    /// The form's own fields (those that are not facts), by form field id.
    pub form_values: BTreeMap<String, String>,
    /// Files by material id.
    pub files: BTreeMap<String, Vec<FileEntry>>,
}

impl Application {
    /// The application of a stored case. `files` are the case's attachments by material id
    /// (the caller reads their metadata from the store); the form's own fields are the
    /// routing facts named `form.<id>`, as the portal saves them.
    pub fn from_record(
        rec: &casework::CaseRecord,
        applicant: Applicant,
        call: Option<String>,
        files: BTreeMap<String, Vec<FileEntry>>,
    ) -> Self {
        let form_values = rec
            .case
            .routing_facts
            .iter()
            .filter_map(|(k, v)| {
                let id = k.strip_prefix("form.")?;
                let text = v.as_str().map_or_else(|| v.to_string(), str::to_string);
                Some((id.to_string(), text))
            })
            .collect();
        Self {
            case_id: rec.id,
            measure: rec.case.measure.clone(),
            policy_hash: rec.case.policy_hash.clone(),
            applicant,
            call: call.or_else(|| rec.case.call.clone()),
            submitted_on: rec.case.submitted_on,
            profile: rec.profile.clone(),
            form_values,
            files,
        }
    }
}
