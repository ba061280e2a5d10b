//! The life of a recognised space through the service: the tick records findings once and
//! applies the measure's consequences, each audited with its article; filings, appraisals with
//! subsidies, fraud.

use std::collections::BTreeMap;

use casework::CaseworkError;
use jiff::civil::{Date, date};
use policy::model::FilingKind;
use rust_decimal::Decimal;
use workflow::lifecycle::{Finding, SpaceStatus};

use crate::world::World;
use testkit::TestDb;
use testkit::both_backends;

both_backends!(
    an_overdue_change_report_is_flagged_once,
    two_consecutive_failing_appraisals_revoke,
    shuozhou_recognition_expires_after_three_years,
    fraud_revokes_a_shuozhou_space_at_once,
    statistics_are_refused_with_field_errors_and_flags_kept,
    an_index_table_appraisal_grants_its_subsidy_in_fen,
    an_empty_change_report_is_refused_and_changes_nothing,
    a_filing_the_measure_does_not_ask_for_is_refused,
    a_second_report_for_one_year_corrects_the_first_and_counts_for_that_year_only,
    jumps_are_measured_against_the_period_before,
);

async fn jumps_are_measured_against_the_period_before(db: TestDb) {
    // 内蒙古 第十七条: 每半年上报. A correction of an earlier half is not the baseline of the next.
    let w = World::new(&db).await;
    let (space, _, acc, _) = w.recognised("inner-mongolia-2020", "150102").await;
    let on = date(2025, 2, 1);
    let with_residents = |n: i64| {
        let mut f = good();
        f.insert("residents.current".into(), Decimal::from(n));
        f
    };
    w.cw.file_statistics(space, acc, "2024H1", &with_residents(24), on)
        .await
        .unwrap();
    let h2 =
        w.cw.file_statistics(space, acc, "2024H2", &with_residents(80), on)
            .await
            .unwrap();
    assert_eq!(h2.flags.len(), 1, "24 → 80 is a jump");
    let fix =
        w.cw.file_statistics(space, acc, "2024H1", &with_residents(25), on)
            .await
            .unwrap();
    assert!(fix.corrects.is_some());
    // 2025H1 after 2024H2's 80: 82 is no jump (against the corrected 2024H1's 25 it would be).
    let next =
        w.cw.file_statistics(space, acc, "2025H1", &with_residents(82), on)
            .await
            .unwrap();
    assert!(next.flags.is_empty(), "{:?}", next.flags);
}

async fn a_second_report_for_one_year_corrects_the_first_and_counts_for_that_year_only(db: TestDb) {
    // 朔州 第七条: 每年年底提交年度工作报告. A second report for a year corrects the first; filed
    // in the next year, it is not that next year's report.
    let w = World::new(&db).await;
    let (space, _, acc, decided) = w.recognised("shuozhou-2016", "140602").await;
    let y = decided.year();
    let report = |text: &str| serde_json::json!({ "report": text, "plan": "下一年度计划" });
    let first =
        w.cw.file_annual_report(space, acc, y, &report("初报"), date(y, 12, 20))
            .await
            .unwrap();
    assert_eq!(first.corrects, None);
    let second =
        w.cw.file_annual_report(
            space,
            acc,
            y,
            &report("更正：活动场次应为 32 场"),
            date(y + 1, 3, 2),
        )
        .await
        .unwrap();
    assert_eq!(second.corrects, Some(first.id));
    let filings = w.cw.filings_of(space).await.unwrap();
    let of = |id: i64| filings.iter().find(|f| f.id == id).unwrap();
    assert_eq!(of(first.id).corrected_by, Some(second.id));
    assert_eq!(of(second.id).corrects, Some(first.id));
    assert_eq!(
        w.cw.filing_of(space, first.id).await.unwrap().corrected_by,
        Some(second.id)
    );
    // One report day kept, the first's: the year is answered once.
    assert_eq!(
        w.cw.space(space).await.unwrap().space.annual_reports,
        [date(y, 12, 20)]
    );
    let trail = store::audit::trail(w.store().db(), "space", &space.to_string())
        .await
        .unwrap();
    assert!(
        trail.iter().any(|e| e
            .reason
            .as_deref()
            .is_some_and(|r| r.starts_with(&format!("更正 {y} 年度工作报告"))
                && r.contains(&format!("替代报送 {}", first.id)))),
        "{trail:?}"
    );
    // The next year's report was never filed: overdue after its year end.
    w.cw.tick(date(y + 2, 1, 10)).await.unwrap();
    let overdue: Vec<Date> =
        w.cw.findings(space)
            .await
            .unwrap()
            .into_iter()
            .filter_map(|f| match f.finding {
                Finding::Overdue {
                    obligation, due, ..
                } if obligation == "annual-report" => Some(due),
                _ => None,
            })
            .collect();
    assert_eq!(overdue, [date(y + 1, 12, 31)]);
}

async fn a_filing_the_measure_does_not_ask_for_is_refused(db: TestDb) {
    // 鞍山 asks only for change reports (第八条); it has no statistics duty and no annual
    // report. 内蒙古 asks for statistics (第十七条) and changes, no annual report.
    let w = World::new(&db).await;
    let (anshan, _, an_acc, on) = w.recognised("anshan-2020", "210302").await;
    let (im, _, im_acc, im_on) = w.recognised("inner-mongolia-2020", "150102").await;
    let before = (
        w.cw.space(anshan).await.unwrap(),
        w.cw.space(im).await.unwrap(),
    );
    let chain = w.chain().await;
    let year = on.year();
    let refusals = [
        w.cw.file_statistics(anshan, an_acc, &format!("{year}H2"), &good(), on)
            .await
            .unwrap_err(),
        w.cw.file_annual_report(anshan, an_acc, year, &serde_json::json!({}), on)
            .await
            .unwrap_err(),
        w.cw.file_annual_report(im, im_acc, im_on.year(), &serde_json::json!({}), im_on)
            .await
            .unwrap_err(),
    ];
    for (err, kind, title) in [
        (
            &refusals[0],
            FilingKind::Statistics,
            "鞍山市众创空间备案管理办法",
        ),
        (
            &refusals[1],
            FilingKind::AnnualReport,
            "鞍山市众创空间备案管理办法",
        ),
        (
            &refusals[2],
            FilingKind::AnnualReport,
            "内蒙古自治区众创空间管理办法",
        ),
    ] {
        assert!(
            matches!(err, CaseworkError::FilingNotAsked { kind: k, title: t } if *k == kind && t.contains(title)),
            "{err:?}"
        );
        assert!(err.to_string().contains("未规定众创空间报送"), "{err}");
    }
    assert_eq!(
        (
            w.cw.space(anshan).await.unwrap(),
            w.cw.space(im).await.unwrap()
        ),
        before
    );
    assert_eq!(w.chain().await, chain);
}

async fn an_empty_change_report_is_refused_and_changes_nothing(db: TestDb) {
    // 鞍山 第八条: a change report names what changed; a blank one is no report.
    let w = World::new(&db).await;
    let (space, _, acc, _) = w.recognised("anshan-2020", "210302").await;
    let before = w.cw.space(space).await.unwrap();
    let err =
        w.cw.report_change(
            space,
            acc,
            "  ",
            &Default::default(),
            date(2024, 1, 31),
            date(2024, 2, 1),
        )
        .await
        .unwrap_err();
    assert!(err.to_string().contains("重大事项变更内容"), "{err}");
    assert_eq!(w.cw.space(space).await.unwrap(), before);
}

async fn an_overdue_change_report_is_flagged_once(db: TestDb) {
    // 鞍山 第八条: 需在3个月内向市科技局报告. Moved on 2024-04-30 (after the 备案 of
    // 2024-03-16): last day 2024-07-30, a Tuesday.
    let w = World::new(&db).await;
    let (space, _, _, recognised) = w.recognised("anshan-2020", "210302").await;
    assert!(recognised < date(2024, 4, 30));
    w.cw.note_change(
        space,
        w.authority,
        "场地位置变更",
        &Default::default(),
        date(2024, 4, 30),
    )
    .await
    .unwrap();
    let overdue = |fs: &[casework::FindingRecord]| {
        fs.iter()
            .filter(|f| {
                matches!(&f.finding, Finding::Overdue { obligation, .. } if obligation == "change-report")
            })
            .count()
    };
    w.cw.tick(date(2024, 7, 30)).await.unwrap();
    assert_eq!(overdue(&w.cw.findings(space).await.unwrap()), 0);
    let first = w.cw.tick(date(2024, 7, 31)).await.unwrap();
    assert!(first.new_findings >= 1, "{first:?}");
    let fs = w.cw.findings(space).await.unwrap();
    assert_eq!(overdue(&fs), 1);
    let again = w.cw.tick(date(2024, 7, 31)).await.unwrap();
    assert_eq!(again.new_findings, 0, "{again:?}");
    w.cw.tick(date(2024, 8, 1)).await.unwrap();
    assert_eq!(overdue(&w.cw.findings(space).await.unwrap()), 1);
    assert_eq!(w.cw.space(space).await.unwrap().status, SpaceStatus::Active);
    w.chain().await;
}

async fn two_consecutive_failing_appraisals_revoke(db: TestDb) {
    // 鞍山 第七条: 连续2年度不合格的取消其众创空间资格.
    let w = World::new(&db).await;
    let (space, _, _, _) = w.recognised("anshan-2020", "210302").await;
    let grade = |g: &str| serde_json::json!({ "grade": g });
    w.cw.record_appraisal(space, w.authority, date(2024, 12, 1), &grade("unqualified"))
        .await
        .unwrap();
    let t = w.cw.tick(date(2024, 12, 2)).await.unwrap();
    assert!(t.changes.is_empty(), "{t:?}");
    w.cw.record_appraisal(space, w.authority, date(2025, 12, 1), &grade("不合格"))
        .await
        .unwrap();
    let t = w.cw.tick(date(2025, 12, 2)).await.unwrap();
    assert_eq!(t.changes.len(), 1, "{t:?}");
    assert_eq!(t.changes[0].status, SpaceStatus::Revoked);
    assert_eq!(t.changes[0].cite, "第七条");
    let s = w.cw.space(space).await.unwrap();
    assert_eq!(s.status, SpaceStatus::Revoked);
    let trail = store::audit::trail(w.store().db(), "space", &space.to_string())
        .await
        .unwrap();
    let revoke = trail
        .iter()
        .find(|e| e.action == "revoke")
        .expect("audited");
    assert_eq!(revoke.actor.id, "system");
    assert!(
        revoke.reason.as_deref().unwrap().contains("第七条"),
        "{revoke:?}"
    );
    // A revoked space is no longer evaluated, and cannot file; its findings stay as recorded
    // (not evaluating a space is not a finding resolved).
    let t = w.cw.tick(date(2025, 12, 3)).await.unwrap();
    assert!(t.changes.is_empty());
    assert_eq!(t.resolved, 0, "{t:?}");
    let fs = w.cw.findings(space).await.unwrap();
    assert!(
        fs.iter()
            .any(|f| matches!(f.finding, Finding::Revoke { .. }))
    );
    assert!(fs.iter().all(|f| f.resolved_on.is_none()), "{fs:?}");
    assert!(matches!(
        w.cw.record_appraisal(space, w.authority, date(2026, 1, 1), &grade("qualified"))
            .await,
        Err(CaseworkError::SpaceNotActive { .. })
    ));
    w.chain().await;
}

async fn shuozhou_recognition_expires_after_three_years(db: TestDb) {
    // 朔州 第十一条: 有效期为3年.
    let w = World::new(&db).await;
    let (space, _, acc, decided) = w.recognised("shuozhou-2016", "140602").await;
    for y in decided.year()..decided.year() + 3 {
        w.cw.file_annual_report(
            space,
            acc,
            y,
            &serde_json::json!({ "summary": "年度工作" }),
            date(y, 12, 20),
        )
        .await
        .unwrap();
    }
    let until = w.cw.space(space).await.unwrap().valid_until.unwrap();
    assert_eq!(
        until,
        date(decided.year() + 3, decided.month(), decided.day())
    );
    let t = w.cw.tick(until).await.unwrap();
    assert!(t.changes.is_empty(), "{t:?}");
    let t = w.cw.tick(until.tomorrow().unwrap()).await.unwrap();
    assert_eq!(t.changes.len(), 1, "{t:?}");
    assert_eq!(t.changes[0].status, SpaceStatus::Expired);
    assert_eq!(t.changes[0].cite, "第十一条");
    assert_eq!(
        w.cw.space(space).await.unwrap().status,
        SpaceStatus::Expired
    );
    let trail = store::audit::trail(w.store().db(), "space", &space.to_string())
        .await
        .unwrap();
    assert!(trail.iter().any(
        |e| e.action == "expire" && e.reason.as_deref().is_some_and(|r| r.contains("第十一条"))
    ));
    w.chain().await;
}

async fn fraud_revokes_a_shuozhou_space_at_once(db: TestDb) {
    // 朔州 第九条: 对于提供虚假材料，骗取认定的，取消其相应资格.
    let w = World::new(&db).await;
    let (space, org, _, decided) = w.recognised("shuozhou-2016", "140602").await;
    let on = decided.tomorrow().unwrap();
    let out =
        w.cw.record_fraud(w.authority, org, on, "申报材料中的场地面积虚报", "第九条")
            .await
            .unwrap();
    assert_eq!(out.revoked.len(), 1);
    assert_eq!(out.revoked[0].cite, "第九条");
    assert_eq!(
        w.cw.space(space).await.unwrap().status,
        SpaceStatus::Revoked
    );
    w.chain().await;
}

fn filing(pairs: &[(&str, i64)]) -> BTreeMap<String, Decimal> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), Decimal::from(*v)))
        .collect()
}

pub(crate) fn good() -> BTreeMap<String, Decimal> {
    filing(&[
        ("premises.total_area_m2", 800),
        ("premises.public_area_m2", 420),
        ("premises.workstations", 60),
        ("residents.current", 24),
        ("residents.new_in_period", 6),
        ("residents.graduated_in_period", 2),
        ("staff.total_excluding_property", 8),
        ("staff.professional_incubation", 6),
        ("mentors", 5),
        ("activities.in_period", 7),
        ("growth.financed_in_period", 2),
    ])
}

async fn statistics_are_refused_with_field_errors_and_flags_kept(db: TestDb) {
    let w = World::new(&db).await;
    let (space, _, acc, decided) = w.recognised("inner-mongolia-2020", "150102").await;
    let r =
        w.cw.file_statistics(space, acc, "2024H1", &good(), decided.tomorrow().unwrap())
            .await
            .unwrap();
    assert!(r.flags.is_empty());
    let before = w.cw.space(space).await.unwrap();
    let chain = w.chain().await;
    let mut bad = good();
    bad.insert("staff.professional_incubation".into(), Decimal::from(9));
    let err =
        w.cw.file_statistics(space, acc, "2024H2", &bad, date(2024, 12, 1))
            .await
            .unwrap_err();
    assert!(
        matches!(&err, CaseworkError::FilingRefused { errors } if errors[0].field == "staff.professional_incubation"),
        "{err}"
    );
    assert!(err.to_string().contains("大于"), "{err}");
    assert_eq!(w.cw.space(space).await.unwrap(), before);
    assert_eq!(w.chain().await, chain);
    let mut jump = good();
    jump.insert("residents.current".into(), Decimal::from(80));
    let r =
        w.cw.file_statistics(space, acc, "2024H2", &jump, date(2024, 12, 1))
            .await
            .unwrap();
    assert_eq!(r.flags.len(), 1);
    assert_eq!(r.flags[0].field, "residents.current");
    assert!(
        r.flags[0]
            .message
            .contains("由上期 24 增至 80，本期超过上期的"),
        "{}",
        r.flags[0].message
    );
    assert_eq!(w.cw.space(space).await.unwrap().space.statistics.len(), 2);
    // A period that cannot be, has not begun, or ended before the recognition: refused on
    // the period, nothing kept.
    let before = w.cw.space(space).await.unwrap();
    let chain = w.chain().await;
    let last_half_before = if decided.month() <= 6 {
        format!("{}H2", decided.year() - 1)
    } else {
        format!("{}H1", decided.year())
    };
    for (period, says) in [
        ("2024Q5", "写法不对"),
        ("2025H1", "自 2025-01-01 起，尚未开始"),
        (last_half_before.as_str(), "之前，无须报送"),
    ] {
        let err =
            w.cw.file_statistics(space, acc, period, &good(), date(2024, 12, 1))
                .await
                .unwrap_err();
        assert!(
            matches!(&err, CaseworkError::FilingRefused { errors }
                if errors[0].field == "period" && errors[0].message.contains(says)),
            "{period}: {err:?}"
        );
    }
    assert_eq!(w.cw.space(space).await.unwrap(), before);
    assert_eq!(w.chain().await, chain);
    w.chain().await;
}

async fn an_index_table_appraisal_grants_its_subsidy_in_fen(db: TestDb) {
    let w = World::new(&db).await;
    let (space, _, _, _) = w.recognised("inner-mongolia-2020", "150102").await;
    // An empty input scores nothing: the lowest band.
    let out =
        w.cw.record_appraisal(space, w.authority, date(2025, 3, 1), &serde_json::json!({}))
            .await
            .unwrap();
    assert!(out.total.is_some());
    let subsidies = w.cw.subsidies(space).await.unwrap();
    assert_eq!(subsidies.len(), out.subsidies.len());
    for s in &subsidies {
        assert_eq!(s.amount_fen % 100, 0, "whole yuan in fen");
    }
    assert_eq!(w.cw.space(space).await.unwrap().space.appraisals.len(), 1);
    w.chain().await;
}
