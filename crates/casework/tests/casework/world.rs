//! A small world for the tests: the service over a test store, organisations and accounts for
//! each party, and a driver that takes a case through its measure's whole procedure through the
//! service only.

#![allow(dead_code)]

use std::sync::{Arc, OnceLock};

use casework::{CaseRecord, Casework, DraftChanges, NewCall, NewDraft};
use jiff::ToSpan;
use jiff::civil::{Date, date};
use policy::Library;
use policy::law::Period;
use policy::model::{RoleKind, StageKind};
use store::{AccountRole, NewAccount, NewOrganisation, Store};
use workflow::case::{Action, CaseState};

use testkit::TestDb;

/// The four measures with a district of each.
pub const MEASURES: [(&str, &str); 4] = [
    ("inner-mongolia-2020", "150102"),
    ("xinjiang-2019", "650102"),
    ("shuozhou-2016", "140602"),
    ("anshan-2020", "210302"),
];

fn library() -> Arc<Library> {
    static LIB: OnceLock<Arc<Library>> = OnceLock::new();
    LIB.get_or_init(|| Arc::new(Library::embedded().expect("policies load")))
        .clone()
}

/// The administrator who sets up organisations and accounts.
pub fn admin() -> store::Actor {
    store::Actor::system()
}

/// The world of one test.
pub struct World {
    /// The service.
    pub cw: Casework,
    /// The authority's account.
    pub authority: i64,
    /// An expert's account.
    pub expert: i64,
    next: std::sync::atomic::AtomicU32,
}

impl World {
    /// Opens the store and creates the authority and an expert.
    pub async fn new(db: &TestDb) -> Self {
        let store: Store = db.open().await;
        let cw = Casework::new(store, library());
        let mut w = Self {
            cw,
            authority: 0,
            expert: 0,
            next: std::sync::atomic::AtomicU32::new(1),
        };
        w.authority = w.account(AccountRole::Authority, None, None).await;
        w.expert = w.account(AccountRole::Expert, None, None).await;
        w
    }

    /// The store.
    pub fn store(&self) -> &Store {
        &self.cw.store
    }

    /// An account.
    pub async fn account(&self, role: AccountRole, org: Option<i64>, region: Option<&str>) -> i64 {
        let tx = self.store().begin().await.unwrap();
        let a = store::account::create(
            &tx,
            &admin(),
            NewAccount {
                name: format!("{}用户", role.as_str()),
                role,
                region_code: region.map(str::to_string),
                organisation_id: org,
            },
        )
        .await
        .unwrap();
        tx.commit().await.unwrap();
        a.id
    }

    /// An organisation in `region` with an applicant account: (org id, account id).
    pub async fn applicant(&self, region: &str) -> (i64, i64) {
        let n = self.next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let tx = self.store().begin().await.unwrap();
        let o = store::organisation::create(
            &tx,
            &admin(),
            NewOrganisation {
                credit_code: code(n),
                name: format!("第{n}众创空间运营有限公司"),
                region_code: Some(region.into()),
            },
        )
        .await
        .unwrap();
        tx.commit().await.unwrap();
        let a = self.account(AccountRole::Applicant, Some(o.id), None).await;
        (o.id, a)
    }

    /// A recommending unit's account holding `role` for `region`.
    pub async fn recommender(&self, role: &str, region: &str) -> i64 {
        let a = self
            .account(AccountRole::RecommendingUnit, None, Some(region))
            .await;
        self.cw
            .grant_policy_role(&admin(), a, None, role)
            .await
            .unwrap();
        a
    }

    /// The submission date and call for a measure: Shuozhou answers the policy's 2022 call;
    /// the others a call the authority opens for 2024.
    pub async fn call_for(&self, measure: &str) -> (Date, String) {
        if measure == "shuozhou-2016" {
            return (date(2022, 12, 1), "shuozhou-2022".into());
        }
        let id = format!("{measure}-2024");
        if !self
            .cw
            .calls(measure)
            .await
            .unwrap()
            .iter()
            .any(|c| c.id == id)
        {
            self.cw
                .open_call(
                    self.authority,
                    NewCall {
                        id: id.clone(),
                        measure: measure.into(),
                        title: "2024年众创空间申报通知".into(),
                        year: 2024,
                        opens_on: Some(date(2024, 1, 2)),
                        deadline: date(2024, 6, 28),
                    },
                )
                .await
                .unwrap();
        }
        (date(2024, 3, 1), id)
    }

    /// A draft with every listed material attached.
    pub async fn draft(&self, measure: &str, org: i64, applicant: i64, call: &str) -> CaseRecord {
        let rec = self
            .cw
            .create_draft(
                applicant,
                NewDraft {
                    org,
                    measure: measure.into(),
                    profile: serde_json::json!({ "as_of": "2024-01-01" }),
                    call: Some(call.into()),
                    routing_facts: Default::default(),
                },
            )
            .await
            .unwrap();
        let m = self.cw.library.get(measure).unwrap();
        for mat in &m.measure.material {
            self.cw
                .attach(
                    rec.id,
                    applicant,
                    &mat.id,
                    format!("%PDF-1.4\n{}\n%%EOF", mat.id).into_bytes(),
                    &format!("{}.pdf", mat.id),
                )
                .await
                .unwrap();
        }
        self.cw.case(rec.id).await.unwrap()
    }

    /// A submitted case of a new applicant: (case, org, applicant account, submission date).
    pub async fn submitted(&self, measure: &str, region: &str) -> (CaseRecord, i64, i64, Date) {
        let (on, call) = self.call_for(measure).await;
        let (org, acc) = self.applicant(region).await;
        let d = self.draft(measure, org, acc, &call).await;
        let c = self
            .cw
            .act(d.id, d.version, acc, Action::Submit, on)
            .await
            .unwrap();
        (c, org, acc, on)
    }

    /// `actor` publishes the notice of a case at its public-notice stage on `on`, for 7 days
    /// (新疆 sets no period: the publisher gives one).
    pub async fn publish_notice(&self, rec: &CaseRecord, actor: i64, on: Date) -> CaseRecord {
        self.cw
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
            .unwrap()
    }

    /// The account that performs the case's current stage.
    pub async fn actor_for(&self, rec: &CaseRecord, stage_id: &str) -> i64 {
        let m = self.cw.library.get(&rec.case.measure).unwrap();
        let stage = m
            .measure
            .procedure
            .stage
            .iter()
            .find(|s| s.id == stage_id)
            .unwrap();
        match m.measure.role(&stage.role).unwrap().kind {
            RoleKind::RecommendingUnit => {
                let routed = rec.case.route_role.clone().unwrap_or(stage.role.clone());
                self.recommender(&routed, rec.case.applicant_region.as_str())
                    .await
            }
            _ => self.authority,
        }
    }

    /// Drives a case to the stage `until` (or to a positive decision when `None`), through the
    /// service only. Returns the case and the last action's date.
    pub async fn drive(
        &self,
        mut rec: CaseRecord,
        mut on: Date,
        until: Option<&str>,
    ) -> (CaseRecord, Date) {
        let m = self.cw.library.get(&rec.case.measure).unwrap();
        while let CaseState::AtStage { stage, .. } = rec.case.state.clone() {
            if until == Some(stage.as_str()) {
                break;
            }
            let st = m
                .measure
                .procedure
                .stage
                .iter()
                .find(|s| s.id == stage)
                .unwrap()
                .clone();
            let actor = self.actor_for(&rec, &st.id).await;
            on = on.checked_add(1.day()).unwrap();
            match st.kind {
                StageKind::PublicNotice => {
                    rec = self.publish_notice(&rec, actor, on).await;
                    on = rec
                        .case
                        .notice
                        .unwrap()
                        .ends_on
                        .checked_add(1.day())
                        .unwrap();
                }
                StageKind::SiteInspection => {
                    let visit = workflow::review::NewInspection {
                        visited_on: on,
                        inspectors: vec!["核查员甲".into(), "核查员乙".into()],
                        consistent: true,
                        note: "场地面积、工位数与申报一致".into(),
                        measured: Default::default(),
                    };
                    rec = self
                        .cw
                        .record_inspection(rec.id, rec.version, actor, &visit, on)
                        .await
                        .unwrap();
                }
                StageKind::ExpertReview => {
                    rec = self
                        .cw
                        .assign_expert(rec.id, rec.version, self.authority, self.expert, None, on)
                        .await
                        .unwrap();
                    rec = self
                        .cw
                        .score(rec.id, rec.version, self.expert, 85, "条件具备")
                        .await
                        .unwrap();
                }
                StageKind::Decision => {
                    rec = self
                        .cw
                        .act(
                            rec.id,
                            rec.version,
                            actor,
                            Action::Decide {
                                recognised: true,
                                document_number: "测试〔2024〕1号".into(),
                                reason: None,
                            },
                            on,
                        )
                        .await
                        .unwrap();
                    return (rec, on);
                }
                _ => {}
            }
            rec = self
                .cw
                .act(
                    rec.id,
                    rec.version,
                    actor,
                    Action::Complete {
                        note: format!("{}：同意", st.label),
                    },
                    on,
                )
                .await
                .unwrap();
        }
        (rec, on)
    }

    /// A recognised space of a new applicant: (space id, org, applicant account, decision date).
    pub async fn recognised(&self, measure: &str, region: &str) -> (i64, i64, i64, Date) {
        self.recognised_on(measure, region, None).await
    }

    /// [`Self::recognised`], the application declaring `profile` where one is given.
    pub async fn recognised_on(
        &self,
        measure: &str,
        region: &str,
        profile: Option<serde_json::Value>,
    ) -> (i64, i64, i64, Date) {
        let (on, call) = self.call_for(measure).await;
        let (org, acc) = self.applicant(region).await;
        let mut d = self.draft(measure, org, acc, &call).await;
        if let Some(profile) = profile {
            d = self
                .cw
                .update_draft(
                    d.id,
                    d.version,
                    acc,
                    DraftChanges {
                        profile: Some(profile),
                        ..DraftChanges::default()
                    },
                )
                .await
                .unwrap();
        }
        let rec = self
            .cw
            .act(d.id, d.version, acc, Action::Submit, on)
            .await
            .unwrap();
        let (rec, decided) = self.drive(rec, on, None).await;
        assert_eq!(rec.case.state, CaseState::Recognised);
        let s = self.cw.space_of_case(rec.id).await.unwrap().unwrap();
        (s.id, org, acc, decided)
    }

    /// The number of audit entries and the chain's last hash.
    pub async fn chain(&self) -> (u64, String) {
        let r = store::audit::verify(self.store().db()).await.unwrap();
        assert!(r.is_intact(), "{:?}", r.first_break);
        (r.entries, r.last_hash)
    }
}

/// A valid credit code numbered `n`.
pub fn code(n: u32) -> String {
    store::credit_code::complete(&format!("91140600{n:08}")).unwrap()
}
