//! A recognised space's dossier over the API (issue 7: obligations and filings, change reports,
//! rectifications, revocations): who may read it and what it says; a filing read whole; the
//! authority's change noted and its discretionary revocation (朔州 第十条); a rectification
//! report refused where no rectification runs. Each refusal names its field and changes nothing.

use super::portal::space_under;
use super::*;

both_backends!(
    the_dossier_is_read_by_its_operator_and_the_staff_over_it_only,
    the_authority_notes_a_change_and_revokes_on_a_discretionary_ground,
    a_fraud_finding_is_listed_with_the_bans_it_brings,
    a_reported_change_is_reviewed_over_the_api,
    a_statistics_request_over_the_api_falls_due_in_the_dossier,
);

async fn a_statistics_request_over_the_api_falls_due_in_the_dossier(db: TestDb) {
    // 新疆 第六条第10项: 按照自治区科技厅的要求上报统计数据.
    let env = Env::new(&db).await;
    env.set_date(date(2024, 9, 2));
    let c = cast(&env).await;
    let (space, cookie, csrf) = space_under(&env, "xj-owner", "xinjiang-2019", "650102").await;
    let owner = Who::Session(cookie, csrf);
    let body = json!({ "measure": "xinjiang-2019", "period": "2024H1", "deadline": "2024-09-30" });
    let r = env
        .post("/api/v1/statistics-requests", &owner, body.clone())
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.text());
    for (sent, field) in [
        (
            json!({ "measure": "inner-mongolia-2020", "period": "2024H1", "deadline": "2024-09-30" }),
            "measure",
        ),
        (
            json!({ "measure": "xinjiang-2019", "period": "上半年", "deadline": "2024-09-30" }),
            "period",
        ),
        (
            json!({ "measure": "xinjiang-2019", "period": "2024H1", "deadline": "2024-09-02" }),
            "deadline",
        ),
    ] {
        let r = env
            .post("/api/v1/statistics-requests", &c.authority, sent.clone())
            .await;
        assert_eq!(
            r.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{sent}: {}",
            r.text()
        );
        assert_eq!(body_of(&r)["field"], field, "{sent}: {}", r.text());
        assert_eq!(body_of(&r)["code"], "request_refused");
    }
    let sent = ok(
        &env.post("/api/v1/statistics-requests", &c.authority, body)
            .await,
        StatusCode::CREATED,
    );
    assert_eq!(sent["spaces"], 1);
    let d = ok(
        &env.get(&format!("/api/v1/register/{space}/dossier"), &owner)
            .await,
        StatusCode::OK,
    );
    assert!(
        d["obligations"]
            .as_array()
            .unwrap()
            .iter()
            .any(|o| o["kind"] == "待报送"
                && o["text"] == "按要求上报统计数据（2024年上半年），2024-09-30 前"
                && o["cite"] == "第六条第10项"),
        "{d}"
    );
    // The statistics form names the request and offers its period.
    let page = env
        .get(&format!("/portal/spaces/{space}/statistics"), &owner)
        .await
        .text();
    assert!(
        page.contains("要求报送：</p><ul><li>2024年上半年的统计数据，截止 2024-09-30（含当日）"),
        "{page}"
    );
    assert!(
        page.contains("name=\"period\" type=\"text\" value=\"2024H1\""),
        "{page}"
    );
    // The applicant's start page lists it among the space's duties.
    let home = env.get("/portal", &owner).await.text();
    assert!(
        home.contains("按要求上报统计数据（2024年上半年）（2024-09-30 前）"),
        "{home}"
    );
    // And what missing it brings (第十二条).
    assert!(
        page.contains("逾期未报送的：「未上报统计数据」（第十二条）：取消资格"),
        "{page}"
    );
}

async fn a_reported_change_is_reviewed_over_the_api(db: TestDb) {
    // 鞍山 第八条: 经市科技局审核后，符合本办法要求的，同意变更.
    let env = Env::new(&db).await;
    env.set_date(date(2024, 9, 2));
    let c = cast(&env).await;
    let (space, cookie, csrf) = space_under(&env, "owner", MEASURE, REGION).await;
    let owner = Who::Session(cookie, csrf);
    ok(
        &env.post(
            &format!("/api/v1/register/{space}/changes"),
            &owner,
            json!({ "what": "场地位置变更", "occurred_on": "2024-08-15" }),
        )
        .await,
        StatusCode::CREATED,
    );
    let dossier = format!("/api/v1/register/{space}/dossier");
    let d = ok(&env.get(&dossier, &c.authority).await, StatusCode::OK);
    assert_eq!(d["changes"][0]["n"], 1);
    assert_eq!(d["changes"][0]["review"], "pending");
    assert!(
        d["obligations"]
            .as_array()
            .unwrap()
            .iter()
            .any(|o| o["kind"] == "待审核" && o["cite"] == "第八条"),
        "{d}"
    );
    let review = format!("/api/v1/register/{space}/changes/1/review");
    let chain = env.chain().await;
    for (who, body, status, field) in [
        (
            &owner,
            json!({ "agreed": true }),
            StatusCode::FORBIDDEN,
            None,
        ),
        (
            &c.authority,
            json!({ "agreed": false, "note": "" }),
            StatusCode::UNPROCESSABLE_ENTITY,
            Some("note"),
        ),
        (
            &c.authority,
            json!({ "agreed": true, "on": "2024-09-01" }),
            StatusCode::UNPROCESSABLE_ENTITY,
            Some("on"),
        ),
    ] {
        let r = env.post(&review, who, body.clone()).await;
        assert_eq!(r.status, status, "{body}: {}", r.text());
        if let Some(field) = field {
            assert_eq!(body_of(&r)["field"], field, "{}", r.text());
            assert_eq!(body_of(&r)["code"], "review_refused");
        }
    }
    let r = env
        .post(
            &format!("/api/v1/register/{space}/changes/2/review"),
            &c.authority,
            json!({ "agreed": true }),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body_of(&r)["field"], "change");
    assert_eq!(env.chain().await, chain);
    let done = ok(
        &env.post(
            &review,
            &c.authority,
            json!({ "agreed": true, "note": "新址面积 600 平方米" }),
        )
        .await,
        StatusCode::OK,
    );
    assert_eq!(done["status"], "active");
    assert_eq!(done["cite"], "第八条");
    let d = ok(&env.get(&dossier, &owner).await, StatusCode::OK);
    assert_eq!(d["changes"][0]["review"], "agreed");
    assert_eq!(d["changes"][0]["reviewed_on"], "2024-09-02");
    assert_eq!(d["changes"][0]["review_note"], "新址面积 600 平方米");
}

async fn a_fraud_finding_is_listed_with_the_bans_it_brings(db: TestDb) {
    // 朔州 第九条: “2年内不再受理其认定申请” after false materials.
    let env = Env::new(&db).await;
    env.set_date(date(2024, 9, 2));
    let c = cast(&env).await;
    let (space, cookie, csrf) = space_under(&env, "sz-owner", "shuozhou-2016", "140602").await;
    let owner = Who::Session(cookie, csrf);
    let org = casework::Casework::new(env.store.clone(), library())
        .space(space)
        .await
        .unwrap()
        .org_id;
    let list = ok(
        &env.get("/api/v1/fraud-findings", &c.authority).await,
        StatusCode::OK,
    );
    assert_eq!(list, json!([]));
    ok(
        &env.post(
            "/api/v1/fraud-findings",
            &c.authority,
            json!({ "org": org, "found_on": "2024-09-01", "body": "申报材料中的场地租赁合同系伪造", "cite": "朔州 第九条" }),
        )
        .await,
        StatusCode::CREATED,
    );
    let list = ok(
        &env.get("/api/v1/fraud-findings", &c.admin).await,
        StatusCode::OK,
    );
    assert_eq!(list.as_array().unwrap().len(), 1, "{list}");
    assert_eq!(list[0]["org_id"], org);
    assert_eq!(list[0]["found_on"], "2024-09-01");
    let bans = list[0]["bans"].as_array().unwrap();
    let sz = bans
        .iter()
        .find(|b| b["measure"] == "shuozhou-2016")
        .unwrap_or_else(|| panic!("{list}"));
    // Two years from 2024-09-01, the finding day not counted: the last day is 2026-09-01.
    assert_eq!(sz["until"], "2026-09-01", "{sz}");
    for who in [&owner, &c.county, &c.expert] {
        let r = env.get("/api/v1/fraud-findings", who).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.text());
    }
}

fn body_of(r: &Reply) -> Value {
    serde_json::from_str(&r.text()).unwrap()
}

async fn the_dossier_is_read_by_its_operator_and_the_staff_over_it_only(db: TestDb) {
    let env = Env::new(&db).await;
    env.set_date(date(2024, 9, 2));
    let c = cast(&env).await;
    let (space, cookie, csrf) = space_under(&env, "owner", MEASURE, REGION).await;
    let owner = Who::Session(cookie, csrf);
    // 鞍山 第八条: a change reported within three months.
    let filed = ok(
        &env.post(
            &format!("/api/v1/register/{space}/changes"),
            &owner,
            json!({ "what": "场地位置变更", "occurred_on": "2024-08-15" }),
        )
        .await,
        StatusCode::CREATED,
    );
    let filing = filed["id"].as_i64().unwrap();

    let dossier = format!("/api/v1/register/{space}/dossier");
    let d = ok(&env.get(&dossier, &owner).await, StatusCode::OK);
    assert_eq!(d["space_id"], space);
    assert_eq!(d["on"], "2024-09-02");
    assert_eq!(d["entry"]["id"], space);
    assert_eq!(d["entry"]["status"], "active");
    assert_eq!(d["appraisals"], json!([]));
    assert_eq!(d["filings"].as_array().unwrap().len(), 1, "{d}");
    assert_eq!(d["filings"][0]["id"], filing);
    assert_eq!(d["filings"][0]["kind"], "change_report");
    assert_eq!(d["filings"][0]["kind_label"], "重大事项变更报告");
    assert_eq!(d["changes"][0]["what"], "场地位置变更");
    assert_eq!(d["changes"][0]["reported_on"], "2024-09-02");
    // Reported in time: nothing due from the space for the change, only the authority's review
    // (第八条). 鞍山 第七条's yearly 绩效评价 of a space recognised on 2023-06-01 is the
    // authority's, a year on, and not made.
    let obligations = d["obligations"].as_array().unwrap();
    let about_change: Vec<&Value> = obligations
        .iter()
        .filter(|o| o["text"].as_str().unwrap().contains("场地位置变更"))
        .collect();
    assert_eq!(about_change.len(), 1, "{d}");
    assert_eq!(about_change[0]["kind"], "待审核");
    assert!(
        obligations.iter().any(|o| o["kind"] == "逾期"
            && o["cite"] == "第七条"
            && o["text"] == "绩效评价：应于 2024-06-01 前进行，尚未进行"),
        "{d}"
    );

    let one = format!("/api/v1/register/{space}/filings/{filing}");
    let f = ok(&env.get(&one, &owner).await, StatusCode::OK);
    assert_eq!(f["values"]["what"], "场地位置变更");
    assert_eq!(f["values"]["occurred_on"], "2024-08-15");
    assert_eq!(f["filing"]["period_label"], "场地位置变更");
    assert_eq!(f["filing"]["filed_on"], "2024-09-02");

    // The staff over it read it; an administrator too.
    let (_, elsewhere) = env
        .account(
            "elsewhere",
            AccountRole::RecommendingUnit,
            None,
            Some("210400"),
            None,
        )
        .await;
    let (_, stranger_space) = {
        let (s, cookie, csrf) = space_under(&env, "stranger", MEASURE, REGION).await;
        (s, Who::Session(cookie, csrf))
    };
    for (who, name) in [
        (&c.authority, "authority"),
        (&c.county, "county"),
        (&c.admin, "admin"),
    ] {
        assert_eq!(
            env.get(&dossier, who).await.status,
            StatusCode::OK,
            "{name}"
        );
        assert_eq!(env.get(&one, who).await.status, StatusCode::OK, "{name}");
    }
    // Another organisation's applicant, an expert, a unit of another area: 403; no account 401.
    for (who, name) in [
        (&stranger_space, "another organisation"),
        (&c.applicant, "applicant without the space"),
        (&c.expert, "expert"),
        (&elsewhere, "unit of another area"),
    ] {
        for path in [&dossier, &one] {
            let r = env.get(path, who).await;
            assert_eq!(
                r.status,
                StatusCode::FORBIDDEN,
                "{name} {path}: {}",
                r.text()
            );
        }
    }
    assert_eq!(
        env.get(&dossier, &Who::Public).await.status,
        StatusCode::UNAUTHORIZED
    );
    // The filing under another space's number: not found.
    let other = space_under(&env, "third", MEASURE, REGION).await.0;
    let r = env
        .get(
            &format!("/api/v1/register/{other}/filings/{filing}"),
            &c.authority,
        )
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND, "{}", r.text());
}

async fn the_authority_notes_a_change_and_revokes_on_a_discretionary_ground(db: TestDb) {
    let env = Env::new(&db).await;
    env.set_date(date(2024, 9, 2));
    let c = cast(&env).await;
    let (anshan, cookie, csrf) = space_under(&env, "owner", MEASURE, REGION).await;
    let owner = Who::Session(cookie, csrf);
    let (shuozhou, ..) = space_under(&env, "sz-owner", "shuozhou-2016", "140602").await;
    let chain = env.chain().await;

    // A change the operator did not report: the operator may not note one; 鞍山 watches it.
    let noted = format!("/api/v1/register/{anshan}/changes/noted");
    let change = json!({ "what": "运营主体变更", "occurred_on": "2024-08-01" });
    let r = env.post(&noted, &owner, change.clone()).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.text());
    let r = env
        .post(
            &noted,
            &c.authority,
            json!({ "what": " ", "occurred_on": "2024-08-01" }),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body_of(&r)["errors"][0]["field"], "what", "{}", r.text());
    assert_eq!(env.chain().await, chain);
    let r = env.post(&noted, &c.authority, change.clone()).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.text());
    let d = ok(
        &env.get(&format!("/api/v1/register/{anshan}/dossier"), &c.authority)
            .await,
        StatusCode::OK,
    );
    assert_eq!(d["changes"][0]["what"], "运营主体变更");
    assert_eq!(d["changes"][0]["reported_on"], Value::Null);
    // 朔州 asks for no change reports: nothing to watch, refused.
    let chain = env.chain().await;
    let r = env
        .post(
            &format!("/api/v1/register/{shuozhou}/changes/noted"),
            &c.authority,
            change,
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text());
    assert_eq!(body_of(&r)["code"], "filing_not_asked");
    assert_eq!(env.chain().await, chain);

    // 朔州 第十条: 违反管理规定情节严重 is the authority's to decide, with its reasons.
    let revoke = format!("/api/v1/register/{shuozhou}/revocations");
    for (sent, field) in [
        (
            json!({ "revocation": "no-such-ground", "reason": "x" }),
            "revocation",
        ),
        (
            json!({ "revocation": "fraud", "reason": "x" }),
            "revocation",
        ),
        (
            json!({ "revocation": "rule-violation", "reason": "  " }),
            "reason",
        ),
        (
            json!({ "revocation": "rule-violation", "reason": "x", "on": "2023-05-31" }),
            "on",
        ),
    ] {
        let r = env.post(&revoke, &c.authority, sent.clone()).await;
        assert_eq!(
            r.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{sent}: {}",
            r.text()
        );
        let b = body_of(&r);
        assert_eq!(b["code"], "sanction_refused", "{b}");
        assert_eq!(b["field"], field, "{sent}: {b}");
    }
    let reasons = json!({ "revocation": "rule-violation", "reason": "多次拒绝配合检查，情节严重" });
    let r = env.post(&revoke, &owner, reasons.clone()).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.text());
    assert_eq!(env.chain().await, chain);
    let done = ok(
        &env.post(&revoke, &c.authority, reasons.clone()).await,
        StatusCode::CREATED,
    );
    assert_eq!(done["status"], "revoked");
    assert_eq!(done["cite"], "第十条");
    let public = ok(
        &env.get(&format!("/api/v1/register/{shuozhou}"), &Who::Public)
            .await,
        StatusCode::OK,
    );
    assert_eq!(public["entry"]["status"], "revoked");
    let r = env.post(&revoke, &c.authority, reasons).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body_of(&r)["code"], "space_not_active", "{}", r.text());

    // No failing appraisal, no rectification: the report is refused on the space.
    let chain = env.chain().await;
    let r = env
        .post(
            &format!("/api/v1/register/{anshan}/rectification-reports"),
            &owner,
            json!({ "text": "已整改完毕" }),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text());
    let b = body_of(&r);
    assert_eq!(b["code"], "rectification_refused");
    assert_eq!(b["field"], "space");
    assert_eq!(env.chain().await, chain);
}
