//! `/measures` and `/measures/{id}`: each measure as encoded, readable, with its articles.

use axum::extract::{Path, State};
use axum::response::Html;
use minijinja::context;
use minijinja::value::Serde;
use policy::model::{Consequence, Scoring, Severity, SubsidyTrigger, Tier};
use policy::{Library, LoadedMeasure, describe};
use serde::Serialize;

use crate::api::policies::PolicySummary;
use crate::error::AppError;
use crate::state::AppState;

/// `GET /measures`.
pub async fn list(State(state): State<AppState>) -> Result<Html<String>, AppError> {
    let measures: Vec<PolicySummary> = state
        .library
        .measures()
        .iter()
        .map(PolicySummary::of)
        .collect();
    super::page(
        &state,
        "measures.html",
        context! { title => "各地办法", nav => "measures", measures => Serde(measures) },
    )
}

/// A cited element shown with its text.
#[derive(Serialize)]
struct Item {
    cite: String,
    label: String,
    text: String,
    quote: String,
    reading: Option<String>,
    note: String,
}

fn item(
    cite: impl ToString,
    label: &str,
    text: String,
    quote: &str,
    reading: Option<&str>,
) -> Item {
    Item {
        cite: cite.to_string(),
        label: label.to_string(),
        text,
        quote: quote.to_string(),
        reading: reading.map(str::to_string),
        note: String::new(),
    }
}

#[derive(Serialize)]
struct TierRow {
    bound: String,
    points: String,
    wording: String,
}

#[derive(Serialize)]
struct IndexRow {
    group: String,
    label: String,
    input: String,
    content: String,
    tiers: Vec<TierRow>,
    scoring: String,
    cap: String,
    cite: String,
    quote: String,
    reading: Option<String>,
}

fn num(d: rust_decimal::Decimal) -> String {
    d.normalize().to_string()
}

fn bound(t: &Tier, unit: &str) -> String {
    let from = t.from.map(|f| {
        format!(
            "{}{}{unit}",
            if f.inclusive { "≥" } else { ">" },
            num(f.value)
        )
    });
    let to = t.to.map(|v| {
        format!(
            "{}{}{unit}",
            if v.inclusive { "≤" } else { "<" },
            num(v.value)
        )
    });
    match (from, to) {
        (Some(a), Some(b)) => format!("{a} 且 {b}"),
        (Some(a), None) => a,
        (None, Some(b)) => b,
        (None, None) => "任意".into(),
    }
}

fn appraisal_view(library: &Library, m: &LoadedMeasure) -> Option<serde_json::Value> {
    let a = m.measure.appraisal.as_ref()?;
    let rows: Vec<IndexRow> = a
        .item
        .iter()
        .map(|i| {
            let unit = library
                .facts
                .appraisal_input(&i.input)
                .map(|d| d.display_unit().to_string())
                .unwrap_or_default();
            let tiers = match &i.scoring {
                Scoring::Tiers { tiers } => tiers
                    .iter()
                    .map(|t| TierRow {
                        bound: bound(t, &unit),
                        points: num(t.points),
                        wording: t.wording.clone(),
                    })
                    .collect(),
                _ => Vec::new(),
            };
            IndexRow {
                group: a
                    .group
                    .iter()
                    .find(|g| g.id == i.group)
                    .map_or(i.group.clone(), |g| g.label.clone()),
                label: i.label.clone(),
                input: library
                    .facts
                    .appraisal_input(&i.input)
                    .map_or(i.input.as_str().to_string(), |d| d.label.clone()),
                content: i.content.clone(),
                scoring: if tiers.is_empty() {
                    describe::scoring(&i.scoring, library.facts.appraisal_input(&i.input))
                } else {
                    String::new()
                },
                tiers,
                cap: i.cap.map(num).unwrap_or_default(),
                cite: i.cite.to_string(),
                quote: i.quote.clone(),
                reading: i.reading.clone(),
            }
        })
        .collect();
    let grades: Vec<Item> = a
        .grade
        .iter()
        .map(|g| {
            let min = g.min_score.map_or_else(
                || "其余".to_string(),
                |m| format!("{} 分（含）以上", num(m)),
            );
            let subsidy = g
                .subsidy_yuan
                .map(|y| format!("；奖励性补助 {y}"))
                .unwrap_or_default();
            let consequence = match &g.consequence {
                Consequence::None => String::new(),
                Consequence::Recommendation { to } => format!("；优先推荐{to}"),
                Consequence::Rectification { period } => format!(
                    "；限期整改{}",
                    period.map(|p| format!("（{p}）")).unwrap_or_default()
                ),
            };
            item(
                &g.cite,
                &g.label,
                format!("{min}{subsidy}{consequence}"),
                &g.quote,
                g.reading.as_deref(),
            )
        })
        .collect();
    let mut others: Vec<Item> = Vec::new();
    for j in &a.joint_cap {
        others.push(item(
            &j.cite,
            "合计上限",
            format!(
                "{}合计不超过 {} 分",
                j.items
                    .iter()
                    .map(|id| a
                        .item
                        .iter()
                        .find(|i| &i.id == id)
                        .map_or(id.as_str(), |i| i.label.as_str()))
                    .collect::<Vec<_>>()
                    .join("、"),
                num(j.cap)
            ),
            &j.quote,
            j.reading.as_deref(),
        ));
    }
    for o in &a.override_ {
        others.push(item(
            &o.cite,
            &o.label,
            format!("视为{}", grade_label(a, &o.grade)),
            &o.quote,
            o.reading.as_deref(),
        ));
    }
    if let Some(x) = &a.materials {
        let by = m
            .measure
            .role(&x.set_by)
            .map_or(x.set_by.as_str(), |r| r.label.as_str());
        others.push(item(
            &x.cite,
            &x.label,
            match a.override_.iter().find(|o| o.id == x.feeds) {
                Some(o) => format!(
                    "由{by}每轮考核规定报送时间和要求；{}的，视为{}",
                    o.label,
                    grade_label(a, &o.grade)
                ),
                None => format!("由{by}每轮考核规定报送时间和要求"),
            },
            &x.quote,
            x.reading.as_deref(),
        ));
    }
    for e in &a.escalation {
        others.push(item(
            &e.cite,
            "连续不合格",
            format!(
                "连续 {} 次不合格：{}",
                e.consecutive_failures,
                m.measure
                    .revocation
                    .iter()
                    .find(|r| r.id == e.revocation)
                    .map_or(e.revocation.as_str(), |r| r.label.as_str())
            ),
            &e.quote,
            e.reading.as_deref(),
        ));
    }
    Some(serde_json::json!({
        "cite": a.cite.to_string(),
        "quote": a.quote,
        "reading": a.reading,
        "cycle": a.cycle.map(|c| c.to_string()),
        "base_max": a.base_max.map(num),
        "bonus_max": a.bonus_max.map(num),
        "rows": rows,
        "grades": grades,
        "others": others,
    }))
}

/// A grade by its label (优秀), its id where the table lacks it.
fn grade_label<'a>(a: &'a policy::model::Appraisal, id: &'a str) -> &'a str {
    a.grade(id).map_or(id, |g| g.label.as_str())
}

fn view(library: &Library, m: &LoadedMeasure) -> serde_json::Value {
    let me = &m.measure;
    let conditions: Vec<Item> = me
        .condition
        .iter()
        .map(|c| {
            let mut it = item(
                &c.cite,
                &c.label,
                describe::requirement(library, &c.rule),
                &c.quote,
                c.reading.as_deref(),
            );
            let mut notes = Vec::new();
            if c.severity == Severity::Soft {
                notes.push("原则性要求，仅作提示，不决定结论".to_string());
            }
            if let Some(g) = &c.applies_if {
                notes.push(format!(
                    "适用情形：{}",
                    describe::guard(library, &g.fact, &g.equals)
                ));
            }
            it.note = notes.join("；");
            it
        })
        .collect();
    let mut gates: Vec<Item> = Vec::new();
    for e in &me.exclusion {
        gates.push(item(
            &e.cite,
            &e.label,
            "不纳入本办法管理范围".into(),
            &e.quote,
            e.reading.as_deref(),
        ));
    }
    for b in &me.ban {
        gates.push(item(
            &b.cite,
            &b.label,
            format!("{}内不得申报", b.period),
            &b.quote,
            b.reading.as_deref(),
        ));
    }
    let materials: Vec<serde_json::Value> = me
        .material
        .iter()
        .map(|x| {
            serde_json::json!({
                "label": x.label, "required": x.required, "outline": x.outline,
                "cite": x.cite.to_string(), "quote": x.quote,
            })
        })
        .collect();
    let p = &me.procedure;
    let role = |id: &str| me.role(id).map_or(id.to_string(), |r| r.label.clone());
    let mut procedure: Vec<Item> = p
        .stage
        .iter()
        .map(|s| {
            item(
                &s.cite,
                &s.label,
                role(&s.role),
                &s.quote,
                s.reading.as_deref(),
            )
        })
        .collect();
    for r in &p.route {
        let when = r.when.as_ref().map_or("其他情形".to_string(), |g| {
            describe::guard(library, &g.fact, &g.equals)
        });
        procedure.push(item(
            &r.cite,
            &r.label,
            format!("推荐路径：{when} → {}", role(&r.role)),
            &r.quote,
            r.reading.as_deref(),
        ));
    }
    if let Some(n) = &p.public_notice {
        let period = n.period.map_or(
            "办法未规定，由认定机构发布时确定".to_string(),
            |d| d.to_string(),
        );
        procedure.push(item(
            &n.cite,
            "公示",
            format!("期限 {period}"),
            &n.quote,
            n.reading.as_deref(),
        ));
    }
    procedure.push(item(
        &p.decision.cite,
        "决定形式",
        p.decision.label.clone(),
        &p.decision.quote,
        p.decision.reading.as_deref(),
    ));
    if let Some(r) = &p.rounds {
        let per = r.per_year.map_or("办法未规定次数".to_string(), |n| {
            format!("每年 {n} 次")
        });
        procedure.push(item(
            &r.cite,
            "受理批次",
            per,
            &r.quote,
            r.reading.as_deref(),
        ));
    }
    for c in &me.call {
        procedure.push(item(
            &c.cite,
            &c.title,
            format!("截止 {}", c.deadline),
            &c.quote,
            c.reading.as_deref(),
        ));
    }
    let mut obligations: Vec<Item> = Vec::new();
    for o in &me.obligation {
        let due = policy::describe::due(&o.due, me.measure.kind.label());
        obligations.push(item(
            &o.cite,
            &o.label,
            format!("{due}，报{}", role(&o.report_to)),
            &o.quote,
            o.reading.as_deref(),
        ));
        if let Some(r) = &o.review {
            let refused = me
                .revocation
                .iter()
                .find(|x| x.id == r.refused)
                .map_or(r.refused.as_str(), |x| x.label.as_str());
            obligations.push(item(
                &r.cite,
                &r.label,
                format!(
                    "{}审核报告的变化：{}，或{}并以「{refused}」取消资格",
                    role(&r.by),
                    r.outcome.agreed,
                    r.outcome.refused
                ),
                &r.quote,
                r.reading.as_deref(),
            ));
        }
    }
    if let Some(v) = &me.validity {
        obligations.push(item(
            &v.cite,
            "有效期",
            v.period.to_string(),
            &v.quote,
            v.reading.as_deref(),
        ));
    }
    let revocations: Vec<Item> = me
        .revocation
        .iter()
        .map(|r| {
            let how = if r.automatic {
                "取消资格"
            } else {
                "视情节，由认定机构决定"
            };
            item(
                &r.cite,
                &r.label,
                how.into(),
                &r.quote,
                r.reading.as_deref(),
            )
        })
        .collect();
    let subsidies: Vec<Item> = me
        .subsidy
        .iter()
        .map(|x| {
            let when = match &x.trigger {
                SubsidyTrigger::Grade { grade } => format!(
                    "考核等级为「{}」",
                    me.appraisal
                        .as_ref()
                        .map_or(grade.as_str(), |a| grade_label(a, grade))
                ),
                SubsidyTrigger::NationalFiling => "备案为国家级众创空间".into(),
                SubsidyTrigger::NationalSpecialisedFiling => "备案为国家专业化众创空间".into(),
            };
            let amount = x
                .amount_yuan
                .map_or("金额未规定".to_string(), |y| y.to_string());
            item(
                &x.cite,
                &x.label,
                format!("{when}：{amount}"),
                &x.quote,
                x.reading.as_deref(),
            )
        })
        .collect();
    let coverage: Vec<serde_json::Value> = me
        .article
        .iter()
        .map(|a| {
            serde_json::json!({
                "cite": a.cite.to_string(), "status": a.status.label(),
                "reason": a.reason,
                "stages": a.stages.iter().map(|id| p.stage.iter().find(|s| &s.id == id)
                    .map_or(id.as_str(), |s| s.label.as_str())).collect::<Vec<_>>(),
            })
        })
        .collect();
    serde_json::json!({
        "summary": PolicySummary::of(m),
        "effective_cite": me.measure.effective_cite.to_string(),
        "repeals": me.repeal.iter().map(|r| serde_json::json!({
            "what": r.what, "cite": r.cite.to_string(), "quote": r.quote,
        })).collect::<Vec<_>>(),
        "sources": me.source.iter().map(|s| s.name.clone()).collect::<Vec<_>>(),
        "conditions": conditions,
        "gates": gates,
        "materials": materials,
        "procedure": procedure,
        "obligations": obligations,
        "appraisal": appraisal_view(library, m),
        "revocations": revocations,
        "subsidies": subsidies,
        "coverage": coverage,
    })
}

/// `GET /measures/{id}`.
pub async fn show(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<axum::response::Response, AppError> {
    use axum::response::IntoResponse;
    let Some(m) = state.library.get(&id) else {
        return Ok(super::not_found(
            State(state),
            format!("/measures/{id}").parse().unwrap_or_default(),
        )
        .await
        .into_response());
    };
    let v = view(&state.library, m);
    let title = m.measure.measure.title.clone();
    super::page(
        &state,
        "measure.html",
        context! { title, nav => "measures", m => Serde(v) },
    )
    .map(IntoResponse::into_response)
}
