//! Case lists filtered, ordered, counted and paged in the database: the slices and totals are the
//! same on both backends, drafts sort the same way on both; the charts' counts are grouped in
//! the database.

use casework::{Page, QueueFilter, QueueSort};
use jiff::civil::{Date, date};
use workflow::case::Action;

use crate::world::World;
use testkit::TestDb;
use testkit::both_backends;

both_backends!(queues_are_paged_in_the_database);

async fn queues_are_paged_in_the_database(db: TestDb) {
    let w = World::new(&db).await;
    let measure = "anshan-2020";
    let (_, call) = w.call_for(measure).await;
    // Five submissions on dates out of id order, and two drafts.
    let days = [
        date(2024, 3, 5),
        date(2024, 3, 1),
        date(2024, 3, 3),
        date(2024, 3, 1),
        date(2024, 3, 4),
    ];
    let mut submitted: Vec<(Date, i64)> = Vec::new();
    let mut drafts = Vec::new();
    for (i, on) in days.iter().map(Some).chain([None, None]).enumerate() {
        let (org, acc) = w.applicant("210302").await;
        let d = w.draft(measure, org, acc, &call).await;
        match on {
            Some(on) => {
                w.cw.act(d.id, d.version, acc, Action::Submit, *on)
                    .await
                    .unwrap_or_else(|e| panic!("submission {i}: {e}"));
                submitted.push((*on, d.id));
            }
            None => drafts.push(d.id),
        }
    }
    let ids = |p: &casework::PageOf<casework::CaseSummary>| {
        p.items.iter().map(|s| s.id).collect::<Vec<_>>()
    };
    let page = |offset, limit| Page { offset, limit };

    // The rebuilds from the records read every case a page at a time, in id order, each once.
    let mut every: Vec<i64> = submitted
        .iter()
        .map(|(_, id)| *id)
        .chain(drafts.clone())
        .collect();
    every.sort_unstable();
    let mut pages = store::case_records::Pages::of_size(2);
    let mut read = Vec::new();
    let mut count = 0;
    while let Some(p) = pages.next(w.store().db()).await.unwrap() {
        assert!(p.len() <= 2);
        read.extend(p.into_iter().map(|(id, _)| id));
        count += 1;
    }
    assert_eq!(read, every);
    assert_eq!(count, every.len().div_ceil(2));

    // Submitted only, by submission date then id: the second and third.
    let mut by_date = submitted.clone();
    by_date.sort();
    let filter = QueueFilter {
        measure: Some(measure.into()),
        submitted_only: true,
        sort: QueueSort::SubmittedOn,
        ..Default::default()
    };
    let p = w.cw.queue(&filter, page(1, 2)).await.unwrap();
    assert_eq!(p.total, 5);
    assert_eq!(ids(&p), [by_date[1].1, by_date[2].1]);

    // A work queue of cases at a stage, the longest waiting first: each reached its first
    // stage on the day it was submitted (ties by id).
    let filter = QueueFilter {
        measure: Some(measure.into()),
        state: Some("at_stage".into()),
        sort: QueueSort::StageSince,
        ..Default::default()
    };
    let p = w.cw.queue(&filter, page(0, 100)).await.unwrap();
    assert_eq!(p.total, 5);
    let waiting: Vec<i64> = by_date.iter().map(|(_, id)| *id).collect();
    assert_eq!(ids(&p), waiting);

    // By the applicant's name, as typed: `%` is no wildcard, and a name nobody has lists nothing.
    let first = &p.items[0];
    let name = store::organisation::get(w.store().db(), first.applicant_org_id)
        .await
        .unwrap()
        .name;
    let named = |text: &str| QueueFilter {
        applicant_name_contains: Some(text.into()),
        ..filter.clone()
    };
    let p = w.cw.queue(&named(&name), page(0, 100)).await.unwrap();
    assert_eq!(ids(&p), [first.id]);
    assert_eq!(w.cw.queue_count(&named("%")).await.unwrap(), 0);
    assert_eq!(
        w.cw.queue_count(&named("")).await.unwrap(),
        5,
        "empty: no filter"
    );

    // Everything, newest submission first: drafts (never submitted) come last, by id descending.
    let filter = QueueFilter {
        measure: Some(measure.into()),
        sort: QueueSort::SubmittedOn,
        descending: true,
        ..Default::default()
    };
    let p = w.cw.queue(&filter, page(0, 100)).await.unwrap();
    assert_eq!(p.total, 7);
    let mut expected: Vec<i64> = by_date.iter().rev().map(|(_, id)| *id).collect();
    expected.extend(drafts.iter().rev());
    assert_eq!(ids(&p), expected);

    // By id descending, the last page holds the two oldest cases; past the end, nothing.
    let filter = QueueFilter {
        measure: Some(measure.into()),
        sort: QueueSort::Id,
        descending: true,
        ..Default::default()
    };
    let mut all: Vec<i64> = submitted
        .iter()
        .map(|(_, id)| *id)
        .chain(drafts.iter().copied())
        .collect();
    all.sort_unstable_by(|a, b| b.cmp(a));
    let p = w.cw.queue(&filter, page(5, 10)).await.unwrap();
    assert_eq!((p.total, ids(&p)), (7, all[5..].to_vec()));
    let p = w.cw.queue(&filter, page(7, 10)).await.unwrap();
    assert_eq!((p.total, p.items.len()), (7, 0));

    // Drafts only, oldest change first (the default order).
    let filter = QueueFilter {
        measure: Some(measure.into()),
        state: Some("draft".into()),
        ..Default::default()
    };
    let p = w.cw.queue(&filter, page(0, 10)).await.unwrap();
    assert_eq!((p.total, ids(&p)), (2, drafts.clone()));

    // The charts' counts, grouped in the database: the five submissions wait at the first
    // stage after submission; by day from 2 March, the one of 1 March is left out.
    let counts =
        w.cw.case_counts(
            &QueueFilter {
                measure: Some(measure.into()),
                ..Default::default()
            },
            date(2024, 3, 2),
        )
        .await
        .unwrap();
    assert_eq!(counts.at_stage.len(), 1, "{counts:?}");
    assert_eq!(counts.at_stage[0].1, 5);
    assert_eq!(
        counts.submitted_on,
        [
            (date(2024, 3, 3), 1),
            (date(2024, 3, 4), 1),
            (date(2024, 3, 5), 1)
        ]
    );
    // Outside the applicants' region, nothing.
    let none =
        w.cw.case_counts(
            &QueueFilter {
                measure: Some(measure.into()),
                region: Some("650000".into()),
                ..Default::default()
            },
            date(2024, 1, 1),
        )
        .await
        .unwrap();
    assert_eq!(none, casework::CaseCounts::default());
    w.chain().await;
}

both_backends!(an_experts_queue_is_selected_in_the_database);

/// An expert sees the cases assigned to it, never its own organisation's nor one it has a
/// conflict of interest with in force (the API's list, the expert page and `may_read` share the
/// rule); the queue is counted and paged in the database from `case_expert`, which every
/// assignment keeps.
async fn an_experts_queue_is_selected_in_the_database(db: TestDb) {
    let w = World::new(&db).await;
    let measure = "anshan-2020";
    // Three cases at the expert review, each with the world's expert assigned, and a fourth
    // assigned to another expert only.
    let mut assigned = Vec::new();
    let mut orgs = Vec::new();
    let mut on = date(2024, 1, 1);
    for _ in 0..3 {
        let (rec, org, _, submitted_on) = w.submitted(measure, "210302").await;
        let (rec, at) = w.drive(rec, submitted_on, Some("expert-review")).await;
        let rec =
            w.cw.assign_expert(rec.id, rec.version, w.authority, w.expert, None, at)
                .await
                .unwrap();
        assigned.push(rec.id);
        orgs.push(org);
        on = at;
    }
    let other_expert = w.account(store::AccountRole::Expert, None, None).await;
    let (rec, _, _, submitted_on) = w.submitted(measure, "210302").await;
    let (rec, at) = w.drive(rec, submitted_on, Some("expert-review")).await;
    w.cw.assign_expert(rec.id, rec.version, w.authority, other_expert, None, at)
        .await
        .unwrap();

    let queue = |expert: i64, org: Option<i64>| QueueFilter {
        sort: QueueSort::Id,
        expert: Some(casework::ExpertQueue {
            account: expert,
            org,
            on,
        }),
        ..Default::default()
    };
    let all = Page {
        offset: 0,
        limit: 100,
    };
    let ids = |p: &casework::PageOf<casework::CaseSummary>| {
        p.items.iter().map(|s| s.id).collect::<Vec<_>>()
    };
    let p = w.cw.queue(&queue(w.expert, None), all).await.unwrap();
    assert_eq!((ids(&p), p.total), (assigned.clone(), 3));
    // Paged in the database: the total stays, the slice moves.
    let p =
        w.cw.queue(
            &queue(w.expert, None),
            Page {
                offset: 1,
                limit: 1,
            },
        )
        .await
        .unwrap();
    assert_eq!((ids(&p), p.total), (vec![assigned[1]], 3));
    // Its own organisation's case is left out.
    let p =
        w.cw.queue(&queue(w.expert, Some(orgs[0])), all)
            .await
            .unwrap();
    assert_eq!(ids(&p), assigned[1..]);
    // A conflict of interest in force on the day leaves that organisation's case out; one that
    // ended before the day does not.
    for (org, until) in [(orgs[1], None), (orgs[2], Some(date(2020, 12, 31)))] {
        w.cw.record_conflict(
            w.authority,
            casework::NewConflict {
                expert: w.expert,
                org,
                kind: workflow::review::ConflictKind::Collaboration,
                from: date(2020, 1, 1),
                until,
                note: "合作研究".into(),
            },
        )
        .await
        .unwrap();
    }
    let p = w.cw.queue(&queue(w.expert, None), all).await.unwrap();
    assert_eq!((ids(&p), p.total), (vec![assigned[0], assigned[2]], 2));
    // The other expert's queue holds only its own case.
    let p = w.cw.queue(&queue(other_expert, None), all).await.unwrap();
    assert_eq!(ids(&p), [rec.id]);
    // The index rebuilt from the cases' records (as the migration that created it filled it
    // for the cases already stored) holds the same four assignments.
    db.raw(w.store(), "DELETE FROM case_expert").await;
    assert_eq!(db.count(w.store(), "case_expert").await, 0);
    assert_eq!(
        store::expert_index::rebuild(w.store().db()).await.unwrap(),
        4
    );
    let p = w.cw.queue(&queue(w.expert, None), all).await.unwrap();
    assert_eq!(ids(&p), [assigned[0], assigned[2]]);
    let p = w.cw.queue(&queue(other_expert, None), all).await.unwrap();
    assert_eq!(ids(&p), [rec.id]);
}

both_backends!(a_queue_line_carries_the_stage_day_the_notice_and_the_objections);

/// The workbench's and the notices' lines come from the queue's columns, which every save keeps
/// to the case's record: the day the case reached its stage, its notice period (a notice runs on
/// its first and last day, 民法典 第二百零一条 counting the days after publication, and not the
/// day after), and its objections, all and unruled. A rebuild from the records gives the same.
async fn a_queue_line_carries_the_stage_day_the_notice_and_the_objections(db: TestDb) {
    let w = World::new(&db).await;
    let (rec, org, _, on) = w.submitted("xinjiang-2019", "650102").await;
    let (rec, on) = w.drive(rec, on, Some("public-notice")).await;
    let mine = QueueFilter {
        org: Some(org),
        ..Default::default()
    };
    let line = |filter: QueueFilter| {
        let cw = &w.cw;
        async move {
            let p = cw.queue(&filter, Page::ALL).await.unwrap();
            assert!(p.items.len() <= 1, "{:?}", p.items);
            p.items.into_iter().next()
        }
    };
    let at_notice = line(mine.clone()).await.expect("the case");
    let workflow::case::CaseState::AtStage { since, .. } = rec.case.state else {
        panic!("at a stage: {:?}", rec.case.state);
    };
    assert_eq!(at_notice.stage_since, Some(since));
    assert_eq!(at_notice.notice, None);
    assert_eq!((at_notice.objections, at_notice.open_objections), (0, 0));

    let publish_on = on.tomorrow().unwrap();
    let rec = w.publish_notice(&rec, w.authority, publish_on).await;
    let notice = rec.case.notice.expect("published");
    let published = line(mine.clone()).await.expect("the case");
    assert_eq!(published.notice, Some(notice));
    let on_day = |day: Date| QueueFilter {
        notice_on: Some(day),
        ..mine.clone()
    };
    for (day, listed) in [
        (notice.starts_on.yesterday().unwrap(), false),
        (notice.starts_on, true),
        (notice.ends_on, true),
        (notice.ends_on.tomorrow().unwrap(), false),
    ] {
        assert_eq!(line(on_day(day)).await.is_some(), listed, "{day}");
    }
    // Run out (due for the next step) only from the day after its last day.
    let ended_before = |day: Date| QueueFilter {
        notice_ended_before: Some(day),
        ..mine.clone()
    };
    for (day, listed) in [
        (notice.ends_on, false),
        (notice.ends_on.tomorrow().unwrap(), true),
    ] {
        assert_eq!(line(ended_before(day)).await.is_some(), listed, "{day}");
    }

    let rec =
        w.cw.object(
            rec.id,
            workflow::review::ObjectionTarget::Criterion {
                condition: "6.5-residents".into(),
            },
            "入驻企业数量不实",
            None,
            notice.ends_on,
        )
        .await
        .unwrap();
    let objected = line(mine.clone()).await.expect("the case");
    assert_eq!((objected.objections, objected.open_objections), (1, 1));
    let after = notice.ends_on.tomorrow().unwrap();
    w.cw.rule_objection(
        rec.id,
        rec.version,
        w.authority,
        1,
        false,
        "经核查属实",
        after,
    )
    .await
    .unwrap();
    let ruled = line(mine.clone()).await.expect("the case");
    assert_eq!((ruled.objections, ruled.open_objections), (1, 0));
    assert_eq!(ruled.notice, Some(notice));

    // The columns rebuilt from the records are the ones the saves wrote.
    let n = store::case_queue_columns::rebuild(w.store().db())
        .await
        .unwrap();
    assert!(n >= 1);
    assert_eq!(line(mine.clone()).await.expect("the case"), ruled);
}
