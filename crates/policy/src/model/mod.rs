//! The policy file model: one measure, everything it says, each element anchored to its article.
//!
//! The file layout (TOML) mirrors these types; `policies/README.md` documents it with examples.

mod appraisal;
mod appraisal_materials;
mod cited;
mod condition;
mod coverage;
mod identity;
mod lifecycle;
mod materials;
mod measure;
mod procedure;
mod provision;
mod repeal;
mod rule;
mod sanctions;

pub use appraisal::{
    Appraisal, AppraisalMethod, Consequence, Escalation, Grade, GradeOverride, IndexGroup,
    IndexItem, JointCap, Scoring, Section, Tier, TierValue, ValuePoints,
};
pub use appraisal_materials::{AppraisalMaterialItem, AppraisalMaterials};
pub use cited::Cited;
pub use condition::{Condition, Guard, GuardValue, Severity};
pub use coverage::{ArticleTriage, Triage};
pub use identity::{Identity, Jurisdiction, MeasureKind, RegionCode, SourceDoc};
pub use lifecycle::{
    FilingKind, FilingReview, Forwarding, Obligation, ObligationKind, ReviewOutcomeWords, Subsidy,
    SubsidyTrigger, Validity, Yuan,
};
pub use materials::{FormField, FormLayout, Material};
pub use measure::Measure;
pub use procedure::{
    Call, DecisionForm, Procedure, PublicNotice, RoleDef, RoleKind, Rounds, Route, Stage, StageKind,
};
pub use provision::Provision;
pub use repeal::Repeal;
pub use rule::{Branch, Case, Rule};
pub use sanctions::{Ban, BanTrigger, Exclusion, Listing, Revocation, RevocationTrigger};
