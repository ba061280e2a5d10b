//! Requirements of rules and scorings in plain Chinese, without a profile: for `policy show`,
//! `policy diff` and the web's measure pages.

use rust_decimal::Decimal;

use crate::Library;
use crate::facts::FactName;
use crate::model::{GuardValue, ObligationKind, Rule, Scoring, Tier};

fn num(d: Decimal) -> String {
    d.normalize().to_string()
}

fn unit(lib: &Library, f: &FactName) -> String {
    lib.facts.unit(f).to_string()
}

fn choice(lib: &Library, f: &FactName, c: &str) -> String {
    lib.facts.choice_label(f, c).to_string()
}

/// When an obligation falls due, in words: `自认定之日起每6个月`, `每年年底`,
/// `变化发生之日起3个月内`, or, where the measure sets no number of days, `…后报送（办法未规定
/// 天数）`. `act` is the measure's word for its decision (认定, 备案).
pub fn due(kind: &ObligationKind, act: &str) -> String {
    match kind {
        ObligationKind::Periodic { every } => format!("自{act}之日起每{every}"),
        ObligationKind::YearEnd => "每年年底".into(),
        ObligationKind::OnRequest => "按主管部门的报送要求，在其规定的期限内".into(),
        ObligationKind::AfterEvent {
            event,
            within: Some(p),
        } => format!("{event}之日起{p}内"),
        ObligationKind::AfterEvent {
            event,
            within: None,
        } => format!("{event}后报送（办法未规定天数）"),
    }
}

/// A place requirement in words: `注册地在内蒙古自治区（150000）范围内`, each division by its
/// name with its code (a code the list lacks stays a code).
pub fn within(lib: &Library, fact: &FactName, regions: &[String]) -> String {
    format!(
        "{}在{}范围内",
        lib.facts.label(fact),
        regions
            .iter()
            .map(|r| lib.regions.with_code(r))
            .collect::<Vec<_>>()
            .join("、")
    )
}

/// A circumstance in words: `场地权属为租赁`, `具有独立法人资格`, `非「…」`.
pub fn guard(lib: &Library, f: &FactName, v: &GuardValue) -> String {
    match v {
        GuardValue::Bool(true) => lib.facts.label(f).to_string(),
        GuardValue::Bool(false) => format!("非「{}」", lib.facts.label(f)),
        GuardValue::Choice(c) => format!("{}为{}", lib.facts.label(f), choice(lib, f, c)),
    }
}

/// The requirement a rule states, with the statutory reading of its word in brackets.
pub fn requirement(lib: &Library, rule: &Rule) -> String {
    let reading = |t| {
        lib.terms.comparison(t).map_or(String::new(), |c| {
            format!(
                "（{}{}）",
                c.symbol(),
                if c.includes_number() {
                    "，含本数"
                } else {
                    "，不含本数"
                }
            )
        })
    };
    match rule {
        Rule::Threshold { fact, term, value } => {
            format!(
                "{}{}{}",
                lib.facts.label(fact),
                lib.terms
                    .phrase(term, &format!("{}{}", num(*value), unit(lib, fact))),
                reading(term)
            )
        }
        Rule::Share {
            parts,
            whole,
            term,
            percent,
        } => format!(
            "{}占{}{}{}",
            parts
                .iter()
                .map(|p| lib.facts.label(p))
                .collect::<Vec<_>>()
                .join("与"),
            lib.facts.label(whole),
            lib.terms.phrase(term, &format!("{}%", num(*percent))),
            reading(term)
        ),
        Rule::Elapsed {
            since,
            term,
            period,
        } => format!(
            "自{}起至核查日{}{}",
            lib.facts.label(since),
            lib.terms.phrase(term, &period.to_string()),
            reading(term)
        ),
        Rule::ContractTerm { term, period, .. } => {
            format!(
                "合同期限{}（起止日均计入）{}",
                lib.terms.phrase(term, &period.to_string()),
                reading(term)
            )
        }
        Rule::PerCount {
            fact,
            base,
            per,
            count,
        } => format!(
            "每{per}{}{}至少{count}{}{}（不足{per}按{per}计，向上取整）",
            unit(lib, base),
            lib.facts.label(base),
            unit(lib, fact),
            lib.facts.label(fact)
        ),
        Rule::Includes {
            fact,
            choices,
            min_count,
        } => {
            let names: Vec<String> = choices.iter().map(|c| choice(lib, fact, c)).collect();
            match min_count {
                Some(n) => format!("{}：{}中至少{n}项", lib.facts.label(fact), names.join("、")),
                None => format!("{}：须具备{}", lib.facts.label(fact), names.join("、")),
            }
        }
        Rule::Equals { fact, value } => guard(lib, fact, value),
        Rule::OneOf { fact, values } => format!(
            "{}为{}之一",
            lib.facts.label(fact),
            values
                .iter()
                .map(|v| choice(lib, fact, v))
                .collect::<Vec<_>>()
                .join("、")
        ),
        Rule::Within { fact, regions } => within(lib, fact, regions),
        Rule::AnyOf { branches } => branches
            .iter()
            .map(|b| format!("〔{}〕", requirement(lib, &b.rule)))
            .collect::<Vec<_>>()
            .join(" 或 "),
        Rule::AllOf { parts } => parts
            .iter()
            .map(|b| format!("〔{}〕", requirement(lib, &b.rule)))
            .collect::<Vec<_>>()
            .join(" 且 "),
        Rule::Cases { cases, .. } => cases
            .iter()
            .map(|c| format!("{}：{}", c.label, requirement(lib, &c.rule)))
            .collect::<Vec<_>>()
            .join("；"),
        Rule::Review { question } => format!("由评审人判断：{question}"),
    }
}

fn bound(t: &Tier) -> String {
    let from = t
        .from
        .map(|f| format!("{}{}", if f.inclusive { "≥" } else { ">" }, num(f.value)));
    let to =
        t.to.map(|v| format!("{}{}", if v.inclusive { "≤" } else { "<" }, num(v.value)));
    match (from, to) {
        (Some(a), Some(b)) => format!("{a} 且 {b}"),
        (Some(a), None) => a,
        (None, Some(b)) => b,
        (None, None) => "任意".into(),
    }
}

/// How an index row scores, with every tier edge and the floor division spelled out; `input`,
/// the row's appraisal input, names the choices a highest-of row scores.
pub fn scoring(scoring: &Scoring, input: Option<&crate::facts::FactDef>) -> String {
    match scoring {
        Scoring::Tiers { tiers } => tiers
            .iter()
            .map(|t| format!("{} 得 {} 分", bound(t), num(t.points)))
            .collect::<Vec<_>>()
            .join("；"),
        Scoring::PerUnit { per: 1, points } => format!("每项（次、人）得 {} 分", num(*points)),
        Scoring::PerUnit { per, points } => {
            format!(
                "每满 {per} 得 {} 分（向下取整，不足 {per} 不得分）",
                num(*points)
            )
        }
        Scoring::Highest { values } => format!(
            "{}；按最高一项计，不累加",
            values
                .iter()
                .map(|v| format!(
                    "{} 得 {} 分",
                    input.map_or(v.value.as_str(), |d| d.choice_label(&v.value)),
                    num(v.points)
                ))
                .collect::<Vec<_>>()
                .join("，")
        ),
    }
}
