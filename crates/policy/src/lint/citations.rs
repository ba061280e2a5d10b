//! Every cited article exists in its source text, the cited item exists in the article, and
//! every quote appears verbatim (whitespace aside) in the cited article.

use super::Ctx;
use crate::law::Citation;
use crate::model::RevocationTrigger;
use crate::source_text::{SourceText, compact};

pub(super) fn check(ctx: &mut Ctx<'_>) {
    let measure = &ctx.loaded.measure;
    let mut findings = Vec::new();
    let identity = &measure.measure;
    if let Some((field, msg)) = problem(
        &ctx.loaded.sources,
        &identity.effective_cite,
        &identity.effective_quote,
    ) {
        let needle = match field {
            Field::Cite => "effective_cite",
            Field::Quote => "effective_quote",
        };
        findings.push((
            identity.id.clone(),
            needle.to_string(),
            format!("施行日期：{msg}"),
        ));
    }
    for (kind, element) in measure.cited_elements() {
        let p = element.provision();
        if let Some((field, msg)) = problem(&ctx.loaded.sources, p.cite, p.quote) {
            let needle = match field {
                Field::Cite => "cite",
                Field::Quote => "quote",
            };
            findings.push((
                element.element_id().to_string(),
                needle.to_string(),
                format!("{kind}「{}」：{msg}", element.element_id()),
            ));
        }
    }
    // The lists a blacklist ground names are quoted from the ground's own article.
    for r in &measure.revocation {
        if let RevocationTrigger::Blacklist { lists } = &r.trigger {
            for l in lists {
                if let Some((_, msg)) = problem(&ctx.loaded.sources, &r.cite, &l.quote) {
                    findings.push((
                        r.id.clone(),
                        format!("\"{}\"", l.quote),
                        format!("取消情形「{}」的名单「{}」：{msg}", r.id, l.id),
                    ));
                }
            }
        }
    }
    for t in &measure.article {
        if find_source(&ctx.loaded.sources, &t.cite)
            .and_then(|s| s.article(&t.cite.article))
            .is_none()
        {
            findings.push((
                String::new(),
                format!("\"{}\"", t.cite),
                format!("条款分类：原文中没有「{}」", t.cite),
            ));
        }
    }
    for (id, needle, message) in findings {
        ctx.report(&id, &needle, message);
    }
}

pub(crate) fn find_source<'a>(
    sources: &'a [SourceText],
    cite: &Citation,
) -> Option<&'a SourceText> {
    match &cite.source {
        None => sources.first(),
        Some(name) => sources.iter().find(|s| &s.name == name),
    }
}

/// Which field of a cited element a finding is about, so the diagnostic points at its line.
enum Field {
    Cite,
    Quote,
}

fn problem(sources: &[SourceText], cite: &Citation, quote: &str) -> Option<(Field, String)> {
    let cite_problem = |msg: String| Some((Field::Cite, msg));
    let Some(source) = find_source(sources, cite) else {
        return cite_problem(format!(
            "引用「{cite}」指向的原文《{}》不在 source 列表中",
            cite.source.as_deref().unwrap_or("")
        ));
    };
    let Some(article) = source.article(&cite.article) else {
        return cite_problem(format!(
            "引用「{cite}」：原文《{}》中没有「{}」",
            source.name, cite.article
        ));
    };
    if !article.has_item(cite) {
        return cite_problem(format!("引用「{cite}」：{}中没有该项", cite.article));
    }
    if quote.trim().is_empty() {
        return Some((Field::Quote, format!("引用「{cite}」缺少原文摘录（quote）")));
    }
    if !article.compact().contains(&compact(quote)) {
        let msg = if source.contains(quote) {
            format!(
                "摘录「{quote}」不在{}中（原文其他条款中有此句，请核对引用）",
                cite.article
            )
        } else {
            format!(
                "摘录「{quote}」在原文《{}》中找不到（须逐字引用）",
                source.name
            )
        };
        return Some((Field::Quote, msg));
    }
    None
}
