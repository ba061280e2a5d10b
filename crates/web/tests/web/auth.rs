//! Accounts and access over HTTP, on SQLite and PostgreSQL: sign-in, lockout, cookie flags,
//! CSRF, bearer tokens, 401 vs 403, the sign-in and account pages.

use axum::Router;
use axum::body::Body;
use axum::http::{Method, Request, StatusCode};
use store::sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use store::{AccountRole, Store};
use testkit::web::{PASSWORD, account_with_password, admin, cheap_hashing};
use testkit::{TestDb, both_backends};

use crate::helpers::{Reply, assert_audit_intact, cookie_of, library, send, set_cookie};

both_backends!(
    sign_in_sets_a_safe_cookie,
    wrong_passwords_are_refused_and_audited,
    lockout_after_repeated_failures,
    address_lockout,
    csrf_for_cookie_sessions,
    bearer_tokens,
    a_token_of_an_unreadable_account_is_refused,
    unauthenticated_401_wrong_role_403,
    login_and_account_pages,
    each_role_starts_where_its_work_is,
    readiness_pings_the_store,
    the_self_check_needs_no_session,
);

/// The app over a store, with cheap hashing and client addresses from `X-Forwarded-For`.
struct Env {
    store: Store,
    app: Router,
}

impl Env {
    /// Issues a bearer token to `account_id`: the stored token and its secret.
    async fn issue_token(&self, account_id: i64) -> (store::api_token::ApiToken, String) {
        let token = web::auth::token::new_api_token();
        let tx = self.store.begin().await.unwrap();
        let issued = store::api_token::create(
            &tx,
            &store::Actor::new("test", "admin"),
            account_id,
            "省级平台",
            &store::api_token::hash(&token),
        )
        .await
        .unwrap();
        tx.commit().await.unwrap();
        (issued, token)
    }

    async fn new(db: &TestDb) -> Self {
        Self::with(db, |_| {}).await
    }

    async fn with(db: &TestDb, tweak: impl FnOnce(&mut web::Config)) -> Self {
        let store = Store::open(&db.config).await.unwrap();
        let mut config = web::Config::default();
        config.auth.password_hashing = cheap_hashing();
        config.auth.trust_forwarded_for = true;
        tweak(&mut config);
        let app = web::app_with_store(config, library(), Some(store.clone()));
        Self { store, app }
    }

    /// An account with a password.
    async fn account(&self, login: &str, role: AccountRole) -> store::Account {
        let tx = self.store.begin().await.unwrap();
        let a = account_with_password(
            &tx,
            &admin(),
            login,
            role,
            (role == AccountRole::RecommendingUnit).then(|| "140600".into()),
            None,
        )
        .await;
        tx.commit().await.unwrap();
        a
    }

    async fn req(
        &self,
        method: Method,
        path: &str,
        headers: &[(&str, &str)],
        body: Option<String>,
    ) -> Reply {
        let mut b = Request::builder().method(method).uri(path);
        for (k, v) in headers {
            b = b.header(*k, *v);
        }
        send(
            self.app.clone(),
            b.body(body.map_or_else(Body::empty, Body::from)).unwrap(),
        )
        .await
    }

    async fn login(&self, login: &str, password: &str, ip: &str) -> Reply {
        self.req(
            Method::POST,
            "/api/v1/session",
            &[
                ("content-type", "application/json"),
                ("x-forwarded-for", ip),
            ],
            Some(serde_json::json!({ "login": login, "password": password }).to_string()),
        )
        .await
    }

    /// Signs in; returns the `Cookie` header value and the CSRF token.
    async fn session(&self, login: &str) -> (String, String) {
        let r = self.login(login, PASSWORD, "10.0.0.1").await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
        (
            cookie_of(&r),
            r.json()["csrf_token"].as_str().unwrap().to_owned(),
        )
    }

    async fn audit_count(&self, action: &str) -> u64 {
        store::entity::audit_entry::Entity::find()
            .filter(store::entity::audit_entry::Column::Action.eq(action))
            .count(self.store.db())
            .await
            .unwrap()
    }
}

async fn sign_in_sets_a_safe_cookie(db: TestDb) {
    let env = Env::new(&db).await;
    let admin = env.account("admin", AccountRole::Admin).await;
    let r = env.login("admin", PASSWORD, "10.0.0.1").await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    let body = r.json();
    assert_eq!(body["account"]["id"], admin.id);
    assert_eq!(body["account"]["role"], "admin");
    assert_eq!(body["account"]["role_label"], "系统管理员");
    assert_eq!(body["csrf_token"].as_str().unwrap().len(), 64);
    let c = set_cookie(&r);
    for flag in ["HttpOnly", "SameSite=Lax", "Secure", "Path=/"] {
        assert!(c.contains(flag), "{flag} missing: {c}");
    }
    // The stored session is keyed by the id's hash, never the id itself.
    let id = cookie_of(&r)
        .trim_start_matches("makerspace_session=")
        .to_owned();
    let rows = store::entity::session::Entity::find()
        .all(env.store.db())
        .await
        .unwrap();
    assert_eq!(rows.len(), 1);
    assert_ne!(rows[0].id_hash, id);
    assert_eq!(rows[0].id_hash, store::session::hash_id(&id));
    assert_eq!(rows[0].account_id, Some(admin.id));
    let me = env
        .req(
            Method::GET,
            "/api/v1/me",
            &[("cookie", &cookie_of(&r))],
            None,
        )
        .await;
    assert_eq!(me.status, StatusCode::OK);
    assert_eq!(me.json()["auth"], "session");
    assert_eq!(env.audit_count("login").await, 1);
    // Not Secure when configured for plain http.
    let env2 = Env::with(&db, |c| c.auth.secure_cookie = false).await;
    let r = env2.login("admin", PASSWORD, "10.0.0.2").await;
    assert!(!set_cookie(&r).contains("Secure"));
}

async fn wrong_passwords_are_refused_and_audited(db: TestDb) {
    let env = Env::new(&db).await;
    env.account("clerk", AccountRole::Authority).await;
    let wrong = env.login("clerk", "not the password!", "10.0.0.1").await;
    let unknown = env.login("nobody", PASSWORD, "10.0.0.1").await;
    for r in [&wrong, &unknown] {
        assert_eq!(r.status, StatusCode::UNAUTHORIZED);
        assert!(r.headers.contains_key("www-authenticate"));
        let b = r.json();
        assert_eq!(b["code"], "invalid_credentials");
        assert_eq!(b["message"], "登录名或密码错误");
        assert_eq!(b["field"], "password");
        assert!(r.headers.get("set-cookie").is_none());
    }
    assert_eq!(env.audit_count("login_failed").await, 2);
    let empty = env.login("", "", "10.0.0.1").await;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
    let fields: Vec<_> = empty.json()["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].clone())
        .collect();
    assert_eq!(fields, ["login", "password"]);
    let extra = env
        .req(
            Method::POST,
            "/api/v1/session",
            &[("content-type", "application/json")],
            Some(r#"{"login":"a","password":"b","admin":true}"#.into()),
        )
        .await;
    assert_eq!(extra.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_audit_intact(&env.store).await;
}

async fn lockout_after_repeated_failures(db: TestDb) {
    let env = Env::new(&db).await;
    let a = env.account("clerk", AccountRole::Authority).await;
    for i in 0..5 {
        let r = env
            .login("clerk", "wrong password!!", &format!("10.0.1.{i}"))
            .await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED, "attempt {i}");
    }
    // Locked: even the right password is refused, from any address.
    let r = env.login("clerk", PASSWORD, "10.9.9.9").await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS, "{}", r.text());
    assert_eq!(r.json()["code"], "too_many_attempts");
    let retry: u64 = r.headers["retry-after"].to_str().unwrap().parse().unwrap();
    assert!(retry > 14 * 60 && retry <= 15 * 60, "{retry}");
    assert_eq!(env.audit_count("locked").await, 1);
    let c = store::credential::by_account(env.store.db(), a.id)
        .await
        .unwrap()
        .unwrap();
    assert!(c.locked_at(env.store.now()).is_some());
    // An unknown login locks the same way (no telling which logins exist).
    for i in 0..5 {
        env.login("ghost", "whatever password", &format!("10.0.2.{i}"))
            .await;
    }
    assert_eq!(
        env.login("ghost", "whatever password", "10.0.3.1")
            .await
            .status,
        StatusCode::TOO_MANY_REQUESTS
    );
}

async fn address_lockout(db: TestDb) {
    let env = Env::with(&db, |c| c.auth.ip_max_failures = 3).await;
    env.account("clerk", AccountRole::Authority).await;
    for login in ["a1", "a2", "a3"] {
        assert_eq!(
            env.login(login, "x password x", "10.7.7.7").await.status,
            StatusCode::UNAUTHORIZED
        );
    }
    assert_eq!(
        env.login("clerk", PASSWORD, "10.7.7.7").await.status,
        StatusCode::TOO_MANY_REQUESTS
    );
    assert_eq!(
        env.login("clerk", PASSWORD, "10.7.7.8").await.status,
        StatusCode::CREATED
    );
}

async fn csrf_for_cookie_sessions(db: TestDb) {
    let env = Env::new(&db).await;
    env.account("admin", AccountRole::Admin).await;
    let (cookie, token) = env.session("admin").await;
    // No token: refused.
    let r = env
        .req(
            Method::DELETE,
            "/api/v1/session",
            &[("cookie", &cookie)],
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert_eq!(r.json()["code"], "csrf");
    // A wrong token: refused.
    let r = env
        .req(
            Method::DELETE,
            "/api/v1/session",
            &[("cookie", &cookie), ("x-csrf-token", "0000")],
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    // The right token from another site: refused by the origin rule.
    for h in [
        ("sec-fetch-site", "cross-site"),
        ("origin", "https://evil.example"),
    ] {
        let r = env
            .req(
                Method::DELETE,
                "/api/v1/session",
                &[
                    ("cookie", &cookie),
                    ("x-csrf-token", &token),
                    ("host", "ms.example"),
                    h,
                ],
                None,
            )
            .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{h:?}");
        assert_eq!(r.json()["code"], "csrf");
    }
    // A cross-site sign-in (login CSRF) is refused too.
    let r = env
        .req(
            Method::POST,
            "/api/v1/session",
            &[
                ("content-type", "application/json"),
                ("sec-fetch-site", "cross-site"),
            ],
            Some(format!(r#"{{"login":"admin","password":"{PASSWORD}"}}"#)),
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    // Still signed in.
    assert_eq!(
        env.req(Method::GET, "/api/v1/me", &[("cookie", &cookie)], None)
            .await
            .status,
        StatusCode::OK
    );
    // Same origin with the token: accepted; the session is gone afterwards.
    let r = env
        .req(
            Method::DELETE,
            "/api/v1/session",
            &[
                ("cookie", &cookie),
                ("x-csrf-token", &token),
                ("host", "ms.example"),
                ("origin", "https://ms.example"),
                ("sec-fetch-site", "same-origin"),
            ],
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.text());
    assert_eq!(
        env.req(Method::GET, "/api/v1/me", &[("cookie", &cookie)], None)
            .await
            .status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(env.audit_count("logout").await, 1);
    // Public forms without a session are untouched by the token rule.
    let r = env
        .req(
            Method::POST,
            "/api/v1/eligibility/check",
            &[
                ("content-type", "application/json"),
                ("sec-fetch-site", "same-origin"),
            ],
            Some(crate::helpers::example_profile().to_string()),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
}

async fn bearer_tokens(db: TestDb) {
    let env = Env::new(&db).await;
    let a = env.account("system", AccountRole::Authority).await;
    let (issued, token) = env.issue_token(a.id).await;
    let bearer = format!("Bearer {token}");
    let r = env
        .req(
            Method::GET,
            "/api/v1/me",
            &[("authorization", &bearer)],
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    assert_eq!(r.json()["auth"], "bearer");
    assert_eq!(r.json()["id"], a.id);
    // Bearer requests are exempt from the cookie CSRF rules (no ambient credential).
    // The use is written behind the request, within `auth.token_use_flush_ms`.
    let mut used = Vec::new();
    for _ in 0..100 {
        used = store::api_token::list_for_account(env.store.db(), a.id)
            .await
            .unwrap();
        if used[0].last_used_at.is_some() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert!(used[0].last_used_at.is_some(), "the use is written");
    let stored = store::entity::api_token::Entity::find()
        .all(env.store.db())
        .await
        .unwrap();
    assert_ne!(stored[0].token_hash, token);
    // Revoked: 401.
    let tx = env.store.begin().await.unwrap();
    store::api_token::revoke(&tx, &store::Actor::new("test", "admin"), issued.id, "测试")
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let r = env
        .req(
            Method::GET,
            "/api/v1/me",
            &[("authorization", &bearer)],
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    assert_eq!(r.json()["code"], "invalid_token");
    let r = env
        .req(
            Method::GET,
            "/api/v1/me",
            &[("authorization", "Bearer mks_nonsense")],
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    let r = env
        .req(
            Method::GET,
            "/api/v1/me",
            &[("authorization", "Basic YTpi")],
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
}

/// A token whose account row holds a role the store does not know (a corrupt row) answers 401
/// like a revoked one, not a server error.
async fn a_token_of_an_unreadable_account_is_refused(db: TestDb) {
    use store::sea_orm::ConnectionTrait;
    let env = Env::new(&db).await;
    let a = env.account("system", AccountRole::Authority).await;
    let (_, token) = env.issue_token(a.id).await;
    env.store
        .db()
        .execute_unprepared(&format!(
            "UPDATE account SET role = 'overlord' WHERE id = {}",
            a.id
        ))
        .await
        .unwrap();
    let r = env
        .req(
            Method::GET,
            "/api/v1/me",
            &[("authorization", &format!("Bearer {token}"))],
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED, "{}", r.text());
    assert_eq!(r.json()["code"], "invalid_token");
}

async fn unauthenticated_401_wrong_role_403(db: TestDb) {
    let env = Env::new(&db).await;
    env.account("admin", AccountRole::Admin).await;
    env.account("applicant", AccountRole::Applicant).await;
    let r = env.req(Method::GET, "/api/v1/accounts", &[], None).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    assert_eq!(r.json()["code"], "unauthenticated");
    let (cookie, _) = env.session("applicant").await;
    let r = env
        .req(
            Method::GET,
            "/api/v1/accounts",
            &[("cookie", &cookie)],
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert_eq!(r.json()["code"], "forbidden");
    let (cookie, _) = env.session("admin").await;
    let r = env
        .req(
            Method::GET,
            "/api/v1/accounts",
            &[("cookie", &cookie)],
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    let roles: Vec<_> = r
        .json()
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["role"].clone())
        .collect();
    assert_eq!(roles, ["applicant", "admin"]);
}

async fn login_and_account_pages(db: TestDb) {
    let env = Env::new(&db).await;
    env.account("expert", AccountRole::Expert).await;
    let form = |pairs: &str| Some(pairs.to_owned());
    let ct = ("content-type", "application/x-www-form-urlencoded");
    let page = env.req(Method::GET, "/login", &[], None).await;
    assert_eq!(page.status, StatusCode::OK);
    let html = page.text();
    assert!(
        html.contains(r#"<label for="login">登录名</label>"#)
            && html.contains(r#"<label for="password">密码</label>"#)
    );
    let r = env
        .req(Method::POST, "/login", &[ct], form("login=&password="))
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text();
    assert!(
        html.contains(r#"<p class="error" id="login-error">请输入登录名</p>"#),
        "{html}"
    );
    assert!(html.contains(r#"id="password-error">请输入密码"#));
    let r = env
        .req(
            Method::POST,
            "/login",
            &[ct],
            form("login=expert&password=nope+nope+nope"),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    let html = r.text();
    assert!(html.contains(r#"id="password-error">登录名或密码错误"#));
    assert!(html.contains(r#"value="expert""#), "the login is kept");
    // Not signed in: the account page sends to the sign-in page.
    let r = env.req(Method::GET, "/account", &[], None).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(r.headers["location"], "/login?next=/account");
    let body = format!(
        "login=expert&password={}&next=%2F%2Fevil.example",
        PASSWORD.replace(' ', "+")
    );
    let r = env.req(Method::POST, "/login", &[ct], Some(body)).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    assert_eq!(
        r.headers["location"], "/expert",
        "no open redirect: an expert without a page to return to starts at its assignments"
    );
    let cookie = cookie_of(&r);
    let r = env
        .req(Method::GET, "/account", &[("cookie", &cookie)], None)
        .await;
    assert_eq!(r.status, StatusCode::OK);
    let html = r.text();
    assert!(
        html.contains("expert 的姓名") && html.contains("评审专家"),
        "{html}"
    );
    assert!(html.contains("hx-headers='{\"X-CSRF-Token\": \""));
    let token = html
        .split(r#"name="_csrf" value=""#)
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .to_owned();
    // Sign-out form: refused without its token, accepted with it.
    let r = env
        .req(
            Method::POST,
            "/logout",
            &[ct, ("cookie", &cookie)],
            form("_csrf=wrong"),
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let r = env
        .req(
            Method::POST,
            "/logout",
            &[ct, ("cookie", &cookie)],
            Some(format!("_csrf={token}")),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(
        env.req(Method::GET, "/account", &[("cookie", &cookie)], None)
            .await
            .status,
        StatusCode::SEE_OTHER
    );
}

/// Signing in through the form with no page to return to lands on the role's own start page
/// (the domain's roles: 申报单位 its applications, 推荐单位 and 认定机构 the queues, 评审专家 its
/// assignments); a page named in `next` wins. The navigation offers a visitor 登录, and a
/// signed-in account its own work and 我的账号, not the other roles' work.
async fn each_role_starts_where_its_work_is(db: TestDb) {
    let env = Env::new(&db).await;
    let ct = ("content-type", "application/x-www-form-urlencoded");
    let password = PASSWORD.replace(' ', "+");
    let nav_of = |html: String| {
        let nav = html
            .split("<nav")
            .nth(1)
            .unwrap()
            .split("</nav>")
            .next()
            .unwrap();
        ["申报", "审核", "评审", "工作台", "我的账号", "登录"]
            .into_iter()
            .filter(|label| nav.contains(&format!(">{label}</a>")))
            .collect::<Vec<_>>()
    };
    let visitor = env.req(Method::GET, "/register", &[], None).await.text();
    assert_eq!(nav_of(visitor), ["登录"]);
    for (login, role, start, links) in [
        (
            "applicant",
            AccountRole::Applicant,
            "/portal",
            &["申报", "我的账号"][..],
        ),
        (
            "recommender",
            AccountRole::RecommendingUnit,
            "/workbench",
            &["审核", "我的账号"],
        ),
        (
            "authority",
            AccountRole::Authority,
            "/workbench",
            &["审核", "我的账号"],
        ),
        (
            "expert",
            AccountRole::Expert,
            "/expert",
            &["评审", "我的账号"],
        ),
        (
            "admin2",
            AccountRole::Admin,
            "/workbench",
            &["工作台", "我的账号"],
        ),
    ] {
        env.account(login, role).await;
        let body = format!("login={login}&password={password}");
        let r = env.req(Method::POST, "/login", &[ct], Some(body)).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{login}: {}", r.text());
        assert_eq!(r.headers["location"], start, "{login}");
        let cookie = cookie_of(&r);
        let page = env
            .req(Method::GET, "/register", &[("cookie", &cookie)], None)
            .await;
        assert_eq!(nav_of(page.text()), links, "{login}");
        let body = format!("login={login}&password={password}&next=%2Fregister");
        let r = env.req(Method::POST, "/login", &[ct], Some(body)).await;
        assert_eq!(r.headers["location"], "/register", "{login}: next wins");
    }
    // The sign-in page sent from a page carries it; without one, no empty field is sent along.
    let html = env
        .req(Method::GET, "/login?next=/portal/cases/7", &[], None)
        .await
        .text();
    assert!(
        html.contains(r#"name="next" value="/portal/cases/7""#),
        "{html}"
    );
    let html = env.req(Method::GET, "/login", &[], None).await.text();
    assert!(!html.contains(r#"name="next""#), "{html}");
}

async fn readiness_pings_the_store(db: TestDb) {
    let env = Env::new(&db).await;
    let r = env.req(Method::GET, "/readyz", &[], None).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.json()["database"], "ok");
}

/// The routes that need no account run outside the session and CSRF layers: a cross-site
/// self-check is answered (it carries no authority to misuse), no session is read or set for
/// it, and the signed-in routes beside it still refuse the same cross-site request.
async fn the_self_check_needs_no_session(db: TestDb) {
    let env = Env::new(&db).await;
    env.account("admin", AccountRole::Admin).await;
    let signed_in = env.login("admin", PASSWORD, "10.0.0.9").await;
    let cookie = cookie_of(&signed_in);
    let sessions = || async {
        store::entity::session::Entity::find()
            .all(env.store.db())
            .await
            .unwrap()
            .len()
    };
    let before = sessions().await;
    let profile = crate::helpers::example_profile().to_string();
    for headers in [
        &[("content-type", "application/json")][..],
        &[
            ("content-type", "application/json"),
            ("sec-fetch-site", "cross-site"),
            ("cookie", &cookie),
        ][..],
    ] {
        let r = env
            .req(
                Method::POST,
                "/api/v1/eligibility/check",
                headers,
                Some(profile.clone()),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{headers:?}: {}", r.text());
        assert_eq!(r.json()["schema"], "makerspace.eligibility/1");
        assert!(r.headers.get("set-cookie").is_none(), "{:?}", r.headers);
        assert_eq!(r.headers["x-content-type-options"], "nosniff");
    }
    assert_eq!(sessions().await, before);
    // The same cross-site request to a signed-in route is refused.
    let r = env
        .req(
            Method::DELETE,
            "/api/v1/session",
            &[("cookie", &cookie), ("sec-fetch-site", "cross-site")],
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert_eq!(r.json()["code"], "csrf");
}

#[tokio::test]
async fn without_a_store_sign_in_is_unavailable() {
    let r = crate::helpers::post_json("/api/v1/session", r#"{"login":"a","password":"b"}"#).await;
    assert_eq!(r.status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(r.json()["code"], "unavailable");
    let r = crate::helpers::get("/api/v1/me").await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
}
