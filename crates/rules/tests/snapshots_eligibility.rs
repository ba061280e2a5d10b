//! Snapshots of the Chinese text report and the JSON report, one case per measure:
//! Inner Mongolia ineligible (with the way to eligible), Xinjiang eligible, Shuozhou late for the
//! 2022 call, Anshan incomplete. The policy hash is redacted so an edit of a policy's comments
//! does not churn the snapshots; the condition texts still do, deliberately.

mod common;

use common::*;
use rules::eligibility::{EligibilityReport, render};
use rules::profile::{Application, FactValue};

fn snapshot(name: &str, r: &EligibilityReport) {
    let text = render::text(r).replace(&r.receipt.policy_hash, "[policy_hash]");
    insta::assert_snapshot!(format!("{name}_text"), text);
    insta::assert_json_snapshot!(format!("{name}_json"), r, { ".receipt.policy_hash" => "[policy_hash]" });
}

#[test]
fn inner_mongolia_ineligible() {
    // 第六条（二）: 450㎡, 200㎡ public; 第六条（四）: 2 staff.
    let id = "inner-mongolia-2020";
    let p = with(
        &passing(id),
        &[
            ("premises.total_area_m2", q("450")),
            ("premises.public_area_m2", q("200")),
            ("staff.management_service", q("2")),
        ],
    );
    snapshot(id, &check(id, &p));
}

#[test]
fn xinjiang_eligible() {
    let id = "xinjiang-2019";
    snapshot(id, &check(id, &passing(id)));
}

#[test]
fn shuozhou_late() {
    // 《申报通知》四: submitted a day after 2022-12-09.
    let id = "shuozhou-2016";
    let mut p = as_of(&passing(id), "2022-12-10");
    p.application = Some(Application {
        submitted_on: d("2022-12-10"),
        call: Some("shuozhou-2022".into()),
    });
    let p = with(
        &reparse(&p).unwrap(),
        &[("premises.in_college", FactValue::Bool(true))],
    );
    snapshot(id, &check(id, &p));
}

#[test]
fn anshan_incomplete() {
    // 第五条第6项: no activity count given.
    let id = "anshan-2020";
    snapshot(
        id,
        &check(id, &without(&passing(id), &["activities.last_year"])),
    );
}
