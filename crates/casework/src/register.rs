//! The register of recognised spaces: entered on recognition, read with filters, saved with
//! optimistic concurrency and audited.

use policy::model::RegionCode;
use store::entity::{case, finding, space};
use store::sea_orm::sea_query::Expr;
use store::sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect, Set,
};
use store::version::update_versioned;
use store::{NewAuditEntry, Tx};
use workflow::case::{Case, CaseId};
use workflow::lifecycle::{Space, SpaceStatus};

use crate::dates::{from_col, to_col};
use crate::error::{CaseworkError, Result};
use crate::{
    Casework, FindingRecord, Page, PageOf, RegisterFilter, SpaceRecord, from_json, to_json,
};

/// The audit subject kind of spaces.
pub const SUBJECT: &str = "space";
const NAME: &str = "众创空间";

/// The stored name of a status.
pub fn status_str(s: SpaceStatus) -> &'static str {
    match s {
        SpaceStatus::Active => "active",
        SpaceStatus::Revoked => "revoked",
        SpaceStatus::Expired => "expired",
        SpaceStatus::Excluded => "excluded",
    }
}

/// A status by its stored name.
pub fn status_of(s: &str) -> Option<SpaceStatus> {
    Some(match s {
        "active" => SpaceStatus::Active,
        "revoked" => SpaceStatus::Revoked,
        "expired" => SpaceStatus::Expired,
        "excluded" => SpaceStatus::Excluded,
        _ => return None,
    })
}

/// The Chinese label of a status, in the glossary's words (取消资格, 有效期届满, 移出管理范围):
/// the one label every page, list and API answer shows.
pub fn status_label(s: SpaceStatus) -> &'static str {
    match s {
        SpaceStatus::Active => "有效",
        SpaceStatus::Revoked => "已取消资格",
        SpaceStatus::Expired => "有效期届满",
        SpaceStatus::Excluded => "已移出管理范围",
    }
}

pub(crate) fn record(m: space::Model) -> Result<SpaceRecord> {
    let mut s: Space = from_json("space_json", &m.space_json)?;
    let status =
        status_of(&m.status).ok_or_else(|| CaseworkError::corrupt("space.status", &m.status))?;
    s.status = status;
    Ok(SpaceRecord {
        id: m.id,
        case_id: m.case_id,
        measure: m.measure,
        org_id: m.org_id,
        name: m.name,
        region: m.region,
        recognised_on: from_col(m.recognised_on),
        valid_until: m.valid_until.map(from_col),
        status,
        document_number: m.document_number,
        space: s,
        version: m.version,
    })
}

pub(crate) async fn load(conn: &impl ConnectionTrait, id: i64) -> Result<SpaceRecord> {
    record(
        space::Entity::find_by_id(id)
            .one(conn)
            .await?
            .ok_or_else(|| CaseworkError::not_found(NAME, id))?,
    )
}

/// Saves a space's record (and status) over the version read, and audits the change.
pub(crate) async fn save(
    tx: &Tx,
    before: &SpaceRecord,
    after: &Space,
    audit: NewAuditEntry,
) -> Result<i64> {
    let update = space::Entity::update_many()
        .col_expr(
            space::Column::SpaceJson,
            Expr::value(to_json("space", after)?),
        )
        .col_expr(space::Column::Status, Expr::value(status_str(after.status)))
        .col_expr(
            space::Column::ValidUntil,
            Expr::value(after.valid_until.map(to_col)),
        )
        .col_expr(
            space::Column::UpdatedAt,
            Expr::value(store::time::to_chrono(tx.now())),
        );
    let v = update_versioned(
        tx.conn(),
        NAME,
        update,
        space::Column::Id,
        space::Column::Version,
        before.id,
        before.version,
    )
    .await?;
    tx.audit(audit.with_before(&before.space)?.with_after(after)?)
        .await?;
    Ok(v)
}

/// Enters a recognised case on the register, in the recognising transaction.
pub(crate) async fn recognise(
    cw: &Casework,
    tx: &Tx,
    actor: &store::Actor,
    row: &case::Model,
    case: &Case,
) -> Result<i64> {
    let decision = case
        .decision
        .as_ref()
        .ok_or_else(|| CaseworkError::corrupt("case.decision", "已认定的案件缺少决定"))?;
    let org = store::organisation::get(tx.conn(), row.applicant_org_id).await?;
    let s = Space::recognised(
        CaseId(row.id.to_string()),
        decision.decided_on,
        decision.valid_until,
    );
    let _ = cw;
    let now = store::time::to_chrono(tx.now());
    let m = space::ActiveModel {
        case_id: Set(Some(row.id)),
        measure: Set(case.measure.clone()),
        org_id: Set(org.id),
        name: Set(org.name.clone()),
        region: Set(case.applicant_region.to_string()),
        recognised_on: Set(to_col(decision.decided_on)),
        valid_until: Set(decision.valid_until.map(to_col)),
        status: Set("active".into()),
        document_number: Set(Some(decision.document_number.clone())),
        space_json: Set(to_json("space", &s)?),
        version: Set(1),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(tx.conn())
    .await?;
    tx.audit(
        NewAuditEntry::new(actor, SUBJECT, m.id, "recognise")
            .with_reason(format!(
                "{}（{}）；案件 {}",
                decision.form, decision.document_number, row.id
            ))
            .with_after(&s)?,
    )
    .await?;
    Ok(m.id)
}

/// The order of a register listing; ties are broken by id (in the same direction).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum RegisterSort {
    /// By id, i.e. the order of entry.
    #[default]
    Id,
    /// By the space's name (by its characters' code points, as Rust compares strings).
    Name,
    /// By the recognition date.
    RecognisedOn,
}

/// A register listing's search and order, beyond the [`RegisterFilter`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct RegisterListing {
    /// Only spaces whose name contains this text (exactly, case and all).
    pub name_contains: Option<String>,
    /// The order.
    pub sort: RegisterSort,
    /// Descending rather than ascending.
    pub descending: bool,
}

impl Casework {
    /// The register: spaces a filter selects, by id.
    pub async fn register(
        &self,
        filter: &RegisterFilter,
        page: Page,
    ) -> Result<PageOf<SpaceRecord>> {
        self.register_listing(filter, &RegisterListing::default(), page)
            .await
    }

    /// The register searched, ordered and paged in the database: only the page's rows are read
    /// (and their records decoded), whatever the register's size.
    pub async fn register_listing(
        &self,
        filter: &RegisterFilter,
        listing: &RegisterListing,
        page: Page,
    ) -> Result<PageOf<SpaceRecord>> {
        use store::sea_orm::{DatabaseBackend, Order};
        let backend = self.store.db().get_database_backend();
        let mut q = space::Entity::find();
        if let Some(m) = &filter.measure {
            q = q.filter(space::Column::Measure.eq(m.as_str()));
        }
        if let Some(r) = &filter.region {
            let code = RegionCode::parse(r).map_err(CaseworkError::Profile)?;
            q = q.filter(space::Column::Region.starts_with(code.prefix()));
        }
        if let Some(s) = filter.status {
            q = q.filter(space::Column::Status.eq(status_str(s)));
        }
        if let Some(o) = filter.org {
            q = q.filter(space::Column::OrgId.eq(o));
        }
        if let Some(needle) = listing.name_contains.as_deref().filter(|n| !n.is_empty()) {
            q = q.filter(crate::substring::contains(
                backend,
                Expr::col((space::Entity, space::Column::Name)),
                needle,
            ));
        }
        let total = q.clone().count(self.store.db()).await?;
        let order = if listing.descending {
            Order::Desc
        } else {
            Order::Asc
        };
        q = match listing.sort {
            RegisterSort::Id => q,
            // Byte order of the UTF-8 text, as SQLite compares by default; PostgreSQL's
            // database collation would order otherwise.
            RegisterSort::Name if backend == DatabaseBackend::Postgres => q.order_by(
                Expr::cust("\"space\".\"name\" COLLATE \"C\""),
                order.clone(),
            ),
            RegisterSort::Name => q.order_by(space::Column::Name, order.clone()),
            RegisterSort::RecognisedOn => q.order_by(space::Column::RecognisedOn, order.clone()),
        };
        // SQLite takes no OFFSET without a LIMIT.
        let items = q
            .order_by(space::Column::Id, order)
            .offset(page.sql_offset())
            .limit(page.sql_limit(u64::MAX))
            .all(self.store.db())
            .await?
            .into_iter()
            .map(record)
            .collect::<Result<_>>()?;
        Ok(PageOf { items, total })
    }

    /// A space on the register.
    pub async fn space(&self, id: i64) -> Result<SpaceRecord> {
        load(self.store.db(), id).await
    }

    /// The space a case recognised, if any.
    pub async fn space_of_case(&self, case_id: i64) -> Result<Option<SpaceRecord>> {
        space::Entity::find()
            .filter(space::Column::CaseId.eq(case_id))
            .one(self.store.db())
            .await?
            .map(record)
            .transpose()
    }

    /// The findings recorded on a space, oldest first.
    pub async fn findings(&self, space_id: i64) -> Result<Vec<FindingRecord>> {
        finding::Entity::find()
            .filter(finding::Column::SpaceId.eq(space_id))
            .order_by_asc(finding::Column::Id)
            .all(self.store.db())
            .await?
            .into_iter()
            .map(|f| {
                Ok(FindingRecord {
                    id: f.id,
                    space_id: f.space_id,
                    finding: from_json("finding.body_json", &f.body_json)?,
                    first_seen: from_col(f.first_seen),
                    resolved_on: f.resolved_on.map(from_col),
                })
            })
            .collect()
    }

    /// Ids of the active spaces of an organisation.
    pub(crate) async fn active_spaces_of(
        &self,
        conn: &impl ConnectionTrait,
        org: i64,
    ) -> Result<Vec<i64>> {
        Ok(space::Entity::find()
            .select_only()
            .column(space::Column::Id)
            .filter(space::Column::OrgId.eq(org))
            .filter(space::Column::Status.eq("active"))
            .into_tuple()
            .all(conn)
            .await?)
    }
}
