//! The root of a policy file: one measure.

use serde::{Deserialize, Serialize};

use super::{
    Appraisal, ArticleTriage, Ban, Call, Cited, Condition, Exclusion, FilingKind, FilingReview,
    FormField, FormLayout, Forwarding, Identity, Material, Obligation, Procedure, Repeal,
    Revocation, RoleDef, SourceDoc, Subsidy, Validity,
};

/// A measure as encoded: the whole policy file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Measure {
    /// Identity and dates.
    pub measure: Identity,
    /// The source texts, the first being the measure itself.
    pub source: Vec<SourceDoc>,
    /// The roles the measure names.
    pub role: Vec<RoleDef>,
    /// Recognition or filing conditions.
    pub condition: Vec<Condition>,
    /// Exclusions from scope.
    #[serde(default)]
    pub exclusion: Vec<Exclusion>,
    /// Bans after fraud.
    #[serde(default)]
    pub ban: Vec<Ban>,
    /// Materials to submit.
    #[serde(default)]
    pub material: Vec<Material>,
    /// Form fields of the application form.
    #[serde(default)]
    pub form_field: Vec<FormField>,
    /// The printed layout of the application form (title, section order).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub form: Option<FormLayout>,
    /// The procedure.
    pub procedure: Procedure,
    /// Calls for applications.
    #[serde(default)]
    pub call: Vec<Call>,
    /// Duties of a recognised space.
    #[serde(default)]
    pub obligation: Vec<Obligation>,
    /// Appraisal.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub appraisal: Option<Appraisal>,
    /// Validity of a recognition.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub validity: Option<Validity>,
    /// Grounds for revocation.
    #[serde(default)]
    pub revocation: Vec<Revocation>,
    /// Subsidies.
    #[serde(default)]
    pub subsidy: Vec<Subsidy>,
    /// Documents the measure repeals.
    #[serde(default)]
    pub repeal: Vec<Repeal>,
    /// Triage of every article of the source texts.
    pub article: Vec<ArticleTriage>,
}

impl Measure {
    /// Every element anchored to an article, with a kind label, in file order.
    pub fn cited_elements(&self) -> Vec<(&'static str, &dyn Cited)> {
        let mut out: Vec<(&'static str, &dyn Cited)> = Vec::new();
        out.extend(self.role.iter().map(|e| ("角色", e as &dyn Cited)));
        out.extend(self.condition.iter().map(|e| ("条件", e as &dyn Cited)));
        out.extend(self.exclusion.iter().map(|e| ("排除", e as &dyn Cited)));
        out.extend(self.ban.iter().map(|e| ("禁止申报", e as &dyn Cited)));
        out.extend(self.material.iter().map(|e| ("申报材料", e as &dyn Cited)));
        out.extend(
            self.form_field
                .iter()
                .map(|e| ("申报书字段", e as &dyn Cited)),
        );
        if let Some(f) = &self.form {
            out.push(("申报书版式", f as &dyn Cited));
        }
        let p = &self.procedure;
        out.extend(p.stage.iter().map(|e| ("程序环节", e as &dyn Cited)));
        out.extend(p.route.iter().map(|e| ("推荐路径", e as &dyn Cited)));
        if let Some(n) = &p.public_notice {
            out.push(("公示", n));
        }
        out.push(("决定形式", &p.decision));
        if let Some(r) = &p.rounds {
            out.push(("受理批次", r));
        }
        out.extend(self.call.iter().map(|e| ("申报通知", e as &dyn Cited)));
        out.extend(self.obligation.iter().map(|e| ("义务", e as &dyn Cited)));
        out.extend(
            self.obligation
                .iter()
                .filter_map(|o| o.review.as_ref())
                .map(|e| ("报送审核", e as &dyn Cited)),
        );
        out.extend(
            self.obligation
                .iter()
                .filter_map(|o| o.forwarding.as_ref())
                .map(|e| ("转报", e as &dyn Cited)),
        );
        if let Some(a) = &self.appraisal {
            out.push(("绩效考核", a));
            out.extend(a.item.iter().map(|e| ("考核指标", e as &dyn Cited)));
            out.extend(a.joint_cap.iter().map(|e| ("合计上限", e as &dyn Cited)));
            out.extend(a.grade.iter().map(|e| ("考核等级", e as &dyn Cited)));
            out.extend(a.override_.iter().map(|e| ("视为不合格", e as &dyn Cited)));
            out.extend(a.escalation.iter().map(|e| ("连续不合格", e as &dyn Cited)));
            if let Some(x) = &a.materials {
                out.push(("考核资料", x));
            }
        }
        if let Some(v) = &self.validity {
            out.push(("有效期", v));
        }
        out.extend(
            self.revocation
                .iter()
                .map(|e| ("取消资格", e as &dyn Cited)),
        );
        out.extend(self.subsidy.iter().map(|e| ("补助", e as &dyn Cited)));
        out.extend(self.repeal.iter().map(|e| ("废止", e as &dyn Cited)));
        out
    }

    /// A condition by id.
    pub fn condition(&self, id: &str) -> Option<&Condition> {
        self.condition.iter().find(|c| c.id == id)
    }

    /// The obligation a kind of filing meets, where the measure asks for it.
    pub fn obligation_for(&self, kind: FilingKind) -> Option<&Obligation> {
        self.obligation.iter().find(|o| o.filing == kind)
    }

    /// The authority's review of a reported change, where the measure has one (鞍山 第八条).
    pub fn change_review(&self) -> Option<&FilingReview> {
        self.obligation_for(FilingKind::ChangeReport)
            .and_then(|o| o.review.as_ref())
    }

    /// The forwarding of a change report, where the measure has one (内蒙古 第十七条).
    pub fn change_forwarding(&self) -> Option<&Forwarding> {
        self.obligation_for(FilingKind::ChangeReport)
            .and_then(|o| o.forwarding.as_ref())
    }

    /// A role by id.
    pub fn role(&self, id: &str) -> Option<&RoleDef> {
        self.role.iter().find(|r| r.id == id)
    }
}
