//! Who the pages name: the applicants on record (what an expert may declare a relation with and
//! a finding of fraud may name) and the recommending units a case is routed to. On SQLite and
//! PostgreSQL.

use store::{AccountRole, NewAccount};
use testkit::TestDb;
use testkit::both_backends;

use crate::world::{World, admin};

both_backends!(applicants_on_record_leave_out_drafts_and_bureaus);
both_backends!(the_routed_unit_is_named_nearest_first);

async fn applicants_on_record_leave_out_drafts_and_bureaus(db: TestDb) {
    let w = World::new(&db).await;
    let measure = "inner-mongolia-2020";
    let (_, applied, _, _) = w.submitted(measure, "150102").await;
    let (draft_only, account) = w.applicant("150103").await;
    let (_, call) = w.call_for(measure).await;
    w.draft(measure, draft_only, account, &call).await;
    let on_record = w.cw.applicants_on_record().await.unwrap();
    let ids: Vec<i64> = on_record.iter().map(|o| o.id).collect();
    assert!(ids.contains(&applied), "{on_record:?}");
    assert!(
        !ids.contains(&draft_only),
        "a draft is no one's business yet"
    );
    // In name order, each once.
    let mut sorted = on_record.clone();
    sorted.sort_by(|a, b| a.name.cmp(&b.name));
    sorted.dedup();
    assert_eq!(sorted, on_record);
}

/// A recommending unit's account named `name`, holding `role` for every measure, over `area`.
async fn unit(w: &World, name: &str, role: &str, area: &str) {
    let tx = w.store().begin().await.unwrap();
    let a = store::account::create(
        &tx,
        &admin(),
        NewAccount {
            name: name.into(),
            role: AccountRole::RecommendingUnit,
            region_code: Some(area.into()),
            organisation_id: None,
        },
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    w.cw.grant_policy_role(&admin(), a.id, None, role)
        .await
        .unwrap();
}

async fn the_routed_unit_is_named_nearest_first(db: TestDb) {
    let w = World::new(&db).await;
    // 内蒙古 第八条: a space applies through its league or city bureau (盟市科技局).
    let measure = "inner-mongolia-2020";
    let (rec, _, _, _) = w.submitted(measure, "150102").await;
    let role = rec.case.route_role.clone().expect("routed");
    unit(&w, "内蒙古自治区（全区）", &role, "150000").await;
    unit(&w, "呼和浩特市科学技术局", &role, "150100").await;
    // Another role, another area: not the unit routed to.
    unit(&w, "其他角色", "no-such-role", "150100").await;
    unit(&w, "鞍山市科学技术局", &role, "210300").await;
    let units =
        w.cw.recommending_units(measure, &role, "150102")
            .await
            .unwrap();
    assert_eq!(units, ["呼和浩特市科学技术局", "内蒙古自治区（全区）"]);
}
