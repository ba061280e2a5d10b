//! `makerspace policy show ID`: the measure as encoded, in Chinese.

use std::fmt::Write;
use std::process::ExitCode;

use anyhow::{Result, bail};
use policy::describe;
use policy::model::{Consequence, Severity};
use policy::{Library, LoadedMeasure};

use crate::cli::Format;

/// Prints one measure.
pub fn run(library: &Library, id: &str, format: Format) -> Result<ExitCode> {
    let Some(m) = library.get(id) else {
        let known: Vec<&str> = library.measures().iter().map(|m| m.id()).collect();
        bail!("没有编号为「{id}」的办法；现有：{}", known.join("、"));
    };
    match format {
        Format::Json => println!("{}", serde_json::to_string_pretty(&m.measure)?),
        Format::Text | Format::Markdown => print!("{}", summary(library, m)),
    }
    Ok(ExitCode::SUCCESS)
}

fn reading(s: &mut String, r: Option<&str>) {
    if let Some(r) = r {
        let _ = writeln!(s, "  - 解读：{r}");
    }
}

/// The Chinese summary.
pub fn summary(library: &Library, m: &LoadedMeasure) -> String {
    let mut s = String::new();
    let me = &m.measure;
    let id = &me.measure;
    let _ = writeln!(s, "# {}\n", id.title);
    let _ = writeln!(s, "- 编号：{}（版本 {}，{}）", id.id, id.version, m.hash);
    if let Some(n) = &id.document_number {
        let _ = writeln!(s, "- 文号：{n}");
    }
    let _ = writeln!(
        s,
        "- 发布机关：{}；适用地区：{}（{}）；类型：{}",
        id.issuer,
        id.jurisdiction.name,
        id.jurisdiction.code,
        id.kind.label()
    );
    let _ = writeln!(
        s,
        "- 印发：{}；施行：{}（{}）",
        id.issued_on, id.effective_from, id.effective_cite
    );
    for r in &me.repeal {
        let _ = writeln!(s, "- 废止：{}（{}「{}」）", r.what, r.cite, r.quote);
    }
    let _ = writeln!(s, "\n## {}条件\n", id.kind.label());
    for c in &me.condition {
        let soft = if c.severity == Severity::Soft {
            "〔原则性，仅提示〕"
        } else {
            ""
        };
        let _ = writeln!(
            s,
            "- **{}** {}{soft}：{}",
            c.cite,
            c.label,
            describe::requirement(library, &c.rule)
        );
        if let Some(g) = &c.applies_if {
            let _ = writeln!(
                s,
                "  - 适用情形：{} = {}",
                library.facts.label(&g.fact),
                g.equals
            );
        }
        let _ = writeln!(s, "  - 原文：「{}」", c.quote);
        reading(&mut s, c.reading.as_deref());
    }
    for e in &me.exclusion {
        let _ = writeln!(
            s,
            "\n## 不纳入范围\n\n- **{}** {}：{}",
            e.cite, e.label, e.quote
        );
    }
    for b in &me.ban {
        let _ = writeln!(
            s,
            "\n## 禁止申报\n\n- **{}** {}：{}内不得申报（自认定之次日起算）",
            b.cite, b.label, b.period
        );
        reading(&mut s, b.reading.as_deref());
    }
    if !me.material.is_empty() {
        let _ = writeln!(s, "\n## 申报材料\n");
        for mat in &me.material {
            let req = if mat.required { "必交" } else { "选交" };
            let _ = writeln!(s, "- {}（{req}，{}）", mat.label, mat.cite);
            for h in &mat.outline {
                let _ = writeln!(s, "  - {h}");
            }
        }
    }
    let p = &me.procedure;
    let _ = writeln!(s, "\n## 程序\n");
    for (i, st) in p.stage.iter().enumerate() {
        let role = me
            .role(&st.role)
            .map_or(st.role.as_str(), |r| r.label.as_str());
        let _ = writeln!(s, "{}. {}（{}，{}）", i + 1, st.label, role, st.cite);
    }
    for r in &p.route {
        let role = me
            .role(&r.role)
            .map_or(r.role.as_str(), |x| x.label.as_str());
        let when = r.when.as_ref().map_or("其他情形".to_string(), |g| {
            format!("{} = {}", library.facts.label(&g.fact), g.equals)
        });
        let _ = writeln!(s, "- 推荐路径：{when} → {role}（{}）", r.cite);
    }
    if let Some(n) = &p.public_notice {
        let period = n.period.map_or(
            "办法未规定，由认定机构发布时确定".to_string(),
            |d| d.to_string(),
        );
        let _ = writeln!(s, "- 公示：期限 {period}（{}）", n.cite);
    }
    let _ = writeln!(s, "- 决定形式：{}（{}）", p.decision.label, p.decision.cite);
    if let Some(r) = &p.rounds {
        let per = r.per_year.map_or("办法未规定次数".to_string(), |n| {
            format!("每年 {n} 次")
        });
        let _ = writeln!(s, "- 受理批次：{per}（{}）", r.cite);
    }
    for c in &me.call {
        let _ = writeln!(
            s,
            "- 申报通知：{}，截止 {}（{}）",
            c.title, c.deadline, c.cite
        );
    }
    if !me.obligation.is_empty() {
        let _ = writeln!(s, "\n## {}后的义务\n", me.measure.kind.label());
        for o in &me.obligation {
            let due = policy::describe::due(&o.due, me.measure.kind.label());
            let _ = writeln!(s, "- {}：{due}（{}）", o.label, o.cite);
            if let Some(r) = &o.review {
                let _ = writeln!(
                    s,
                    "- {}：同意变更，或不同意并取消资格（{}，取消情形 {}）",
                    r.label, r.cite, r.refused
                );
            }
        }
    }
    if let Some(a) = &me.appraisal {
        let _ = writeln!(s, "\n## 绩效考核（{}）\n", a.cite);
        if let Some(c) = a.cycle {
            let _ = writeln!(s, "- 周期：{c}");
        }
        reading(&mut s, a.reading.as_deref());
        if let (Some(b), Some(x)) = (a.base_max, a.bonus_max) {
            let _ = writeln!(
                s,
                "- 基础分 {} 分，附加分 {} 分",
                b.normalize(),
                x.normalize()
            );
        }
        for item in &a.item {
            let cap = item
                .cap
                .map(|c| format!("，上限 {} 分", c.normalize()))
                .unwrap_or_default();
            let _ = writeln!(
                s,
                "- {}（{}）：{}{cap}",
                item.label,
                item.input,
                describe::scoring(&item.scoring, library.facts.appraisal_input(&item.input))
            );
            reading(&mut s, item.reading.as_deref());
        }
        for j in &a.joint_cap {
            let _ = writeln!(
                s,
                "- 合计上限：{} 合计不超过 {} 分",
                j.items.join("、"),
                j.cap.normalize()
            );
            reading(&mut s, j.reading.as_deref());
        }
        for g in &a.grade {
            let min = g
                .min_score
                .map(|m| format!("{} 分（含）以上", m.normalize()))
                .unwrap_or_else(|| "其余".into());
            let subsidy = g
                .subsidy_yuan
                .map(|y| format!("，奖励性补助 {y}"))
                .unwrap_or_default();
            let consequence = match &g.consequence {
                Consequence::None => String::new(),
                Consequence::Recommendation { to } => format!("，优先推荐{to}"),
                Consequence::Rectification { period } => {
                    format!(
                        "，限期整改{}",
                        period.map(|p| format!("（{p}）")).unwrap_or_default()
                    )
                }
            };
            let _ = writeln!(
                s,
                "- {}：{min}{subsidy}{consequence}（{}）",
                g.label, g.cite
            );
        }
        for o in &a.override_ {
            let grade = a
                .grade(&o.grade)
                .map_or(o.grade.as_str(), |g| g.label.as_str());
            let _ = writeln!(s, "- {}：视为{grade}（{}）", o.label, o.cite);
        }
        for e in &a.escalation {
            let _ = writeln!(
                s,
                "- 连续 {} 次不合格：{}（{}）",
                e.consecutive_failures, e.revocation, e.cite
            );
        }
    }
    if let Some(v) = &me.validity {
        let _ = writeln!(s, "\n## 有效期\n\n- {}（{}）", v.period, v.cite);
    }
    if !me.revocation.is_empty() {
        let _ = writeln!(s, "\n## 取消资格\n");
        for r in &me.revocation {
            let how = if r.automatic {
                ""
            } else {
                "（视情节，由认定机构决定）"
            };
            let _ = writeln!(s, "- {}{how}（{}）", r.label, r.cite);
        }
    }
    if !me.subsidy.is_empty() {
        let _ = writeln!(s, "\n## 补助\n");
        for x in &me.subsidy {
            let amount = x
                .amount_yuan
                .map_or("金额未规定".to_string(), |y| y.to_string());
            let _ = writeln!(s, "- {}：{amount}（{}）", x.label, x.cite);
        }
    }
    s
}
