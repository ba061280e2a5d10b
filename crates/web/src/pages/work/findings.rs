//! A finding of the lifecycle engine in words (due, overdue, filed late, rectification,
//! expiry, exclusion, revocation), for the workbench's pages and the API alike.

use serde::Serialize;
use workflow::lifecycle::Finding;

/// A finding as a row: what, the date concerned, the article, whether it needs attention.
#[derive(Debug, Clone, Serialize)]
pub struct FindingView {
    /// 到期、逾期、整改、届满、移出、取消资格.
    pub kind: &'static str,
    /// What it is about.
    pub text: String,
    /// The date concerned.
    pub date: Option<String>,
    /// The article.
    pub cite: String,
    /// Overdue, or a ground for revocation.
    pub alert: bool,
}

/// A finding in words.
/// The measure's appraisal (the authority's own act, not a filing of the space) is shown as an
/// appraisal to make, not a filing awaited: `appraisal` is its id.
pub fn finding_view(f: &Finding, appraisal: Option<&str>) -> FindingView {
    let appraises = |obligation: &str| appraisal == Some(obligation);
    match f {
        Finding::Due {
            obligation,
            label,
            due,
            cite,
        } => FindingView {
            kind: if appraises(obligation) {
                "待考核"
            } else {
                "待报送"
            },
            text: format!("{label}，{due} 前"),
            date: Some(due.to_string()),
            cite: cite.clone(),
            alert: false,
        },
        Finding::Overdue {
            obligation,
            label,
            due,
            cite,
        } => FindingView {
            kind: "逾期",
            text: if appraises(obligation) {
                format!("{label}：应于 {due} 前进行，尚未进行")
            } else {
                format!("{label}：应于 {due} 前报送，未报送")
            },
            date: Some(due.to_string()),
            cite: cite.clone(),
            alert: true,
        },
        Finding::FiledLate {
            label,
            due,
            filed_on,
            cite,
            ..
        } => FindingView {
            kind: "逾期报告",
            text: format!("{label}：应于 {due} 前报送，{filed_on} 报送"),
            date: Some(filed_on.to_string()),
            cite: cite.clone(),
            alert: false,
        },
        Finding::ReviewDue {
            label,
            reported_on,
            cite,
            ..
        } => FindingView {
            kind: "待审核",
            text: format!("{label}（{reported_on} 报告）"),
            date: Some(reported_on.to_string()),
            cite: cite.clone(),
            alert: false,
        },
        Finding::Rectification { since, until, cite } => FindingView {
            kind: "整改",
            text: match until {
                Some(u) => format!("{since} 考核不合格，限期整改至 {u}"),
                None => format!("{since} 考核不合格，限期整改（办法未规定整改期）"),
            },
            date: until.map(|u| u.to_string()),
            cite: cite.clone(),
            alert: true,
        },
        Finding::Expired { on, cite } => FindingView {
            kind: "届满",
            text: format!("认定有效期至 {on} 届满"),
            date: Some(on.to_string()),
            cite: cite.clone(),
            alert: true,
        },
        Finding::Excluded { cite, reason } => FindingView {
            kind: "移出",
            text: reason.clone(),
            date: None,
            cite: cite.clone(),
            alert: true,
        },
        Finding::Revoke {
            label,
            automatic,
            cite,
            reason,
            ..
        } => FindingView {
            kind: if *automatic {
                "取消资格"
            } else {
                "待决定取消"
            },
            text: format!("{label}：{reason}"),
            date: None,
            cite: cite.clone(),
            alert: true,
        },
    }
}
