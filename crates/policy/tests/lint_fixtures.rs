//! Lint on broken policy files kept as fixtures (each a copy of a real policy with one thing
//! broken), the rule counts and citations of the four policies, and the measure in force.
//!
//! The fixtures' `[[source]] file` points at the real source texts, relative to the fixture:
//! `../../../../../policies/sources/…`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use policy::Library;
use policy::lint::Diagnostic;
use policy::model::{RegionCode, Triage};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

fn lint(name: &str) -> Vec<Diagnostic> {
    Library::shared_embedded()
        .unwrap()
        .lint_path(&fixture(name))
        .unwrap()
}

/// The 1-based line of the first line of a fixture containing `needle`.
fn line_of(name: &str, needle: &str) -> usize {
    let text = std::fs::read_to_string(fixture(name)).unwrap();
    text.lines()
        .position(|l| l.contains(needle))
        .unwrap_or_else(|| panic!("{name} has no {needle}"))
        + 1
}

/// The fixture fails lint with a finding whose message holds every word, located between the
/// line of `anchor` (the broken element's first line) and the line of `needle` (the broken text).
/// (Lint points at the item's scoring for a tier.)
fn assert_fails_within(name: &str, anchor: &str, needle: &str, words: &[&str]) {
    let found = lint(name);
    assert!(!found.is_empty(), "{name} passed lint");
    let (from, to) = (line_of(name, anchor), line_of(name, needle));
    let hit = found
        .iter()
        .find(|d| words.iter().all(|w| d.message.contains(w)))
        .unwrap_or_else(|| panic!("{name}: no finding mentions {words:?}: {found:?}"));
    assert!(
        (from..=to).contains(&hit.line),
        "{name}: {hit} not within lines {from}..={to}"
    );
    assert!(
        hit.to_string().contains(&format!(":{}:", hit.line)),
        "{hit}"
    );
}

/// The fixture fails lint with a finding on the line of `needle` whose message holds every word.
fn assert_fails(name: &str, needle: &str, words: &[&str]) {
    let found = lint(name);
    assert!(!found.is_empty(), "{name} passed lint");
    let line = line_of(name, needle);
    let shown: Vec<String> = found.iter().map(ToString::to_string).collect();
    let hit = found
        .iter()
        .find(|d| words.iter().all(|w| d.message.contains(w)))
        .unwrap_or_else(|| {
            panic!(
                "{name}: no finding mentions {words:?}:\n{}",
                shown.join("\n")
            )
        });
    assert_eq!(hit.line, line, "{name}: {hit}");
    assert!(hit.column >= 1);
    assert!(hit.file.ends_with(name), "{}", hit.file);
    assert!(hit.to_string().contains(&format!(":{line}:")), "{hit}");
}

#[test]
fn the_unbroken_copy_passes_lint() {
    // The control: the fixtures differ from this file by one thing each.
    let found = lint("valid-anshan.toml");
    assert!(found.is_empty(), "{found:?}");
}

#[test]
fn an_unreadable_citation_fails() {
    assert_fails(
        "broken/missing-citation.toml",
        "cite = \"五条二项\"",
        &["五条二项", "无法识别"],
    );
}

#[test]
fn a_quote_not_in_the_source_fails() {
    // The finding points at the quote's own line, not the element's cite.
    assert_fails(
        "broken/quote-not-in-source.toml",
        "提供不少于20个创业工位",
        &["提供不少于20个创业工位", "找不到", "5.3-workstations"],
    );
}

#[test]
fn a_blacklist_list_quoted_outside_its_article_fails() {
    // The lists a blacklist ground names are quoted from the ground's own article.
    assert_fails(
        "broken/list-quote-not-in-article.toml",
        "quote = \"失信黑名单\"",
        &["失信黑名单", "blacklist", "dishonesty-blacklist"],
    );
}

#[test]
fn an_unknown_fact_fails() {
    assert_fails(
        "broken/unknown-fact.toml",
        "premises.desks",
        &["premises.desks", "5.3-workstations"],
    );
}

#[test]
fn an_overlapping_tier_fails() {
    // A copy of inner-mongolia-2020.toml whose 500-3000 ㎡ tier includes 3000, as does the next.
    assert_fails_within(
        "broken/overlapping-tier.toml",
        "id = \"area\"",
        "to = { value = 3000, inclusive = true }",
        &["重叠", "3000", "area"],
    );
}

#[test]
fn an_effective_until_before_effective_from_fails() {
    assert_fails(
        "broken/bad-date-order.toml",
        "effective_until = 2020-09-30",
        &["失效日期", "2020-09-30", "2020-10-10"],
    );
}

#[test]
fn an_impossible_date_fails() {
    assert_fails(
        "broken/impossible-date.toml",
        "issued_on = 2020-02-30",
        &["格式错误"],
    );
}

/// A change report falls due after the change (鞍山 第八条: 发生变化的，需在3个月内…报告), not
/// at the year's end: the policy's `filing` and `due` must agree.
#[test]
fn a_change_report_due_at_year_end_fails() {
    assert_fails_within(
        "broken/periodic-change-report.toml",
        "id = \"change-report\"",
        "due = { kind = \"year_end\" }",
        &["变更报告", "after_event"],
    );
}

/// A change the authority does not agree to leads to the revocation for a change that no longer
/// meets the measure (鞍山 第八条: 对不符合本办法要求的，取消资格), not to another ground.
#[test]
fn a_change_review_refused_to_another_ground_fails() {
    assert_fails_within(
        "broken/review-refused-to-other-ground.toml",
        "id = \"change-review\"",
        "refused = \"consecutive-failures\"",
        &["变更审核", "change_noncompliant", "consecutive-failures"],
    );
}

/// A filing meets the one obligation of its kind: a second change-report obligation (鞍山
/// 第八条 written twice) would never be asked for, so it is refused where it stands.
#[test]
fn two_obligations_of_one_filing_fail() {
    assert_fails_within(
        "broken/two-change-report-obligations.toml",
        "id = \"change-report-again\"",
        "label = \"场地位置变化报告\"",
        &[
            "change-report-again",
            "change-report",
            "重大事项变更报告",
            "合并",
        ],
    );
}

#[test]
fn every_broken_fixture_fails() {
    let dir = fixture("broken");
    let mut n = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let found = Library::shared_embedded()
            .unwrap()
            .lint_path(&path)
            .unwrap();
        assert!(!found.is_empty(), "{} passed lint", path.display());
        for d in &found {
            assert!(d.line >= 1 && d.column >= 1 && !d.message.is_empty(), "{d}");
        }
        n += 1;
    }
    assert_eq!(n, 10);
}

// ───────────────────────── the four policies ─────────────────────────

#[test]
fn the_embedded_library_loads_exactly_four_measures() {
    let library = Library::embedded().unwrap();
    let ids: Vec<&str> = library.measures().iter().map(|m| m.id()).collect();
    assert_eq!(
        ids,
        [
            "anshan-2020",
            "inner-mongolia-2020",
            "shuozhou-2016",
            "xinjiang-2019"
        ]
    );
    for m in library.measures() {
        assert_eq!(m.hash.0.len(), 64, "{}", m.id());
    }
}

/// The number of recognition conditions per measure, as encoded. A change here must be
/// deliberate: a condition added or dropped changes what every applicant is checked against.
#[test]
fn condition_counts_are_as_encoded() {
    let library = Library::embedded().unwrap();
    let counts: BTreeMap<&str, usize> = library
        .measures()
        .iter()
        .map(|m| (m.id(), m.measure.condition.len()))
        .collect();
    let expected = BTreeMap::from([
        ("anshan-2020", 17),
        ("inner-mongolia-2020", 19),
        ("shuozhou-2016", 16),
        ("xinjiang-2019", 18),
    ]);
    assert_eq!(counts, expected);
    let reviews: BTreeMap<&str, usize> = library
        .measures()
        .iter()
        .map(|m| {
            (
                m.id(),
                m.measure
                    .condition
                    .iter()
                    .filter(|c| c.rule.is_review())
                    .count(),
            )
        })
        .collect();
    assert_eq!(
        reviews,
        BTreeMap::from([
            ("anshan-2020", 3),
            ("inner-mongolia-2020", 2),
            ("shuozhou-2016", 2),
            ("xinjiang-2019", 3)
        ])
    );
}

/// Every condition cites an article that the measure's coverage table marks `encoded`, and
/// every article the coverage table marks `encoded` is cited by some element of the policy.
#[test]
fn every_condition_cites_an_encoded_article() {
    let library = Library::embedded().unwrap();
    for m in library.measures() {
        let table = &m.measure.article;
        for c in &m.measure.condition {
            let triage = table
                .iter()
                .find(|t| t.cite.article == c.cite.article && t.cite.source == c.cite.source)
                .unwrap_or_else(|| {
                    panic!(
                        "{} {}: {} is not in the coverage table",
                        m.id(),
                        c.id,
                        c.cite
                    )
                });
            assert_eq!(
                triage.status,
                Triage::Encoded,
                "{} {}: {} is triaged {:?}",
                m.id(),
                c.id,
                c.cite,
                triage.status
            );
            assert!(
                c.cite.item.is_some() || c.cite.article.starts_with('第'),
                "{} {}",
                m.id(),
                c.id
            );
            assert!(!c.quote.trim().is_empty(), "{} {}", m.id(), c.id);
        }
        let cited: Vec<_> = m
            .measure
            .cited_elements()
            .into_iter()
            .map(|(_, e)| e.provision().cite.clone())
            .collect();
        for t in table.iter().filter(|t| t.status == Triage::Encoded) {
            let by_element = cited
                .iter()
                .any(|c| c.article == t.cite.article && c.source == t.cite.source);
            let by_identity = m.measure.measure.effective_cite.article == t.cite.article;
            assert!(
                by_element || by_identity || t.reason.is_some(),
                "{}: {} is marked encoded but nothing cites it",
                m.id(),
                t.cite
            );
        }
    }
}

#[test]
fn in_force_picks_anshan_from_its_effective_date() {
    let library = Library::embedded().unwrap();
    let tiexi = RegionCode::parse("210302").unwrap();
    let on = |d: &str| {
        library
            .in_force(&tiexi, d.parse().unwrap())
            .map(|m| m.id().to_string())
    };
    assert_eq!(on("2021-01-01").as_deref(), Some("anshan-2020"));
    assert_eq!(on("2020-10-10").as_deref(), Some("anshan-2020"));
    // 第十一条 本办法自发布之日起施行 (2020-10-10): the day before, nothing was in force.
    assert_eq!(on("2020-10-09"), None);
}
