//! 新疆 第六条第10项: 按照自治区科技厅的要求上报统计数据; 第十二条: 未上报统计数据的众创空间取消
//! 自治区众创空间备案资格. The authority's request is due until its deadline, answered by the
//! statistics of its period, and, left unanswered past the deadline, revokes the space at the
//! daily run. A request the measure does not provide for, a bad period or deadline: refused by
//! field, nothing changed.

use casework::CaseworkError;
use casework::requests::RequestError;
use jiff::ToSpan;
use jiff::civil::date;
use policy::model::FilingKind;
use workflow::filings::period_words;
use workflow::lifecycle::{Finding, SpaceStatus, evaluate};

use crate::world::World;
use testkit::TestDb;
use testkit::both_backends;

both_backends!(
    a_request_is_due_answered_or_revokes_when_missed,
    a_request_the_measure_does_not_provide_for_is_refused,
    a_request_withdrawn_is_owed_no_more_and_may_be_sent_again,
);

fn statistics() -> workflow::filings::Filing {
    crate::lifecycle::good()
}

async fn a_request_is_due_answered_or_revokes_when_missed(db: TestDb) {
    let w = World::new(&db).await;
    let (late, _, _, on) = w.recognised("xinjiang-2019", "650102").await;
    let (prompt, _, prompt_acc, _) = w.recognised("xinjiang-2019", "650102").await;
    let deadline = on.checked_add(30.days()).unwrap();
    let period = format!("{}-{:02}", on.year(), on.month());
    let sent =
        w.cw.request_filing(
            w.authority,
            "xinjiang-2019",
            FilingKind::Statistics,
            &period,
            deadline,
            on,
        )
        .await
        .unwrap();
    assert_eq!(sent.spaces, 2);
    assert_eq!(sent.already_filed, 0);
    let findings = |s: &casework::SpaceRecord, day| {
        let m = w.cw.library.get(&s.measure).unwrap();
        evaluate(&w.cw.library, m, &s.space, day)
    };
    // Due until the deadline (moved past rest days), in the measure's words with the period.
    let last = w.cw.library.calendar.deadline(deadline).unwrap_or(deadline);
    let s = w.cw.space(late).await.unwrap();
    assert!(
        findings(&s, on)
            .iter()
            .any(|f| matches!(f, Finding::Due { label, due, .. }
            if *due == last && label == &format!("按要求上报统计数据（{}）", period_words(&period)))),
        "{:?}",
        findings(&s, on)
    );
    // Answered by the statistics of the period.
    w.cw.file_statistics(
        prompt,
        prompt_acc,
        &period,
        &statistics(),
        on.checked_add(3.days()).unwrap(),
    )
    .await
    .unwrap();
    let p = w.cw.space(prompt).await.unwrap();
    assert_eq!(
        p.space.requests[0].answered_on,
        Some(on.checked_add(3.days()).unwrap())
    );
    let after = last.tomorrow().unwrap();
    assert!(
        findings(&p, after)
            .iter()
            .all(|f| !matches!(f, Finding::Overdue { .. } | Finding::Revoke { .. }))
    );
    // Missed: overdue, and 第十二条's ground holds; the daily run revokes.
    assert!(
        findings(&s, last)
            .iter()
            .all(|f| !matches!(f, Finding::Revoke { .. }))
    );
    let t = w.cw.tick(after).await.unwrap();
    let revoked: Vec<i64> = t
        .changes
        .iter()
        .filter(|c| c.status == SpaceStatus::Revoked)
        .map(|c| c.space_id)
        .collect();
    assert_eq!(revoked, [late]);
    let change = t.changes.iter().find(|c| c.space_id == late).unwrap();
    assert_eq!(change.cite, "第十二条");
    assert!(
        change.reason.contains(&format!(
            "要求报送的{}统计数据，截至 {last} 未上报",
            period_words(&period)
        )),
        "{}",
        change.reason
    );
    assert_eq!(
        w.cw.space(prompt).await.unwrap().status,
        SpaceStatus::Active
    );
    w.chain().await;
}

async fn a_request_the_measure_does_not_provide_for_is_refused(db: TestDb) {
    let w = World::new(&db).await;
    let (xj, _, xj_acc, on) = w.recognised("xinjiang-2019", "650102").await;
    let chain = w.chain().await;
    let deadline = on.checked_add(30.days()).unwrap();
    for (measure, says) in [
        // 内蒙古 第十七条: 每半年 — a cadence of its own.
        ("inner-mongolia-2020", "规定自"),
        // 鞍山: no statistics at all.
        ("anshan-2020", "未规定该项报送"),
    ] {
        let err =
            w.cw.request_filing(
                w.authority,
                measure,
                FilingKind::Statistics,
                "2024H2",
                deadline,
                on,
            )
            .await
            .unwrap_err();
        assert!(
            matches!(&err, CaseworkError::Request(e @ RequestError::NotOnRequest { .. }) if e.field() == "measure"),
            "{measure}: {err:?}"
        );
        assert!(err.to_string().contains(says), "{measure}: {err}");
    }
    for (period, deadline, field) in [("2024Q5", deadline, "period"), ("2024H2", on, "deadline")] {
        let err =
            w.cw.request_filing(
                w.authority,
                "xinjiang-2019",
                FilingKind::Statistics,
                period,
                deadline,
                on,
            )
            .await
            .unwrap_err();
        assert!(
            matches!(&err, CaseworkError::Request(e) if e.field() == field),
            "{period} {deadline}: {err:?}"
        );
    }
    // A deadline past the years the holiday calendar lists, or before the period ends.
    for (period, deadline, field, says) in [
        (
            "2024H2",
            date(2099, 1, 5),
            "deadline",
            "无法按法定休假日顺延",
        ),
        (
            &format!("{}H{}", on.year(), if on.month() <= 6 { 1 } else { 2 }) as &str,
            deadline,
            "deadline",
            "结束",
        ),
    ] {
        let err =
            w.cw.request_filing(
                w.authority,
                "xinjiang-2019",
                FilingKind::Statistics,
                period,
                deadline,
                on,
            )
            .await
            .unwrap_err();
        assert!(
            matches!(&err, CaseworkError::Request(e) if e.field() == field)
                && err.to_string().contains(says),
            "{period} {deadline}: {err:?}"
        );
    }
    assert_eq!(w.chain().await, chain);
    // A period over before every recognition concerns no space: nothing sent, refused; a
    // repeated one is refused.
    let sent =
        w.cw.request_filing(
            w.authority,
            "xinjiang-2019",
            FilingKind::Statistics,
            "2019H1",
            deadline,
            on,
        )
        .await
        .unwrap_err();
    assert!(
        matches!(&sent, CaseworkError::Request(e @ RequestError::NoSpace { .. }) if e.field() == "period")
            && sent.to_string().contains("无须报送该期"),
        "{sent:?}"
    );
    let period = format!("{}-{:02}", on.year(), on.month());
    w.cw.request_filing(
        w.authority,
        "xinjiang-2019",
        FilingKind::Statistics,
        &period,
        deadline,
        on,
    )
    .await
    .unwrap();
    let err =
        w.cw.request_filing(
            w.authority,
            "xinjiang-2019",
            FilingKind::Statistics,
            &period,
            deadline,
            on,
        )
        .await
        .unwrap_err();
    assert!(
        matches!(&err, CaseworkError::Request(e @ RequestError::Repeated { .. }) if e.field() == "period"),
        "{err:?}"
    );
    // Answered after the deadline (before any daily run): filed late, no ground for revocation.
    let last = w.cw.library.calendar.deadline(deadline).unwrap();
    let late = last.checked_add(2.days()).unwrap();
    w.cw.file_statistics(xj, xj_acc, &period, &statistics(), late)
        .await
        .unwrap();
    let s = w.cw.space(xj).await.unwrap();
    let found = evaluate(
        &w.cw.library,
        w.cw.library.get(&s.measure).unwrap(),
        &s.space,
        late,
    );
    assert!(
        found.iter().any(|f| matches!(f, Finding::FiledLate { due, filed_on, .. } if *due == last && *filed_on == late)),
        "{found:?}"
    );
    assert!(
        !found.iter().any(|f| matches!(f, Finding::Revoke { .. })),
        "{found:?}"
    );
}

/// A request sent in error (a wrong deadline, a wrong period) is withdrawn with its reason: the
/// spaces that have not filed owe it no more, so missing it no longer revokes (第十二条), and the
/// period may be asked again; a space that filed keeps its answer. Without a reason, or with
/// nothing open, refused by field and nothing changed.
async fn a_request_withdrawn_is_owed_no_more_and_may_be_sent_again(db: TestDb) {
    let w = World::new(&db).await;
    let (open, _, _, on) = w.recognised("xinjiang-2019", "650102").await;
    let (filed, _, filed_acc, _) = w.recognised("xinjiang-2019", "650102").await;
    let deadline = on.checked_add(30.days()).unwrap();
    let period = format!("{}-{:02}", on.year(), on.month());
    let send = |deadline| {
        w.cw.request_filing(
            w.authority,
            "xinjiang-2019",
            FilingKind::Statistics,
            &period,
            deadline,
            on,
        )
    };
    send(deadline).await.unwrap();
    w.cw.file_statistics(filed, filed_acc, &period, &statistics(), on)
        .await
        .unwrap();
    let withdraw = |reason: &'static str, period: String| {
        let w = &w;
        async move {
            w.cw.withdraw_request(
                w.authority,
                "xinjiang-2019",
                FilingKind::Statistics,
                &period,
                reason,
                on,
            )
            .await
        }
    };
    let chain = w.chain().await;
    let err = withdraw("  ", period.clone()).await.unwrap_err();
    assert!(
        matches!(&err, CaseworkError::Request(e @ RequestError::ReasonMissing) if e.field() == "reason"),
        "{err:?}"
    );
    let err = withdraw("误发", "2019H1".into()).await.unwrap_err();
    assert!(
        matches!(&err, CaseworkError::Request(e @ RequestError::NothingOpen { .. }) if e.field() == "period"),
        "{err:?}"
    );
    assert_eq!(w.chain().await, chain);

    assert_eq!(withdraw("截止日期有误", period.clone()).await.unwrap(), 1);
    let s = w.cw.space(open).await.unwrap();
    let r = &s.space.requests[0];
    assert_eq!(
        r.withdrawn.as_ref().map(|x| (x.on, x.reason.as_str())),
        Some((on, "截止日期有误"))
    );
    // The space that filed keeps its answer.
    let f = w.cw.space(filed).await.unwrap();
    assert!(f.space.requests[0].withdrawn.is_none());
    assert_eq!(f.space.requests[0].answered_on, Some(on));
    // Owed no more: neither due, nor overdue, nor revoking after the deadline.
    let m = w.cw.library.get("xinjiang-2019").unwrap();
    let last = w.cw.library.calendar.deadline(deadline).unwrap_or(deadline);
    let after = last.checked_add(1.day()).unwrap();
    assert!(
        evaluate(&w.cw.library, m, &s.space, after)
            .iter()
            .all(|f| !matches!(
                f,
                Finding::Due { .. } | Finding::Overdue { .. } | Finding::Revoke { .. }
            )),
        "{:?}",
        evaluate(&w.cw.library, m, &s.space, after)
    );
    let t = w.cw.tick(after).await.unwrap();
    assert!(
        t.changes.iter().all(|c| c.space_id != open),
        "{:?}",
        t.changes
    );
    // Sent again with another deadline: owed again by the space that had not filed.
    let sent = send(deadline.checked_add(10.days()).unwrap())
        .await
        .unwrap();
    assert_eq!((sent.spaces, sent.already_filed), (2, 1));
    let s = w.cw.space(open).await.unwrap();
    assert!(s.space.requests[1].is_open());
    let audit = store::audit::trail(w.store().db(), "space", &open.to_string())
        .await
        .unwrap();
    assert!(
        audit.iter().any(|e| e.action == "withdraw_request"
            && e.reason
                .as_deref()
                .is_some_and(|r| r.contains("截止日期有误"))),
        "{audit:?}"
    );
    w.chain().await;
}
