//! Conflict-of-interest records of an expert and how they weigh (鞍山 第九条 sanctions
//! 徇私舞弊、有违公平公正 in review: the system prevents it at assignment).

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::actor::OrgId;

/// The kind of relation between an expert and an applicant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ConflictKind {
    /// Employed by the applicant (任职).
    Employer,
    /// Holds shares in the applicant (持股).
    Shareholding,
    /// A close relative works for or owns the applicant (近亲属).
    Family,
    /// Earlier collaboration with the applicant (合作).
    Collaboration,
}

impl ConflictKind {
    /// The Chinese name.
    pub fn label(self) -> &'static str {
        match self {
            Self::Employer => "任职",
            Self::Shareholding => "持股",
            Self::Family => "近亲属关系",
            Self::Collaboration => "合作关系",
        }
    }
}

/// One declared or recorded relation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Conflict {
    /// The kind.
    pub kind: ConflictKind,
    /// With which organisation.
    pub org: OrgId,
    /// From.
    pub from: Date,
    /// Until (none: ongoing).
    pub until: Option<Date>,
    /// Details.
    pub note: String,
}

/// How a relation weighs on a review date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// Refuses the assignment.
    Hard,
    /// Needs the authority's recorded clearance.
    Soft,
}

/// The weightiest relation an expert has with `applicant` on `on`, if any: a current
/// employment, shareholding or family tie is hard; any other relation, or a past one, is soft.
/// (These are the system's rules of fair review, not numbers of any measure.)
pub fn assess<'a>(
    conflicts: &'a [Conflict],
    applicant: &OrgId,
    on: Date,
) -> Option<(Severity, &'a Conflict)> {
    let relevant = conflicts
        .iter()
        .filter(|c| &c.org == applicant && c.from <= on);
    let mut worst: Option<(Severity, &Conflict)> = None;
    for c in relevant {
        let current = c.until.is_none_or(|u| u >= on);
        let severity = match c.kind {
            ConflictKind::Employer | ConflictKind::Shareholding | ConflictKind::Family
                if current =>
            {
                Severity::Hard
            }
            _ => Severity::Soft,
        };
        if worst.is_none_or(|(s, _)| s == Severity::Soft && severity == Severity::Hard) {
            worst = Some((severity, c));
        }
    }
    worst
}
