//! Calls for applications: the policy's (`[[call]]`) and those the authority opens in the system.

use jiff::civil::Date;
use policy::law::Citation;
use policy::model::Call;
use store::NewAuditEntry;
use store::entity::call;
use store::sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set,
};

use crate::dates::{from_col, to_col};
use crate::error::{CaseworkError, Result};
use crate::{CallRecord, CallSource, Casework, NewCall};

fn to_call(m: &call::Model) -> Call {
    call_of(
        m.id.clone(),
        m.title.clone(),
        m.year,
        m.opens_on.map(from_col),
        from_col(m.deadline),
    )
}

/// A call opened in the system, as the workflow reads it: cited by its own title.
pub(crate) fn call_of(
    id: String,
    title: String,
    year: i32,
    opens_on: Option<Date>,
    deadline: Date,
) -> Call {
    Call {
        id,
        cite: Citation {
            source: Some(title.clone()),
            article: "全文".into(),
            item: None,
        },
        title,
        year: year as i16,
        opens_on,
        deadline,
        quote: format!("申报截止日期为{deadline}"),
        reading: None,
    }
}

impl Casework {
    /// Opens a call (the authority), audited.
    pub async fn open_call(&self, account: i64, new: NewCall) -> Result<CallRecord> {
        let m = self.measure(&new.measure)?;
        if let Some(o) = new.opens_on
            && o > new.deadline
        {
            return Err(CaseworkError::CallDates {
                opens_on: o,
                deadline: new.deadline,
            });
        }
        let id = new.id.trim().to_string();
        if id.is_empty() {
            return Err(store::StoreError::Missing {
                field: "申报通知编号",
            }
            .into());
        }
        if self
            .library
            .measures()
            .iter()
            .any(|lm| lm.measure.call.iter().any(|c| c.id == id))
        {
            return Err(CaseworkError::CallExists(id));
        }
        let acc = store::account::get(self.store.db(), account).await?;
        self.require_authority_of(&acc, &new.measure, "发布申报通知")?;
        let tx = self.store.begin().await?;
        if call::Entity::find_by_id(id.clone())
            .one(tx.conn())
            .await?
            .is_some()
        {
            return Err(CaseworkError::CallExists(id));
        }
        let row = call::ActiveModel {
            id: Set(id),
            measure: Set(m.id().to_string()),
            title: Set(new.title.trim().to_string()),
            year: Set(i32::from(new.year)),
            opens_on: Set(new.opens_on.map(to_col)),
            deadline: Set(to_col(new.deadline)),
            created_by: Set(acc.id.to_string()),
            created_at: Set(store::time::to_chrono(tx.now())),
        }
        .insert(tx.conn())
        .await?;
        let rec = record(&row);
        tx.audit(NewAuditEntry::new(&acc.actor(), "call", &rec.id, "open").with_after(&rec)?)
            .await?;
        tx.commit().await?;
        Ok(rec)
    }

    /// Every call of a measure: the policy's, then the system's by deadline.
    pub async fn calls(&self, measure: &str) -> Result<Vec<CallRecord>> {
        let m = self.measure(measure)?;
        let mut out: Vec<CallRecord> = m
            .measure
            .call
            .iter()
            .map(|c| CallRecord {
                id: c.id.clone(),
                measure: measure.to_string(),
                title: c.title.clone(),
                year: c.year,
                opens_on: c.opens_on,
                deadline: c.deadline,
                source: CallSource::Policy,
                cite: c.cite.to_string(),
            })
            .collect();
        let rows = call::Entity::find()
            .filter(call::Column::Measure.eq(measure))
            .order_by_asc(call::Column::Deadline)
            .all(self.store.db())
            .await?;
        out.extend(rows.iter().map(record));
        Ok(out)
    }

    /// The call `id` of a measure (the policy's or the system's); `None` where the measure has
    /// no such call.
    pub async fn call(&self, measure: &str, id: &str) -> Result<Option<CallRecord>> {
        Ok(self.calls(measure).await?.into_iter().find(|c| c.id == id))
    }

    pub(crate) async fn call_exists(
        &self,
        conn: &impl ConnectionTrait,
        measure: &str,
        id: &str,
    ) -> Result<()> {
        let m = self.measure(measure)?;
        if m.measure.call.iter().any(|c| c.id == id) {
            return Ok(());
        }
        match call::Entity::find_by_id(id.to_string()).one(conn).await? {
            Some(c) if c.measure == measure => Ok(()),
            _ => Err(CaseworkError::UnknownCall {
                call: id.to_string(),
                measure: measure.to_string(),
            }),
        }
    }
}

fn record(m: &call::Model) -> CallRecord {
    let c = to_call(m);
    CallRecord {
        id: c.id,
        measure: m.measure.clone(),
        title: c.title,
        year: c.year,
        opens_on: c.opens_on,
        deadline: c.deadline,
        source: CallSource::System,
        cite: c.cite.to_string(),
    }
}
