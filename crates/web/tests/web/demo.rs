//! The demo (`makerspace serve --demo`): refused on a database that is not empty; over its data,
//! snapshots of a portal page and a workbench case page (dates, times, hashes redacted).

use axum::Router;
use axum::body::Body;
use axum::http::{Method, Request, StatusCode};
use store::{NewOrganisation, Store, StoreConfig};

use crate::helpers::{assert_audit_intact, between, library, main_of, redact, send};

fn cheap() -> web::config::PasswordHashing {
    web::config::PasswordHashing {
        memory_kib: 64,
        passes: 1,
        parallelism: 1,
    }
}

async fn open(dir: &tempfile::TempDir) -> Store {
    Store::open(&StoreConfig::new(dir.path().join("data")))
        .await
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_demo_refuses_a_database_that_is_not_empty() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(&dir).await;
    let tx = store.begin().await.unwrap();
    store::organisation::create(
        &tx,
        &store::Actor::new("test", "admin"),
        NewOrganisation {
            credit_code: store::credit_code::complete("9115010200000001").unwrap(),
            name: "已有单位".into(),
            region_code: Some("150102".into()),
        },
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    let err = web::demo::seed(&store, library(), cheap(), casework::dates::today())
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            web::demo::DemoError::NotEmpty {
                organisations: 1,
                ..
            }
        ),
        "{err}"
    );
    assert!(err.to_string().contains("空数据库"), "{err}");
    // Nothing was added.
    let (o, a, c) = web::demo::counts(&store).await.unwrap();
    assert_eq!((o, a, c), (1, 0, 0));
}

/// Replaces dates, clock times, years and hashes.
fn redact_page(text: &str) -> String {
    let text = redact(text);
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let digits = |i: usize, n: usize| {
        (i..i + n).all(|k| chars.get(k).is_some_and(char::is_ascii_digit))
            && (i == 0 || !chars[i - 1].is_ascii_digit())
            && !chars.get(i + n).is_some_and(char::is_ascii_digit)
    };
    let mut i = 0;
    while i < chars.len() {
        // 2025-06-16
        if i + 10 <= chars.len()
            && (i..i + 4).all(|k| chars[k].is_ascii_digit())
            && chars[i + 4] == '-'
            && chars[i + 5].is_ascii_digit()
            && chars[i + 6].is_ascii_digit()
            && chars[i + 7] == '-'
            && digits(i + 8, 2)
            && (i == 0 || !chars[i - 1].is_ascii_digit())
        {
            out.push_str("[date]");
            i += 10;
        } else if digits(i, 2) && chars.get(i + 2) == Some(&':') && digits(i + 3, 2) {
            out.push_str("[time]");
            i += 5;
        } else if digits(i, 4) && chars[i] == '2' && chars[i + 1] == '0' {
            out.push_str("[year]");
            i += 4;
        } else {
            out.push(chars[i]);
            i += 1;
        }
    }
    // Days waited depend on the day the demo was built relative to its staggered dates only;
    // keep them.
    out
}

async fn sign_in(app: &Router, login: &str, password: &str) -> String {
    let body = format!("login={login}&password={password}&next=/account");
    let r = send(
        app.clone(),
        Request::builder()
            .method(Method::POST)
            .uri("/login")
            .header("content-type", "application/x-www-form-urlencoded")
            .body(Body::from(body))
            .unwrap(),
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    r.headers
        .get("set-cookie")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .unwrap()
        .to_string()
}

async fn get(app: &Router, cookie: &str, path: &str) -> (StatusCode, String) {
    let r = send(
        app.clone(),
        Request::builder()
            .uri(path)
            .header("cookie", cookie)
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    (r.status, r.text())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn demo_pages_snapshots() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(&dir).await;
    let report = web::demo::seed(&store, library(), cheap(), casework::dates::today())
        .await
        .unwrap();
    assert_eq!(report.cases.len(), 12);
    let pw = |key: &str| {
        let a = report.accounts.iter().find(|a| a.key == key).unwrap();
        (a.login.clone(), a.password.clone())
    };
    let mut config = web::Config::default();
    config.auth.password_hashing = cheap();
    let app = web::app_with_store(config, library(), Some(store.clone()));

    // The applicant of the recognised Inner Mongolia space: its portal.
    let (login, password) = pw("applicant-recognised-inner-mongolia");
    let cookie = sign_in(&app, &login, &password).await;
    let (status, page) = get(&app, &cookie, "/portal").await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("青城创客空间运营管理有限公司"));
    insta::assert_snapshot!("demo_portal", redact_page(&main_of(&page)));
    // Another organisation's case is hidden, on a page in Chinese, not the API's JSON.
    let other = report.cases["expert-review"];
    let (status, page) = get(&app, &cookie, &format!("/portal/cases/{other}")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(page.contains("<h1>未找到</h1>"), "{page}");
    assert!(page.contains(&format!("案件 {other} 不存在")), "{page}");
    // The workbench is not the applicant's: a page that says so, with the applicant's own
    // work in its navigation and as the way on.
    let (status, page) = get(&app, &cookie, "/workbench").await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(page.contains("<h1>无权访问</h1>"), "{page}");
    assert!(page.contains("您的账号无权进行此操作"), "{page}");
    assert!(main_of(&page).contains("href=\"/portal\""), "{page}");
    // htmx keeps the JSON, whose message app.js shows in the page.
    let r = send(
        app.clone(),
        Request::builder()
            .uri("/workbench")
            .header("cookie", &cookie)
            .header("hx-request", "true")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert_eq!(r.headers["content-type"], "application/json");
    // Signed out, a form's post is refused with a page that offers to sign in again.
    let r = send(
        app.clone(),
        Request::builder()
            .method(Method::POST)
            .uri("/portal/check")
            .header("host", "makerspace.example")
            .header(
                "referer",
                "http://makerspace.example/portal/apply?measure=x",
            )
            .header("content-type", "application/x-www-form-urlencoded")
            .body(Body::from("as_of=2024-06-30"))
            .unwrap(),
    )
    .await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    assert!(
        r.headers["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/html")
    );
    assert!(
        r.text()
            .contains("href=\"/login?next=%2Fportal%2Fapply%3Fmeasure%3Dx\""),
        "back to the form's page after signing in: {}",
        r.text()
    );

    // An expert may declare a relation with an organisation that has applied, not with one
    // that has only a draft (敕勒川) or no case at all (和林格尔).
    let (login, password) = pw("expert-li");
    let cookie = sign_in(&app, &login, &password).await;
    let (status, page) = get(&app, &cookie, "/expert").await;
    assert_eq!(status, StatusCode::OK);
    let options = between(&page, "name=\"org\"", "</select>");
    assert!(
        options.contains("青城创客空间运营管理有限公司"),
        "{options}"
    );
    assert!(!options.contains("敕勒川"), "{options}");
    assert!(!options.contains("和林格尔"), "{options}");

    // The Xinjiang authority: the case in public notice with an objection.
    let (login, password) = pw("authority-xinjiang");
    let cookie = sign_in(&app, &login, &password).await;
    let id = report.cases["notice-objection"];
    let (status, page) = get(&app, &cookie, &format!("/workbench/cases/{id}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("第 1 号"), "the objection is listed");
    assert!(page.contains("记录处理结论"), "with its ruling form");
    insta::assert_snapshot!("demo_workbench_case", redact_page(&main_of(&page)));
    // A finding of fraud names an applicant of the area, never a bureau.
    let (status, page) = get(&app, &cookie, "/workbench/sanctions").await;
    assert_eq!(status, StatusCode::OK);
    let options = between(&page, "id=\"fraud-org\"", "</select>");
    assert!(
        options.contains("天山创新工场运营管理有限公司"),
        "{options}"
    );
    assert!(!options.contains("科学技术厅"), "{options}");
    assert!(!options.contains("科技局"), "{options}");
    // The chain of the demo is intact.
    assert_audit_intact(&store).await;
}
