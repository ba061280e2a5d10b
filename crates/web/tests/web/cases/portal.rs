//! The portal after recognition: a space's page with its obligations (鞍山 第八条 “需在3个月内
//! 向市科技局报告”), the annual report and change report forms, access across organisations,
//! and the no-JavaScript fallback of signed-in forms (the `_csrf` field instead of the header).

use super::*;

both_backends!(
    a_space_page_files_reports_and_hides_from_other_organisations,
    plain_forms_post_with_the_csrf_field_and_are_refused_without,
    the_statistics_form_offers_the_periods_of_the_measures_cadence,
    a_report_year_or_change_outside_the_recognition_is_refused,
    the_authority_reads_a_filing_with_its_jumps_flagged,
);

/// An Anshan space recognised on 2023-06-01 for a new organisation, with its applicant signed
/// in: (space id, the applicant's session cookie, its CSRF token).
async fn space_with_owner(env: &Env, login: &str) -> (i64, String, String) {
    space_under(env, login, MEASURE, REGION).await
}

/// A space of `measure` in `region`, recognised on 2023-06-01, with its applicant signed in.
pub(super) async fn space_under(
    env: &Env,
    login: &str,
    measure: &str,
    region: &str,
) -> (i64, String, String) {
    let org = env.org(region).await;
    let o = store::organisation::get(env.store.db(), org).await.unwrap();
    let cw = casework::Casework::new(env.store.clone(), library());
    let ids = cw
        .import(
            &admin(),
            &[casework::transfer::RegisterEntry {
                id: None,
                case_id: None,
                measure: measure.into(),
                credit_code: o.credit_code.to_string(),
                org_name: o.name.clone(),
                name: format!("{login}众创空间"),
                region: region.into(),
                recognised_on: date(2023, 6, 1),
                valid_until: None,
                status: workflow::lifecycle::SpaceStatus::Active,
                document_number: Some("鞍科发〔2023〕1号".into()),
            }],
        )
        .await
        .unwrap();
    env.account(login, AccountRole::Applicant, Some(org), None, None)
        .await;
    let Who::Session(cookie, csrf) = env.session(login).await else {
        unreachable!()
    };
    (ids[0], cookie, csrf)
}

fn form_body(pairs: &[(&str, &str)]) -> String {
    pairs
        .iter()
        .map(|(k, v)| format!("{}={}", crate::helpers::enc(k), crate::helpers::enc(v)))
        .collect::<Vec<_>>()
        .join("&")
}

/// A plain form post: the cookie, no `X-CSRF-Token` header, no htmx.
async fn plain_post(env: &Env, path: &str, cookie: &str, body: String) -> Reply {
    env.send(
        Method::POST,
        path,
        &Who::Public,
        &[
            ("cookie", cookie),
            ("content-type", "application/x-www-form-urlencoded"),
        ],
        Some(body.into()),
    )
    .await
}

async fn filings(env: &Env, space: i64) -> Vec<String> {
    casework::Casework::new(env.store.clone(), library())
        .filings_of(space)
        .await
        .unwrap()
        .into_iter()
        .map(|f| format!("{}:{}", f.kind, f.period))
        .collect()
}

async fn a_space_page_files_reports_and_hides_from_other_organisations(db: TestDb) {
    let env = Env::new(&db).await;
    env.set_date(date(2024, 9, 2));
    let (space, cookie, csrf) = space_with_owner(&env, "owner").await;
    let me = Who::Session(cookie.clone(), csrf.clone());
    let page = env.get(&format!("/portal/spaces/{space}"), &me).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.text());
    let html = page.text();
    // 鞍山 第八条: the change report's period is shown from the policy.
    assert!(html.contains("3个月内"), "{html}");
    assert!(html.contains("第八条"));
    insta::assert_snapshot!(
        "portal_space_page",
        crate::helpers::redact(&html).replace(&csrf, "[csrf]")
    );

    // A change report (htmx with the header); an annual report, which 鞍山 does not ask for
    // (its page has no such form), refused when posted all the same.
    let path = format!("/portal/spaces/{space}/changes");
    let r = env
        .send(
            Method::POST,
            &path,
            &me,
            &[
                ("content-type", "application/x-www-form-urlencoded"),
                ("hx-request", "true"),
            ],
            Some(form_body(&[("what", "场地位置变更"), ("occurred_on", "2024-08-15")]).into()),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    assert!(r.text().contains("重大事项变更已报送"));
    let r = env
        .send(
            Method::POST,
            &format!("/portal/spaces/{space}/annual-reports"),
            &me,
            &[("content-type", "application/x-www-form-urlencoded")],
            Some(
                form_body(&[
                    ("year", "2023"),
                    ("report", "全年服务创客 120 人"),
                    ("plan", "新增孵化器"),
                ])
                .into(),
            ),
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.text());
    assert!(
        r.text()
            .contains("未规定众创空间报送年度工作报告，不予受理"),
        "{}",
        r.text()
    );
    assert_eq!(filings(&env, space).await, ["change_report:场地位置变更"]);
    let page = env
        .get(&format!("/portal/spaces/{space}"), &me)
        .await
        .text();
    assert!(
        page.contains("变更报告") && page.contains("场地位置变更"),
        "{page}"
    );

    // Errors beside their fields, the values kept, nothing filed.
    let r = env
        .send(
            Method::POST,
            &path,
            &me,
            &[("content-type", "application/x-www-form-urlencoded")],
            Some(form_body(&[("what", ""), ("occurred_on", "2024-13-01")]).into()),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let t = r.text();
    assert!(t.contains("id=\"change-what-error\""), "{t}");
    assert!(t.contains("「2024-13-01」不是日期"), "{t}");
    assert!(t.contains("value=\"2024-13-01\""), "{t}");
    assert_eq!(filings(&env, space).await.len(), 1);

    // Another organisation's applicant: the space does not exist for it, and nothing changes.
    let (_, other_cookie, other_csrf) = space_with_owner(&env, "stranger").await;
    let stranger = Who::Session(other_cookie, other_csrf);
    let chain = env.chain().await;
    assert_eq!(
        env.get(&format!("/portal/spaces/{space}"), &stranger)
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    for p in ["changes", "annual-reports"] {
        let r = env
            .send(
                Method::POST,
                &format!("/portal/spaces/{space}/{p}"),
                &stranger,
                &[("content-type", "application/x-www-form-urlencoded")],
                Some(
                    form_body(&[
                        ("what", "冒名"),
                        ("occurred_on", "2024-08-01"),
                        ("year", "2023"),
                        ("report", "x"),
                        ("plan", "y"),
                    ])
                    .into(),
                ),
            )
            .await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{p}: {}", r.text());
    }
    assert_eq!(filings(&env, space).await.len(), 1);
    assert_eq!(env.chain().await, chain);
}

async fn plain_forms_post_with_the_csrf_field_and_are_refused_without(db: TestDb) {
    let env = Env::new(&db).await;
    env.set_date(date(2024, 9, 2));
    let (space, cookie, csrf) = space_with_owner(&env, "owner").await;
    let chain = env.chain().await;

    // urlencoded, without header or field: 403, nothing filed.
    let change = format!("/portal/spaces/{space}/changes");
    let fields = [("what", "运营主体变更"), ("occurred_on", "2024-08-20")];
    let r = plain_post(&env, &change, &cookie, form_body(&fields)).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.text());
    let stats = format!("/portal/spaces/{space}/statistics");
    let r = plain_post(&env, &stats, &cookie, form_body(&[("period", "2024H1")])).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    // A wrong token is refused the same way.
    let mut wrong = vec![("_csrf", "0000")];
    wrong.extend(fields);
    let r = plain_post(&env, &change, &cookie, form_body(&wrong)).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert!(filings(&env, space).await.is_empty());
    assert_eq!(env.chain().await, chain);

    // With the field (anywhere in a urlencoded body): done.
    let mut good = vec![("what", "运营主体变更")];
    good.push(("_csrf", csrf.as_str()));
    good.push(("occurred_on", "2024-08-20"));
    let r = plain_post(&env, &change, &cookie, form_body(&good)).await;
    // Sent on to the page (a reload files nothing again), which says what was filed.
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let to = r.headers["location"].to_str().unwrap().to_string();
    let filed = filings(&env, space).await;
    assert_eq!(filed.len(), 1);
    assert!(
        to.starts_with(&format!("/portal/spaces/{space}?filed=")),
        "{to}"
    );
    let back = env
        .send(
            Method::GET,
            &to,
            &Who::Public,
            &[("cookie", cookie.as_str())],
            None,
        )
        .await;
    assert!(
        back.text().contains("重大事项变更报告已报送（报送编号"),
        "{}",
        back.text()
    );
    let second = [
        ("what", "场地面积变更"),
        ("occurred_on", "2024-08-25"),
        ("_csrf", csrf.as_str()),
    ];
    let r = plain_post(&env, &change, &cookie, form_body(&second)).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    assert_eq!(filings(&env, space).await.len(), 2);

    // A draft saved from the application form (urlencoded) and a material uploaded
    // (multipart, `_csrf` as the first part) without JavaScript.
    let c = cast(&env).await;
    let Who::Session(app_cookie, app_csrf) = &c.applicant else {
        unreachable!()
    };
    env.set_date(date(2024, 1, 10));
    open_call_2024(&env, &c).await;
    let draft = ok(
        &env.post(
            "/api/v1/applications",
            &c.applicant,
            json!({ "measure": MEASURE, "profile": profile(), "call": "anshan-2024" }),
        )
        .await,
        StatusCode::CREATED,
    );
    let id = draft["id"].as_i64().unwrap();
    let edit = format!("/portal/cases/{id}/edit");
    let save = [
        ("version", "1"),
        ("operator.name", "鞍山甲众创空间运营有限公司"),
    ];
    let r = plain_post(&env, &edit, app_cookie, form_body(&save)).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let mut with = vec![("_csrf", app_csrf.as_str())];
    with.extend(save);
    let r = plain_post(&env, &edit, app_cookie, form_body(&with)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    assert!(r.text().contains("草稿已保存"), "{}", r.text());
    // Tracking: every step with its time limit; on 2024-07-01 (the store's day, which the pages
    // keep too) the submission step is past the call's deadline (2024-06-28), so overdue; the
    // measure sets none for the others (鞍山 第六条).
    env.set_date(date(2024, 7, 1));
    let track = env
        .get(&format!("/portal/cases/{id}"), &c.applicant)
        .await
        .text();
    assert!(track.contains("时限：申报截止 2024-06-28（申报通知） <strong class=\"badge state-rejected\">已逾期</strong>"), "{track}");
    assert!(track.contains("时限：办法未规定办理时限"), "{track}");

    // A rectification report (multipart, `_csrf` as the first part): an Inner Mongolia space
    // appraised 不合格 (第十九条（二）), so under rectification for a year (第十九条（三）).
    let (im, im_cookie, im_csrf) =
        space_under(&env, "im-owner", "inner-mongolia-2020", "150102").await;
    let (authority, _) = env
        .account("im-authority", AccountRole::Authority, None, None, None)
        .await;
    env.set_date(date(2024, 9, 2));
    let cw = casework::Casework::new(env.store.clone(), library());
    cw.record_appraisal(im, authority, date(2024, 9, 1), &json!({}))
        .await
        .unwrap();
    let upload = format!("/portal/spaces/{im}/rectification");
    let boundary = "----PlainFormBoundary7";
    let multipart = |token: Option<&str>| {
        let mut body = Vec::new();
        if let Some(t) = token {
            body.extend(
                format!(
                    "--{boundary}\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n{t}\r\n"
                )
                .into_bytes(),
            );
        }
        body.extend(
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"text\"\r\n\r\n已整改：补充专职服务人员\r\n--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.pdf\"\r\nContent-Type: application/pdf\r\n\r\n")
                .into_bytes(),
        );
        // A scan of 1 MiB: far over `limits.body_bytes` (256 KiB), within the upload limit.
        body.extend(pdf(&"0".repeat(1 << 20)));
        body.extend(format!("\r\n--{boundary}--\r\n").into_bytes());
        body
    };
    let ct = format!("multipart/form-data; boundary={boundary}");
    let headers = [
        ("cookie", im_cookie.as_str()),
        ("content-type", ct.as_str()),
    ];
    let post = |body: Vec<u8>| {
        env.send(
            Method::POST,
            &upload,
            &Who::Public,
            &headers,
            Some(body.into()),
        )
    };
    let r = post(multipart(None)).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert!(filings(&env, im).await.is_empty());
    let r = post(multipart(Some(&im_csrf))).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let to = r.headers["location"].to_str().unwrap().to_string();
    let back = env
        .send(
            Method::GET,
            &to,
            &Who::Public,
            &[("cookie", im_cookie.as_str())],
            None,
        )
        .await;
    assert!(
        back.text().contains("整改报告已报送（报送编号"),
        "{}",
        back.text()
    );
    assert_eq!(filings(&env, im).await, ["rectification_report:2024-09-01"]);
    env.chain().await;
}

/// 内蒙古 第十七条 (每半年上报): a space recognised on 2023-06-01 picks its period from the
/// halves since then, the newest not yet filed chosen; 新疆 第六条第10项 (按照自治区科技厅的要求,
/// no cadence) keeps a field where the filer writes the period the request names, and its
/// statistics duty is no change report on the space's page.
async fn the_statistics_form_offers_the_periods_of_the_measures_cadence(db: TestDb) {
    let env = Env::new(&db).await;
    env.set_date(date(2024, 9, 2));
    let (im, cookie, csrf) = space_under(&env, "im-owner", "inner-mongolia-2020", "150102").await;
    let me = Who::Session(cookie.clone(), csrf.clone());
    let path = format!("/portal/spaces/{im}/statistics");
    let home = env.get("/portal", &me).await.text();
    assert!(home.contains(&format!("href=\"{path}\"")), "{home}");
    let html = env.get(&path, &me).await.text();
    let select = crate::helpers::between(&html, "<select id=\"period\"", "</select>");
    let options: Vec<&str> = select
        .split("<option value=\"")
        .skip(1)
        .filter_map(|o| o.split('"').next())
        .collect();
    assert_eq!(options, ["2024H2", "2024H1", "2023H2", "2023H1"]);
    assert!(
        select.contains("<option value=\"2024H2\" selected>2024年下半年</option>"),
        "{select}"
    );
    assert!(html.contains("第十七条"), "{html}");

    // 2024H2 filed: the form marks it and offers the newest not filed, 2024H1.
    // Without JavaScript the post is sent on to the page naming the filing (a reload files
    // nothing again), and the page says what was filed.
    let r = plain_post(&env, &path, &cookie, statistics_body(&csrf, "2024H2", "4")).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let to = r.headers["location"].to_str().unwrap().to_string();
    assert!(to.starts_with(&format!("{path}?filed=")), "{to}");
    assert!(
        env.get(&to, &me)
            .await
            .text()
            .contains("2024年下半年统计数据已受理（报送编号"),
        "{to}"
    );
    assert_eq!(filings(&env, im).await, ["statistics:2024H2"]);
    let html = env.get(&path, &me).await.text();
    let select = crate::helpers::between(&html, "<select id=\"period\"", "</select>");
    assert!(
        select.contains(">2024年下半年（已上报，再次上报即更正）</option>"),
        "{select}"
    );
    assert!(
        select.contains("<option value=\"2024H1\" selected>"),
        "{select}"
    );
    assert!(html.contains("已上报 1 期（2024年下半年）"), "{html}");
    // 每半年: a year or a quarter typed by hand is no period of the measure's.
    for (period, label) in [("2024", "2024年度"), ("2024Q2", "2024年第2季度")] {
        let r = plain_post(&env, &path, &cookie, statistics_body(&csrf, period, "4")).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            r.text().contains(&format!(
                "按办法的报送周期，统计期应为上半年或下半年（如 2025H1），实际为{label}"
            )),
            "{}",
            r.text()
        );
    }
    // No period sent: refused by name, nothing filed.
    let r = plain_post(&env, &path, &cookie, form_body(&[("_csrf", &csrf)])).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().contains("请填写统计期"), "{}", r.text());
    assert_eq!(filings(&env, im).await.len(), 1);
    // The earlier half filed after: the periods filed are listed newest period first.
    let r = plain_post(&env, &path, &cookie, statistics_body(&csrf, "2024H1", "4")).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let html = env.get(&path, &me).await.text();
    assert!(
        html.contains("已上报 2 期（2024年下半年、2024年上半年）"),
        "{html}"
    );
    // 2024H2 filed again: a correction of the first, which it replaces; still two periods.
    let first = casework::Casework::new(env.store.clone(), library())
        .filings_of(im)
        .await
        .unwrap()
        .into_iter()
        .find(|f| f.period == "2024H2")
        .unwrap()
        .id;
    let dates_before = casework::Casework::new(env.store.clone(), library())
        .space(im)
        .await
        .unwrap()
        .space
        .statistics;
    let r = plain_post(&env, &path, &cookie, statistics_body(&csrf, "2024H2", "5")).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let receipt = env
        .get(r.headers["location"].to_str().unwrap(), &me)
        .await
        .text();
    assert!(
        receipt.contains(&format!("，更正同期的报送 {first}，以本次为准")),
        "{receipt}"
    );
    let html = env.get(&path, &me).await.text();
    assert!(
        html.contains("已上报 2 期（2024年下半年、2024年上半年）"),
        "{html}"
    );
    // The correction stands in for the filing it corrects: no new filing day for the duty.
    assert_eq!(
        casework::Casework::new(env.store.clone(), library())
            .space(im)
            .await
            .unwrap()
            .space
            .statistics,
        dates_before
    );
    let correction = casework::Casework::new(env.store.clone(), library())
        .filings_of(im)
        .await
        .unwrap()
        .into_iter()
        .find(|f| f.corrects == Some(first))
        .unwrap()
        .id;
    let page = env.get(&format!("/portal/spaces/{im}"), &me).await.text();
    assert!(
        page.contains(&format!("已被报送 {correction} 更正")),
        "{page}"
    );
    assert!(page.contains(&format!("更正报送 {first}")), "{page}");
    let old = env
        .get(&format!("/portal/spaces/{im}/filings/{first}"), &me)
        .await
        .text();
    assert!(
        old.contains(&format!(
            "本报送已被<a href=\"/portal/spaces/{im}/filings/{correction}\">报送 {correction}</a> 更正"
        )),
        "{old}"
    );
    // On a day before the half the space was recognised in (a date only the demo clock lets a
    // decision bear), no period has begun: nothing to file, and no form.
    env.set_date(date(2022, 12, 31));
    let html = env.get(&path, &me).await.text();
    assert!(
        html.contains("认定日期为 2023-06-01，尚无已开始的统计期，暂无须报送"),
        "{html}"
    );
    env.set_date(date(2024, 9, 2));
    // A number and the period wrong at once: both said, each beside its field.
    let r = plain_post(
        &env,
        &path,
        &cookie,
        form_body(&[("_csrf", &csrf), ("period", "2022H2"), ("mentors", "四")]),
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.text().contains("在认定（2023-06-01）之前"),
        "{}",
        r.text()
    );
    assert!(r.text().contains("「四」不是数字"), "{}", r.text());
    assert!(!html.contains("<select id=\"period\""), "{html}");
    env.set_date(date(2024, 9, 2));

    let (xj, cookie, csrf) = space_under(&env, "xj-owner", "xinjiang-2019", "650102").await;
    let me = Who::Session(cookie, csrf);
    let html = env
        .get(&format!("/portal/spaces/{xj}/statistics"), &me)
        .await
        .text();
    assert!(
        html.contains("<input id=\"period\" name=\"period\" type=\"text\""),
        "{html}"
    );
    assert!(html.contains("第六条第10项"), "{html}");
    let page = env.get(&format!("/portal/spaces/{xj}"), &me).await.text();
    assert!(
        !page.contains("id=\"change-h\">按要求上报统计数据"),
        "{page}"
    );
}

/// An annual report answers for a year from the recognition's to this one (朔州 第七条, 认定),
/// and a change report for a change since the recognition (鞍山 第八条, 备案): others are
/// refused beside their field, on the page as over the API, and nothing is filed.
async fn a_report_year_or_change_outside_the_recognition_is_refused(db: TestDb) {
    let env = Env::new(&db).await;
    env.set_date(date(2024, 9, 2));
    let (sz, sz_cookie, sz_csrf) = space_under(&env, "sz-owner", "shuozhou-2016", "140602").await;
    let (space, cookie, csrf) = space_with_owner(&env, "owner").await;
    let annual = format!("/portal/spaces/{sz}/annual-reports");
    for year in ["2022", "2025"] {
        let r = plain_post(
            &env,
            &annual,
            &sz_cookie,
            form_body(&[
                ("_csrf", &sz_csrf),
                ("year", year),
                ("report", "r"),
                ("plan", "p"),
            ]),
        )
        .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text());
        let error = crate::helpers::between(&r.text(), "id=\"annual-year\"", "</div>").to_string();
        assert!(
            error.contains(&format!(
                "报告年度应在 2023 年（认定之年）至 2024 年（今年）之间，实际为 {year}"
            )),
            "{error}"
        );
    }
    let r = plain_post(
        &env,
        &format!("/portal/spaces/{space}/changes"),
        &cookie,
        form_body(&[
            ("_csrf", &csrf),
            ("what", "场地位置变更"),
            ("occurred_on", "2023-05-31"),
        ]),
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text());
    assert!(
        r.text()
            .contains("变化发生日期 2023-05-31 早于备案日期 2023-06-01"),
        "{}",
        r.text()
    );
    // 鞍山 asks for no statistics: the portal offers no statistics form for its space.
    let home = env
        .get("/portal", &Who::Session(cookie.clone(), csrf.clone()))
        .await
        .text();
    assert!(
        home.contains(&format!("/portal/spaces/{space}\"")),
        "{home}"
    );
    assert!(
        !home.contains(&format!("/portal/spaces/{space}/statistics")),
        "{home}"
    );
    // Over the API, the same refusal names the same field.
    let me = Who::Session(sz_cookie, sz_csrf);
    let r = env
        .post(
            &format!("/api/v1/register/{sz}/annual-reports"),
            &me,
            json!({ "year": 2022, "report": { "report": "r", "plan": "p" } }),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text());
    assert_eq!(r.json()["errors"][0]["field"], "year", "{}", r.text());
    assert!(filings(&env, space).await.is_empty());
    assert!(filings(&env, sz).await.is_empty());
}

/// A statistics filing (`policies/forms/statistics.toml`, every required field) for `period`,
/// with `mentors` mentors.
fn statistics_body(csrf: &str, period: &str, mentors: &str) -> String {
    form_body(&[
        ("_csrf", csrf),
        ("period", period),
        ("premises.total_area_m2", "800"),
        ("premises.public_area_m2", "200"),
        ("premises.workstations", "60"),
        ("residents.current", "20"),
        ("residents.new_in_period", "5"),
        ("residents.graduated_in_period", "1"),
        ("staff.total_excluding_property", "6"),
        ("staff.professional_incubation", "3"),
        ("mentors", mentors),
        ("activities.in_period", "12"),
        ("growth.financed_in_period", "1"),
    ])
}

/// The authority opens a filing from the space's page and reads it field by field: the mentors
/// jumping from 4 to 20 (the form's jump check, a prompt to verify) flagged beside the value,
/// who filed it and when. A recommending unit of another area finds no such page.
async fn the_authority_reads_a_filing_with_its_jumps_flagged(db: TestDb) {
    let env = Env::new(&db).await;
    env.set_date(date(2024, 9, 2));
    let (im, cookie, csrf) = space_under(&env, "im-owner", "inner-mongolia-2020", "150102").await;
    let path = format!("/portal/spaces/{im}/statistics");
    for (period, mentors) in [("2024H1", "4"), ("2024H2", "20")] {
        let r = plain_post(
            &env,
            &path,
            &cookie,
            statistics_body(&csrf, period, mentors),
        )
        .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    }
    let (_, authority) = env
        .account("im-authority", AccountRole::Authority, None, None, None)
        .await;
    let space = env
        .get(&format!("/workbench/spaces/{im}"), &authority)
        .await
        .text();
    let id = casework::Casework::new(env.store.clone(), library())
        .filings_of(im)
        .await
        .unwrap()[0]
        .id;
    let link = format!("/workbench/spaces/{im}/filings/{id}");
    assert!(space.contains(&format!("href=\"{link}\"")), "{space}");
    let r = env.get(&link, &authority).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let page = r.text();
    assert!(page.contains("2024年下半年"), "{page}");
    assert!(page.contains("im-owner"), "{page}");
    let mentors = crate::helpers::between(&page, "<th scope=\"row\">创业导师", "</tr>");
    assert!(
        mentors.contains("<td class=\"pre-line\">20</td>"),
        "{mentors}"
    );
    assert!(mentors.contains("待核实"), "{mentors}");
    let area = crate::helpers::between(&page, "<th scope=\"row\">众创空间总面积", "</tr>");
    assert!(!area.contains("待核实"), "{area}");
    insta::assert_snapshot!("workbench_filing", crate::helpers::redact(&page));

    let (_, elsewhere) = env
        .account(
            "other-unit",
            AccountRole::RecommendingUnit,
            None,
            Some("150200"),
            Some("league-bureau"),
        )
        .await;
    assert_eq!(
        env.get(&link, &elsewhere).await.status,
        StatusCode::NOT_FOUND
    );
    // The space's own applicant reads it from the portal, linked from its space's page.
    let owner = Who::Session(cookie.clone(), csrf.clone());
    let mine = format!("/portal/spaces/{im}/filings/{id}");
    let space_page = env
        .get(&format!("/portal/spaces/{im}"), &owner)
        .await
        .text();
    assert!(
        space_page.contains(&format!("href=\"{mine}\"")),
        "{space_page}"
    );
    let page = env.get(&mine, &owner).await.text();
    assert!(
        page.contains("<a href=\"/portal\">申报单位工作台</a>"),
        "{page}"
    );
    let mentors = crate::helpers::between(&page, "<th scope=\"row\">创业导师", "</tr>");
    assert!(
        mentors.contains("<td class=\"pre-line\">20</td>"),
        "{mentors}"
    );
    // Another organisation's applicant finds no such page.
    let (_, stranger_cookie, stranger_csrf) =
        space_under(&env, "stranger", "inner-mongolia-2020", "150103").await;
    let stranger = Who::Session(stranger_cookie, stranger_csrf);
    assert_eq!(
        env.get(&mine, &stranger).await.status,
        StatusCode::NOT_FOUND
    );
    // Another space's filing by this space's number: not found either.
    let other = format!("/workbench/spaces/{im}/filings/{}", id + 1000);
    assert_eq!(
        env.get(&other, &authority).await.status,
        StatusCode::NOT_FOUND
    );
}
