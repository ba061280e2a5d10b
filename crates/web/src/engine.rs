//! What the API and the pages share: reading a profile, choosing the measure, running checks and
//! appraisals, with errors as field errors.

use policy::{Library, LoadedMeasure};
use rules::appraisal::{self, AppraisalError, AppraisalResult, Plan};
use rules::eligibility::{self, EligibilityReport};
use rules::profile::{FactValue, Profile};
use serde::Serialize;

use crate::error::{AppError, FieldError, parse_json};

/// A profile from a JSON body: a valid one read straight from the text, any other through
/// `parse_json` and `profile`, so every error is the same as theirs.
pub fn profile_from_json(library: &Library, body: &[u8]) -> Result<Profile, AppError> {
    if let Some(profile) = Profile::from_valid_json(body, &library.facts) {
        return Ok(profile);
    }
    profile(library, &parse_json::<serde_json::Value>(body)?)
}

/// A profile from a JSON value, every problem as a field error.
pub fn profile(library: &Library, value: &serde_json::Value) -> Result<Profile, AppError> {
    Profile::from_json_value(value, &library.facts).map_err(|e| {
        AppError::Invalid(
            e.0.into_iter()
                .map(|e| FieldError {
                    field: e.field,
                    message: e.message,
                })
                .collect(),
        )
    })
}

/// The measure to check against: the one named (404 when unknown), else the one in force for
/// the profile's region on its date.
pub fn choose<'a>(
    library: &'a Library,
    profile: &Profile,
    explicit: Option<&str>,
) -> Result<&'a LoadedMeasure, AppError> {
    if let Some(id) = explicit.or(profile.policy.as_deref()) {
        return library
            .get(id)
            .ok_or_else(|| AppError::unknown_policy(id, Some("policy")));
    }
    let Some(FactValue::Region(region)) = profile.get(&"operator.region".into()) else {
        return Err(AppError::invalid(
            "operator.region",
            "未指定办法（policy），也没有注册地（operator.region），无法确定适用的办法",
        ));
    };
    library.in_force(region, profile.as_of).ok_or_else(|| {
        AppError::invalid(
            "operator.region",
            format!(
                "{} 在 {} 没有施行中的办法；请指定办法",
                region, profile.as_of
            ),
        )
    })
}

/// One check.
pub fn check(
    library: &Library,
    profile: &Profile,
    explicit: Option<&str>,
) -> Result<EligibilityReport, AppError> {
    let measure = choose(library, profile, explicit)?;
    Ok(eligibility::check(library, measure, profile))
}

/// One check, answered as the report's JSON written straight into a buffer (the same bytes as
/// serialising [`check`]'s report, without building it: the self-check's fast path).
pub fn check_json(
    library: &Library,
    profile: &Profile,
    explicit: Option<&str>,
) -> Result<Vec<u8>, AppError> {
    let measure = choose(library, profile, explicit)?;
    // Empty: the writer reserves the report's room itself once it knows the conditions' length
    // (a guess here would be copied over when it fell short).
    let mut out = Vec::new();
    let engine = eligibility::Engine::new(library, measure);
    // The writer's working buffers (the decision, the conditions' JSON) are kept per thread and
    // reused, so a check does not allocate and grow them afresh.
    thread_local! {
        static SCRATCH: std::cell::RefCell<eligibility::JsonScratch> = Default::default();
    }
    SCRATCH.with_borrow_mut(|scratch| engine.check_json(profile, scratch, &mut out));
    Ok(out)
}

/// One measure's row of a comparison.
#[derive(Debug, Serialize)]
pub struct CompareRow {
    /// The measure id.
    pub policy: String,
    /// The jurisdiction's short name.
    pub short_name: String,
    /// The report.
    pub report: EligibilityReport,
}

/// The comparison, schema `makerspace.compare/1`.
#[derive(Debug, Serialize)]
pub struct Comparison {
    /// `makerspace.compare/1`.
    pub schema: &'static str,
    /// The check date.
    pub as_of: jiff::civil::Date,
    /// One row per measure in force on the date.
    pub results: Vec<CompareRow>,
}

/// The profile against every measure in force on its date.
pub fn compare(library: &Library, profile: &Profile) -> Result<Comparison, AppError> {
    // The measure a profile names is not what a comparison checks (every measure in force
    // is), but a name that is no measure's is the client's mistake, said as the check says it.
    if let Some(id) = profile.policy.as_deref()
        && library.get(id).is_none()
    {
        return Err(AppError::unknown_policy(id, Some("policy")));
    }
    let measures = library.all_in_force(profile.as_of);
    if measures.is_empty() {
        return Err(AppError::invalid(
            "as_of",
            format!("{} 没有施行中的办法", profile.as_of),
        ));
    }
    Ok(Comparison {
        schema: "makerspace.compare/1",
        as_of: profile.as_of,
        results: measures
            .iter()
            .map(|m| CompareRow {
                policy: m.id().to_string(),
                short_name: m.measure.measure.short_name.clone(),
                report: eligibility::check(library, m, profile),
            })
            .collect(),
    })
}

/// An appraisal preview; input errors are prefixed `input.`.
pub fn appraise<'a>(
    library: &'a Library,
    policy: &str,
    input: &serde_json::Value,
) -> Result<AppraisalResult<'a>, AppError> {
    let measure = library
        .get(policy)
        .ok_or_else(|| AppError::unknown_policy(policy, Some("policy")))?;
    if measure.measure.appraisal.is_none() {
        return Err(AppError::invalid(
            "policy",
            format!("办法「{policy}」没有绩效考核规定"),
        ));
    }
    let plan = Plan::new(measure).map_err(|e| AppError::invalid("policy", e.to_string()))?;
    let field = |f: &str| {
        if f.starts_with('(') {
            "input".to_string()
        } else {
            format!("input.{f}")
        }
    };
    let (parsed, values) = plan.read_value(input, &library.facts).map_err(|e| {
        AppError::Invalid(
            e.0.iter()
                .map(|e| FieldError {
                    field: field(&e.field),
                    message: e.message.clone(),
                })
                .collect(),
        )
    })?;
    appraisal::appraise_with(library, measure, &plan, &parsed, &values).map_err(|e| match e {
        AppraisalError::Input(errors) => AppError::Invalid(
            errors
                .0
                .iter()
                .map(|e| FieldError {
                    field: field(&e.field),
                    message: e.message.clone(),
                })
                .collect(),
        ),
        other => AppError::invalid("input", other.to_string()),
    })
}
