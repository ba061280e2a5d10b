//! The workbench's oversight pages over the demo data, on SQLite and PostgreSQL: who may see a
//! recognised space (the authority of its jurisdiction, the recommending unit of its area; others
//! 404, applicants and experts 403); an appraisal recorded through the page shows its per-item
//! breakdown (内蒙古 第十九条); a discretionary revocation through the page is audited with its
//! article (朔州 第十条), and a missing reason comes back beside its field; the calendar marks an
//! overdue change report (鞍山 第八条). Snapshots of the new pages (SQLite; dates redacted).

use axum::Router;
use axum::body::Body;
use axum::http::{Method, Request, StatusCode};
use jiff::ToSpan;
use store::Store;
use testkit::{TestDb, both_backends};

use crate::helpers::{
    Reply, api_sign_in, assert_audit_intact, enc, json_in_session, library, main_of, redact, send,
};

both_backends!(
    oversight_pages_by_role,
    an_appraisal_recorded_through_the_page_shows_its_breakdown,
    a_revocation_through_the_page_is_audited_with_its_article,
    the_calendar_marks_an_overdue_change_report,
    a_fraud_finding_through_the_page_shows_the_ban_and_revokes,
    public_appraisal_results_are_paged_newest_first,
    a_change_review_through_the_page_agrees_or_revokes,
    a_statistics_request_from_the_calendar_falls_due,
    a_changes_facts_are_weighed_for_the_review,
    a_change_report_is_forwarded_by_the_unit_of_its_area,
);

async fn a_statistics_request_from_the_calendar_falls_due(db: TestDb) {
    // 新疆 第六条第10项: 按照自治区科技厅的要求上报统计数据.
    let d = Demo::new(db.open().await).await;
    let xj = d.space("xinjiang").await;
    let today = casework::dates::today();
    let deadline = today.checked_add(20.days()).unwrap();
    let authority = d.sign_in("authority-xinjiang").await;
    let page = d.get(&authority, "/workbench/calendar").await.text();
    assert!(page.contains("统计数据报送要求"), "{page}");
    assert!(page.contains("第六条第10项"), "{page}");
    // 内蒙古 reports every half year: no request form for its authority.
    let im = d.sign_in("authority-inner-mongolia").await;
    let other = d.get(&im, "/workbench/calendar").await.text();
    assert!(!other.contains("发出报送要求"), "{other}");
    let r = d
        .post(
            &im,
            "/workbench/statistics-requests",
            &[
                ("measure", "inner-mongolia-2020"),
                ("period", "2026H2"),
                ("deadline", &deadline.to_string()),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.text().contains("不另行发出统计数据报送要求"),
        "{}",
        r.text()
    );

    // A period that cannot be read: the error beside it, the value kept, nothing sent.
    let before = d.cw().space(xj.id).await.unwrap();
    let r = d
        .post(
            &authority,
            "/workbench/statistics-requests",
            &[
                ("measure", "xinjiang-2019"),
                ("period", "2026H3"),
                ("deadline", &deadline.to_string()),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let t = r.text();
    assert!(t.contains("id=\"request-period-error\""), "{t}");
    assert!(t.contains("value=\"2026H3\""), "{t}");
    assert_eq!(d.cw().space(xj.id).await.unwrap(), before);

    // Last month: a period of its own (the demo filed the half-year), ended before the deadline.
    let last_month = today.first_of_month().yesterday().unwrap();
    let period = format!("{}-{:02}", last_month.year(), last_month.month());
    let r = d
        .post_plain(
            &authority,
            "/workbench/statistics-requests",
            &[
                ("measure", "xinjiang-2019"),
                ("period", &period),
                ("deadline", &deadline.to_string()),
            ],
        )
        .await;
    // A plain form is sent on to the calendar, which says what was sent (a reload sends nothing).
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let to = r.headers["location"].to_str().unwrap().to_string();
    assert!(
        to.starts_with("/workbench/calendar?measure=xinjiang%2D2019&period="),
        "{to}"
    );
    let s = d.cw().space(xj.id).await.unwrap();
    assert_eq!(s.space.requests.len(), 1);
    assert_eq!(s.space.requests[0].period, period);
    assert_eq!(s.space.requests[0].answered_on, None);
    let cal = d.get(&authority, &to).await.text();
    assert!(
        cal.contains(&format!("统计数据报送要求，截止 {deadline}（含当日）")),
        "{cal}"
    );
    assert!(
        cal.contains(&format!(
            "按要求上报统计数据（{}）",
            workflow::filings::period_words(&period)
        )),
        "{cal}"
    );
    // The same period again: refused beside the period, nothing sent.
    let r = d
        .post(
            &authority,
            "/workbench/statistics-requests",
            &[
                ("measure", "xinjiang-2019"),
                ("period", &period),
                ("deadline", &deadline.to_string()),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().contains("不重复发出"), "{}", r.text());
    assert_eq!(d.cw().space(xj.id).await.unwrap().space.requests.len(), 1);

    // Sent in error: the calendar lists it with the spaces that still owe it, and withdraws it
    // with a reason (without one: refused beside the field, nothing changed).
    let cal = d.get(&authority, "/workbench/calendar").await.text();
    let words = workflow::filings::period_words(&period);
    // The deadline as asked, and as moved past rest days where it falls on one.
    let last = library().calendar.deadline(deadline).unwrap();
    let shown = if last == deadline {
        deadline.to_string()
    } else {
        format!("{deadline}（遇休息日顺延至 {last}）")
    };
    assert!(
        cal.contains(&format!(
            "<th scope=\"row\">{words}</th><td>{today}</td><td>{shown}</td><td>0</td><td>1</td><td>0</td>"
        )),
        "{cal}"
    );
    let withdraw = "/workbench/statistics-requests/withdrawal";
    let form = format!("withdraw-xinjiang-2019-{period}");
    let r = d
        .post(
            &authority,
            withdraw,
            &[
                ("measure", "xinjiang-2019"),
                ("period", &period),
                ("reason", " "),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.text().contains(&format!(
            "<p class=\"error\" id=\"{form}-reason-error\">请写明撤回报送要求的原因</p>"
        )),
        "{}",
        r.text()
    );
    assert!(d.cw().space(xj.id).await.unwrap().space.requests[0].is_open());
    let r = d
        .post_plain(
            &authority,
            withdraw,
            &[
                ("measure", "xinjiang-2019"),
                ("period", &period),
                ("reason", "截止日期填错"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let to = r.headers["location"].to_str().unwrap().to_string();
    let back = d.get(&authority, &to).await.text();
    assert!(
        back.contains(&format!(
            "已于 {today} 撤回 1 个众创空间尚未报送的{words}统计数据报送要求（截止日期填错）"
        )),
        "{back}"
    );
    assert!(!d.cw().space(xj.id).await.unwrap().space.requests[0].is_open());
    // Withdrawn again from a stale page: refused above the list, where it is seen.
    let r = d
        .post(
            &authority,
            withdraw,
            &[
                ("measure", "xinjiang-2019"),
                ("period", &period),
                ("reason", "再撤"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.text().contains("撤回未执行：") && r.text().contains("没有未报送的报送要求可以撤回"),
        "{}",
        r.text()
    );
    // With no reason either: still said there (a reason would change nothing).
    let r = d
        .post(
            &authority,
            withdraw,
            &[
                ("measure", "xinjiang-2019"),
                ("period", &period),
                ("reason", ""),
            ],
        )
        .await;
    assert!(
        r.text().contains("撤回未执行：") && r.text().contains("没有未报送的报送要求可以撤回"),
        "{}",
        r.text()
    );
    // The API: nothing open to withdraw any more; the period may be asked again.
    let api = |body: serde_json::Value, path: &'static str| {
        json_in_session(d.app.clone(), &authority, Method::POST, path, body)
    };
    let r = api(
        serde_json::json!({ "measure": "xinjiang-2019", "period": period, "reason": "再撤" }),
        "/api/v1/statistics-requests/withdrawal",
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text());
    assert_eq!(r.json()["field"], "period", "{}", r.text());
    let later = deadline.checked_sub(5.days()).unwrap();
    let r = api(
        serde_json::json!({ "measure": "xinjiang-2019", "period": period, "deadline": later }),
        "/api/v1/statistics-requests",
    )
    .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    let s = d.cw().space(xj.id).await.unwrap();
    assert_eq!(s.space.requests.len(), 2);
    assert!(s.space.requests[1].is_open());
    assert_audit_intact(&d.store).await;
}

/// 鞍山 第八条 (经市科技局审核后，符合本办法要求的，同意变更): the operator reports the facts after a
/// change on the portal's form, beside the record; the reviewer sees 第五条第2项 checked again on
/// them; the API takes and shows the same. A value that does not read, or a fact the dictionary
/// lacks, is refused beside its field and nothing is recorded.
async fn a_changes_facts_are_weighed_for_the_review(db: TestDb) {
    let d = Demo::new(db.open().await).await;
    let an = d.space("anshan").await;
    let before = an.space.changes.len();
    let today = casework::dates::today();
    let occurred = today.checked_sub(3.days()).unwrap().to_string();
    let operator = d.sign_in("applicant-recognised-anshan").await;
    let page = format!("/portal/spaces/{}", an.id);
    let form = d.get(&operator, &page).await.text();
    // The form offers the facts 第五条 reads, each beside the record (the demo's own change
    // already took the total area to 1050).
    assert!(form.contains("<caption>变化后的情况</caption>"), "{form}");
    assert!(
        form.contains("<label for=\"c-premises.total_area_m2\">众创空间总面积</label></th>\n    <td>1050㎡</td>"),
        "{form}"
    );
    let post = |pairs: Vec<(&'static str, String)>| {
        let d = &d;
        let operator = &operator;
        let page = &page;
        async move {
            let pairs: Vec<(&str, &str)> = pairs.iter().map(|(k, v)| (*k, v.as_str())).collect();
            d.post(operator, &format!("{page}/changes"), &pairs).await
        }
    };
    let r = post(vec![
        ("what", "退租部分场地".into()),
        ("occurred_on", occurred.clone()),
        ("facts.premises.total_area_m2", "四百".into()),
    ])
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let t = r.text();
    assert!(
        t.contains("<p class=\"error\" id=\"c-premises.total_area_m2-error\">「四百」不是数值</p>"),
        "{t}"
    );
    assert!(t.contains("<details class=\"field\" open>"), "{t}");
    assert_eq!(
        d.cw().space(an.id).await.unwrap().space.changes.len(),
        before
    );
    // A fact the form does not offer, a choice the set does not have: refused, and said at the
    // top of the form (no field of the form is theirs).
    let r = post(vec![
        ("what", "退租部分场地".into()),
        ("occurred_on", occurred.clone()),
        ("facts.premises.floors", "2".into()),
        ("facts.premises.public_facilities", "checked".into()),
        ("facts.premises.public_facilities:rocket", "on".into()),
    ])
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let t = r.text();
    let summary = &t[t.find("变更报告未报送，请修改：").expect(&t)..];
    assert!(
        summary.contains("事实字典中没有「premises.floors」"),
        "{summary}"
    );
    assert!(
        summary.contains("「rocket」不是「公共服务设施」的可选项"),
        "{summary}"
    );
    assert_eq!(
        d.cw().space(an.id).await.unwrap().space.changes.len(),
        before
    );

    let r = post(vec![
        ("what", "退租部分场地".into()),
        ("occurred_on", occurred.clone()),
        ("facts.premises.total_area_m2", "450".into()),
        ("facts.premises.public_area_m2", "200".into()),
        ("facts.premises.workstation_area_m2", "200".into()),
    ])
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let s = d.cw().space(an.id).await.unwrap();
    assert_eq!(s.space.changes.len(), before + 1);
    assert_eq!(
        s.space.changes[before].facts["premises.total_area_m2"],
        serde_json::json!(450)
    );

    // The reviewer sees the area condition fail on the facts after the change.
    let authority = d.sign_in("authority-anshan").await;
    let html = d
        .get(&authority, &format!("/workbench/spaces/{}", an.id))
        .await
        .text();
    assert!(
        html.contains(
            "<th scope=\"row\">众创空间总面积</th><td>1050㎡</td><td><strong>450㎡</strong></td>"
        ),
        "{html}"
    );
    assert!(
        html.contains("<span class=\"cite\">第五条第2项</span> 固定服务场地面积：变化前满足，变化后<strong>不满足</strong>。"),
        "{html}"
    );

    // The API: the dossier shows the same; a fact the dictionary lacks is refused by name.
    let dossier = json_in_session(
        d.app.clone(),
        &authority,
        Method::GET,
        &format!("/api/v1/register/{}/dossier", an.id),
        serde_json::Value::Null,
    )
    .await
    .json();
    let change = &dossier["changes"][before];
    assert_eq!(change["review"], "pending");
    assert_eq!(change["recheck"]["verdict"], "ineligible", "{change}");
    assert!(
        change["recheck"]["changed"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["id"] == "5.2-area" && c["measured"] == "不满足"),
        "{change}"
    );
    let r = json_in_session(
        d.app.clone(),
        &operator,
        Method::POST,
        &format!("/api/v1/register/{}/changes", an.id),
        serde_json::json!({
            "what": "楼层调整",
            "occurred_on": occurred,
            "facts": { "premises.floors": 2 }
        }),
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text());
    assert_eq!(
        r.json()["errors"][0]["field"],
        "facts.premises.floors",
        "{}",
        r.text()
    );
    assert_eq!(
        d.cw().space(an.id).await.unwrap().space.changes.len(),
        before + 1
    );
    assert_audit_intact(&d.store).await;
}

/// 内蒙古 第十七条: 通过所属地管理部门向自治区科技厅报备变更情况. The demo's change waits for the
/// 盟市科技局 of the space's area; its workbench points to it, the page passes it on with an
/// opinion (a plain form: back to the page, which says what was done), the dossier shows it.
async fn a_change_report_is_forwarded_by_the_unit_of_its_area(db: TestDb) {
    let d = Demo::new(db.open().await).await;
    let im = d.space("inner-mongolia").await;
    let n = im
        .space
        .changes
        .iter()
        .position(|c| c.awaiting_forwarding(true))
        .unwrap()
        + 1;
    let unit = d.sign_in("recommender-inner-mongolia").await;
    let home = d.get(&unit, "/workbench").await.text();
    assert!(
        home.contains(&format!(
            "href=\"/workbench/spaces/{}#changes\">待转报变更 1 项</a>",
            im.id
        )),
        "{home}"
    );
    let page = format!("/workbench/spaces/{}", im.id);
    let html = d.get(&unit, &page).await.text();
    assert!(
        html.contains("<span class=\"badge\">待盟市科技局转报</span>"),
        "{html}"
    );
    let forward = format!("{page}/changes/{n}/forwarding");
    assert!(html.contains(&format!("action=\"{forward}\"")), "{html}");
    // The authority sees the report, but it is not the authority's to pass on.
    let authority = d.sign_in("authority-inner-mongolia").await;
    let theirs = d.get(&authority, &page).await.text();
    assert!(
        !theirs.contains(&format!("action=\"{forward}\"")),
        "{theirs}"
    );
    let r = d.post(&authority, &forward, &[("note", "")]).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.text());

    let r = d
        .post_plain(&unit, &forward, &[("note", "经核实，情况属实")])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let to = r.headers["location"].to_str().unwrap().to_string();
    assert_eq!(to, format!("{page}?forwarded={n}#changes"));
    let today = casework::dates::today();
    let back = d.get(&unit, &to).await.text();
    assert!(
        back.contains(&format!(
            "<p class=\"notice-ok\" role=\"status\">第 {n} 项变更「经营方向变化：增设数字创意孵化方向」已于 {today} 转报至自治区科技厅</p>"
        )),
        "{back}"
    );
    assert!(
        back.contains(&format!(
            "<span class=\"badge\">盟市科技局已转报（{today}）</span>"
        )),
        "{back}"
    );
    // Once only.
    let r = d.post(&unit, &forward, &[("note", "")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text());
    assert!(
        r.text().contains("转报未执行：") && r.text().contains("已于"),
        "{}",
        r.text()
    );
    let dossier = json_in_session(
        d.app.clone(),
        &authority,
        Method::GET,
        &format!("/api/v1/register/{}/dossier", im.id),
        serde_json::Value::Null,
    )
    .await
    .json();
    let c = &dossier["changes"][n - 1];
    assert_eq!(c["forwarding"], "done", "{c}");
    assert_eq!(c["forward_note"], "经核实，情况属实", "{c}");
    assert_audit_intact(&d.store).await;
}

async fn a_change_review_through_the_page_agrees_or_revokes(db: TestDb) {
    // 鞍山 第八条: 经市科技局审核后，符合本办法要求的，同意变更；对不符合本办法要求的，取消资格.
    let d = Demo::new(db.open().await).await;
    let an = d.space("anshan").await;
    let today = casework::dates::today();
    let occurred = today.checked_sub(10.days()).unwrap();
    let acc = |key: &str| {
        d.report
            .accounts
            .iter()
            .find(|a| a.key == key)
            .unwrap()
            .account_id
    };
    let first = an.space.changes.len() + 1;
    for what in ["运营主体名称变更", "场地面积缩减"] {
        d.cw()
            .report_change(
                an.id,
                acc("authority-anshan"),
                what,
                &Default::default(),
                occurred,
                today,
            )
            .await
            .unwrap();
    }
    let (n1, n2) = (first.to_string(), (first + 1).to_string());
    let authority = d.sign_in("authority-anshan").await;
    let page = format!("/workbench/spaces/{}", an.id);
    let html = d.get(&authority, &page).await.text();
    // The demo's own change (reported, awaiting review) and the two just reported.
    let waiting = an
        .space
        .changes
        .iter()
        .filter(|c| c.reported_on.is_some() && c.review.is_none())
        .count();
    assert_eq!(
        html.matches("<span class=\"badge\">待审核</span>").count(),
        waiting + 2,
        "{html}"
    );
    // The workbench's start page points to them.
    let home = d.get(&authority, "/workbench").await.text();
    assert!(
        home.contains(&format!(
            "href=\"/workbench/spaces/{}#changes\">待审核变更 {} 项</a>",
            an.id,
            waiting + 2
        )),
        "{home}"
    );
    assert!(
        html.contains("变更审核：依据 <span class=\"cite\">第八条</span>"),
        "{html}"
    );
    assert!(html.contains(&format!("/workbench/spaces/{}/changes/{n1}/review", an.id)));
    // A recommending unit sees the space but may not review.
    let unit = d.sign_in("recommender-anshan").await;
    let review = |n: &str| format!("/workbench/spaces/{}/changes/{n}/review", an.id);
    let r = d.post(&unit, &review(&n1), &[("agreed", "true")]).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.text());

    // Agreed without JavaScript: back to the page, the change marked.
    let r = d
        .post_plain(
            &authority,
            &review(&n1),
            &[("note", ""), ("agreed", "true")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    // The page it goes back to says what was decided, read from the record.
    let to = r.headers["location"].to_str().unwrap().to_string();
    assert_eq!(
        to,
        format!("/workbench/spaces/{}?reviewed={n1}#changes", an.id)
    );
    let back = d.get(&authority, &to).await.text();
    assert!(
        back.contains(&format!(
            "<p class=\"notice-ok\" role=\"status\">变更审核：第 {n1} 项变更「运营主体名称变更」同意变更（{today}）</p>"
        )),
        "{back}"
    );
    // Sent again (a second clerk, a stale page): refused at the top of the page.
    let r = d
        .post(
            &authority,
            &review(&n1),
            &[("note", ""), ("agreed", "false")],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.text().contains("变更审核未执行：") && r.text().contains("已于"),
        "{}",
        r.text()
    );
    // Refused without reasons: the error beside the note, nothing changed.
    let r = d
        .post(
            &authority,
            &review(&n2),
            &[("note", " "), ("agreed", "false")],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let t = r.text();
    assert!(t.contains(&format!("id=\"review-{n2}-note-error\"")), "{t}");
    assert!(
        t.contains("不同意变更的，请写明不符合办法要求的事实和理由（第八条"),
        "{t}"
    );
    assert_eq!(
        d.cw().space(an.id).await.unwrap().status,
        workflow::lifecycle::SpaceStatus::Active
    );
    // Refused with reasons: the space is revoked on 「变化后不符合本办法要求」.
    let r = d
        .post(
            &authority,
            &review(&n2),
            &[
                ("note", "缩减后面积 200 平方米，低于第五条要求"),
                ("agreed", "false"),
            ],
        )
        .await;
    // htmx: the page comes back in place, the review shown.
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    assert!(
        r.text().contains(&format!(
            "变更审核：第 {n2} 项变更「场地面积缩减」不同意变更（{today}）"
        )),
        "{}",
        r.text()
    );
    let s = d.cw().space(an.id).await.unwrap();
    assert_eq!(s.status, workflow::lifecycle::SpaceStatus::Revoked);
    let html = r.text();
    assert!(
        html.contains(&format!("<span class=\"badge\">同意变更（{today}）</span>")),
        "{html}"
    );
    assert!(
        html.contains(&format!(
            "<span class=\"badge\">不同意变更（{today}）</span>"
        )),
        "{html}"
    );
    assert!(html.contains("审核意见：缩减后面积 200 平方米"), "{html}");
    assert!(
        !html.contains("/review\""),
        "no review form on a revoked space: {html}"
    );
    assert_audit_intact(&d.store).await;
}

pub(crate) struct Demo {
    pub(crate) store: Store,
    pub(crate) app: Router,
    report: web::demo::DemoReport,
}

impl Demo {
    pub(crate) async fn new(store: Store) -> Self {
        Self::seeded_on(store, casework::dates::today()).await
    }

    /// The demo as if seeded on `day` (its spaces recognised that long before today).
    pub(crate) async fn seeded_on(store: Store, day: jiff::civil::Date) -> Self {
        let report = web::demo::seed(&store, library(), testkit::web::cheap_hashing(), day)
            .await
            .unwrap();
        let mut config = web::Config::default();
        config.auth.password_hashing = testkit::web::cheap_hashing();
        let app = web::app_with_store(config, library(), Some(store.clone()));
        Self { store, app, report }
    }

    pub(crate) fn cw(&self) -> casework::Casework {
        casework::Casework::new(self.store.clone(), library())
    }

    /// The recognised space of a jurisdiction's demo.
    pub(crate) async fn space(&self, key: &str) -> casework::SpaceRecord {
        let case = self.report.cases[&format!("recognised-{key}")];
        self.cw().space_of_case(case).await.unwrap().unwrap()
    }

    /// Signs in a demo account: (cookie, CSRF token).
    pub(crate) async fn sign_in(&self, key: &str) -> (String, String) {
        let a = self.report.accounts.iter().find(|a| a.key == key).unwrap();
        api_sign_in(&self.app, &a.login, &a.password).await
    }

    pub(crate) async fn get(&self, who: &(String, String), path: &str) -> Reply {
        send(
            self.app.clone(),
            Request::builder()
                .uri(path)
                .header("cookie", &who.0)
                .body(Body::empty())
                .unwrap(),
        )
        .await
    }

    /// Posts a form as a browser without JavaScript does: the token in the `_csrf` field (first),
    /// no htmx header.
    pub(crate) async fn post_plain(
        &self,
        who: &(String, String),
        path: &str,
        pairs: &[(&str, &str)],
    ) -> Reply {
        let mut body = format!("_csrf={}", enc(&who.1));
        for (k, v) in pairs {
            body.push_str(&format!("&{}={}", enc(k), enc(v)));
        }
        send(
            self.app.clone(),
            Request::builder()
                .method(Method::POST)
                .uri(path)
                .header("cookie", &who.0)
                .header("content-type", "application/x-www-form-urlencoded")
                .body(Body::from(body))
                .unwrap(),
        )
        .await
    }

    /// Posts a form as htmx does (with the CSRF header).
    pub(crate) async fn post(
        &self,
        who: &(String, String),
        path: &str,
        pairs: &[(&str, &str)],
    ) -> Reply {
        let body = pairs
            .iter()
            .map(|(k, v)| format!("{}={}", enc(k), enc(v)))
            .collect::<Vec<_>>()
            .join("&");
        send(
            self.app.clone(),
            Request::builder()
                .method(Method::POST)
                .uri(path)
                .header("cookie", &who.0)
                .header("x-csrf-token", &who.1)
                .header("hx-request", "true")
                .header("content-type", "application/x-www-form-urlencoded")
                .body(Body::from(body))
                .unwrap(),
        )
        .await
    }
}

async fn oversight_pages_by_role(db: TestDb) {
    let d = Demo::new(db.open().await).await;
    let nmg = d.space("inner-mongolia").await;
    let path = format!("/workbench/spaces/{}", nmg.id);
    // The authority of the jurisdiction and the recommending unit of the area see it.
    for key in ["authority-inner-mongolia", "recommender-inner-mongolia"] {
        let who = d.sign_in(key).await;
        let r = d.get(&who, &path).await;
        assert_eq!(r.status, StatusCode::OK, "{key}: {}", r.text());
        assert!(r.text().contains(&nmg.name), "{key}");
        for page in [
            "/workbench/calendar",
            "/workbench/charts",
            "/workbench/sanctions",
            "/workbench/appraisals",
        ] {
            let r = d.get(&who, page).await;
            assert_eq!(r.status, StatusCode::OK, "{key} {page}: {}", r.text());
        }
    }
    // The recommending unit may look but not record.
    let rec = d.sign_in("recommender-inner-mongolia").await;
    let r = d.get(&rec, &format!("{path}/appraisal")).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    // Another jurisdiction's authority and recommending unit: as if absent.
    for key in ["authority-xinjiang", "recommender-anshan"] {
        let who = d.sign_in(key).await;
        assert_eq!(
            d.get(&who, &path).await.status,
            StatusCode::NOT_FOUND,
            "{key}"
        );
        let cal = d.get(&who, "/workbench/calendar").await;
        assert!(!cal.text().contains(&nmg.name), "{key} calendar");
    }
    // Applicants and experts: 403 on every oversight page.
    for key in ["applicant-recognised-inner-mongolia", "expert-wang"] {
        let who = d.sign_in(key).await;
        for page in [
            path.as_str(),
            "/workbench/calendar",
            "/workbench/charts",
            "/workbench/sanctions",
            "/workbench/appraisals",
        ] {
            assert_eq!(
                d.get(&who, page).await.status,
                StatusCode::FORBIDDEN,
                "{key} {page}"
            );
        }
    }
}

async fn an_appraisal_recorded_through_the_page_shows_its_breakdown(db: TestDb) {
    // 内蒙古 第十九条: 考核指标体系 — the index table's rows, each with its points and article.
    let d = Demo::new(db.open().await).await;
    let nmg = d.space("inner-mongolia").await;
    let before = d.cw().appraisals_of(nmg.id).await.unwrap().len();
    let who = d.sign_in("authority-inner-mongolia").await;
    let path = format!("/workbench/spaces/{}/appraisal", nmg.id);
    let form = d.get(&who, &path).await;
    assert_eq!(form.status, StatusCode::OK);
    // A typing error comes back beside its field, with what was typed.
    let bad = d
        .post(&who, &path, &[("intent", "record"), ("on", "2024-13-01")])
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.text().contains("不是有效日期"), "{}", bad.text());
    assert!(bad.text().contains("2024-13-01"));
    assert_eq!(d.cw().appraisals_of(nmg.id).await.unwrap().len(), before);
    // Preview, then record.
    let today = casework::dates::today().to_string();
    let preview = d
        .post(&who, &path, &[("intent", "preview"), ("on", &today)])
        .await;
    assert_eq!(preview.status, StatusCode::OK, "{}", preview.text());
    assert!(preview.text().contains("逐项得分"));
    assert_eq!(d.cw().appraisals_of(nmg.id).await.unwrap().len(), before);
    let r = d
        .post(&who, &path, &[("intent", "record"), ("on", &today)])
        .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.text());
    let to = r.headers.get("hx-redirect").unwrap().to_str().unwrap();
    assert!(
        to.starts_with(&format!("/workbench/spaces/{}#appraisal-", nmg.id)),
        "{to}"
    );
    let after = d.cw().appraisals_of(nmg.id).await.unwrap();
    assert_eq!(after.len(), before + 1);
    let page = d.get(&who, &format!("/workbench/spaces/{}", nmg.id)).await;
    let text = page.text();
    assert!(text.contains(&format!("id=\"appraisal-{}\"", after[0].id)));
    assert!(text.contains("逐项得分"), "the breakdown is shown");
    assert!(text.contains("第十九条"), "with its articles");
    let trail = store::audit::trail(d.store.db(), "space", &nmg.id.to_string())
        .await
        .unwrap();
    assert_eq!(trail.last().unwrap().action, "appraise");
    assert_audit_intact(&d.store).await;
}

async fn a_revocation_through_the_page_is_audited_with_its_article(db: TestDb) {
    // 朔州 第十条: 情节严重的，取消朔州市众创空间称号 — for the 市科技局 to decide, with reasons.
    let d = Demo::new(db.open().await).await;
    let sz = d.space("shuozhou").await;
    let who = d.sign_in("authority-shuozhou").await;
    let path = format!("/workbench/spaces/{}/revoke", sz.id);
    let today = casework::dates::today().to_string();
    // Without a reason: 422, the error beside the field, the choice kept, nothing changed.
    let r = d
        .post(
            &who,
            &path,
            &[
                ("revocation", "rule-violation"),
                ("reason", ""),
                ("on", &today),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.text().contains("id=\"revoke-reason-error\""),
        "{}",
        r.text()
    );
    assert!(r.text().contains("value=\"rule-violation\" checked"));
    // The same without JavaScript: the full page comes back with the error beside the field.
    let r = d
        .post_plain(
            &who,
            &path,
            &[
                ("revocation", "rule-violation"),
                ("reason", ""),
                ("on", &today),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text());
    assert!(r.text().contains("<html"), "a full page");
    assert!(r.text().contains("id=\"revoke-reason-error\""));
    // An automatic ground is refused with the reason.
    let r = d
        .post(
            &who,
            &path,
            &[
                ("revocation", "fraud"),
                ("reason", "虚报面积"),
                ("on", &today),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().contains("自动"), "{}", r.text());
    assert_eq!(
        d.cw().space(sz.id).await.unwrap().status,
        workflow::lifecycle::SpaceStatus::Active
    );
    // Another jurisdiction's authority cannot.
    let other = d.sign_in("authority-anshan").await;
    let r = d
        .post(
            &other,
            &path,
            &[
                ("revocation", "rule-violation"),
                ("reason", "x"),
                ("on", &today),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    // Revoked, audited with the article.
    let r = d
        .post(
            &who,
            &path,
            &[
                ("revocation", "rule-violation"),
                ("reason", "场地长期闲置且拒不整改"),
                ("on", &today),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.text());
    assert_eq!(
        d.cw().space(sz.id).await.unwrap().status,
        workflow::lifecycle::SpaceStatus::Revoked
    );
    let trail = store::audit::trail(d.store.db(), "space", &sz.id.to_string())
        .await
        .unwrap();
    let last = trail.last().unwrap();
    assert_eq!(last.action, "revoke");
    assert!(last.reason.as_deref().unwrap().contains("第十条"));
    let page = d.get(&who, &format!("/workbench/spaces/{}", sz.id)).await;
    assert!(page.text().contains("已取消资格"));
    let sanctions = d.get(&who, "/workbench/sanctions").await;
    assert!(sanctions.text().contains(&sz.name));
    assert_audit_intact(&d.store).await;
}

async fn the_calendar_marks_an_overdue_change_report(db: TestDb) {
    // 鞍山 第八条: 需在3个月内向市科技局报告 — a change four months ago, unreported, is overdue
    // (the demo seeded half a year ago, so the change came after the 备案).
    let today = casework::dates::today();
    let d = Demo::seeded_on(db.open().await, today.checked_sub(6.months()).unwrap()).await;
    let an = d.space("anshan").await;
    let occurred = today.checked_sub(4.months()).unwrap();
    assert!(an.recognised_on < occurred, "{}", an.recognised_on);
    let authority = d.sign_in("authority-anshan").await;
    let acc = d
        .report
        .accounts
        .iter()
        .find(|a| a.key == "authority-anshan")
        .unwrap()
        .account_id;
    d.cw()
        .note_change(an.id, acc, "运营主体变更", &Default::default(), occurred)
        .await
        .unwrap();
    let r = d.get(&authority, "/workbench/calendar").await;
    assert_eq!(r.status, StatusCode::OK);
    let text = r.text();
    let overdue = &text[text.find("id=\"over-h\"").unwrap()..];
    let overdue = &overdue[..overdue.find("</section>").unwrap()];
    assert!(overdue.contains(&an.name), "{overdue}");
    assert!(overdue.contains("逾期"));
    assert!(overdue.contains("第八条"));
    assert!(overdue.contains(&format!("/workbench/spaces/{}", an.id)));
    // The overdue chart draws it (in the alert colour) with its table row.
    let charts = d.get(&authority, "/workbench/charts").await.text();
    let fig = &charts[charts.find("id=\"overdue\"").unwrap()..];
    let fig = &fig[..fig.find("</figure>").unwrap()];
    assert!(fig.contains("class=\"bar alert\""), "{fig}");
    assert!(fig.contains("<td class=\"num\">1</td>"), "{fig}");
}

async fn a_fraud_finding_through_the_page_shows_the_ban_and_revokes(db: TestDb) {
    // 朔州 第九条: 提供虚假材料，骗取认定的，取消其相应资格，2年内不再受理其申请.
    let d = Demo::new(db.open().await).await;
    let sz = d.space("shuozhou").await;
    let who = d.sign_in("authority-shuozhou").await;
    let today = casework::dates::today();
    let org = sz.org_id.to_string();
    let on = today.to_string();
    let ban = d
        .cw()
        .bans_after(today)
        .into_iter()
        .find(|b| b.measure == "shuozhou-2016")
        .unwrap();
    // The preview computes the ban from the policy and records nothing.
    let r = d
        .post(
            &who,
            "/workbench/sanctions/fraud",
            &[("intent", "preview"), ("org", &org), ("found_on", &on)],
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    assert!(
        r.text().contains(&format!("至 {}（含当日）", ban.until)),
        "{}",
        r.text()
    );
    assert!(d.cw().fraud_findings().await.unwrap().is_empty());
    // Recording without the facts: 422 beside the field, the choice kept.
    let r = d
        .post(
            &who,
            "/workbench/sanctions/fraud",
            &[
                ("intent", "record"),
                ("org", &org),
                ("found_on", &on),
                ("cite", "第九条"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().contains("id=\"fraud-body-error\""));
    assert!(
        r.text()
            .contains(&format!("<option value=\"{org}\" selected>"))
    );
    assert!(d.cw().fraud_findings().await.unwrap().is_empty());
    // Recorded: the space is revoked (automatic under 第九条) and the ban listed until its day.
    let r = d
        .post(
            &who,
            "/workbench/sanctions/fraud",
            &[
                ("intent", "record"),
                ("org", &org),
                ("found_on", &on),
                ("body", "虚报场地面积"),
                ("cite", "第九条"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.text());
    assert_eq!(
        d.cw().space(sz.id).await.unwrap().status,
        workflow::lifecycle::SpaceStatus::Revoked
    );
    let page = d.get(&who, "/workbench/sanctions").await.text();
    let bans = &page[page.find("id=\"bans\"").unwrap()..];
    assert!(bans.contains(&sz.name));
    assert!(bans.contains(&ban.until.to_string()));
    assert!(bans.contains("禁止中"));
    // Only the authority records findings.
    let rec = d.sign_in("recommender-shuozhou").await;
    let r = d
        .post(
            &rec,
            "/workbench/sanctions/fraud",
            &[
                ("intent", "record"),
                ("org", &org),
                ("found_on", &on),
                ("body", "x"),
                ("cite", "第九条"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert_eq!(d.cw().fraud_findings().await.unwrap().len(), 1);
    assert_audit_intact(&d.store).await;
}

/// Dates and clock times replaced.
pub(crate) fn redact_dates(text: &str) -> String {
    let text = redact(text);
    let mut out = String::with_capacity(text.len());
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    let digit = |k: usize| chars.get(k).is_some_and(char::is_ascii_digit);
    while i < chars.len() {
        if (i..i + 4).all(digit)
            && chars.get(i + 4) == Some(&'-')
            && digit(i + 5)
            && digit(i + 6)
            && (i == 0 || !digit(i - 1))
        {
            // 2025-06-16, 2025-06, 2025-06-16T…Z, 2025-06-16 09:30
            let mut j = i + 7;
            if chars.get(j) == Some(&'-') && digit(j + 1) && digit(j + 2) {
                j += 3;
                if chars.get(j) == Some(&'T') {
                    while j < chars.len() && !chars[j].is_whitespace() && chars[j] != '<' {
                        j += 1;
                    }
                } else if chars.get(j) == Some(&' ')
                    && digit(j + 1)
                    && digit(j + 2)
                    && chars.get(j + 3) == Some(&':')
                    && digit(j + 4)
                    && digit(j + 5)
                {
                    // 2025-06-16 09:30, China time.
                    j += 6;
                }
            }
            out.push_str("[date]");
            i = j;
        } else if (i..i + 4).all(digit)
            && chars[i] == '2'
            && chars.get(i + 1) == Some(&'0')
            && !digit(i + 4)
            && (i == 0 || !digit(i - 1))
        {
            out.push_str("[year]");
            i += 4;
        } else {
            out.push(chars[i]);
            i += 1;
        }
    }
    out
}

/// Month numbers and days left (they follow the day the test runs: 365 or 366 days) replaced.
pub(crate) fn redact_counts(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut digits = String::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c.is_ascii_digit() {
            digits.push(c);
            continue;
        }
        if !digits.is_empty() {
            let unit = if c == ' ' {
                chars.peek().copied()
            } else {
                None
            };
            match unit {
                Some('月') => out.push_str("[m]"),
                Some('天') => out.push_str("[n]"),
                _ => out.push_str(&digits),
            }
            digits.clear();
        }
        out.push(c);
    }
    out.push_str(&digits);
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn oversight_pages_snapshots() {
    let db = TestDb::sqlite();
    let d = Demo::new(db.open().await).await;
    let nmg = d.space("inner-mongolia").await;
    let who = d.sign_in("authority-inner-mongolia").await;
    let today = casework::dates::today().to_string();
    let r = d
        .post(
            &who,
            &format!("/workbench/spaces/{}/appraisal", nmg.id),
            &[("intent", "record"), ("on", &today)],
        )
        .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.text());
    for (name, path) in [
        ("workbench_space", format!("/workbench/spaces/{}", nmg.id)),
        (
            "workbench_appraisal_form",
            format!("/workbench/spaces/{}/appraisal", nmg.id),
        ),
        ("workbench_calendar", "/workbench/calendar".to_string()),
        ("workbench_charts", "/workbench/charts".to_string()),
        ("workbench_sanctions", "/workbench/sanctions".to_string()),
    ] {
        let r = d.get(&who, &path).await;
        assert_eq!(r.status, StatusCode::OK, "{path}");
        let mut page = main_of(&r.text()).replace(&who.1, "[csrf]");
        if name == "workbench_charts" {
            page = without_monthly_chart(&page);
        }
        insta::assert_snapshot!(name, redact_counts(&redact_dates(&page)));
    }
}

/// The chart of submissions by month counts the demo's cases into the 12 months before the real
/// today, so which bar holds them moves with the calendar: it is checked for its 12 months and
/// left out of the snapshot.
fn without_monthly_chart(page: &str) -> String {
    let start = page
        .find(r#"<figure class="chart-box" id="by-month""#)
        .expect("the monthly chart");
    let end = start + page[start..].find("</figure>").expect("its end") + "</figure>".len();
    let chart = &page[start..end];
    assert_eq!(chart.matches(r#"<th scope="row">"#).count(), 12, "{chart}");
    format!("{}[monthly chart]{}", &page[..start], &page[end..])
}

/// `GET /api/v1/appraisals` (no account): every appraisal recorded, with its space, newest
/// first; by measure and by year (a year's first and last day included); paged, with the total;
/// a year no date has is refused on `year`.
async fn public_appraisal_results_are_paged_newest_first(db: TestDb) {
    let d = Demo::new(db.open().await).await;
    let anshan = d.space("anshan").await;
    let authority = d
        .report
        .accounts
        .iter()
        .find(|a| a.key == "authority-anshan")
        .expect("the demo's Anshan authority")
        .account_id;
    let cw = d.cw();
    let before = cw.appraisals_of(anshan.id).await.unwrap().len();
    let days = [
        jiff::civil::date(2025, 1, 1),
        jiff::civil::date(2025, 12, 31),
        jiff::civil::date(2024, 12, 31),
    ];
    for on in days {
        cw.record_appraisal(
            anshan.id,
            authority,
            on,
            &serde_json::json!({ "grade": "good" }),
        )
        .await
        .unwrap_or_else(|e| panic!("{on}: {e}"));
    }
    let public = (String::new(), String::new());
    let read = |path: String| {
        let d = &d;
        let public = public.clone();
        async move {
            let r = d.get(&public, &path).await;
            assert_eq!(r.status, StatusCode::OK, "{path}: {}", r.text());
            r.json()
        }
    };
    let all = read("/api/v1/appraisals?measure=anshan-2020&per_page=100".into()).await;
    assert_eq!(all["total"], before + days.len(), "{all}");
    let items = all["items"].as_array().unwrap();
    let on: Vec<&str> = items.iter().map(|i| i["on"].as_str().unwrap()).collect();
    let mut newest_first = on.clone();
    newest_first.sort_by(|a, b| b.cmp(a));
    assert_eq!(on, newest_first);
    assert!(items.iter().all(|i| i["measure"] == "anshan-2020"));
    let mine: Vec<&serde_json::Value> = items
        .iter()
        .filter(|i| i["space_id"] == anshan.id)
        .collect();
    assert_eq!(mine.len(), before + days.len());
    assert!(
        mine.iter()
            .all(|i| i["name"] == anshan.name.as_str() && i["grade"] == "good")
    );
    // The grade in the measure's own words (鞍山 第七条, from the policy file).
    let label = library()
        .get("anshan-2020")
        .and_then(|m| m.measure.appraisal.as_ref()?.grade("good"))
        .map(|g| g.label.clone())
        .expect("Anshan grades 'good'");
    assert!(
        mine.iter().all(|i| i["grade_label"] == label.as_str()),
        "{mine:?}"
    );

    let in_2025 = read("/api/v1/appraisals?measure=anshan-2020&year=2025".into()).await;
    let on_2025: Vec<&str> = in_2025["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["on"].as_str().unwrap())
        .collect();
    assert!(
        on_2025.contains(&"2025-01-01") && on_2025.contains(&"2025-12-31"),
        "{on_2025:?}"
    );
    assert!(
        on_2025.iter().all(|d| d.starts_with("2025-")),
        "{on_2025:?}"
    );
    assert!(!on_2025.contains(&"2024-12-31"));

    let second = read("/api/v1/appraisals?measure=anshan-2020&per_page=1&page=2".into()).await;
    assert_eq!(second["total"], all["total"]);
    assert_eq!(second["items"].as_array().unwrap().len(), 1);
    assert_eq!(second["items"][0], items[1]);

    let r = d.get(&public, "/api/v1/appraisals?year=0").await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text());
    assert_eq!(r.json()["field"], "year");

    // The public page: the same results by measure and year, newest first, the grade in words.
    let r = d
        .get(&public, "/appraisals?measure=anshan-2020&year=2025")
        .await;
    assert_eq!(r.status, StatusCode::OK);
    let page = main_of(&r.text());
    assert!(
        page.contains(&format!("共 {} 条考核结果", on_2025.len())),
        "{page}"
    );
    let (late, early) = (
        page.find("2025-12-31").expect("the December appraisal"),
        page.find("2025-01-01").expect("the January appraisal"),
    );
    assert!(late < early, "newest first: {page}");
    assert!(!page.contains("2024-12-31"), "{page}");
    assert!(
        page.contains(&label) && page.contains(anshan.name.as_str()),
        "{page}"
    );
    assert!(
        page.contains(r#"<option value="anshan-2020" selected>"#),
        "{page}"
    );
    assert!(!page.contains("rel=\"next\""), "one page: {page}");
}
