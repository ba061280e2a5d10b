//! The facts a material change reports as they stand after it (the area now, the operator's
//! kind now…), checked against the dictionary when reported, and the measure's conditions checked
//! again on them for the authority's review (鞍山 第八条: 经市科技局审核后，符合本办法要求的，同意变更；
//! 对不符合本办法要求的，取消资格). The record a change is weighed against is the application the
//! space was recognised on, with the facts of the changes recorded before it.

use std::collections::BTreeMap;

use jiff::civil::Date;
use rules::profile::Profile;
use serde_json::Value;
use store::sea_orm::ConnectionTrait;
use workflow::review::{Measurement, Recheck};

use crate::error::{CaseworkError, Result};
use crate::fact_overlay::{overlay, set_dotted};
use crate::{Casework, SpaceRecord, register};

/// A change's facts set beside the record before it, with the measure checked again on them.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ChangeRecheck {
    /// Each fact reported: on record before (`declared`), after the change (`found`).
    pub facts: Vec<Measurement>,
    /// The conditions checked again on the facts after the change (`declared_verdict` and each
    /// condition's `declared`: before it); none where the space was entered without an
    /// application (imported), so there is no record to weigh the change against.
    pub recheck: Option<Recheck>,
}

/// The field of a reported fact (`facts.premises.total_area_m2`).
fn field(name: &str) -> String {
    format!("facts.{name}")
}

impl Casework {
    /// The application `s` was recognised on, as the profile writes it (each fact nested, so
    /// the changes' facts can be set in it); none for a space entered without an application.
    async fn application(
        &self,
        conn: &impl ConnectionTrait,
        s: &SpaceRecord,
    ) -> Result<Option<Value>> {
        let Some(case_id) = s.case_id else {
            return Ok(None);
        };
        let row = crate::cases::load_row(conn, case_id).await?;
        let stored: Value = serde_json::from_str(&row.profile_json)
            .map_err(|e| CaseworkError::Profile(format!("申报档案无法读取：{e}")))?;
        // Through the profile first: a stored document may write a fact dotted or nested, and
        // the profile writes each one way (nested), where the changes' facts are set.
        Profile::from_json_value(&stored, &self.library.facts)
            .map(|p| Some(p.to_json()))
            .map_err(|e| CaseworkError::Profile(e.to_string()))
    }

    /// The profile on record before the change of `s` at index `before`: the `application`
    /// with the facts of the changes before it applied in order, as of `on`.
    fn record_before(
        &self,
        application: &Value,
        s: &SpaceRecord,
        before: usize,
        on: Date,
    ) -> Result<Profile> {
        let mut doc = application.clone();
        for change in s.space.changes.iter().take(before) {
            for (name, value) in &change.facts {
                set_dotted(&mut doc, name, value.clone());
            }
        }
        set_dotted(&mut doc, "as_of", Value::String(on.to_string()));
        Profile::from_json_value(&doc, &self.library.facts)
            .map_err(|e| CaseworkError::Profile(e.to_string()))
    }

    /// The profile on record for `s` today (`on`): its application with every recorded change's
    /// facts, as the profile writes it; none for a space entered without an application. What a
    /// change report's form shows beside each fact.
    pub async fn record_now(&self, s: &SpaceRecord, on: Date) -> Result<Option<Value>> {
        let Some(application) = self.application(self.store.db(), s).await? else {
            return Ok(None);
        };
        Ok(Some(
            self.record_before(&application, s, s.space.changes.len(), on)?
                .to_json(),
        ))
    }

    /// `facts` weighed against the record before the change at index `at`: refused (each fact
    /// named, `facts.<name>`) where one is unknown or does not read as its type; none when no
    /// fact was given.
    pub(crate) async fn weigh_change(
        &self,
        conn: &impl ConnectionTrait,
        s: &SpaceRecord,
        at: usize,
        facts: &BTreeMap<String, Value>,
        on: Date,
    ) -> Result<Option<ChangeRecheck>> {
        if facts.is_empty() {
            return Ok(None);
        }
        let application = self.application(conn, s).await?;
        self.weigh(application.as_ref(), s, at, facts, on).map(Some)
    }

    /// [`Self::weigh_change`] against an application already read (none: imported).
    fn weigh(
        &self,
        application: Option<&Value>,
        s: &SpaceRecord,
        at: usize,
        facts: &BTreeMap<String, Value>,
        on: Date,
    ) -> Result<ChangeRecheck> {
        let record = application
            .map(|a| self.record_before(a, s, at, on))
            .transpose()?;
        // Without an application the facts are still checked for their types, against nothing.
        let base = match &record {
            Some(p) => p.clone(),
            None => Profile::from_json_value(
                &serde_json::json!({ "as_of": on.to_string() }),
                &self.library.facts,
            )
            .map_err(|e| CaseworkError::Profile(e.to_string()))?,
        };
        let measure = self.measure(&s.measure)?;
        // What the system records itself (statistics filed…) is not the operator's to report.
        let not_reported = |def: &policy::facts::FactDef| {
            (def.origin != "applicant")
                .then(|| format!("「{}」由系统记录，不在变更报告中填写", def.label))
        };
        let o = overlay(self, measure, &base, facts, &field, &not_reported)
            .map_err(CaseworkError::Facts)?;
        // A division code must name a division (the profile checks only its form).
        let unknown: Vec<rules::FieldError> = facts
            .iter()
            .filter(|(name, _)| {
                self.library
                    .facts
                    .fact_named(name)
                    .is_some_and(|d| d.ty == policy::facts::FactType::Region)
            })
            .filter_map(|(name, v)| {
                let code = v.as_str()?;
                self.library
                    .regions
                    .named(code)
                    .is_none()
                    .then(|| rules::FieldError {
                        field: field(name),
                        message: format!("行政区划代码表中没有「{code}」"),
                    })
            })
            .collect();
        if !unknown.is_empty() {
            return Err(CaseworkError::Facts(unknown));
        }
        Ok(ChangeRecheck {
            facts: o.measurements,
            recheck: record.is_some().then_some(o.recheck),
        })
    }

    /// Each change of `s` in order, weighed against the record before it (none for a change
    /// that gave no facts): a reviewed change with the check as its reviewer saw it, a pending
    /// one as it stands on `on`. For the pages and the dossier.
    pub async fn weighed_changes(
        &self,
        s: &SpaceRecord,
        on: Date,
    ) -> Result<Vec<Option<ChangeRecheck>>> {
        // The application is read once for all the changes (none of them gave facts: not at all).
        let application = if s.space.changes.iter().any(|c| !c.facts.is_empty()) {
            self.application(self.store.db(), s).await?
        } else {
            None
        };
        let mut out = Vec::with_capacity(s.space.changes.len());
        for (i, c) in s.space.changes.iter().enumerate() {
            if c.facts.is_empty() {
                out.push(None);
                continue;
            }
            let day = c.review.as_ref().map_or(on, |r| r.on);
            let mut weighed = self.weigh(application.as_ref(), s, i, &c.facts, day)?;
            if let Some(r) = &c.review {
                weighed.recheck.clone_from(&r.recheck);
            }
            out.push(Some(weighed));
        }
        Ok(out)
    }

    /// The `n`th change of a space (from 1) weighed against the record before it as of `on`:
    /// what the reviewer sees before deciding. None where the change gave no facts.
    pub async fn change_recheck(
        &self,
        space_id: i64,
        n: usize,
        on: Date,
    ) -> Result<Option<ChangeRecheck>> {
        let conn = self.store.db();
        let s = register::load(conn, space_id).await?;
        let change = n
            .checked_sub(1)
            .and_then(|i| s.space.changes.get(i))
            .ok_or(crate::change_review::ReviewError::NoSuchChange { space: s.id, n })?;
        self.weigh_change(conn, &s, n - 1, &change.facts, on).await
    }
}
