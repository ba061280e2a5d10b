//! Readable renderings of a report: plain Chinese text for a terminal, and Markdown.

use std::fmt::Write;

use super::evaluate::Status;
use super::report::EligibilityReport;

fn mark(status: Status) -> &'static str {
    match status {
        Status::Met => "✓",
        Status::NotMet => "✗",
        Status::Missing => "?",
        Status::Reviewer => "◇",
        Status::Warning => "!",
        Status::NotApplicable => "–",
    }
}

/// The report as Chinese text for a terminal.
pub fn text(r: &EligibilityReport) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "{}", r.measure_title);
    let _ = writeln!(
        s,
        "结论：{}（{}）",
        r.verdict_label,
        serde_plain(&r.verdict)
    );
    let _ = writeln!(s, "{}", r.summary);
    let _ = writeln!(s);
    for c in &r.conditions {
        let _ = writeln!(
            s,
            "{} [{}] {} {}（{}）",
            mark(c.status),
            c.status.label(),
            c.article,
            c.label,
            c.id
        );
        let _ = writeln!(s, "    {}", c.message);
        for b in &c.branches {
            let _ = writeln!(s, "      {} {}：{}", mark(b.status), b.label, b.message);
        }
        if let Some(reading) = &c.reading {
            let _ = writeln!(s, "    解读：{reading}");
        }
    }
    if !r.pending_review.is_empty() {
        let _ = writeln!(s, "\n待评审人判断（不影响系统结论）：");
        for p in &r.pending_review {
            let _ = writeln!(s, "  ◇ {} {}（{}）", p.article, p.question, p.id);
        }
    }
    if !r.missing.is_empty() {
        let _ = writeln!(s, "\n缺少的资料：");
        for m in &r.missing {
            let _ = writeln!(
                s,
                "  ? {}（{}），用于：{}",
                m.label,
                m.fact,
                m.conditions.join("、")
            );
        }
    }
    if let Some(a) = &r.way_to_eligible {
        let _ = writeln!(s, "\n达标路径（最少调整）：");
        for c in &a.changes {
            let _ = writeln!(s, "  → {}", c.message);
        }
        if let Some(d) = a.wait_until {
            let _ = writeln!(s, "  → 待至 {d} 后再申报（时间条件届满）");
        }
        for n in &a.notes {
            let _ = writeln!(s, "  · {n}");
        }
        let _ = writeln!(s, "  调整后结论：{}", a.reaches.label());
    }
    let rc = &r.receipt;
    let _ = writeln!(
        s,
        "\n回执：办法 {} 版本 {}（{}），核查日 {}，{}",
        rc.policy_id, rc.policy_version, rc.policy_hash, rc.as_of, rc.engine
    );
    s
}

/// The report as Markdown.
pub fn markdown(r: &EligibilityReport) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "# {}：{}\n", r.measure_title, r.verdict_label);
    let _ = writeln!(s, "{}\n", r.summary);
    let _ = writeln!(s, "| 条款 | 条件 | 结果 | 说明 |");
    let _ = writeln!(s, "|---|---|---|---|");
    for c in &r.conditions {
        let _ = writeln!(
            s,
            "| {} | {} | {} {} | {} |",
            c.article,
            c.label,
            mark(c.status),
            c.status.label(),
            c.message.replace('|', "\\|")
        );
    }
    if !r.pending_review.is_empty() {
        let _ = writeln!(s, "\n## 待评审人判断\n");
        for p in &r.pending_review {
            let _ = writeln!(s, "- {} {}", p.article, p.question);
        }
    }
    if !r.missing.is_empty() {
        let _ = writeln!(s, "\n## 缺少的资料\n");
        for m in &r.missing {
            let _ = writeln!(s, "- {}（`{}`）", m.label, m.fact);
        }
    }
    if let Some(a) = &r.way_to_eligible {
        let _ = writeln!(s, "\n## 达标路径\n");
        for c in &a.changes {
            let _ = writeln!(s, "- {}", c.message);
        }
        if let Some(d) = a.wait_until {
            let _ = writeln!(s, "- 待至 {d} 后再申报");
        }
        for n in &a.notes {
            let _ = writeln!(s, "- {n}");
        }
    }
    let rc = &r.receipt;
    let _ = writeln!(
        s,
        "\n> 回执：`{}` 版本 {}，`{}`，核查日 {}",
        rc.policy_id, rc.policy_version, rc.policy_hash, rc.as_of
    );
    s
}

fn serde_plain<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_value(v)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}
