//! From submission to recognition for each jurisdiction, and the refusals along the way.

mod common;

use common::*;
use jiff::civil::date;
use policy::model::RoleKind;
use workflow::case::{Action, CaseState, apply};
use workflow::review::{self, Conflict, ConflictKind, ObjectionTarget};
use workflow::{ActorId, OrgId, WorkflowError};

const MEASURES: [(&str, &str); 4] = [
    ("inner-mongolia-2020", "150102"),
    ("xinjiang-2019", "650102"),
    ("shuozhou-2016", "140602"),
    ("anshan-2020", "210302"),
];

#[test]
fn every_measure_runs_from_submission_to_recognition() {
    let lib = library();
    for (id, region) in MEASURES {
        let m = lib.get(id).unwrap();
        let on = if id == "shuozhou-2016" {
            date(2022, 12, 1)
        } else {
            date(2024, 3, 1)
        };
        let case = draft(m, "org-a", region);
        let (case, _) = apply(
            &case,
            &Action::Submit,
            &applicant("org-a"),
            &ctx(&lib, m, on),
        )
        .unwrap();
        let (case, decided_on) = drive_to_decision(&lib, m, case, on);
        assert_eq!(case.state, CaseState::Recognised, "{id}");
        let d = case.decision.unwrap();
        assert_eq!(
            d.form, m.measure.procedure.decision.label,
            "{id}: decision form from the policy"
        );
        // 朔州 第十一条: 有效期为3年; the others set no validity.
        if id == "shuozhou-2016" {
            assert_eq!(
                d.valid_until,
                Some(date(2025, decided_on.month(), decided_on.day()))
            );
        } else {
            assert_eq!(d.valid_until, None, "{id}");
        }
    }
}

#[test]
fn shuozhou_college_spaces_go_via_the_education_bureau() {
    // 朔州 第五条（一）: 大专院校众创空间申请交市教育行政部门审核.
    let lib = library();
    let m = lib.get("shuozhou-2016").unwrap();
    let mut case = draft(m, "college", "140602");
    case.routing_facts
        .insert("premises.in_college".into(), serde_json::Value::Bool(true));
    let (case, _) = apply(
        &case,
        &Action::Submit,
        &applicant("college"),
        &ctx(&lib, m, date(2022, 12, 1)),
    )
    .unwrap();
    assert_eq!(case.route_role.as_deref(), Some("education-bureau"));
    let county = official(RoleKind::RecommendingUnit, "county-bureau", "140602");
    let err = apply(
        &case,
        &Action::Complete {
            note: "同意".into(),
        },
        &county,
        &ctx(&lib, m, date(2022, 12, 2)),
    )
    .unwrap_err();
    assert!(matches!(err, WorkflowError::WrongRole { .. }), "{err}");
    let edu = official(RoleKind::RecommendingUnit, "education-bureau", "140600");
    assert!(
        apply(
            &case,
            &Action::Complete {
                note: "同意".into()
            },
            &edu,
            &ctx(&lib, m, date(2022, 12, 2))
        )
        .is_ok()
    );
}

#[test]
fn shuozhou_submission_after_the_2022_deadline_is_refused_with_it_quoted() {
    // 《申报通知》四: 申报工作截止日期为2022年12月9日 (a Friday: no holiday shift).
    let lib = library();
    let m = lib.get("shuozhou-2016").unwrap();
    let case = draft(m, "late", "140602");
    assert!(
        apply(
            &case,
            &Action::Submit,
            &applicant("late"),
            &ctx(&lib, m, date(2022, 12, 9))
        )
        .is_ok()
    );
    let err = apply(
        &case,
        &Action::Submit,
        &applicant("late"),
        &ctx(&lib, m, date(2022, 12, 10)),
    )
    .unwrap_err();
    assert!(matches!(err, WorkflowError::Late { .. }));
    assert!(err.to_string().contains("2022-12-09"), "{err}");
}

#[test]
fn xinjiang_allows_one_filing_round_a_year() {
    // 新疆 第八条: 每年开展一次备案工作.
    let lib = library();
    let m = lib.get("xinjiang-2019").unwrap();
    let case = draft(m, "org-x", "650102");
    let earlier = [(workflow::case::CaseId("first".into()), date(2024, 2, 1))];
    let mut c = ctx(&lib, m, date(2024, 9, 1));
    c.other_submissions = &earlier;
    let err = apply(&case, &Action::Submit, &applicant("org-x"), &c).unwrap_err();
    assert!(
        matches!(err, WorkflowError::SecondInRound { per_year: 1, .. }),
        "{err}"
    );
    c.on = date(2025, 1, 2);
    assert!(apply(&case, &Action::Submit, &applicant("org-x"), &c).is_ok());
}

#[test]
fn a_fraud_ban_refuses_until_it_ends_and_accepts_after() {
    // 鞍山 第九条: 弄虚作假…2年内不得再次申报. Found 2022-03-15: banned through 2024-03-15.
    let lib = library();
    let m = lib.get("anshan-2020").unwrap();
    let case = draft(m, "org-f", "210302");
    let findings = [date(2022, 3, 15)];
    let mut c = ctx(&lib, m, date(2024, 3, 15));
    c.fraud_findings = &findings;
    let err = apply(&case, &Action::Submit, &applicant("org-f"), &c).unwrap_err();
    assert!(
        matches!(err, WorkflowError::Banned { until, .. } if until == date(2024, 3, 15)),
        "{err}"
    );
    c.on = date(2024, 3, 16);
    assert!(apply(&case, &Action::Submit, &applicant("org-f"), &c).is_ok());
}

#[test]
fn missing_materials_block_submission_with_a_list() {
    // 内蒙古 第七条: the materials list.
    let lib = library();
    let m = lib.get("inner-mongolia-2020").unwrap();
    let mut case = draft(m, "org-m", "150102");
    case.materials.remove("premises-title-or-lease");
    let err = apply(
        &case,
        &Action::Submit,
        &applicant("org-m"),
        &ctx(&lib, m, date(2024, 3, 1)),
    )
    .unwrap_err();
    assert!(err.to_string().contains("第七条"), "{err}");
}

#[test]
fn wrong_roles_and_other_organisations_are_refused_and_change_nothing() {
    let lib = library();
    let m = lib.get("anshan-2020").unwrap();
    let case = draft(m, "org-a", "210302");
    let (case, _) = apply(
        &case,
        &Action::Submit,
        &applicant("org-a"),
        &ctx(&lib, m, date(2024, 3, 1)),
    )
    .unwrap();
    let before = case.clone();
    let c = ctx(&lib, m, date(2024, 3, 2));
    // The applicant cannot recommend itself; the authority cannot do the county's 初审; a county
    // bureau of another city cannot act on it.
    assert!(matches!(
        apply(
            &case,
            &Action::Complete {
                note: "同意".into()
            },
            &applicant("org-a"),
            &c
        ),
        Err(WorkflowError::WrongRole { .. })
    ));
    assert!(matches!(
        apply(
            &case,
            &Action::Complete {
                note: "同意".into()
            },
            &official(RoleKind::Authority, "authority", "210300"),
            &c
        ),
        Err(WorkflowError::WrongRole { .. })
    ));
    assert!(matches!(
        apply(
            &case,
            &Action::Complete {
                note: "同意".into()
            },
            &official(RoleKind::RecommendingUnit, "county-bureau", "210400"),
            &c
        ),
        Err(WorkflowError::NotYours { .. })
    ));
    // Another applicant cannot withdraw it; a return needs a reason.
    assert!(apply(&case, &Action::Withdraw, &applicant("org-b"), &c).is_err());
    let county = official(RoleKind::RecommendingUnit, "county-bureau", "210302");
    assert!(matches!(
        apply(&case, &Action::Return { reason: " ".into() }, &county, &c),
        Err(WorkflowError::ReasonRequired { .. })
    ));
    assert_eq!(case, before);
}

#[test]
fn a_returned_case_keeps_its_reason_and_can_be_resubmitted() {
    let lib = library();
    let m = lib.get("anshan-2020").unwrap();
    let (case, _) = apply(
        &draft(m, "org-r", "210302"),
        &Action::Submit,
        &applicant("org-r"),
        &ctx(&lib, m, date(2024, 3, 1)),
    )
    .unwrap();
    let county = official(RoleKind::RecommendingUnit, "county-bureau", "210302");
    let (case, event) = apply(
        &case,
        &Action::Return {
            reason: "租赁合同复印件不清晰".into(),
        },
        &county,
        &ctx(&lib, m, date(2024, 3, 2)),
    )
    .unwrap();
    assert_eq!(event.reason.as_deref(), Some("租赁合同复印件不清晰"));
    assert!(matches!(case.state, CaseState::Returned { .. }));
    let (case, _) = apply(
        &case,
        &Action::Submit,
        &applicant("org-r"),
        &ctx(&lib, m, date(2024, 3, 5)),
    )
    .unwrap();
    assert!(
        matches!(case.state, CaseState::AtStage { ref stage, .. } if stage == "preliminary-review")
    );
}

#[test]
fn an_expert_with_a_conflict_is_refused_and_a_soft_one_needs_clearance() {
    let lib = library();
    let m = lib.get("anshan-2020").unwrap();
    let case = draft(m, "org-e", "210302");
    let expert = ActorId("expert-9".into());
    let employed = [Conflict {
        kind: ConflictKind::Employer,
        org: OrgId("org-e".into()),
        from: date(2020, 1, 1),
        until: None,
        note: "兼任技术顾问".into(),
    }];
    let err =
        review::assign(&case, &expert, &employed, Some("已确认"), date(2024, 3, 1)).unwrap_err();
    assert!(matches!(err, WorkflowError::Conflict { .. }), "{err}");
    let past = [Conflict {
        kind: ConflictKind::Collaboration,
        org: OrgId("org-e".into()),
        from: date(2019, 1, 1),
        until: Some(date(2020, 6, 30)),
        note: "合作课题".into(),
    }];
    assert!(matches!(
        review::assign(&case, &expert, &past, None, date(2024, 3, 1)),
        Err(WorkflowError::ConflictNeedsClearance { .. })
    ));
    let assigned = review::assign(
        &case,
        &expert,
        &past,
        Some("合作已结束三年以上，经局领导审核同意"),
        date(2024, 3, 1),
    )
    .unwrap();
    assert_eq!(assigned.experts.len(), 1);
    // An expert not assigned cannot score.
    assert!(matches!(
        review::score(&assigned, &ActorId("other".into()), 80, "", 100),
        Err(WorkflowError::NotAssigned)
    ));
}

#[test]
fn an_open_objection_blocks_the_decision_until_ruled() {
    let lib = library();
    let m = lib.get("xinjiang-2019").unwrap();
    let on = date(2024, 3, 1);
    let (mut case, _) = apply(
        &draft(m, "org-o", "650102"),
        &Action::Submit,
        &applicant("org-o"),
        &ctx(&lib, m, on),
    )
    .unwrap();
    let authority = official(RoleKind::Authority, "authority", "650000");
    // Move to the public notice stage.
    let mut day = on;
    while !matches!(case.state, CaseState::AtStage { ref stage, .. } if stage == "public-notice") {
        let CaseState::AtStage { stage, .. } = case.state.clone() else {
            panic!()
        };
        day = day.tomorrow().unwrap();
        if stage == "site-inspection" {
            let by = actor_for(m, &case, &stage).id;
            case = review::record_inspection(&case, &visit(day), Default::default(), &by, day)
                .unwrap();
        }
        case = apply(
            &case,
            &Action::Complete {
                note: "同意".into(),
            },
            &actor_for(m, &case, &stage),
            &ctx(&lib, m, day),
        )
        .unwrap()
        .0;
    }
    // 新疆 第十条3: 公示无异议的… The measure sets no period: the authority must give one.
    assert!(matches!(
        apply(
            &case,
            &Action::PublishNotice { period: None },
            &authority,
            &ctx(&lib, m, day)
        ),
        Err(WorkflowError::NoticePeriodRequired)
    ));
    case = apply(
        &case,
        &Action::PublishNotice {
            period: Some(policy::law::Period {
                days: 7,
                ..Default::default()
            }),
        },
        &authority,
        &ctx(&lib, m, day),
    )
    .unwrap()
    .0;
    let notice = case.notice.unwrap();
    case = review::object(
        &case,
        ObjectionTarget::Criterion {
            condition: "6.5-residents".into(),
        },
        "入驻企业数量不实",
        None,
        notice.ends_on,
    )
    .unwrap();
    assert!(
        review::object(
            &case,
            ObjectionTarget::Criterion {
                condition: "6.5-residents".into()
            },
            "逾期异议",
            None,
            notice.ends_on.tomorrow().unwrap()
        )
        .is_err()
    );
    let after = notice.ends_on.tomorrow().unwrap();
    let err = apply(
        &case,
        &Action::Complete {
            note: "公示结束".into(),
        },
        &authority,
        &ctx(&lib, m, after),
    )
    .unwrap_err();
    assert!(
        matches!(err, WorkflowError::ObjectionsOpen { open: 1 }),
        "{err}"
    );
    case = review::rule(
        &case,
        1,
        false,
        "经核查入驻协议，数量属实",
        &authority.id,
        after,
    )
    .unwrap();
    case = apply(
        &case,
        &Action::Complete {
            note: "公示无异议".into(),
        },
        &authority,
        &ctx(&lib, m, after),
    )
    .unwrap()
    .0;
    assert!(matches!(case.state, CaseState::AtStage { ref stage, .. } if stage == "decision"));
}
