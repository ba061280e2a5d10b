//! The case endpoints over HTTP, on SQLite and PostgreSQL: a whole case from self-check to the
//! register driven only through the API (Anshan: county recommendation, review, inspection,
//! expert assignment and scoring, public notice with an objection and its ruling, decision); an
//! access matrix (each role reading or changing a case it must not reach gets 403/404 and
//! changes nothing); stale versions; bad input. Dates come from the store's clock, set by the
//! test.

use std::sync::Arc;
use std::sync::atomic::{AtomicI64, AtomicU32, Ordering};

use axum::Router;
use axum::body::Body;
use axum::http::{Method, Request, StatusCode};
use jiff::civil::{Date, date};
use serde_json::{Value, json};
use store::{AccountRole, NewOrganisation, Store};
use testkit::web::{PASSWORD, account_with_password, admin, cheap_hashing};
use testkit::{TestDb, both_backends};

use crate::helpers::{Reply, api_sign_in, enc, example_profile, library, send};

mod dossier;
mod portal;

const MEASURE: &str = "anshan-2020";
const REGION: &str = "210302";

both_backends!(
    a_whole_case_through_the_api_only,
    access_matrix_hides_or_refuses_and_changes_nothing,
    stale_versions_are_409_with_the_current_version,
    bad_input_is_precise_and_changes_nothing,
    application_pdf_for_those_who_may_see_the_case,
    an_authority_without_an_area_works_every_measure_from_its_workbench,
    a_case_submitted_under_an_earlier_encoding_says_so,
    the_inspection_form_takes_measured_values_and_shows_the_check_on_them,
    the_workbench_shows_the_longest_waiting_and_pages_a_stage,
);

/// Who sends a request.
#[derive(Clone)]
enum Who {
    /// No credentials.
    Public,
    /// An API token.
    Token(String),
    /// A browser session: the cookie and the CSRF token.
    Session(String, String),
}

/// The app over a store whose clock the test sets.
struct Env {
    store: Store,
    app: Router,
    clock: Arc<AtomicI64>,
    next: AtomicU32,
}

impl Env {
    async fn new(db: &TestDb) -> Self {
        Self::with(db, |_| {}).await
    }

    async fn with(db: &TestDb, tweak: impl FnOnce(&mut web::Config)) -> Self {
        let clock = Arc::new(AtomicI64::new(0));
        let c = clock.clone();
        let store = Store::open(&db.config)
            .await
            .unwrap()
            .with_clock(Arc::new(move || {
                jiff::Timestamp::from_second(c.load(Ordering::SeqCst)).unwrap()
            }));
        let mut config = web::Config::default();
        config.auth.password_hashing = cheap_hashing();
        tweak(&mut config);
        let app = web::app_with_store(config, library(), Some(store.clone()));
        let env = Self {
            store,
            app,
            clock,
            next: AtomicU32::new(1),
        };
        env.set_date(date(2024, 1, 10));
        env
    }

    /// Sets the clock to noon of `d` in China.
    fn set_date(&self, d: Date) {
        let t = d
            .at(12, 0, 0, 0)
            .to_zoned(jiff::tz::TimeZone::fixed(jiff::tz::offset(8)))
            .unwrap()
            .timestamp();
        self.clock.store(t.as_second(), Ordering::SeqCst);
    }

    /// An organisation in `region`.
    async fn org(&self, region: &str) -> i64 {
        let n = self.next.fetch_add(1, Ordering::Relaxed);
        let tx = self.store.begin().await.unwrap();
        let o = store::organisation::create(
            &tx,
            &store::Actor::new("test", "admin"),
            NewOrganisation {
                credit_code: store::credit_code::complete(&format!("91210300{n:08}")).unwrap(),
                name: format!("鞍山第{n}众创空间运营有限公司"),
                region_code: Some(region.into()),
            },
        )
        .await
        .unwrap();
        tx.commit().await.unwrap();
        o.id
    }

    /// An account with a password (login `login`) and an API token; policy role ids granted
    /// through the case service.
    async fn account(
        &self,
        login: &str,
        role: AccountRole,
        org: Option<i64>,
        region: Option<&str>,
        policy_role: Option<&str>,
    ) -> (i64, Who) {
        let tx = self.store.begin().await.unwrap();
        let actor = admin();
        let a =
            account_with_password(&tx, &actor, login, role, region.map(str::to_string), org).await;
        let token = format!("token-{login}-{}", a.id);
        store::api_token::create(&tx, &actor, a.id, "测试", &store::api_token::hash(&token))
            .await
            .unwrap();
        tx.commit().await.unwrap();
        if let Some(r) = policy_role {
            casework::Casework::new(self.store.clone(), library())
                .grant_policy_role(&actor, a.id, None, r)
                .await
                .unwrap();
        }
        (a.id, Who::Token(token))
    }

    /// Signs in with the password: a cookie session with its CSRF token.
    async fn session(&self, login: &str) -> Who {
        let (cookie, csrf) = api_sign_in(&self.app, login, PASSWORD).await;
        Who::Session(cookie, csrf)
    }

    async fn send(
        &self,
        method: Method,
        path: &str,
        who: &Who,
        headers: &[(&str, &str)],
        body: Option<Body>,
    ) -> Reply {
        let mut b = Request::builder().method(method).uri(path);
        match who {
            Who::Public => {}
            Who::Token(t) => b = b.header("authorization", format!("Bearer {t}")),
            Who::Session(c, csrf) => b = b.header("cookie", c).header("x-csrf-token", csrf),
        }
        for (k, v) in headers {
            b = b.header(*k, *v);
        }
        send(
            self.app.clone(),
            b.body(body.unwrap_or_else(Body::empty)).unwrap(),
        )
        .await
    }

    async fn get(&self, path: &str, who: &Who) -> Reply {
        self.send(Method::GET, path, who, &[], None).await
    }

    async fn json(&self, method: Method, path: &str, who: &Who, body: Value) -> Reply {
        self.send(
            method,
            path,
            who,
            &[("content-type", "application/json")],
            Some(body.to_string().into()),
        )
        .await
    }

    async fn post(&self, path: &str, who: &Who, body: Value) -> Reply {
        self.json(Method::POST, path, who, body).await
    }

    /// Takes an action at the case's current version (as `who` reads it, or the authority).
    async fn act(&self, id: i64, who: &Who, version: i64, mut action: Value) -> Reply {
        action["version"] = json!(version);
        self.post(&format!("/api/v1/applications/{id}/actions"), who, action)
            .await
    }

    /// The number of audit entries and the chain's last hash (checking it is intact).
    async fn chain(&self) -> (u64, String) {
        let r = store::audit::verify(self.store.db()).await.unwrap();
        assert!(r.is_intact(), "{:?}", r.first_break);
        (r.entries, r.last_hash)
    }
}

fn ok(r: &Reply, status: StatusCode) -> Value {
    assert_eq!(r.status, status, "{}", r.text());
    r.json()
}

fn profile() -> Value {
    let mut p = example_profile();
    p["policy"] = json!(MEASURE);
    p["operator"]["region"] = json!(REGION);
    p
}

/// The materials a measure lists (Anshan lists none; Inner Mongolia eight).
fn materials_of(measure: &str) -> Vec<String> {
    library()
        .get(measure)
        .unwrap()
        .measure
        .material
        .iter()
        .map(|m| m.id.clone())
        .collect()
}

fn pdf(tag: &str) -> Vec<u8> {
    format!("%PDF-1.4\n{tag}\n%%EOF").into_bytes()
}

/// The cast of a case: the authority, the county bureau of its area, an expert, an
/// administrator, an applicant (signed in by password) and its organisation.
struct Cast {
    authority: Who,
    county: Who,
    expert_id: i64,
    expert: Who,
    admin: Who,
    org: i64,
    applicant: Who,
}

async fn cast(env: &Env) -> Cast {
    let (_, authority) = env
        .account("authority", AccountRole::Authority, None, None, None)
        .await;
    let (_, county) = env
        .account(
            "county",
            AccountRole::RecommendingUnit,
            None,
            Some(REGION),
            Some("county-bureau"),
        )
        .await;
    let (expert_id, expert) = env
        .account("expert", AccountRole::Expert, None, None, None)
        .await;
    let (_, admin) = env
        .account("admin", AccountRole::Admin, None, None, None)
        .await;
    let org = env.org(REGION).await;
    env.account("applicant", AccountRole::Applicant, Some(org), None, None)
        .await;
    let applicant = env.session("applicant").await;
    Cast {
        authority,
        county,
        expert_id,
        expert,
        admin,
        org,
        applicant,
    }
}

/// The authority opens the call `anshan-2024` (open 2024-01-02 to 2024-06-28).
async fn open_call_2024(env: &Env, c: &Cast) {
    ok(
        &env.post(
            "/api/v1/calls",
            &c.authority,
            json!({ "id": "anshan-2024", "measure": MEASURE, "title": "2024年鞍山市众创空间备案申报通知", "year": 2024, "opens_on": "2024-01-02", "deadline": "2024-06-28" }),
        )
        .await,
        StatusCode::CREATED,
    );
}

/// Opens the 2024 call, creates a draft with every material and submits it on 2024-03-01:
/// (case id, version).
async fn submitted(env: &Env, c: &Cast) -> (i64, i64) {
    env.set_date(date(2024, 1, 10));
    let calls = env
        .get(&format!("/api/v1/calls?measure={MEASURE}"), &Who::Public)
        .await;
    if !ok(&calls, StatusCode::OK)
        .as_array()
        .unwrap()
        .iter()
        .any(|x| x["id"] == "anshan-2024")
    {
        open_call_2024(env, c).await;
    }
    let draft = env
        .post(
            "/api/v1/applications",
            &c.applicant,
            json!({ "measure": MEASURE, "profile": profile(), "call": "anshan-2024" }),
        )
        .await;
    assert_eq!(draft.headers["etag"], "\"1\"");
    let draft = ok(&draft, StatusCode::CREATED);
    let id = draft["id"].as_i64().unwrap();
    assert_eq!(draft["state"], "draft");
    let mut version = draft["version"].as_i64().unwrap();
    for (i, m) in materials_of(MEASURE).iter().enumerate() {
        let path = format!("/api/v1/applications/{id}/materials/{m}");
        let r = if i % 2 == 0 {
            env.send(
                Method::POST,
                &path,
                &c.applicant,
                &[
                    ("content-type", "application/octet-stream"),
                    ("x-filename", &format!("{m}.pdf")),
                ],
                Some(pdf(m).into()),
            )
            .await
        } else {
            let boundary = "XyZzY0123";
            let mut body = format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{m}.pdf\"\r\nContent-Type: application/pdf\r\n\r\n"
            )
            .into_bytes();
            body.extend(pdf(m));
            body.extend(format!("\r\n--{boundary}--\r\n").into_bytes());
            env.send(
                Method::POST,
                &path,
                &c.applicant,
                &[(
                    "content-type",
                    &format!("multipart/form-data; boundary={boundary}"),
                )],
                Some(body.into()),
            )
            .await
        };
        let up = ok(&r, StatusCode::CREATED);
        assert_eq!(up["media_type"], "application/pdf");
        assert_eq!(up["material"], *m);
        version = up["version"].as_i64().unwrap();
    }
    env.set_date(date(2024, 3, 1));
    let sub = ok(
        &env.act(id, &c.applicant, version, json!({ "action": "submit" }))
            .await,
        StatusCode::OK,
    );
    assert_eq!(sub["state"], "at_stage");
    assert_eq!(sub["stage"], "preliminary-review");
    (id, sub["version"].as_i64().unwrap())
}

/// At the site-inspection stage (鞍山 第六条第3项): completing it without a record is refused
/// naming the record; a visit dated after today is refused naming its field; the applicant may
/// not record one; the authority's record is kept on the case. The version after it.
async fn inspect(env: &Env, c: &Cast, id: i64, v: i64) -> i64 {
    let chain = env.chain().await;
    let r = env
        .act(
            id,
            &c.authority,
            v,
            json!({ "action": "complete", "note": "同意" }),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text());
    assert_eq!(r.json()["field"], "inspection");
    let path = format!("/api/v1/applications/{id}/inspections");
    let visit = |day: &str| {
        json!({ "visited_on": day, "inspectors": ["张明", "李华"], "consistent": true,
                "note": "场地面积、工位数与申报一致", "version": v })
    };
    let r = env.post(&path, &c.authority, visit("2024-03-02")).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text());
    assert_eq!(r.json()["field"], "visited_on");
    let r = env.post(&path, &c.applicant, visit("2024-03-01")).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.text());
    // A fact no visit can verify (the operator's name) is refused on its own field.
    let mut named = visit("2024-03-01");
    named["measured"] = json!({ "operator.name": "另一家公司", "premises.total_area_m2": 1 });
    let r = env.post(&path, &c.authority, named).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text());
    assert_eq!(r.json()["field"], "measured.operator.name", "{}", r.text());
    assert_eq!(env.chain().await, chain, "refusals change nothing");
    // The area measured on the visit, kept beside the declared one, and the case checked again.
    let mut measured = visit("2024-03-01");
    measured["measured"] = json!({ "premises.total_area_m2": 720.5 });
    let r = ok(
        &env.post(&path, &c.authority, measured).await,
        StatusCode::OK,
    );
    let record = &r["case"]["inspections"][0];
    assert_eq!(record["inspectors"], json!(["张明", "李华"]));
    let m = &record["measurements"][0];
    assert_eq!(m["fact"], "premises.total_area_m2");
    assert_eq!(m["declared"], profile()["premises"]["total_area_m2"]);
    assert_eq!(m["found"], json!(720.5));
    assert_eq!(m["differs"], json!(true));
    assert!(record["recheck"]["verdict"].is_string(), "{record}");
    r["version"].as_i64().unwrap()
}

/// `who` completes the case's stage (version `v`), which moves it to stage `next`: the version.
async fn complete_to(env: &Env, who: &Who, id: i64, v: i64, next: &str) -> i64 {
    let r = ok(
        &env.act(id, who, v, json!({ "action": "complete", "note": "同意" }))
            .await,
        StatusCode::OK,
    );
    assert_eq!(r["stage"], next);
    r["version"].as_i64().unwrap()
}

/// Drives a submitted case to its expert-review stage with `expert` assigned: the version.
async fn to_expert_review(env: &Env, c: &Cast, id: i64, mut v: i64) -> i64 {
    let steps = [
        (&c.county, "re-review"),
        (&c.authority, "site-inspection"),
        (&c.authority, "expert-review"),
    ];
    for (who, next) in steps {
        if next == "expert-review" {
            v = inspect(env, c, id, v).await;
        }
        v = complete_to(env, who, id, v, next).await;
    }
    let r = ok(
        &env.post(
            &format!("/api/v1/applications/{id}/experts"),
            &c.authority,
            json!({ "expert": c.expert_id, "version": v }),
        )
        .await,
        StatusCode::OK,
    );
    r["version"].as_i64().unwrap()
}

async fn a_whole_case_through_the_api_only(db: TestDb) {
    let env = Env::new(&db).await;
    let c = cast(&env).await;
    // The self-check, no account.
    let check = ok(
        &env.post("/api/v1/eligibility/check", &Who::Public, profile())
            .await,
        StatusCode::OK,
    );
    assert_eq!(check["receipt"]["policy_id"], MEASURE);
    let (id, v) = submitted(&env, &c).await;
    let v = to_expert_review(&env, &c, id, v).await;
    // The expert sees the case among its own and scores it.
    let mine = ok(
        &env.get("/api/v1/applications", &c.expert).await,
        StatusCode::OK,
    );
    assert_eq!(mine["total"], 1);
    assert_eq!(mine["items"][0]["id"], id);
    assert_eq!(mine["items"][0]["applicant_region"], REGION);
    assert_eq!(
        mine["items"][0]["applicant_region_name"],
        "辽宁省鞍山市铁东区"
    );
    let scored = ok(
        &env.post(
            &format!("/api/v1/applications/{id}/scores"),
            &c.expert,
            json!({ "score": 86, "opinion": "场地与服务条件具备", "version": v }),
        )
        .await,
        StatusCode::OK,
    );
    assert_eq!(scored["case"]["experts"][0]["score"], 86);
    let v = scored["version"].as_i64().unwrap();
    let r = ok(
        &env.act(
            id,
            &c.authority,
            v,
            json!({ "action": "complete", "note": "专家评审通过" }),
        )
        .await,
        StatusCode::OK,
    );
    assert_eq!(r["stage"], "public-notice");
    // The notice, published for seven days.
    env.set_date(date(2024, 3, 4));
    let r = ok(
        &env.act(
            id,
            &c.authority,
            r["version"].as_i64().unwrap(),
            json!({ "action": "publish_notice", "period": { "days": 7 } }),
        )
        .await,
        StatusCode::OK,
    );
    let ends_on: Date = r["case"]["notice"]["ends_on"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    let notices = ok(
        &env.get("/api/v1/notices", &Who::Public).await,
        StatusCode::OK,
    );
    assert_eq!(notices.as_array().unwrap().len(), 1, "{notices}");
    assert_eq!(notices[0]["case_id"], id);
    assert!(
        notices[0]["applicant"]
            .as_str()
            .unwrap()
            .contains("众创空间")
    );
    // An objection from the public, no account.
    let obj = ok(
        &env.post(
            &format!("/api/v1/applications/{id}/objections"),
            &Who::Public,
            json!({ "target": { "kind": "criterion", "condition": "5.2-area" }, "text": "场地面积与实际不符", "contact": "13800000000" }),
        )
        .await,
        StatusCode::CREATED,
    );
    assert_eq!(obj["number"], 1);
    // The contact is kept for the authority only.
    let seen = ok(
        &env.get(&format!("/api/v1/applications/{id}"), &c.applicant)
            .await,
        StatusCode::OK,
    );
    assert!(
        seen["application"]["case"]["objections"][0]
            .get("contact")
            .is_none()
    );
    let seen = ok(
        &env.get(&format!("/api/v1/applications/{id}"), &c.authority)
            .await,
        StatusCode::OK,
    );
    assert_eq!(
        seen["application"]["case"]["objections"][0]["contact"],
        "13800000000"
    );
    let v = seen["application"]["version"].as_i64().unwrap();
    // The decision waits on the open objection, and on the end of the period.
    env.set_date(ends_on.checked_add(jiff::ToSpan::days(1)).unwrap());
    let r = ok(
        &env.post(
            &format!("/api/v1/applications/{id}/objections/1/ruling"),
            &c.authority,
            json!({ "upheld": false, "reason": "经现场核查，面积属实", "version": v }),
        )
        .await,
        StatusCode::OK,
    );
    let mut v = r["version"].as_i64().unwrap();
    for next in ["director-meeting", "decision"] {
        let r = ok(
            &env.act(
                id,
                &c.authority,
                v,
                json!({ "action": "complete", "note": "同意" }),
            )
            .await,
            StatusCode::OK,
        );
        assert_eq!(r["stage"], next);
        v = r["version"].as_i64().unwrap();
    }
    let r = ok(
        &env.act(
            id,
            &c.authority,
            v,
            json!({ "action": "decide", "recognised": true, "document_number": "鞍科发〔2024〕8号" }),
        )
        .await,
        StatusCode::OK,
    );
    assert_eq!(r["state"], "recognised");
    // The public register shows it.
    let reg = ok(
        &env.get(
            &format!("/api/v1/register?measure={MEASURE}&status=active&q=众创空间"),
            &Who::Public,
        )
        .await,
        StatusCode::OK,
    );
    assert_eq!(reg["total"], 1, "{reg}");
    let entry = &reg["items"][0];
    assert_eq!(entry["org_id"], c.org);
    assert_eq!(entry["document_number"], "鞍科发〔2024〕8号");
    assert_eq!(entry["region"], REGION);
    assert_eq!(entry["region_name"], "辽宁省鞍山市铁东区");
    let space = entry["id"].as_i64().unwrap();
    let one = ok(
        &env.get(&format!("/api/v1/register/{space}"), &Who::Public)
            .await,
        StatusCode::OK,
    );
    assert_eq!(one["entry"]["status"], "active");
    assert_eq!(one["entry"]["region_name"], "辽宁省鞍山市铁东区");
    // The applicant sees the whole history and the eligibility report of its profile.
    let detail = ok(
        &env.get(&format!("/api/v1/applications/{id}"), &c.applicant)
            .await,
        StatusCode::OK,
    );
    let actions: Vec<&str> = detail["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    for a in [
        "create",
        "submit",
        "assign_expert",
        "score",
        "publish_notice",
        "object",
        "rule_objection",
        "decide",
    ] {
        assert!(actions.contains(&a), "{a} missing from {actions:?}");
    }
    assert_eq!(detail["eligibility"]["receipt"]["policy_id"], MEASURE);
    assert_eq!(detail["eligibility"]["schema"], "makerspace.eligibility/1");
    // Life after: the operator reports a change (鞍山 第八条); another organisation may not;
    // an annual report, which 鞍山 does not ask for, is refused and kept nowhere.
    let changed = ends_on.checked_add(jiff::ToSpan::days(1)).unwrap();
    ok(
        &env.post(
            &format!("/api/v1/register/{space}/changes"),
            &c.applicant,
            json!({ "what": "运营主体名称变更", "occurred_on": changed.to_string() }),
        )
        .await,
        StatusCode::CREATED,
    );
    let other_org = env.org(REGION).await;
    let (_, other) = env
        .account("other", AccountRole::Applicant, Some(other_org), None, None)
        .await;
    let r = env
        .post(
            &format!("/api/v1/register/{space}/changes"),
            &other,
            json!({ "what": "场地变更", "occurred_on": changed.to_string() }),
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.text());
    let r = env
        .post(
            &format!("/api/v1/register/{space}/annual-reports"),
            &c.applicant,
            json!({ "year": 2024, "report": { "summary": "全年开展活动 30 场" } }),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text());
    let body: serde_json::Value = serde_json::from_str(&r.text()).unwrap();
    assert_eq!(body["code"], "filing_not_asked");
    assert!(
        body["message"]
            .as_str()
            .unwrap()
            .contains("未规定众创空间报送年度工作报告")
    );
    let dossier = ok(
        &env.get(&format!("/api/v1/register/{space}/dossier"), &c.applicant)
            .await,
        StatusCode::OK,
    );
    let filings = &dossier["filings"];
    assert_eq!(filings.as_array().map(Vec::len), Some(1), "{dossier}");
    assert_eq!(filings[0]["kind"], "change_report");
    // The trail for the authority; not for the applicant. The tick for the administrator.
    let trail = ok(
        &env.get(&format!("/api/v1/audit/case/{id}"), &c.authority)
            .await,
        StatusCode::OK,
    );
    assert!(trail.as_array().unwrap().len() >= 10);
    assert_eq!(
        env.get(&format!("/api/v1/audit/case/{id}"), &c.applicant)
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    ok(
        &env.send(Method::POST, "/api/v1/tick", &c.admin, &[], None)
            .await,
        StatusCode::OK,
    );
    assert_eq!(
        env.send(Method::POST, "/api/v1/tick", &c.authority, &[], None)
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    env.chain().await;
}

async fn access_matrix_hides_or_refuses_and_changes_nothing(db: TestDb) {
    let env = Env::new(&db).await;
    let c = cast(&env).await;
    let (id, v) = submitted(&env, &c).await;
    let v = to_expert_review(&env, &c, id, v).await;
    // A second expert, assigned, then declaring a relation with the applicant.
    let (conflicted_id, conflicted) = env
        .account("conflicted", AccountRole::Expert, None, None, None)
        .await;
    let r = ok(
        &env.post(
            &format!("/api/v1/applications/{id}/experts"),
            &c.authority,
            json!({ "expert": conflicted_id, "version": v }),
        )
        .await,
        StatusCode::OK,
    );
    let v = r["version"].as_i64().unwrap();
    ok(
        &env.post(
            "/api/v1/experts/conflicts",
            &conflicted,
            json!({ "org": c.org, "kind": "shareholding", "from": "2023-01-01", "note": "持有申报单位股份" }),
        )
        .await,
        StatusCode::CREATED,
    );
    // An expert may not declare for another.
    let r = env
        .post(
            "/api/v1/experts/conflicts",
            &conflicted,
            json!({ "expert": c.expert_id, "org": c.org, "kind": "family", "from": "2023-01-01", "note": "x" }),
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let other_org = env.org(REGION).await;
    let (_, other_applicant) = env
        .account(
            "other-applicant",
            AccountRole::Applicant,
            Some(other_org),
            None,
            None,
        )
        .await;
    let (_, far_county) = env
        .account(
            "far-county",
            AccountRole::RecommendingUnit,
            None,
            Some("210400"),
            Some("county-bureau"),
        )
        .await;
    let (_, idle_expert) = env
        .account("idle-expert", AccountRole::Expert, None, None, None)
        .await;
    // An expert employed by the applicant, assigned by mistake is refused at assignment.
    let (own_expert_id, _) = env
        .account("own-expert", AccountRole::Expert, Some(c.org), None, None)
        .await;
    // The authority of another jurisdiction (Xinjiang's bureau): neither the measure's nor the
    // applicant's area.
    let (_, far_authority) = env
        .account(
            "far-authority",
            AccountRole::Authority,
            None,
            Some("650000"),
            None,
        )
        .await;
    let before = ok(
        &env.get(&format!("/api/v1/applications/{id}"), &c.authority)
            .await,
        StatusCode::OK,
    );
    let chain = env.chain().await;
    let _ = own_expert_id;
    // The case's audit trail: for its authority, the recommending unit of its area (as its
    // workbench shows it) and an administrator; not for the authority of another jurisdiction,
    // a unit of another area or the applicant; an account's trail for the administrator only.
    let trail = format!("/api/v1/audit/case/{id}");
    for (who, cred, status) in [
        ("authority", &c.authority, StatusCode::OK),
        ("administrator", &c.admin, StatusCode::OK),
        ("recommending unit of the area", &c.county, StatusCode::OK),
        (
            "authority of another jurisdiction",
            &far_authority,
            StatusCode::FORBIDDEN,
        ),
        (
            "recommending unit of another area",
            &far_county,
            StatusCode::FORBIDDEN,
        ),
        ("applicant", &c.applicant, StatusCode::FORBIDDEN),
    ] {
        assert_eq!(env.get(&trail, cred).await.status, status, "{who}");
    }
    assert_eq!(
        env.get("/api/v1/audit/account/1", &c.authority)
            .await
            .status,
        StatusCode::FORBIDDEN
    );

    let outsiders: [(&str, &Who); 7] = [
        ("authority of another jurisdiction", &far_authority),
        ("applicant of another organisation", &other_applicant),
        ("recommending unit of another area", &far_county),
        ("expert not assigned", &idle_expert),
        ("expert with a conflict", &conflicted),
        ("administrator", &c.admin),
        ("public", &Who::Public),
    ];
    for (who, cred) in outsiders {
        let hidden_or = |r: &Reply, allowed: &[StatusCode]| {
            assert!(
                allowed.contains(&r.status),
                "{who}: {} {}",
                r.status,
                r.text()
            );
            if r.status == StatusCode::NOT_FOUND {
                assert_eq!(r.json()["message"], format!("案件 {id} 不存在"), "{who}");
            }
        };
        let none = if matches!(cred, Who::Public) {
            StatusCode::UNAUTHORIZED
        } else {
            StatusCode::NOT_FOUND
        };
        // The authority's own actions (assigning experts, ruling on objections): refused for
        // the role, or, for an authority of another jurisdiction, hidden like the case itself.
        let authority_only = if who == "authority of another jurisdiction" {
            &[StatusCode::NOT_FOUND][..]
        } else {
            &[StatusCode::UNAUTHORIZED, StatusCode::FORBIDDEN][..]
        };
        hidden_or(
            &env.get(&format!("/api/v1/applications/{id}"), cred).await,
            &[none],
        );
        hidden_or(
            &env.json(
                Method::PATCH,
                &format!("/api/v1/applications/{id}"),
                cred,
                json!({ "version": v, "routing_facts": {} }),
            )
            .await,
            &[none],
        );
        hidden_or(
            &env.act(id, cred, v, json!({ "action": "complete", "note": "越权" }))
                .await,
            &[none],
        );
        hidden_or(
            &env.post(
                &format!("/api/v1/applications/{id}/scores"),
                cred,
                json!({ "score": 10, "opinion": "x", "version": v }),
            )
            .await,
            &[none, StatusCode::FORBIDDEN],
        );
        hidden_or(
            &env.post(
                &format!("/api/v1/applications/{id}/experts"),
                cred,
                json!({ "expert": c.expert_id, "version": v }),
            )
            .await,
            authority_only,
        );
        hidden_or(
            &env.post(
                &format!("/api/v1/applications/{id}/objections/1/ruling"),
                cred,
                json!({ "upheld": true, "reason": "x", "version": v }),
            )
            .await,
            authority_only,
        );
        hidden_or(
            &env.send(
                Method::POST,
                &format!("/api/v1/applications/{id}/materials/application-form"),
                cred,
                &[("x-filename", "x.pdf")],
                Some(pdf("x").into()),
            )
            .await,
            &[none],
        );
        let list = env.get("/api/v1/applications", cred).await;
        if list.status == StatusCode::OK {
            assert!(
                !list.json()["items"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|l| l["id"] == id),
                "{who} lists the case"
            );
        } else {
            assert!(
                matches!(
                    list.status,
                    StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN
                ),
                "{who}"
            );
        }
    }
    // Those who may see it but not do this: 403 with the reason, nothing changed.
    let r = env
        .act(
            id,
            &c.applicant,
            v,
            json!({ "action": "complete", "note": "自己通过" }),
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.text());
    let r = env
        .post(
            &format!("/api/v1/applications/{id}/experts"),
            &c.county,
            json!({ "expert": c.expert_id, "version": v }),
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let r = env
        .json(
            Method::PATCH,
            &format!("/api/v1/applications/{id}"),
            &c.applicant,
            json!({ "version": v, "routing_facts": {} }),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text());
    assert_eq!(r.json()["code"], "not_editable");
    // An expert employed by the applicant is refused with the reason.
    let r = env
        .post(
            &format!("/api/v1/applications/{id}/experts"),
            &c.authority,
            json!({ "expert": own_expert_id, "version": v }),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text());
    assert_eq!(r.json()["code"], "conflict_of_interest");
    assert_eq!(r.json()["field"], "expert");
    let after = ok(
        &env.get(&format!("/api/v1/applications/{id}"), &c.authority)
            .await,
        StatusCode::OK,
    );
    assert_eq!(after["application"], before["application"]);
    assert_eq!(env.chain().await, chain);
}

async fn stale_versions_are_409_with_the_current_version(db: TestDb) {
    let env = Env::new(&db).await;
    let c = cast(&env).await;
    let draft = ok(
        &env.post(
            "/api/v1/applications",
            &c.applicant,
            json!({ "measure": MEASURE, "profile": profile() }),
        )
        .await,
        StatusCode::CREATED,
    );
    let id = draft["id"].as_i64().unwrap();
    let path = format!("/api/v1/applications/{id}");
    // One clerk changes it at version 1 (If-Match) …
    let r = env
        .send(
            Method::PATCH,
            &path,
            &c.applicant,
            &[("content-type", "application/json"), ("if-match", "\"1\"")],
            Some(json!({ "call": "anshan-2024-none" }).to_string().into()),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text());
    assert_eq!(r.json()["field"], "call");
    let r = env
        .send(
            Method::PATCH,
            &path,
            &c.applicant,
            &[("content-type", "application/json"), ("if-match", "\"1\"")],
            Some(
                json!({ "routing_facts": { "premises.in_college": false } })
                    .to_string()
                    .into(),
            ),
        )
        .await;
    let moved = ok(&r, StatusCode::OK);
    assert_eq!(moved["version"], 2);
    let chain = env.chain().await;
    // … another still holds version 1.
    for r in [
        env.send(
            Method::PATCH,
            &path,
            &c.applicant,
            &[
                ("content-type", "application/json"),
                ("if-match", "W/\"1\""),
            ],
            Some(json!({ "routing_facts": {} }).to_string().into()),
        )
        .await,
        env.json(
            Method::PATCH,
            &path,
            &c.applicant,
            json!({ "version": 1, "call": null }),
        )
        .await,
        env.act(id, &c.applicant, 1, json!({ "action": "withdraw" }))
            .await,
    ] {
        assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.text());
        let b = r.json();
        assert_eq!(b["code"], "conflict");
        assert_eq!(b["current_version"], 2);
        assert_eq!(r.headers["etag"], "\"2\"");
        assert!(b["message"].as_str().unwrap().contains("当前版本为 2"));
    }
    // No version at all is a field error.
    let r = env
        .json(
            Method::PATCH,
            &path,
            &c.applicant,
            json!({ "routing_facts": {} }),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(r.json()["field"], "version");
    let now = ok(&env.get(&path, &c.applicant).await, StatusCode::OK);
    assert_eq!(now["application"], moved);
    assert_eq!(env.chain().await, chain);
}

async fn bad_input_is_precise_and_changes_nothing(db: TestDb) {
    let env = Env::with(&db, |c| c.limits.upload_bytes = 4096).await;
    let c = cast(&env).await;
    let draft = ok(
        &env.post(
            "/api/v1/applications",
            &c.applicant,
            json!({ "measure": MEASURE, "profile": profile() }),
        )
        .await,
        StatusCode::CREATED,
    );
    let id = draft["id"].as_i64().unwrap();
    // A draft under a measure that lists materials: one upload as a raw body, one multipart.
    let im = ok(
        &env.post(
            "/api/v1/applications",
            &c.applicant,
            json!({ "measure": "inner-mongolia-2020", "profile": profile() }),
        )
        .await,
        StatusCode::CREATED,
    );
    let im = im["id"].as_i64().unwrap();
    let m = materials_of("inner-mongolia-2020")[0].clone();
    let path = format!("/api/v1/applications/{im}/materials/{m}");
    let up = ok(
        &env.send(
            Method::POST,
            &path,
            &c.applicant,
            &[
                ("content-type", "application/pdf"),
                ("x-filename", "申请表.pdf"),
            ],
            Some(pdf("raw").into()),
        )
        .await,
        StatusCode::CREATED,
    );
    assert_eq!(up["media_type"], "application/pdf");
    assert_eq!(up["filename"], "申请表.pdf");
    assert_eq!(up["version"], 2);
    let boundary = "XyZzY0123";
    let mut body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"scan.pdf\"\r\nContent-Type: application/pdf\r\n\r\n"
    )
    .into_bytes();
    body.extend(pdf("multipart"));
    body.extend(format!("\r\n--{boundary}--\r\n").into_bytes());
    let up = ok(
        &env.send(
            Method::POST,
            &path,
            &c.applicant,
            &[(
                "content-type",
                &format!("multipart/form-data; boundary={boundary}"),
            )],
            Some(body.into()),
        )
        .await,
        StatusCode::CREATED,
    );
    assert_eq!(up["filename"], "scan.pdf");
    assert_eq!(up["version"], 3);
    let chain = env.chain().await;
    let raw = |body: &'static str| {
        env.send(
            Method::POST,
            "/api/v1/applications",
            &c.applicant,
            &[("content-type", "application/json")],
            Some(body.into()),
        )
    };
    let r = raw(r#"{"measure": "anshan-2020", "profile": {"#).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert_eq!(r.json()["code"], "invalid_json");
    let r = raw(r#"{"measure": 5, "profile": {}}"#).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(r.json()["field"], "measure");
    let r = raw(r#"{"measure": "anshan-2020", "profile": {}, "org": 99}"#).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.json()["message"].as_str().unwrap().contains("org"),
        "{}",
        r.text()
    );
    let r = env
        .post(
            "/api/v1/applications",
            &c.applicant,
            json!({ "measure": "nowhere-2020", "profile": profile() }),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(r.json()["field"], "measure");
    let mut bad = profile();
    bad["premises"]["total_area_m2"] = json!("很大");
    let r = env
        .post(
            "/api/v1/applications",
            &c.applicant,
            json!({ "measure": MEASURE, "profile": bad }),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        r.json()["field"],
        "profile.premises.total_area_m2",
        "{}",
        r.text()
    );
    let huge = format!(
        r#"{{"measure": "{}", "profile": {{}}}}"#,
        "x".repeat(400 * 1024)
    );
    let r = env
        .send(
            Method::POST,
            "/api/v1/applications",
            &c.applicant,
            &[("content-type", "application/json")],
            Some(huge.into()),
        )
        .await;
    assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(r.json()["code"], "payload_too_large");
    let r = env
        .send(
            Method::POST,
            "/api/v1/applications",
            &c.applicant,
            &[("content-type", "text/plain")],
            Some("{}".into()),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    // Actions: unknown action, unknown field, wrong type.
    for (body, field) in [
        (json!({ "action": "approve", "version": 1 }), "action"),
        (
            json!({ "action": "submit", "version": 1, "force": true }),
            "force",
        ),
        (
            json!({ "action": "complete", "version": 1, "note": 7 }),
            "note",
        ),
        (json!({ "action": "submit", "version": "one" }), "version"),
    ] {
        let r = env
            .post(
                &format!("/api/v1/applications/{id}/actions"),
                &c.applicant,
                body,
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text());
        assert_eq!(r.json()["field"], field, "{}", r.text());
    }
    // Submitting without the other materials (and no call): refused, 422 with the field.
    let r = env
        .act(im, &c.applicant, 3, json!({ "action": "submit" }))
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text());
    assert_eq!(r.json()["code"], "workflow_refused");
    assert!(
        matches!(r.json()["field"].as_str(), Some("materials" | "call")),
        "{}",
        r.text()
    );
    // Uploads: over the limit, disguised, unknown material, no filename.
    let mut big = pdf("big");
    big.extend(vec![b' '; 8192]);
    let r = env
        .send(
            Method::POST,
            &path,
            &c.applicant,
            &[("x-filename", "big.pdf")],
            Some(big.into()),
        )
        .await;
    assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE, "{}", r.text());
    let r = env
        .send(
            Method::POST,
            &path,
            &c.applicant,
            &[("x-filename", "申报书.pdf")],
            Some(b"\x89PNG\r\n\x1a\n0000000000000000".to_vec().into()),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text());
    assert_eq!(r.json()["field"], "file");
    assert!(
        r.json()["message"].as_str().unwrap().contains("不符"),
        "{}",
        r.text()
    );
    let r = env
        .send(
            Method::POST,
            &format!("/api/v1/applications/{im}/materials/no-such-material"),
            &c.applicant,
            &[("x-filename", "a.pdf")],
            Some(pdf("a").into()),
        )
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND, "{}", r.text());
    let r = env
        .send(
            Method::POST,
            &path,
            &c.applicant,
            &[],
            Some(pdf("a").into()),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(r.json()["field"], "file");
    // Lists: bad sort.
    let r = env
        .get("/api/v1/applications?sort=secret", &c.applicant)
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(r.json()["field"], "sort");
    let r = env.get("/api/v1/register?status=gone", &Who::Public).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(r.json()["field"], "status");
    // Lists: a measure that is not loaded is refused, naming the field and the ids there are,
    // rather than answered with an empty list that would read as "no cases under it".
    for (path, who) in [
        ("/api/v1/applications?measure=no-such-2099", &c.applicant),
        ("/api/v1/applications?measure=no-such-2099", &c.authority),
        ("/api/v1/register?measure=no-such-2099", &Who::Public),
        ("/api/v1/appraisals?measure=no-such-2099", &Who::Public),
        ("/api/v1/notices?measure=no-such-2099", &Who::Public),
        (
            "/api/v1/appraisal-rounds?measure=no-such-2099",
            &c.authority,
        ),
        ("/api/v1/calls?measure=no-such-2099", &Who::Public),
    ] {
        let r = env.get(path, who).await;
        assert_eq!(
            r.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{path}: {}",
            r.text()
        );
        assert_eq!(r.json()["field"], "measure", "{path}");
        let message = r.json()["errors"][0]["message"]
            .as_str()
            .unwrap_or("")
            .to_string();
        assert!(message.contains("no-such-2099"), "{path}: {message}");
    }
    // A state or a stage no case can be at: refused on its field, naming the choices.
    for (path, field) in [
        ("/api/v1/applications?state=approved", "state"),
        ("/api/v1/applications?stage=no-such-stage", "stage"),
        // A stage of another measure's procedure only.
        (
            "/api/v1/applications?measure=anshan-2020&stage=credit-review",
            "stage",
        ),
    ] {
        let r = env.get(path, &c.authority).await;
        assert_eq!(
            r.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{path}: {}",
            r.text()
        );
        assert_eq!(r.json()["field"], field, "{path}");
    }
    let r = env
        .get(
            "/api/v1/applications?state=at_stage&stage=site-inspection",
            &c.authority,
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    // A loaded measure with no case under it is an empty list, not an error.
    let r = env
        .get("/api/v1/register?measure=shuozhou-2016", &Who::Public)
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    // Nothing changed.
    let now = ok(
        &env.get(&format!("/api/v1/applications/{id}"), &c.applicant)
            .await,
        StatusCode::OK,
    );
    assert_eq!(now["application"]["version"], 1);
    let list = ok(
        &env.get("/api/v1/applications", &c.applicant).await,
        StatusCode::OK,
    );
    assert_eq!(list["total"], 2);
    let im_now = ok(
        &env.get(&format!("/api/v1/applications/{im}"), &c.applicant)
            .await,
        StatusCode::OK,
    );
    assert_eq!(im_now["application"]["version"], 3);
    assert_eq!(env.chain().await, chain);
}

/// The application form (申报书) PDF: the applicant gets its own case's as `application/pdf`
/// from the API and the portal, the authority from the API, the county bureau from its
/// workbench; another
/// organisation's applicant and an expert not assigned get a 404, as for the case itself.
async fn application_pdf_for_those_who_may_see_the_case(db: TestDb) {
    let env = Env::new(&db).await;
    let c = cast(&env).await;
    let (id, _) = submitted(&env, &c).await;
    let is_pdf = |r: &Reply| {
        assert_eq!(
            r.status,
            StatusCode::OK,
            "{}",
            String::from_utf8_lossy(&r.body)
        );
        assert_eq!(r.headers["content-type"], "application/pdf");
        assert!(r.body.starts_with(b"%PDF-"), "not a PDF");
    };
    let api = format!("/api/v1/applications/{id}/application.pdf");
    is_pdf(&env.get(&api, &c.applicant).await);
    is_pdf(
        &env.get(&format!("/portal/cases/{id}/application.pdf"), &c.applicant)
            .await,
    );
    is_pdf(&env.get(&api, &c.authority).await);
    // The county bureau of the applicant's area, from its workbench.
    let county = env.session("county").await;
    is_pdf(
        &env.get(&format!("/workbench/cases/{id}/application.pdf"), &county)
            .await,
    );

    let other_org = env.org(REGION).await;
    env.account("other", AccountRole::Applicant, Some(other_org), None, None)
        .await;
    let other = env.session("other").await;
    for path in [api.clone(), format!("/portal/cases/{id}/application.pdf")] {
        let r = env.get(&path, &other).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{path}: {}", r.text());
        assert!(!r.body.starts_with(b"%PDF"));
    }
    let r = env.get(&api, &c.expert).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND, "{}", r.text());
    let r = env.get(&api, &Who::Public).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED, "{}", r.text());
    // An applicant may not use the reviewers' route, even for its own case.
    let r = env
        .get(
            &format!("/workbench/cases/{id}/application.pdf"),
            &c.applicant,
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.text());
}

/// An authority account without an area (a system-wide one, `user add --role authority`
/// without `--region`) covers every measure (`authority_covers`): it may open any case, and
/// its workbench lists the cases waiting at each stage, as it lists them for an authority with
/// an area its jurisdiction's.
async fn an_authority_without_an_area_works_every_measure_from_its_workbench(db: TestDb) {
    let env = Env::new(&db).await;
    let c = cast(&env).await;
    let (id, _) = submitted(&env, &c).await;
    let authority = env.session("authority").await;
    let r = env.get("/workbench", &authority).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    assert!(
        r.text()
            .contains(&format!("href=\"/workbench/cases/{id}\"")),
        "the workbench lists case {id}"
    );
    let r = env.get(&format!("/workbench/cases/{id}"), &authority).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
}

/// A case keeps the fingerprint of the measure's encoding it was submitted under; once the
/// encoding is revised, its page says that the check shown is the current encoding's, with both
/// fingerprints. A case submitted under the encoding in force says nothing.
async fn a_case_submitted_under_an_earlier_encoding_says_so(db: TestDb) {
    use store::sea_orm::sea_query::Expr;
    use store::sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

    let env = Env::new(&db).await;
    let c = cast(&env).await;
    let (id, _) = submitted(&env, &c).await;
    let authority = env.session("authority").await;
    let page = env
        .get(&format!("/workbench/cases/{id}"), &authority)
        .await
        .text();
    assert!(!page.contains("此后已修订"), "{page}");

    // The case as stored under an earlier encoding: its fingerprint, in its row and its record.
    let earlier = "ab".repeat(32);
    let row = store::entity::case::Entity::find_by_id(id)
        .one(env.store.db())
        .await
        .unwrap()
        .unwrap();
    let record = row.case_json.replace(&row.policy_hash, &earlier);
    assert_ne!(record, row.case_json);
    store::entity::case::Entity::update_many()
        .col_expr(
            store::entity::case::Column::PolicyHash,
            Expr::value(earlier.clone()),
        )
        .col_expr(store::entity::case::Column::CaseJson, Expr::value(record))
        .filter(store::entity::case::Column::Id.eq(id))
        .exec(env.store.db())
        .await
        .unwrap();
    let page = env
        .get(&format!("/workbench/cases/{id}"), &authority)
        .await
        .text();
    let now = library().get(MEASURE).unwrap().hash.short().to_string();
    let notice = crate::helpers::between(&page, "本案提交时", "</p>");
    assert!(notice.contains(&earlier[..12]), "{notice}");
    assert!(notice.contains(&now), "{notice}");
    assert!(notice.contains("按现行编码计算"), "{notice}");
}

/// The workbench's inspection form (鞍山 第六条第3项, the site inspection): each measurable fact
/// the measure reads, with its declared value; a value that is no number comes back beside its
/// input, as typed, and nothing is recorded; a number is kept beside the declared value and the
/// record shows the case checked again on it. A set of facilities is offered as its choices, the
/// declared ones ticked: checked on the visit with none ticked, 第五条第2项 (公共服务场地和设施)
/// is found not met on it. The page's today is the store's, as the API's: the visit date
/// defaults to it, and a visit after it is refused on the page as over the API.
async fn the_inspection_form_takes_measured_values_and_shows_the_check_on_them(db: TestDb) {
    let env = Env::new(&db).await;
    let c = cast(&env).await;
    let (id, mut v) = submitted(&env, &c).await;
    for (who, next) in [(&c.county, "re-review"), (&c.authority, "site-inspection")] {
        v = complete_to(&env, who, id, v, next).await;
    }
    let authority = env.session("authority").await;
    let page = env.get(&format!("/workbench/cases/{id}"), &authority).await;
    assert_eq!(page.status, StatusCode::OK);
    let declared = format!("{}㎡", profile()["premises"]["total_area_m2"]);
    let text = page.text();
    assert!(
        text.contains(r#"name="measured.premises.total_area_m2""#) && text.contains(&declared),
        "{text}"
    );
    // The declared facilities ticked, the set not yet checked.
    assert!(
        text.contains(r#"name="measured.premises.public_facilities:internet" value="on" checked"#),
        "{text}"
    );
    // Not a fact one measures on a visit: the operator's name is not offered.
    assert!(!text.contains(r#"name="measured.operator.name""#));
    // The store's day (2024-03-01, set by `submitted`), not the machine's.
    assert!(
        text.contains(r#"name="visited_on" type="date" value="2024-03-01" max="2024-03-01""#),
        "{text}"
    );
    let post = |day: &str, area: &str, facilities: &str| {
        let body = [
            ("measured.premises.public_facilities", facilities),
            ("visited_on", day),
            ("inspectors", "张明、李华"),
            ("consistent", "false"),
            ("note", "实测面积少于申报"),
            ("version", &v.to_string()),
            ("measured.premises.total_area_m2", area),
        ]
        .iter()
        .map(|(k, v)| format!("{}={}", enc(k), enc(v)))
        .collect::<Vec<_>>()
        .join("&");
        let env = &env;
        let authority = authority.clone();
        async move {
            env.send(
                Method::POST,
                &format!("/workbench/cases/{id}/inspections"),
                &authority,
                &[("content-type", "application/x-www-form-urlencoded")],
                Some(body.into()),
            )
            .await
        }
    };
    // Each refusal comes back with the page (422) saying why beside the field.
    let refused = |r: Reply, says: &str| {
        let text = r.text();
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{text}");
        assert!(text.contains(says), "{says}: {text}");
        text
    };
    let chain = env.chain().await;
    refused(
        post("2024-03-02", "720", "").await,
        "inspection-visited_on-error",
    );
    let text = refused(
        post("2024-03-01", "七百二十", "").await,
        "「七百二十」不是数值",
    );
    assert!(
        text.contains(r#"value="七百二十""#),
        "kept as typed: {text}"
    );
    refused(
        post("2024-03-01", "720", "seen").await,
        "请选择「未核实」或「已核实」",
    );
    assert_eq!(env.chain().await, chain, "nothing recorded");
    let r = post("2024-03-01", "720.5", "checked").await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let text = env
        .get(&format!("/workbench/cases/{id}"), &authority)
        .await
        .text();
    assert!(text.contains("核实数与申报数"), "{text}");
    assert!(
        text.contains("720.5㎡") && text.contains("（不符）"),
        "{text}"
    );
    assert!(text.contains("按核实数重新核查"), "{text}");
    let case = ok(
        &env.get(&format!("/api/v1/applications/{id}"), &c.authority)
            .await,
        StatusCode::OK,
    );
    let record = &case["application"]["case"]["inspections"][0];
    let facilities = record["measurements"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["fact"] == "premises.public_facilities")
        .expect("the facilities measured");
    assert_eq!(facilities["found"], json!([]), "{record}");
    assert!(
        record["recheck"]["changed"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["id"] == "5.2-public-space-facilities" && c["declared"] != c["measured"]),
        "{record}"
    );
}

/// The workbench lists at each stage the cases waiting longest (its whole count beside them) and
/// links to the stage's own page, which lists every case there, the longest waiting first,
/// counted and paged in the database, and finds them by a part of the applicant's name; the
/// count of the unit's work is the stage's whole count.
/// A stage the measure lacks, or a measure out of the account's scope, is not found there; an
/// applicant may not open it. The API lists the same queue in the same order
/// (`sort=stage_since`), and the other way round with `-stage_since`.
async fn the_workbench_shows_the_longest_waiting_and_pages_a_stage(db: TestDb) {
    let env = Env::new(&db).await;
    let c = cast(&env).await;
    open_call_2024(&env, &c).await;
    // 21 applicants, one more than the workbench lists a stage; the first submits first.
    let mut ids = Vec::new();
    let mut orgs = Vec::new();
    for k in 0..21_i16 {
        let org = env.org(REGION).await;
        orgs.push(org);
        let login = format!("applicant-{k}");
        let (_, who) = env
            .account(&login, AccountRole::Applicant, Some(org), None, None)
            .await;
        env.set_date(date(2024, 3, 1).checked_add(jiff::ToSpan::days(k)).unwrap());
        let draft = ok(
            &env.post(
                "/api/v1/applications",
                &who,
                json!({ "measure": MEASURE, "profile": profile(), "call": "anshan-2024" }),
            )
            .await,
            StatusCode::CREATED,
        );
        let id = draft["id"].as_i64().unwrap();
        let v = draft["version"].as_i64().unwrap();
        let sub = ok(
            &env.act(id, &who, v, json!({ "action": "submit" })).await,
            StatusCode::OK,
        );
        assert_eq!(sub["stage"], "preliminary-review");
        ids.push(id);
    }
    env.set_date(date(2024, 4, 1));
    let county = env.session("county").await;
    let link = |id: i64| format!("href=\"/workbench/cases/{id}\"");
    let home = env.get("/workbench", &county).await;
    assert_eq!(home.status, StatusCode::OK, "{}", home.text());
    let text = home.text();
    assert!(text.contains("待本单位办理 21 件"), "{text}");
    assert!(
        text.contains(&link(ids[0])),
        "the longest waiting is listed"
    );
    assert!(!text.contains(&link(ids[20])), "the newest is one too many");
    let stage = format!("/workbench/queue/{MEASURE}/preliminary-review");
    assert!(
        text.contains(&format!("href=\"{stage}\">查看本环节全部 21 件</a>")),
        "{text}"
    );

    let page = env.get(&stage, &county).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.text());
    let text = page.text();
    assert!(text.contains("本环节共 21 件"), "{text}");
    let at: Vec<usize> = ids
        .iter()
        .map(|id| text.find(&link(*id)).expect("every case listed"))
        .collect();
    assert!(at.is_sorted(), "the longest waiting first: {at:?}");
    assert!(
        text.contains("31 天"),
        "the first waited from 2024-03-01: {text}"
    );
    // By the applicant's name: the sixth applicant's alone.
    let sixth = ids[5];
    let needle = store::organisation::get(env.store.db(), orgs[5])
        .await
        .unwrap()
        .name;
    let found = env
        .get(&format!("{stage}?q={}", enc(&needle)), &county)
        .await
        .text();
    assert!(
        found.contains(&format!("申报单位名称含「{needle}」的 1 件")),
        "{found}"
    );
    assert!(
        found.contains(&link(sixth)) && !found.contains(&link(ids[0])),
        "{found}"
    );
    let none = env
        .get(&format!("{stage}?q={}", enc("无此单位")), &county)
        .await
        .text();
    assert!(
        none.contains("本环节没有申报单位名称含「无此单位」的案件"),
        "{none}"
    );
    let past = env.get(&format!("{stage}?page=2"), &county).await;
    assert_eq!(past.status, StatusCode::OK);
    assert!(past.text().contains("本环节暂无案件"), "{}", past.text());

    for path in [
        format!("/workbench/queue/{MEASURE}/no-such-stage"),
        format!("/workbench/queue/{MEASURE}/submission"),
        "/workbench/queue/xinjiang-2019/preliminary-review".to_string(),
    ] {
        let r = env.get(&path, &county).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{path}: {}", r.text());
    }
    let r = env.get(&stage, &c.applicant).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.text());

    let listed = |sort: &str| {
        let path = format!(
            "/api/v1/applications?measure={MEASURE}&stage=preliminary-review&sort={sort}&per_page=100"
        );
        let env = &env;
        let county = &c.county;
        async move {
            let page = ok(&env.get(&path, county).await, StatusCode::OK);
            page["items"]
                .as_array()
                .unwrap()
                .iter()
                .map(|x| x["id"].as_i64().unwrap())
                .collect::<Vec<i64>>()
        }
    };
    assert_eq!(listed("stage_since").await, ids);
    let mut newest_first = ids.clone();
    newest_first.reverse();
    assert_eq!(listed("-stage_since").await, newest_first);
}
