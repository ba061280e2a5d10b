//! Who may act at a stage: the role the measure names, and for a recommending unit only the
//! one the case was routed to, for its own area.

use policy::LoadedMeasure;
use policy::model::{RoleKind, Stage};

use super::Case;
use crate::actor::Actor;
use crate::error::WorkflowError;

fn kind_label(kind: RoleKind) -> &'static str {
    match kind {
        RoleKind::Applicant => "申报单位",
        RoleKind::RecommendingUnit => "推荐单位",
        RoleKind::Authority => "认定机构",
        RoleKind::Expert => "评审专家",
        RoleKind::Public => "社会公众",
    }
}

/// Checks that `actor` may act on `case` at `stage`.
pub fn check(
    measure: &LoadedMeasure,
    case: &Case,
    stage: &Stage,
    actor: &Actor,
) -> Result<(), WorkflowError> {
    let def = measure
        .measure
        .role(&stage.role)
        .ok_or_else(|| WorkflowError::NoSuchStage(stage.role.clone()))?;
    // An expert-review stage is organised and closed by the authority; experts score it.
    let needed = if def.kind == RoleKind::Expert {
        RoleKind::Authority
    } else {
        def.kind
    };
    let wrong = || WorkflowError::WrongRole {
        stage: stage.label.clone(),
        expected: if def.kind == RoleKind::Expert {
            kind_label(needed).to_string()
        } else {
            def.label.clone()
        },
        actual: actor
            .role
            .as_deref()
            .and_then(|r| measure.measure.role(r))
            .map_or_else(|| kind_label(actor.kind).to_string(), |r| r.label.clone()),
        cite: stage.cite.to_string(),
    };
    if actor.kind != needed {
        return Err(wrong());
    }
    match needed {
        RoleKind::Applicant if actor.org.as_ref() != Some(&case.applicant) => {
            return Err(WorkflowError::NotYours {
                reason: "只能办理本单位的申报".into(),
            });
        }
        RoleKind::RecommendingUnit => {
            let routed = case.route_role.as_deref().unwrap_or(stage.role.as_str());
            if actor.role.as_deref() != Some(routed) {
                return Err(wrong());
            }
            match &actor.region {
                Some(area) if area.contains(&case.applicant_region) => {}
                _ => {
                    return Err(WorkflowError::NotYours {
                        reason: format!(
                            "申报单位注册地 {} 不在本推荐单位辖区内",
                            case.applicant_region
                        ),
                    });
                }
            }
        }
        _ => {}
    }
    Ok(())
}
