//! Rectification answers (整改报告): 内蒙古 第十九条（三） “考核结果为不合格的限期整改，整改期为
//! 一年”. The space's own applicant files before the period ends; everyone else, an empty
//! report, a space not under rectification and a day after the period are refused, changing
//! nothing.

use casework::CaseworkError;
use casework::rectification::RectificationError;
use jiff::ToSpan;
use jiff::civil::{Date, date};

use crate::world::World;
use testkit::TestDb;
use testkit::both_backends;

both_backends!(
    a_report_within_the_period_is_kept_with_its_attachment_and_audited,
    a_report_after_the_period_is_refused_with_the_date,
    only_the_spaces_own_organisation_files_and_only_under_rectification,
);

const MEASURE: &str = "inner-mongolia-2020";

fn pdf() -> Vec<u8> {
    b"%PDF-1.4\nrectification\n%%EOF".to_vec()
}

/// An Inner Mongolia space appraised 不合格 on `on` (an empty index input scores the lowest
/// band, 第十九条（二） “50分以下为不合格”): (space, its applicant).
async fn failing(w: &World, on: Date) -> (i64, i64) {
    let (space, _, acc, _) = w.recognised(MEASURE, "150102").await;
    let out =
        w.cw.record_appraisal(space, w.authority, on, &serde_json::json!({}))
            .await
            .unwrap();
    assert_eq!(out.grade, "unqualified");
    (space, acc)
}

async fn reports(w: &World, space: i64) -> usize {
    w.cw.filings_of(space)
        .await
        .unwrap()
        .iter()
        .filter(|f| f.kind == "rectification_report")
        .count()
}

async fn a_report_within_the_period_is_kept_with_its_attachment_and_audited(db: TestDb) {
    let w = World::new(&db).await;
    let appraised = date(2025, 3, 3);
    let (space, acc) = failing(&w, appraised).await;
    let r =
        w.cw.file_rectification(
            space,
            acc,
            "  已补充专职服务人员，完善创业辅导制度。 ",
            Some((pdf(), "整改报告.pdf".into())),
            date(2025, 9, 1),
        )
        .await
        .unwrap();
    assert_eq!(r.since, appraised);
    // 整改期为一年: the last day is a year on (moved off a rest day where it falls on one).
    let last = r.until.expect("第十九条（三） sets a period");
    assert!(
        last >= date(2026, 3, 3) && last <= date(2026, 3, 10),
        "{last}"
    );
    let att = r.attachment.expect("attachment kept");
    let a = store::attachment::get(w.store().db(), att).await.unwrap();
    assert_eq!(a.original_name, "整改报告.pdf");
    assert_eq!(reports(&w, space).await, 1);
    let trail = store::audit::trail(w.store().db(), "space", &space.to_string())
        .await
        .unwrap();
    let e = trail
        .iter()
        .find(|e| e.action == "file_rectification")
        .expect("audited");
    assert_eq!(e.actor.id, acc.to_string());
    assert!(
        e.reason
            .as_deref()
            .unwrap_or_default()
            .contains("整改报告.pdf")
    );
    // A second report within the period is kept as well (a fuller answer).
    w.cw.file_rectification(space, acc, "补充说明", None, date(2025, 10, 1))
        .await
        .unwrap();
    assert_eq!(reports(&w, space).await, 2);
    w.chain().await;
}

async fn a_report_after_the_period_is_refused_with_the_date(db: TestDb) {
    let w = World::new(&db).await;
    let (space, acc) = failing(&w, date(2025, 3, 3)).await;
    // The last day, as the service computes it (a year on, off a rest day).
    let ok =
        w.cw.file_rectification(space, acc, "整改完成", None, date(2025, 3, 4))
            .await
            .unwrap();
    let last = ok.until.unwrap();
    w.cw.file_rectification(space, acc, "最后一天仍可提交", None, last)
        .await
        .unwrap();
    let before = reports(&w, space).await;
    let late = last.checked_add(1.day()).unwrap();
    let e =
        w.cw.file_rectification(space, acc, "逾期提交", None, late)
            .await
            .unwrap_err();
    match &e {
        CaseworkError::Rectification(RectificationError::PeriodEnded { until, cite, on }) => {
            assert_eq!(*until, last);
            assert_eq!(*on, late);
            assert!(cite.starts_with("第十九条"), "{cite}");
        }
        other => panic!("{other:?}"),
    }
    let text = e.to_string();
    assert!(text.contains(&last.to_string()), "{text}");
    assert!(text.contains("第十九条"), "{text}");
    assert_eq!(reports(&w, space).await, before);
    w.chain().await;
}

async fn only_the_spaces_own_organisation_files_and_only_under_rectification(db: TestDb) {
    let w = World::new(&db).await;
    let (space, acc) = failing(&w, date(2025, 3, 3)).await;
    let (_, stranger) = w.applicant("150102").await;
    let on = date(2025, 4, 1);
    let e =
        w.cw.file_rectification(space, stranger, "冒名提交", None, on)
            .await
            .unwrap_err();
    assert!(matches!(e, CaseworkError::Forbidden { .. }), "{e:?}");
    let e =
        w.cw.file_rectification(space, w.authority, "代为提交", None, on)
            .await
            .unwrap_err();
    assert!(matches!(e, CaseworkError::Forbidden { .. }), "{e:?}");
    let e =
        w.cw.file_rectification(space, acc, "   ", Some((pdf(), "a.pdf".into())), on)
            .await
            .unwrap_err();
    assert!(
        matches!(
            e,
            CaseworkError::Rectification(RectificationError::EmptyText)
        ),
        "{e:?}"
    );
    assert!(e.to_string().contains("text"));
    assert_eq!(reports(&w, space).await, 0);
    // A space whose last appraisal passed is not under rectification.
    let (other, _, other_acc, _) = w.recognised(MEASURE, "150102").await;
    let e =
        w.cw.file_rectification(other, other_acc, "无需整改", None, on)
            .await
            .unwrap_err();
    assert!(
        matches!(
            e,
            CaseworkError::Rectification(RectificationError::NotUnderRectification { .. })
        ),
        "{e:?}"
    );
    assert_eq!(reports(&w, other).await, 0);
    w.chain().await;
}
