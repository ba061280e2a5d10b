//! The records the service takes and returns.

use std::collections::BTreeMap;

use jiff::Timestamp;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use workflow::case::Case;
use workflow::lifecycle::{Finding, Space, SpaceStatus};

/// A call for applications to open.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewCall {
    /// The call id (unique across the policies' calls and the system's).
    pub id: String,
    /// The measure it is for.
    pub measure: String,
    /// Its title.
    pub title: String,
    /// The year it is for.
    pub year: i16,
    /// First day applications are taken, where stated.
    pub opens_on: Option<Date>,
    /// The last day (inclusive; a rest day moves it to the next working day).
    pub deadline: Date,
}

/// Where a call comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CallSource {
    /// Shipped in the policy file (`[[call]]`).
    Policy,
    /// Opened by the authority in the system.
    System,
}

/// A call, from the policy or the system.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CallRecord {
    /// The call id.
    pub id: String,
    /// The measure.
    pub measure: String,
    /// Its title.
    pub title: String,
    /// The year.
    pub year: i16,
    /// First day.
    pub opens_on: Option<Date>,
    /// The last day as stated.
    pub deadline: Date,
    /// Policy or system.
    pub source: CallSource,
    /// The article or notice.
    pub cite: String,
}

/// A new draft application.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NewDraft {
    /// The applicant organisation (its id in the store).
    pub org: i64,
    /// The measure applied under.
    pub measure: String,
    /// The application profile, in the profile JSON format (checked against the dictionary).
    pub profile: serde_json::Value,
    /// The call answered, where there is one.
    pub call: Option<String>,
    /// Facts that route the case (`premises.in_college`…).
    #[serde(default)]
    pub routing_facts: BTreeMap<String, serde_json::Value>,
}

/// Changes to a draft; `None` keeps the field.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct DraftChanges {
    /// A new profile.
    pub profile: Option<serde_json::Value>,
    /// A new call (`Some(None)` clears it).
    pub call: Option<Option<String>>,
    /// New routing facts.
    pub routing_facts: Option<BTreeMap<String, serde_json::Value>>,
}

/// A case as stored.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CaseRecord {
    /// The case id.
    pub id: i64,
    /// The case.
    pub case: Case,
    /// The application profile (profile JSON format).
    pub profile: serde_json::Value,
    /// Attachment ids by material id.
    pub attachments: BTreeMap<String, Vec<i64>>,
    /// The version to name in the next change.
    pub version: i64,
    /// Created.
    pub created_at: Timestamp,
    /// Last changed.
    pub updated_at: Timestamp,
}

/// One line of a queue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CaseSummary {
    /// The case id.
    pub id: i64,
    /// The measure.
    pub measure: String,
    /// The applicant.
    pub applicant_org_id: i64,
    /// Its region.
    pub applicant_region: String,
    /// The state's kind (`draft`, `at_stage`, `recognised`…).
    pub state: String,
    /// The stage, when at one.
    pub stage: Option<String>,
    /// When submitted.
    pub submitted_on: Option<Date>,
    /// The day it reached its stage, while at one.
    pub stage_since: Option<Date>,
    /// Its public notice period, once published.
    pub notice: Option<workflow::case::Notice>,
    /// Objections raised against it.
    pub objections: usize,
    /// Of those, the ones not yet ruled on.
    pub open_objections: usize,
    /// The version.
    pub version: i64,
    /// Last changed.
    pub updated_at: Timestamp,
}

/// Which cases a queue lists.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueueFilter {
    /// Only this measure.
    pub measure: Option<String>,
    /// Only this state kind (`at_stage`, `draft`…); `at_stage` when a stage is given.
    pub state: Option<String>,
    /// Only cases at this stage id.
    pub stage: Option<String>,
    /// Only applicants within this division (GB/T 2260; `140600` covers `140602`).
    pub region: Option<String>,
    /// Only this applicant.
    pub org: Option<i64>,
    /// Only applicants whose name contains this text (as typed, not a pattern).
    #[serde(default)]
    pub applicant_name_contains: Option<String>,
    /// Only submitted cases (not drafts, which are the applicant's own).
    #[serde(default)]
    pub submitted_only: bool,
    /// Only the cases an authority with an area covers ([`crate::authority_covers`]).
    #[serde(default)]
    pub authority: Option<AuthorityScope>,
    /// Only the cases in this expert's queue (assigned to it, none of its own organisation's
    /// nor of one it has a conflict of interest with).
    #[serde(default)]
    pub expert: Option<crate::ExpertQueue>,
    /// Only the cases at a stage whose public notice runs on this day (its first and last day
    /// included).
    #[serde(default)]
    pub notice_on: Option<Date>,
    /// Only the cases at a stage whose public notice ended before this day: its period has run
    /// out and the case waits for the next step.
    #[serde(default)]
    pub notice_ended_before: Option<Date>,
    /// The order (ties broken by id, in the same direction).
    #[serde(default)]
    pub sort: QueueSort,
    /// Newest (largest) first.
    #[serde(default)]
    pub descending: bool,
}

/// What an authority with an area covers, as [`crate::authority_covers`] judges it case by
/// case: the cases of its jurisdiction's measures, and those of applicants within its area.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuthorityScope {
    /// The measures whose jurisdiction is the area.
    pub measures: Vec<String>,
    /// The area (GB/T 2260).
    pub area: String,
}

impl AuthorityScope {
    /// The scope of an authority account over `library`; `None` for one without an area (a
    /// system-wide account covers every case) or not an authority.
    pub fn of(library: &policy::Library, account: &store::Account) -> Option<Self> {
        if account.role != store::AccountRole::Authority {
            return None;
        }
        let area = account.region_code.clone()?;
        let measures = library
            .measures()
            .iter()
            .filter(|m| m.measure.measure.jurisdiction.code.as_str() == area)
            .map(|m| m.id().to_string())
            .collect();
        Some(Self { measures, area })
    }
}

/// The order of a queue.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum QueueSort {
    /// By the last change: a work queue, oldest change first.
    #[default]
    UpdatedAt,
    /// By id, i.e. the order of creation.
    Id,
    /// By the submission date; drafts (not submitted) come first ascending, last descending.
    SubmittedOn,
    /// By the day the case reached its stage: ascending, the longest waiting first.
    StageSince,
}

/// A page request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Page {
    /// Rows to skip.
    pub offset: u64,
    /// Rows to return (at most 1,000).
    pub limit: u64,
}

impl Default for Page {
    fn default() -> Self {
        Self {
            offset: 0,
            limit: 50,
        }
    }
}

impl Page {
    /// Every row (for exports).
    pub const ALL: Page = Page {
        offset: 0,
        limit: u64::MAX,
    };

    /// The offset as the databases take it (a signed 64-bit integer; sqlx panics on more): any
    /// offset beyond that is past the last row anyway, so the page is simply empty.
    pub fn sql_offset(self) -> u64 {
        self.offset.min(i64::MAX as u64)
    }

    /// The limit as the databases take it, at most `max`.
    pub fn sql_limit(self, max: u64) -> u64 {
        self.limit.min(max).min(i64::MAX as u64)
    }
}

/// A page of rows with the total.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PageOf<T> {
    /// The rows.
    pub items: Vec<T>,
    /// How many match in all.
    pub total: u64,
}

/// Which spaces the register lists.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct RegisterFilter {
    /// Only this measure.
    pub measure: Option<String>,
    /// Only within this division.
    pub region: Option<String>,
    /// Only this status.
    pub status: Option<SpaceStatus>,
    /// Only this organisation.
    pub org: Option<i64>,
}

/// A recognised space on the register.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SpaceRecord {
    /// The space id.
    pub id: i64,
    /// The case that recognised it (none when imported).
    pub case_id: Option<i64>,
    /// The measure.
    pub measure: String,
    /// The operating organisation.
    pub org_id: i64,
    /// Its name.
    pub name: String,
    /// GB/T 2260 code.
    pub region: String,
    /// The decision day.
    pub recognised_on: Date,
    /// The last valid day.
    pub valid_until: Option<Date>,
    /// Status.
    pub status: SpaceStatus,
    /// The decision's document number.
    pub document_number: Option<String>,
    /// The lifecycle record (filings, appraisals, changes, findings' inputs).
    pub space: Space,
    /// The version.
    pub version: i64,
}

/// A finding recorded by the tick.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FindingRecord {
    /// Id.
    pub id: i64,
    /// The space.
    pub space_id: i64,
    /// The finding.
    pub finding: Finding,
    /// The tick date that first found it.
    pub first_seen: Date,
    /// The tick date it no longer held.
    pub resolved_on: Option<Date>,
}

/// A status change made by the tick or a sanction.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StatusChange {
    /// The space.
    pub space_id: i64,
    /// The new status.
    pub status: SpaceStatus,
    /// The article.
    pub cite: String,
    /// Why.
    pub reason: String,
}

/// What one tick did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct TickReport {
    /// The date evaluated.
    pub date: Option<Date>,
    /// Active spaces evaluated.
    pub spaces: u64,
    /// Findings recorded for the first time.
    pub new_findings: u64,
    /// Findings that no longer hold.
    pub resolved: u64,
    /// Status changes (revocations, expiries, exclusions), each audited.
    pub changes: Vec<StatusChange>,
    /// Findings for the authority to decide (revocations that are not automatic).
    pub for_decision: u64,
}

/// A statistics filing or an annual report accepted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FilingReceipt {
    /// The filing id.
    pub id: i64,
    /// Jumps flagged for review.
    pub flags: Vec<workflow::filings::JumpFlag>,
    /// The earlier filing of the same period this one corrects (it then counts in its place).
    pub corrects: Option<i64>,
}

/// A subsidy granted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SubsidyRecord {
    /// Why.
    pub reason: String,
    /// In fen.
    pub amount_fen: i64,
    /// The article.
    pub cite: String,
    /// When.
    pub granted_on: Date,
}

/// An appraisal recorded.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AppraisalOutcome {
    /// The appraisal id.
    pub id: i64,
    /// The grade id.
    pub grade: String,
    /// The grade's word.
    pub grade_label: String,
    /// The total (index tables).
    pub total: Option<String>,
    /// Subsidies granted for it.
    pub subsidies: Vec<SubsidyRecord>,
    /// The full result (`makerspace.appraisal/1`).
    pub result: serde_json::Value,
}

/// A fraud finding recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FraudOutcome {
    /// The finding id.
    pub id: i64,
    /// Spaces revoked by it (per the measure's fraud revocation).
    pub revoked: Vec<StatusChange>,
}

/// An expert's conflict-of-interest record to keep.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewConflict {
    /// The expert's account.
    pub expert: i64,
    /// The organisation.
    pub org: i64,
    /// The relation.
    pub kind: workflow::review::ConflictKind,
    /// From.
    pub from: Date,
    /// Until (none: ongoing).
    pub until: Option<Date>,
    /// Details.
    pub note: String,
}
