//! 鞍山 第八条: 经市科技局审核后，符合本办法要求的，同意变更；对不符合本办法要求的，取消资格.
//! A reported change awaits the authority's review (待审核, never overdue: no period is set);
//! agreed, it stands as agreed; refused with reasons, the space is revoked on 「变化后不符合本办法
//! 要求」 in the same act. Each refusal of the review names its field and changes nothing.

use casework::CaseworkError;
use casework::change_review::ReviewError;
use jiff::civil::date;
use workflow::lifecycle::{Finding, SpaceStatus, evaluate};

use crate::world::World;
use testkit::TestDb;
use testkit::both_backends;

both_backends!(
    a_reported_change_awaits_review_and_is_agreed,
    a_change_refused_revokes_the_space_with_its_reasons,
    a_measure_without_a_review_refuses_one,
);

fn pending(w: &World, s: &casework::SpaceRecord, on: jiff::civil::Date) -> Vec<String> {
    let m = w.cw.library.get(&s.measure).unwrap();
    evaluate(&w.cw.library, m, &s.space, on)
        .into_iter()
        .filter_map(|f| match f {
            Finding::ReviewDue { label, cite, .. } => Some(format!("{label}|{cite}")),
            _ => None,
        })
        .collect()
}

async fn a_reported_change_awaits_review_and_is_agreed(db: TestDb) {
    let w = World::new(&db).await;
    let (space, _, acc, on) = w.recognised("anshan-2020", "210302").await;
    // Noted by the authority, not reported: not yet awaiting review.
    w.cw.note_change(space, w.authority, "场地位置变更", on)
        .await
        .unwrap();
    assert!(pending(&w, &w.cw.space(space).await.unwrap(), on).is_empty());
    let reported = on.tomorrow().unwrap();
    w.cw.report_change(space, acc, "场地位置变更", on, reported)
        .await
        .unwrap();
    let s = w.cw.space(space).await.unwrap();
    assert_eq!(
        pending(&w, &s, date(2030, 1, 1)),
        ["变更审核：场地位置变更|第八条"]
    );
    // The operator may not review its own change; nor a number that is not there.
    let err =
        w.cw.review_change(space, acc, 1, true, "", reported)
            .await
            .unwrap_err();
    assert!(matches!(err, CaseworkError::Forbidden { .. }), "{err:?}");
    let err =
        w.cw.review_change(space, w.authority, 2, true, "", reported)
            .await
            .unwrap_err();
    assert!(
        matches!(
            err,
            CaseworkError::Review(ReviewError::NoSuchChange { n: 2, .. })
        ),
        "{err:?}"
    );
    let err =
        w.cw.review_change(space, w.authority, 1, true, "", on)
            .await
            .unwrap_err();
    assert!(
        matches!(&err, CaseworkError::Review(e @ ReviewError::BeforeReport { .. }) if e.field() == "on"),
        "{err:?}"
    );
    assert_eq!(w.cw.space(space).await.unwrap(), s);

    let r =
        w.cw.review_change(
            space,
            w.authority,
            1,
            true,
            "新场地面积 600 平方米，仍符合第五条",
            reported,
        )
        .await
        .unwrap();
    assert!(r.agreed);
    assert_eq!(r.status, SpaceStatus::Active);
    assert_eq!(r.cite, "第八条");
    let s = w.cw.space(space).await.unwrap();
    let review = s.space.changes[0].review.as_ref().unwrap();
    assert!(review.agreed);
    assert_eq!(review.on, reported);
    assert!(pending(&w, &s, date(2030, 1, 1)).is_empty());
    let err =
        w.cw.review_change(space, w.authority, 1, false, "再审", reported)
            .await
            .unwrap_err();
    assert!(
        matches!(
            err,
            CaseworkError::Review(ReviewError::AlreadyReviewed {
                outcome: "同意变更",
                ..
            })
        ),
        "{err:?}"
    );
    let trail = store::audit::trail(w.store().db(), "space", &space.to_string())
        .await
        .unwrap();
    assert!(
        trail.iter().any(|e| e.action == "review_change"
            && e.reason
                .as_deref()
                .is_some_and(|r| r.starts_with("同意变更")
                    && r.contains("变更审核：场地位置变更（依据第八条）"))),
        "{trail:?}"
    );
    w.chain().await;
}

async fn a_change_refused_revokes_the_space_with_its_reasons(db: TestDb) {
    let w = World::new(&db).await;
    let (space, _, acc, on) = w.recognised("anshan-2020", "210302").await;
    w.cw.report_change(space, acc, "场地面积缩减", on, on)
        .await
        .unwrap();
    let before = w.cw.space(space).await.unwrap();
    let chain = w.chain().await;
    let err =
        w.cw.review_change(space, w.authority, 1, false, "  ", on)
            .await
            .unwrap_err();
    assert!(
        matches!(&err, CaseworkError::Review(e @ ReviewError::ReasonMissing { .. }) if e.field() == "note"),
        "{err:?}"
    );
    assert!(err.to_string().contains("第八条"), "{err}");
    assert_eq!(w.cw.space(space).await.unwrap(), before);
    assert_eq!(w.chain().await, chain);

    let r =
        w.cw.review_change(
            space,
            w.authority,
            1,
            false,
            "缩减后面积 200 平方米，低于第五条要求",
            on,
        )
        .await
        .unwrap();
    assert!(!r.agreed);
    assert_eq!(r.status, SpaceStatus::Revoked);
    let s = w.cw.space(space).await.unwrap();
    assert_eq!(s.status, SpaceStatus::Revoked);
    assert!(!s.space.changes[0].review.as_ref().unwrap().agreed);
    // One act: the review and the revocation in one audit entry with the ground's article.
    let trail = store::audit::trail(w.store().db(), "space", &space.to_string())
        .await
        .unwrap();
    let last = trail.last().unwrap();
    assert_eq!(last.action, "revoke");
    let reason = last.reason.as_deref().unwrap();
    assert!(
        reason.contains("变化后不符合本办法要求")
            && reason.contains("变更审核：不同意变更「场地面积缩减」：缩减后面积 200 平方米")
            && reason.contains("第八条"),
        "{reason}"
    );
    let err =
        w.cw.review_change(space, w.authority, 1, true, "", on)
            .await
            .unwrap_err();
    assert!(
        matches!(err, CaseworkError::SpaceNotActive { .. }),
        "{err:?}"
    );
    w.chain().await;
}

async fn a_measure_without_a_review_refuses_one(db: TestDb) {
    // 内蒙古 第十七条: changes are 报备 (reported for the record), not approved.
    let w = World::new(&db).await;
    let (space, _, acc, on) = w.recognised("inner-mongolia-2020", "150102").await;
    w.cw.report_change(space, acc, "运营机构变更", on, on)
        .await
        .unwrap();
    let s = w.cw.space(space).await.unwrap();
    assert!(pending(&w, &s, on).is_empty());
    let err =
        w.cw.review_change(space, w.authority, 1, true, "", on)
            .await
            .unwrap_err();
    assert!(
        matches!(&err, CaseworkError::Review(ReviewError::NotReviewed { title }) if title.contains("内蒙古")),
        "{err:?}"
    );
    assert_eq!(w.cw.space(space).await.unwrap(), s);
}
