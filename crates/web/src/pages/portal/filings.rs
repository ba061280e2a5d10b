//! The filings of a recognised space from its page: the annual report and next year's plan
//! (`file_annual_report`), a change report (`report_change`) and a rectification report
//! (`file_rectification`, multipart with an optional attachment). Each answers the space page
//! again, with the values as typed and the errors beside their fields when refused.

use axum::extract::{Multipart, Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use jiff::civil::Date;

use super::space::{FormState, render};
use super::{Applicant, own_space};
use crate::error::{AppError, FieldError, FormPairs};
use crate::pages::form::{self, Sent};
use crate::pages::work;
use crate::state::AppState;

fn error(field: &str, message: impl Into<String>) -> FieldError {
    FieldError {
        field: field.into(),
        message: message.into(),
    }
}

/// Answers the page after a service call: the message when done, the errors otherwise.
async fn answer(
    state: &AppState,
    user: &Applicant,
    headers: &HeaderMap,
    id: i64,
    form: &'static str,
    sent: Sent,
    outcome: Result<(i64, String), Vec<FieldError>>,
) -> Result<Response, AppError> {
    let cw = work::casework(state)?;
    let s = cw.space(id).await.map_err(|e| work::cw_error(e, "space"))?;
    match outcome {
        // A plain form is sent on to the page (a reload then files nothing again), which reads
        // what was filed from the records.
        Ok((filing, _)) if !crate::pages::is_htmx(headers) => Ok(axum::response::Redirect::to(
            &format!("/portal/spaces/{id}?filed={filing}"),
        )
        .into_response()),
        Ok((_, done)) => {
            render(
                state,
                user,
                &s,
                FormState {
                    form,
                    done: Some(done),
                    ..Default::default()
                },
                StatusCode::OK,
            )
            .await
        }
        Err(errors) => {
            render(
                state,
                user,
                &s,
                FormState {
                    form,
                    sent,
                    errors,
                    done: None,
                },
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
    }
}

/// `POST /portal/spaces/{id}/annual-reports`: `year`, `report`, `plan`.
pub async fn annual_report(
    State(state): State<AppState>,
    user: Applicant,
    headers: HeaderMap,
    Path(id): Path<i64>,
    FormPairs(pairs): FormPairs,
) -> Result<Response, AppError> {
    own_space(&state, &user, id).await?;
    let sent = form::sent(pairs);
    let mut errors = Vec::new();
    let year = form::first(&sent, "year");
    let parsed = year.parse::<i16>().ok().filter(|y| *y > 0);
    if parsed.is_none() {
        errors.push(error(
            "year",
            format!("「{year}」不是年份，请填写四位数字年份，如 2025"),
        ));
    }
    let report = form::first(&sent, "report");
    if report.is_empty() {
        errors.push(error("report", "请填写年度工作报告"));
    }
    let plan = form::first(&sent, "plan");
    if plan.is_empty() {
        errors.push(error("plan", "请填写下一年度工作计划"));
    }
    let outcome = match (parsed, errors.is_empty()) {
        (Some(y), true) => {
            let cw = work::casework(&state)?;
            match cw
                .file_annual_report(
                    id,
                    user.account.id,
                    y,
                    &serde_json::json!({ "report": report, "plan": plan }),
                    work::today(&state),
                )
                .await
            {
                Ok(r) => Ok((
                    r.id,
                    match r.corrects {
                        Some(earlier) => format!(
                            "{y} 年度工作报告和下一年度工作计划已更正（报送编号 {}，替代报送 {earlier}）",
                            r.id
                        ),
                        None => format!(
                            "{y} 年度工作报告和下一年度工作计划已报送（报送编号 {}）",
                            r.id
                        ),
                    },
                )),
                Err(e) => Err(work::refused(e, "report")?),
            }
        }
        _ => Err(errors),
    };
    answer(&state, &user, &headers, id, "annual", sent, outcome).await
}

/// The change report's table of facts: 变化后 beside 登记在案.
pub(super) const CHANGED: work::Rows = work::Rows {
    prefix: "facts.",
    id: "c",
    blank: "未变化",
    given: "已变化",
    set_given: "已变化，现为下列勾选项",
    on_record: "现有情况",
    new_value: "变化后",
};

/// `POST /portal/spaces/{id}/changes`: `what`, `occurred_on`, the facts after the change
/// (`facts.<name>`, blank: unchanged).
pub async fn change(
    State(state): State<AppState>,
    user: Applicant,
    headers: HeaderMap,
    Path(id): Path<i64>,
    FormPairs(pairs): FormPairs,
) -> Result<Response, AppError> {
    own_space(&state, &user, id).await?;
    let sent = form::sent(pairs);
    let mut errors = Vec::new();
    let what = form::first(&sent, "what");
    if what.is_empty() {
        errors.push(error("what", "请填写变更的重大事项，如“场地位置变更”"));
    }
    let facts = work::typed_facts(&state, &sent, &CHANGED, &mut errors);
    let on = form::first(&sent, "occurred_on");
    let date = on.parse::<Date>().ok();
    match date {
        None => errors.push(error(
            "occurred_on",
            format!("「{on}」不是日期，请按 2025-03-01 的格式填写变化发生的日期"),
        )),
        Some(d) if d > work::today(&state) => errors.push(error(
            "occurred_on",
            format!("变化发生日期 {d} 晚于今天，请填写已经发生的变化"),
        )),
        Some(_) => {}
    }
    let outcome = match (date, errors.is_empty()) {
        (Some(d), true) => {
            let cw = work::casework(&state)?;
            match cw
                .report_change(id, user.account.id, what, &facts, d, work::today(&state))
                .await
            {
                Ok(n) => Ok((n, format!("重大事项变更已报送（报送编号 {n}）：{d} {what}"))),
                Err(e) => Err(work::refused(e, "what")?),
            }
        }
        _ => Err(errors),
    };
    answer(&state, &user, &headers, id, "change", sent, outcome).await
}

/// `POST /portal/spaces/{id}/rectification` (multipart: `_csrf` first without JavaScript,
/// `text`, optional `file`).
pub async fn rectification(
    State(state): State<AppState>,
    user: Applicant,
    headers: HeaderMap,
    Path(id): Path<i64>,
    multipart: Multipart,
) -> Result<Response, AppError> {
    own_space(&state, &user, id).await?;
    let (sent, files, errors) = form::read_multipart(multipart, "附件").await;
    let file = files.into_iter().next();
    let outcome = if errors.is_empty() {
        let cw = work::casework(&state)?;
        let text = form::first(&sent, "text").to_string();
        match cw
            .file_rectification(id, user.account.id, &text, file, work::today(&state))
            .await
        {
            Ok(r) => Ok((
                r.id,
                format!(
                    "整改报告已报送（报送编号 {}{}）",
                    r.id,
                    if r.attachment.is_some() {
                        "，含附件"
                    } else {
                        ""
                    }
                ),
            )),
            Err(e) => {
                let field = match &e {
                    casework::CaseworkError::Store(_) => "file",
                    _ => "text",
                };
                Err(work::refused(e, field)?)
            }
        }
    } else {
        Err(errors)
    };
    answer(&state, &user, &headers, id, "rectification", sent, outcome).await
}
