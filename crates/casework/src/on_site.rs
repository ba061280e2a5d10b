//! The facts a site inspection (实地核查) measures on the visit: each checked against the fact
//! dictionary (known, verifiable on site, typed as the profile types it), set beside the value
//! the application declared, and the eligibility check run again with the values found in place
//! of the declared ones, so the record shows which conditions the visit's findings change.

use std::collections::BTreeMap;

use policy::facts::FactDef;
use rules::profile::Profile;
use serde_json::Value;
use workflow::case::Case;
use workflow::review::MeasuredOnSite;

use crate::Casework;
use crate::error::{CaseworkError, Result};
use crate::fact_overlay::overlay;

/// The measurements of `found` (fact name → value as the profile writes it) against the case's
/// declared profile (`profile_json`, as stored), with the check on them; nothing when nothing
/// was measured. Every refused fact is named, none is taken.
pub(crate) fn measured(
    cw: &Casework,
    case: &Case,
    profile_json: &str,
    found: &BTreeMap<String, Value>,
) -> Result<MeasuredOnSite> {
    if found.is_empty() {
        return Ok(MeasuredOnSite::default());
    }
    let stored: Value = serde_json::from_str(profile_json)
        .map_err(|e| CaseworkError::Profile(format!("申报档案无法读取：{e}")))?;
    let declared = Profile::from_json_value(&stored, &cw.library.facts)
        .map_err(|e| CaseworkError::Profile(e.to_string()))?;
    let not_on_site = |def: &FactDef| {
        (!def.on_site).then(|| {
            format!(
                "「{}」不能在实地核查中核实；可核实的有：{}",
                def.label,
                on_site_labels(cw)
            )
        })
    };
    let o = overlay(
        cw,
        cw.measure(&case.measure)?,
        &declared,
        found,
        &|name| format!("measured.{name}"),
        &not_on_site,
    )
    .map_err(CaseworkError::Facts)?;
    Ok(MeasuredOnSite {
        measurements: o.measurements,
        recheck: Some(o.recheck),
    })
}

/// The labels of the facts verifiable on site, for an error that names what may be measured.
fn on_site_labels(cw: &Casework) -> String {
    cw.library
        .facts
        .facts()
        .filter(|d| d.on_site)
        .map(|d| format!("{}（{}）", d.label, d.name))
        .collect::<Vec<_>>()
        .join("、")
}
