//! The authority's records of other bodies' decisions (`Casework::record_blacklisting`,
//! `Casework::record_scope_exit`): kept on the space, the measure's consequence applied at once
//! with its article, audited once; every refusal names its field and changes nothing.

use casework::CaseworkError;
use casework::listings::{DecisionEntry, ListingError};
use jiff::civil::Date;
use workflow::lifecycle::{Finding, SpaceStatus};

use crate::world::World;
use testkit::TestDb;
use testkit::both_backends;

both_backends!(
    a_blacklisting_revokes_an_inner_mongolia_space_with_article_twenty,
    a_recognition_as_an_incubator_takes_the_space_out_of_scope,
    only_the_authority_may_record,
    a_list_the_measure_does_not_name_is_refused_with_its_lists,
    a_measure_without_the_ground_refuses_both_records,
    texts_and_dates_are_checked_field_by_field,
    a_space_no_longer_active_is_refused,
);

fn entry(what: &str, on: Date) -> DecisionEntry {
    DecisionEntry {
        what: what.into(),
        decided_on: on,
        by: "呼和浩特市市场监督管理局".into(),
        document: Some("呼市监（2026）12号".into()),
        reason: "未按规定报送年度报告，列入经营异常名录".into(),
    }
}

async fn actions(w: &World, space: i64) -> Vec<String> {
    store::audit::trail(w.store().db(), "space", &space.to_string())
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.action)
        .collect()
}

async fn unchanged(w: &World, space: i64, before: &[String]) {
    let s = w.cw.space(space).await.unwrap();
    assert_eq!(s.status, SpaceStatus::Active);
    assert_eq!(s.space.blacklisted_on, None);
    assert_eq!(s.space.became, None);
    assert_eq!(actions(w, space).await, before);
    w.chain().await;
}

async fn a_blacklisting_revokes_an_inner_mongolia_space_with_article_twenty(db: TestDb) {
    // 内蒙古 第二十条: …被列入经营异常名录、失信“黑名单”的众创空间，取消其众创空间资格.
    let w = World::new(&db).await;
    let (space, _, _, decided) = w.recognised("inner-mongolia-2020", "150102").await;
    let listed = decided.tomorrow().unwrap();
    let on = listed.tomorrow().unwrap();
    let out =
        w.cw.record_blacklisting(
            space,
            w.authority,
            &entry("abnormal-operations", listed),
            Some((b"%PDF-1.4 notice".to_vec(), "notice.pdf".into())),
            on,
        )
        .await
        .unwrap();
    assert_eq!(out.status, SpaceStatus::Revoked);
    assert_eq!(out.status_label, "已取消资格");
    assert_eq!(out.cite, "第二十条");
    assert!(
        out.explanation.contains("列入经营异常名录"),
        "{}",
        out.explanation
    );
    assert!(
        out.explanation.contains("呼市监（2026）12号"),
        "{}",
        out.explanation
    );
    assert!(out.evidence.is_some());
    let s = w.cw.space(space).await.unwrap();
    assert_eq!(s.status, SpaceStatus::Revoked);
    assert_eq!(s.space.blacklisted_on, Some(listed));
    let rec = s.space.blacklisting.unwrap();
    assert_eq!(rec.what, "abnormal-operations");
    assert_eq!(rec.evidence, out.evidence);
    assert_eq!(rec.recorded_on, on);
    let trail = store::audit::trail(w.store().db(), "space", &space.to_string())
        .await
        .unwrap();
    let last = trail.last().unwrap();
    assert_eq!(last.action, "revoke");
    let reason = last.reason.as_deref().unwrap();
    assert!(reason.contains("第二十条"), "{reason}");
    assert!(reason.contains("呼和浩特市市场监督管理局"), "{reason}");
    let found = w.cw.findings(space).await.unwrap();
    assert!(found.iter().any(|f| matches!(
        &f.finding,
        Finding::Revoke { revocation, automatic: true, cite, .. }
            if revocation == "blacklist" && cite == "第二十条"
    )));
    // The tick finds nothing more to do: the space is no longer on the active register.
    let tick = w.cw.tick(on).await.unwrap();
    assert!(tick.changes.is_empty());
    w.chain().await;
}

async fn a_recognition_as_an_incubator_takes_the_space_out_of_scope(db: TestDb) {
    // 内蒙古 第九条: 已认定（备案）为科技企业孵化器…的众创空间，不再纳入自治区众创空间的管理体系.
    let w = World::new(&db).await;
    let (space, _, _, decided) = w.recognised("inner-mongolia-2020", "150102").await;
    let on = decided.tomorrow().unwrap();
    let mut e = entry("incubator", decided);
    e.by = "内蒙古自治区科学技术厅".into();
    e.document = None;
    e.reason = "经认定为自治区级科技企业孵化器".into();
    let out =
        w.cw.record_scope_exit(space, w.authority, &e, None, on)
            .await
            .unwrap();
    assert_eq!(out.status, SpaceStatus::Excluded);
    assert_eq!(out.status_label, "已移出管理范围");
    assert_eq!(out.cite, "第九条");
    assert!(
        out.explanation.contains("科技企业孵化器"),
        "{}",
        out.explanation
    );
    let s = w.cw.space(space).await.unwrap();
    assert_eq!(s.status, SpaceStatus::Excluded);
    assert_eq!(s.space.became, Some(("incubator".into(), decided)));
    assert_eq!(s.space.became_record.unwrap().document, None);
    let trail = store::audit::trail(w.store().db(), "space", &space.to_string())
        .await
        .unwrap();
    let last = trail.last().unwrap();
    assert_eq!(last.action, "exclude");
    assert!(last.reason.as_deref().unwrap().contains("第九条"));
    w.chain().await;
}

async fn only_the_authority_may_record(db: TestDb) {
    let w = World::new(&db).await;
    let (space, _, applicant, decided) = w.recognised("inner-mongolia-2020", "150102").await;
    let before = actions(&w, space).await;
    let rec = w.recommender("league-bureau", "150102").await;
    for acc in [applicant, rec, w.expert] {
        let err =
            w.cw.record_blacklisting(
                space,
                acc,
                &entry("abnormal-operations", decided),
                None,
                decided,
            )
            .await
            .unwrap_err();
        assert!(matches!(err, CaseworkError::Forbidden { .. }), "{err}");
        let err =
            w.cw.record_scope_exit(space, acc, &entry("incubator", decided), None, decided)
                .await
                .unwrap_err();
        assert!(matches!(err, CaseworkError::Forbidden { .. }), "{err}");
    }
    unchanged(&w, space, &before).await;
}

async fn a_list_the_measure_does_not_name_is_refused_with_its_lists(db: TestDb) {
    let w = World::new(&db).await;
    let (space, _, _, decided) = w.recognised("inner-mongolia-2020", "150102").await;
    let before = actions(&w, space).await;
    let err =
        w.cw.record_blacklisting(
            space,
            w.authority,
            &entry("bad-reviews", decided),
            None,
            decided,
        )
        .await
        .unwrap_err();
    let CaseworkError::Listing(e) = &err else {
        panic!("{err}")
    };
    assert_eq!(e.field(), "list");
    assert!(
        err.to_string()
            .contains("abnormal-operations（列入经营异常名录）"),
        "{err}"
    );
    let err =
        w.cw.record_scope_exit(space, w.authority, &entry("hotel", decided), None, decided)
            .await
            .unwrap_err();
    let CaseworkError::Listing(e) = &err else {
        panic!("{err}")
    };
    assert_eq!(e.field(), "category");
    assert!(err.to_string().contains("incubator"), "{err}");
    unchanged(&w, space, &before).await;
}

async fn a_measure_without_the_ground_refuses_both_records(db: TestDb) {
    // 朔州 has neither a blacklist ground nor an exclusion of other carriers.
    let w = World::new(&db).await;
    let (space, _, _, decided) = w.recognised("shuozhou-2016", "140602").await;
    let before = actions(&w, space).await;
    let err =
        w.cw.record_blacklisting(
            space,
            w.authority,
            &entry("abnormal-operations", decided),
            None,
            decided,
        )
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            CaseworkError::Listing(ListingError::NoBlacklistGround { .. })
        ),
        "{err}"
    );
    let err =
        w.cw.record_scope_exit(
            space,
            w.authority,
            &entry("incubator", decided),
            None,
            decided,
        )
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            CaseworkError::Listing(ListingError::NoExclusion { .. })
        ),
        "{err}"
    );
    unchanged(&w, space, &before).await;
}

async fn texts_and_dates_are_checked_field_by_field(db: TestDb) {
    let w = World::new(&db).await;
    let (space, _, _, decided) = w.recognised("inner-mongolia-2020", "150102").await;
    let before = actions(&w, space).await;
    let mut no_body = entry("abnormal-operations", decided);
    no_body.by = "  ".into();
    let mut no_reason = entry("abnormal-operations", decided);
    no_reason.reason = String::new();
    let future = entry("abnormal-operations", decided.tomorrow().unwrap());
    for (e, field) in [
        (no_body, "by"),
        (no_reason, "reason"),
        (future, "decided_on"),
    ] {
        let err =
            w.cw.record_blacklisting(space, w.authority, &e, None, decided)
                .await
                .unwrap_err();
        let CaseworkError::Listing(l) = &err else {
            panic!("{err}")
        };
        assert_eq!(l.field(), field, "{err}");
    }
    unchanged(&w, space, &before).await;
}

async fn a_space_no_longer_active_is_refused(db: TestDb) {
    let w = World::new(&db).await;
    let (space, _, _, decided) = w.recognised("inner-mongolia-2020", "150102").await;
    w.cw.record_scope_exit(
        space,
        w.authority,
        &entry("incubator", decided),
        None,
        decided,
    )
    .await
    .unwrap();
    let err =
        w.cw.record_blacklisting(
            space,
            w.authority,
            &entry("abnormal-operations", decided),
            None,
            decided,
        )
        .await
        .unwrap_err();
    assert!(matches!(err, CaseworkError::SpaceNotActive { .. }), "{err}");
    assert!(err.to_string().contains("已移出管理范围"), "{err}");
    w.chain().await;
}
