//! The procedure: roles, ordered stages, routing to the recommending unit, calls and rounds.

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use super::cited::impl_cited;
use super::condition::Guard;
use crate::law::{Citation, Period};

/// The kind of party a role is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RoleKind {
    /// 申报单位 / 运营机构.
    Applicant,
    /// 推荐单位.
    RecommendingUnit,
    /// 认定/备案机构 (or the centre it delegates to).
    Authority,
    /// 评审专家.
    Expert,
    /// The public.
    Public,
}

/// A role the measure names (`盟市科技局`, `自治区科技厅`…).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RoleDef {
    /// Identifier used by stages and routes.
    pub id: String,
    /// The body as the measure names it.
    pub label: String,
    /// The kind of party.
    pub kind: RoleKind,
    /// The article.
    pub cite: Citation,
    /// Its text.
    pub quote: String,
    /// The reading chosen.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reading: Option<String>,
}

/// What a stage does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StageKind {
    /// The applicant submits.
    Submission,
    /// 初审 by the recommending unit, ending in a recommendation or a return.
    PreliminaryReview,
    /// 复审 / 材料审核 by the authority.
    ReReview,
    /// 实地核查 / 现场核查 / 实地考察.
    SiteInspection,
    /// 专家评审.
    ExpertReview,
    /// 信用审查.
    CreditReview,
    /// 择优拟定入选名单 / 局长办公会议 / 研究.
    Shortlist,
    /// 公示.
    PublicNotice,
    /// 认定 / 备案 decision.
    Decision,
}

/// One stage of the procedure.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Stage {
    /// Identifier.
    pub id: String,
    /// Chinese label.
    pub label: String,
    /// What it does.
    pub kind: StageKind,
    /// The role that performs it (a role id).
    pub role: String,
    /// The article.
    pub cite: Citation,
    /// Its text.
    pub quote: String,
    /// The reading chosen.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reading: Option<String>,
}

/// A routing rule: which recommending unit receives an application.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Route {
    /// Identifier.
    pub id: String,
    /// Chinese label.
    pub label: String,
    /// When it applies; the route without a condition applies otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub when: Option<Guard>,
    /// The recommending role (a role id).
    pub role: String,
    /// The article.
    pub cite: Citation,
    /// Its text.
    pub quote: String,
    /// The reading chosen.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reading: Option<String>,
}

/// The public notice (公示).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PublicNotice {
    /// Identifier.
    pub id: String,
    /// The period, where the measure sets one; otherwise the authority sets it when publishing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub period: Option<Period>,
    /// Where it is published, as the measure says.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub channel: Option<String>,
    /// The article.
    pub cite: Citation,
    /// Its text.
    pub quote: String,
    /// The reading chosen.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reading: Option<String>,
}

/// How the decision is given (授牌, 以文件形式确认, 局长办公会议批准).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DecisionForm {
    /// Identifier.
    pub id: String,
    /// The form as the measure words it.
    pub label: String,
    /// The article.
    pub cite: Citation,
    /// Its text.
    pub quote: String,
    /// The reading chosen.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reading: Option<String>,
}

/// How often applications are taken (新疆: 每年开展一次备案工作).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rounds {
    /// Identifier.
    pub id: String,
    /// Rounds per calendar year; absent means the measure sets no number (定期受理).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub per_year: Option<u32>,
    /// The article.
    pub cite: Citation,
    /// Its text.
    pub quote: String,
    /// The reading chosen.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reading: Option<String>,
}

/// The whole procedure.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Procedure {
    /// The stages in order.
    pub stage: Vec<Stage>,
    /// Routing to the recommending unit.
    #[serde(default)]
    pub route: Vec<Route>,
    /// The public notice, where there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub public_notice: Option<PublicNotice>,
    /// The decision form.
    pub decision: DecisionForm,
    /// Filing rounds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rounds: Option<Rounds>,
}

/// A call for applications (申报通知) with its deadline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Call {
    /// Identifier (`shuozhou-2022`).
    pub id: String,
    /// Its title.
    pub title: String,
    /// The year it is for.
    pub year: i16,
    /// First day applications are taken, where stated.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "crate::law::toml_date::optional"
    )]
    pub opens_on: Option<Date>,
    /// The last day (截止日期), inclusive.
    #[serde(with = "crate::law::toml_date::required")]
    pub deadline: Date,
    /// The article.
    pub cite: Citation,
    /// Its text.
    pub quote: String,
    /// The reading chosen.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reading: Option<String>,
}

impl_cited!(
    RoleDef,
    Stage,
    Route,
    PublicNotice,
    DecisionForm,
    Rounds,
    Call
);
