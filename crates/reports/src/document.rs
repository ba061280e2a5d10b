//! The data the template prints: the measure's form layout filled with a case's values, in
//! words (labels and units from the fact dictionary), as the online record shows them.

use std::collections::BTreeMap;

use jiff::civil::Date;
use policy::LoadedMeasure;
use policy::facts::{FactDictionary, FactName};
use serde::Serialize;

use crate::application::Application;

/// How many hex digits of a SHA-256 the materials list prints.
const SHA_PREFIX: usize = 16;
/// How many hex digits of the policy hash the page footer prints (the header has it whole).
const HASH_PREFIX: usize = 12;

/// One line of a section: a label and its value in words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Row {
    /// The label as printed.
    pub label: String,
    /// The value in words (empty when not filled in).
    pub value: String,
}

/// A section of the form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Section {
    /// Its title.
    pub title: String,
    /// Its lines.
    pub rows: Vec<Row>,
}

/// One uploaded file as listed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FileLine {
    /// Name as uploaded.
    pub name: String,
    /// Size in words (KiB, rounded up).
    pub size: String,
    /// The first hex digits of its SHA-256.
    pub sha256: String,
}

/// One material of the measure's list with the files given for it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MaterialBlock {
    /// The label.
    pub label: String,
    /// Whether submission needs it.
    pub required: bool,
    /// The article.
    pub cite: String,
    /// The outline's headings (建设运营方案 编写提纲).
    pub outline: Vec<String>,
    /// Files given.
    pub files: Vec<FileLine>,
}

/// Everything the template prints.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FormDocument {
    /// The form's title.
    pub title: String,
    /// Who issues the measure.
    pub issuer: String,
    /// The measure's title.
    pub measure_title: String,
    /// The form's article.
    pub form_cite: String,
    /// The case lines (case number, applicant, measure, version…).
    pub header: Vec<Row>,
    /// The content hash of the policy version the case is judged under (printed whole, on a
    /// line of its own: it is too long for a table cell).
    pub policy_hash: String,
    /// The form's sections in printed order.
    pub sections: Vec<Section>,
    /// The other facts of the application (those no form field prints), dictionary order.
    pub facts: Vec<Row>,
    /// The materials list.
    pub materials: Vec<MaterialBlock>,
    /// The footer line.
    pub footer: String,
    /// The font families to print with.
    pub fonts: Vec<String>,
}

impl FormDocument {
    /// The document of `app` under `m`, generated on `today`.
    pub fn build(
        app: &Application,
        m: &LoadedMeasure,
        facts: &FactDictionary,
        today: Date,
        fonts: Vec<String>,
    ) -> Self {
        let measure = &m.measure;
        let flat = dotted_facts(&app.profile);
        let title = measure.form.as_ref().map_or_else(
            || format!("{}申报书", measure.measure.short_name),
            |f| f.title.clone(),
        );
        let form_cite = measure
            .form
            .as_ref()
            .map(|f| f.cite.to_string())
            .unwrap_or_default();

        let mut order: Vec<String> = measure
            .form
            .as_ref()
            .map(|f| f.sections.clone())
            .unwrap_or_default();
        for f in &measure.form_field {
            if !order.contains(&f.section) {
                order.push(f.section.clone());
            }
        }
        let mut printed: Vec<&str> = Vec::new();
        let sections: Vec<Section> = order
            .iter()
            .filter_map(|title| {
                let rows: Vec<Row> = measure
                    .form_field
                    .iter()
                    .filter(|f| &f.section == title)
                    .map(|f| {
                        let value = match &f.fact {
                            Some(fact) => {
                                printed.push(fact.as_str());
                                flat.get(fact.as_str())
                                    .map(|v| value_text(facts, fact, v))
                                    .unwrap_or_default()
                            }
                            None => app.form_values.get(&f.id).cloned().unwrap_or_default(),
                        };
                        Row {
                            label: f.label.clone(),
                            value,
                        }
                    })
                    .collect();
                (!rows.is_empty()).then(|| Section {
                    title: title.clone(),
                    rows,
                })
            })
            .collect();

        let other_facts = facts
            .facts()
            .filter(|d| !printed.contains(&d.name.as_str()))
            .filter_map(|d| {
                let v = flat.get(d.name.as_str())?;
                Some(Row {
                    label: d.label.clone(),
                    value: value_text(facts, &d.name, v),
                })
            })
            .collect();

        let materials = measure
            .material
            .iter()
            .map(|mat| MaterialBlock {
                label: mat.label.clone(),
                required: mat.required,
                cite: mat.cite.to_string(),
                outline: mat.outline.clone(),
                files: app
                    .files
                    .get(&mat.id)
                    .into_iter()
                    .flatten()
                    .map(|f| FileLine {
                        name: f.name.clone(),
                        size: format!("{} KiB", f.size.div_ceil(1024)),
                        sha256: f.sha256.chars().take(SHA_PREFIX).collect(),
                    })
                    .collect(),
            })
            .collect();

        let version = format!("第 {} 版", measure.measure.version);
        let mut header = vec![
            row("案件编号", app.case_id.to_string()),
            row("申报单位", app.applicant.name.clone()),
            row("统一社会信用代码", app.applicant.credit_code.clone()),
            row("所在地区", app.applicant.region_shown.clone()),
            row(
                "适用政策",
                format!("{}（{}）", measure.measure.title, version),
            ),
        ];
        if let Some(c) = &app.call {
            header.push(row("申报通知", c.clone()));
        }
        header.push(row(
            "提交日期",
            app.submitted_on
                .map_or_else(|| "尚未提交（草稿）".to_string(), date_text),
        ));
        header.push(row("生成日期", date_text(today)));

        let hash_short: String = app.policy_hash.chars().take(HASH_PREFIX).collect();
        FormDocument {
            title,
            issuer: measure.measure.issuer.clone(),
            measure_title: measure.measure.title.clone(),
            form_cite,
            header,
            policy_hash: app.policy_hash.clone(),
            sections,
            facts: other_facts,
            materials,
            footer: format!(
                "案件编号 {} · 政策版本 {hash_short} · 生成于 {}",
                app.case_id,
                date_text(today)
            ),
            fonts,
        }
    }
}

fn row(label: &str, value: String) -> Row {
    Row {
        label: label.into(),
        value,
    }
}

/// `2024年3月5日`.
fn date_text(d: Date) -> String {
    format!("{}年{}月{}日", d.year(), d.month(), d.day())
}

/// A fact value in words, as the online case page shows it: 是/否, choice labels, numbers with
/// the dictionary's unit.
fn value_text(facts: &FactDictionary, name: &FactName, v: &serde_json::Value) -> String {
    let label_of = |id: &str| facts.choice_label(name, id).to_string();
    match v {
        serde_json::Value::Bool(true) => "是".into(),
        serde_json::Value::Bool(false) => "否".into(),
        serde_json::Value::String(s) => label_of(s),
        serde_json::Value::Array(a) => a
            .iter()
            .map(|x| match x {
                serde_json::Value::String(s) => label_of(s),
                other => other.to_string(),
            })
            .collect::<Vec<_>>()
            .join("、"),
        serde_json::Value::Number(n) => {
            format!("{n}{}", facts.unit(name))
        }
        serde_json::Value::Null => String::new(),
        other => other.to_string(),
    }
}

/// A profile's nested facts by their dotted names (`{"operator": {"region": …}}` →
/// `operator.region`), arrays kept whole as leaf values: how the dictionary names facts.
pub fn dotted_facts(profile: &serde_json::Value) -> BTreeMap<String, serde_json::Value> {
    let mut out = BTreeMap::new();
    flatten("", profile, &mut out);
    out
}

fn flatten(prefix: &str, v: &serde_json::Value, out: &mut BTreeMap<String, serde_json::Value>) {
    match v {
        serde_json::Value::Object(m) => {
            for (k, x) in m {
                let name = if prefix.is_empty() {
                    k.clone()
                } else {
                    format!("{prefix}.{k}")
                };
                flatten(&name, x, out);
            }
        }
        other => {
            out.insert(prefix.to_string(), other.clone());
        }
    }
}
