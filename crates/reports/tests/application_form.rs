//! The application form (申报书) of a case of each jurisdiction: the laid-out text holds the
//! case's facts with their dictionary labels and units, the form's own fields, the materials
//! with their SHA-256 prefixes and the policy version hash; user text prints literally; the
//! PDF is a PDF.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use jiff::civil::date;
use policy::Library;
use reports::{Applicant, Application, FileEntry, ReportError, Typesetter};
use serde_json::json;

fn library() -> &'static Library {
    static LIBRARY: OnceLock<Library> = OnceLock::new();
    LIBRARY.get_or_init(|| Library::embedded().expect("the embedded policies load"))
}

fn typesetter() -> &'static Typesetter {
    static T: OnceLock<Typesetter> = OnceLock::new();
    T.get_or_init(|| {
        Typesetter::from_default_dirs().expect(
            "a CJK font is installed (fonts-wqy-microhei; scripts/test installs it) or MAKERSPACE_FONT_DIR names one",
        )
    })
}

/// The text with every space and line break removed, so a value wrapped over two lines or
/// split into two runs is still found.
fn compact(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

fn assert_has(text: &str, needle: &str) {
    assert!(
        compact(text).contains(&compact(needle)),
        "the form should show 「{needle}」; its text was:\n{text}"
    );
}

const SHA: &str = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

fn application(measure: &str, profile: serde_json::Value) -> Application {
    let m = library().get(measure).expect("measure embedded");
    let mut files = BTreeMap::new();
    // Xinjiang and Anshan list no materials; the others get a file for their first.
    if let Some(first) = m.measure.material.first() {
        files.insert(
            first.id.clone(),
            vec![FileEntry {
                name: "申报书扫描件.pdf".into(),
                size: 2_500,
                sha256: SHA.into(),
            }],
        );
    }
    Application {
        case_id: 4711,
        measure: measure.into(),
        policy_hash: m.hash.0.clone(),
        applicant: Applicant {
            name: "朔州云创科技有限公司".into(),
            credit_code: "91140600MA0K12345X".into(),
            region: "140602".into(),
            region_shown: "山西省朔州市朔城区（140602）".into(),
        },
        call: Some("2022年申报".into()),
        submitted_on: Some(date(2022, 5, 20)),
        profile,
        form_values: BTreeMap::new(),
        files,
    }
}

fn text_of(app: &Application) -> String {
    let m = library().get(&app.measure).expect("measure");
    let doc = typesetter()
        .layout(app, m, &library().facts, date(2022, 6, 1))
        .expect("the form typesets");
    reports::document_text(&doc)
}

fn shuozhou() -> Application {
    let mut app = application(
        "shuozhou-2016",
        json!({
            "operator": {
                "name": "朔州云创科技有限公司",
                "registered_on": "2018-03-01",
                "investor_nature": "private",
                "legal_person": true
            },
            "premises": {
                "total_area_m2": 620,
                "workstations": 48,
                "broadband_mbps": 200,
                "shared_equipment": 12,
                "social_area_m2": 80
            },
            "staff": { "management_service": 6 },
            "residents": { "active_teams": 14, "active_makers": 52 },
            "mentors": 7,
            "activities": { "per_month": 3 },
            "finance": { "seed_fund": false }
        }),
    );
    for (id, v) in [
        ("space-name", "云创空间"),
        ("head", "王立新"),
        ("head-phone", "0349-2012345"),
        ("address", "朔州市朔城区开发南路18号"),
        ("supervisor", "朔城区科学技术局"),
    ] {
        app.form_values.insert(id.into(), v.into());
    }
    app
}

/// Shuozhou prints its 申报书 (《申报书》全文): the title, the sections in the printed order,
/// each field with the case's value, numbers with the dictionary's unit.
#[test]
fn shuozhou_form_shows_sections_fields_and_facts() {
    let text = text_of(&shuozhou());
    for needle in [
        "朔州市众创空间申报书",
        "朔州市科学技术局",
        "案件编号 4711",
        "众创空间名称 云创空间",
        "运营单位 朔州云创科技有限公司",
        "投资主体性质 民营企业",
        "服务场地面积（㎡） 620㎡",
        "工位数（个） 48个",
        "创业导师数（人） 7名",
        "是否提供种子基金 否",
        "负责人 王立新",
        "主管部门 朔城区科学技术局",
        "建设运营方案",
        "一、建设的必要性",
        "申报书扫描件.pdf",
        &SHA[..16],
        "2022年5月20日",
        "2022年6月1日",
    ] {
        assert_has(&text, needle);
    }
    assert_has(&text, &library().get("shuozhou-2016").unwrap().hash.0);
    // Sections in the printed order of the form: 封面 before 基本信息 before 主管部门意见.
    let at = |s: &str| {
        compact(&text)
            .find(s)
            .unwrap_or_else(|| panic!("{s} missing"))
    };
    assert!(at("封面") < at("基本信息"));
    assert!(at("基本信息") < at("办公条件"));
    assert!(at("创业服务") < at("主管部门意见"));
    // The full hash is not split by a missing SHA prefix: only the first 16 digits print.
    assert!(!compact(&text).contains(&SHA[..17]));
}

/// The other three print the facts of the application under their dictionary labels and the
/// materials list of their measure (内蒙古 第七条).
#[test]
fn every_jurisdiction_prints_facts_and_materials() {
    let profile = json!({
        "operator": { "name": "测试运营单位", "legal_person": true, "operating_since": "2020-01-02" },
        "premises": { "total_area_m2": 800, "public_area_m2": 380 },
        "mentors": 5
    });
    for id in [
        "inner-mongolia-2020",
        "xinjiang-2019",
        "anshan-2020",
        "shuozhou-2016",
    ] {
        let m = library().get(id).unwrap();
        let text = text_of(&application(id, profile.clone()));
        let title = &m
            .measure
            .form
            .as_ref()
            .expect("every measure has a [form]")
            .title;
        assert_has(&text, title);
        assert_has(&text, &m.hash.0);
        assert_has(&text, "创业导师");
        assert_has(&text, "5名");
        assert_has(&text, "800㎡");
        assert_has(&text, "380㎡");
        assert_has(&text, "具有独立法人资格 是");
        if m.measure.material.is_empty() {
            assert_has(&text, "本办法未列申报材料清单");
        } else {
            assert_has(&text, &SHA[..16]);
        }
        for mat in &m.measure.material {
            assert_has(&text, &mat.label);
        }
    }
}

/// Typst markup in what an applicant typed prints as typed: nothing is evaluated.
#[test]
fn user_text_with_markup_prints_literally() {
    let mut app = shuozhou();
    let nasty = "#set page(width: 1cm) $x^2$ *粗体* [链接] _强调_ @ref <lab> \\ `code`";
    app.form_values.insert("space-name".into(), nasty.into());
    app.applicant.name = "#emph[单位] *甲*".into();
    app.files.get_mut("application-form").unwrap()[0].name = "#panic(\"x\").pdf".into();
    let text = text_of(&app);
    assert_has(&text, nasty);
    assert_has(&text, "#emph[单位] *甲*");
    assert_has(&text, "#panic(\"x\").pdf");
}

/// The PDF is a PDF, with the fonts embedded (it is self-contained).
#[test]
fn pdf_starts_with_the_pdf_header() {
    let app = shuozhou();
    let m = library().get(&app.measure).unwrap();
    let pdf = typesetter()
        .pdf(&app, m, &library().facts, date(2022, 6, 1))
        .expect("the PDF is written");
    assert!(pdf.starts_with(b"%PDF-"), "not a PDF");
    assert!(pdf.len() > 1_000);
}

/// A case printed under another measure than its own is refused, naming both.
#[test]
fn a_case_under_another_measure_is_refused() {
    let app = shuozhou();
    let other = library().get("anshan-2020").unwrap();
    let err = typesetter()
        .pdf(&app, other, &library().facts, date(2022, 6, 1))
        .unwrap_err();
    assert!(matches!(err, ReportError::WrongMeasure { .. }));
    assert!(err.to_string().contains("shuozhou-2016"));
}

/// No Chinese font: a typed error naming the font wanted and the folders searched.
#[test]
fn missing_font_is_a_clear_error() {
    let empty = std::env::temp_dir().join("makerspace-reports-no-fonts");
    std::fs::create_dir_all(&empty).unwrap();
    let err = Typesetter::new(std::slice::from_ref(&empty)).unwrap_err();
    assert!(matches!(err, ReportError::NoCjkFont { .. }));
    let msg = err.to_string();
    assert!(msg.contains("wqy-microhei"), "{msg}");
    assert!(msg.contains("fonts-wqy-microhei"), "{msg}");
    assert!(msg.contains(&empty.display().to_string()), "{msg}");
}

/// The whole text of one Shuozhou form, as a reader of the PDF reads it.
#[test]
fn shuozhou_form_text_snapshot() {
    let text = text_of(&shuozhou());
    let hash = &library().get("shuozhou-2016").unwrap().hash.0;
    let text = text
        .replace(hash, "[policy hash]")
        .replace(&hash[..12], "[hash12]");
    insta::assert_snapshot!(text);
}
