//! A stored case turned into the page's view: steps with their time limits, deadline,
//! notice, objections, experts, materials, facts, form values and history.

use casework::{CaseRecord, Casework};
use jiff::civil::Date;
use policy::model::StageKind;
use workflow::case::CaseState;
use workflow::review::ObjectionTarget;

use super::{
    CaseView, ExpertView, FactView, FileView, MaterialView, ObjectionView, PolicyChange, StepView,
    facts_view, history, org_name, stage_role_kind, state_class, state_label, today, value_text,
};
use crate::error::AppError;
use crate::state::AppState;

/// The case's call, read once for the page (none without a call, or when the calls cannot be
/// read).
async fn call_of(cw: &Casework, c: &workflow::case::Case) -> Option<casework::CallRecord> {
    let id = c.call.as_ref()?;
    cw.call(&c.measure, id).await.ok().flatten()
}

/// Each step's time limit: the call's deadline for submission, the notice period for the public
/// notice (as published, or the measure's period), and for the other steps what the measure
/// says (none of the encoded measures sets one, so the page says so rather than invent one).
fn step_deadlines(
    call_deadline: Option<Date>,
    m: &policy::LoadedMeasure,
    c: &workflow::case::Case,
    today: Date,
    steps: &mut [StepView],
) {
    for (st, v) in m.measure.procedure.stage.iter().zip(steps.iter_mut()) {
        let open = matches!(v.status, "current" | "todo");
        match st.kind {
            StageKind::Submission => match call_deadline {
                Some(d) => {
                    v.deadline = format!("申报截止 {d}（申报通知）");
                    v.overdue = v.status == "current" && today > d;
                }
                None => v.deadline = "按申报通知规定的截止日期".into(),
            },
            StageKind::PublicNotice => {
                let pn = m.measure.procedure.public_notice.as_ref();
                v.deadline = match (c.notice, pn.and_then(|p| p.period)) {
                    (Some(n), _) => format!("公示期 {} 至 {}", n.starts_on, n.ends_on),
                    (None, Some(p)) => format!(
                        "公示期{p}（{}）",
                        pn.map(|p| p.cite.to_string()).unwrap_or_default()
                    ),
                    (None, None) => "公示期限由认定机构发布公示时确定（办法未规定）".into(),
                };
                v.overdue = false;
            }
            _ => {
                v.deadline = "办法未规定办理时限".into();
                v.overdue = false;
            }
        }
        if !open {
            v.overdue = false;
        }
    }
}

/// A case as the pages show it (with its history).
pub async fn case_view(
    state: &AppState,
    cw: &Casework,
    rec: &CaseRecord,
) -> Result<CaseView, AppError> {
    let today = today(state);
    let m = state.library.get(&rec.case.measure);
    let c = &rec.case;
    // The unit routed to by name, with the measure's word for it (呼和浩特市科学技术局（盟市
    // 科技局）); the measure's word alone where no such account is set up.
    let route_role = match &c.route_role {
        Some(r) => {
            let label = m
                .and_then(|m| m.measure.role(r))
                .map_or_else(|| r.clone(), |d| d.label.clone());
            let units = cw
                .recommending_units(&c.measure, r, c.applicant_region.as_str())
                .await
                .unwrap_or_default();
            Some(if units.is_empty() {
                label
            } else {
                format!("{}（{label}）", units.join("、"))
            })
        }
        None => None,
    };
    let org_id: i64 = c.applicant.0.parse().unwrap_or_default();
    let (stage, since) = match &c.state {
        CaseState::AtStage { stage, since } => (Some(stage.clone()), Some(*since)),
        _ => (None, None),
    };
    let mut steps = Vec::new();
    if let Some(m) = m {
        let current = match &c.state {
            CaseState::AtStage { stage, .. }
            | CaseState::Returned { stage, .. }
            | CaseState::Rejected { stage, .. } => Some(stage.as_str()),
            _ => None,
        };
        let pos = current.and_then(|s| m.measure.procedure.stage.iter().position(|x| x.id == s));
        for (i, st) in m.measure.procedure.stage.iter().enumerate() {
            let status = match (&c.state, pos) {
                (CaseState::Recognised | CaseState::NotRecognised { .. }, _) => "done",
                (CaseState::Draft, _) if st.kind == StageKind::Submission => "current",
                (CaseState::Draft, _) => "todo",
                (CaseState::Rejected { .. }, Some(p)) if i == p => "stopped",
                (CaseState::Returned { .. }, _) if st.kind == StageKind::Submission => "current",
                (_, Some(p)) if i < p => "done",
                (CaseState::AtStage { .. }, Some(p)) if i == p => "current",
                _ => "todo",
            };
            let role = m
                .measure
                .role(&st.role)
                .map_or_else(|| st.role.clone(), |r| r.label.clone());
            steps.push(StepView {
                id: st.id.clone(),
                label: st.label.clone(),
                role,
                cite: st.cite.to_string(),
                status,
                deadline: String::new(),
                overdue: false,
            });
        }
    }
    let call = call_of(cw, c).await;
    if let Some(m) = m {
        step_deadlines(call.as_ref().map(|x| x.deadline), m, c, today, &mut steps);
    }
    let call_deadline = if matches!(c.state, CaseState::Draft | CaseState::Returned { .. }) {
        call.as_ref().map(|x| x.deadline)
    } else {
        None
    };
    let mut deadline = None;
    let mut overdue = false;
    if let Some(d) = call_deadline {
        deadline = Some(format!("申报截止 {d}"));
        overdue = today > d;
    }
    let notice_running = c
        .notice
        .is_some_and(|n| n.starts_on <= today && today <= n.ends_on);
    let notice_ended = c.notice.is_some_and(|n| today > n.ends_on);
    if let Some(n) = c.notice
        && stage.as_deref().is_some_and(|s| {
            m.is_some_and(|m| stage_role_kind(m, s).is_some_and(|k| k.0 == StageKind::PublicNotice))
        })
    {
        deadline = Some(format!("公示期至 {}", n.ends_on));
        overdue = notice_ended;
    }
    let mut materials = Vec::new();
    if let Some(m) = m {
        for mat in &m.measure.material {
            let mut files = Vec::new();
            for id in rec.attachments.get(&mat.id).into_iter().flatten() {
                if let Ok(a) = store::attachment::get(state.store()?.db(), *id).await {
                    files.push(FileView {
                        id: a.id,
                        name: a.original_name,
                        kib: a.size.div_ceil(1024),
                        kind: a.media_type.label().to_string(),
                    });
                }
            }
            materials.push(MaterialView {
                id: mat.id.clone(),
                label: mat.label.clone(),
                required: mat.required,
                outline: mat.outline.clone(),
                cite: mat.cite.to_string(),
                files,
            });
        }
    }
    let condition_label = |id: &str| {
        m.and_then(|m| m.measure.condition.iter().find(|x| x.id == id))
            .map_or_else(|| id.to_string(), |x| format!("{} {}", x.cite, x.label))
    };
    let material_label = |id: &str| {
        m.and_then(|m| m.measure.material.iter().find(|x| x.id == id))
            .map_or_else(|| id.to_string(), |x| x.label.clone())
    };
    let objections = c
        .objections
        .iter()
        .map(|o| ObjectionView {
            number: o.number,
            target: match &o.target {
                ObjectionTarget::Criterion { condition } => {
                    format!("条件：{}", condition_label(condition))
                }
                ObjectionTarget::Evidence { item } => format!("材料：{}", material_label(item)),
            },
            text: o.text.clone(),
            received_on: o.received_on.to_string(),
            ruling: o.ruling.as_ref().map(|r| {
                format!(
                    "{}（{}）：{}",
                    if r.upheld {
                        "异议成立"
                    } else {
                        "异议不成立"
                    },
                    r.on,
                    r.reason
                )
            }),
        })
        .collect::<Vec<_>>();
    let open_objections = c.objections.iter().filter(|o| o.ruling.is_none()).count();
    let mut experts = Vec::new();
    for e in &c.experts {
        let name = match e.expert.0.parse::<i64>() {
            Ok(id) => store::account::get(state.store()?.db(), id)
                .await
                .map_or_else(|_| e.expert.0.clone(), |a| a.name),
            Err(_) => e.expert.0.clone(),
        };
        experts.push(ExpertView {
            id: e.expert.0.clone(),
            name,
            assigned_on: e.assigned_on.to_string(),
            score: e.score,
            opinion: e.opinion.clone(),
            clearance: e.clearance.clone(),
        });
    }
    let form_values = m
        .map(|m| {
            m.measure
                .form_field
                .iter()
                .filter(|f| f.fact.is_none())
                .filter_map(|f| {
                    let v = c.routing_facts.get(&format!("form.{}", f.id))?;
                    Some(FactView {
                        label: f.label.clone(),
                        value: v.as_str().map_or_else(|| v.to_string(), str::to_string),
                    })
                })
                .collect()
        })
        .unwrap_or_default();
    let space_id = if c.state == CaseState::Recognised {
        cw.space_of_case(rec.id).await.ok().flatten().map(|s| s.id)
    } else {
        None
    };
    // A draft is always checked under the encoding in force; a submitted case keeps the one it
    // was submitted under.
    let policy_changed = m
        .filter(|m| c.submitted_on.is_some() && m.hash.0 != c.policy_hash)
        .map(|m| PolicyChange {
            then: c.policy_hash.chars().take(12).collect(),
            now: m.hash.short().to_string(),
        });
    Ok(CaseView {
        policy_changed,
        id: rec.id,
        version: rec.version,
        measure: c.measure.clone(),
        measure_name: m.map_or_else(
            || c.measure.clone(),
            |m| m.measure.measure.short_name.clone(),
        ),
        measure_title: m.map_or_else(String::new, |m| m.measure.measure.title.clone()),
        org_name: org_name(state, org_id).await,
        org_id: c.applicant.0.clone(),
        region: c.applicant_region.to_string(),
        state_class: state_class(&c.state),
        state_label: state_label(m, &c.state),
        stage,
        since: since.map(|d| d.to_string()),
        waiting_days: since.map(|d| i64::from((today - d).get_days())),
        deadline,
        overdue,
        state_reason: match &c.state {
            CaseState::Returned { reason, .. }
            | CaseState::Rejected { reason, .. }
            | CaseState::NotRecognised { reason } => Some(reason.clone()),
            _ => None,
        },
        submitted_on: c.submitted_on.map(|d| d.to_string()),
        // By its title; by its id where the measure no longer has it.
        call: call.map(|x| x.title).or_else(|| c.call.clone()),
        route_role,
        notice: c
            .notice
            .map(|n| format!("{} 至 {}", n.starts_on, n.ends_on)),
        notice_running,
        notice_ended,
        objections,
        open_objections,
        experts,
        inspections: c
            .inspections
            .iter()
            .map(|i| super::views::InspectionView {
                visited_on: i.visited_on.to_string(),
                inspectors: i.inspectors.join("、"),
                conclusion: i.conclusion(),
                consistent: i.consistent,
                note: i.note.clone(),
                recorded_on: i.recorded_on.to_string(),
                measurements: i
                    .measurements
                    .iter()
                    .map(|m| super::views::MeasurementView {
                        label: m.label.clone(),
                        declared: m
                            .declared
                            .as_ref()
                            .map_or_else(|| "—".into(), |v| value_text(state, &m.fact, v)),
                        found: value_text(state, &m.fact, &m.found),
                        differs: m.differs,
                    })
                    .collect(),
                recheck: i.recheck.clone(),
            })
            .collect(),
        decision: c.decision.as_ref().map(|d| {
            format!(
                "{}：{}（{}，{}）{}",
                if d.recognised {
                    "认定"
                } else {
                    "不予认定"
                },
                d.form,
                d.document_number,
                d.decided_on,
                d.valid_until
                    .map(|v| format!("，有效期至 {v}"))
                    .unwrap_or_default()
            )
        }),
        steps,
        materials,
        facts: facts_view(state, &rec.profile),
        form_values,
        history: history(state, cw, rec.id).await?,
        space_id,
    })
}
