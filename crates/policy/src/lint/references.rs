//! Internal references resolve (roles, grades, revocations, items, groups), ids are unique,
//! and dates are in order.

use std::collections::BTreeSet;

use super::Ctx;
use crate::model::{FilingKind, ObligationKind, RevocationTrigger, RoleKind, SubsidyTrigger};

pub(super) fn check(ctx: &mut Ctx<'_>) {
    let m = &ctx.loaded.measure;
    let mut f: Vec<(String, String, String)> = Vec::new();
    let mut seen = BTreeSet::new();
    for (kind, e) in m.cited_elements() {
        if !seen.insert((kind, e.element_id())) {
            f.push((
                e.element_id().into(),
                String::new(),
                format!("{kind}编号「{}」重复", e.element_id()),
            ));
        }
    }
    let role = |id: &str| m.role(id);
    for s in &m.procedure.stage {
        if role(&s.role).is_none() {
            f.push((
                s.id.clone(),
                s.role.clone(),
                format!("程序环节「{}」：未定义的角色「{}」", s.id, s.role),
            ));
        }
    }
    for r in &m.procedure.route {
        match role(&r.role) {
            Some(def) if def.kind == RoleKind::RecommendingUnit => {}
            Some(_) => f.push((
                r.id.clone(),
                r.role.clone(),
                format!("推荐路径「{}」：角色「{}」不是推荐单位", r.id, r.role),
            )),
            None => f.push((
                r.id.clone(),
                r.role.clone(),
                format!("推荐路径「{}」：未定义的角色「{}」", r.id, r.role),
            )),
        }
    }
    let fallbacks = m
        .procedure
        .route
        .iter()
        .filter(|r| r.when.is_none())
        .count();
    if !m.procedure.route.is_empty() && fallbacks != 1 {
        f.push((
            String::new(),
            "[[procedure.route]]".into(),
            "推荐路径须有且只有一条不带条件（其他情形）的路径".into(),
        ));
    }
    let revocation = |id: &str| m.revocation.iter().any(|r| r.id == id);
    // A filing meets the one obligation of its kind (`Measure::obligation_for`): a second of
    // the same kind would never be asked for, met or checked.
    for (i, o) in m.obligation.iter().enumerate() {
        if let Some(first) = m.obligation[..i].iter().find(|e| e.filing == o.filing) {
            f.push((
                o.id.clone(),
                "filing".into(),
                format!(
                    "义务「{}」与「{}」都是{}：每类报送只能对应一项义务，请合并为一项",
                    o.id,
                    first.id,
                    o.filing.noun()
                ),
            ));
        }
    }
    for o in &m.obligation {
        // A change is reported after the change; statistics and annual reports come on a
        // cadence, at the year's end or on the authority's request.
        if o.filing == FilingKind::ChangeReport
            && !matches!(o.due, ObligationKind::AfterEvent { .. })
        {
            f.push((
                o.id.clone(),
                "filing".into(),
                format!(
                    "义务「{}」：变更报告只能在变化发生后报送（due 应为 after_event）",
                    o.id
                ),
            ));
        }
        if role(&o.report_to).is_none() {
            f.push((
                o.id.clone(),
                o.report_to.clone(),
                format!("义务「{}」：未定义的角色「{}」", o.id, o.report_to),
            ));
        }
        if let Some(fw) = &o.forwarding {
            if o.filing != FilingKind::ChangeReport {
                f.push((
                    fw.id.clone(),
                    "forwarding".into(),
                    format!("义务「{}」：只有变更报告设转报", o.id),
                ));
            }
            // The forwarding body acts for its own area: a recommending unit.
            match role(&fw.by) {
                None => f.push((
                    fw.id.clone(),
                    fw.by.clone(),
                    format!("{}（{}）：未定义的角色「{}」", fw.label, fw.id, fw.by),
                )),
                Some(r) if r.kind != RoleKind::RecommendingUnit => f.push((
                    fw.id.clone(),
                    fw.by.clone(),
                    format!(
                        "{}（{}）：转报单位「{}」应为推荐单位（kind = \"recommending_unit\"），按其辖区转报",
                        fw.label, fw.id, fw.by
                    ),
                )),
                Some(_) => {}
            }
        }
        if let Some(review) = &o.review {
            if o.filing != FilingKind::ChangeReport {
                f.push((
                    review.id.clone(),
                    "review".into(),
                    format!("义务「{}」：只有变更报告设审核（同意变更或取消资格）", o.id),
                ));
            }
            match role(&review.by) {
                None => f.push((
                    review.id.clone(),
                    review.by.clone(),
                    format!(
                        "{}（{}）：未定义的角色「{}」",
                        review.label, review.id, review.by
                    ),
                )),
                // The review revokes on refusal: the authority's act (the case service checks
                // the reviewer as the authority of the space).
                Some(r) if r.kind != RoleKind::Authority => f.push((
                    review.id.clone(),
                    review.by.clone(),
                    format!(
                        "{}（{}）：审核人「{}」应为认定/备案机构（kind = \"authority\"），不同意变更即取消资格",
                        review.label, review.id, review.by
                    ),
                )),
                Some(_) => {}
            }
            match m.revocation.iter().find(|r| r.id == review.refused) {
                None => f.push((
                    review.id.clone(),
                    review.refused.clone(),
                    format!(
                        "{}（{}）：未定义的取消资格情形「{}」",
                        review.label, review.id, review.refused
                    ),
                )),
                Some(r) if r.trigger != RevocationTrigger::ChangeNoncompliant => f.push((
                    review.id.clone(),
                    review.refused.clone(),
                    format!(
                        "{}（{}）：不同意变更所引起的取消资格情形应为“变化后不符合本办法要求”（change_noncompliant），「{}」不是",
                        review.label, review.id, review.refused
                    ),
                )),
                Some(_) => {}
            }
        }
        for r in &o.missing_leads_to {
            if !revocation(r) {
                f.push((
                    o.id.clone(),
                    r.clone(),
                    format!("义务「{}」：未定义的取消资格情形「{r}」", o.id),
                ));
            }
        }
    }
    if let Some(a) = &m.appraisal {
        for item in &a.item {
            if !a.group.iter().any(|g| g.id == item.group) {
                f.push((
                    item.id.clone(),
                    item.group.clone(),
                    format!("考核指标「{}」：未定义的分组「{}」", item.id, item.group),
                ));
            }
        }
        for j in &a.joint_cap {
            for i in &j.items {
                if !a.item.iter().any(|x| &x.id == i) {
                    f.push((
                        j.id.clone(),
                        i.clone(),
                        format!("合计上限「{}」：未定义的考核指标「{i}」", j.id),
                    ));
                }
            }
        }
        for o in &a.override_ {
            if a.grade(&o.grade).is_none() {
                f.push((
                    o.id.clone(),
                    o.grade.clone(),
                    format!("视为不合格「{}」：未定义的等级「{}」", o.id, o.grade),
                ));
            }
        }
        if let Some(x) = &a.materials {
            if role(&x.set_by).is_none_or(|r| r.kind != RoleKind::Authority) {
                f.push((
                    x.id.clone(),
                    x.set_by.clone(),
                    format!(
                        "考核资料「{}」：「{}」不是已定义的认定机构角色",
                        x.id, x.set_by
                    ),
                ));
            }
            if !a.override_.iter().any(|o| o.id == x.feeds) {
                f.push((
                    x.id.clone(),
                    x.feeds.clone(),
                    format!(
                        "考核资料「{}」：未定义的视为不合格情形「{}」",
                        x.id, x.feeds
                    ),
                ));
            }
        }
        for e in &a.escalation {
            if !revocation(&e.revocation) {
                f.push((
                    e.id.clone(),
                    e.revocation.clone(),
                    format!(
                        "连续不合格「{}」：未定义的取消资格情形「{}」",
                        e.id, e.revocation
                    ),
                ));
            }
        }
    }
    for s in &m.subsidy {
        if let SubsidyTrigger::Grade { grade } = &s.trigger
            && m.appraisal.as_ref().and_then(|a| a.grade(grade)).is_none()
        {
            f.push((
                s.id.clone(),
                grade.clone(),
                format!("补助「{}」：未定义的考核等级「{grade}」", s.id),
            ));
        }
    }
    let id = &m.measure;
    if id.effective_from < id.issued_on {
        f.push((
            id.id.clone(),
            "effective_from".into(),
            format!(
                "施行日期 {} 早于印发日期 {}",
                id.effective_from, id.issued_on
            ),
        ));
    }
    if let Some(until) = id.effective_until
        && until < id.effective_from
    {
        f.push((
            id.id.clone(),
            "effective_until".into(),
            format!("失效日期 {until} 早于施行日期 {}", id.effective_from),
        ));
    }
    for c in &m.call {
        if c.deadline.year() != c.year {
            f.push((
                c.id.clone(),
                "deadline".into(),
                format!(
                    "申报通知「{}」：截止日期 {} 不在 {} 年",
                    c.id, c.deadline, c.year
                ),
            ));
        }
        if let Some(open) = c.opens_on
            && open > c.deadline
        {
            f.push((
                c.id.clone(),
                "opens_on".into(),
                format!(
                    "申报通知「{}」：开始日期 {open} 晚于截止日期 {}",
                    c.id, c.deadline
                ),
            ));
        }
        if c.deadline < id.effective_from {
            f.push((
                c.id.clone(),
                "deadline".into(),
                format!(
                    "申报通知「{}」：截止日期 {} 早于办法施行日期",
                    c.id, c.deadline
                ),
            ));
        }
    }
    for (eid, needle, msg) in f {
        ctx.report(&eid, &needle, msg);
    }
}
