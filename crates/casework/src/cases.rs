//! Cases: drafts, attachments, actions through the workflow, reads, queues and history.

use std::collections::BTreeMap;

use jiff::civil::Date;
use policy::model::RegionCode;
use store::entity::{case, organisation};
use store::sea_orm::sea_query::{Expr, NullOrdering, Query};
use store::sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DatabaseBackend, EntityTrait, Order,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, QueryTrait, Select, Set, UpdateMany,
};
use store::version::{update_versioned, versioned};
use store::{AccountRole, AuditRecord, NewAuditEntry, Tx};
use workflow::OrgId;
use workflow::case::{Action, Case, CaseId, CaseState, Context, Event, Notice, apply};

use crate::actors::{forbidden, require};
use crate::dates::{from_col, to_col};
use crate::error::{CaseworkError, Result};
use crate::judged_on::SubmissionFacts;
use crate::{
    CaseRecord, CaseSummary, Casework, DraftChanges, NewDraft, Page, PageOf, QueueFilter,
    QueueSort, from_json, to_json,
};

/// The audit subject kind of cases.
pub const SUBJECT: &str = "case";
const NAME: &str = "案件";

/// Every kind of state the `state_kind` column holds, as [`state_cols`] writes them: what a
/// list's `state` filter may name.
pub const STATE_KINDS: [&str; 7] = [
    "draft",
    "returned",
    "at_stage",
    "rejected",
    "withdrawn",
    "recognised",
    "not_recognised",
];

/// The state's kind and stage, as the queue columns hold them.
pub(crate) fn state_cols(state: &CaseState) -> (String, Option<String>) {
    let kind = match state {
        CaseState::Draft => "draft",
        CaseState::Returned { .. } => "returned",
        CaseState::AtStage { .. } => "at_stage",
        CaseState::Rejected { .. } => "rejected",
        CaseState::Withdrawn => "withdrawn",
        CaseState::Recognised => "recognised",
        CaseState::NotRecognised { .. } => "not_recognised",
    };
    let stage = match state {
        CaseState::AtStage { stage, .. }
        | CaseState::Returned { stage, .. }
        | CaseState::Rejected { stage, .. } => Some(stage.clone()),
        _ => None,
    };
    (kind.to_string(), stage)
}

fn action_code(a: &Action) -> &'static str {
    match a {
        Action::Submit => "submit",
        Action::Withdraw => "withdraw",
        Action::Complete { .. } => "complete",
        Action::Return { .. } => "return",
        Action::Reject { .. } => "reject",
        Action::PublishNotice { .. } => "publish_notice",
        Action::Decide { .. } => "decide",
    }
}

/// The reason of an event as the trail records it: the reason given and the article.
fn event_reason(e: &Event) -> String {
    let mut parts = vec![e.action.clone()];
    if let Some(r) = &e.reason {
        parts.push(r.clone());
    }
    if let Some(c) = &e.cite {
        parts.push(format!("依据{c}"));
    }
    parts.join("；")
}

pub(crate) async fn load_row(conn: &impl ConnectionTrait, id: i64) -> Result<case::Model> {
    store::by_key(
        case::Entity::find_by_id(id).into_model::<case::Model>(),
        conn,
    )
    .await?
    .ok_or_else(|| CaseworkError::not_found(NAME, id))
}

pub(crate) fn case_of(row: &case::Model) -> Result<Case> {
    let mut c: Case = from_json("case_json", &row.case_json)?;
    c.version = row.version as u64;
    Ok(c)
}

/// A case as read for an action: the record, and the row the action goes on from.
#[derive(Debug, Clone)]
pub struct LoadedCase {
    row: case::Model,
    record: CaseRecord,
}

impl LoadedCase {
    /// The case as read.
    pub fn record(&self) -> &CaseRecord {
        &self.record
    }

    /// The case as read, without the row.
    pub fn into_record(self) -> CaseRecord {
        self.record
    }
}

fn record(row: &case::Model) -> Result<CaseRecord> {
    Ok(CaseRecord {
        id: row.id,
        case: case_of(row)?,
        profile: from_json("profile_json", &row.profile_json)?,
        attachments: from_json("materials_json", &row.materials_json)?,
        version: row.version,
        created_at: store::time::from_chrono(row.created_at),
        updated_at: store::time::from_chrono(row.updated_at),
    })
}

/// A version check before any work, so a stale caller gets a conflict rather than a workflow
/// error about a state it did not see.
pub(crate) fn check_version(row: &case::Model, expected: i64) -> Result<()> {
    if row.version == expected {
        Ok(())
    } else {
        Err(store::StoreError::Conflict {
            subject: NAME,
            id: row.id.to_string(),
            expected,
            current: row.version,
        }
        .into())
    }
}

/// A change to one case in the making: its write transaction and the case as read in it.
/// [`Casework::change`] opens it; [`CaseChange::finish`] saves, audits and commits. Dropped
/// unfinished (a refusal), it rolls back and nothing changes.
pub(crate) struct CaseChange {
    /// The write transaction, for the reads the change needs.
    pub(crate) tx: Tx,
    /// The case as it stands.
    pub(crate) before: Case,
    /// Its application profile as stored (profile JSON).
    pub(crate) profile_json: String,
    id: i64,
    version: i64,
}

impl Casework {
    /// Opens a change to case `id` in a write transaction: the case as read in it, its version
    /// checked against `expected` first (`None`: any version, for the public's objections, who
    /// hold none).
    pub(crate) async fn change(&self, id: i64, expected: Option<i64>) -> Result<CaseChange> {
        let tx = self.store.begin().await?;
        let row = load_row(tx.conn(), id).await?;
        if let Some(expected) = expected {
            check_version(&row, expected)?;
        }
        Ok(CaseChange {
            before: case_of(&row)?,
            profile_json: row.profile_json,
            tx,
            id,
            version: row.version,
        })
    }
}

impl CaseChange {
    /// Saves `after` over the case as read (the versioned update still refuses a change made
    /// meanwhile), appends `audit`, commits, and answers the case as saved.
    pub(crate) async fn finish(
        self,
        casework: &Casework,
        after: &Case,
        audit: NewAuditEntry,
    ) -> Result<CaseRecord> {
        save(
            &self.tx,
            self.id,
            self.version,
            &self.before,
            after,
            None,
            audit,
        )
        .await?;
        self.tx.commit().await?;
        casework.case(self.id).await
    }
}

/// Saves `after` over the row read at `expected`, and audits the change, in `tx`.
pub(crate) async fn save(
    tx: &Tx,
    id: i64,
    expected: i64,
    before: &Case,
    after: &Case,
    extra: Option<(&str, String)>,
    audit: NewAuditEntry,
) -> Result<i64> {
    let after = at_next_version(after, expected);
    let mut update = case_columns(&after)?.col_expr(
        case::Column::UpdatedAt,
        Expr::value(store::time::to_chrono(tx.now())),
    );
    if let Some((col, value)) = extra {
        let c = match col {
            "profile" => case::Column::ProfileJson,
            _ => case::Column::MaterialsJson,
        };
        update = update.col_expr(c, Expr::value(value));
    }
    let v = update_versioned(
        tx.conn(),
        NAME,
        update,
        case::Column::Id,
        case::Column::Version,
        id,
        expected,
    )
    .await?;
    crate::expert_queue::sync(tx.conn(), id, before, &after).await?;
    tx.audit(audit.with_before(before)?.with_after(&after)?)
        .await?;
    Ok(v)
}

/// `after` as saved over version `expected`: its version is the next one.
fn at_next_version(after: &Case, expected: i64) -> Case {
    let mut after = after.clone();
    after.version = (expected + 1) as u64;
    after
}

/// The update of a case's columns to `after` (all but its time and version).
fn case_columns(after: &Case) -> Result<UpdateMany<case::Entity>> {
    let (kind, stage) = state_cols(&after.state);
    let json = to_json("case", after)?;
    // The queue's columns read from the record as saved: the same reading as their rebuild.
    let mut update = case::Entity::update_many();
    for (column, value) in store::case_queue_columns::QueueColumns::of_record(&json).values() {
        update = update.col_expr(column, value);
    }
    Ok(update
        .col_expr(case::Column::CaseJson, Expr::value(json))
        .col_expr(case::Column::StateKind, Expr::value(kind))
        .col_expr(case::Column::Stage, Expr::value(stage))
        .col_expr(
            case::Column::SubmittedOn,
            Expr::value(after.submitted_on.map(to_col)),
        )
        .col_expr(
            case::Column::PolicyHash,
            Expr::value(after.policy_hash.clone()),
        )
        .col_expr(case::Column::CallId, Expr::value(after.call.clone())))
}

impl Casework {
    fn check_profile(&self, profile: &serde_json::Value) -> Result<serde_json::Value> {
        let p = rules::profile::Profile::from_json_value(profile, &self.library.facts)
            .map_err(|e| CaseworkError::Profile(e.to_string()))?;
        Ok(p.to_json())
    }

    /// Creates a draft for the applicant's organisation (the applicant's account), audited.
    pub async fn create_draft(&self, account: i64, new: NewDraft) -> Result<CaseRecord> {
        let m = self.measure(&new.measure)?;
        let profile = self.check_profile(&new.profile)?;
        let acc = store::account::get(self.store.db(), account).await?;
        require(&acc, &[AccountRole::Applicant], "创建申报")?;
        if acc.organisation_id != Some(new.org) {
            return Err(forbidden(&acc, "为其他单位创建申报"));
        }
        let org = store::organisation::get(self.store.db(), new.org).await?;
        let region = org
            .region_code
            .as_deref()
            .and_then(|r| RegionCode::parse(r).ok())
            .ok_or(CaseworkError::NoRegion(org.id))?;
        let tx = self.store.begin().await?;
        if let Some(call) = &new.call {
            self.call_exists(tx.conn(), &new.measure, call).await?;
        }
        let now = store::time::to_chrono(tx.now());
        let row = case::ActiveModel {
            measure: Set(m.id().to_string()),
            policy_hash: Set(m.hash.0.clone()),
            applicant_org_id: Set(org.id),
            applicant_region: Set(region.to_string()),
            call_id: Set(new.call.clone()),
            state_kind: Set("draft".into()),
            stage: Set(None),
            submitted_on: Set(None),
            case_json: Set("{}".into()),
            profile_json: Set(to_json("profile", &profile)?),
            materials_json: Set("{}".into()),
            version: Set(1),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(tx.conn())
        .await?;
        let mut c = Case::draft(
            CaseId(row.id.to_string()),
            m,
            OrgId(org.id.to_string()),
            region,
            new.call.clone(),
        );
        c.routing_facts = new.routing_facts.clone();
        c.version = 1;
        case::Entity::update_many()
            .col_expr(case::Column::CaseJson, Expr::value(to_json("case", &c)?))
            .filter(case::Column::Id.eq(row.id))
            .exec(tx.conn())
            .await?;
        tx.audit(NewAuditEntry::new(&acc.actor(), SUBJECT, row.id, "create").with_after(&c)?)
            .await?;
        let rec = record(&load_row(tx.conn(), row.id).await?)?;
        tx.commit().await?;
        Ok(rec)
    }

    /// Changes a draft (or a returned case) read at `expected_version`.
    pub async fn update_draft(
        &self,
        case_id: i64,
        expected_version: i64,
        account: i64,
        changes: DraftChanges,
    ) -> Result<CaseRecord> {
        let profile = changes
            .profile
            .as_ref()
            .map(|p| self.check_profile(p))
            .transpose()?;
        let tx = self.store.begin().await?;
        let row = load_row(tx.conn(), case_id).await?;
        check_version(&row, expected_version)?;
        let before = case_of(&row)?;
        let p = self.principal(tx.conn(), account, &before).await?;
        self.editable(&p, &before)?;
        let mut after = before.clone();
        if let Some(call) = &changes.call {
            if let Some(id) = call {
                self.call_exists(tx.conn(), &before.measure, id).await?;
            }
            after.call = call.clone();
        }
        if let Some(f) = &changes.routing_facts {
            after.routing_facts = f.clone();
        }
        let extra = profile
            .map(|p| to_json("profile", &p))
            .transpose()?
            .map(|s| ("profile", s));
        save(
            &tx,
            case_id,
            expected_version,
            &before,
            &after,
            extra,
            NewAuditEntry::new(&p.audit, SUBJECT, case_id, "update_draft"),
        )
        .await?;
        let rec = record(&load_row(tx.conn(), case_id).await?)?;
        tx.commit().await?;
        Ok(rec)
    }

    fn editable(&self, p: &crate::actors::Principal, case: &Case) -> Result<()> {
        if p.account.role != AccountRole::Applicant || p.actor.org.as_ref() != Some(&case.applicant)
        {
            return Err(forbidden(&p.account, "修改其他单位的申报"));
        }
        if !matches!(case.state, CaseState::Draft | CaseState::Returned { .. }) {
            return Err(CaseworkError::NotEditable {
                state: case.state.label(),
            });
        }
        Ok(())
    }

    /// Attaches a file as a material of the case: stores it (content-addressed, type sniffed,
    /// limits and the applicant organisation's upload quota checked) and records the material on
    /// the case, in one transaction. Returns the attachment and the case's new version.
    pub async fn attach(
        &self,
        case_id: i64,
        account: i64,
        material: &str,
        bytes: Vec<u8>,
        filename: &str,
    ) -> Result<(store::Attachment, i64)> {
        let tx = self.store.begin().await?;
        let row = load_row(tx.conn(), case_id).await?;
        let before = case_of(&row)?;
        let m = self.measure(&before.measure)?;
        let Some(named) = m.measure.material.iter().find(|x| x.id == material) else {
            return Err(CaseworkError::UnknownMaterial {
                measure: before.measure.clone(),
                material: material.to_string(),
            });
        };
        // The history names the material as the measure does (独立法人的证明（复印件）).
        let label = named.label.clone();
        let p = self.principal(tx.conn(), account, &before).await?;
        self.editable(&p, &before)?;
        // Counted against the applicant organisation's upload quota (refused before anything
        // is written when over it).
        let att =
            store::attachment::put_for(&tx, &p.audit, Some(row.applicant_org_id), filename, bytes)
                .await?;
        let mut files: BTreeMap<String, Vec<i64>> =
            from_json("materials_json", &row.materials_json)?;
        files.entry(material.to_string()).or_default().push(att.id);
        let mut after = before.clone();
        after.materials.insert(material.to_string());
        let v = save(
            &tx,
            case_id,
            row.version,
            &before,
            &after,
            Some(("materials", to_json("materials", &files)?)),
            NewAuditEntry::new(&p.audit, SUBJECT, case_id, "attach")
                .with_reason(format!("{label}：{filename}（附件 {}）", att.id)),
        )
        .await?;
        tx.commit().await?;
        Ok((att, v))
    }

    /// Acts on a case read at `expected_version`: the workflow judges the action with a context
    /// built from the store (the system's calls, the applicant's other submissions under the
    /// measure, its fraud findings); the new case is saved and audited in one transaction, and a
    /// recognition enters the register in the same transaction. A refusal changes nothing.
    pub async fn act(
        &self,
        case_id: i64,
        expected_version: i64,
        account: i64,
        action: Action,
        on: Date,
    ) -> Result<CaseRecord> {
        let loaded = self.case_for_action(case_id).await?;
        let account = store::account::get(self.store.db(), account).await?;
        self.act_on(loaded, expected_version, account, action, on)
            .await
    }

    /// A case read for an action ([`Casework::act_on`]), e.g. after its access check.
    pub async fn case_for_action(&self, id: i64) -> Result<LoadedCase> {
        let row = load_row(self.store.db(), id).await?;
        Ok(LoadedCase {
            record: record(&row)?,
            row,
        })
    }

    /// [`Casework::act`] on a case and account already read: the action goes on from that read
    /// (the save checks the version again, so a change since is a conflict, never overwritten).
    pub async fn act_on(
        &self,
        loaded: LoadedCase,
        expected_version: i64,
        account: store::Account,
        action: Action,
        on: Date,
    ) -> Result<CaseRecord> {
        let LoadedCase { row, record: read } = loaded;
        let case_id = row.id;
        check_version(&row, expected_version)?;
        if self.store.one_trip_available()
            && let Some(rec) = self
                .act_in_one_trip(&row, &read, expected_version, &account, &action, on)
                .await?
        {
            return Ok(rec);
        }
        let before = read.case;
        let m = self.measure(&before.measure)?;
        let tx = self.store.begin().await?;
        let p = self.principal_of(tx.conn(), account, &before).await?;
        let facts = match action {
            Action::Submit => Some(SubmissionFacts::read(tx.conn(), &row).await?),
            _ => None,
        };
        let (mut after, event) = apply(&before, &action, &p.actor, &self.context(m, on, &facts))?;
        let version = save(
            &tx,
            case_id,
            expected_version,
            &before,
            &after,
            None,
            NewAuditEntry::new(&p.audit, SUBJECT, case_id, action_code(&action))
                .with_reason(event_reason(&event)),
        )
        .await?;
        if after.state == CaseState::Recognised {
            crate::register::recognise(self, &tx, &p.audit, &row, &after).await?;
        }
        // The record as saved, without reading it back: an action changes only the case and
        // its version and time (profile and materials are kept as read).
        after.version = version as u64;
        let rec = CaseRecord {
            id: row.id,
            case: after,
            version,
            updated_at: tx.now(),
            ..read
        };
        tx.commit().await?;
        Ok(rec)
    }

    /// [`Casework::act_on`] judged before its write transaction, which then goes to the store
    /// in one round trip ([`store::Store::change_in_one_trip`]) with what it was judged on in its
    /// condition: the case's version and, for a submission, its [`SubmissionFacts`]. `None`
    /// (nothing changed) when that no longer held, when the workflow refused (the refusal is
    /// given from a read inside the transaction) or when the case is recognised (its register
    /// entry is written in the same transaction): the ordinary path then acts.
    async fn act_in_one_trip(
        &self,
        row: &case::Model,
        read: &CaseRecord,
        expected: i64,
        account: &store::Account,
        action: &Action,
        on: Date,
    ) -> Result<Option<CaseRecord>> {
        let before = &read.case;
        let m = self.measure(&before.measure)?;
        let db = self.store.db();
        let p = self.principal_of(db, account.clone(), before).await?;
        let facts = match action {
            Action::Submit => Some(SubmissionFacts::read(db, row).await?),
            _ => None,
        };
        let Ok((after, event)) = apply(before, action, &p.actor, &self.context(m, on, &facts))
        else {
            return Ok(None);
        };
        if after.state == CaseState::Recognised {
            return Ok(None);
        }
        let after = at_next_version(&after, expected);
        let mut update = versioned(
            case_columns(&after)?,
            case::Column::Id,
            case::Column::Version,
            row.id,
            expected,
        );
        if let Some(facts) = &facts {
            update = update.filter(facts.unchanged(row));
        }
        let entry = NewAuditEntry::new(&p.audit, SUBJECT, row.id, action_code(action))
            .with_reason(event_reason(&event))
            .with_before(before)?
            .with_after(&after)?;
        let saved = self
            .store
            .change_in_one_trip(
                move |now| {
                    update
                        .col_expr(
                            case::Column::UpdatedAt,
                            Expr::value(store::time::to_chrono(now)),
                        )
                        .into_query()
                },
                entry,
            )
            .await?;
        Ok(saved.map(|entry| CaseRecord {
            id: row.id,
            version: expected + 1,
            updated_at: entry.at,
            case: after,
            ..read.clone()
        }))
    }

    /// The workflow's context for an action on a case of `measure` on `on`.
    fn context<'a>(
        &'a self,
        measure: &'a policy::LoadedMeasure,
        on: Date,
        facts: &'a Option<SubmissionFacts>,
    ) -> Context<'a> {
        Context {
            library: &self.library,
            measure,
            on,
            extra_calls: facts.as_ref().map_or(&[][..], |f| f.calls.as_slice()),
            other_submissions: facts.as_ref().map_or(&[][..], |f| f.others.as_slice()),
            fraud_findings: facts.as_ref().map_or(&[][..], |f| f.fraud.as_slice()),
        }
    }

    /// A case.
    pub async fn case(&self, id: i64) -> Result<CaseRecord> {
        record(&load_row(self.store.db(), id).await?)
    }

    /// The cases a filter selects in its order (by default oldest change first: a work queue),
    /// filtered, ordered, counted and paged in the database.
    pub async fn queue(&self, filter: &QueueFilter, page: Page) -> Result<PageOf<CaseSummary>> {
        let mut q = queue_select(filter, self.store.db_backend())?;
        let total = q.clone().count(self.store.db()).await?;
        let (order, nulls) = if filter.descending {
            (Order::Desc, NullOrdering::Last)
        } else {
            (Order::Asc, NullOrdering::First)
        };
        q = match filter.sort {
            QueueSort::UpdatedAt => q.order_by(case::Column::UpdatedAt, order.clone()),
            QueueSort::Id => q,
            // The same place for drafts on both backends (their defaults differ).
            QueueSort::SubmittedOn => {
                q.order_by_with_nulls(case::Column::SubmittedOn, order.clone(), nulls)
            }
            QueueSort::StageSince => {
                q.order_by_with_nulls(case::Column::StageSince, order.clone(), nulls)
            }
        };
        let rows = q
            .order_by(case::Column::Id, order)
            .offset(page.sql_offset())
            .limit(page.sql_limit(1000))
            .all(self.store.db())
            .await?;
        let items = rows
            .into_iter()
            .map(|r| CaseSummary {
                id: r.id,
                measure: r.measure,
                applicant_org_id: r.applicant_org_id,
                applicant_region: r.applicant_region,
                state: r.state_kind,
                stage: r.stage,
                submitted_on: r.submitted_on.map(from_col),
                stage_since: r.stage_since.map(from_col),
                notice: r
                    .notice_starts_on
                    .zip(r.notice_ends_on)
                    .map(|(starts_on, ends_on)| Notice {
                        starts_on: from_col(starts_on),
                        ends_on: from_col(ends_on),
                    }),
                objections: usize::try_from(r.objections).unwrap_or(0),
                open_objections: usize::try_from(r.open_objections).unwrap_or(0),
                version: r.version,
                updated_at: store::time::from_chrono(r.updated_at),
            })
            .collect();
        Ok(PageOf { items, total })
    }

    /// How many cases a filter selects, counted in the database.
    pub async fn queue_count(&self, filter: &QueueFilter) -> Result<u64> {
        Ok(queue_select(filter, self.store.db_backend())?
            .count(self.store.db())
            .await?)
    }

    /// The audit trail of a case, oldest first.
    pub async fn history(&self, case_id: i64) -> Result<Vec<AuditRecord>> {
        load_row(self.store.db(), case_id).await?;
        Ok(store::audit::trail(self.store.db(), SUBJECT, &case_id.to_string()).await?)
    }
}

/// The cases a queue filter selects (in no order).
pub(crate) fn queue_select(
    filter: &QueueFilter,
    backend: DatabaseBackend,
) -> Result<Select<case::Entity>> {
    let mut q = case::Entity::find();
    if let Some(m) = &filter.measure {
        q = q.filter(case::Column::Measure.eq(m.as_str()));
    }
    let state = filter
        .state
        .clone()
        .or_else(|| filter.stage.as_ref().map(|_| "at_stage".to_string()));
    if let Some(s) = state {
        q = q.filter(case::Column::StateKind.eq(s));
    }
    if let Some(s) = &filter.stage {
        q = q.filter(case::Column::Stage.eq(s.as_str()));
    }
    if let Some(r) = &filter.region {
        let code = RegionCode::parse(r).map_err(CaseworkError::Profile)?;
        q = q.filter(case::Column::ApplicantRegion.starts_with(code.prefix()));
    }
    if let Some(o) = filter.org {
        q = q.filter(case::Column::ApplicantOrgId.eq(o));
    }
    if let Some(needle) = filter
        .applicant_name_contains
        .as_deref()
        .filter(|n| !n.is_empty())
    {
        let named = Query::select()
            .column(organisation::Column::Id)
            .from(organisation::Entity)
            .and_where(crate::substring::contains(
                backend,
                Expr::col((organisation::Entity, organisation::Column::Name)),
                needle,
            ))
            .to_owned();
        q = q.filter(case::Column::ApplicantOrgId.in_subquery(named));
    }
    if filter.submitted_only {
        q = q.filter(case::Column::StateKind.ne("draft"));
    }
    if let Some(a) = &filter.authority {
        // As `authority_covers`: a measure of its jurisdiction, or an applicant in its area.
        let mut covered = Condition::any().add(case::Column::Measure.is_in(a.measures.clone()));
        if let Ok(area) = RegionCode::parse(&a.area) {
            covered = covered.add(case::Column::ApplicantRegion.starts_with(area.prefix()));
        }
        q = q.filter(covered);
    }
    if let Some(e) = &filter.expert {
        q = crate::expert_queue::narrow(q, e);
    }
    if let Some(day) = filter.notice_on {
        let day = to_col(day);
        q = q
            .filter(case::Column::StateKind.eq("at_stage"))
            .filter(case::Column::NoticeStartsOn.lte(day))
            .filter(case::Column::NoticeEndsOn.gte(day));
    }
    if let Some(day) = filter.notice_ended_before {
        q = q
            .filter(case::Column::StateKind.eq("at_stage"))
            .filter(case::Column::NoticeEndsOn.lt(to_col(day)));
    }
    Ok(q)
}

#[cfg(test)]
mod tests {
    use jiff::civil::date;
    use workflow::case::CaseState;

    use super::{STATE_KINDS, state_cols};

    /// Every state's kind is one a list's filter may name (a new state would otherwise be
    /// written to the column and refused as a filter).
    #[test]
    fn every_state_kind_is_listed() {
        let stage = || "s".to_string();
        let reason = || "r".to_string();
        let states = [
            CaseState::Draft,
            CaseState::Returned {
                stage: stage(),
                reason: reason(),
            },
            CaseState::AtStage {
                stage: stage(),
                since: date(2024, 1, 1),
            },
            CaseState::Rejected {
                stage: stage(),
                reason: reason(),
            },
            CaseState::Withdrawn,
            CaseState::Recognised,
            CaseState::NotRecognised { reason: reason() },
        ];
        let kinds: Vec<String> = states.iter().map(|s| state_cols(s).0).collect();
        assert_eq!(kinds, STATE_KINDS);
    }
}
