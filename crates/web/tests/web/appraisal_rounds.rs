//! Appraisal rounds and appraisal materials through the pages and the API (内蒙古 第十九条（四）
//! “不按规定时间和要求提供考核资料的或提供虚假考核资料的单位，视为不合格。”), on SQLite and
//! PostgreSQL over the demo data: the authority opens a round (an applicant cannot); the space's
//! own applicant hands in text and a file from the portal (another organisation cannot); the
//! authority finds the hand-in false; the appraisal recorded for the round reads
//! `materials_on_time` from that record and says so with the article. Snapshots of the two new
//! pages (SQLite; dates redacted).

use axum::body::Body;
use axum::http::{Method, Request, StatusCode};
use jiff::ToSpan;
use testkit::{TestDb, both_backends};

use crate::helpers::{Reply, assert_audit_intact, json_in_session, main_of, send};
use crate::oversight::{Demo, redact_counts, redact_dates};

both_backends!(
    a_round_from_opening_to_the_appraisal_through_the_pages,
    the_api_opens_rounds_and_takes_hand_ins_by_role,
);

const BOUNDARY: &str = "----AppraisalMaterialsBoundary";

/// A multipart body as the portal's form sends it with htmx: `text`, then a PDF as `file`.
fn hand_in_body(text: &str) -> Vec<u8> {
    let mut body =
        format!("--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"text\"\r\n\r\n{text}\r\n")
            .into_bytes();
    body.extend(
        format!(
            "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"运营数据.pdf\"\r\nContent-Type: application/pdf\r\n\r\n"
        )
        .into_bytes(),
    );
    body.extend(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n\r\n");
    body.extend(format!("--{BOUNDARY}--\r\n").into_bytes());
    body
}

async fn hand_in(d: &Demo, who: &(String, String), path: &str, text: &str) -> Reply {
    send(
        d.app.clone(),
        Request::builder()
            .method(Method::POST)
            .uri(path)
            .header("cookie", &who.0)
            .header("x-csrf-token", &who.1)
            .header("hx-request", "true")
            .header(
                "content-type",
                format!("multipart/form-data; boundary={BOUNDARY}"),
            )
            .body(Body::from(hand_in_body(text)))
            .unwrap(),
    )
    .await
}

async fn api(
    d: &Demo,
    who: &(String, String),
    method: Method,
    path: &str,
    body: serde_json::Value,
) -> Reply {
    json_in_session(d.app.clone(), who, method, path, body).await
}

/// The page's main part with the session's token and the dates redacted.
fn stable(r: &Reply, who: &(String, String)) -> String {
    redact_counts(&redact_dates(&main_of(&r.text()).replace(&who.1, "[csrf]")))
}

async fn a_round_from_opening_to_the_appraisal_through_the_pages(db: TestDb) {
    let d = Demo::new(db.open().await).await;
    let nmg = d.space("inner-mongolia").await;
    let today = casework::dates::today();
    let deadline = today.checked_add(30.days()).unwrap().to_string();
    let authority = d.sign_in("authority-inner-mongolia").await;
    let owner = d.sign_in("applicant-recognised-inner-mongolia").await;
    let stranger = d.sign_in("applicant-recognised-xinjiang").await;

    // An applicant cannot open a round, nor see the workbench's list.
    let r = d
        .post(
            &owner,
            "/workbench/appraisal-rounds",
            &[
                ("measure", "inner-mongolia-2020"),
                ("period", "2025"),
                ("deadline", &deadline),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert_eq!(
        d.get(&owner, "/workbench/appraisal-rounds").await.status,
        StatusCode::FORBIDDEN
    );
    // A bad date comes back beside its field with what was typed; nothing opened.
    let r = d
        .post(
            &authority,
            "/workbench/appraisal-rounds",
            &[
                ("measure", "inner-mongolia-2020"),
                ("period", "2025"),
                ("deadline", "2025-02-30"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text());
    assert!(r.text().contains("不是有效日期"), "{}", r.text());
    assert!(r.text().contains("2025-02-30"));
    assert!(d.cw().appraisal_rounds(None).await.unwrap().is_empty());
    let r = d
        .post(
            &authority,
            "/workbench/appraisal-rounds",
            &[
                ("measure", "inner-mongolia-2020"),
                ("period", "2025"),
                ("deadline", &deadline),
                ("note", "请报送年度运营数据及佐证材料"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.text());
    let round = d.cw().appraisal_rounds(None).await.unwrap()[0].clone();
    assert_eq!(
        r.headers.get("hx-redirect").unwrap(),
        &format!("/workbench/appraisal-rounds/{}", round.id)
    );

    // The space page lists the round with its deadline; the portal page has the form.
    let page = d
        .get(&owner, &format!("/portal/spaces/{}", nmg.id))
        .await
        .text();
    assert!(page.contains("考核资料报送"), "{page}");
    assert!(page.contains(&round.due.to_string()));
    let portal = format!("/portal/spaces/{}/appraisal-materials", nmg.id);
    let r = d.get(&owner, &portal).await;
    assert_eq!(r.status, StatusCode::OK);
    // Days left to the last day (30 on, or later where the 30th falls on a rest day).
    let left = today.until(round.due).unwrap().get_days();
    assert!(left >= 30);
    assert!(
        r.text().contains(&format!("还剩 {left} 天")),
        "{}",
        r.text()
    );
    assert!(r.text().contains("第十九条（四）"));

    // Another organisation cannot hand in for this space (as if absent), nor see the page.
    let post = format!("{portal}/{}", round.id);
    assert_eq!(
        hand_in(&d, &stranger, &post, "冒名报送").await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        d.get(&stranger, &portal).await.status,
        StatusCode::NOT_FOUND
    );
    // An empty text is refused, changing nothing.
    let r = hand_in(&d, &owner, &post, "   ").await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().contains("不能为空"), "{}", r.text());
    assert!(d.cw().handin_of(round.id, nmg.id).await.unwrap().is_none());
    let r = hand_in(&d, &owner, &post, "2025年度运营情况").await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    assert!(r.text().contains("考核资料已报送"), "{}", r.text());
    let h = d.cw().handin_of(round.id, nmg.id).await.unwrap().unwrap();
    assert_eq!(h.files.len(), 1);
    assert_eq!(h.files[0].name, "运营数据.pdf");

    // The authority sees who handed in, and finds it false; a missing reason comes back.
    let round_page = format!("/workbench/appraisal-rounds/{}", round.id);
    let r = d.get(&authority, &round_page).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.text().contains("已按时报送"), "{}", r.text());
    let mark = format!("{round_page}/hand-ins/{}/false", h.id);
    let r = d.post(&owner, &mark, &[("reason", "自认")]).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let r = d.post(&authority, &mark, &[("reason", "")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().contains("须写明理由"), "{}", r.text());
    let r = d
        .post(
            &authority,
            &mark,
            &[("reason", "入驻企业名单与工商登记不符")],
        )
        .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.text());
    let r = d.get(&authority, &round_page).await;
    assert!(r.text().contains("认定虚假"), "{}", r.text());

    // The appraisal for the round: the form does not ask materials_on_time; the record says
    // the materials were found false, so 视为不合格 with the article.
    let run = format!("/workbench/spaces/{}/appraisal", nmg.id);
    let form = d
        .get(&authority, &format!("{run}?round={}", round.id))
        .await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(!form.text().contains("name=\"materials_on_time\""));
    assert!(form.text().contains("被认定为虚假"), "{}", form.text());
    let r = d
        .post(
            &authority,
            &run,
            &[
                ("intent", "record"),
                ("on", &today.to_string()),
                ("round", &round.id.to_string()),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.text());
    let a = d.cw().appraisals_of(nmg.id).await.unwrap();
    let last = a.last().unwrap();
    assert_eq!(last.grade, "unqualified");
    let space_page = d
        .get(&authority, &format!("/workbench/spaces/{}", nmg.id))
        .await
        .text();
    assert!(
        space_page.contains(&format!("考核批次 {}", round.id)),
        "{space_page}"
    );
    assert_audit_intact(&d.store).await;
}

async fn the_api_opens_rounds_and_takes_hand_ins_by_role(db: TestDb) {
    let d = Demo::new(db.open().await).await;
    let nmg = d.space("inner-mongolia").await;
    let deadline = casework::dates::today()
        .checked_add(10.days())
        .unwrap()
        .to_string();
    let authority = d.sign_in("authority-inner-mongolia").await;
    let owner = d.sign_in("applicant-recognised-inner-mongolia").await;
    let stranger = d.sign_in("applicant-recognised-xinjiang").await;
    let body = serde_json::json!({
        "measure": "inner-mongolia-2020", "period": "2025", "deadline": deadline,
    });
    let r = api(
        &d,
        &owner,
        Method::POST,
        "/api/v1/appraisal-rounds",
        body.clone(),
    )
    .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    // 新疆's measure is not the Inner Mongolia authority's to act on…
    let xinjiang =
        serde_json::json!({ "measure": "xinjiang-2019", "period": "2025", "deadline": deadline });
    let r = api(
        &d,
        &authority,
        Method::POST,
        "/api/v1/appraisal-rounds",
        xinjiang.clone(),
    )
    .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.text());
    // …and has no appraisal materials: its own authority is refused naming the field.
    let xinjiang_authority = d.sign_in("authority-xinjiang").await;
    let r = api(
        &d,
        &xinjiang_authority,
        Method::POST,
        "/api/v1/appraisal-rounds",
        xinjiang,
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(r.json()["field"], "measure");
    let r = api(
        &d,
        &authority,
        Method::POST,
        "/api/v1/appraisal-rounds",
        body,
    )
    .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    let id = r.json()["id"].as_i64().unwrap();
    let hand = format!("/api/v1/appraisal-rounds/{id}/hand-ins");
    let r = api(
        &d,
        &stranger,
        Method::POST,
        &hand,
        serde_json::json!({ "space_id": nmg.id, "text": "冒名" }),
    )
    .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let r = api(
        &d,
        &owner,
        Method::POST,
        &hand,
        serde_json::json!({ "space_id": nmg.id, "text": "资料" }),
    )
    .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    let r = api(
        &d,
        &owner,
        Method::POST,
        &hand,
        serde_json::json!({ "space_id": nmg.id, "text": "再报" }),
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let r = d
        .get(&authority, &format!("/api/v1/appraisal-rounds/{id}"))
        .await;
    assert_eq!(r.status, StatusCode::OK);
    let spaces = r.json()["spaces"].as_array().unwrap().clone();
    let row = spaces
        .iter()
        .find(|s| s["space_id"] == nmg.id)
        .expect("listed");
    assert_eq!(row["state"], "on_time");
    assert_audit_intact(&d.store).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn appraisal_round_pages_snapshots() {
    let db = TestDb::sqlite();
    let d = Demo::new(db.open().await).await;
    let nmg = d.space("inner-mongolia").await;
    let authority = d.sign_in("authority-inner-mongolia").await;
    let owner = d.sign_in("applicant-recognised-inner-mongolia").await;
    // A working day, so that the page shows no rest-day shift whatever day the test runs.
    let calendar = &crate::helpers::library().calendar;
    let mut day = casework::dates::today().checked_add(20.days()).unwrap();
    while calendar.deadline(day).unwrap_or(day) != day {
        day = day.checked_add(1.day()).unwrap();
    }
    let deadline = day.to_string();
    let r = d
        .post(
            &authority,
            "/workbench/appraisal-rounds",
            &[
                ("measure", "inner-mongolia-2020"),
                ("period", "2025"),
                ("deadline", &deadline),
                ("note", "请报送年度运营数据及佐证材料"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.text());
    let round = d.cw().appraisal_rounds(None).await.unwrap()[0].clone();
    for (name, who, path) in [
        (
            "portal_appraisal_materials",
            &owner,
            format!("/portal/spaces/{}/appraisal-materials", nmg.id),
        ),
        (
            "workbench_appraisal_rounds",
            &authority,
            "/workbench/appraisal-rounds".to_string(),
        ),
        (
            "workbench_appraisal_round",
            &authority,
            format!("/workbench/appraisal-rounds/{}", round.id),
        ),
    ] {
        let r = d.get(who, &path).await;
        assert_eq!(r.status, StatusCode::OK, "{path}");
        insta::assert_snapshot!(name, stable(&r, who));
    }
}
