//! The web pages: each renders, forms keep what was typed and show errors beside the field,
//! and snapshots of the self-check result and a measure page.

use axum::http::StatusCode;

use crate::helpers::{between, example_form, get, post_form, redact};

fn check_page(html: &str) {
    assert!(html.contains("<html lang=\"zh-CN\">"), "lang");
    assert!(html.contains("name=\"viewport\""), "viewport");
    for outside in [
        "src=\"http",
        "src=\"//",
        "stylesheet\" href=\"http",
        "url(http",
    ] {
        assert!(
            !html.contains(outside),
            "nothing loaded from outside: {outside}"
        );
    }
    // Every input, select and textarea has a label (by id) or sits in a labelled wrapper.
    for (i, _) in html.match_indices("<input ") {
        let tag = &html[i..i + html[i..].find('>').unwrap()];
        if tag.contains("type=\"checkbox\"") || tag.contains("type=\"hidden\"") {
            // checkboxes are wrapped in their <label>
            let before = &html[..i];
            assert!(
                before.rfind("<label class=\"check\">") > before.rfind("</label>"),
                "{tag}"
            );
            continue;
        }
        let id = tag
            .split("id=\"")
            .nth(1)
            .and_then(|s| s.split('"').next())
            .expect(tag);
        assert!(html.contains(&format!("for=\"{id}\"")), "no label for {id}");
    }
    for (i, _) in html.match_indices("<select ") {
        let tag = &html[i..i + html[i..].find('>').unwrap()];
        let id = tag
            .split("id=\"")
            .nth(1)
            .and_then(|s| s.split('"').next())
            .expect(tag);
        assert!(html.contains(&format!("for=\"{id}\"")), "no label for {id}");
    }
}

#[tokio::test]
async fn every_page_renders() {
    for path in [
        "/",
        "/measures",
        "/measures/inner-mongolia-2020",
        "/measures/xinjiang-2019",
        "/measures/shuozhou-2016",
        "/measures/anshan-2020",
        "/self-check",
        "/self-check?example=1",
        "/self-check?policy=compare",
        "/appraisal",
        "/api/v1/docs",
    ] {
        let r = get(path).await;
        assert_eq!(r.status, StatusCode::OK, "{path}");
        assert!(
            r.headers["content-type"]
                .to_str()
                .unwrap()
                .starts_with("text/html")
        );
        check_page(&r.text());
    }
    let r = get("/measures/no-such").await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert!(r.text().contains("页面不存在"));
}

/// Every link on the home page leads somewhere: the appraisal preview only for a measure
/// scored from an index table (内蒙古); the others' appraisals are recorded grades (鞍山
/// 第七条, 新疆, 朔州), which no preview computes.
#[tokio::test]
async fn no_link_on_the_home_page_is_dead() {
    let html = get("/").await.text();
    let links: Vec<String> = html
        .split("href=\"/")
        .skip(1)
        .filter_map(|h| h.split('"').next())
        .map(|h| format!("/{}", h.replace("&amp;", "&")))
        .collect();
    assert!(
        links
            .iter()
            .any(|l| l == "/appraisal?policy=inner-mongolia-2020")
    );
    assert!(!links.iter().any(|l| l == "/appraisal?policy=anshan-2020"));
    for link in &links {
        let r = get(link).await;
        // The register and notices need the store, which this app runs without (503).
        assert!(
            r.status == StatusCode::OK || r.status == StatusCode::SERVICE_UNAVAILABLE,
            "{link}: {}",
            r.status
        );
    }
}

/// The ids a measure's file gives its parts (roles, stages, conditions, gates, materials,
/// obligations, revocations, subsidies, grades, index rows and caps) and the choice ids of
/// the dictionary: what its page must name by their labels.
fn ids_of(m: &policy::LoadedMeasure, lib: &policy::Library) -> Vec<String> {
    let me = &m.measure;
    let mut ids: Vec<String> = me.role.iter().map(|r| r.id.clone()).collect();
    ids.extend(me.procedure.stage.iter().map(|x| x.id.clone()));
    ids.extend(me.condition.iter().map(|x| x.id.clone()));
    ids.extend(me.exclusion.iter().map(|x| x.id.clone()));
    ids.extend(me.ban.iter().map(|x| x.id.clone()));
    ids.extend(me.material.iter().map(|x| x.id.clone()));
    ids.extend(me.obligation.iter().map(|x| x.id.clone()));
    ids.extend(me.revocation.iter().map(|x| x.id.clone()));
    ids.extend(me.subsidy.iter().map(|x| x.id.clone()));
    if let Some(a) = &me.appraisal {
        ids.extend(a.grade.iter().map(|x| x.id.clone()));
        ids.extend(a.item.iter().map(|x| x.id.clone()));
        ids.extend(a.joint_cap.iter().map(|x| x.id.clone()));
    }
    for d in lib.facts.facts().chain(lib.facts.appraisal_inputs()) {
        ids.push(d.name.as_str().to_string());
        ids.extend(d.choices.iter().map(|c| c.id.clone()));
    }
    ids
}

/// A page's visible text: the tags left out, quotations of the official text (English for
/// the Inner Mongolia index table, which survives only in translation) too.
fn visible_text(html: &str) -> String {
    let mut text = String::new();
    let mut in_tag = false;
    let mut quoted = 0usize;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            // An element's edge ends a sentence's run of words (see `code_like_words`).
            '>' => {
                in_tag = false;
                text.push('\n');
            }
            '「' => quoted += 1,
            '」' => quoted = quoted.saturating_sub(1),
            c if !in_tag && quoted == 0 => text.push(c),
            _ => {}
        }
    }
    text
}

/// The words of ASCII letters, digits and `-_.` in a text that read as codes in a Chinese
/// sentence: joined by `-`, `_` or `.`, or next to a Chinese ideograph (spaces aside, within
/// one element), where an English sentence's words stand among English words.
fn code_like_words(text: &str) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    let is_word = |c: char| c.is_ascii_alphanumeric() || "-_.".contains(c);
    // Ideographs, not punctuation: an English sentence of the source may end in 。.
    let is_chinese = |c: char| ('\u{4e00}'..='\u{9fff}').contains(&c);
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if !is_word(chars[i]) {
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len() && is_word(chars[i]) {
            i += 1;
        }
        let word: String = chars[start..i].iter().collect();
        let word = word.trim_matches('.').to_string();
        let before = chars[..start].iter().rev().find(|c| **c != ' ').copied();
        let after = chars[i..].iter().find(|c| **c != ' ').copied();
        let (before, after) = (before.filter(|c| *c != '\n'), after.filter(|c| *c != '\n'));
        let joined = word.chars().any(|c| "-_.".contains(c));
        if joined || before.is_some_and(is_chinese) || after.is_some_and(is_chinese) {
            out.push(word);
        }
    }
    out
}

/// A measure's page speaks Chinese: its requirements, circumstances, routes, obligations,
/// scoring rows, coverage notes and readings name stages, roles, grades, choices and
/// conditions by their labels, never by the policy file's ids.
#[tokio::test]
async fn a_measure_page_shows_no_identifiers() {
    let lib = crate::helpers::library();
    for m in lib.measures() {
        let ids = ids_of(m, &lib);
        let html = get(&format!("/measures/{}", m.id())).await.text();
        let main = html.split("<main").nth(1).unwrap_or_default();
        // The English scoring rows are shown beside their Chinese, as the table words them.
        let main = main
            .split("<span class=\"meta\">")
            .map(|part| part.split_once("</span>").map_or(part, |(_, rest)| rest))
            .collect::<String>();
        let found: Vec<String> = code_like_words(&visible_text(&main))
            .into_iter()
            .filter(|w| ids.contains(w))
            .collect();
        assert!(found.is_empty(), "{}: {found:?}", m.id());
    }
}

/// A self-check with facts left out lists each missing fact by its label with the conditions
/// that need it (article and label), and its sentences name facts by label, never by the
/// dotted names programs use.
#[tokio::test]
async fn missing_facts_are_named_for_people() {
    let form = [("mode", "xinjiang-2019"), ("as_of", "2024-06-30")];
    let html = post_form("/self-check", &form, true).await.text();
    let missing = between(&html, "class=\"missing\"", "</section>");
    assert!(missing.contains("<strong>创业导师</strong>"), "{missing}");
    assert!(missing.contains("用于 第六条第8项「"), "{missing}");
    assert!(!missing.contains("mentors"), "{missing}");
    assert!(
        !html.contains("（mentors）"),
        "a sentence names the fact by label"
    );
}

/// The self-check asks its facts in the order the dictionary lists them: the whole before its
/// parts, a lease's start before its end (not in the names' alphabetical order).
#[tokio::test]
async fn the_self_check_asks_as_the_dictionary_lists() {
    let html = get("/self-check").await.text();
    let at = |id: &str| {
        html.find(&format!("id=\"{id}\""))
            .unwrap_or_else(|| panic!("{id}"))
    };
    assert!(at("f-premises-total-area-m2") < at("f-premises-public-area-m2"));
    assert!(at("f-premises-lease-start") < at("f-premises-lease-end"));
}

#[tokio::test]
async fn assets_are_embedded_with_long_cache() {
    let home = get("/").await.text();
    let src = home
        .split("src=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .unwrap()
        .to_string();
    assert!(src.starts_with("/assets/htmx."), "{src}");
    let r = get(&src).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(
        r.headers["cache-control"]
            .to_str()
            .unwrap()
            .contains("immutable")
    );
    // The vendored file is the one recorded in VENDORED.md.
    let recorded = include_str!("../../assets/VENDORED.md");
    let sha = web::assets::all()
        .iter()
        .find(|a| a.name == "htmx.min.js")
        .unwrap()
        .sha256
        .clone();
    assert!(
        recorded.contains(&sha),
        "htmx.min.js checksum differs from VENDORED.md"
    );
    assert_eq!(get("/assets/nope.js").await.status, StatusCode::NOT_FOUND);
    // The page script (upload progress) is served from here too: nothing from a CDN.
    let script = home
        .split("src=\"")
        .nth(2)
        .and_then(|s| s.split('"').next())
        .unwrap();
    assert!(script.starts_with("/assets/app."), "{script}");
    let js = get(script).await;
    assert_eq!(js.status, StatusCode::OK);
    assert!(js.text().contains("htmx:xhr:progress"));
}

fn pairs(v: &[(String, String)]) -> Vec<(&str, &str)> {
    v.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect()
}

#[tokio::test]
async fn self_check_result_partial_snapshot() {
    let mut form = example_form();
    form.push(("mode".into(), "xinjiang-2019".into()));
    let r = post_form("/self-check", &pairs(&form), true).await;
    assert_eq!(r.status, StatusCode::OK);
    let html = r.text();
    assert!(html.contains("符合条件"));
    assert!(!html.contains("<html"), "a fragment");
    insta::assert_snapshot!("self_check_result_xinjiang", redact(&html));
}

#[tokio::test]
async fn self_check_ineligible_shows_way_to_eligible() {
    let mut form: Vec<(String, String)> = example_form()
        .into_iter()
        .filter(|(k, _)| k != "premises.public_area_m2")
        .collect();
    form.push(("premises.public_area_m2".into(), "50".into()));
    form.push(("mode".into(), "xinjiang-2019".into()));
    let r = post_form("/self-check", &pairs(&form), true).await;
    let html = r.text();
    assert!(html.contains("不符合条件"), "{html}");
    assert!(html.contains("怎样达到条件"));
}

#[tokio::test]
async fn self_check_compare() {
    let mut form = example_form();
    form.push(("mode".into(), "compare".into()));
    let r = post_form("/self-check", &pairs(&form), true).await;
    let html = r.text();
    assert!(html.contains("四地对比"));
    for place in ["鞍山", "朔州"] {
        assert!(html.contains(place), "{place}");
    }
}

#[tokio::test]
async fn self_check_errors_beside_fields_and_values_kept() {
    let form = [
        ("mode", "xinjiang-2019"),
        ("as_of", "2024-06-30"),
        ("mentors", "五个"),
        ("premises.total_area_m2", "800"),
        ("operator.region", "65A1"),
    ];
    // htmx: the form comes back, retargeted, with the errors beside the fields.
    let r = post_form("/self-check", &form, true).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.headers["hx-retarget"], "#self-check-form");
    let html = r.text();
    assert!(html.contains("id=\"f-mentors-error\""), "{html}");
    assert!(html.contains("id=\"f-operator-region-error\""));
    assert!(html.contains("value=\"五个\""), "typed value kept");
    assert!(html.contains("value=\"800\""), "typed value kept");
    // The summary names each field by its label and links to it.
    let summary = between(&html, "class=\"error-summary\"", "</div>");
    assert!(
        summary.contains("<a href=\"#f-mentors\">创业导师："),
        "{summary}"
    );
    assert!(
        summary.contains("<a href=\"#f-operator-region\">"),
        "{summary}"
    );
    assert!(!summary.contains("operator.region"), "{summary}");
    // Without htmx: the whole page, the same errors.
    let r = post_form("/self-check", &form, false).await;
    let html = r.text();
    assert!(html.contains("<html lang=\"zh-CN\">"));
    assert!(html.contains("id=\"f-mentors-error\""));
}

/// A region code is named beside its field (from `policies/law/regions-cn.toml`); a code of the
/// right shape that the list does not hold is pointed out, not refused (a newly created
/// district may be missing from the list).
#[tokio::test]
async fn a_region_code_is_named_beside_its_field() {
    let mut form: Vec<(String, String)> = example_form()
        .into_iter()
        .filter(|(k, _)| k != "operator.region")
        .collect();
    form.push(("mode".into(), "xinjiang-2019".into()));
    form.push(("operator.region".into(), "650102".into()));
    let html = post_form("/self-check", &pairs(&form), false).await.text();
    assert!(
        html.contains("即新疆维吾尔自治区乌鲁木齐市天山区"),
        "{html}"
    );
    form.pop();
    form.push(("operator.region".into(), "650199".into()));
    let r = post_form("/self-check", &pairs(&form), false).await;
    assert_eq!(r.status, StatusCode::OK);
    let html = r.text();
    assert!(html.contains("行政区划代码表中没有「650199」"), "{html}");
    assert!(html.contains("核查结果"), "still checked");
}

#[tokio::test]
async fn self_check_without_js_shows_result_in_page() {
    let mut form = example_form();
    form.push(("mode".into(), "xinjiang-2019".into()));
    let r = post_form("/self-check", &pairs(&form), false).await;
    let html = r.text();
    assert!(html.contains("<html lang=\"zh-CN\">"));
    assert!(html.contains("核查结果"));
    assert!(html.contains("value=\"800\""), "form keeps the values");
}

#[tokio::test]
async fn measure_page_snapshot() {
    let r = get("/measures/inner-mongolia-2020").await;
    let html = r.text();
    for part in ["认定条件", "程序", "绩效考核", "条款覆盖", "档位"] {
        assert!(html.contains(part), "{part}");
    }
    insta::assert_snapshot!("measure_inner_mongolia", redact(&html));
}

#[tokio::test]
async fn appraisal_page_breakdown_and_errors() {
    let r = post_form(
        "/appraisal",
        &[
            ("policy", "inner-mongolia-2020"),
            ("total_area_m2", "1200"),
            ("workstations", "80"),
            ("mentors", "6"),
        ],
        true,
    )
    .await;
    assert_eq!(r.status, StatusCode::OK);
    let html = r.text();
    assert!(html.contains("逐项得分"), "{html}");
    let r = post_form(
        "/appraisal",
        &[("policy", "inner-mongolia-2020"), ("mentors", "很多")],
        true,
    )
    .await;
    assert_eq!(r.headers["hx-retarget"], "#appraisal-form");
    assert!(r.text().contains("f-mentors-error"));
}
