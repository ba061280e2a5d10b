//! The authority's records of other bodies' decisions on the workbench space page, over the demo
//! data on SQLite and PostgreSQL: a listing on a blacklist revokes an Inner Mongolia space
//! (内蒙古 第二十条) and a recognition as an incubator takes one out of scope (第九条), each
//! audited with its article and shown with the glossary's status afterwards; refused forms keep
//! what was typed and name the field, with and without JavaScript; applicants, experts and
//! recommending units cannot record (403), another jurisdiction's authority finds no such space
//! (404); the evidence is served to whoever sees the space. The same through the API. Snapshots
//! of the page after each record (SQLite; dates redacted).

use axum::body::Body;
use axum::http::{Method, Request, StatusCode};
use testkit::{TestDb, both_backends};
use workflow::lifecycle::SpaceStatus;

use crate::helpers::{Reply, assert_audit_intact, json_in_session, main_of, send};
use crate::oversight::{Demo, redact_counts, redact_dates};

both_backends!(
    a_blacklisting_through_the_page_revokes_with_article_twenty,
    an_incubator_recognition_through_the_page_takes_the_space_out_of_scope,
    only_the_authority_of_the_jurisdiction_may_record,
    the_api_records_and_names_the_field_it_refuses,
);

const BOUNDARY: &str = "----RecordFormBoundary";
const PDF: &[u8] = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n";

/// A multipart body: `_csrf` first when given (the form without JavaScript), the text fields,
/// and a PDF as `file` when asked.
fn multipart(csrf: Option<&str>, pairs: &[(&str, &str)], file: bool) -> Vec<u8> {
    let mut body = Vec::new();
    let mut part = |name: &str, value: &str| {
        body.extend(
            format!(
                "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
            )
            .into_bytes(),
        );
    };
    if let Some(t) = csrf {
        part("_csrf", t);
    }
    for (k, v) in pairs {
        part(k, v);
    }
    if file {
        body.extend(
            format!(
                "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"通知书.pdf\"\r\nContent-Type: application/pdf\r\n\r\n"
            )
            .into_bytes(),
        );
        body.extend(PDF);
        body.extend(b"\r\n");
    }
    body.extend(format!("--{BOUNDARY}--\r\n").into_bytes());
    body
}

/// Posts a multipart form: as htmx does (token in the header) or, with `plain`, as a browser
/// without JavaScript (token as the first part).
async fn post_form(
    d: &Demo,
    who: &(String, String),
    path: &str,
    pairs: &[(&str, &str)],
    file: bool,
    plain: bool,
) -> Reply {
    let mut req = Request::builder()
        .method(Method::POST)
        .uri(path)
        .header("cookie", &who.0)
        .header(
            "content-type",
            format!("multipart/form-data; boundary={BOUNDARY}"),
        );
    let body = if plain {
        multipart(Some(&who.1), pairs, file)
    } else {
        req = req
            .header("x-csrf-token", &who.1)
            .header("hx-request", "true");
        multipart(None, pairs, file)
    };
    send(d.app.clone(), req.body(Body::from(body)).unwrap()).await
}

async fn last_audit(d: &Demo, space: i64) -> (String, String) {
    let trail = store::audit::trail(d.store.db(), "space", &space.to_string())
        .await
        .unwrap();
    let e = trail.last().unwrap();
    (e.action.clone(), e.reason.clone().unwrap_or_default())
}

async fn a_blacklisting_through_the_page_revokes_with_article_twenty(db: TestDb) {
    // 内蒙古 第二十条: …被列入经营异常名录、失信“黑名单”的众创空间，取消其众创空间资格.
    let d = Demo::new(db.open().await).await;
    let nmg = d.space("inner-mongolia").await;
    let who = d.sign_in("authority-inner-mongolia").await;
    let page = format!("/workbench/spaces/{}", nmg.id);
    let path = format!("{page}/blacklisting");
    let today = casework::dates::today();
    // The form lists the article's four cases, quoted.
    let form = d.get(&who, &page).await.text();
    assert!(form.contains("登记列入失信名单等情形"), "{form}");
    assert!(form.contains("value=\"abnormal-operations\""), "{form}");
    assert!(form.contains("第二十条"), "{form}");
    // No list and no deciding body: 422, each error beside its field, the facts typed kept.
    let r = post_form(
        &d,
        &who,
        &path,
        &[
            ("decided_on", &today.to_string()),
            ("reason", "未按时公示年度报告"),
        ],
        false,
        false,
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text());
    let t = r.text();
    assert!(t.contains("id=\"blacklisting-list-error\""), "{t}");
    assert!(t.contains("id=\"blacklisting-by-error\""), "{t}");
    assert!(t.contains(">未按时公示年度报告</textarea>"), "{t}");
    // A listing day after today, without JavaScript: the full page, the error beside the date.
    let tomorrow = today.tomorrow().unwrap().to_string();
    let r = post_form(
        &d,
        &who,
        &path,
        &[
            ("list", "abnormal-operations"),
            ("decided_on", &tomorrow),
            ("by", "呼和浩特市市场监督管理局"),
            ("reason", "未按时公示年度报告"),
        ],
        false,
        true,
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text());
    let t = r.text();
    assert!(t.contains("<html"), "a full page");
    assert!(t.contains("id=\"blacklisting-decided_on-error\""), "{t}");
    assert!(t.contains("晚于登记日期"), "{t}");
    assert!(t.contains("value=\"abnormal-operations\" checked"), "{t}");
    assert!(t.contains("value=\"呼和浩特市市场监督管理局\""), "{t}");
    assert_eq!(
        d.cw().space(nmg.id).await.unwrap().status,
        SpaceStatus::Active
    );
    // Recorded with its evidence, without JavaScript: 303 to the page; revoked at once.
    let r = post_form(
        &d,
        &who,
        &path,
        &[
            ("list", "abnormal-operations"),
            ("decided_on", &today.to_string()),
            ("by", "呼和浩特市市场监督管理局"),
            ("document", "呼市监异〔2026〕8号"),
            ("reason", "未按时公示年度报告，列入经营异常名录"),
        ],
        true,
        true,
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let s = d.cw().space(nmg.id).await.unwrap();
    assert_eq!(s.status, SpaceStatus::Revoked);
    let (action, reason) = last_audit(&d, nmg.id).await;
    assert_eq!(action, "revoke");
    assert!(reason.contains("第二十条"), "{reason}");
    assert!(reason.contains("呼市监异〔2026〕8号"), "{reason}");
    // The page: the glossary's status, the record with its evidence, no more forms.
    let t = d.get(&who, &page).await.text();
    assert!(t.contains("已取消资格"), "{t}");
    assert!(t.contains("列入经营异常名录"), "{t}");
    assert!(
        !t.contains("action=\"/workbench/spaces/"),
        "no forms on a revoked space"
    );
    let evidence = s.space.blacklisting.unwrap().evidence.unwrap();
    let link = format!("{page}/evidence/{evidence}");
    assert!(t.contains(&link), "{t}");
    // The evidence: to the authority and the recommending unit of the area; to no one else.
    for key in ["authority-inner-mongolia", "recommender-inner-mongolia"] {
        let r = d.get(&d.sign_in(key).await, &link).await;
        assert_eq!(r.status, StatusCode::OK, "{key}");
        assert_eq!(r.body, PDF);
    }
    let r = d.get(&d.sign_in("authority-xinjiang").await, &link).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    let r = d
        .get(&who, &format!("{page}/evidence/{}", evidence + 1000))
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert_audit_intact(&d.store).await;
}

async fn an_incubator_recognition_through_the_page_takes_the_space_out_of_scope(db: TestDb) {
    // 内蒙古 第九条: 已认定（备案）为科技企业孵化器…的众创空间，不再纳入自治区众创空间的管理体系.
    let d = Demo::new(db.open().await).await;
    let nmg = d.space("inner-mongolia").await;
    let who = d.sign_in("authority-inner-mongolia").await;
    let page = format!("/workbench/spaces/{}", nmg.id);
    let path = format!("{page}/scope-exit");
    let today = casework::dates::today().to_string();
    // No category: 422 beside the field, the deciding body typed kept.
    let r = post_form(
        &d,
        &who,
        &path,
        &[
            ("decided_on", &today),
            ("by", "内蒙古自治区科学技术厅"),
            ("reason", "认定为自治区级科技企业孵化器"),
        ],
        false,
        false,
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let t = r.text();
    assert!(t.contains("id=\"scope_exit-category-error\""), "{t}");
    assert!(t.contains("value=\"内蒙古自治区科学技术厅\""), "{t}");
    // Recorded (htmx): 204 with the page to go to.
    let r = post_form(
        &d,
        &who,
        &path,
        &[
            ("category", "incubator"),
            ("decided_on", &today),
            ("by", "内蒙古自治区科学技术厅"),
            ("reason", "认定为自治区级科技企业孵化器"),
        ],
        false,
        false,
    )
    .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.text());
    assert_eq!(
        d.cw().space(nmg.id).await.unwrap().status,
        SpaceStatus::Excluded
    );
    let (action, reason) = last_audit(&d, nmg.id).await;
    assert_eq!(action, "exclude");
    assert!(reason.contains("第九条"), "{reason}");
    let t = d.get(&who, &page).await.text();
    assert!(t.contains("已移出管理范围"), "{t}");
    assert!(t.contains("认定（备案）为科技企业孵化器"), "{t}");
    // The register's public status follows.
    let register = d.get(&who, "/register?status=excluded").await.text();
    assert!(register.contains(&nmg.name), "{register}");
    assert_audit_intact(&d.store).await;
}

async fn only_the_authority_of_the_jurisdiction_may_record(db: TestDb) {
    let d = Demo::new(db.open().await).await;
    let nmg = d.space("inner-mongolia").await;
    let sz = d.space("shuozhou").await;
    let pairs = [
        ("list", "abnormal-operations"),
        ("category", "incubator"),
        ("decided_on", "2020-01-01"),
        ("by", "某机关"),
        ("reason", "某事实"),
    ];
    for action in ["blacklisting", "scope-exit"] {
        let path = format!("/workbench/spaces/{}/{action}", nmg.id);
        for key in [
            "applicant-recognised-inner-mongolia",
            "expert-wang",
            "recommender-inner-mongolia",
        ] {
            let r = post_form(&d, &d.sign_in(key).await, &path, &pairs, false, false).await;
            assert_eq!(r.status, StatusCode::FORBIDDEN, "{key} {action}");
        }
        let r = post_form(
            &d,
            &d.sign_in("authority-xinjiang").await,
            &path,
            &pairs,
            false,
            false,
        )
        .await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{action}");
    }
    assert_eq!(
        d.cw().space(nmg.id).await.unwrap().status,
        SpaceStatus::Active
    );
    // 朔州 lists neither case: its page offers neither form, and a post is refused by name.
    let who = d.sign_in("authority-shuozhou").await;
    let t = d
        .get(&who, &format!("/workbench/spaces/{}", sz.id))
        .await
        .text();
    assert!(!t.contains("登记列入失信名单等情形"), "{t}");
    assert!(!t.contains("登记认定为其他载体"), "{t}");
    let r = post_form(
        &d,
        &who,
        &format!("/workbench/spaces/{}/blacklisting", sz.id),
        &pairs,
        false,
        false,
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().contains("未规定列入失信名单"), "{}", r.text());
    assert_eq!(
        d.cw().space(sz.id).await.unwrap().status,
        SpaceStatus::Active
    );
}

async fn api(d: &Demo, who: &(String, String), path: &str, body: serde_json::Value) -> Reply {
    json_in_session(d.app.clone(), who, Method::POST, path, body).await
}

async fn the_api_records_and_names_the_field_it_refuses(db: TestDb) {
    let d = Demo::new(db.open().await).await;
    let nmg = d.space("inner-mongolia").await;
    let path = format!("/api/v1/register/{}/blacklistings", nmg.id);
    let today = casework::dates::today().to_string();
    let body = |what: &str| {
        serde_json::json!({
            "what": what, "decided_on": today, "by": "内蒙古自治区信用办",
            "reason": "列入失信联合惩戒对象名单",
        })
    };
    let rec = d.sign_in("recommender-inner-mongolia").await;
    let r = api(&d, &rec, &path, body("dishonesty-blacklist")).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    // Another jurisdiction's authority acts on none of Inner Mongolia's spaces: neither this
    // record, nor an appraisal, nor a revocation (the case service refuses, whoever calls).
    let xinjiang = d.sign_in("authority-xinjiang").await;
    for (path, body) in [
        (path.clone(), body("dishonesty-blacklist")),
        (
            format!("/api/v1/register/{}/appraisals", nmg.id),
            serde_json::json!({ "input": {} }),
        ),
    ] {
        let r = api(&d, &xinjiang, &path, body).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{path}: {}", r.text());
        assert!(r.text().contains("辖区"), "{}", r.text());
    }
    assert_eq!(
        d.cw().space(nmg.id).await.unwrap().status,
        workflow::lifecycle::SpaceStatus::Active,
        "nothing changed"
    );
    // Nor does it read the case that recognised the space: hidden, as if absent.
    let case = nmg
        .case_id
        .expect("the demo space was recognised through a case");
    let r = d
        .get(&xinjiang, &format!("/api/v1/applications/{case}"))
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND, "{}", r.text());
    let r = d
        .get(
            &d.sign_in("authority-inner-mongolia").await,
            &format!("/api/v1/applications/{case}"),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let who = d.sign_in("authority-inner-mongolia").await;
    let r = api(&d, &who, &path, body("gossip")).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text());
    assert_eq!(r.json()["field"], "what", "{}", r.text());
    assert!(r.text().contains("dishonesty-blacklist"), "{}", r.text());
    let r = api(&d, &who, &path, body("dishonesty-blacklist")).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    let out = r.json();
    assert_eq!(out["status"], "revoked");
    assert_eq!(out["status_label"], "已取消资格");
    assert_eq!(out["cite"], "第二十条");
    // Already revoked: the scope exit is refused and names the status.
    let r = api(
        &d,
        &who,
        &format!("/api/v1/register/{}/scope-exits", nmg.id),
        body("incubator"),
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text());
    assert!(r.text().contains("已取消资格"), "{}", r.text());
    assert_audit_intact(&d.store).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn records_pages_snapshots() {
    let today = casework::dates::today().to_string();
    for (name, action, pairs) in [
        (
            "workbench_space_blacklisted",
            "blacklisting",
            [
                ("list", "major-accident"),
                ("decided_on", today.as_str()),
                ("by", "呼和浩特市应急管理局"),
                ("reason", "场地内发生火灾，造成重大财产损失"),
            ],
        ),
        (
            "workbench_space_incubator",
            "scope-exit",
            [
                ("category", "incubator"),
                ("decided_on", today.as_str()),
                ("by", "内蒙古自治区科学技术厅"),
                ("reason", "认定为自治区级科技企业孵化器"),
            ],
        ),
    ] {
        let db = TestDb::sqlite();
        let d = Demo::new(db.open().await).await;
        let nmg = d.space("inner-mongolia").await;
        let who = d.sign_in("authority-inner-mongolia").await;
        let path = format!("/workbench/spaces/{}", nmg.id);
        let r = post_form(&d, &who, &format!("{path}/{action}"), &pairs, false, false).await;
        assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.text());
        let r = d.get(&who, &path).await;
        assert_eq!(r.status, StatusCode::OK);
        let page = main_of(&r.text()).replace(&who.1, "[csrf]");
        insta::assert_snapshot!(name, redact_counts(&redact_dates(&page)));
    }
}
