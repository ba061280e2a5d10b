//! The authority's discretionary revocation (`Casework::revoke`): only the authority, only on a
//! ground its measure lists that is not applied automatically, with a reason; recorded as a
//! finding and audited with the article. Every refusal is precise and changes nothing.

use casework::{CaseworkError, SanctionError};
use workflow::lifecycle::{Finding, SpaceStatus};

use crate::world::World;
use testkit::TestDb;
use testkit::both_backends;

both_backends!(
    the_authority_revokes_for_a_serious_violation_with_the_article,
    only_the_authority_may_revoke,
    an_unknown_ground_is_refused_with_the_discretionary_ones_listed,
    an_automatic_ground_is_refused,
    a_revocation_needs_a_reason,
    a_noncompliant_change_needs_a_change_on_record,
    a_date_before_recognition_is_refused,
    a_revoked_space_cannot_be_revoked_again,
);

/// The space's audit trail actions.
async fn actions(w: &World, space: i64) -> Vec<String> {
    store::audit::trail(w.store().db(), "space", &space.to_string())
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.action)
        .collect()
}

/// Asserts a refusal left the space active and its trail unchanged.
async fn unchanged(w: &World, space: i64, before: &[String]) {
    assert_eq!(w.cw.space(space).await.unwrap().status, SpaceStatus::Active);
    assert_eq!(actions(w, space).await, before);
    w.chain().await;
}

async fn the_authority_revokes_for_a_serious_violation_with_the_article(db: TestDb) {
    // 朔州 第十条: 对违反管理规定的众创空间，视情节轻重、予以处分，情节严重的，取消朔州市众创空间称号.
    let w = World::new(&db).await;
    let (space, _, _, decided) = w.recognised("shuozhou-2016", "140602").await;
    let on = decided.tomorrow().unwrap();
    let out =
        w.cw.revoke(
            space,
            w.authority,
            "rule-violation",
            on,
            "擅自将场地转租用于非孵化用途，经责令整改拒不改正",
        )
        .await
        .unwrap();
    assert_eq!(out.cite, "第十条");
    assert_eq!(out.status, SpaceStatus::Revoked);
    assert_eq!(
        w.cw.space(space).await.unwrap().status,
        SpaceStatus::Revoked
    );
    let trail = store::audit::trail(w.store().db(), "space", &space.to_string())
        .await
        .unwrap();
    let last = trail.last().unwrap();
    assert_eq!(last.action, "revoke");
    let reason = last.reason.as_deref().unwrap();
    assert!(reason.contains("第十条"), "{reason}");
    assert!(reason.contains("擅自将场地转租"), "{reason}");
    assert!(reason.contains("认定机构决定"), "{reason}");
    let found = w.cw.findings(space).await.unwrap();
    assert!(found.iter().any(|f| matches!(
        &f.finding,
        Finding::Revoke { revocation, automatic: false, cite, .. }
            if revocation == "rule-violation" && cite == "第十条"
    )));
    w.chain().await;
}

async fn only_the_authority_may_revoke(db: TestDb) {
    // 朔州 第十条: the decision is the 市科技局's.
    let w = World::new(&db).await;
    let (space, _, applicant, decided) = w.recognised("shuozhou-2016", "140602").await;
    let before = actions(&w, space).await;
    let rec = w.recommender("county-bureau", "140602").await;
    for acc in [applicant, rec, w.expert] {
        let err =
            w.cw.revoke(space, acc, "rule-violation", decided, "情节严重")
                .await
                .unwrap_err();
        assert!(matches!(err, CaseworkError::Forbidden { .. }), "{err}");
        assert!(err.to_string().contains("取消众创空间资格"), "{err}");
    }
    unchanged(&w, space, &before).await;
}

async fn an_unknown_ground_is_refused_with_the_discretionary_ones_listed(db: TestDb) {
    let w = World::new(&db).await;
    let (space, _, _, decided) = w.recognised("shuozhou-2016", "140602").await;
    let before = actions(&w, space).await;
    let err =
        w.cw.revoke(space, w.authority, "bad-attitude", decided, "态度不好")
            .await
            .unwrap_err();
    assert!(
        matches!(&err, CaseworkError::Sanction(SanctionError::UnknownGround { discretionary, .. })
            if discretionary.len() == 1 && discretionary[0].contains("第十条")),
        "{err}"
    );
    assert!(err.to_string().contains("bad-attitude"), "{err}");
    unchanged(&w, space, &before).await;
}

async fn an_automatic_ground_is_refused(db: TestDb) {
    // 朔州 第九条 (fraud) is applied when the fraud finding is recorded, 第八条 (整改仍不合格)
    // by the tick: neither is the authority's discretion.
    let w = World::new(&db).await;
    let (space, _, _, decided) = w.recognised("shuozhou-2016", "140602").await;
    let before = actions(&w, space).await;
    for (ground, cite) in [("fraud", "第九条"), ("rectification-failed", "第八条")] {
        let err =
            w.cw.revoke(space, w.authority, ground, decided, "经查属实")
                .await
                .unwrap_err();
        assert!(
            matches!(&err, CaseworkError::Sanction(SanctionError::Automatic { cite: c, .. }) if c == cite),
            "{err}"
        );
        assert!(err.to_string().contains("自动"), "{err}");
    }
    unchanged(&w, space, &before).await;
}

async fn a_revocation_needs_a_reason(db: TestDb) {
    // 内蒙古 第十九条（五）: 违反管理规定的众创空间，取消其众创空间资格 — the violation must be stated.
    let w = World::new(&db).await;
    let (space, _, _, decided) = w.recognised("inner-mongolia-2020", "150102").await;
    let before = actions(&w, space).await;
    let err =
        w.cw.revoke(space, w.authority, "rule-violation", decided, "  ")
            .await
            .unwrap_err();
    assert!(
        matches!(&err, CaseworkError::Sanction(SanctionError::ReasonMissing { cite, .. }) if cite == "第十九条（五）"),
        "{err}"
    );
    assert!(err.to_string().contains("请写明"), "{err}");
    unchanged(&w, space, &before).await;
}

async fn a_noncompliant_change_needs_a_change_on_record(db: TestDb) {
    // 鞍山 第八条: 经市科技局审核后…对不符合本办法要求的，取消资格 — decided in the review of a
    // change on record, not beside it.
    let w = World::new(&db).await;
    let (space, _, _, decided) = w.recognised("anshan-2020", "210302").await;
    let on = decided.tomorrow().unwrap();
    let before = actions(&w, space).await;
    let err =
        w.cw.revoke(
            space,
            w.authority,
            "change-noncompliant",
            on,
            "场地面积不足",
        )
        .await
        .unwrap_err();
    assert!(
        matches!(&err, CaseworkError::Sanction(e @ SanctionError::ByReview { cite, .. }) if cite == "第八条" && e.field() == "revocation"),
        "{err}"
    );
    assert!(err.to_string().contains("不同意变更"), "{err}");
    unchanged(&w, space, &before).await;
    // No change on record: nothing to review.
    let err =
        w.cw.review_change(space, w.authority, 1, false, "场地面积不足", on)
            .await
            .unwrap_err();
    assert!(matches!(err, CaseworkError::Review(_)), "{err:?}");
    unchanged(&w, space, &before).await;
    // A change the authority learned of (not reported) may be reviewed, and refused.
    w.cw.note_change(
        space,
        w.authority,
        "场地面积缩减至 300 平方米",
        &Default::default(),
        on,
    )
    .await
    .unwrap();
    let out =
        w.cw.review_change(
            space,
            w.authority,
            1,
            false,
            "变更后场地面积不足第五条要求",
            on,
        )
        .await
        .unwrap();
    assert_eq!(out.cite, "第八条");
    assert_eq!(out.status, workflow::lifecycle::SpaceStatus::Revoked);
    w.chain().await;
}

async fn a_date_before_recognition_is_refused(db: TestDb) {
    let w = World::new(&db).await;
    let (space, _, _, decided) = w.recognised("shuozhou-2016", "140602").await;
    let before = actions(&w, space).await;
    let early = decided.yesterday().unwrap();
    let err =
        w.cw.revoke(space, w.authority, "rule-violation", early, "情节严重")
            .await
            .unwrap_err();
    assert!(
        matches!(
            &err,
            CaseworkError::Sanction(SanctionError::BeforeRecognition { .. })
        ),
        "{err}"
    );
    unchanged(&w, space, &before).await;
}

async fn a_revoked_space_cannot_be_revoked_again(db: TestDb) {
    let w = World::new(&db).await;
    let (space, _, _, decided) = w.recognised("shuozhou-2016", "140602").await;
    w.cw.revoke(space, w.authority, "rule-violation", decided, "情节严重")
        .await
        .unwrap();
    let before = actions(&w, space).await;
    let err =
        w.cw.revoke(space, w.authority, "rule-violation", decided, "再次")
            .await
            .unwrap_err();
    assert!(matches!(err, CaseworkError::SpaceNotActive { .. }), "{err}");
    assert_eq!(actions(&w, space).await, before);
    w.chain().await;
}
