//! Appraisal rounds and appraisal materials: 内蒙古 第十九条（四） “不按规定时间和要求提供考核资料的
//! 或提供虚假考核资料的单位，视为不合格。” The authority opens a round with a deadline; the space's
//! own applicant hands in before it (a deadline on a statutory holiday moves to the next working
//! day, 民法典 第二百零三条); late hand-ins are refused quoting the date and the article; the
//! authority may find a hand-in false; the appraisal of the round reads `materials_on_time` from
//! this record.

use casework::CaseworkError;
use casework::appraisal_round::{HandinState, NewAppraisalRound, RoundError};
use jiff::civil::{Date, date};

use crate::world::World;
use testkit::TestDb;
use testkit::both_backends;

both_backends!(
    a_round_is_opened_by_the_authority_only_and_audited,
    a_measure_without_materials_rule_opens_no_round,
    a_hand_in_before_the_deadline_is_kept_with_attachments_and_audited,
    a_late_hand_in_is_refused_with_the_date_and_article,
    a_deadline_on_a_holiday_moves_to_the_next_working_day,
    only_the_spaces_own_organisation_hands_in_once,
    the_authority_marks_a_hand_in_false_with_a_reason,
    the_rounds_appraisal_reads_materials_on_time_from_the_record,
    two_hand_ins_at_once_keep_one,
);

const MEASURE: &str = "inner-mongolia-2020";

fn pdf() -> Vec<u8> {
    b"%PDF-1.4\nappraisal materials\n%%EOF".to_vec()
}

async fn round(w: &World, deadline: Date, on: Date) -> i64 {
    w.cw.open_appraisal_round(
        w.authority,
        &NewAppraisalRound {
            measure: MEASURE.into(),
            period: "2025".into(),
            deadline,
            note: "请报送2025年度运营数据及佐证材料".into(),
        },
        on,
    )
    .await
    .unwrap()
    .id
}

async fn a_round_is_opened_by_the_authority_only_and_audited(db: TestDb) {
    let w = World::new(&db).await;
    let (_, acc) = w.applicant("150102").await;
    let new = NewAppraisalRound {
        measure: MEASURE.into(),
        period: "2025".into(),
        deadline: date(2025, 6, 30),
        note: String::new(),
    };
    let e =
        w.cw.open_appraisal_round(acc, &new, date(2025, 6, 1))
            .await
            .unwrap_err();
    assert!(matches!(e, CaseworkError::Forbidden { .. }), "{e:?}");
    let e =
        w.cw.open_appraisal_round(w.authority, &new, date(2025, 7, 1))
            .await
            .unwrap_err();
    assert!(
        matches!(e, CaseworkError::Round(RoundError::DeadlineInPast { .. })),
        "{e:?}"
    );
    let e =
        w.cw.open_appraisal_round(
            w.authority,
            &NewAppraisalRound {
                period: "  ".into(),
                ..new.clone()
            },
            date(2025, 6, 1),
        )
        .await
        .unwrap_err();
    assert!(
        matches!(e, CaseworkError::Round(RoundError::EmptyPeriod)),
        "{e:?}"
    );
    assert!(w.cw.appraisal_rounds(None).await.unwrap().is_empty());
    let r =
        w.cw.open_appraisal_round(w.authority, &new, date(2025, 6, 1))
            .await
            .unwrap();
    assert_eq!(r.cite, "第十九条（四）");
    assert_eq!(r.due, date(2025, 6, 30));
    let listed = w.cw.appraisal_rounds(Some(MEASURE)).await.unwrap();
    assert_eq!(listed, vec![r.clone()]);
    let trail = store::audit::trail(w.store().db(), "appraisal_round", &r.id.to_string())
        .await
        .unwrap();
    let e = trail
        .iter()
        .find(|e| e.action == "open_appraisal_round")
        .expect("audited");
    assert_eq!(e.actor.id, w.authority.to_string());
    assert!(e.reason.as_deref().unwrap().contains("第十九条（四）"));
    w.chain().await;
}

async fn a_measure_without_materials_rule_opens_no_round(db: TestDb) {
    let w = World::new(&db).await;
    // 新疆 第十二条 “适时开展…考核评价工作” says nothing of materials handed in by a time.
    let e =
        w.cw.open_appraisal_round(
            w.authority,
            &NewAppraisalRound {
                measure: "xinjiang-2019".into(),
                period: "2025".into(),
                deadline: date(2025, 6, 30),
                note: String::new(),
            },
            date(2025, 6, 1),
        )
        .await
        .unwrap_err();
    assert!(
        matches!(e, CaseworkError::Round(RoundError::NoMaterials { .. })),
        "{e:?}"
    );
    assert!(e.to_string().contains("xinjiang-2019"));
    w.chain().await;
}

async fn a_hand_in_before_the_deadline_is_kept_with_attachments_and_audited(db: TestDb) {
    let w = World::new(&db).await;
    let (space, _, acc, _) = w.recognised(MEASURE, "150102").await;
    let r = round(&w, date(2025, 6, 30), date(2025, 6, 1)).await;
    let h =
        w.cw.hand_in_appraisal_materials(
            r,
            space,
            acc,
            "  2025年度运营情况说明 ",
            vec![
                (pdf(), "运营数据.pdf".into()),
                (Vec::new(), "空.pdf".into()),
            ],
            date(2025, 6, 30),
        )
        .await
        .unwrap();
    assert_eq!(h.text, "2025年度运营情况说明");
    assert_eq!(h.files.len(), 1, "empty parts are not kept");
    let a = store::attachment::get(w.store().db(), h.files[0].id)
        .await
        .unwrap();
    assert_eq!(a.original_name, "运营数据.pdf");
    let round = w.cw.appraisal_round(r).await.unwrap();
    let rows = w.cw.round_rows(&round, date(2025, 7, 1)).await.unwrap();
    let row = rows.iter().find(|x| x.space_id == space).unwrap();
    assert_eq!(row.state, HandinState::OnTime);
    assert_eq!(row.handin.as_ref().unwrap().id, h.id);
    let trail = store::audit::trail(w.store().db(), "space", &space.to_string())
        .await
        .unwrap();
    let e = trail
        .iter()
        .find(|e| e.action == "hand_in_appraisal_materials")
        .expect("audited");
    assert_eq!(e.actor.id, acc.to_string());
    assert!(e.reason.as_deref().unwrap().contains("运营数据.pdf"));
    w.chain().await;
}

async fn a_late_hand_in_is_refused_with_the_date_and_article(db: TestDb) {
    let w = World::new(&db).await;
    let (space, _, acc, _) = w.recognised(MEASURE, "150102").await;
    // 2025-06-30 is a Monday: no shift.
    let r = round(&w, date(2025, 6, 30), date(2025, 6, 1)).await;
    let e =
        w.cw.hand_in_appraisal_materials(r, space, acc, "逾期报送", vec![], date(2025, 7, 1))
            .await
            .unwrap_err();
    match &e {
        CaseworkError::Round(RoundError::Late { due, on, cite, .. }) => {
            assert_eq!(*due, date(2025, 6, 30));
            assert_eq!(*on, date(2025, 7, 1));
            assert_eq!(cite, "第十九条（四）");
        }
        other => panic!("{other:?}"),
    }
    let text = e.to_string();
    assert!(text.contains("2025-06-30"), "{text}");
    assert!(text.contains("不按规定时间和要求提供考核资料"), "{text}");
    assert!(w.cw.handin_of(r, space).await.unwrap().is_none());
    let round = w.cw.appraisal_round(r).await.unwrap();
    let rows = w.cw.round_rows(&round, date(2025, 7, 1)).await.unwrap();
    assert_eq!(
        rows.iter().find(|x| x.space_id == space).unwrap().state,
        HandinState::Missing
    );
    let rows = w.cw.round_rows(&round, date(2025, 6, 30)).await.unwrap();
    assert_eq!(
        rows.iter().find(|x| x.space_id == space).unwrap().state,
        HandinState::Pending
    );
    w.chain().await;
}

async fn a_deadline_on_a_holiday_moves_to_the_next_working_day(db: TestDb) {
    let w = World::new(&db).await;
    let (space, _, acc, _) = w.recognised(MEASURE, "150102").await;
    let (space2, _, acc2, _) = w.recognised(MEASURE, "150102").await;
    // 2025-10-01 is 国庆节 (国办发明电〔2024〕12号: 10月1日至8日放假): the last day is 10-09.
    let r = round(&w, date(2025, 10, 1), date(2025, 9, 1)).await;
    let round = w.cw.appraisal_round(r).await.unwrap();
    assert_eq!(round.deadline, date(2025, 10, 1));
    assert_eq!(round.due, date(2025, 10, 9));
    w.cw.hand_in_appraisal_materials(r, space, acc, "节后报送", vec![], date(2025, 10, 9))
        .await
        .unwrap();
    let e =
        w.cw.hand_in_appraisal_materials(r, space2, acc2, "再晚一天", vec![], date(2025, 10, 10))
            .await
            .unwrap_err();
    let text = e.to_string();
    assert!(text.contains("2025-10-09"), "{text}");
    assert!(text.contains("顺延"), "{text}");
    w.chain().await;
}

async fn only_the_spaces_own_organisation_hands_in_once(db: TestDb) {
    let w = World::new(&db).await;
    let (space, _, acc, _) = w.recognised(MEASURE, "150102").await;
    let (_, stranger) = w.applicant("150102").await;
    let r = round(&w, date(2025, 6, 30), date(2025, 6, 1)).await;
    let on = date(2025, 6, 10);
    for who in [stranger, w.authority] {
        let e =
            w.cw.hand_in_appraisal_materials(r, space, who, "代为报送", vec![], on)
                .await
                .unwrap_err();
        assert!(matches!(e, CaseworkError::Forbidden { .. }), "{e:?}");
    }
    let e =
        w.cw.hand_in_appraisal_materials(r, space, acc, "  ", vec![(pdf(), "a.pdf".into())], on)
            .await
            .unwrap_err();
    assert!(
        matches!(e, CaseworkError::Round(RoundError::EmptyText)),
        "{e:?}"
    );
    let first =
        w.cw.hand_in_appraisal_materials(r, space, acc, "第一次", vec![], on)
            .await
            .unwrap();
    let e =
        w.cw.hand_in_appraisal_materials(r, space, acc, "第二次", vec![], on)
            .await
            .unwrap_err();
    match e {
        CaseworkError::Round(RoundError::AlreadyHandedIn { id, .. }) => assert_eq!(id, first.id),
        other => panic!("{other:?}"),
    }
    // A space of another measure is not in the round.
    let (other, _, other_acc, _) = w.recognised("anshan-2020", "210302").await;
    let e =
        w.cw.hand_in_appraisal_materials(r, other, other_acc, "鞍山", vec![], on)
            .await
            .unwrap_err();
    assert!(
        matches!(e, CaseworkError::Round(RoundError::OtherMeasure { .. })),
        "{e:?}"
    );
    w.chain().await;
}

async fn the_authority_marks_a_hand_in_false_with_a_reason(db: TestDb) {
    let w = World::new(&db).await;
    let (space, _, acc, _) = w.recognised(MEASURE, "150102").await;
    let r = round(&w, date(2025, 6, 30), date(2025, 6, 1)).await;
    let h =
        w.cw.hand_in_appraisal_materials(r, space, acc, "资料", vec![], date(2025, 6, 2))
            .await
            .unwrap();
    let on = date(2025, 7, 2);
    let e =
        w.cw.mark_materials_false(h.id, acc, "自认虚假", on)
            .await
            .unwrap_err();
    assert!(matches!(e, CaseworkError::Forbidden { .. }), "{e:?}");
    let e =
        w.cw.mark_materials_false(h.id, w.authority, " ", on)
            .await
            .unwrap_err();
    assert!(
        matches!(e, CaseworkError::Round(RoundError::EmptyReason)),
        "{e:?}"
    );
    let marked =
        w.cw.mark_materials_false(h.id, w.authority, "入驻企业名单与工商登记不符", on)
            .await
            .unwrap();
    assert_eq!(marked.false_on, Some(on));
    let e =
        w.cw.mark_materials_false(h.id, w.authority, "再次认定", on)
            .await
            .unwrap_err();
    assert!(
        matches!(e, CaseworkError::Round(RoundError::AlreadyFalse { .. })),
        "{e:?}"
    );
    let round = w.cw.appraisal_round(r).await.unwrap();
    let rows = w.cw.round_rows(&round, on).await.unwrap();
    assert_eq!(
        rows.iter().find(|x| x.space_id == space).unwrap().state,
        HandinState::False
    );
    let trail = store::audit::trail(w.store().db(), "space", &space.to_string())
        .await
        .unwrap();
    let e = trail
        .iter()
        .find(|e| e.action == "mark_materials_false")
        .expect("audited");
    let reason = e.reason.as_deref().unwrap();
    assert!(reason.contains("入驻企业名单与工商登记不符"), "{reason}");
    assert!(reason.contains("第十九条（四）"), "{reason}");
    w.chain().await;
}

/// The top of the index table (every row at its cap) scores 优秀 on its own.
fn full_marks() -> serde_json::Value {
    serde_json::json!({
        "total_area_m2": 20000, "workstations": 100, "hard_support_items": 9,
        "soft_service_items": 12, "resident_enterprises": 30, "resident_teams": 40,
        "graduated_to_market": 9, "service_staff": 30, "mentors": 20, "mentor_sessions": 30,
        "public_tech_services": 20, "other_services": 20, "trainees": 1000,
        "other_activities": 30, "financing_services": 20, "financing_and_cases": 10,
        "featured_services": 5, "honours": ["national", "provincial"],
        "foreign_projects": 9, "media_reports": 9
    })
}

async fn the_rounds_appraisal_reads_materials_on_time_from_the_record(db: TestDb) {
    let w = World::new(&db).await;
    let (on_time, _, acc1, _) = w.recognised(MEASURE, "150102").await;
    let (missing, _, _, _) = w.recognised(MEASURE, "150102").await;
    let (falsed, _, acc3, _) = w.recognised(MEASURE, "150102").await;
    let r = round(&w, date(2025, 6, 30), date(2025, 6, 1)).await;
    for (s, a) in [(on_time, acc1), (falsed, acc3)] {
        w.cw.hand_in_appraisal_materials(r, s, a, "资料", vec![], date(2025, 6, 20))
            .await
            .unwrap();
    }
    let h = w.cw.handin_of(r, falsed).await.unwrap().unwrap();
    w.cw.mark_materials_false(h.id, w.authority, "数据造假", date(2025, 7, 1))
        .await
        .unwrap();
    // Before the deadline, a space that has not handed in still may: no appraisal yet.
    let e =
        w.cw.record_round_appraisal(r, missing, w.authority, date(2025, 6, 25), &full_marks())
            .await
            .unwrap_err();
    assert!(
        matches!(e, CaseworkError::Round(RoundError::NotYetDue { .. })),
        "{e:?}"
    );
    // The input is the round's record, never typed.
    let mut typed = full_marks();
    typed["materials_on_time"] = true.into();
    let e =
        w.cw.record_round_appraisal(r, missing, w.authority, date(2025, 7, 2), &typed)
            .await
            .unwrap_err();
    assert!(
        matches!(e, CaseworkError::Round(RoundError::TypedInput { .. })),
        "{e:?}"
    );
    let on = date(2025, 7, 2);
    let good =
        w.cw.record_round_appraisal(r, on_time, w.authority, on, &full_marks())
            .await
            .unwrap();
    assert_eq!(good.grade, "excellent");
    assert_eq!(good.result["materials_basis"]["on_time"], true);
    // 第十九条（四）: not handed in by the deadline, or false → 视为不合格 whatever the score.
    for s in [missing, falsed] {
        let out =
            w.cw.record_round_appraisal(r, s, w.authority, on, &full_marks())
                .await
                .unwrap();
        assert_eq!(out.grade, "unqualified", "space {s}");
        let basis = &out.result["materials_basis"];
        assert_eq!(basis["on_time"], false);
        assert_eq!(basis["cite"], "第十九条（四）");
        assert!(basis["text"].as_str().unwrap().contains("视为不合格"));
        assert_eq!(out.result["override"]["cite"], "第十九条（四）");
        let trail = store::audit::trail(w.store().db(), "space", &s.to_string())
            .await
            .unwrap();
        let e = trail.iter().rfind(|e| e.action == "appraise").unwrap();
        assert!(
            e.reason
                .as_deref()
                .unwrap()
                .contains(&format!("考核批次 {r}")),
            "{:?}",
            e.reason
        );
    }
    let missing_basis = w.cw.materials_basis(r, missing, on).await.unwrap();
    assert_eq!(missing_basis.state, HandinState::Missing);
    assert!(missing_basis.text.contains("2025-06-30"));
    w.chain().await;
}

async fn two_hand_ins_at_once_keep_one(db: TestDb) {
    let w = World::new(&db).await;
    let (space, _, acc, _) = w.recognised(MEASURE, "150102").await;
    let r = round(&w, date(2025, 6, 30), date(2025, 6, 1)).await;
    let on = date(2025, 6, 10);
    let (a, b) = tokio::join!(
        w.cw.hand_in_appraisal_materials(r, space, acc, "甲", vec![], on),
        w.cw.hand_in_appraisal_materials(r, space, acc, "乙", vec![], on),
    );
    let (ok, refused) = match (a, b) {
        (Ok(h), Err(e)) | (Err(e), Ok(h)) => (h, e),
        other => panic!("exactly one hand-in must be kept: {other:?}"),
    };
    assert!(
        matches!(
            refused,
            CaseworkError::Round(RoundError::AlreadyHandedIn { id, .. }) if id == ok.id
        ),
        "{refused:?}"
    );
    w.chain().await;
}
