//! Routing: which recommending unit receives an application (朔州: a college space goes via the
//! city education bureau, others via the county bureau or development zone).

use std::collections::BTreeMap;

use policy::LoadedMeasure;
use policy::model::{GuardValue, Route};

/// The route whose condition the routing facts meet, else the route without a condition.
pub fn route<'a>(
    measure: &'a LoadedMeasure,
    facts: &BTreeMap<String, serde_json::Value>,
) -> Option<&'a Route> {
    let routes = &measure.measure.procedure.route;
    routes
        .iter()
        .find(|r| {
            r.when.as_ref().is_some_and(|g| {
                let value = facts.get(g.fact.as_str());
                match (&g.equals, value) {
                    (GuardValue::Bool(b), Some(serde_json::Value::Bool(v))) => b == v,
                    (GuardValue::Choice(c), Some(serde_json::Value::String(v))) => c == v,
                    _ => false,
                }
            })
        })
        .or_else(|| routes.iter().find(|r| r.when.is_none()))
}
