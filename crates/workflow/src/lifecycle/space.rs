//! A recognised space and its records.

use std::collections::BTreeMap;

use jiff::civil::Date;
use policy::model::FilingKind;
use serde::{Deserialize, Serialize};

use crate::case::CaseId;

/// Where a recognised space stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SpaceStatus {
    /// On the register.
    Active,
    /// Recognition revoked.
    Revoked,
    /// Validity ended without re-recognition.
    Expired,
    /// Left the scope (recognised as an incubator…).
    Excluded,
}

/// An appraisal result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AppraisalRecord {
    /// When.
    pub on: Date,
    /// The grade id of the measure.
    pub grade: String,
}

/// A material change and its report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChangeRecord {
    /// What changed.
    pub what: String,
    /// When it happened.
    pub occurred_on: Date,
    /// When it was reported, if it was.
    pub reported_on: Option<Date>,
    /// The authority's review of it, where the measure has one (鞍山 第八条).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub review: Option<ChangeReview>,
    /// The facts as they stand after the change (fact name → value as the profile writes it),
    /// where the report gave them: what the authority checks against the measure again.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub facts: BTreeMap<String, serde_json::Value>,
    /// Passed on to the authority by the body of the space's area, where the measure routes
    /// reports through one (内蒙古 第十七条: 通过所属地管理部门…报备).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub forwarded: Option<Forwarded>,
}

/// A report passed on (转报).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Forwarded {
    /// The day.
    pub on: Date,
    /// The forwarding body's opinion, if it gave one.
    pub note: String,
}

impl ChangeRecord {
    /// A change as reported or noted, not yet reviewed.
    pub fn new(
        what: impl Into<String>,
        occurred_on: Date,
        reported_on: Option<Date>,
        facts: BTreeMap<String, serde_json::Value>,
    ) -> Self {
        Self {
            what: what.into(),
            occurred_on,
            reported_on,
            review: None,
            facts,
            forwarded: None,
        }
    }

    /// Whether it waits to be passed on (`forwarded_by_measure`: the measure routes reports
    /// through the body of the space's area): reported, not yet forwarded.
    pub fn awaiting_forwarding(&self, forwarded_by_measure: bool) -> bool {
        forwarded_by_measure && self.reported_on.is_some() && self.forwarded.is_none()
    }

    /// Whether it waits for the authority's review: the measure has one (`reviewed`), the
    /// operator reported the change and nobody has decided. (A change the authority noted and
    /// the operator has not reported may be reviewed, but is not waiting: its report is.)
    pub fn awaiting_review(&self, reviewed: bool) -> bool {
        reviewed && self.review.is_none() && self.reported_on.is_some()
    }
}

/// The authority's review of a reported change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChangeReview {
    /// The day decided.
    pub on: Date,
    /// Agreed (同意变更), or refused (the space then revoked on the measure's ground).
    pub agreed: bool,
    /// The reviewer's facts and reasons.
    pub note: String,
    /// The measure's conditions checked again on the facts after the change, as the reviewer
    /// saw them when deciding (none where the change gave no facts or the space has no
    /// application on record). `declared` is the record before the change, `measured` after.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recheck: Option<crate::review::Recheck>,
}

/// A recognised space.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Space {
    /// The case that recognised it.
    pub case: CaseId,
    /// The day of the decision.
    pub recognised_on: Date,
    /// The last day of validity, where the measure sets one.
    pub valid_until: Option<Date>,
    /// Status.
    pub status: SpaceStatus,
    /// Statistics filings (dates filed).
    pub statistics: Vec<Date>,
    /// Annual reports (dates filed).
    pub annual_reports: Vec<Date>,
    /// Material changes.
    pub changes: Vec<ChangeRecord>,
    /// Appraisals, oldest first.
    pub appraisals: Vec<AppraisalRecord>,
    /// Listed as seriously dishonest / abnormal, or a major accident (001 第二十条), on this day.
    pub blacklisted_on: Option<Date>,
    /// Fraud found on this day.
    pub fraud_found_on: Option<Date>,
    /// Recognised as another carrier (incubator…), by choice id, on this day.
    pub became: Option<(String, Date)>,
    /// The authority's record behind `blacklisted_on`: which list, who listed, the document.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub blacklisting: Option<OfficialRecord>,
    /// The authority's record behind `became`: who recognised it, the document.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub became_record: Option<OfficialRecord>,
    /// Filings the authority asked for, where the measure sets no cadence of its own (新疆
    /// 第六条第10项: 按照自治区科技厅的要求上报统计数据).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub requests: Vec<FilingRequest>,
}

/// A filing the authority asked a space for: which, for what period, by when; answered by the
/// first filing of that kind and period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FilingRequest {
    /// The kind of filing asked for.
    pub kind: FilingKind,
    /// The period the filing is to cover (`2025`, `2025H2`…).
    pub period: String,
    /// The day asked.
    pub requested_on: Date,
    /// The last day to file.
    pub deadline: Date,
    /// The day it was answered.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub answered_on: Option<Date>,
    /// Withdrawn by the authority before it was answered (a request sent in error, or to be
    /// sent again with another deadline): no longer owed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub withdrawn: Option<Withdrawal>,
}

/// The authority's withdrawal of a request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Withdrawal {
    /// The day withdrawn.
    pub on: Date,
    /// Why.
    pub reason: String,
}

impl FilingRequest {
    /// Whether it is still owed: neither answered nor withdrawn.
    pub fn is_open(&self) -> bool {
        self.answered_on.is_none() && self.withdrawn.is_none()
    }

    /// Whether it was owed at all: not withdrawn (a withdrawn request is no duty, met or not).
    pub fn stands(&self) -> bool {
        self.withdrawn.is_none()
    }
}

impl Space {
    /// The days it filed the filings of a kind that come by date: statistics and annual reports
    /// (a change report answers its change, in [`Space::changes`]).
    pub fn filed_on(&self, kind: FilingKind) -> &[Date] {
        match kind {
            FilingKind::Statistics => &self.statistics,
            FilingKind::AnnualReport => &self.annual_reports,
            FilingKind::ChangeReport => &[],
        }
    }
}

/// The authority's record of another body's decision about a space (a listing on a blacklist,
/// a recognition as an incubator), kept with the space so the page and the audit show its
/// source.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OfficialRecord {
    /// What was decided: the measure's list id, or the category's choice id.
    pub what: String,
    /// The body that decided it (列入机关, 认定机关).
    pub by: String,
    /// Its document number, where there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub document: Option<String>,
    /// The facts as the authority wrote them.
    pub reason: String,
    /// An attachment with the evidence.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evidence: Option<i64>,
    /// The day the authority recorded it.
    pub recorded_on: Date,
}

impl Space {
    /// A newly recognised space.
    pub fn recognised(case: CaseId, on: Date, valid_until: Option<Date>) -> Self {
        Self {
            case,
            recognised_on: on,
            valid_until,
            status: SpaceStatus::Active,
            statistics: Vec::new(),
            annual_reports: Vec::new(),
            changes: Vec::new(),
            appraisals: Vec::new(),
            blacklisted_on: None,
            fraud_found_on: None,
            became: None,
            blacklisting: None,
            became_record: None,
            requests: Vec::new(),
        }
    }
}
