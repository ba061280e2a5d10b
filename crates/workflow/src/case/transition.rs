//! The transition function: a case, an action, an actor and a context give the next case and
//! the event to audit, or a refusal that changes nothing.

use jiff::civil::Date;
use policy::model::{Stage, StageKind};
use serde::{Deserialize, Serialize};

use super::{Action, Case, CaseState, Context, Decision, Notice, roles, routing, submit};
use crate::actor::{Actor, ActorId};
use crate::error::WorkflowError;
use policy::model::RoleKind;

/// A state change, as the audit trail records it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Event {
    /// The action's Chinese name.
    pub action: String,
    /// Who.
    pub actor: ActorId,
    /// When.
    pub on: Date,
    /// The state before.
    pub from: CaseState,
    /// The state after.
    pub to: CaseState,
    /// The reason or record given.
    pub reason: Option<String>,
    /// The article the step follows.
    pub cite: Option<String>,
}

fn stages<'a>(ctx: &Context<'a>) -> &'a [Stage] {
    &ctx.measure.measure.procedure.stage
}

fn stage<'a>(ctx: &Context<'a>, id: &str) -> Result<&'a Stage, WorkflowError> {
    ctx.measure
        .measure
        .procedure
        .stage
        .iter()
        .find(|s| s.id == id)
        .ok_or_else(|| WorkflowError::NoSuchStage(id.to_string()))
}

/// The first stage after the applicant's submission.
fn first_review_stage<'a>(ctx: &Context<'a>) -> Option<&'a Stage> {
    ctx.measure
        .measure
        .procedure
        .stage
        .iter()
        .find(|s| s.kind != StageKind::Submission)
}

fn next_stage<'a>(ctx: &Context<'a>, current: &str) -> Option<&'a Stage> {
    let all = stages(ctx);
    let i = all.iter().position(|s| s.id == current)?;
    all[i + 1..]
        .iter()
        .find(|s| s.kind != StageKind::Submission)
}

fn invalid(case: &Case, action: &Action) -> WorkflowError {
    WorkflowError::InvalidTransition {
        state: case.state.label(),
        action: action.label().to_string(),
    }
}

fn require_reason(text: &str, action: &Action) -> Result<(), WorkflowError> {
    if text.trim().is_empty() {
        Err(WorkflowError::ReasonRequired {
            action: action.label().to_string(),
        })
    } else {
        Ok(())
    }
}

fn open_objections(case: &Case) -> usize {
    case.objections
        .iter()
        .filter(|o| o.ruling.is_none())
        .count()
}

/// Applies an action. On success, the new case (version bumped) and the event; on refusal, an
/// error and the case untouched.
pub fn apply(
    case: &Case,
    action: &Action,
    actor: &Actor,
    ctx: &Context<'_>,
) -> Result<(Case, Event), WorkflowError> {
    let mut next = case.clone();
    let mut cite = None;
    let mut reason = None;
    match (&case.state, action) {
        (CaseState::Draft | CaseState::Returned { .. }, Action::Submit) => {
            if actor.kind != RoleKind::Applicant || actor.org.as_ref() != Some(&case.applicant) {
                return Err(WorkflowError::NotYours {
                    reason: "只有申报单位本身可以提交申报".into(),
                });
            }
            submit::check(ctx, case)?;
            let first =
                first_review_stage(ctx).ok_or_else(|| WorkflowError::NoSuchStage("初审".into()))?;
            next.route_role =
                routing::route(ctx.measure, &case.routing_facts).map(|r| r.role.clone());
            next.policy_hash = ctx.measure.hash.0.clone();
            next.submitted_on = Some(ctx.on);
            next.state = CaseState::AtStage {
                stage: first.id.clone(),
                since: ctx.on,
            };
            cite = stages(ctx)
                .iter()
                .find(|s| s.kind == StageKind::Submission)
                .map(|s| s.cite.to_string());
        }
        (
            CaseState::Draft | CaseState::Returned { .. } | CaseState::AtStage { .. },
            Action::Withdraw,
        ) => {
            if actor.kind != RoleKind::Applicant || actor.org.as_ref() != Some(&case.applicant) {
                return Err(WorkflowError::NotYours {
                    reason: "只有申报单位本身可以撤回申报".into(),
                });
            }
            next.state = CaseState::Withdrawn;
        }
        (CaseState::AtStage { stage: id, since }, _) => {
            let st = stage(ctx, id)?;
            roles::check(ctx.measure, case, st, actor)?;
            cite = Some(st.cite.to_string());
            match action {
                Action::Complete { note } => {
                    require_reason(note, action)?;
                    reason = Some(note.clone());
                    match st.kind {
                        StageKind::Decision => return Err(invalid(case, action)),
                        StageKind::PublicNotice => {
                            let notice = case.notice.ok_or_else(|| invalid(case, action))?;
                            if ctx.on <= notice.ends_on {
                                return Err(WorkflowError::NoticeNotEnded {
                                    ends_on: notice.ends_on,
                                });
                            }
                            let open = open_objections(case);
                            if open > 0 {
                                return Err(WorkflowError::ObjectionsOpen { open });
                            }
                        }
                        StageKind::SiteInspection
                            if !crate::review::inspected_since(case, *since) =>
                        {
                            return Err(WorkflowError::InspectionMissing);
                        }
                        StageKind::ExpertReview
                            if case.experts.is_empty()
                                || case.experts.iter().any(|a| a.score.is_none()) =>
                        {
                            return Err(WorkflowError::InvalidTransition {
                                state: case.state.label(),
                                action: "办结专家评审（须已指派专家且全部评分）".into(),
                            });
                        }
                        _ => {}
                    }
                    next.state = match next_stage(ctx, &st.id) {
                        Some(n) => CaseState::AtStage {
                            stage: n.id.clone(),
                            since: ctx.on,
                        },
                        None => return Err(invalid(case, action)),
                    };
                }
                Action::Return { reason: r } | Action::Reject { reason: r } => {
                    require_reason(r, action)?;
                    reason = Some(r.clone());
                    next.state = if matches!(action, Action::Return { .. }) {
                        CaseState::Returned {
                            stage: st.id.clone(),
                            reason: r.clone(),
                        }
                    } else {
                        CaseState::Rejected {
                            stage: st.id.clone(),
                            reason: r.clone(),
                        }
                    };
                }
                Action::PublishNotice { period } => {
                    if st.kind != StageKind::PublicNotice || case.notice.is_some() {
                        return Err(invalid(case, action));
                    }
                    let notice = ctx.measure.measure.procedure.public_notice.as_ref();
                    let period = notice
                        .and_then(|n| n.period)
                        .or(*period)
                        .ok_or(WorkflowError::NoticePeriodRequired)?;
                    // The notice runs from its publication; the publication day is not counted.
                    let ends_on = period
                        .last_day_after(ctx.on)
                        .ok_or(WorkflowError::NoticePeriodRequired)?;
                    next.notice = Some(Notice {
                        starts_on: ctx.on,
                        ends_on,
                    });
                    cite = notice.map(|n| n.cite.to_string()).or(cite);
                }
                Action::Decide {
                    recognised,
                    document_number,
                    reason: why,
                } => {
                    if st.kind != StageKind::Decision {
                        return Err(invalid(case, action));
                    }
                    let open = open_objections(case);
                    if open > 0 {
                        return Err(WorkflowError::ObjectionsOpen { open });
                    }
                    if document_number.trim().is_empty() {
                        return Err(WorkflowError::ReasonRequired {
                            action: "作出决定（须填写文号）".into(),
                        });
                    }
                    let form = &ctx.measure.measure.procedure.decision;
                    let valid_until = ctx
                        .measure
                        .measure
                        .validity
                        .as_ref()
                        .and_then(|v| v.period.last_day_after(ctx.on));
                    next.decision = Some(Decision {
                        recognised: *recognised,
                        document_number: document_number.clone(),
                        decided_on: ctx.on,
                        valid_until: valid_until.filter(|_| *recognised),
                        form: form.label.clone(),
                    });
                    next.state = if *recognised {
                        CaseState::Recognised
                    } else {
                        let r = why.clone().unwrap_or_default();
                        require_reason(&r, action)?;
                        CaseState::NotRecognised { reason: r }
                    };
                    reason = why.clone().or_else(|| Some(document_number.clone()));
                    cite = Some(form.cite.to_string());
                }
                Action::Submit | Action::Withdraw => return Err(invalid(case, action)),
            }
        }
        _ => return Err(invalid(case, action)),
    }
    next.version = case.version + 1;
    let event = Event {
        action: action.label().to_string(),
        actor: actor.id.clone(),
        on: ctx.on,
        from: case.state.clone(),
        to: next.state.clone(),
        reason,
        cite,
    };
    Ok((next, event))
}
