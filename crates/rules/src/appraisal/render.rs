//! Readable renderings of an appraisal and of a batch distribution: plain Chinese text for a
//! terminal, and Markdown.

use std::fmt::Write;

use policy::model::Section;
use policy::model::Yuan;
use rust_decimal::Decimal;

use super::num::show;
use super::report::Distribution;
use super::result::{AppraisalResult, ItemResult};

fn opt(d: Option<Decimal>) -> String {
    d.map_or_else(|| "—".to_string(), show)
}

fn yuan(y: Option<i64>) -> String {
    y.map_or_else(
        || "金额未规定（由主管部门确定）".to_string(),
        |y| Yuan(y).to_string(),
    )
}

fn subsidy(r: &AppraisalResult<'_>) -> String {
    match (r.subsidy_yuan, r.subsidies.is_empty()) {
        (None, true) => "无".to_string(),
        (y, _) => yuan(y),
    }
}

/// Pads to a display width, counting CJK characters as two columns.
fn pad(text: &str, width: usize) -> String {
    let w: usize = text
        .chars()
        .map(|c| if c >= '\u{2E80}' { 2 } else { 1 })
        .sum();
    format!("{text}{}", " ".repeat(width.saturating_sub(w)))
}

fn caps(i: &ItemResult<'_>) -> String {
    let mut notes = Vec::new();
    if i.capped {
        notes.push(format!(
            "原得 {} 分，封顶 {} 分",
            show(i.raw_points),
            opt(i.cap)
        ));
    }
    if let Some(j) = i.joint_cap
        && !i.joint_cut.is_zero()
    {
        notes.push(format!("合计上限「{j}」扣减 {} 分", show(i.joint_cut)));
    }
    if notes.is_empty() {
        String::new()
    } else {
        format!("（{}）", notes.join("；"))
    }
}

/// The result as Chinese text for a terminal.
pub fn text(r: &AppraisalResult<'_>) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "{}：绩效考核", r.measure_title);
    if let Some(space) = &r.space {
        let _ = writeln!(s, "众创空间：{space}");
    }
    if !r.items.is_empty() {
        let _ = writeln!(s);
        let mut group = "";
        for i in &r.items {
            if i.group != group {
                group = i.group;
                let tag = if i.section == Section::Bonus {
                    "附加分"
                } else {
                    "基础分"
                };
                let _ = writeln!(s, "【{}】（{tag}）", i.group_label);
            }
            let _ = writeln!(
                s,
                "  {}{:>4} 分 / {} 分  输入 {}{}",
                pad(i.label, 26),
                show(i.points),
                opt(i.max),
                i.value_text.clone(),
                caps(i)
            );
            let _ = writeln!(s, "      {}；适用：{}（{}）", i.rule, i.wording, i.cite);
        }
        for j in &r.joint_caps {
            let _ = writeln!(
                s,
                "  合计上限「{}」：{} 合计 {} 分，上限 {} 分{}（{}）",
                j.id,
                j.items.join(" + "),
                show(j.sum),
                show(j.cap),
                if j.cut.is_zero() {
                    String::new()
                } else {
                    format!("，扣减 {} 分（按政策所列顺序，后列项先扣）", show(j.cut))
                },
                j.cite
            );
        }
        let _ = writeln!(s);
        let _ = writeln!(
            s,
            "基础分 {} / {}  附加分 {} / {}  总分 {}",
            opt(r.base),
            opt(r.base_max),
            opt(r.bonus),
            opt(r.bonus_max),
            opt(r.total)
        );
    }
    let how = if r.items.is_empty() {
        "（主管部门记录的等级）"
    } else {
        ""
    };
    let _ = writeln!(
        s,
        "等级：{}{how}（{}：{}）",
        r.grade, r.grade_cite, r.grade_quote
    );
    if let (Some(o), Some(scored)) = (&r.override_, &r.scored_grade) {
        let _ = writeln!(
            s,
            "  按得分本为{}，但因「{}」视为{}（{}：{}）",
            scored.label, o.label, r.grade, o.cite, o.quote
        );
    } else if let Some(o) = &r.override_ {
        let _ = writeln!(s, "  另有「{}」，视为{}（{}）", o.label, r.grade, o.cite);
    }
    let _ = writeln!(s, "奖励性补助：{}", subsidy(r));
    for sub in &r.subsidies {
        let _ = writeln!(
            s,
            "  {}：{}（{}）",
            sub.label,
            yuan(sub.amount_yuan),
            sub.cite
        );
    }
    let _ = writeln!(s, "后果：{}（{}）", r.consequence.text, r.consequence.cite);
    if let Some(rev) = &r.revocation {
        let _ = writeln!(s, "取消资格：{}", rev.reason);
    }
    if let Some(w) = &r.warning {
        let _ = writeln!(s, "提示：{w}");
    }
    if let Some(n) = &r.next_grade {
        let _ = writeln!(
            s,
            "\n升至{}（{} 分含以上，尚差 {} 分）：",
            n.grade,
            show(n.min_score),
            show(n.short_by)
        );
        for c in &n.changes {
            let _ = writeln!(s, "  → {}", c.message);
        }
        if let (Some(t), Some(g)) = (n.total_after, n.grade_after) {
            let check = if n.verified {
                "已复核"
            } else {
                "复核未达到"
            };
            let _ = writeln!(s, "  调整后总分 {}，等级{}（{check}）", show(t), g);
        }
        if let Some(note) = &n.note {
            let _ = writeln!(s, "  · {note}");
        }
    }
    let rc = &r.receipt;
    let _ = writeln!(
        s,
        "\n回执：办法 {} 版本 {}（{}），{}",
        rc.policy_id, rc.policy_version, rc.policy_hash, rc.engine
    );
    s
}

fn cell(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ")
}

/// The result as Markdown.
pub fn markdown(r: &AppraisalResult<'_>) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "# {}：绩效考核 {}\n", r.measure_title, r.grade);
    if let Some(space) = &r.space {
        let _ = writeln!(s, "众创空间：{space}\n");
    }
    if !r.items.is_empty() {
        let _ = writeln!(
            s,
            "| 分组 | 指标 | 输入 | 计分规则 | 适用 | 得分 | 上限 | 依据 |"
        );
        let _ = writeln!(s, "|---|---|---|---|---|---:|---:|---|");
        for i in &r.items {
            let _ = writeln!(
                s,
                "| {} | {} | {} | {} | {}{} | {} | {} | {} |",
                cell(i.group_label),
                cell(i.label),
                cell(&i.value_text),
                cell(&i.rule),
                cell(i.wording),
                cell(&caps(i)),
                show(i.points),
                opt(i.max),
                i.cite
            );
        }
        for j in &r.joint_caps {
            let _ = writeln!(
                s,
                "\n合计上限「{}」：{} 合计 {} 分，上限 {} 分，扣减 {} 分（{}）。",
                j.id,
                j.items.join(" + "),
                show(j.sum),
                show(j.cap),
                show(j.cut),
                j.cite
            );
        }
        let _ = writeln!(s, "\n| 基础分 | 附加分 | 总分 |\n|---:|---:|---:|");
        let _ = writeln!(
            s,
            "| {} / {} | {} / {} | {} |\n",
            opt(r.base),
            opt(r.base_max),
            opt(r.bonus),
            opt(r.bonus_max),
            opt(r.total)
        );
    }
    let _ = writeln!(
        s,
        "- **等级**：{}（{}：{}）",
        r.grade,
        r.grade_cite,
        cell(r.grade_quote)
    );
    if let Some(o) = &r.override_ {
        let scored = r
            .scored_grade
            .as_ref()
            .map_or(String::new(), |g| format!("按得分本为{}，", g.label));
        let _ = writeln!(
            s,
            "- **视为{}**：{scored}因「{}」（{}：{}）",
            r.grade,
            o.label,
            o.cite,
            cell(o.quote)
        );
    }
    let _ = writeln!(s, "- **奖励性补助**：{}", subsidy(r));
    let _ = writeln!(
        s,
        "- **后果**：{}（{}）",
        r.consequence.text, r.consequence.cite
    );
    if let Some(rev) = &r.revocation {
        let _ = writeln!(s, "- **取消资格**：{}", rev.reason);
    }
    if let Some(w) = &r.warning {
        let _ = writeln!(s, "- **提示**：{w}");
    }
    if let Some(n) = &r.next_grade {
        let _ = writeln!(
            s,
            "\n## 升至{}（{} 分含以上，尚差 {} 分）\n",
            n.grade,
            show(n.min_score),
            show(n.short_by)
        );
        for c in &n.changes {
            let _ = writeln!(s, "- {}", c.message);
        }
        if let (Some(t), Some(g)) = (n.total_after, n.grade_after) {
            let _ = writeln!(
                s,
                "\n调整后总分 {}，等级{}{}。",
                show(t),
                g,
                if n.verified {
                    "（已复核）"
                } else {
                    "（复核未达到）"
                }
            );
        }
        if let Some(note) = &n.note {
            let _ = writeln!(s, "\n> {note}");
        }
    }
    let rc = &r.receipt;
    let _ = writeln!(
        s,
        "\n---\n回执：办法 `{}` 版本 {}（`{}`），{}",
        rc.policy_id, rc.policy_version, rc.policy_hash, rc.engine
    );
    s
}

/// A batch distribution as Chinese text (or Markdown when `markdown`).
pub fn distribution(d: &Distribution, markdown: bool) -> String {
    let mut s = String::new();
    let total = d.appraised.max(1);
    let pct = |n: u64| Decimal::from(n * 100) / Decimal::from(total);
    if markdown {
        let _ = writeln!(s, "# 绩效考核分布：{}\n", d.policy_id);
        let _ = writeln!(s, "考核 {} 份，输入有误 {} 份。\n", d.appraised, d.rejected);
        let _ = writeln!(s, "| 等级 | 数量 | 占比 |\n|---|---:|---:|");
        for g in &d.grades {
            let _ = writeln!(
                s,
                "| {} | {} | {}% |",
                g.label,
                g.count,
                show(pct(g.count).round_dp(1))
            );
        }
    } else {
        let _ = writeln!(
            s,
            "绩效考核分布：{}（考核 {} 份，输入有误 {} 份）",
            d.policy_id, d.appraised, d.rejected
        );
        for g in &d.grades {
            let _ = writeln!(
                s,
                "  {:<6} {:>8} 份  {:>5}%",
                g.label,
                g.count,
                show(pct(g.count).round_dp(1))
            );
        }
    }
    let lines = [
        format!("其中因资料等情形被视为另一等级：{} 份", d.overridden),
        format!("奖励性补助合计：{}", Yuan(d.subsidy_total_yuan)),
        format!("平均总分：{}", opt(d.mean_total)),
    ];
    for l in lines {
        let _ = writeln!(s, "{}{l}", if markdown { "\n" } else { "" });
    }
    if !d.losses.is_empty() {
        if markdown {
            let _ = writeln!(
                s,
                "\n| 指标 | 满分 | 平均失分 | 合计失分 |\n|---|---:|---:|---:|"
            );
        } else {
            let _ = writeln!(s, "失分最多的指标：");
        }
        for l in d.losses.iter().take(10) {
            if markdown {
                let _ = writeln!(
                    s,
                    "| {} | {} | {} | {} |",
                    cell(&l.label),
                    show(l.max),
                    show(l.mean_lost),
                    show(l.lost)
                );
            } else {
                let _ = writeln!(
                    s,
                    "  {}：满分 {}，平均失分 {}，合计失分 {}",
                    l.label,
                    show(l.max),
                    show(l.mean_lost),
                    show(l.lost)
                );
            }
        }
    }
    s
}
