//! The checks at submission: a ban, the call's deadline, one round a year, required materials.

use jiff::civil::Date;
use policy::model::{BanTrigger, Call};

use super::{Case, Context};
use crate::error::WorkflowError;

fn open_call<'a>(ctx: &Context<'a>, case: &Case) -> Option<&'a Call> {
    let calls = || {
        ctx.measure
            .measure
            .call
            .iter()
            .chain(ctx.extra_calls.iter())
    };
    match &case.call {
        Some(id) => calls().find(|c| &c.id == id),
        None => calls().find(|c| c.year == ctx.on.year()),
    }
}

/// Runs every submission check, in the order an applicant would want to hear them.
pub(crate) fn check(ctx: &Context<'_>, case: &Case) -> Result<(), WorkflowError> {
    let m = &ctx.measure.measure;
    for ban in m.ban.iter().filter(|b| b.trigger == BanTrigger::Fraud) {
        for &found_on in ctx.fraud_findings {
            if let Some(until) = ban.period.last_day_after(found_on)
                && found_on <= ctx.on
                && ctx.on <= until
            {
                return Err(WorkflowError::Banned {
                    found_on,
                    until,
                    cite: ban.cite.to_string(),
                    quote: ban.quote.clone(),
                });
            }
        }
    }
    let has_calls = !m.call.is_empty() || !ctx.extra_calls.is_empty() || case.call.is_some();
    if has_calls {
        let call = open_call(ctx, case).ok_or(WorkflowError::NoOpenCall { date: ctx.on })?;
        if let Some(opens) = call.opens_on
            && ctx.on < opens
        {
            return Err(WorkflowError::NoOpenCall { date: ctx.on });
        }
        // 民法典 第二百零三条: a deadline on a rest day moves to the next working day.
        let deadline: Date = ctx
            .library
            .calendar
            .deadline(call.deadline)
            .unwrap_or(call.deadline);
        if ctx.on > deadline {
            return Err(WorkflowError::Late {
                deadline,
                submitted_on: ctx.on,
                cite: call.cite.to_string(),
                quote: call.quote.clone(),
            });
        }
    }
    if let Some(rounds) = &m.procedure.rounds
        && let Some(per_year) = rounds.per_year
    {
        let same_year: Vec<_> = ctx
            .other_submissions
            .iter()
            .filter(|(id, d)| id != &case.id && d.year() == ctx.on.year())
            .collect();
        if same_year.len() >= per_year as usize {
            return Err(WorkflowError::SecondInRound {
                per_year,
                year: ctx.on.year(),
                existing: same_year[0].0.0.clone(),
                cite: rounds.cite.to_string(),
            });
        }
    }
    let missing: Vec<String> = m
        .material
        .iter()
        .filter(|mat| mat.required && !case.materials.contains(&mat.id))
        .map(|mat| format!("{}（{}）", mat.label, mat.cite))
        .collect();
    if !missing.is_empty() {
        return Err(WorkflowError::MissingMaterials { missing });
    }
    Ok(())
}
