//! 内蒙古 第十七条: 众创空间…发生场地面积、运营机构、经营方向等重大事项变化，应当及时通过所属地管理
//! 部门向自治区科技厅报备变更情况. The 盟市科技局 whose area holds the space passes the report on
//! (转报), with its opinion; nobody else may, a change not reported cannot be, nor one twice. Each
//! refusal names its field and changes nothing.

use casework::CaseworkError;
use casework::change_forwarding::ForwardError;

use crate::world::World;
use testkit::TestDb;
use testkit::both_backends;

both_backends!(a_reported_change_is_forwarded_by_the_unit_of_its_area);

async fn a_reported_change_is_forwarded_by_the_unit_of_its_area(db: TestDb) {
    let w = World::new(&db).await;
    let (space, _, acc, on) = w.recognised("inner-mongolia-2020", "150102").await;
    let hohhot = w.recommender("league-bureau", "150100").await;
    let baotou = w.recommender("league-bureau", "150200").await;
    let zone = w.recommender("hitech-zone", "150100").await;
    // Noted by the authority, not reported by the operator: nothing to pass on.
    w.cw.note_change(space, w.authority, "经营方向调整", &Default::default(), on)
        .await
        .unwrap();
    let err =
        w.cw.forward_change(space, hohhot, 1, "", on)
            .await
            .unwrap_err();
    assert!(
        matches!(&err, CaseworkError::Forward(e @ ForwardError::NotReported { n: 1, .. }) if e.field() == "change"),
        "{err:?}"
    );
    w.cw.report_change(space, acc, "场地面积调整", &Default::default(), on, on)
        .await
        .unwrap();
    let chain = w.chain().await;
    // Another league's bureau, a unit of another role, the operator, the authority: refused.
    for who in [baotou, zone, acc, w.authority] {
        let err =
            w.cw.forward_change(space, who, 2, "", on)
                .await
                .unwrap_err();
        assert!(
            matches!(err, CaseworkError::Forbidden { .. }),
            "{who}: {err:?}"
        );
    }
    let err =
        w.cw.forward_change(space, hohhot, 2, "", on.yesterday().unwrap())
            .await
            .unwrap_err();
    assert!(
        matches!(&err, CaseworkError::Forward(e @ ForwardError::OutOfTime { .. }) if e.field() == "on"),
        "{err:?}"
    );
    let err =
        w.cw.forward_change(space, hohhot, 2, &"长".repeat(301), on)
            .await
            .unwrap_err();
    assert!(
        matches!(&err, CaseworkError::Forward(e @ ForwardError::NoteTooLong { .. }) if e.field() == "note"),
        "{err:?}"
    );
    assert_eq!(w.chain().await, chain);
    let s = w.cw.space(space).await.unwrap();
    assert!(s.space.changes[1].awaiting_forwarding(true));

    w.cw.forward_change(space, hohhot, 2, "  情况属实，同意转报  ", on)
        .await
        .unwrap();
    let s = w.cw.space(space).await.unwrap();
    let f = s.space.changes[1].forwarded.as_ref().unwrap();
    assert_eq!((f.on, f.note.as_str()), (on, "情况属实，同意转报"));
    assert!(!s.space.changes[1].awaiting_forwarding(true));
    let err =
        w.cw.forward_change(space, hohhot, 2, "", on)
            .await
            .unwrap_err();
    assert!(
        matches!(
            &err,
            CaseworkError::Forward(ForwardError::AlreadyForwarded { n: 2, .. })
        ),
        "{err:?}"
    );
    let trail = store::audit::trail(w.store().db(), "space", &space.to_string())
        .await
        .unwrap();
    assert!(
        trail.iter().any(|e| e.action == "forward_change"
            && e.reason
                .as_deref()
                .is_some_and(|r| r.contains("第十七条") && r.contains("情况属实"))),
        "{trail:?}"
    );
    // 鞍山 routes no report through another body.
    let (an, _, an_acc, an_on) = w.recognised("anshan-2020", "210302").await;
    w.cw.report_change(an, an_acc, "名称变更", &Default::default(), an_on, an_on)
        .await
        .unwrap();
    let unit = w.recommender("county-bureau", "210302").await;
    let err =
        w.cw.forward_change(an, unit, 1, "", an_on)
            .await
            .unwrap_err();
    assert!(
        matches!(
            err,
            CaseworkError::Forward(ForwardError::NotForwarded { .. })
        ),
        "{err:?}"
    );
    w.chain().await;
}
