//! 鞍山 第八条: 经市科技局审核后，符合本办法要求的，同意变更；对不符合本办法要求的，取消资格.
//! A reported change awaits the authority's review (待审核, never overdue: no period is set);
//! agreed, it stands as agreed; refused with reasons, the space is revoked on 「变化后不符合本办法
//! 要求」 in the same act. Each refusal of the review names its field and changes nothing.

use std::collections::BTreeMap;

use casework::CaseworkError;
use casework::change_review::ReviewError;
use jiff::civil::date;
use serde_json::{Value, json};
use workflow::lifecycle::{Finding, SpaceStatus, evaluate};

use crate::world::World;
use testkit::TestDb;
use testkit::both_backends;

both_backends!(
    a_reported_change_awaits_review_and_is_agreed,
    a_change_refused_revokes_the_space_with_its_reasons,
    a_measure_without_a_review_refuses_one,
    a_change_is_weighed_against_the_measure_on_its_facts,
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
    w.cw.note_change(space, w.authority, "场地位置变更", &Default::default(), on)
        .await
        .unwrap();
    assert!(pending(&w, &w.cw.space(space).await.unwrap(), on).is_empty());
    let reported = on.tomorrow().unwrap();
    w.cw.report_change(
        space,
        acc,
        "场地位置变更",
        &Default::default(),
        on,
        reported,
    )
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
            &err,
            CaseworkError::Review(ReviewError::AlreadyReviewed { outcome, .. })
                if outcome == "同意变更"
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
    w.cw.report_change(space, acc, "场地面积缩减", &Default::default(), on, on)
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
    w.cw.report_change(space, acc, "运营机构变更", &Default::default(), on, on)
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

fn facts(v: Value) -> BTreeMap<String, Value> {
    serde_json::from_value(v).unwrap()
}

/// 鞍山 第八条's reading: 市科技局对报告的每项变化按第五条备案条件重新核对. A change reports the facts
/// as they stand after it; each is weighed against the application with the changes before it,
/// and 第五条第2项's 「500平方米以上」 is checked again on them (以上 includes the number).
async fn a_change_is_weighed_against_the_measure_on_its_facts(db: TestDb) {
    let w = World::new(&db).await;
    let declared = json!({
        "as_of": "2024-01-01",
        "premises": { "total_area_m2": 800, "public_area_m2": 300, "workstation_area_m2": 320 }
    });
    let (space, _, acc, on) = w
        .recognised_on("anshan-2020", "210302", Some(declared))
        .await;
    // Refused, each fact named, nothing recorded: a fact the dictionary lacks, a value that is
    // no number, an area smaller than its parts (300 + 320 > 600).
    for (given, field) in [
        (json!({ "premises.floors": 3 }), "facts.premises.floors"),
        (
            json!({ "premises.total_area_m2": "八百" }),
            "facts.premises.total_area_m2",
        ),
        (
            json!({ "premises.total_area_m2": 600 }),
            "facts.premises.total_area_m2",
        ),
        // A division code that names no division.
        (
            json!({ "operator.region": "219999" }),
            "facts.operator.region",
        ),
        // What the system records is not the operator's to report.
        (
            json!({ "statistics.reported": false }),
            "facts.statistics.reported",
        ),
    ] {
        let err =
            w.cw.report_change(space, acc, "场地缩小", &facts(given), on, on)
                .await
                .unwrap_err();
        let CaseworkError::Facts(fields) = &err else {
            panic!("{err:?}");
        };
        assert_eq!(fields[0].field, field, "{fields:?}");
    }
    assert!(w.cw.space(space).await.unwrap().space.changes.is_empty());
    assert!(w.cw.filings_of(space).await.unwrap().is_empty());

    // 500 m² exactly is 500平方米以上: the area still holds.
    let first = facts(json!({
        "premises.total_area_m2": 500,
        "premises.public_area_m2": 200,
        "premises.workstation_area_m2": 200
    }));
    w.cw.report_change(space, acc, "退租部分场地", &first, on, on)
        .await
        .unwrap();
    let w1 = w.cw.change_recheck(space, 1, on).await.unwrap().unwrap();
    let r1 = w1.recheck.unwrap();
    assert!(
        r1.changed.iter().all(|c| c.id != "5.2-area"),
        "{:?}",
        r1.changed
    );
    assert_eq!(r1.verdict, r1.declared_verdict);
    let area = w1
        .facts
        .iter()
        .find(|m| m.fact == "premises.total_area_m2")
        .unwrap();
    assert_eq!(
        (area.declared.clone(), area.found.clone()),
        (Some(json!(800)), json!(500))
    );

    // The next change is weighed against the record after the first: 500 before, 499 after.
    let second = facts(json!({ "premises.total_area_m2": 499 }));
    w.cw.report_change(space, acc, "再次退租", &second, on, on)
        .await
        .unwrap();
    let w2 = w.cw.change_recheck(space, 2, on).await.unwrap().unwrap();
    assert_eq!(w2.facts[0].declared, Some(json!(500)));
    assert_eq!(w2.facts[0].found, json!(499));
    let r2 = w2.recheck.clone().unwrap();
    let area = r2.changed.iter().find(|c| c.id == "5.2-area").unwrap();
    assert_eq!(
        (
            area.article.as_str(),
            area.declared.as_str(),
            area.measured.as_str()
        ),
        ("第五条第2项", "满足", "不满足")
    );
    assert!(area.message.contains("499"), "{}", area.message);

    // Agreed without a word against the check: refused beside the note, naming the condition.
    let err =
        w.cw.review_change(space, w.authority, 2, true, " ", on)
            .await
            .unwrap_err();
    assert!(
        matches!(&err, CaseworkError::Review(e @ ReviewError::AgreedAgainstCheck { .. }) if e.field() == "note")
            && err.to_string().contains("第五条第2项「固定服务场地面积」"),
        "{err:?}"
    );
    // A change the authority notes is dated as a reported one: not after today, not before
    // the recognition; and described in a line, not a report.
    let today = casework::dates::today();
    for (what, day, field) in [
        ("场地调整", today.tomorrow().unwrap(), "occurred_on"),
        ("场地调整", on.yesterday().unwrap(), "occurred_on"),
        (&"长".repeat(201) as &str, on, "what"),
    ] {
        let err =
            w.cw.note_change(space, w.authority, what, &Default::default(), day)
                .await
                .unwrap_err();
        assert!(
            matches!(&err, CaseworkError::FilingOutOfTime { field: f, .. } if *f == field),
            "{err:?}"
        );
    }
    // The refusal keeps what the reviewer weighed with the decision.
    w.cw.review_change(space, w.authority, 2, false, "面积不足500平方米", on)
        .await
        .unwrap();
    let s = w.cw.space(space).await.unwrap();
    assert_eq!(s.status, SpaceStatus::Revoked);
    assert_eq!(
        s.space.changes[1].review.as_ref().unwrap().recheck.as_ref(),
        Some(&r2)
    );
    assert!(s.space.changes[0].review.is_none());
}
