//! The Chinese descriptions of what utoipa's derive describes only from doc comments: the
//! properties of a schema (`ToSchema`), the variants of an enum's `oneOf`, and the query
//! parameters of an `IntoParams` struct. The doc comments stay English, for the code's readers;
//! the document is read by a bureau's IT staff and an applicant's developers, and speaks Chinese
//! (the project's rule: Chinese first in the UI and in explanations, English in code).
//!
//! Everything else takes its Chinese where utoipa allows it, and that wins over the doc comment:
//! a schema's own description in `#[schema(description = "…")]`, an operation's in
//! `#[utoipa::path(summary = "…")]`, a path or header parameter's in `params((…, description =
//! "…"))`, a response's in `responses((…, description = "…"))`.
//!
//! Each type's texts are written beside it, as an `impl Zh`, and the type is listed in `schemas`
//! or `queries` here; [`describe`] puts them in the document. A text that finds no place (a
//! renamed field, a misspelt name) fails the debug build's start; a member left without a text
//! (or a type left off the lists) keeps its English, which the test of the document
//! (`every_description_is_chinese`) names.

use std::borrow::Cow;

use serde_json::Value;
use utoipa::ToSchema;

/// Chinese descriptions by member: a property's (or query parameter's) JSON name, or, beginning
/// with `/`, a JSON pointer within the schema (`/oneOf/0` for an enum's first variant).
pub type Members = &'static [(&'static str, &'static str)];

/// A type's Chinese member descriptions for the OpenAPI document.
pub trait Zh {
    /// The descriptions, in the type's field order.
    const MEMBERS: Members;
}

/// A schema's name in the document and its texts.
fn schema<T: ToSchema + Zh>() -> (Cow<'static, str>, Members) {
    (T::name(), T::MEMBERS)
}

/// Every schema with Chinese member texts.
fn schemas() -> Vec<(Cow<'static, str>, Members)> {
    use super::cases::{
        actions, applications, appraisal_rounds, calls, dossier, experts, inspections, materials,
        notices, oversight, records, register, requests, views,
    };
    use super::{appraisal, facts, health, policies, schemas as docs, session};
    vec![
        schema::<crate::error::ErrorBody>(),
        schema::<crate::error::FieldError>(),
        schema::<docs::ProfileBody>(),
        schema::<docs::ConditionDoc>(),
        schema::<docs::EligibilityReportDoc>(),
        schema::<docs::CompareRowDoc>(),
        schema::<docs::ComparisonDoc>(),
        schema::<docs::AppraisalResultDoc>(),
        schema::<docs::ObjectionTargetDoc>(),
        schema::<docs::FilingValueDoc>(),
        schema::<policies::PolicySummary>(),
        schema::<policies::PolicyList>(),
        schema::<policies::PolicyDetail>(),
        schema::<facts::ChoiceDoc>(),
        schema::<facts::Fact>(),
        schema::<facts::FactList>(),
        schema::<appraisal::PreviewRequest>(),
        schema::<health::Health>(),
        schema::<session::LoginRequest>(),
        schema::<session::Me>(),
        schema::<session::SessionCreated>(),
        schema::<views::CaseView>(),
        schema::<views::CaseLine>(),
        schema::<views::CasePage>(),
        schema::<views::RegisterEntry>(),
        schema::<actions::ActionBody>(),
        schema::<applications::CreateApplication>(),
        schema::<applications::UpdateApplication>(),
        schema::<applications::ApplicationDetail>(),
        schema::<calls::CallView>(),
        schema::<calls::OpenCall>(),
        schema::<experts::AssignExpert>(),
        schema::<experts::ScoreBody>(),
        schema::<experts::DeclareConflict>(),
        schema::<experts::ConflictRecorded>(),
        schema::<inspections::InspectionBody>(),
        schema::<materials::Uploaded>(),
        schema::<notices::NoticeEntry>(),
        schema::<notices::ObjectionBody>(),
        schema::<notices::ObjectionReceived>(),
        schema::<notices::RulingBody>(),
        schema::<register::RegisterPage>(),
        schema::<register::AppraisalResultEntry>(),
        schema::<register::AppraisalResultPage>(),
        schema::<register::SpacePublic>(),
        schema::<register::StatisticsBody>(),
        schema::<register::AnnualReportBody>(),
        schema::<register::ChangeBody>(),
        schema::<register::AppraisalBody>(),
        schema::<register::FilingAccepted>(),
        schema::<dossier::FindingDoc>(),
        schema::<dossier::FilingLine>(),
        schema::<dossier::FilingDoc>(),
        schema::<dossier::SubsidyDoc>(),
        schema::<dossier::ChangeDoc>(),
        schema::<dossier::DossierDoc>(),
        schema::<dossier::NotedChangeBody>(),
        schema::<dossier::RevocationBody>(),
        schema::<dossier::Revoked>(),
        schema::<dossier::RectificationBody>(),
        schema::<dossier::ReviewBody>(),
        schema::<dossier::Reviewed>(),
        schema::<dossier::ForwardBody>(),
        schema::<requests::StatisticsRequestBody>(),
        schema::<requests::StatisticsRequestSent>(),
        schema::<requests::StatisticsRequestWithdrawal>(),
        schema::<requests::StatisticsRequestsWithdrawn>(),
        schema::<oversight::FraudBody>(),
        schema::<records::RecordBody>(),
        schema::<appraisal_rounds::RoundBody>(),
        schema::<appraisal_rounds::HandinBody>(),
        schema::<appraisal_rounds::FalseBody>(),
        schema::<appraisal_rounds::RoundAppraisalBody>(),
    ]
}

/// Every query struct with Chinese parameter texts, by the operation (method, path) it gives
/// the parameters of.
fn queries() -> Vec<(&'static str, &'static str, Members)> {
    use super::cases::{applications, appraisal_rounds, calls, notices, register};
    fn query<T: Zh>(
        method: &'static str,
        path: &'static str,
    ) -> (&'static str, &'static str, Members) {
        (method, path, T::MEMBERS)
    }
    vec![
        query::<applications::ListQuery>("get", "/api/v1/applications"),
        query::<calls::CallsQuery>("get", "/api/v1/calls"),
        query::<notices::NoticesQuery>("get", "/api/v1/notices"),
        query::<register::RegisterQuery>("get", "/api/v1/register"),
        query::<register::AppraisalsQuery>("get", "/api/v1/appraisals"),
        query::<appraisal_rounds::RoundQuery>("get", "/api/v1/appraisal-rounds"),
    ]
}

/// Sets the `description` of the object at `pointer`; false where there is none.
fn set(doc: &mut Value, pointer: &str, text: &str) -> bool {
    match doc.pointer_mut(pointer).and_then(Value::as_object_mut) {
        Some(object) => {
            object.insert("description".into(), Value::from(text));
            true
        }
        None => false,
    }
}

/// A JSON pointer's reference token for `name` (`~` and `/` escaped).
fn token(name: &str) -> String {
    name.replace('~', "~0").replace('/', "~1")
}

/// Puts the texts of `schemas` and `queries` in `doc`; answers the texts that found no place.
fn put(
    doc: &mut Value,
    schemas: &[(Cow<'static, str>, Members)],
    queries: &[(&str, &str, Members)],
) -> Vec<String> {
    let mut unplaced = Vec::new();
    for (name, members) in schemas {
        let base = format!("/components/schemas/{}", token(name));
        for (member, text) in *members {
            let pointer = if member.starts_with('/') {
                format!("{base}{member}")
            } else {
                format!("{base}/properties/{}", token(member))
            };
            if !set(doc, &pointer, text) {
                unplaced.push(pointer);
            }
        }
    }
    for (method, path, members) in queries {
        let pointer = format!("/paths/{}/{method}/parameters", token(path));
        for (member, text) in *members {
            let found = doc
                .pointer_mut(&pointer)
                .and_then(Value::as_array_mut)
                .and_then(|ps| {
                    ps.iter_mut()
                        .find(|p| p["in"] == "query" && p["name"] == *member)
                })
                .and_then(Value::as_object_mut);
            match found {
                Some(p) => {
                    p.insert("description".into(), Value::from(*text));
                }
                None => unplaced.push(format!("{pointer} {member}")),
            }
        }
    }
    unplaced
}

/// The document with every Chinese member text in place.
pub fn describe(mut doc: Value) -> Value {
    let unplaced = put(&mut doc, &schemas(), &queries());
    debug_assert!(
        unplaced.is_empty(),
        "Chinese descriptions with no place in the OpenAPI document: {unplaced:#?}"
    );
    if !unplaced.is_empty() {
        tracing::warn!(
            ?unplaced,
            "Chinese descriptions with no place in the OpenAPI document"
        );
    }
    doc
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn properties_variants_and_query_parameters_take_their_text_and_misses_are_named() {
        let mut doc = json!({
            "paths": { "/a/{id}": { "get": { "parameters": [
                { "name": "id", "in": "path", "description": "编号" },
                { "name": "page", "in": "query", "description": "The page." }
            ] } } },
            "components": { "schemas": {
                "Body": { "description": "体", "properties": {
                    "note": { "type": "string", "description": "A note." },
                    "at": { "$ref": "#/components/schemas/When" }
                } },
                "Target": { "oneOf": [ { "description": "One.", "properties": {
                    "id": { "type": "string" } } } ] }
            } }
        });
        let schemas = [
            (
                Cow::Borrowed("Body"),
                &[("note", "说明"), ("at", "时间"), ("gone", "已删")][..],
            ),
            (
                Cow::Borrowed("Target"),
                &[("/oneOf/0", "其一"), ("/oneOf/0/properties/id", "编号")][..],
            ),
            (Cow::Borrowed("Absent"), &[("x", "无")][..]),
        ];
        let queries = [(
            "get",
            "/a/{id}",
            &[("page", "页码"), ("id", "非查询参数")][..],
        )];
        let unplaced = put(&mut doc, &schemas, &queries);
        let body = &doc["components"]["schemas"]["Body"];
        assert_eq!(body["description"], "体", "the schema's own is left alone");
        assert_eq!(body["properties"]["note"]["description"], "说明");
        assert_eq!(body["properties"]["at"]["description"], "时间");
        let target = &doc["components"]["schemas"]["Target"]["oneOf"][0];
        assert_eq!(target["description"], "其一");
        assert_eq!(target["properties"]["id"]["description"], "编号");
        let params = &doc["paths"]["/a/{id}"]["get"]["parameters"];
        assert_eq!(params[1]["description"], "页码");
        assert_eq!(
            params[0]["description"], "编号",
            "a path parameter is not a query's"
        );
        assert_eq!(
            unplaced,
            [
                "/components/schemas/Body/properties/gone",
                "/components/schemas/Absent/properties/x",
                "/paths/~1a~1{id}/get/parameters id",
            ]
        );
    }
}
