//! Shared test helpers: actors for each role kind and a driver that takes a case through its
//! measure's whole procedure.

#![allow(dead_code)]

use jiff::ToSpan;
use jiff::civil::Date;
use policy::law::Period;
use policy::model::{RegionCode, RoleKind, StageKind};
use policy::{Library, LoadedMeasure};
use workflow::case::{Action, Case, CaseId, CaseState, Context, apply};
use workflow::review;
use workflow::{Actor, ActorId, OrgId};

/// The embedded policies.
pub fn library() -> Library {
    Library::embedded().expect("policies load")
}

/// A person of an applicant organisation.
pub fn applicant(org: &str) -> Actor {
    Actor {
        id: ActorId(format!("{org}-user")),
        kind: RoleKind::Applicant,
        role: None,
        org: Some(OrgId(org.into())),
        region: None,
    }
}

/// An official holding a policy role for an area.
pub fn official(kind: RoleKind, role: &str, region: &str) -> Actor {
    Actor {
        id: ActorId(format!("{role}-clerk")),
        kind,
        role: Some(role.into()),
        org: Some(OrgId(role.into())),
        region: Some(RegionCode::parse(region).unwrap()),
    }
}

/// A context on a date with no other records.
pub fn ctx<'a>(library: &'a Library, measure: &'a LoadedMeasure, on: Date) -> Context<'a> {
    Context {
        library,
        measure,
        on,
        extra_calls: &[],
        other_submissions: &[],
        fraud_findings: &[],
    }
}

/// A draft with every required material.
pub fn draft(measure: &LoadedMeasure, org: &str, region: &str) -> Case {
    let mut c = Case::draft(
        CaseId(format!("{}-{org}", measure.id())),
        measure,
        OrgId(org.into()),
        RegionCode::parse(region).unwrap(),
        None,
    );
    c.materials = measure
        .measure
        .material
        .iter()
        .map(|m| m.id.clone())
        .collect();
    c
}

/// The actor that performs `stage` of the case (the routed recommending unit for its area).
pub fn actor_for(measure: &LoadedMeasure, case: &Case, stage_id: &str) -> Actor {
    let stage = measure
        .measure
        .procedure
        .stage
        .iter()
        .find(|s| s.id == stage_id)
        .unwrap();
    let role = measure.measure.role(&stage.role).unwrap();
    match role.kind {
        RoleKind::RecommendingUnit => {
            let routed = case.route_role.clone().unwrap_or(stage.role.clone());
            official(
                RoleKind::RecommendingUnit,
                &routed,
                case.applicant_region.as_str(),
            )
        }
        RoleKind::Expert | RoleKind::Authority => official(
            RoleKind::Authority,
            &stage.role,
            measure.measure.measure.jurisdiction.code.as_str(),
        ),
        other => panic!("unexpected stage role kind {other:?}"),
    }
}

/// Drives a submitted case through every stage to a positive decision, returning the case and
/// the decision date. Notices without a policy period get 7 days.
pub fn drive_to_decision(
    library: &Library,
    measure: &LoadedMeasure,
    mut case: Case,
    mut on: Date,
) -> (Case, Date) {
    while let CaseState::AtStage { stage, .. } = case.state.clone() {
        let st = measure
            .measure
            .procedure
            .stage
            .iter()
            .find(|s| s.id == stage)
            .unwrap()
            .clone();
        let actor = actor_for(measure, &case, &st.id);
        on = on.checked_add(1.day()).unwrap();
        match st.kind {
            StageKind::PublicNotice => {
                let (c, _) = apply(
                    &case,
                    &Action::PublishNotice {
                        period: Some(Period {
                            days: 7,
                            ..Period::default()
                        }),
                    },
                    &actor,
                    &ctx(library, measure, on),
                )
                .unwrap();
                case = c;
                on = case.notice.unwrap().ends_on.checked_add(1.day()).unwrap();
            }
            StageKind::SiteInspection => {
                case =
                    review::record_inspection(&case, &visit(on), Default::default(), &actor.id, on)
                        .unwrap();
            }
            StageKind::ExpertReview => {
                let expert = ActorId("expert-1".into());
                case = review::assign(&case, &expert, &[], None, on).unwrap();
                case = review::score(&case, &expert, 82, "条件具备", 100).unwrap();
            }
            StageKind::Decision => {
                let (c, _) = apply(
                    &case,
                    &Action::Decide {
                        recognised: true,
                        document_number: "测试〔2024〕1号".into(),
                        reason: None,
                    },
                    &actor,
                    &ctx(library, measure, on),
                )
                .unwrap();
                return (c, on);
            }
            _ => {}
        }
        let (c, _) = apply(
            &case,
            &Action::Complete {
                note: format!("{}：同意", st.label),
            },
            &actor,
            &ctx(library, measure, on),
        )
        .unwrap();
        case = c;
    }
    (case, on)
}

/// A site inspection on `on` that found the premises as declared.
pub fn visit(on: Date) -> workflow::review::NewInspection {
    workflow::review::NewInspection {
        visited_on: on,
        inspectors: vec!["核查员甲".into(), "核查员乙".into()],
        consistent: true,
        note: "场地面积、工位数与申报一致".into(),
        measured: Default::default(),
    }
}
