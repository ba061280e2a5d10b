//! The appraisal engine against the Inner Mongolia index table (内蒙古自治区众创空间管理办法
//! 第十八、十九条 and the 绩效评价指标体系 table of the English copy), worked by hand, and the
//! recorded-grade measures (新疆 第十二条).

use std::sync::OnceLock;

use policy::{Library, LoadedMeasure};
use proptest::prelude::*;
use rules::appraisal::{self, AppraisalError, AppraisalInput, AppraisalResult, Distribution};
use rust_decimal::Decimal;
use serde_json::{Value, json};

fn lib() -> &'static Library {
    static LIB: OnceLock<Library> = OnceLock::new();
    LIB.get_or_init(|| Library::embedded().expect("embedded policies load"))
}

fn im() -> &'static LoadedMeasure {
    lib()
        .get("inner-mongolia-2020")
        .expect("inner-mongolia-2020")
}

fn input(v: Value) -> AppraisalInput {
    AppraisalInput::from_json_value(&v, &lib().facts).expect("valid input")
}

fn run(v: Value) -> AppraisalResult<'static> {
    appraisal::appraise(lib(), im(), &input(v)).expect("appraised")
}

fn d(n: i64) -> Decimal {
    Decimal::from(n)
}

fn points(r: &AppraisalResult<'_>, item: &str) -> Decimal {
    r.items
        .iter()
        .find(|i| i.id == item)
        .unwrap_or_else(|| panic!("no item {item}"))
        .points
}

/// The good case of the hand-worked sheet (total 80).
fn good() -> Value {
    json!({
        "total_area_m2": 3200, "workstations": 35, "hard_support_items": 4, "soft_service_items": 6,
        "resident_enterprises": 9, "resident_teams": 10, "graduated_to_market": 3,
        "service_staff": 8, "mentors": 7, "mentor_sessions": 9,
        "public_tech_services": 5, "other_services": 4, "trainees": 250, "other_activities": 9,
        "financing_services": 5, "financing_and_cases": 2,
        "featured_services": 1, "honours": ["provincial"], "foreign_projects": 1, "media_reports": 2
    })
}

/// Every row far beyond its cap.
fn maximum() -> Value {
    json!({
        "total_area_m2": 20000, "workstations": 100, "hard_support_items": 9, "soft_service_items": 12,
        "resident_enterprises": 30, "resident_teams": 40, "graduated_to_market": 9,
        "service_staff": 30, "mentors": 20, "mentor_sessions": 30,
        "public_tech_services": 20, "other_services": 20, "trainees": 1000, "other_activities": 30,
        "financing_services": 20, "financing_and_cases": 10,
        "featured_services": 5, "honours": ["national", "provincial"], "foreign_projects": 9, "media_reports": 9
    })
}

fn with(mut base: Value, changes: Value) -> Value {
    for (k, v) in changes.as_object().expect("object") {
        base[k] = v.clone();
    }
    base
}

// 第十九条（一）（二）（三）与指标体系：良好一例，逐项核对。
#[test]
fn good_case_item_by_item_art19() {
    let r = run(good());
    let expected = [
        ("area", 3),          // 3200 m²: 3000-10000 档
        ("workstations", 2),  // 35: 20-40 档
        ("hard-support", 4),  // 4 项 × 1
        ("soft-services", 6), // 6 项 × 1
        ("resident-enterprises", 9),
        ("resident-teams", 5),  // 10 个团队 / 2
        ("graduated", 6),       // 3 × 2
        ("service-staff", 3),   // 8 人: 7-10 档
        ("mentors", 3),         // 7 名 / 2, 向下取整
        ("mentor-sessions", 4), // 9 场 / 2
        ("public-tech", 5),
        ("other-services", 4),
        ("training", 4),         // 250 人 / 60
        ("other-activities", 4), // 9 场 / 2
        ("financing-services", 5),
        ("financing-and-cases", 4), // 2 × 2
        ("featured-services", 2),
        ("honours", 3), // 自治区级
        ("foreign-projects", 2),
        ("media", 2),
    ];
    for (id, p) in expected {
        assert_eq!(points(&r, id), d(p), "{id}");
    }
    assert_eq!(r.base, Some(d(71)));
    assert_eq!(r.bonus, Some(d(9)));
    assert_eq!(r.total, Some(d(80)));
    assert_eq!(r.grade, "良好");
    assert_eq!(r.subsidy_yuan, Some(300_000));
    assert_eq!(r.consequence.kind, "none");
    assert!(r.override_.is_none());
    let json = serde_json::to_value(&r).expect("json");
    assert_eq!(json["schema"], "makerspace.appraisal/1");
    assert_eq!(json["total"], 80);
    assert_eq!(json["grade"], "良好");
    assert_eq!(json["subsidy_yuan"], 300_000);
    assert_eq!(json["receipt"]["policy_id"], "inner-mongolia-2020");
    assert!(
        json["receipt"]["policy_hash"]
            .as_str()
            .is_some_and(|h| h.starts_with("sha256:"))
    );
    assert!(json["items"].as_array().is_some_and(|a| a.len() == 20));
}

// 第十九条（一）：基础分100分、附加分20分，满分120。
#[test]
fn maximum_is_100_plus_20_art19_1() {
    let r = run(maximum());
    assert_eq!(r.base, Some(d(100)));
    assert_eq!(r.bonus, Some(d(20)));
    assert_eq!(r.total, Some(d(120)));
    assert_eq!(r.grade, "优秀");
    assert_eq!(r.subsidy_yuan, Some(400_000));
    assert_eq!(r.consequence.kind, "recommendation");
    assert!(r.next_grade.is_none(), "no grade above 优秀");
}

// 第十九条（二）（三）：50分以下不合格，限期整改一年。
#[test]
fn failing_case_art19_2_3() {
    let r = run(json!({
        "total_area_m2": 400, "workstations": 10, "hard_support_items": 2, "soft_service_items": 2,
        "resident_enterprises": 3, "resident_teams": 3, "graduated_to_market": 1,
        "service_staff": 2, "mentors": 3, "mentor_sessions": 3,
        "public_tech_services": 2, "other_services": 2, "trainees": 59, "other_activities": 3,
        "financing_services": 1, "financing_and_cases": 1
    }));
    // 1+1+2+2 + 3+1+2 + 1+1+1 + 2+2+0+1 + 1+2 = 23
    assert_eq!(r.total, Some(d(23)));
    assert_eq!(r.bonus, Some(d(0)));
    assert_eq!(r.grade, "不合格");
    assert_eq!(r.subsidy_yuan, None);
    assert_eq!(r.consequence.kind, "rectification");
    assert_eq!(r.consequence.period.map(|p| p.years), Some(1));
    assert!(r.revocation.is_none());
    assert!(
        r.warning.is_some(),
        "failing again after rectification revokes"
    );
    // 整改期满仍不合格: 取消资格（第十九条（三））.
    let again = appraisal::appraise(
        lib(),
        im(),
        &input(json!({ "trainees": 59, "previous_failures": 1 })),
    )
    .expect("ok");
    assert_eq!(
        again.revocation.as_ref().map(|r| r.id),
        Some("rectification-failed")
    );
}

fn base_50() -> Value {
    // 15 + 10 + 8 + 7 + 7 + 3 = 50
    json!({
        "resident_enterprises": 15, "graduated_to_market": 5, "soft_service_items": 8,
        "public_tech_services": 7, "financing_services": 7, "hard_support_items": 3
    })
}

// 第十九条（二）：85（含）以上优秀，85分落在优秀。
#[test]
fn exactly_85_is_excellent_art19_2() {
    let r = run(with(
        good(),
        json!({ "featured_services": 2, "honours": ["national"] }),
    ));
    assert_eq!(r.total, Some(d(85)));
    assert_eq!(r.grade, "优秀");
    let r = run(with(
        good(),
        json!({ "featured_services": 2, "honours": ["national"], "media_reports": 1 }),
    ));
    assert_eq!(r.total, Some(d(84)));
    assert_eq!(r.grade, "良好");
}

// 第十九条（二）：70（含）—85良好，70分落在良好。
#[test]
fn exactly_70_is_good_art19_2() {
    let v = with(
        good(),
        json!({ "hard_support_items": 3, "featured_services": 0, "honours": [], "foreign_projects": 0, "media_reports": 0 }),
    );
    let r = run(v.clone());
    assert_eq!(r.total, Some(d(70)));
    assert_eq!(r.grade, "良好");
    assert_eq!(
        run(with(v, json!({ "hard_support_items": 2 }))).grade,
        "合格"
    );
}

// 第十九条（二）：50（含）—70合格，50分落在合格。
#[test]
fn exactly_50_is_qualified_art19_2() {
    let r = run(base_50());
    assert_eq!(r.total, Some(d(50)));
    assert_eq!(r.grade, "合格");
    assert_eq!(r.subsidy_yuan, None);
    let r = run(with(base_50(), json!({ "hard_support_items": 2 })));
    assert_eq!(r.total, Some(d(49)));
    assert_eq!(r.grade, "不合格");
}

// 指标体系：每一项的上限，恰好达到与超过。
#[test]
fn each_cap_reached_and_exceeded_index_table() {
    let caps: [(&str, &str, i64, i64, i64); 17] = [
        ("hard-support", "hard_support_items", 5, 6, 5),
        ("soft-services", "soft_service_items", 8, 9, 8),
        ("graduated", "graduated_to_market", 5, 6, 10),
        ("mentors", "mentors", 10, 11, 5),
        ("mentor-sessions", "mentor_sessions", 10, 12, 5),
        ("public-tech", "public_tech_services", 7, 8, 7),
        ("other-services", "other_services", 6, 7, 6),
        ("training", "trainees", 360, 1000, 6),
        ("other-activities", "other_activities", 12, 14, 6),
        ("financing-services", "financing_services", 7, 8, 7),
        ("financing-and-cases", "financing_and_cases", 4, 5, 8),
        ("featured-services", "featured_services", 2, 3, 4),
        ("foreign-projects", "foreign_projects", 3, 4, 6),
        ("media", "media_reports", 4, 5, 4),
        ("service-staff", "service_staff", 15, 40, 5),
        ("area", "total_area_m2", 10000, 20000, 4),
        ("workstations", "workstations", 40, 90, 3),
    ];
    for (item, name, at, beyond, cap) in caps {
        let r = run(json!({ name: at }));
        assert_eq!(points(&r, item), d(cap), "{item} at {at}");
        assert_eq!(r.total, Some(d(cap)), "{item} at {at}: total");
        let r = run(json!({ name: beyond }));
        assert_eq!(points(&r, item), d(cap), "{item} beyond, {beyond}");
        let row = r.items.iter().find(|i| i.id == item).expect("row");
        if row.cap.is_some() && row.raw_points > d(cap) {
            assert!(row.capped, "{item} shows its cap");
        }
    }
    // One below each per-unit cap earns less.
    assert_eq!(points(&run(json!({ "trainees": 359 })), "training"), d(5));
    assert_eq!(points(&run(json!({ "mentors": 9 })), "mentors"), d(4));
}

// 指标体系：“Less than 500”“500-3000”“3000-10000”“Over 10,000”与服务人员“7-10”“10 to 14”的边界读法。
#[test]
fn tier_edges_as_read_in_the_policy_index_table() {
    for (area, p) in [
        (0, 1),
        (499, 1),
        (500, 2),
        (2999, 2),
        (3000, 3),
        (9999, 3),
        (10000, 4),
    ] {
        assert_eq!(
            points(&run(json!({ "total_area_m2": area })), "area"),
            d(p),
            "area {area}"
        );
    }
    for (staff, p) in [
        (0, 0),
        (1, 1),
        (3, 1),
        (4, 2),
        (6, 2),
        (7, 3),
        (9, 3),
        (10, 4),
        (14, 4),
        (15, 5),
    ] {
        assert_eq!(
            points(&run(json!({ "service_staff": staff })), "service-staff"),
            d(p),
            "staff {staff}"
        );
    }
    assert_eq!(
        points(&run(json!({ "total_area_m2": 499.5 })), "area"),
        d(1)
    );
}

// 指标体系：入驻企业每家1分、每2个团队1分，合计最高15分。
#[test]
fn enterprises_and_teams_share_15_index_table() {
    let r = run(json!({ "resident_enterprises": 10, "resident_teams": 10 }));
    assert_eq!(r.total, Some(d(15)));
    assert_eq!(r.joint_caps[0].cut, d(0));
    let r = run(json!({ "resident_enterprises": 12, "resident_teams": 10 }));
    assert_eq!(r.total, Some(d(15)));
    assert_eq!(r.joint_caps[0].sum, d(17));
    assert_eq!(r.joint_caps[0].cut, d(2));
    assert_eq!(
        points(&r, "resident-enterprises") + points(&r, "resident-teams"),
        d(15)
    );
    let r = run(json!({ "resident_enterprises": 40 }));
    assert_eq!(r.total, Some(d(15)));
    let r = run(json!({ "resident_teams": 40 }));
    assert_eq!(r.total, Some(d(15)));
    let r = run(json!({ "resident_teams": 3 }));
    assert_eq!(r.total, Some(d(1)), "3 teams: floor(3/2) = 1");
}

// 指标体系：国家级6分、自治区级3分，按最高项计，不累加。
#[test]
fn honours_counted_once_index_table() {
    assert_eq!(
        points(
            &run(json!({ "honours": ["national", "provincial"] })),
            "honours"
        ),
        d(6)
    );
    assert_eq!(
        points(&run(json!({ "honours": ["provincial"] })), "honours"),
        d(3)
    );
    assert_eq!(
        points(&run(json!({ "honours": ["national"] })), "honours"),
        d(6)
    );
    assert_eq!(points(&run(json!({ "honours": [] })), "honours"), d(0));
}

// 第十九条（四）：不按规定时间和要求提供考核资料的，视为不合格，无论得分。
#[test]
fn late_materials_override_a_top_score_art19_4() {
    let r = run(with(maximum(), json!({ "materials_on_time": false })));
    assert_eq!(r.total, Some(d(120)));
    assert_eq!(r.grade, "不合格");
    assert_eq!(r.scored_grade.as_ref().map(|g| g.label), Some("优秀"));
    let o = r.override_.as_ref().expect("override shown");
    assert_eq!(o.cite.to_string(), "第十九条（四）");
    assert_eq!(r.subsidy_yuan, None);
    assert_eq!(r.consequence.kind, "rectification");
    // Absent means on time; true likewise.
    assert_eq!(run(maximum()).grade, "优秀");
    assert_eq!(
        run(with(maximum(), json!({ "materials_on_time": true }))).grade,
        "优秀"
    );
}

// 新疆 第十二条：未公布指标体系，由自治区科技厅记录等级；连续2次不合格取消备案资格。
#[test]
fn recorded_grade_xinjiang_art12() {
    let xj = lib().get("xinjiang-2019").expect("xinjiang-2019");
    for given in ["不合格", "unqualified"] {
        let i = input(json!({ "grade": given }));
        let r = appraisal::appraise(lib(), xj, &i).expect("ok");
        assert_eq!(r.grade, "不合格");
        assert_eq!(r.total, None);
        assert!(r.items.is_empty());
        assert!(r.revocation.is_none());
        assert!(r.warning.is_some());
    }
    let i = input(json!({ "grade": "不合格", "previous_failures": 1 }));
    let r = appraisal::appraise(lib(), xj, &i).expect("ok");
    assert_eq!(
        r.revocation.as_ref().map(|r| r.id),
        Some("consecutive-failures")
    );
    let r = appraisal::appraise(lib(), xj, &input(json!({ "grade": "合格" }))).expect("ok");
    assert_eq!(r.grade_id, "qualified");
    assert!(matches!(
        appraisal::appraise(lib(), xj, &input(json!({}))),
        Err(AppraisalError::GradeMissing { .. })
    ));
    assert!(matches!(
        appraisal::appraise(lib(), xj, &input(json!({ "grade": "优秀" }))),
        Err(AppraisalError::UnknownGrade { .. })
    ));
    assert!(matches!(
        appraisal::appraise(lib(), xj, &input(json!({ "grade": "合格", "mentors": 3 }))),
        Err(AppraisalError::NotUsed { .. })
    ));
    // An index-table measure refuses a recorded grade.
    assert!(matches!(
        appraisal::appraise(lib(), im(), &input(json!({ "grade": "优秀" }))),
        Err(AppraisalError::GradeNotAccepted(_))
    ));
}

#[test]
fn bad_inputs_name_their_field() {
    let e = AppraisalInput::from_json(
        r#"{"mentorz": 3, "mentors": -1, "trainees": 2.5, "honours": ["city"], "workstations": "10", "materials_on_time": 1}"#,
        &lib().facts,
    )
    .expect_err("bad");
    let by = |f: &str| {
        e.0.iter()
            .find(|x| x.field == f)
            .map(|x| x.message.clone())
            .unwrap_or_default()
    };
    assert!(
        by("mentorz").contains("mentors"),
        "did you mean: {}",
        by("mentorz")
    );
    assert!(by("mentors").contains("负数"));
    assert!(by("trainees").contains("整数"));
    assert!(by("honours").contains("national"));
    assert!(by("workstations").contains("整数"));
    assert!(by("materials_on_time").contains("true"));
    let t = AppraisalInput::from_toml("mentors = 4\nhonours = [\"national\"]\n", &lib().facts)
        .expect("toml");
    assert_eq!(t.values.len(), 2);
    assert!(AppraisalInput::from_toml("mentors = \n", &lib().facts).is_err());
}

// The way to 优秀 from the good case (80): 5 points in the fewest steps, capped rows untouched.
#[test]
fn next_grade_advice_reaches_excellent_art19_2() {
    let i = input(good());
    let r = appraisal::appraise(lib(), im(), &i).expect("ok");
    let n = r.next_grade.as_ref().expect("advice");
    assert_eq!(n.grade, "优秀");
    assert_eq!(n.short_by, d(5));
    assert!(n.reachable && n.verified);
    let after = appraisal::appraise(lib(), im(), &n.apply(&i)).expect("ok");
    assert_eq!(after.grade, "优秀");
    assert!(after.total >= Some(d(85)));
}

#[test]
fn distribution_counts_grades_and_subsidies() {
    let mut dist = Distribution::new(im());
    for v in [
        good(),
        maximum(),
        base_50(),
        with(maximum(), json!({ "materials_on_time": false })),
    ] {
        dist.add(&appraisal::summarize(im(), &input(v)).expect("ok"));
    }
    dist.reject();
    let dist = dist.finish();
    let count = |id: &str| {
        dist.grades
            .iter()
            .find(|g| g.id == id)
            .map_or(0, |g| g.count)
    };
    assert_eq!(
        (
            count("excellent"),
            count("good"),
            count("qualified"),
            count("unqualified")
        ),
        (1, 1, 1, 1)
    );
    assert_eq!(dist.subsidy_total_yuan, 700_000);
    assert_eq!(dist.overridden, 1);
    assert_eq!(dist.rejected, 1);
    assert!(dist.losses.windows(2).all(|w| w[0].lost >= w[1].lost));
}

fn arb_input() -> impl Strategy<Value = Value> {
    let counts = proptest::collection::vec(0u32..40, 18);
    (
        counts,
        0u32..30_000,
        0u32..1_200,
        any::<(bool, bool)>(),
        proptest::option::of(any::<bool>()),
    )
        .prop_map(|(c, area, trainees, (nat, prov), on_time)| {
            let names = [
                "workstations",
                "hard_support_items",
                "soft_service_items",
                "resident_enterprises",
                "resident_teams",
                "graduated_to_market",
                "service_staff",
                "mentors",
                "mentor_sessions",
                "public_tech_services",
                "other_services",
                "other_activities",
                "financing_services",
                "financing_and_cases",
                "featured_services",
                "foreign_projects",
                "media_reports",
            ];
            let mut v = json!({ "total_area_m2": area, "trainees": trainees });
            for (n, x) in names.iter().zip(c) {
                v[*n] = json!(x);
            }
            let mut h = Vec::new();
            if nat {
                h.push("national");
            }
            if prov {
                h.push("provincial");
            }
            v["honours"] = json!(h);
            if let Some(b) = on_time {
                v["materials_on_time"] = json!(b);
            }
            v
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    // 第十九条（一）与指标体系：各项、合计上限与两部分满分都不会被突破。
    #[test]
    fn totals_never_exceed_caps(v in arb_input()) {
        let r = run(v);
        prop_assert!(r.base <= Some(d(100)));
        prop_assert!(r.bonus <= Some(d(20)));
        prop_assert!(r.total <= Some(d(120)));
        for i in &r.items {
            if let Some(m) = i.max {
                prop_assert!(i.points <= m, "{} {} > {}", i.id, i.points, m);
            }
        }
        for j in &r.joint_caps {
            let sum: Decimal = r.items.iter().filter(|i| j.items.iter().any(|x| x == i.id)).map(|i| i.points).sum();
            prop_assert!(sum <= j.cap);
        }
    }

    // 提高任何一项输入，总分不会下降。
    #[test]
    fn raising_an_input_never_lowers_the_total(v in arb_input(), which in 0usize..20, by in 1u32..50) {
        let before = run(v.clone()).total;
        let mut raised = v;
        let key = ["total_area_m2", "workstations", "hard_support_items", "soft_service_items", "resident_enterprises",
            "resident_teams", "graduated_to_market", "service_staff", "mentors", "mentor_sessions",
            "public_tech_services", "other_services", "trainees", "other_activities", "financing_services",
            "financing_and_cases", "featured_services", "foreign_projects", "media_reports", "honours"][which];
        if key == "honours" {
            let mut h: Vec<Value> = raised[key].as_array().cloned().unwrap_or_default();
            let add = if by % 2 == 0 { "national" } else { "provincial" };
            if !h.contains(&json!(add)) {
                h.push(json!(add));
            }
            raised[key] = json!(h);
        } else {
            let x = raised[key].as_u64().unwrap_or(0);
            raised[key] = json!(x + u64::from(by));
        }
        prop_assert!(run(raised).total >= before);
    }

    // 达到下一等级的建议：照做后复核确实达到，且不向已封顶的项目加分。
    #[test]
    fn next_grade_advice_applied_reaches_it(v in arb_input()) {
        let i = input(v);
        let r = appraisal::appraise(lib(), im(), &i).expect("ok");
        if let Some(n) = &r.next_grade {
            prop_assert!(n.reachable, "the table reaches 120");
            prop_assert!(n.verified);
            for c in &n.changes {
                let row = r.items.iter().find(|x| x.id == c.item).expect("row");
                prop_assert!(row.max.is_none_or(|m| row.points < m), "advice on capped row {}", c.item);
                prop_assert!(c.points_to > c.points_from);
            }
            let after = appraisal::summarize(im(), &n.apply(&i)).expect("ok");
            let total = after.card.as_ref().map(appraisal::Card::total).expect("scored");
            prop_assert!(total >= n.min_score);
            let target = im().measure.appraisal.as_ref().and_then(|a| a.grade_for(total)).expect("grade");
            let rank = |id: &str| im().measure.appraisal.as_ref().and_then(|a| a.grade.iter().position(|g| g.id == id));
            prop_assert!(rank(&target.id) <= rank(n.grade_id));
        } else {
            prop_assert_eq!(r.scored_grade.as_ref().map_or(r.grade_id, |g| g.id), "excellent");
        }
    }
}

#[test]
fn every_problem_of_an_input_at_once() {
    // Problems of the input itself and against the measure, all in one list.
    let plan =
        appraisal::Plan::new(lib().get("xinjiang-2019").expect("xinjiang-2019")).expect("plan");
    let e = plan
        .read_json(
            r#"{"mentorz": 3, "mentors": -1, "trainees": 5, "media_reports": 2}"#,
            &lib().facts,
        )
        .expect_err("bad");
    let fields: Vec<&str> = e.0.iter().map(|x| x.field.as_str()).collect();
    for f in ["mentorz", "mentors", "trainees", "media_reports", "grade"] {
        assert!(fields.contains(&f), "{f} missing from {fields:?}");
    }
    // Against an index table: a recorded grade and an input it does not use, together.
    let plan = appraisal::Plan::new(im()).expect("plan");
    let e = plan
        .read_json(r#"{"grade": "优秀", "mentors": 2.5}"#, &lib().facts)
        .expect_err("bad");
    assert_eq!(e.0.len(), 2, "{e}");
    // The single-problem kinds stay as they were.
    assert!(matches!(
        appraisal::summarize(im(), &input(json!({ "grade": "优秀" }))),
        Err(AppraisalError::GradeNotAccepted(_))
    ));
}

#[test]
fn plan_and_summary_agree_with_the_explained_result() {
    // One scoring: the batch figures and the explained result's figures are the same numbers.
    let plan = appraisal::Plan::new(im()).expect("plan");
    let v = json!({ "total_area_m2": 2999.5, "workstations": 20, "resident_enterprises": 12,
        "resident_teams": 9, "honours": ["national", "provincial"], "trainees": 119,
        "materials_on_time": true });
    let i = input(v);
    let s = plan
        .summarize(&plan.values(&i).expect("values"))
        .expect("ok");
    let r = appraisal::appraise(lib(), im(), &i).expect("ok");
    let card = s.card.expect("scored");
    assert_eq!(Some(card.total()), r.total);
    assert_eq!(Some(card.base()), r.base);
    assert_eq!(s.decision.grade.label, r.grade);
    assert_eq!(s.subsidy_yuan, r.subsidy_yuan);
    for (k, item) in r.items.iter().enumerate() {
        assert_eq!(
            Decimal::new(card.points_fixed(k), card.scale()),
            item.points,
            "{}",
            item.id
        );
    }
}
