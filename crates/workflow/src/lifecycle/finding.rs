//! What the lifecycle engine finds, each citing the policy element it follows.

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

/// One finding on a date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Finding {
    /// An obligation falls due soon (the next due date).
    Due {
        /// The obligation id.
        obligation: String,
        /// Its label.
        label: String,
        /// The due date.
        due: Date,
        /// The article.
        cite: String,
    },
    /// An obligation is overdue.
    Overdue {
        /// The obligation id.
        obligation: String,
        /// Its label.
        label: String,
        /// The due date that passed.
        due: Date,
        /// The article.
        cite: String,
    },
    /// An obligation met after its last day (a change reported late): no longer open, kept as
    /// a fact the authority may weigh.
    FiledLate {
        /// The obligation id.
        obligation: String,
        /// Its label.
        label: String,
        /// The last day it was due.
        due: Date,
        /// The day it was met.
        filed_on: Date,
        /// The article.
        cite: String,
    },
    /// A reported change awaits the authority's review (鞍山 第八条: 经市科技局审核后…). The
    /// authority's to act on; the measure sets no period, so it never falls overdue.
    ReviewDue {
        /// The review id.
        review: String,
        /// The review's label and what changed.
        label: String,
        /// The day the change was reported.
        reported_on: Date,
        /// The article.
        cite: String,
    },
    /// A failing appraisal opened rectification until this day.
    Rectification {
        /// The appraisal date.
        since: Date,
        /// The last day, where the measure sets a period.
        until: Option<Date>,
        /// The article.
        cite: String,
    },
    /// The validity ended.
    Expired {
        /// The last valid day.
        on: Date,
        /// The article.
        cite: String,
    },
    /// The space leaves the measure's scope.
    Excluded {
        /// The article.
        cite: String,
        /// Why.
        reason: String,
    },
    /// A ground for revocation holds.
    Revoke {
        /// The revocation id.
        revocation: String,
        /// Its label.
        label: String,
        /// Automatic, or for the authority to decide.
        automatic: bool,
        /// The article.
        cite: String,
        /// Its text.
        quote: String,
        /// Why it holds.
        reason: String,
    },
}
