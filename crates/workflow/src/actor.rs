//! Who acts: a person with a role of the domain, of an organisation, for an area.

use policy::model::{RegionCode, RoleKind};
use serde::{Deserialize, Serialize};

/// A person's identifier.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ActorId(pub String);

/// An organisation's identifier.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct OrgId(pub String);

/// A person acting in the workflow.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Actor {
    /// The person.
    pub id: ActorId,
    /// The kind of party they act for.
    pub kind: RoleKind,
    /// The policy role id they hold (`county-bureau`, `education-bureau`…), for recommending
    /// units and authorities; none for applicants, experts and the public.
    pub role: Option<String>,
    /// Their organisation.
    pub org: Option<OrgId>,
    /// The area a recommending unit is responsible for.
    pub region: Option<RegionCode>,
}
