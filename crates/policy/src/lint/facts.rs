//! Every fact a policy names is in the dictionary, with a type its rule can use; every
//! statutory word is in the terms table; every choice named exists.

use super::Ctx;
use crate::facts::{FactName, FactType};
use crate::model::{Guard, GuardValue, Rule};

pub(super) fn check(ctx: &mut Ctx<'_>) {
    let measure = &ctx.loaded.measure;
    let mut findings: Vec<(String, String, String)> = Vec::new();
    let mut push = |id: &str, needle: &str, msg: String| {
        findings.push((id.to_string(), needle.to_string(), msg));
    };
    let dict = &ctx.library.facts;
    let terms = &ctx.library.terms;
    for c in &measure.condition {
        if let Some(g) = &c.applies_if {
            for m in guard_problems(ctx, g) {
                push(
                    &c.id,
                    g.fact.as_str(),
                    format!("条件「{}」applies_if：{m}", c.id),
                );
            }
        }
        let mut problems = Vec::new();
        rule_problems(ctx, &c.rule, &mut problems);
        for (needle, m) in problems {
            push(&c.id, &needle, format!("条件「{}」：{m}", c.id));
        }
        for term in c.rule.terms() {
            if terms.comparison(term).is_none() {
                push(
                    &c.id,
                    &term.0,
                    format!(
                        "条件「{}」：法定用语「{term}」不在用语表中（law/terms.toml）",
                        c.id
                    ),
                );
            }
        }
    }
    for e in &measure.exclusion {
        match dict.fact(&e.fact) {
            None => push(
                &e.id,
                e.fact.as_str(),
                format!("排除「{}」：未知事实「{}」", e.id, e.fact),
            ),
            Some(def) => {
                for choice in &e.any_of {
                    if !def.choices.iter().any(|c| &c.id == choice) {
                        push(
                            &e.id,
                            choice,
                            format!("排除「{}」：事实「{}」没有选项「{choice}」", e.id, e.fact),
                        );
                    }
                }
            }
        }
    }
    for r in &measure.procedure.route {
        if let Some(g) = &r.when {
            for m in guard_problems(ctx, g) {
                push(&r.id, g.fact.as_str(), format!("推荐路径「{}」：{m}", r.id));
            }
        }
    }
    for f in &measure.form_field {
        if let Some(fact) = &f.fact
            && dict.fact(fact).is_none()
        {
            push(
                &f.id,
                fact.as_str(),
                format!("申报书字段「{}」：未知事实「{fact}」", f.id),
            );
        }
    }
    if let Some(a) = &measure.appraisal {
        for item in &a.item {
            if dict.appraisal_input(&item.input).is_none() {
                push(
                    &item.id,
                    item.input.as_str(),
                    format!("考核指标「{}」：未知考核输入「{}」", item.id, item.input),
                );
            }
        }
        for o in &a.override_ {
            match dict.appraisal_input(&o.input) {
                Some(def) if def.ty == FactType::Bool => {}
                Some(_) => push(
                    &o.id,
                    o.input.as_str(),
                    format!(
                        "视为不合格「{}」：考核输入「{}」须为是/否类型",
                        o.id, o.input
                    ),
                ),
                None => push(
                    &o.id,
                    o.input.as_str(),
                    format!("视为不合格「{}」：未知考核输入「{}」", o.id, o.input),
                ),
            }
        }
    }
    for (id, needle, msg) in findings {
        ctx.report(&id, &needle, msg);
    }
}

fn guard_problems(ctx: &Ctx<'_>, g: &Guard) -> Vec<String> {
    let mut out = Vec::new();
    value_problems(ctx, &g.fact, &g.equals, &mut out);
    out
}

fn value_problems(ctx: &Ctx<'_>, fact: &FactName, value: &GuardValue, out: &mut Vec<String>) {
    match ctx.library.facts.fact(fact) {
        None => out.push(format!("未知事实「{fact}」")),
        Some(def) => match (def.ty, value) {
            (FactType::Bool, GuardValue::Bool(_)) => {}
            (FactType::Enum, GuardValue::Choice(c)) if def.choices.iter().any(|x| &x.id == c) => {}
            (FactType::Enum, GuardValue::Choice(c)) => {
                out.push(format!("事实「{fact}」没有选项「{c}」"))
            }
            (ty, _) => out.push(format!(
                "事实「{fact}」是{}类型，不能与「{value}」比较",
                ty.label()
            )),
        },
    }
}

fn expect(ctx: &Ctx<'_>, fact: &FactName, allowed: &[FactType], out: &mut Vec<(String, String)>) {
    match ctx.library.facts.fact(fact) {
        None => out.push((
            fact.to_string(),
            format!("未知事实「{fact}」（不在 facts.toml 中）"),
        )),
        Some(def) if !allowed.contains(&def.ty) => out.push((
            fact.to_string(),
            format!(
                "事实「{fact}」是{}类型，此规则需要{}",
                def.ty.label(),
                allowed
                    .iter()
                    .map(|t| t.label())
                    .collect::<Vec<_>>()
                    .join("或")
            ),
        )),
        Some(_) => {}
    }
}

fn rule_problems(ctx: &Ctx<'_>, rule: &Rule, out: &mut Vec<(String, String)>) {
    const QUANTITY: &[FactType] = &[FactType::Number, FactType::Integer];
    match rule {
        Rule::Threshold { fact, .. } => expect(ctx, fact, QUANTITY, out),
        Rule::Share {
            parts,
            whole,
            percent,
            ..
        } => {
            for p in parts.iter().chain(std::iter::once(whole)) {
                expect(ctx, p, QUANTITY, out);
            }
            if percent.is_sign_negative() || *percent > rust_decimal::Decimal::ONE_HUNDRED {
                out.push(("percent".into(), format!("比例 {percent}% 不在 0–100 之间")));
            }
        }
        Rule::Elapsed { since, period, .. } => {
            expect(ctx, since, &[FactType::Date], out);
            if period.is_zero() {
                out.push(("period".into(), "期限为零".into()));
            }
        }
        Rule::ContractTerm {
            from, to, period, ..
        } => {
            expect(ctx, from, &[FactType::Date], out);
            expect(ctx, to, &[FactType::Date], out);
            if period.is_zero() {
                out.push(("period".into(), "期限为零".into()));
            }
        }
        Rule::PerCount {
            fact,
            base,
            per,
            count,
        } => {
            expect(ctx, fact, QUANTITY, out);
            expect(ctx, base, QUANTITY, out);
            if *per == 0 || *count == 0 {
                out.push(("per".into(), "per 与 count 须为正整数".into()));
            }
        }
        Rule::Includes {
            fact,
            choices,
            min_count,
        } => {
            expect(ctx, fact, &[FactType::Set], out);
            if let Some(def) = ctx.library.facts.fact(fact) {
                for c in choices {
                    if !def.choices.iter().any(|x| &x.id == c) {
                        out.push((c.clone(), format!("事实「{fact}」没有选项「{c}」")));
                    }
                }
            }
            if min_count.is_some_and(|n| n == 0 || n as usize > choices.len()) {
                out.push((
                    "min_count".into(),
                    format!("min_count 须在 1 到 {} 之间", choices.len()),
                ));
            }
        }
        Rule::Equals { fact, value } => {
            let mut m = Vec::new();
            value_problems(ctx, fact, value, &mut m);
            out.extend(m.into_iter().map(|m| (fact.to_string(), m)));
        }
        Rule::OneOf { fact, values } => {
            expect(ctx, fact, &[FactType::Enum], out);
            if let Some(def) = ctx.library.facts.fact(fact) {
                for v in values {
                    if !def.choices.iter().any(|x| &x.id == v) {
                        out.push((v.clone(), format!("事实「{fact}」没有选项「{v}」")));
                    }
                }
            }
        }
        Rule::Within { fact, regions } => {
            expect(ctx, fact, &[FactType::Region], out);
            for r in regions {
                if crate::model::RegionCode::parse(r).is_err() {
                    out.push((r.clone(), format!("行政区划代码「{r}」应为6位数字")));
                }
            }
        }
        Rule::AnyOf { branches } | Rule::AllOf { parts: branches } => {
            if branches.len() < 2 {
                out.push((
                    "branches".into(),
                    "择一/同时满足的规则至少需要两个分支".into(),
                ));
            }
            for b in branches {
                rule_problems(ctx, &b.rule, out);
            }
        }
        Rule::Cases { fact, cases } => {
            let mut seen = Vec::new();
            let mut otherwise = 0;
            for (i, case) in cases.iter().enumerate() {
                match &case.when {
                    Some(v) => {
                        let mut m = Vec::new();
                        value_problems(ctx, fact, v, &mut m);
                        out.extend(m.into_iter().map(|m| (fact.to_string(), m)));
                        if seen.contains(&v) {
                            out.push((
                                case.label.clone(),
                                format!(
                                    "分情形「{}」与前面的情形条件相同，永远不会适用",
                                    case.label
                                ),
                            ));
                        }
                        seen.push(v);
                    }
                    None => {
                        otherwise += 1;
                        if i + 1 != cases.len() {
                            out.push((
                                case.label.clone(),
                                format!(
                                    "「其他」情形「{}」须放在最后，之后的情形永远不会适用",
                                    case.label
                                ),
                            ));
                        }
                    }
                }
                rule_problems(ctx, &case.rule, out);
            }
            if otherwise > 1 {
                out.push(("cases".into(), "只能有一个「其他」情形".into()));
            }
        }
        Rule::Review { question } => {
            if question.trim().is_empty() {
                out.push(("question".into(), "评审判断须写明提给评审人的问题".into()));
            }
        }
    }
}
