//! From call to register for each measure, and the refusals along the way: each refused action
//! changes nothing (the case, its version and the audit chain are as before).

use casework::CaseworkError;
use jiff::civil::date;
use store::StoreError;
use workflow::WorkflowError;
use workflow::case::{Action, CaseState};
use workflow::lifecycle::SpaceStatus;
use workflow::review::{ConflictKind, ObjectionTarget};

use crate::world::{MEASURES, World};
use testkit::TestDb;
use testkit::both_backends;

both_backends!(
    every_measure_from_call_to_register,
    a_stale_version_is_a_conflict_and_changes_nothing,
    a_wrong_role_is_refused_and_changes_nothing,
    a_late_submission_is_refused_with_the_deadline_quoted,
    an_expert_with_a_conflict_is_refused,
    an_open_objection_blocks_the_decision,
    a_ban_refuses_a_new_application_until_it_ends,
    a_second_application_in_the_round_is_refused,
    two_submissions_at_once_are_judged_one_after_the_other,
    a_site_inspection_is_recorded_by_the_stage_role_and_audited,
    a_site_inspection_measures_facts_and_checks_the_case_again_on_them,
);

async fn every_measure_from_call_to_register(db: TestDb) {
    let w = World::new(&db).await;
    for (measure, region) in MEASURES {
        let (rec, _org, _acc, on) = w.submitted(measure, region).await;
        assert!(
            matches!(rec.case.state, CaseState::AtStage { .. }),
            "{measure}"
        );
        assert_eq!(
            rec.case.policy_hash,
            w.cw.library.get(measure).unwrap().hash.0
        );
        let (rec, decided) = w.drive(rec, on, None).await;
        assert_eq!(rec.case.state, CaseState::Recognised, "{measure}");
        // What an action answers is the record as stored (it is built, not read back).
        assert_eq!(w.cw.case(rec.id).await.unwrap(), rec, "{measure}");
        let space =
            w.cw.space_of_case(rec.id)
                .await
                .unwrap()
                .expect("on the register");
        assert_eq!(space.status, SpaceStatus::Active);
        assert_eq!(space.recognised_on, decided);
        assert_eq!(space.measure, measure);
        assert_eq!(space.document_number.as_deref(), Some("测试〔2024〕1号"));
        // 朔州 第十一条: 有效期为3年; the others set no validity.
        if measure == "shuozhou-2016" {
            assert_eq!(
                space.valid_until,
                Some(date(decided.year() + 3, decided.month(), decided.day()))
            );
        } else {
            assert_eq!(space.valid_until, None, "{measure}");
        }
        let history = w.cw.history(rec.id).await.unwrap();
        let actions: Vec<&str> = history.iter().map(|e| e.action.as_str()).collect();
        assert_eq!(actions.first(), Some(&"create"));
        assert!(
            actions.contains(&"submit") && actions.contains(&"decide"),
            "{actions:?}"
        );
        assert!(
            history
                .iter()
                .find(|e| e.action == "decide")
                .and_then(|e| e.reason.as_deref())
                .is_some_and(|r| r.contains("依据")),
            "the decision cites its article"
        );
        // Each upload is recorded under the material's name as the measure gives it.
        let m = w.cw.library.get(measure).unwrap();
        for material in &m.measure.material {
            assert!(
                history.iter().any(|e| e.action == "attach"
                    && e.reason
                        .as_deref()
                        .is_some_and(|r| r.starts_with(&format!("{}：", material.label)))),
                "{measure}: {}",
                material.id
            );
        }
    }
    let reg =
        w.cw.register(&Default::default(), Default::default())
            .await
            .unwrap();
    assert_eq!(reg.total, 4);
    w.chain().await;
}

async fn a_stale_version_is_a_conflict_and_changes_nothing(db: TestDb) {
    let w = World::new(&db).await;
    let (rec, _, _, on) = w.submitted("anshan-2020", "210302").await;
    let county = w.actor_for(&rec, "preliminary-review").await;
    let moved =
        w.cw.act(
            rec.id,
            rec.version,
            county,
            Action::Complete {
                note: "同意推荐".into(),
            },
            on,
        )
        .await
        .unwrap();
    let chain = w.chain().await;
    // A second clerk still holds the version before.
    let err =
        w.cw.act(
            rec.id,
            rec.version,
            county,
            Action::Return {
                reason: "补充材料".into(),
            },
            on,
        )
        .await
        .unwrap_err();
    assert!(err.is_conflict(), "{err}");
    assert!(
        matches!(&err, CaseworkError::Store(StoreError::Conflict { expected, current, .. })
            if *expected == rec.version && *current == moved.version)
    );
    assert!(err.to_string().contains("请刷新后重试"), "{err}");
    assert_eq!(w.cw.case(rec.id).await.unwrap(), moved);
    assert_eq!(w.chain().await, chain);
}

async fn a_wrong_role_is_refused_and_changes_nothing(db: TestDb) {
    let w = World::new(&db).await;
    let (rec, _, applicant, on) = w.submitted("anshan-2020", "210302").await;
    let chain = w.chain().await;
    // The authority cannot do the county bureau's 初审; the applicant cannot recommend itself;
    // a county bureau of another city may not act on it.
    let err =
        w.cw.act(
            rec.id,
            rec.version,
            w.authority,
            Action::Complete {
                note: "同意".into(),
            },
            on,
        )
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            CaseworkError::Workflow(WorkflowError::WrongRole { .. })
        ),
        "{err}"
    );
    assert!(
        err.to_string().contains("初审") || err.to_string().contains("须由"),
        "{err}"
    );
    let err =
        w.cw.act(
            rec.id,
            rec.version,
            applicant,
            Action::Complete {
                note: "同意".into(),
            },
            on,
        )
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            CaseworkError::Workflow(WorkflowError::WrongRole { .. })
        ),
        "{err}"
    );
    let other = w.recommender("county-bureau", "210400").await;
    let err =
        w.cw.act(
            rec.id,
            rec.version,
            other,
            Action::Complete {
                note: "同意".into(),
            },
            on,
        )
        .await
        .unwrap_err();
    assert!(
        matches!(err, CaseworkError::Workflow(WorkflowError::NotYours { .. })),
        "{err}"
    );
    // An expert cannot assign experts.
    assert!(matches!(
        w.cw.assign_expert(rec.id, rec.version, w.expert, w.expert, None, on)
            .await,
        Err(CaseworkError::Forbidden { .. })
    ));
    assert_eq!(w.cw.case(rec.id).await.unwrap(), rec);
    // The recommender's account was created (audited) in between; the case's trail is unchanged.
    let trail = w.cw.history(rec.id).await.unwrap();
    assert_eq!(trail.last().unwrap().action, "submit");
    let (n, _) = w.chain().await;
    assert_eq!(
        n,
        chain.0 + 2,
        "only the other bureau's account and its role were added"
    );
}

async fn a_late_submission_is_refused_with_the_deadline_quoted(db: TestDb) {
    // 《申报通知》四: 申报工作截止日期为2022年12月9日.
    let w = World::new(&db).await;
    let (org, acc) = w.applicant("140602").await;
    let d = w.draft("shuozhou-2016", org, acc, "shuozhou-2022").await;
    let chain = w.chain().await;
    let err =
        w.cw.act(d.id, d.version, acc, Action::Submit, date(2022, 12, 10))
            .await
            .unwrap_err();
    assert!(
        matches!(err, CaseworkError::Workflow(WorkflowError::Late { .. })),
        "{err}"
    );
    let msg = err.to_string();
    assert!(
        msg.contains("2022-12-09") && msg.contains("申报工作截止日期为2022年12月9日"),
        "{msg}"
    );
    assert_eq!(w.cw.case(d.id).await.unwrap(), d);
    assert_eq!(w.chain().await, chain);
    // On the last day it is accepted.
    let ok =
        w.cw.act(d.id, d.version, acc, Action::Submit, date(2022, 12, 9))
            .await
            .unwrap();
    assert!(matches!(ok.case.state, CaseState::AtStage { .. }));
    w.chain().await;
}

async fn an_expert_with_a_conflict_is_refused(db: TestDb) {
    let w = World::new(&db).await;
    let (rec, org, _, on) = w.submitted("anshan-2020", "210302").await;
    let (rec, on) = w.drive(rec, on, Some("expert-review")).await;
    w.cw.record_conflict(
        w.authority,
        casework::NewConflict {
            expert: w.expert,
            org,
            kind: ConflictKind::Employer,
            from: date(2020, 1, 1),
            until: None,
            note: "兼任技术顾问".into(),
        },
    )
    .await
    .unwrap();
    let chain = w.chain().await;
    let err =
        w.cw.assign_expert(
            rec.id,
            rec.version,
            w.authority,
            w.expert,
            Some("已确认"),
            on,
        )
        .await
        .unwrap_err();
    assert!(
        matches!(err, CaseworkError::Workflow(WorkflowError::Conflict { .. })),
        "{err}"
    );
    assert!(err.to_string().contains("兼任技术顾问"), "{err}");
    assert_eq!(w.cw.case(rec.id).await.unwrap(), rec);
    assert_eq!(w.chain().await, chain);
    // Another expert without relations is assigned; the review cannot close before scoring.
    let other = w.account(store::AccountRole::Expert, None, None).await;
    let rec =
        w.cw.assign_expert(rec.id, rec.version, w.authority, other, None, on)
            .await
            .unwrap();
    assert!(
        w.cw.act(
            rec.id,
            rec.version,
            w.authority,
            Action::Complete {
                note: "评审结束".into()
            },
            on
        )
        .await
        .is_err()
    );
    let rec =
        w.cw.score(rec.id, rec.version, other, 78, "基本具备")
            .await
            .unwrap();
    assert_eq!(rec.case.experts[0].score, Some(78));
    w.chain().await;
}

async fn an_open_objection_blocks_the_decision(db: TestDb) {
    let w = World::new(&db).await;
    let (rec, _, _, on) = w.submitted("xinjiang-2019", "650102").await;
    let (rec, on) = w.drive(rec, on, Some("public-notice")).await;
    let on = on.tomorrow().unwrap();
    let rec = w.publish_notice(&rec, w.authority, on).await;
    let notice = rec.case.notice.unwrap();
    let rec =
        w.cw.object(
            rec.id,
            ObjectionTarget::Criterion {
                condition: "6.5-residents".into(),
            },
            "入驻企业数量不实",
            Some("13800000000"),
            notice.ends_on,
        )
        .await
        .unwrap();
    let after = notice.ends_on.tomorrow().unwrap();
    let chain = w.chain().await;
    let err =
        w.cw.act(
            rec.id,
            rec.version,
            w.authority,
            Action::Complete {
                note: "公示结束".into(),
            },
            after,
        )
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            CaseworkError::Workflow(WorkflowError::ObjectionsOpen { open: 1 })
        ),
        "{err}"
    );
    assert_eq!(w.cw.case(rec.id).await.unwrap(), rec);
    assert_eq!(w.chain().await, chain);
    let rec =
        w.cw.rule_objection(
            rec.id,
            rec.version,
            w.authority,
            1,
            false,
            "经核查入驻协议，数量属实",
            after,
        )
        .await
        .unwrap();
    let rec =
        w.cw.act(
            rec.id,
            rec.version,
            w.authority,
            Action::Complete {
                note: "公示无异议".into(),
            },
            after,
        )
        .await
        .unwrap();
    let rec =
        w.cw.act(
            rec.id,
            rec.version,
            w.authority,
            Action::Decide {
                recognised: true,
                document_number: "新科发〔2024〕3号".into(),
                reason: None,
            },
            after,
        )
        .await
        .unwrap();
    assert_eq!(rec.case.state, CaseState::Recognised);
    assert!(rec.case.objections[0].ruling.is_some());
    w.chain().await;
}

async fn a_ban_refuses_a_new_application_until_it_ends(db: TestDb) {
    // 鞍山 第九条: 弄虚作假…2年内不得再次申报. Found 2022-03-15: banned through 2024-03-15.
    let w = World::new(&db).await;
    let (_, call) = w.call_for("anshan-2020").await;
    let (org, acc) = w.applicant("210302").await;
    w.cw.record_fraud(
        w.authority,
        org,
        date(2022, 3, 15),
        "提供虚假租赁合同",
        "第九条",
    )
    .await
    .unwrap();
    let d = w.draft("anshan-2020", org, acc, &call).await;
    let chain = w.chain().await;
    let err =
        w.cw.act(d.id, d.version, acc, Action::Submit, date(2024, 3, 15))
            .await
            .unwrap_err();
    assert!(
        matches!(&err, CaseworkError::Workflow(WorkflowError::Banned { until, .. }) if *until == date(2024, 3, 15)),
        "{err}"
    );
    assert_eq!(w.chain().await, chain);
    let ok =
        w.cw.act(d.id, d.version, acc, Action::Submit, date(2024, 3, 16))
            .await
            .unwrap();
    assert!(matches!(ok.case.state, CaseState::AtStage { .. }));
    w.chain().await;
}

async fn a_second_application_in_the_round_is_refused(db: TestDb) {
    // 新疆 第八条: 每年开展一次备案工作.
    let w = World::new(&db).await;
    let (_, call) = w.call_for("xinjiang-2019").await;
    let (org, acc) = w.applicant("650102").await;
    let first = w.draft("xinjiang-2019", org, acc, &call).await;
    w.cw.act(
        first.id,
        first.version,
        acc,
        Action::Submit,
        date(2024, 3, 1),
    )
    .await
    .unwrap();
    let second = w.draft("xinjiang-2019", org, acc, &call).await;
    let err =
        w.cw.act(
            second.id,
            second.version,
            acc,
            Action::Submit,
            date(2024, 4, 1),
        )
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            CaseworkError::Workflow(WorkflowError::SecondInRound { .. })
        ),
        "{err}"
    );
    w.chain().await;
}

/// 新疆 第八条「每年开展一次备案工作」, with two drafts of one applicant submitted at the same
/// moment: whichever is saved first is accepted and the other is refused as a second
/// application in the round. Each submission is judged on the applicant's other submissions as
/// they stand when it is saved, not as they stood when it was read (on SQLite the check rides
/// in the save's condition; on PostgreSQL the applicant is locked while it is judged).
async fn two_submissions_at_once_are_judged_one_after_the_other(db: TestDb) {
    let w = World::new(&db).await;
    let (_, call) = w.call_for("xinjiang-2019").await;
    // Rounds enough for the two to overlap: without the condition (SQLite) or the lock
    // (PostgreSQL), some of them were both accepted in most runs.
    for _ in 0..24 {
        let (org, acc) = w.applicant("650102").await;
        let mut tasks = Vec::new();
        for _ in 0..2 {
            let d = w.draft("xinjiang-2019", org, acc, &call).await;
            let cw = w.cw.clone();
            tasks.push(tokio::spawn(async move {
                cw.act(d.id, d.version, acc, Action::Submit, date(2024, 3, 1))
                    .await
            }));
        }
        let mut accepted = 0;
        for t in tasks {
            match t.await.unwrap() {
                Ok(rec) => {
                    assert!(matches!(rec.case.state, CaseState::AtStage { .. }));
                    accepted += 1;
                }
                Err(CaseworkError::Workflow(WorkflowError::SecondInRound { .. })) => {}
                Err(other) => panic!("{other}"),
            }
        }
        assert_eq!(accepted, 1, "exactly one submission in the round");
    }
    w.chain().await;
}

/// 新疆 第十条第2项「各地州市科技局负责进行初审并实地核查」: the prefecture records the visit
/// (the applicant and the authority may not), the record is audited, and only then does the
/// stage complete.
async fn a_site_inspection_is_recorded_by_the_stage_role_and_audited(db: TestDb) {
    let w = World::new(&db).await;
    let (rec, _, applicant, on) = w.submitted("xinjiang-2019", "650102").await;
    let prefecture = w.actor_for(&rec, "site-inspection").await;
    let visit = workflow::review::NewInspection {
        visited_on: on,
        inspectors: vec!["核查员甲".into()],
        consistent: false,
        note: "实测公共服务区 300 平方米，少于申报的 380 平方米".into(),
        measured: Default::default(),
    };
    let chain = w.chain().await;
    for (who, expected) in [(applicant, "applicant"), (w.authority, "authority")] {
        let err =
            w.cw.record_inspection(rec.id, rec.version, who, &visit, on)
                .await
                .unwrap_err();
        assert!(
            matches!(
                err,
                CaseworkError::Workflow(WorkflowError::WrongRole { .. })
                    | CaseworkError::Forbidden { .. }
            ),
            "{expected}: {err:?}"
        );
    }
    let err =
        w.cw.act(
            rec.id,
            rec.version,
            prefecture,
            Action::Complete {
                note: "核查完毕".into(),
            },
            on,
        )
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            CaseworkError::Workflow(WorkflowError::InspectionMissing)
        ),
        "{err:?}"
    );
    assert_eq!(w.chain().await, chain, "refusals change nothing");
    let inspected =
        w.cw.record_inspection(rec.id, rec.version, prefecture, &visit, on)
            .await
            .unwrap();
    assert_eq!(inspected.version, rec.version + 1);
    let record = &inspected.case.inspections[0];
    assert!(!record.consistent);
    assert_eq!(record.visited_on, on);
    let trail = w.cw.history(rec.id).await.unwrap();
    let last = trail.last().unwrap();
    assert_eq!(last.action, "record_inspection");
    assert!(
        last.reason
            .as_deref()
            .unwrap_or("")
            .contains("与申报不一致"),
        "{last:?}"
    );
    let done =
        w.cw.act(
            rec.id,
            inspected.version,
            prefecture,
            Action::Complete {
                note: "核查完毕".into(),
            },
            on,
        )
        .await
        .unwrap();
    assert!(
        matches!(done.case.state, CaseState::AtStage { ref stage, .. } if stage == "preliminary-review")
    );
}

/// 新疆 第十条第2项: the prefecture's visit measures the premises. Only facts the dictionary
/// marks verifiable on site are taken, typed as the profile types them, each refusal named by
/// its field and nothing changed. Taken, each stands beside the declared value, and the check is
/// run again on the values found: 第六条's 500 ㎡ or 30 workstations (either) is not met by
/// 450 ㎡ and 20 workstations, where the application declared neither.
async fn a_site_inspection_measures_facts_and_checks_the_case_again_on_them(db: TestDb) {
    let w = World::new(&db).await;
    let (rec, _, _, on) = w.submitted("xinjiang-2019", "650102").await;
    let prefecture = w.actor_for(&rec, "site-inspection").await;
    let visit = |measured: serde_json::Value| workflow::review::NewInspection {
        visited_on: on,
        inspectors: vec!["核查员甲".into(), "核查员乙".into()],
        consistent: false,
        note: "实测场地面积和工位数少于办法要求".into(),
        measured: serde_json::from_value(measured).unwrap(),
    };
    let chain = w.chain().await;
    for (measured, field) in [
        (
            serde_json::json!({ "operator.name": "某公司" }),
            "measured.operator.name",
        ),
        (
            serde_json::json!({ "premises.nope": 1 }),
            "measured.premises.nope",
        ),
        (
            serde_json::json!({ "premises.total_area_m2": "四百五十" }),
            "measured.premises.total_area_m2",
        ),
        (
            // 公共服务场地 larger than the whole: the dictionary's part-of-whole constraint.
            serde_json::json!({ "premises.total_area_m2": 450, "premises.public_area_m2": 900 }),
            "measured.premises",
        ),
    ] {
        let err =
            w.cw.record_inspection(
                rec.id,
                rec.version,
                prefecture,
                &visit(measured.clone()),
                on,
            )
            .await
            .unwrap_err();
        let CaseworkError::Facts(fields) = &err else {
            panic!("{measured}: {err:?}");
        };
        assert!(
            fields.iter().any(|e| e.field.starts_with(field)),
            "{measured}: {fields:?}"
        );
    }
    assert_eq!(w.chain().await, chain, "refusals change nothing");
    assert_eq!(w.cw.case(rec.id).await.unwrap().version, rec.version);

    let inspected =
        w.cw.record_inspection(
            rec.id,
            rec.version,
            prefecture,
            &visit(serde_json::json!({
                "premises.total_area_m2": 450,
                "premises.workstations": 20,
            })),
            on,
        )
        .await
        .unwrap();
    let record = &inspected.case.inspections[0];
    let found: Vec<(&str, Option<&serde_json::Value>, &serde_json::Value, bool)> = record
        .measurements
        .iter()
        .map(|m| (m.fact.as_str(), m.declared.as_ref(), &m.found, m.differs))
        .collect();
    assert_eq!(
        found,
        [
            (
                "premises.total_area_m2",
                None,
                &serde_json::json!(450),
                true
            ),
            ("premises.workstations", None, &serde_json::json!(20), true),
        ]
    );
    // The condition on the premises, as the policy file states it.
    let m = w.cw.library.get("xinjiang-2019").unwrap();
    let premises = m
        .measure
        .condition
        .iter()
        .find(|c| {
            let facts = c.rule.facts();
            facts.iter().any(|f| f.as_str() == "premises.total_area_m2")
                && facts.iter().any(|f| f.as_str() == "premises.workstations")
        })
        .expect("新疆's condition on area or workstations");
    let recheck = record.recheck.as_ref().expect("checked again");
    assert_eq!(recheck.verdict, "ineligible", "{recheck:?}");
    assert_eq!(recheck.declared_verdict, "incomplete", "{recheck:?}");
    let changed = recheck
        .changed
        .iter()
        .find(|c| c.id == premises.id)
        .unwrap_or_else(|| panic!("{} changed: {recheck:?}", premises.id));
    assert_eq!(changed.article, premises.cite.to_string());
    assert_eq!(
        (changed.declared.as_str(), changed.measured.as_str()),
        ("缺少资料", "不满足")
    );
    // Either branch fails on the values found: the report's sentence says so.
    assert!(changed.message.contains("均不满足"), "{changed:?}");
    let last = w.cw.history(rec.id).await.unwrap().pop().unwrap();
    let reason = last.reason.unwrap_or_default();
    assert!(
        reason.contains("核实与申报不符")
            && reason.contains("众创空间总面积 申报 未申报，核实 450"),
        "{reason}"
    );
}
