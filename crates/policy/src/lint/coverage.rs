//! Every article of every source text is triaged: encoded (and then something cites it),
//! procedural (and then named stages carry it out), or not machine-checkable (with a reason).

use std::collections::BTreeSet;

use super::Ctx;
use crate::law::Citation;
use crate::model::Triage;

pub(super) fn check(ctx: &mut Ctx<'_>) {
    let m = &ctx.loaded.measure;
    let mut f: Vec<(String, String)> = Vec::new();
    let cited: BTreeSet<Citation> = m
        .cited_elements()
        .iter()
        .map(|(_, e)| e.provision().cite.article_only())
        .chain(std::iter::once(m.measure.effective_cite.article_only()))
        .collect();
    let mut triaged = BTreeSet::new();
    for t in &m.article {
        let key = t.cite.article_only();
        if t.cite.item.is_some() {
            f.push((
                format!("\"{}\"", t.cite),
                format!("条款分类「{}」须针对整条，不带项", t.cite),
            ));
        }
        if !triaged.insert(key.clone()) {
            f.push((
                format!("\"{}\"", t.cite),
                format!("条款「{}」重复分类", t.cite),
            ));
        }
        match t.status {
            Triage::Encoded if !cited.contains(&key) => f.push((
                format!("\"{}\"", t.cite),
                format!("条款「{}」标为已编码，但没有任何规则或要素引用它", t.cite),
            )),
            Triage::Procedural => {
                if t.stages.is_empty() {
                    f.push((
                        format!("\"{}\"", t.cite),
                        format!("条款「{}」标为程序性，须列出执行它的环节（stages）", t.cite),
                    ));
                }
                for s in &t.stages {
                    if !m.procedure.stage.iter().any(|st| &st.id == s) {
                        f.push((
                            format!("\"{}\"", t.cite),
                            format!("条款「{}」：未定义的程序环节「{s}」", t.cite),
                        ));
                    }
                }
            }
            Triage::NotCheckable if t.reason.as_deref().is_none_or(|r| r.trim().is_empty()) => f
                .push((
                    format!("\"{}\"", t.cite),
                    format!("条款「{}」标为不可机器判断，须写明理由（reason）", t.cite),
                )),
            _ => {}
        }
    }
    for (i, source) in ctx.loaded.sources.iter().enumerate() {
        for heading in source.headings() {
            let key = Citation {
                source: (i > 0).then(|| source.name.clone()),
                article: heading.to_string(),
                item: None,
            };
            if !triaged.contains(&key) {
                f.push((
                    "[[article]]".into(),
                    format!("条款「{key}」未分类：须标为已编码、程序性或不可机器判断"),
                ));
            }
        }
    }
    for (needle, msg) in f {
        ctx.report("", &needle, msg);
    }
}
