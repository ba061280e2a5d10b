//! Site inspection records: 新疆 第十条第2项「各地州市科技局负责进行初审并实地核查」. The
//! inspection stage is completed only on a record of the visit made during this stay at the
//! stage; each refusal names its field and changes nothing.

mod common;

use common::*;
use jiff::civil::{Date, date};
use policy::model::RoleKind;
use workflow::WorkflowError;
use workflow::case::{Action, Case, CaseState, apply};
use workflow::review::{self, NewInspection};

fn at_inspection(lib: &policy::Library, on: Date) -> Case {
    let m = lib.get("xinjiang-2019").unwrap();
    let (case, _) = apply(
        &draft(m, "org-x", "650102"),
        &Action::Submit,
        &applicant("org-x"),
        &ctx(lib, m, on),
    )
    .unwrap();
    assert!(
        matches!(case.state, CaseState::AtStage { ref stage, .. } if stage == "site-inspection")
    );
    case
}

fn prefecture() -> workflow::Actor {
    official(RoleKind::RecommendingUnit, "prefecture", "650100")
}

fn complete(lib: &policy::Library, case: &Case, on: Date) -> Result<Case, WorkflowError> {
    let m = lib.get("xinjiang-2019").unwrap();
    apply(
        case,
        &Action::Complete {
            note: "实地核查完毕".into(),
        },
        &prefecture(),
        &ctx(lib, m, on),
    )
    .map(|(c, _)| c)
}

#[test]
fn the_stage_is_not_completed_without_a_record_of_the_visit() {
    let lib = library();
    let case = at_inspection(&lib, date(2024, 3, 1));
    assert_eq!(
        complete(&lib, &case, date(2024, 3, 4)),
        Err(WorkflowError::InspectionMissing)
    );
    let by = prefecture().id;
    let inspected = review::record_inspection(
        &case,
        &visit(date(2024, 3, 3)),
        Default::default(),
        &by,
        date(2024, 3, 4),
    )
    .unwrap();
    assert_eq!(inspected.version, case.version + 1);
    assert_eq!(inspected.inspections.len(), 1);
    assert_eq!(
        inspected.inspections[0].inspectors,
        ["核查员甲", "核查员乙"]
    );
    let next = complete(&lib, &inspected, date(2024, 3, 4)).unwrap();
    assert!(
        matches!(next.state, CaseState::AtStage { ref stage, .. } if stage == "preliminary-review")
    );
}

#[test]
fn each_impossible_field_is_refused_by_name_and_changes_nothing() {
    let lib = library();
    let case = at_inspection(&lib, date(2024, 3, 1));
    let by = prefecture().id;
    let today = date(2024, 3, 4);
    let field_of = |new: NewInspection| match review::record_inspection(
        &case,
        &new,
        Default::default(),
        &by,
        today,
    ) {
        Err(WorkflowError::InspectionInvalid { field, reason }) => (field, reason),
        other => panic!("{other:?}"),
    };
    // A visit after today has not happened.
    let (field, reason) = field_of(visit(date(2024, 3, 5)));
    assert_eq!(field, "visited_on");
    assert!(
        reason.contains("2024-03-05") && reason.contains("2024-03-04"),
        "{reason}"
    );
    // Nor before the case reached the stage (the submission day itself is the first day).
    assert_eq!(field_of(visit(date(2024, 2, 29))).0, "visited_on");
    assert!(
        review::record_inspection(
            &case,
            &visit(date(2024, 3, 1)),
            Default::default(),
            &by,
            today
        )
        .is_ok()
    );
    let mut blank = visit(today);
    blank.inspectors = vec![" ".into(), String::new()];
    assert_eq!(field_of(blank).0, "inspectors");
    let mut silent = visit(today);
    silent.note = "  ".into();
    assert_eq!(field_of(silent).0, "note");
    assert!(case.inspections.is_empty());
}

#[test]
fn a_record_from_before_a_return_does_not_complete_the_stage_again() {
    let lib = library();
    let m = lib.get("xinjiang-2019").unwrap();
    let case = at_inspection(&lib, date(2024, 3, 1));
    let by = prefecture().id;
    let case = review::record_inspection(
        &case,
        &visit(date(2024, 3, 2)),
        Default::default(),
        &by,
        date(2024, 3, 2),
    )
    .unwrap();
    let (case, _) = apply(
        &case,
        &Action::Return {
            reason: "场地面积与租赁合同不符，请补正".into(),
        },
        &prefecture(),
        &ctx(&lib, m, date(2024, 3, 2)),
    )
    .unwrap();
    let (case, _) = apply(
        &case,
        &Action::Submit,
        &applicant("org-x"),
        &ctx(&lib, m, date(2024, 3, 10)),
    )
    .unwrap();
    assert_eq!(case.inspections.len(), 1, "the old record is kept");
    assert_eq!(
        complete(&lib, &case, date(2024, 3, 12)),
        Err(WorkflowError::InspectionMissing)
    );
    let case = review::record_inspection(
        &case,
        &visit(date(2024, 3, 11)),
        Default::default(),
        &by,
        date(2024, 3, 12),
    )
    .unwrap();
    assert!(complete(&lib, &case, date(2024, 3, 12)).is_ok());
}
