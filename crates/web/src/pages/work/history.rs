//! An audit trail as people read it: who acted by name and role, the time in China, the
//! actions in Chinese. A case's history and a space's record both read this way.

use std::collections::BTreeMap;

use casework::Casework;
use store::ActorKind;

use super::{HistoryView, cw_error};
use crate::error::AppError;
use crate::state::AppState;

fn action_label(code: &str) -> &str {
    match code {
        "create" => "创建申报草稿",
        "update_draft" => "保存申报内容",
        "attach" => "上传申报材料",
        "submit" => "提交申报",
        "withdraw" => "撤回申报",
        "complete" => "办结环节",
        "return" => "退回修改",
        "reject" => "不予通过",
        "publish_notice" => "发布公示",
        "decide" => "作出决定",
        "assign_expert" => "指派评审专家",
        "record_inspection" => "登记实地核查记录",
        "score" => "专家评分",
        "object" => "收到异议",
        "rule_objection" => "处理异议",
        other => other,
    }
}

/// The history of a case with names.
pub async fn history(
    state: &AppState,
    cw: &Casework,
    id: i64,
) -> Result<Vec<HistoryView>, AppError> {
    let trail = cw.history(id).await.map_err(|e| cw_error(e, "case"))?;
    lines(state, trail, action_label).await
}

/// Audit entries as lines: each actor named once (an account by its name and role; the
/// public, the system's own runs and the command line by what they are), the time in China.
pub async fn lines(
    state: &AppState,
    trail: Vec<store::AuditRecord>,
    action: impl Fn(&str) -> &str,
) -> Result<Vec<HistoryView>, AppError> {
    let store = state.store()?;
    let mut names: BTreeMap<i64, String> = BTreeMap::new();
    let mut out = Vec::new();
    for e in trail {
        let who = match e.actor.kind() {
            ActorKind::Public => "社会公众".to_string(),
            ActorKind::CommandLine => "系统管理员（命令行）".to_string(),
            ActorKind::System => "系统".to_string(),
            ActorKind::Unknown => format!("未知操作者（{}）", e.actor.id),
            ActorKind::Account(aid) => match names.get(&aid) {
                Some(n) => n.clone(),
                None => {
                    let n = match store::account::get(store.db(), aid).await {
                        Ok(a) => format!("{}（{}）", a.name, crate::auth::role_label(a.role)),
                        Err(_) => format!("账号 {aid}"),
                    };
                    names.insert(aid, n.clone());
                    n
                }
            },
        };
        let at = casework::dates::in_china(e.at)
            .strftime("%Y-%m-%d %H:%M")
            .to_string();
        out.push(HistoryView {
            seq: e.seq,
            at,
            who,
            action: action(&e.action).to_string(),
            reason: e.reason.unwrap_or_default(),
        });
    }
    Ok(out)
}
