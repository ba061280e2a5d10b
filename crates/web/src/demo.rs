//! `makerspace serve --demo`: fills an EMPTY database with a believable demo, through the
//! casework service only (so every step is on the audit chain): organisations with valid
//! 统一社会信用代码, accounts for each role with random passwords, the four jurisdictions'
//! calls, and a dozen cases at different stages (draft, preliminary review, expert review,
//! public notice with an objection, recognised with statistics and an appraisal, returned,
//! rejected).
//!
//! The demo also turns on the demo clock ([`demo_clock`]): the workbench then accepts a
//! 办理日期 after today, so a visitor can let a notice period run out.

use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use casework::{CaseRecord, Casework, NewCall, NewConflict, NewDraft};
use jiff::ToSpan;
use jiff::civil::{Date, date};
use policy::Library;
use policy::law::Period;
use policy::model::{RoleKind, StageKind};
use serde::Serialize;
use serde_json::{Value, json};
use store::sea_orm::{EntityTrait, PaginatorTrait};
use store::{AccountRole, NewAccount, NewOrganisation, Store};
use workflow::case::{Action, CaseState};
use workflow::review::{ConflictKind, ObjectionTarget};

use crate::config::PasswordHashing;

static DEMO_CLOCK: AtomicBool = AtomicBool::new(false);

/// Whether the server runs the demo (the workbench then accepts future 办理日期).
pub fn demo_clock() -> bool {
    DEMO_CLOCK.load(Ordering::Relaxed)
}

/// Turns the demo clock on.
pub fn enable_demo_clock() {
    DEMO_CLOCK.store(true, Ordering::Relaxed);
}

/// Why the demo was not created.
#[derive(Debug, thiserror::Error)]
pub enum DemoError {
    /// The database already holds data.
    #[error(
        "演示数据只能写入空数据库：当前数据库已有 {organisations} 个单位、{accounts} 个账号、{cases} 个案件。请换一个空的数据目录（--config 或 MAKERSPACE_DATA_DIR），或不带 --demo 启动"
    )]
    NotEmpty {
        /// Organisations found.
        organisations: u64,
        /// Accounts found.
        accounts: u64,
        /// Cases found.
        cases: u64,
    },
    /// The store.
    #[error("数据库：{0}")]
    Store(#[from] store::StoreError),
    /// The service.
    #[error("{context}：{source}")]
    Casework {
        /// What was being done.
        context: String,
        /// The cause.
        source: casework::CaseworkError,
    },
    /// Password hashing.
    #[error("密码：{0}")]
    Password(String),
    /// The accounts file.
    #[error("无法写入 {path}：{source}")]
    Io {
        /// The file.
        path: String,
        /// The cause.
        source: std::io::Error,
    },
}

/// One account of the demo, with its password.
#[derive(Debug, Clone, Serialize)]
pub struct DemoAccount {
    /// A stable key for scripts (`applicant-e2e`, `authority-inner-mongolia`…).
    pub key: String,
    /// The login name.
    pub login: String,
    /// The role's Chinese name.
    pub role: String,
    /// The person's name.
    pub name: String,
    /// The organisation.
    pub organisation: String,
    /// The password (random).
    pub password: String,
    /// The account id.
    pub account_id: i64,
    /// The organisation id, when there is one.
    pub organisation_id: Option<i64>,
}

/// What the demo created.
#[derive(Debug, Clone, Serialize)]
pub struct DemoReport {
    /// The accounts.
    pub accounts: Vec<DemoAccount>,
    /// Case ids by their key (`notice-objection`…).
    pub cases: std::collections::BTreeMap<String, i64>,
    /// The day the demo was built for.
    pub today: Date,
}

impl DemoReport {
    /// The console table: login, role, organisation, password.
    pub fn table(&self) -> String {
        let mut out = String::from(
            "演示账号（密码随机生成，仅显示这一次；另存于数据目录的 demo-accounts.json）\n",
        );
        let row = |cells: [&str; 4]| {
            let widths = [16, 12, 40, 0];
            let mut line = String::new();
            for (c, w) in cells.iter().zip(widths) {
                line.push_str(c);
                // CJK characters take two columns on a terminal.
                let used: usize = c.chars().map(|ch| if ch.is_ascii() { 1 } else { 2 }).sum();
                line.push_str(&" ".repeat(w.max(used + 1) - used));
            }
            line.trim_end().to_string() + "\n"
        };
        out.push_str(&row(["登录名", "角色", "单位", "密码"]));
        for a in &self.accounts {
            out.push_str(&row([&a.login, &a.role, &a.organisation, &a.password]));
        }
        out
    }
}

/// Counts what the database holds: (organisations, accounts, cases).
pub async fn counts(store: &Store) -> Result<(u64, u64, u64), DemoError> {
    let db = store.db();
    let o = store::entity::organisation::Entity::find()
        .count(db)
        .await
        .map_err(store::StoreError::from)?;
    let a = store::entity::account::Entity::find()
        .count(db)
        .await
        .map_err(store::StoreError::from)?;
    let c = store::entity::case::Entity::find()
        .count(db)
        .await
        .map_err(store::StoreError::from)?;
    Ok((o, a, c))
}

/// Opens the configured store, refuses unless it is empty, seeds the demo, writes
/// `<data_dir>/demo-accounts.json`, prints the accounts' table and turns the demo clock on.
pub async fn prepare(config: &crate::Config) -> Result<DemoReport, DemoError> {
    let library = Arc::new(
        crate::load_library(config).map_err(|e| DemoError::Casework {
            context: "政策文件".into(),
            source: casework::CaseworkError::Form(e.to_string()),
        })?,
    );
    let store = Store::open(&config.store_config()).await?;
    let report = seed(
        &store,
        library,
        config.auth.password_hashing,
        casework::dates::today(),
    )
    .await?;
    let path = config.data_dir.join("demo-accounts.json");
    write_accounts(&path, &report)?;
    println!("{}", report.table());
    enable_demo_clock();
    Ok(report)
}

fn write_accounts(path: &Path, report: &DemoReport) -> Result<(), DemoError> {
    let io = |source| DemoError::Io {
        path: path.display().to_string(),
        source,
    };
    let text = serde_json::to_string_pretty(report).unwrap_or_default();
    std::fs::write(path, text).map_err(io)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600)).map_err(io)?;
    }
    Ok(())
}

/// A random password of 14 letters and digits (no look-alikes).
fn password() -> String {
    const ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let mut buf = [0u8; 14];
    getrandom::fill(&mut buf).expect("操作系统随机数生成器不可用");
    buf.iter()
        .map(|b| ALPHABET[usize::from(*b) % ALPHABET.len()] as char)
        .collect()
}

fn admin_actor() -> store::Actor {
    store::Actor::demo()
}

struct Seeder {
    cw: Casework,
    cost: PasswordHashing,
    accounts: Vec<DemoAccount>,
    next_code: u32,
}

fn cwe(context: impl Into<String>) -> impl FnOnce(casework::CaseworkError) -> DemoError {
    let context = context.into();
    move |source| DemoError::Casework { context, source }
}

impl Seeder {
    async fn org(&mut self, name: &str, region: &str, kind: &str) -> Result<i64, DemoError> {
        self.next_code += 1;
        let code = store::credit_code::complete(&format!("{kind}{region}{:08}", self.next_code))
            .ok_or_else(|| DemoError::Password("统一社会信用代码无法生成".into()))?;
        let tx = self.cw.store.begin().await?;
        let o = store::organisation::create(
            &tx,
            &admin_actor(),
            NewOrganisation {
                credit_code: code,
                name: name.into(),
                region_code: Some(region.into()),
            },
        )
        .await?;
        tx.commit().await?;
        Ok(o.id)
    }

    #[allow(clippy::too_many_arguments)]
    async fn account(
        &mut self,
        key: &str,
        login: &str,
        name: &str,
        role: AccountRole,
        org: Option<(i64, &str)>,
        region: Option<&str>,
    ) -> Result<i64, DemoError> {
        let pw = password();
        let phc = crate::auth::password::hash(pw.clone(), self.cost)
            .await
            .map_err(|e| DemoError::Password(e.to_string()))?;
        let tx = self.cw.store.begin().await?;
        let a = store::account::create(
            &tx,
            &admin_actor(),
            NewAccount {
                name: name.into(),
                role,
                region_code: region.map(str::to_string),
                organisation_id: org.map(|o| o.0),
            },
        )
        .await?;
        store::credential::set(&tx, &admin_actor(), a.id, login, &phc).await?;
        tx.commit().await?;
        self.accounts.push(DemoAccount {
            key: key.into(),
            login: login.into(),
            role: crate::auth::role_label(role).into(),
            name: name.into(),
            organisation: org.map_or_else(|| "—".to_string(), |o| o.1.to_string()),
            password: pw,
            account_id: a.id,
            organisation_id: org.map(|o| o.0),
        });
        Ok(a.id)
    }
}

/// The jurisdictions: measure, authority (login, name, region), recommending unit (login,
/// name, policy role, area).
struct Jurisdiction {
    measure: &'static str,
    key: &'static str,
    authority: (&'static str, &'static str, &'static str),
    recommender: (&'static str, &'static str, &'static str, &'static str),
}

const JURISDICTIONS: [Jurisdiction; 4] = [
    Jurisdiction {
        measure: "inner-mongolia-2020",
        key: "inner-mongolia",
        authority: ("nmg-kjt", "内蒙古自治区科技厅", "150000"),
        recommender: (
            "hhht-kjj",
            "呼和浩特市科学技术局",
            "league-bureau",
            "150100",
        ),
    },
    Jurisdiction {
        measure: "xinjiang-2019",
        key: "xinjiang",
        authority: ("xj-kjt", "新疆维吾尔自治区科学技术厅", "650000"),
        recommender: ("wlmq-kjj", "乌鲁木齐市科学技术局", "prefecture", "650100"),
    },
    Jurisdiction {
        measure: "shuozhou-2016",
        key: "shuozhou",
        authority: ("sz-kjj", "朔州市科学技术局", "140600"),
        recommender: (
            "shuocheng-kjj",
            "朔州市朔城区科学技术局",
            "county-bureau",
            "140602",
        ),
    },
    Jurisdiction {
        measure: "anshan-2020",
        key: "anshan",
        authority: ("as-kjj", "鞍山市科学技术局", "210300"),
        recommender: (
            "tiedong-kjj",
            "鞍山市铁东区科学技术局",
            "county-bureau",
            "210302",
        ),
    },
];

/// A believable profile of a space.
fn profile(name: &str, region: &str, as_of: Date, strong: bool) -> Value {
    let k = if strong { 1 } else { 0 };
    let mut profile = json!({
        "as_of": as_of.to_string(),
        "operator.name": name,
        "operator.legal_person": true,
        "operator.dedicated_body": true,
        "operator.kind": "enterprise",
        "operator.investor_nature": "private",
        "operator.region": region,
        "operator.registered_on": "2019-04-18",
        "operator.operating_since": "2019-09-01",
        "premises.total_area_m2": 640 + 480 * k,
        "premises.public_area_m2": 220 + 380 * k,
        "premises.workstation_area_m2": 240 + 200 * k,
        "premises.workstations": 45 + 40 * k,
        "premises.tenure": "leased",
        "premises.lease_start": "2019-06-01",
        "premises.lease_end": "2027-05-31",
        "premises.broadband_mbps": 200 + 800 * k,
        "premises.shared_equipment": 12 + 10 * k,
        "premises.social_area_m2": 80 + 72 * k,
        "premises.public_facilities": ["internet", "public_software", "shared_office", "open_office", "broadband", "internet_resources"],
        "staff.management_service": 6 + 4 * k,
        "staff.fulltime_professional": 4 + 3 * k,
        "staff.total_excluding_property": 8 + 4 * k,
        "staff.professional_incubation": 5 + 3 * k,
        "mentors": 4 + 6 * k,
        "finance.seed_fund": strong,
        "finance.investor_cooperation": true,
        "residents.current": 18 + 14 * k,
        "residents.under_agreement": 16 + 14 * k,
        "residents.max_residency_months": 24,
        "residents.active_teams": 14 + 10 * k,
        "residents.active_makers": 64 + 56 * k,
        "residents.new_last_year": 8 + 6 * k,
        "activities.last_year": 10 + 14 * k,
        "activities.per_month": 1 + k,
        "activities.training_last_year": 4 + 6 * k,
        "growth.new_enterprises_last_year": 6 + 6 * k,
        "growth.financed_last_year": 1 + 2 * k,
        "incubation.typical_cases_last_year": 2 + 2 * k,
        "incubation.success_cases": 3 + 5 * k,
        "statistics.reported": true,
    });
    // What the measures ask of the services and facilities (in a second object: one `json!`
    // of every fact passes the macro's recursion limit).
    let services = json!({
        "premises.infrastructure": ["power", "water", "fire_protection", "communications", "network"],
        "premises.ready_to_move_in": true,
        "premises.in_college": false,
        "management.rules": ["admission_exit_assessment", "financial_management", "daily_management"],
        "services": ["rd_design", "tech_intermediary", "financial_services", "achievement_trading", "certification_testing", "incubation", "mentoring_training"],
        "offer.free_service_months": 6 + 6 * k,
        "offer.low_cost_or_free": true,
        "offer.online_services": true,
        "residents.orientation": "teams",
    });
    if let (Value::Object(all), Value::Object(more)) = (&mut profile, services) {
        all.extend(more);
    }
    profile
}

/// Seeds the demo into an empty store as of `today`.
pub async fn seed(
    store: &Store,
    library: Arc<Library>,
    cost: PasswordHashing,
    today: Date,
) -> Result<DemoReport, DemoError> {
    let (organisations, accounts, cases) = counts(store).await?;
    if organisations + accounts + cases > 0 {
        return Err(DemoError::NotEmpty {
            organisations,
            accounts,
            cases,
        });
    }
    let mut s = Seeder {
        cw: Casework::new(store.clone(), library),
        cost,
        accounts: Vec::new(),
        next_code: 0,
    };
    s.account(
        "admin",
        "admin",
        "系统管理员",
        AccountRole::Admin,
        None,
        None,
    )
    .await?;
    let mut authority = std::collections::BTreeMap::new();
    let mut recommender = std::collections::BTreeMap::new();
    for j in &JURISDICTIONS {
        let (login, name, region) = j.authority;
        let org = s.org(name, region, "11").await?;
        let a = s
            .account(
                &format!("authority-{}", j.key),
                login,
                &format!("{name}业务处"),
                AccountRole::Authority,
                Some((org, name)),
                Some(region),
            )
            .await?;
        s.cw.grant_policy_role(&admin_actor(), a, Some(j.measure), "authority")
            .await
            .map_err(cwe("授予认定机构角色"))?;
        authority.insert(j.measure, a);
        let (login, name, role, area) = j.recommender;
        let org = s.org(name, area, "11").await?;
        let r = s
            .account(
                &format!("recommender-{}", j.key),
                login,
                &format!("{name}高新科技科"),
                AccountRole::RecommendingUnit,
                Some((org, name)),
                Some(area),
            )
            .await?;
        s.cw.grant_policy_role(&admin_actor(), r, Some(j.measure), role)
            .await
            .map_err(cwe("授予推荐单位角色"))?;
        recommender.insert(j.measure, r);
    }
    let wang = s
        .account(
            "expert-wang",
            "expert-wang",
            "王建华（内蒙古大学 教授）",
            AccountRole::Expert,
            None,
            None,
        )
        .await?;
    let li = s
        .account(
            "expert-li",
            "expert-li",
            "李敏（新疆大学 研究员）",
            AccountRole::Expert,
            None,
            None,
        )
        .await?;

    // Calls: each authority opens one this year. (Shuozhou's policy also lists its 2022 call;
    // a space recognised then would have run out its 3 years by now, and the server's daily
    // lifecycle run would show it expired.)
    let opens = today.checked_sub(150.days()).unwrap_or(today);
    let deadline = today.checked_add(61.days()).unwrap_or(today);
    let mut call_of = std::collections::BTreeMap::new();
    for j in &JURISDICTIONS {
        let id = format!("{}-{}", j.key, today.year());
        s.cw.open_call(
            authority[j.measure],
            NewCall {
                id: id.clone(),
                measure: j.measure.into(),
                title: format!("{}年{}众创空间申报通知", today.year(), j.authority.1),
                year: today.year(),
                opens_on: Some(opens),
                deadline,
            },
        )
        .await
        .map_err(cwe("发布申报通知"))?;
        call_of.insert(j.measure, id);
    }

    let ctx = Ctx {
        authority,
        recommender,
        expert: wang,
        call_of,
    };
    let mut cases = std::collections::BTreeMap::new();
    // (key, measure, name, region, login, plan, start)
    let plans: [(&str, &str, &str, &str, &str, Plan); 13] = [
        (
            "recognised-inner-mongolia",
            "inner-mongolia-2020",
            "青城创客空间",
            "150102",
            "qingcheng",
            Plan::Recognised,
        ),
        (
            "expert-review",
            "inner-mongolia-2020",
            "草原创新工场",
            "150105",
            "caoyuan",
            Plan::Until("expert-review"),
        ),
        (
            "preliminary-inner-mongolia",
            "inner-mongolia-2020",
            "北疆创客汇",
            "150104",
            "beijiang",
            Plan::Submitted,
        ),
        (
            "draft",
            "inner-mongolia-2020",
            "敕勒川创业港",
            "150121",
            "chilechuan",
            Plan::Draft,
        ),
        (
            "e2e",
            "inner-mongolia-2020",
            "和林格尔数字创客中心",
            "150123",
            "helinge",
            Plan::Nothing,
        ),
        (
            "notice-objection",
            "xinjiang-2019",
            "天山创新工场",
            "650102",
            "tianshan",
            Plan::Notice,
        ),
        (
            "recognised-xinjiang",
            "xinjiang-2019",
            "昆仑众创空间",
            "650104",
            "kunlun",
            Plan::Recognised,
        ),
        (
            "authority-review",
            "xinjiang-2019",
            "丝路创客汇",
            "650103",
            "silu",
            Plan::Until("authority-review"),
        ),
        (
            "recognised-shuozhou",
            "shuozhou-2016",
            "塞上众创",
            "140602",
            "saishang",
            Plan::Recognised,
        ),
        (
            "rejected",
            "shuozhou-2016",
            "桑干河创业园",
            "140602",
            "sangganhe",
            Plan::Rejected,
        ),
        (
            "recognised-anshan",
            "anshan-2020",
            "钢都创谷",
            "210302",
            "gangdu",
            Plan::Recognised,
        ),
        (
            "returned",
            "anshan-2020",
            "千山创客坊",
            "210302",
            "qianshan",
            Plan::Returned,
        ),
        (
            "preliminary-anshan",
            "anshan-2020",
            "鞍钢双创基地",
            "210302",
            "angang",
            Plan::Submitted,
        ),
    ];
    let mut orgs = std::collections::BTreeMap::new();
    for (i, (key, measure, name, region, login, plan)) in plans.iter().enumerate() {
        let org_name = format!("{name}运营管理有限公司");
        let org = s.org(&org_name, region, "91").await?;
        orgs.insert(*key, org);
        let acc = s
            .account(
                &format!("applicant-{key}"),
                login,
                &format!("{name}申报联系人"),
                AccountRole::Applicant,
                Some((org, &org_name)),
                None,
            )
            .await?;
        if matches!(plan, Plan::Nothing) {
            continue;
        }
        // Each starts some weeks ago, staggered.
        let start = today
            .checked_sub((100 - 4 * i as i64).days())
            .unwrap_or(today);
        let id = s
            .case(&ctx, measure, org, acc, name, region, *plan, start, today)
            .await?;
        cases.insert(key.to_string(), id);
    }
    // A conflict of interest declared by the second expert (for the warning on assignment).
    s.cw.record_conflict(
        li,
        NewConflict {
            expert: li,
            org: orgs["expert-review"],
            kind: ConflictKind::Collaboration,
            from: date(2021, 3, 1),
            until: Some(date(2023, 2, 28)),
            note: "曾为该单位创业导师培训项目授课".into(),
        },
    )
    .await
    .map_err(cwe("登记利益关联"))?;
    s.cw.record_conflict(
        wang,
        NewConflict {
            expert: wang,
            org: orgs["recognised-inner-mongolia"],
            kind: ConflictKind::Shareholding,
            from: date(2020, 1, 1),
            until: None,
            note: "持有运营单位少量股份".into(),
        },
    )
    .await
    .map_err(cwe("登记利益关联"))?;
    Ok(DemoReport {
        accounts: s.accounts,
        cases,
        today,
    })
}

#[derive(Debug, Clone, Copy)]
enum Plan {
    Nothing,
    Draft,
    Submitted,
    Until(&'static str),
    Notice,
    Recognised,
    Returned,
    Rejected,
}

struct Ctx {
    authority: std::collections::BTreeMap<&'static str, i64>,
    recommender: std::collections::BTreeMap<&'static str, i64>,
    expert: i64,
    call_of: std::collections::BTreeMap<&'static str, String>,
}

impl Seeder {
    #[allow(clippy::too_many_arguments)]
    async fn case(
        &mut self,
        ctx: &Ctx,
        measure: &str,
        org: i64,
        applicant: i64,
        name: &str,
        region: &str,
        plan: Plan,
        start: Date,
        today: Date,
    ) -> Result<i64, DemoError> {
        let cw = self.cw.clone();
        let strong = !matches!(plan, Plan::Rejected | Plan::Returned);
        let mut rec = cw
            .create_draft(
                applicant,
                NewDraft {
                    org,
                    measure: measure.into(),
                    profile: profile(name, region, start, strong),
                    call: Some(ctx.call_of[measure].clone()),
                    routing_facts: Default::default(),
                },
            )
            .await
            .map_err(cwe(format!("{name}：创建申报")))?;
        let m = cw.library.get(measure).map(|m| m.measure.material.clone());
        for (n, mat) in m.unwrap_or_default().iter().enumerate() {
            if matches!(plan, Plan::Draft) && n >= 3 {
                break;
            }
            cw.attach(
                rec.id,
                applicant,
                &mat.id,
                demo_pdf(name, &mat.label),
                &format!("{}.pdf", mat.label),
            )
            .await
            .map_err(cwe(format!("{name}：上传{}", mat.label)))?;
        }
        rec = cw.case(rec.id).await.map_err(cwe("读取案件"))?;
        if matches!(plan, Plan::Draft) {
            return Ok(rec.id);
        }
        rec = cw
            .act(rec.id, rec.version, applicant, Action::Submit, start)
            .await
            .map_err(cwe(format!("{name}：提交申报")))?;
        let id = rec.id;
        let mut on = start;
        match plan {
            Plan::Submitted | Plan::Nothing | Plan::Draft => {}
            Plan::Returned => {
                let actor = self.actor_for(ctx, &rec)?;
                on = on.checked_add(3.days()).unwrap_or(on);
                cw.act(
                    rec.id,
                    rec.version,
                    actor,
                    Action::Return {
                        reason: "场所租赁合同复印件不清晰，入驻协议未加盖公章，请补正后重新提交"
                            .into(),
                    },
                    on,
                )
                .await
                .map_err(cwe(format!("{name}：退回")))?;
            }
            Plan::Rejected => {
                let (r, d) = self.drive(ctx, rec, on, Some("site-inspection")).await?;
                let actor = self.actor_for(ctx, &r)?;
                cw.act(
                    r.id,
                    r.version,
                    actor,
                    Action::Reject {
                        reason:
                            "实地考察发现实际运营面积与申报不符，公共服务场地已出租给非入驻企业"
                                .into(),
                    },
                    d.checked_add(2.days()).unwrap_or(d),
                )
                .await
                .map_err(cwe(format!("{name}：不予通过")))?;
            }
            Plan::Until(stage) => {
                let (r, d) = self.drive(ctx, rec, on, Some(stage)).await?;
                if stage == "expert-review" {
                    cw.assign_expert(
                        r.id,
                        r.version,
                        ctx.authority[measure],
                        ctx.expert,
                        None,
                        d.checked_add(1.day()).unwrap_or(d),
                    )
                    .await
                    .map_err(cwe(format!("{name}：指派专家")))?;
                }
            }
            Plan::Notice => {
                let (r, _) = self.drive(ctx, rec, on, Some("public-notice")).await?;
                let published = today.checked_sub(2.days()).unwrap_or(today);
                let r = cw
                    .act(
                        r.id,
                        r.version,
                        ctx.authority[measure],
                        Action::PublishNotice {
                            period: Some(Period {
                                days: 10,
                                ..Period::default()
                            }),
                        },
                        published,
                    )
                    .await
                    .map_err(cwe(format!("{name}：发布公示")))?;
                let m = cw.library.get(measure);
                let condition = m
                    .and_then(|m| m.measure.condition.first().map(|c| c.id.clone()))
                    .unwrap_or_default();
                cw.object(
                    r.id,
                    ObjectionTarget::Criterion { condition },
                    "该空间实际入驻团队远少于申报数量，多数工位长期空置。",
                    Some("匿名（电话 0991-0000000）"),
                    published.checked_add(1.day()).unwrap_or(published),
                )
                .await
                .map_err(cwe(format!("{name}：异议")))?;
            }
            Plan::Recognised => {
                let (r, d) = self.drive(ctx, rec, on, None).await?;
                let space = cw
                    .space_of_case(r.id)
                    .await
                    .map_err(cwe("名录"))?
                    .map(|s| s.id);
                if let Some(space) = space {
                    self.after_recognition(ctx, measure, space, applicant, d, today)
                        .await?;
                }
            }
        }
        Ok(id)
    }

    async fn after_recognition(
        &mut self,
        ctx: &Ctx,
        measure: &str,
        space: i64,
        applicant: i64,
        decided: Date,
        today: Date,
    ) -> Result<(), DemoError> {
        let cw = self.cw.clone();
        let filed = today
            .checked_sub(10.days())
            .unwrap_or(today)
            .max(decided.checked_add(1.day()).unwrap_or(decided));
        let values: workflow::filings::Filing = [
            ("premises.total_area_m2", 1100),
            ("premises.public_area_m2", 480),
            ("premises.workstations", 86),
            ("residents.current", 32),
            ("residents.new_in_period", 7),
            ("residents.graduated_in_period", 2),
            ("staff.total_excluding_property", 12),
            ("staff.professional_incubation", 8),
            ("mentors", 10),
            ("activities.in_period", 13),
            ("growth.financed_in_period", 2),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), rust_decimal::Decimal::from(v)))
        .collect();
        // Statistics where the measure asks for them (内蒙古 每半年, 新疆 on request): the half
        // the filing day falls in.
        let asks_statistics = cw.library.get(measure).is_some_and(|m| {
            m.measure
                .obligation_for(policy::model::FilingKind::Statistics)
                .is_some()
        });
        if asks_statistics {
            let period = format!(
                "{}H{}",
                filed.year(),
                if filed.month() <= 6 { 1 } else { 2 }
            );
            cw.file_statistics(space, applicant, &period, &values, filed)
                .await
                .map_err(cwe("统计数据上报"))?;
        }
        // A change reported and awaiting the authority's review, where the measure has one
        // (鞍山 第八条), so that the workbench shows the review to make.
        let reviews_changes = cw
            .library
            .get(measure)
            .is_some_and(|m| m.measure.change_review().is_some());
        if reviews_changes {
            // The space gave up part of its rented floor: smaller, still above 第五条's 500 m².
            let facts = [("premises.total_area_m2".to_string(), json!(1050))].into();
            cw.report_change(
                space,
                applicant,
                "面积范围变化：退租部分场地",
                &facts,
                filed,
                filed,
            )
            .await
            .map_err(cwe("重大事项变更报告"))?;
        }
        // A change reported and waiting for the unit of the area to pass it on, where the
        // measure routes reports through one (内蒙古 第十七条), so that the unit's workbench
        // shows the forwarding to do.
        let forwards_changes = cw
            .library
            .get(measure)
            .is_some_and(|m| m.measure.change_forwarding().is_some());
        if forwards_changes {
            cw.report_change(
                space,
                applicant,
                "经营方向变化：增设数字创意孵化方向",
                &Default::default(),
                filed,
                filed,
            )
            .await
            .map_err(cwe("重大事项变更报告"))?;
        }
        let has_appraisal = cw
            .library
            .get(measure)
            .is_some_and(|m| m.measure.appraisal.is_some());
        if measure == "anshan-2020" && has_appraisal {
            cw.record_appraisal(
                space,
                ctx.authority[measure],
                filed,
                &json!({ "grade": "good" }),
            )
            .await
            .map_err(cwe("绩效考核"))?;
        }
        Ok(())
    }

    /// The account that performs the case's current stage.
    fn actor_for(&self, ctx: &Ctx, rec: &CaseRecord) -> Result<i64, DemoError> {
        let m = self
            .cw
            .library
            .get(&rec.case.measure)
            .ok_or_else(|| DemoError::Password("办法不存在".into()))?;
        let CaseState::AtStage { stage, .. } = &rec.case.state else {
            return Ok(ctx.authority[m.id()]);
        };
        let kind = m
            .measure
            .procedure
            .stage
            .iter()
            .find(|s| &s.id == stage)
            .and_then(|s| m.measure.role(&s.role))
            .map(|r| r.kind);
        let key = JURISDICTIONS
            .iter()
            .find(|j| j.measure == m.id())
            .map_or("", |j| j.measure);
        Ok(match kind {
            Some(RoleKind::RecommendingUnit) => ctx.recommender[key],
            _ => ctx.authority[key],
        })
    }

    /// Drives a case to the stage `until` (or to recognition), a few days per step.
    async fn drive(
        &mut self,
        ctx: &Ctx,
        mut rec: CaseRecord,
        mut on: Date,
        until: Option<&str>,
    ) -> Result<(CaseRecord, Date), DemoError> {
        let cw = self.cw.clone();
        let m = cw
            .library
            .get(&rec.case.measure)
            .ok_or_else(|| DemoError::Password("办法不存在".into()))?;
        let measure = m.id().to_string();
        let authority = ctx.authority[m.id()];
        while let CaseState::AtStage { stage, .. } = rec.case.state.clone() {
            if until == Some(stage.as_str()) {
                break;
            }
            let Some(st) = m
                .measure
                .procedure
                .stage
                .iter()
                .find(|s| s.id == stage)
                .cloned()
            else {
                break;
            };
            let actor = self.actor_for(ctx, &rec)?;
            on = on.checked_add(3.days()).unwrap_or(on);
            let ctxt = format!("{measure} {}", st.label);
            match st.kind {
                StageKind::PublicNotice => {
                    rec = cw
                        .act(
                            rec.id,
                            rec.version,
                            actor,
                            Action::PublishNotice {
                                period: Some(Period {
                                    days: 7,
                                    ..Period::default()
                                }),
                            },
                            on,
                        )
                        .await
                        .map_err(cwe(&ctxt))?;
                    on = rec
                        .case
                        .notice
                        .map_or(on, |n| n.ends_on.checked_add(1.day()).unwrap_or(on));
                }
                StageKind::SiteInspection => {
                    let visit = workflow::review::NewInspection {
                        visited_on: on,
                        inspectors: vec!["张明".into(), "李华".into()],
                        consistent: true,
                        note: "实测场地面积、工位数和公共服务区与申报材料一致，服务记录齐全".into(),
                        // The area and workstations as counted on the visit: as declared.
                        measured: ["total_area_m2", "workstations"]
                            .into_iter()
                            .filter_map(|f| {
                                let v = rec.profile.get("premises")?.get(f)?;
                                Some((format!("premises.{f}"), v.clone()))
                            })
                            .collect(),
                    };
                    rec = cw
                        .record_inspection(rec.id, rec.version, actor, &visit, on)
                        .await
                        .map_err(cwe(&ctxt))?;
                }
                StageKind::ExpertReview => {
                    rec = cw
                        .assign_expert(rec.id, rec.version, authority, ctx.expert, None, on)
                        .await
                        .map_err(cwe(&ctxt))?;
                    rec = cw
                        .score(
                            rec.id,
                            rec.version,
                            ctx.expert,
                            88,
                            "场地与服务体系完整，导师队伍较强，建议通过",
                        )
                        .await
                        .map_err(cwe(&ctxt))?;
                }
                StageKind::Decision => {
                    let number =
                        format!("{}〔{}〕{}号", doc_prefix(&measure), on.year(), 10 + rec.id);
                    rec = cw
                        .act(
                            rec.id,
                            rec.version,
                            actor,
                            Action::Decide {
                                recognised: true,
                                document_number: number,
                                reason: None,
                            },
                            on,
                        )
                        .await
                        .map_err(cwe(&ctxt))?;
                    return Ok((rec, on));
                }
                _ => {}
            }
            rec = cw
                .act(
                    rec.id,
                    rec.version,
                    actor,
                    Action::Complete {
                        note: complete_note(st.kind).into(),
                    },
                    on,
                )
                .await
                .map_err(cwe(&ctxt))?;
        }
        Ok((rec, on))
    }
}

fn doc_prefix(measure: &str) -> &'static str {
    match measure {
        "inner-mongolia-2020" => "内科高字",
        "xinjiang-2019" => "新科高字",
        "shuozhou-2016" => "朔科字",
        _ => "鞍科发",
    }
}

fn complete_note(kind: StageKind) -> &'static str {
    match kind {
        StageKind::PreliminaryReview => "材料齐全，符合申报条件，同意推荐（推荐函已上传）",
        StageKind::SiteInspection => "实地核查：场地、工位、公共服务区与申报一致",
        StageKind::ReReview => "复审通过，材料真实完整",
        StageKind::CreditReview => "信用审查：未发现严重失信记录",
        StageKind::Shortlist => "经研究，列入拟认定名单",
        StageKind::PublicNotice => "公示期满，无异议",
        StageKind::ExpertReview => "专家评审完成，平均分 88 分",
        _ => "办结",
    }
}

/// A small, valid PDF standing for an uploaded material.
pub fn demo_pdf(space: &str, material: &str) -> Vec<u8> {
    let _ = (space, material);
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n".to_vec()
}
