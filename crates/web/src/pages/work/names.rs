//! Organisation names for the pages, cached for one page.

use std::collections::BTreeMap;

use crate::state::AppState;

/// An organisation's name (or its id when it cannot be read).
pub async fn org_name(state: &AppState, id: i64) -> String {
    match state.store() {
        Ok(s) => store::organisation::get(s.db(), id)
            .await
            .map_or_else(|_| format!("单位 {id}"), |o| o.name),
        Err(_) => format!("单位 {id}"),
    }
}

/// Organisation names by id, cached for one page.
#[derive(Default)]
pub struct Names(BTreeMap<i64, String>);

impl Names {
    /// The name of an organisation.
    pub async fn org(&mut self, state: &AppState, id: i64) -> String {
        if let Some(n) = self.0.get(&id) {
            return n.clone();
        }
        let n = org_name(state, id).await;
        self.0.insert(id, n.clone());
        n
    }
}
