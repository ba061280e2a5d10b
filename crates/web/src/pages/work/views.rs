//! A case as the templates show it: steps, history, materials and files, objections,
//! experts, facts.

use serde::Serialize;

/// One step of the procedure as the tracking shows it.
#[derive(Debug, Serialize)]
pub struct StepView {
    /// Stage id.
    pub id: String,
    /// Label.
    pub label: String,
    /// Who performs it.
    pub role: String,
    /// The article.
    pub cite: String,
    /// `done`, `current`, `todo`, `stopped`.
    pub status: &'static str,
    /// The step's time limit as the measure or the call sets it, in words.
    pub deadline: String,
    /// Whether the limit has passed with the step still open.
    pub overdue: bool,
}

/// One line of a case's history.
#[derive(Debug, Serialize)]
pub struct HistoryView {
    /// The entry's place in the audit chain.
    pub seq: i64,
    /// When (Beijing time, minutes).
    pub at: String,
    /// Who (name and role).
    pub who: String,
    /// What, in Chinese.
    pub action: String,
    /// The reason recorded.
    pub reason: String,
}

/// One material with its files.
#[derive(Debug, Serialize)]
pub struct MaterialView {
    /// Id.
    pub id: String,
    /// Label.
    pub label: String,
    /// Required for submission.
    pub required: bool,
    /// The outline (建设运营方案 编写提纲).
    pub outline: Vec<String>,
    /// The article.
    pub cite: String,
    /// Files uploaded.
    pub files: Vec<FileView>,
}

/// One uploaded file.
#[derive(Debug, Serialize)]
pub struct FileView {
    /// Attachment id.
    pub id: i64,
    /// Its name as uploaded.
    pub name: String,
    /// Size in KiB (rounded up).
    pub kib: u64,
    /// The type.
    pub kind: String,
}

/// One objection.
#[derive(Debug, Serialize)]
pub struct ObjectionView {
    /// Number.
    pub number: u32,
    /// What it disputes.
    pub target: String,
    /// Text.
    pub text: String,
    /// Received.
    pub received_on: String,
    /// Ruling, if any.
    pub ruling: Option<String>,
}

/// One expert assignment.
#[derive(Debug, Serialize)]
pub struct ExpertView {
    /// Account id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Assigned.
    pub assigned_on: String,
    /// Score.
    pub score: Option<u32>,
    /// Opinion.
    pub opinion: Option<String>,
    /// Clearance of a soft conflict.
    pub clearance: Option<String>,
}

/// A site inspection record as shown.
#[derive(Debug, Serialize)]
pub struct InspectionView {
    /// The day of the visit.
    pub visited_on: String,
    /// Who inspected, joined with 、.
    pub inspectors: String,
    /// 与申报一致 or 与申报不一致.
    pub conclusion: &'static str,
    /// Whether the premises matched.
    pub consistent: bool,
    /// What was found.
    pub note: String,
    /// The day it was recorded.
    pub recorded_on: String,
    /// The facts measured on the visit, beside the declared values.
    pub measurements: Vec<MeasurementView>,
    /// The eligibility check on the measured values.
    pub recheck: Option<workflow::review::Recheck>,
}

/// A fact measured on a visit, in words.
#[derive(Debug, Serialize)]
pub struct MeasurementView {
    /// The fact's label.
    pub label: String,
    /// The declared value in words (`—` when not declared).
    pub declared: String,
    /// The value found in words.
    pub found: String,
    /// Whether the two differ.
    pub differs: bool,
}

/// A fact as shown.
#[derive(Debug, Serialize)]
pub struct FactView {
    /// Label.
    pub label: String,
    /// Value.
    pub value: String,
}

/// A case as the pages show it.
#[derive(Debug, Serialize)]
pub struct CaseView {
    /// Id.
    pub id: i64,
    /// Version.
    pub version: i64,
    /// Measure id.
    pub measure: String,
    /// Jurisdiction's short name.
    pub measure_name: String,
    /// Measure title.
    pub measure_title: String,
    /// Applicant's name.
    pub org_name: String,
    /// Applicant's org id.
    pub org_id: String,
    /// Region.
    pub region: String,
    /// State kind (CSS).
    pub state_class: &'static str,
    /// State in Chinese.
    pub state_label: String,
    /// The current stage id.
    pub stage: Option<String>,
    /// Since when at the current stage.
    pub since: Option<String>,
    /// Days at the current stage.
    pub waiting_days: Option<i64>,
    /// The next deadline and what it is.
    pub deadline: Option<String>,
    /// Whether a deadline has passed with the step still open.
    pub overdue: bool,
    /// Return or rejection reason.
    pub state_reason: Option<String>,
    /// Submitted.
    pub submitted_on: Option<String>,
    /// The call answered, by its title.
    pub call: Option<String>,
    /// The recommending unit the case was routed to.
    pub route_role: Option<String>,
    /// Notice.
    pub notice: Option<String>,
    /// Whether the notice is running today.
    pub notice_running: bool,
    /// Whether the notice has ended.
    pub notice_ended: bool,
    /// Objections.
    pub objections: Vec<ObjectionView>,
    /// Open objections.
    pub open_objections: usize,
    /// Experts.
    pub experts: Vec<ExpertView>,
    /// Site inspection records.
    pub inspections: Vec<InspectionView>,
    /// Decision.
    pub decision: Option<String>,
    /// Steps.
    pub steps: Vec<StepView>,
    /// Materials.
    pub materials: Vec<MaterialView>,
    /// Facts given.
    pub facts: Vec<FactView>,
    /// Form fields of the 申报书 that are not facts.
    pub form_values: Vec<FactView>,
    /// History.
    pub history: Vec<HistoryView>,
    /// The space on the register, if recognised.
    pub space_id: Option<i64>,
    /// Where the measure's encoding has changed since the case was submitted: the fingerprints
    /// then and now, so a reviewer knows the check below is the current encoding's.
    pub policy_changed: Option<PolicyChange>,
}

/// A measure's encoding then (at submission) and now, by content fingerprint.
#[derive(Debug, Serialize)]
pub struct PolicyChange {
    /// The fingerprint the case was submitted under (its first 12 digits).
    pub then: String,
    /// The fingerprint in force (its first 12 digits).
    pub now: String,
}
