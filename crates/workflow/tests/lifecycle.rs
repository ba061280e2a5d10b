//! The life of a recognised space under each measure, evaluated on chosen dates.

mod common;

use common::library;
use jiff::civil::date;
use workflow::case::CaseId;
use workflow::lifecycle::{AppraisalRecord, ChangeRecord, Finding, Space, evaluate};

fn space(on: jiff::civil::Date, valid_until: Option<jiff::civil::Date>) -> Space {
    Space::recognised(CaseId("c1".into()), on, valid_until)
}

fn revocations(f: &[Finding]) -> Vec<&str> {
    f.iter()
        .filter_map(|x| {
            if let Finding::Revoke { revocation, .. } = x {
                Some(revocation.as_str())
            } else {
                None
            }
        })
        .collect()
}

fn overdue(f: &[Finding]) -> Vec<(&str, jiff::civil::Date)> {
    f.iter()
        .filter_map(|x| {
            if let Finding::Overdue {
                obligation, due, ..
            } = x
            {
                Some((obligation.as_str(), *due))
            } else {
                None
            }
        })
        .collect()
}

#[test]
fn inner_mongolia_statistics_every_half_year() {
    // 001 第十七条: 每半年向自治区科技厅上报. Recognised 2023-01-10: due 2023-07-10, 2024-01-10…
    let lib = library();
    let m = lib.get("inner-mongolia-2020").unwrap();
    let mut s = space(jiff::civil::date(2023, 1, 10), None);
    s.statistics = vec![date(2023, 7, 1)];
    let f = evaluate(&lib, m, &s, date(2024, 2, 1));
    assert_eq!(overdue(&f), vec![("statistics", date(2024, 1, 10))]);
    assert!(revocations(&f).is_empty());
}

#[test]
fn inner_mongolia_two_years_without_statistics_revokes() {
    // 001 第十九条（五）: 连续两年未上报统计信息的…取消其众创空间资格.
    let lib = library();
    let m = lib.get("inner-mongolia-2020").unwrap();
    let mut s = space(date(2021, 3, 1), None);
    s.statistics = vec![date(2021, 9, 1)];
    assert!(revocations(&evaluate(&lib, m, &s, date(2023, 8, 31))).is_empty());
    assert_eq!(
        revocations(&evaluate(&lib, m, &s, date(2023, 9, 1))),
        vec!["no-statistics"]
    );
}

#[test]
fn inner_mongolia_rectification_then_pass_then_fail_twice() {
    // 001 第十九条（三）（the grade element cites its band, （二））: 不合格的限期整改，整改期为一年，整改期满仍未达到合格标准的，取消其众创空间资格.
    let lib = library();
    let m = lib.get("inner-mongolia-2020").unwrap();
    let mut s = space(date(2020, 6, 1), None);
    s.statistics = vec![date(2023, 12, 1)];
    s.appraisals = vec![AppraisalRecord {
        on: date(2023, 6, 1),
        grade: "unqualified".into(),
    }];
    let f = evaluate(&lib, m, &s, date(2023, 12, 20));
    assert!(
        f.contains(&Finding::Rectification {
            since: date(2023, 6, 1),
            until: Some(date(2024, 6, 1)),
            cite: "第十九条（二）".into()
        }),
        "{f:#?}"
    );
    // Passing after rectification: no revocation.
    s.appraisals.push(AppraisalRecord {
        on: date(2024, 6, 1),
        grade: "qualified".into(),
    });
    assert!(revocations(&evaluate(&lib, m, &s, date(2024, 6, 2))).is_empty());
    // Failing again after rectification: revocation.
    s.appraisals.pop();
    s.appraisals.push(AppraisalRecord {
        on: date(2024, 6, 1),
        grade: "unqualified".into(),
    });
    assert_eq!(
        revocations(&evaluate(&lib, m, &s, date(2024, 6, 2))),
        vec!["rectification-failed"]
    );
}

#[test]
fn inner_mongolia_blacklist_revokes_at_once_and_an_incubator_leaves_the_scope() {
    // 001 第二十条 and 第九条.
    let lib = library();
    let m = lib.get("inner-mongolia-2020").unwrap();
    let mut s = space(date(2022, 1, 1), None);
    s.statistics = vec![date(2022, 6, 30), date(2022, 12, 30)];
    s.blacklisted_on = Some(date(2023, 1, 5));
    assert_eq!(
        revocations(&evaluate(&lib, m, &s, date(2023, 1, 5))),
        vec!["blacklist"]
    );
    s.blacklisted_on = None;
    s.became = Some(("incubator".into(), date(2023, 2, 1)));
    let f = evaluate(&lib, m, &s, date(2023, 2, 1));
    assert!(
        f.iter()
            .any(|x| matches!(x, Finding::Excluded { cite, .. } if cite == "第九条")),
        "{f:#?}"
    );
}

#[test]
fn shuozhou_recognition_expires_after_three_years() {
    // 朔州 第十一条: 有效期为3年. Decided 2022-12-30: valid through 2025-12-30.
    let lib = library();
    let m = lib.get("shuozhou-2016").unwrap();
    let mut s = space(date(2022, 12, 30), Some(date(2025, 12, 30)));
    s.annual_reports = vec![
        date(2022, 12, 31),
        date(2023, 12, 20),
        date(2024, 12, 20),
        date(2025, 12, 20),
    ];
    let expired = |on| {
        evaluate(&lib, m, &s, on)
            .iter()
            .any(|f| matches!(f, Finding::Expired { .. }))
    };
    assert!(!expired(date(2025, 12, 30)));
    assert!(expired(date(2025, 12, 31)));
}

#[test]
fn shuozhou_missing_annual_report_is_overdue() {
    // 朔州 第七条: 每年年底提交年度工作报告和下一年度工作计划. 2023-12-31 is a Sunday, so the
    // last day moves to 2024-01-02 (元旦 2024-01-01), 民法典 第二百零三条.
    let lib = library();
    let m = lib.get("shuozhou-2016").unwrap();
    let s = space(date(2023, 3, 1), Some(date(2026, 3, 1)));
    assert!(overdue(&evaluate(&lib, m, &s, date(2024, 1, 2))).is_empty());
    assert_eq!(
        overdue(&evaluate(&lib, m, &s, date(2024, 1, 3))),
        vec![("annual-report", date(2023, 12, 31))]
    );
}

fn due(f: &[Finding]) -> Vec<(&str, jiff::civil::Date)> {
    f.iter()
        .filter_map(|x| match x {
            Finding::Due {
                obligation, due, ..
            } => Some((obligation.as_str(), *due)),
            _ => None,
        })
        .collect()
}

/// A duty met is no longer due: 朔州 第七条's report of the year filed in the year leaves nothing
/// due before its year's end; 内蒙古 第十七条's half-year (from recognition on 2024-03-01: due
/// 2024-09-01) filed, the next half's (2025-03-01) is what is due.
#[test]
fn a_filing_made_moves_what_is_due_on() {
    let lib = library();
    let m = lib.get("shuozhou-2016").unwrap();
    let mut s = space(date(2023, 3, 1), Some(date(2026, 3, 1)));
    let on = date(2024, 6, 1);
    assert!(due(&evaluate(&lib, m, &s, on)).contains(&("annual-report", date(2024, 12, 31))));
    s.annual_reports = vec![date(2024, 5, 20)];
    assert!(
        due(&evaluate(&lib, m, &s, on))
            .iter()
            .all(|(o, _)| *o != "annual-report")
    );

    let m = lib.get("inner-mongolia-2020").unwrap();
    let mut s = space(date(2024, 3, 1), None);
    let on = date(2024, 6, 1);
    assert!(due(&evaluate(&lib, m, &s, on)).contains(&("statistics", date(2024, 9, 1))));
    s.statistics = vec![date(2024, 5, 31)];
    let findings = evaluate(&lib, m, &s, on);
    let now_due = due(&findings);
    assert!(
        now_due.contains(&("statistics", date(2025, 3, 1))),
        "{now_due:?}"
    );
    assert!(
        !now_due.contains(&("statistics", date(2024, 9, 1))),
        "{now_due:?}"
    );
}

#[test]
fn anshan_change_report_within_three_months() {
    // 鞍山 第八条: 需在3个月内向市科技局报告. Moved on 2024-01-31: last day 2024-04-30.
    let lib = library();
    let m = lib.get("anshan-2020").unwrap();
    let mut s = space(date(2023, 1, 1), None);
    s.appraisals = vec![AppraisalRecord {
        on: date(2023, 12, 1),
        grade: "qualified".into(),
    }];
    s.changes = vec![ChangeRecord::new(
        "场地位置变更",
        date(2024, 1, 31),
        None,
        Default::default(),
    )];
    assert!(
        overdue(&evaluate(&lib, m, &s, date(2024, 4, 30)))
            .iter()
            .all(|(o, _)| *o != "change-report")
    );
    assert!(
        overdue(&evaluate(&lib, m, &s, date(2024, 5, 1)))
            .contains(&("change-report", date(2024, 4, 30)))
    );
    s.changes[0].reported_on = Some(date(2024, 4, 29));
    assert!(
        overdue(&evaluate(&lib, m, &s, date(2024, 5, 1)))
            .iter()
            .all(|(o, _)| *o != "change-report")
    );
    // Reported on 2024-05-02, after its last day: no longer overdue, kept as filed late.
    s.changes[0].reported_on = Some(date(2024, 5, 2));
    let findings = evaluate(&lib, m, &s, date(2024, 6, 1));
    assert!(
        overdue(&findings)
            .iter()
            .all(|(o, _)| *o != "change-report")
    );
    assert!(
        findings.iter().any(|f| matches!(f,
            Finding::FiledLate { obligation, due, filed_on, .. }
                if obligation == "change-report"
                    && *due == date(2024, 4, 30)
                    && *filed_on == date(2024, 5, 2))),
        "{findings:?}"
    );
}

/// 新疆 第六条第10项 (按照自治区科技厅的要求上报统计数据) is a statistics filing on the bureau's
/// request, not a change report: an unreported change is no statistics duty (it was one when
/// obligations were matched to filings by their ids).
#[test]
fn xinjiang_statistics_on_request_is_not_a_change_report() {
    let lib = library();
    let m = lib.get("xinjiang-2019").unwrap();
    let mut s = space(date(2023, 1, 1), None);
    s.changes = vec![ChangeRecord::new(
        "场地位置变更",
        date(2024, 1, 31),
        None,
        Default::default(),
    )];
    let findings = evaluate(&lib, m, &s, date(2024, 5, 1));
    let statistics: Vec<&Finding> = findings
        .iter()
        .filter(|f| {
            matches!(f, Finding::Due { obligation, .. } | Finding::Overdue { obligation, .. }
                if obligation == "statistics")
        })
        .collect();
    assert!(statistics.is_empty(), "{statistics:?}");
}

#[test]
fn two_consecutive_failures_revoke_in_anshan_and_xinjiang() {
    // 鞍山 第七条: 连续2年度不合格的取消其众创空间资格; 新疆 第十二条: 连续2次考核评价不合格.
    let lib = library();
    for id in ["anshan-2020", "xinjiang-2019"] {
        let m = lib.get(id).unwrap();
        let mut s = space(date(2021, 1, 1), None);
        s.appraisals = vec![
            AppraisalRecord {
                on: date(2022, 12, 1),
                grade: "unqualified".into(),
            },
            AppraisalRecord {
                on: date(2023, 12, 1),
                grade: "qualified".into(),
            },
            AppraisalRecord {
                on: date(2024, 12, 1),
                grade: "unqualified".into(),
            },
        ];
        assert!(
            revocations(&evaluate(&lib, m, &s, date(2024, 12, 2))).is_empty(),
            "{id}: not consecutive"
        );
        s.appraisals.push(AppraisalRecord {
            on: date(2025, 12, 1),
            grade: "unqualified".into(),
        });
        assert_eq!(
            revocations(&evaluate(&lib, m, &s, date(2025, 12, 2))),
            vec!["consecutive-failures"],
            "{id}"
        );
    }
}

#[test]
fn fraud_revokes_in_shuozhou() {
    // 朔州 第九条: 对于提供虚假材料，骗取认定的，取消其相应资格.
    let lib = library();
    let m = lib.get("shuozhou-2016").unwrap();
    let mut s = space(date(2023, 1, 1), Some(date(2026, 1, 1)));
    s.fraud_found_on = Some(date(2024, 5, 1));
    assert_eq!(
        revocations(&evaluate(&lib, m, &s, date(2024, 5, 1))),
        vec!["fraud"]
    );
}
