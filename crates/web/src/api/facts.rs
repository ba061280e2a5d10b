//! `GET /api/v1/facts`: the fact dictionary, with the articles that use each fact.

use std::collections::BTreeMap;

use axum::Json;
use axum::extract::State;
use policy::Library;
use policy::facts::{FactDef, FactName};
use serde::Serialize;
use utoipa::ToSchema;

use crate::api::zh::{Members, Zh};
use crate::state::AppState;

/// One listed choice.
#[derive(Debug, Serialize, ToSchema)]
#[schema(description = "一个可选项。")]
pub struct ChoiceDoc {
    /// The id used in profiles.
    pub id: String,
    /// The Chinese label.
    pub label: String,
}

impl Zh for ChoiceDoc {
    const MEMBERS: Members = &[("id", "档案中使用的选项编号。"), ("label", "中文名称。")];
}

/// One fact.
#[derive(Debug, Serialize, ToSchema)]
#[schema(description = "一项事实。")]
pub struct Fact {
    /// The dotted name.
    pub name: String,
    /// `number`, `integer`, `bool`, `date`, `enum`, `set`, `region`, `text`, `credit_code`.
    #[serde(rename = "type")]
    #[schema(value_type = String)]
    pub ty: serde_json::Value,
    /// The unit, for quantities.
    pub unit: Option<String>,
    /// The Chinese label.
    pub label: String,
    /// What it means.
    pub meaning: String,
    /// `applicant`, `system` or `reviewer`.
    pub origin: String,
    /// The choices of enum and set facts.
    pub choices: Vec<ChoiceDoc>,
    /// The measures' articles that use it (derived from the policies).
    pub used_by: Vec<String>,
}

impl Zh for Fact {
    const MEMBERS: Members = &[
        ("name", "点分名称。"),
        (
            "type",
            "类型：`number`（数值）、`integer`（整数）、`bool`（是否）、`date`（日期）、`enum`（单选）、`set`（多选）、`region`（行政区划代码）、`text`（文本）、`credit_code`（统一社会信用代码）。",
        ),
        ("unit", "单位（数量类事实）。"),
        ("label", "中文名称。"),
        ("meaning", "含义。"),
        (
            "origin",
            "来源：`applicant`（申报单位填写）、`system`（系统得出）或 `reviewer`（评审人记录）。",
        ),
        ("choices", "单选、多选事实的可选项。"),
        (
            "used_by",
            "使用该事实的各办法条款（“简称 条款”），由政策文件推导得出。",
        ),
    ];
}

/// The dictionary.
#[derive(Debug, Serialize, ToSchema)]
#[schema(description = "事实字典。")]
pub struct FactList {
    /// Facts of a space profile.
    pub facts: Vec<Fact>,
    /// Inputs of an appraisal.
    pub appraisal_inputs: Vec<Fact>,
}

impl Zh for FactList {
    const MEMBERS: Members = &[
        ("facts", "众创空间档案的事实。"),
        ("appraisal_inputs", "绩效考核的输入项。"),
    ];
}

/// Which articles use each fact.
pub fn used_by(library: &Library) -> BTreeMap<FactName, Vec<String>> {
    let mut out: BTreeMap<FactName, Vec<String>> = BTreeMap::new();
    for m in library.measures() {
        let short = &m.measure.measure.short_name;
        let mut add = |f: &FactName, cite: String| {
            let entry = out.entry(f.clone()).or_default();
            let label = format!("{short} {cite}");
            if !entry.contains(&label) {
                entry.push(label);
            }
        };
        for c in &m.measure.condition {
            for f in c.rule.facts() {
                add(f, c.cite.to_string());
            }
            if let Some(g) = &c.applies_if {
                add(&g.fact, c.cite.to_string());
            }
        }
        for e in &m.measure.exclusion {
            add(&e.fact, e.cite.to_string());
        }
        if let Some(a) = &m.measure.appraisal {
            for i in &a.item {
                add(&i.input, i.cite.to_string());
            }
            for o in &a.override_ {
                add(&o.input, o.cite.to_string());
            }
        }
    }
    out
}

fn fact(def: &FactDef, used: &BTreeMap<FactName, Vec<String>>) -> Fact {
    Fact {
        name: def.name.as_str().to_string(),
        ty: serde_json::to_value(def.ty).unwrap_or_default(),
        unit: def.unit.clone(),
        label: def.label.clone(),
        meaning: def.meaning.clone(),
        origin: def.origin.clone(),
        choices: def
            .choices
            .iter()
            .map(|c| ChoiceDoc {
                id: c.id.clone(),
                label: c.label.clone(),
            })
            .collect(),
        used_by: used.get(&def.name).cloned().unwrap_or_default(),
    }
}

/// The fact dictionary.
#[utoipa::path(get, path = "/api/v1/facts", tag = "facts",
    summary = "事实字典，附使用每项事实的条款。",
    responses((status = 200, description = "事实字典", body = FactList)))]
pub async fn list(State(state): State<AppState>) -> Json<FactList> {
    let used = used_by(&state.library);
    Json(FactList {
        facts: state
            .library
            .facts
            .facts()
            .map(|d| fact(d, &used))
            .collect(),
        appraisal_inputs: state
            .library
            .facts
            .appraisal_inputs()
            .map(|d| fact(d, &used))
            .collect(),
    })
}
