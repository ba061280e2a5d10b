//! The public register page is searched and paged in the database: a register larger than a
//! page shows every space across its pages (none silently dropped), the count is of the whole
//! match, and the page links keep the search. On SQLite and PostgreSQL.

use axum::body::Body;
use axum::http::{Request, StatusCode};
use casework::Casework;
use casework::transfer::RegisterEntry;
use jiff::civil::date;
use store::Store;
use testkit::{TestDb, both_backends};
use workflow::lifecycle::SpaceStatus;

use crate::helpers::{library, send};

both_backends!(the_register_page_shows_every_space_across_its_pages);
both_backends!(a_kept_download_follows_the_register);

fn entry(n: u32) -> RegisterEntry {
    RegisterEntry {
        id: None,
        case_id: None,
        measure: "shuozhou-2016".into(),
        credit_code: store::credit_code::complete(&format!("91140600{n:08}")).unwrap(),
        org_name: format!("朔州市运营单位{n}"),
        // Every fifth space is a "创客工场": the search below finds exactly those.
        name: if n.is_multiple_of(5) {
            format!("创客工场{n:03}")
        } else {
            format!("众创空间{n:03}")
        },
        region: "140602".into(),
        recognised_on: date(2021, 6, 1),
        valid_until: Some(date(2024, 6, 1)),
        status: SpaceStatus::Active,
        document_number: None,
    }
}

async fn page(app: &axum::Router, path: &str) -> String {
    let r = send(app.clone(), Request::get(path).body(Body::empty()).unwrap()).await;
    assert_eq!(r.status, StatusCode::OK, "{path}");
    r.text()
}

/// The names of the spaces listed on a page.
fn names(html: &str) -> Vec<String> {
    html.split("<th scope=\"row\">")
        .skip(1)
        .filter_map(|s| s.split('<').next())
        .map(str::to_string)
        .collect()
}

async fn the_register_page_shows_every_space_across_its_pages(db: TestDb) {
    let store = Store::open(&db.config).await.unwrap();
    let cw = Casework::new(store.clone(), library());
    let entries: Vec<_> = (1..=120).map(entry).collect();
    cw.import(&store::Actor::system(), &entries).await.unwrap();
    let app = web::app_with_store(web::Config::default(), library(), Some(store));

    let mut seen = Vec::new();
    let mut pages = 0;
    let mut path = "/register".to_string();
    loop {
        let html = page(&app, &path).await;
        assert!(
            html.contains("共 120 个众创空间"),
            "the count is of the whole register"
        );
        pages += 1;
        seen.extend(names(&html));
        match html
            .split("rel=\"next\"")
            .next()
            .and_then(|h| h.rsplit("href=\"").next())
        {
            Some(href) if html.contains("rel=\"next\"") => {
                path = href.trim_end_matches("\" ").replace("&amp;", "&");
            }
            _ => break,
        }
    }
    assert!(pages > 1, "120 spaces take more than one page");
    seen.sort();
    seen.dedup();
    assert_eq!(seen.len(), 120, "every space is on exactly one page");

    // A page number far past the end is an empty page, not an error.
    let html = page(&app, "/register?page=18446744073709551615").await;
    assert!(html.contains("共 120 个众创空间"));
    assert!(names(&html).is_empty());

    let html = page(&app, "/register?q=%E5%88%9B%E5%AE%A2%E5%B7%A5%E5%9C%BA").await;
    assert!(
        html.contains("共 24 个众创空间"),
        "search counts in the database"
    );
    assert_eq!(names(&html).len(), 24);
    assert!(names(&html).iter().all(|n| n.starts_with("创客工场")));

    // The download takes the same search, whole (not one page), from the page's own link.
    let link = html
        .split("href=\"/register.csv")
        .nth(1)
        .and_then(|h| h.split('"').next())
        .unwrap()
        .replace("&amp;", "&");
    let r = send(
        app.clone(),
        Request::get(format!("/register.csv{link}"))
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.headers["content-type"], "text/csv; charset=utf-8");
    let disposition = r.headers["content-disposition"].to_str().unwrap();
    assert!(disposition.starts_with("attachment;"), "{disposition}");
    let name = disposition.split("filename*=UTF-8''").nth(1).unwrap();
    assert_eq!(
        percent_encoding::percent_decode_str(name)
            .decode_utf8()
            .unwrap(),
        "众创空间名录.csv"
    );
    let csv = r.text();
    let mut lines = csv.split("\r\n").filter(|l| !l.is_empty());
    assert_eq!(
        lines.next().unwrap(),
        "\u{feff}众创空间名称,办法,所在地,行政区划代码,认定（备案）日期,认定（备案）文号,有效期至,状态"
    );
    let rows: Vec<&str> = lines.collect();
    assert_eq!(rows.len(), 24, "every match, not a page");
    assert!(
        rows.iter().all(|r| r.starts_with("创客工场")
            && r.contains(
                ",朔州市众创空间认定和管理办法,山西省朔州市朔城区,140602,2021-06-01,,2024-06-01,"
            )),
        "{rows:?}"
    );
}

/// The rows of a CSV download, its header left out.
async fn csv_rows(app: &axum::Router, path: &str) -> Vec<String> {
    let r = send(app.clone(), Request::get(path).body(Body::empty()).unwrap()).await;
    assert_eq!(r.status, StatusCode::OK, "{path}");
    r.text()
        .split("\r\n")
        .skip(1)
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect()
}

/// A download by filters is kept until the register changes: a space recognised (here
/// imported) after a download is in the next one, and one revoked leaves the active list.
async fn a_kept_download_follows_the_register(db: TestDb) {
    let store = Store::open(&db.config).await.unwrap();
    let cw = Casework::new(store.clone(), library());
    let admin = store::Actor::system();
    cw.import(&admin, &(1..=3).map(entry).collect::<Vec<_>>())
        .await
        .unwrap();
    let app = web::app_with_store(web::Config::default(), library(), Some(store));

    assert_eq!(csv_rows(&app, "/register.csv").await.len(), 3);
    let active = "/register.csv?status=active";
    assert_eq!(csv_rows(&app, active).await.len(), 3);
    // Asked again with nothing changed: the same rows.
    assert_eq!(csv_rows(&app, "/register.csv").await.len(), 3);

    let mut revoked = entry(4);
    revoked.status = SpaceStatus::Revoked;
    cw.import(&admin, &[entry(5), revoked]).await.unwrap();
    let all = csv_rows(&app, "/register.csv").await;
    assert_eq!(all.len(), 5, "{all:?}");
    assert!(all.iter().any(|r| r.starts_with("创客工场005,")));
    let active = csv_rows(&app, active).await;
    assert_eq!(active.len(), 4, "{active:?}");
    assert!(!active.iter().any(|r| r.starts_with("众创空间004,")));
}
