//! A recognised space's page (`/portal/spaces/{id}`): its record, status and validity, the
//! obligations of its measure with what is due and overdue (article and due date from the
//! policy), the findings recorded, appraisals and subsidies, the filings made, and the forms to
//! file an annual report, report a change and answer a rectification.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use minijinja::context;
use minijinja::value::Serde;
use policy::model::FilingKind;
use serde::Serialize;
use store::AccountRole;
use workflow::lifecycle::{Finding, SpaceStatus};

use super::own_space;
use crate::auth::{CurrentUser, MaybeUser};
use crate::error::{AppError, FieldError};
use crate::pages::form::Sent;
use crate::pages::{form, work};
use crate::state::AppState;

/// One obligation of the measure, with its reporting period in words.
#[derive(Debug, Serialize)]
struct ObligationView {
    id: String,
    label: String,
    period: String,
    cite: String,
    quote: String,
}

/// A due or overdue item on the day.
#[derive(Debug, Serialize)]
struct DueView {
    label: String,
    due: String,
    cite: String,
    overdue: bool,
    /// The measure's appraisal: the authority's to make, not the space's to file.
    appraisal: bool,
}

/// A finding recorded by the daily check.
#[derive(Debug, Serialize)]
struct FindingView {
    text: String,
    cite: String,
    first_seen: String,
    resolved_on: Option<String>,
}

/// The rectification in force.
#[derive(Debug, Serialize)]
struct RectificationView {
    since: String,
    until: Option<String>,
    cite: String,
    open: bool,
}

/// What the forms of the page sent back: which form, its values and errors, and a message.
#[derive(Default)]
pub(super) struct FormState {
    /// `annual`, `change` or `rectification`.
    pub form: &'static str,
    /// The values as typed.
    pub sent: Sent,
    /// The errors beside their fields.
    pub errors: Vec<FieldError>,
    /// A success message.
    pub done: Option<String>,
}

fn finding_text(f: &Finding) -> (String, String) {
    match f {
        Finding::Due {
            label, due, cite, ..
        } => (format!("{label}：{due} 到期"), cite.clone()),
        Finding::Overdue {
            label, due, cite, ..
        } => (format!("{label}：{due} 到期未完成（已逾期）"), cite.clone()),
        Finding::FiledLate {
            label,
            due,
            filed_on,
            cite,
            ..
        } => (
            format!("{label}：应于 {due} 前报告，{filed_on} 逾期报告"),
            cite.clone(),
        ),
        Finding::ReviewDue {
            label,
            reported_on,
            cite,
            ..
        } => (format!("{label}：{reported_on} 报告，待审核"), cite.clone()),
        Finding::Rectification { since, until, cite } => (
            match until {
                Some(u) => format!("{since} 考核不合格，限期整改至 {u}"),
                None => format!("{since} 考核不合格，限期整改（期限由认定机构确定）"),
            },
            cite.clone(),
        ),
        Finding::Expired { on, cite } => (format!("认定有效期至 {on} 届满"), cite.clone()),
        Finding::Excluded { cite, reason } => (format!("移出众创空间范围：{reason}"), cite.clone()),
        Finding::Revoke {
            label,
            reason,
            cite,
            ..
        } => (format!("{label}：{reason}"), cite.clone()),
    }
}

/// Renders the space page with the state of its forms.
pub(super) async fn render(
    state: &AppState,
    user: &CurrentUser,
    s: &casework::SpaceRecord,
    forms: FormState,
    status: StatusCode,
) -> Result<Response, AppError> {
    let cw = work::casework(state)?;
    // The store's clock (the wall clock in production; the tests set it).
    let today = crate::api::cases::today(&cw);
    let m = state
        .library
        .get(&s.measure)
        .ok_or_else(|| AppError::unknown_policy(&s.measure, None))?;
    let obligations: Vec<ObligationView> = m
        .measure
        .obligation
        .iter()
        .map(|o| ObligationView {
            id: o.id.clone(),
            label: o.label.clone(),
            period: policy::describe::due(&o.due, m.measure.measure.kind.label()),
            cite: o.cite.to_string(),
            quote: o.quote.clone(),
        })
        .collect();
    let now = workflow::lifecycle::evaluate(&state.library, m, &s.space, today);
    // The annual report's year offered: the oldest overdue, else the one falling due, else
    // this year (a report year is the year of its year-end deadline).
    let annual_ids: Vec<&str> = m
        .measure
        .obligation
        .iter()
        .filter(|o| o.filing == FilingKind::AnnualReport)
        .map(|o| o.id.as_str())
        .collect();
    let report_year = now
        .iter()
        .filter_map(|f| match f {
            Finding::Overdue {
                obligation, due, ..
            }
            | Finding::Due {
                obligation, due, ..
            } if annual_ids.contains(&obligation.as_str()) => Some(due.year()),
            _ => None,
        })
        .min()
        .unwrap_or(today.year());
    let appraisal = m.measure.appraisal.as_ref().map(|a| a.id.as_str());
    let mut dues: Vec<DueView> = now
        .iter()
        .filter_map(|f| match f {
            Finding::Due {
                obligation,
                label,
                due,
                cite,
            }
            | Finding::Overdue {
                obligation,
                label,
                due,
                cite,
            } => Some(DueView {
                label: label.clone(),
                due: due.to_string(),
                cite: cite.clone(),
                overdue: matches!(f, Finding::Overdue { .. }),
                appraisal: appraisal == Some(obligation.as_str()),
            }),
            _ => None,
        })
        .collect();
    dues.sort_by(|a, b| b.overdue.cmp(&a.overdue).then(a.due.cmp(&b.due)));
    let findings: Vec<FindingView> = cw
        .findings(s.id)
        .await
        .map_err(|e| work::cw_error(e, "space"))?
        .iter()
        .map(|r| {
            let (text, cite) = finding_text(&r.finding);
            FindingView {
                text,
                cite,
                first_seen: r.first_seen.to_string(),
                resolved_on: r.resolved_on.map(|d| d.to_string()),
            }
        })
        .collect();
    let appraisals: Vec<serde_json::Value> = s
        .space
        .appraisals
        .iter()
        .map(|a| {
            let grade = m.measure.appraisal.as_ref().and_then(|x| x.grade(&a.grade));
            serde_json::json!({
                "on": a.on.to_string(),
                "grade": grade.map_or_else(|| a.grade.clone(), |g| g.label.clone()),
                "failing": grade.is_some_and(|g| g.failing),
                "cite": grade.map(|g| g.cite.to_string()),
            })
        })
        .collect();
    let subsidies: Vec<serde_json::Value> = cw
        .subsidies(s.id)
        .await
        .map_err(|e| work::cw_error(e, "space"))?
        .iter()
        .map(|x| {
            serde_json::json!({
                "reason": x.reason, "cite": x.cite, "granted_on": x.granted_on.to_string(),
                "amount": format!("{}.{:02} 元", x.amount_fen / 100, x.amount_fen % 100),
            })
        })
        .collect();
    let filings: Vec<work::FilingRow> = cw
        .filings_of(s.id)
        .await
        .map_err(|e| work::cw_error(e, "space"))?
        .iter()
        .map(work::FilingRow::from)
        .collect();
    let rectification = casework::rectification::in_force(&state.library, m, &s.space, today).map(
        |(since, until, cite)| RectificationView {
            since: since.to_string(),
            until: until.map(|u| u.to_string()),
            cite,
            open: until.is_none_or(|u| today <= u),
        },
    );
    // The forms show the duty they answer, with its reporting period from the policy.
    let duty = |o: &policy::model::Obligation| {
        context! { label => o.label.clone(), period => policy::describe::due(&o.due, m.measure.measure.kind.label()),
        cite => o.cite.to_string(), quote => o.quote.clone() }
    };
    let obligation = |kind: FilingKind| m.measure.obligation_for(kind).map(duty);
    let change = obligation(FilingKind::ChangeReport);
    let review = m.measure.change_review();
    let changes = work::space_changes(state, s, &m.measure, today).await?;
    // The facts after a change, each beside the record (the application and the changes since).
    let change_facts = match (&change, s.status == SpaceStatus::Active) {
        (Some(_), true) => match cw
            .record_now(s, today)
            .await
            .map_err(|e| work::cw_error(e, "space"))?
        {
            Some(record) => work::fact_inputs(state, m, &record, |_| true),
            None => Vec::new(),
        },
        _ => Vec::new(),
    };
    // A refused report shows the facts as typed, open where any was given.
    let change_facts_open = forms.form == "change"
        && forms.sent.iter().any(|(k, v)| {
            k.starts_with(super::filings::CHANGED.prefix) && v.iter().any(|v| !v.trim().is_empty())
        });
    let sent: std::collections::BTreeMap<&str, &str> = forms
        .sent
        .iter()
        .filter_map(|(k, v)| Some((k.as_str(), v.first()?.as_str())))
        .collect();
    let review = review.map(|r| context! { label => r.label.clone(), cite => r.cite.to_string(), quote => r.quote.clone() });
    let annual = obligation(FilingKind::AnnualReport);
    let statistics = obligation(FilingKind::Statistics).is_some();
    let validity = m.measure.validity.as_ref().map(|v| {
        context! { period => v.period.to_string(), cite => v.cite.to_string(), quote => v.quote.clone() }
    });
    let appraisal_rounds = super::appraisal_materials::rounds_for(state, s, today).await?;
    let errors = work::errors_map(&forms.errors);
    let value = |name: &str| form::first(&forms.sent, name).to_string();
    let html = crate::pages::page(
        state,
        "portal_space.html",
        context! {
            title => format!("众创空间：{}", s.name), nav => "portal",
            csrf_token => user.csrf_token.clone().unwrap_or_default(),
            space => context! {
                id => s.id, name => s.name.clone(), region => s.region.clone(),
                measure_name => work::short_name(state, &s.measure),
                measure_title => m.measure.measure.title.clone(),
                word => m.measure.measure.kind.label(),
                recognised_on => s.recognised_on.to_string(),
                valid_until => s.valid_until.map(|d| d.to_string()),
                document_number => s.document_number.clone(),
                status => casework::status_label(s.status), active => s.status == SpaceStatus::Active,
                case_id => s.case_id,
            },
            validity, obligations => Serde(&obligations), dues => Serde(&dues),
            findings => Serde(&findings), appraisals => Serde(&appraisals),
            subsidies => Serde(&subsidies), filings => Serde(&filings),
            rectification => rectification.map(Serde), change, annual, statistics,
            changes => Serde(&changes), review,
            change_inputs => Serde(&change_facts), changed_rows => Serde(&super::filings::CHANGED),
            sent => Serde(&sent), change_facts_open,
            form => forms.form, errors => Serde(&errors), done => forms.done,
            values => context! {
                year => { let y = value("year"); if y.is_empty() { report_year.to_string() } else { y } },
                report => value("report"), plan => value("plan"),
                what => value("what"), occurred_on => value("occurred_on"), text => value("text"),
            },
            today => today.to_string(), appraisal_rounds => Serde(&appraisal_rounds),
        },
    )?;
    Ok((status, html).into_response())
}

/// `GET /portal/spaces/{id}`.
pub async fn page(
    State(state): State<AppState>,
    MaybeUser(user): MaybeUser,
    Path(id): Path<i64>,
    axum::extract::Query(q): axum::extract::Query<FiledQuery>,
) -> Result<Response, AppError> {
    let Some(user) = user else {
        return Ok(work::to_login(&format!("/portal/spaces/{id}")));
    };
    user.require_role(&[AccountRole::Applicant])?;
    let s = own_space(&state, &user, id).await?;
    // After a plain form's filing: what was filed, read from the space's own filings.
    let done = match q.filed.as_deref().and_then(|f| f.parse::<i64>().ok()) {
        Some(filing) => work::casework(&state)?
            .filings_of(s.id)
            .await
            .map_err(|e| work::cw_error(e, "space"))?
            .into_iter()
            .find(|f| f.id == filing)
            .map(|f| {
                let mut done = format!(
                    "{}已报送（报送编号 {}，{}）",
                    work::filing_label(&f.kind),
                    f.id,
                    f.filed_on
                );
                // The period or the change it is for, as the filings list names it.
                let of = work::filing_period(&f.kind, &f.period);
                if !of.is_empty() && of != "—" {
                    done.push_str(&format!("：{of}"));
                }
                done
            }),
        None => None,
    };
    let forms = FormState {
        done,
        ..FormState::default()
    };
    render(&state, &user, &s, forms, StatusCode::OK).await
}

/// The page's query: `filed` names the filing a plain form just made (any other text is
/// ignored, as is a filing of another space).
#[derive(Debug, Default, serde::Deserialize)]
pub struct FiledQuery {
    #[serde(default)]
    filed: Option<String>,
}
