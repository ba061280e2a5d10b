//! The dictionary itself (`policies/facts.toml`): each fact's name, type, unit and Chinese label,
//! plus the cross-field constraints a profile must respect.

use std::fmt;

use indexmap::IndexMap;

use serde::{Deserialize, Serialize};

/// A dotted fact name such as `premises.total_area_m2`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct FactName(pub String);

impl FactName {
    /// The name as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for FactName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

// Lets maps keyed by `FactName` be searched with a `&str` (no allocation per lookup); the
// derived order and equality are the inner string's, as `Borrow` requires.
impl std::borrow::Borrow<str> for FactName {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl From<&str> for FactName {
    fn from(value: &str) -> Self {
        Self(value.to_string())
    }
}

/// The type of a fact's value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FactType {
    /// A non-negative decimal quantity (areas, months).
    Number,
    /// A non-negative whole count.
    Integer,
    /// Yes or no.
    Bool,
    /// A calendar date.
    Date,
    /// One of the listed choices.
    Enum,
    /// Any subset of the listed choices.
    Set,
    /// A GB/T 2260 administrative division code (6 digits).
    Region,
    /// Free text.
    Text,
    /// A 统一社会信用代码, its check digits verified (GB 32100-2015).
    CreditCode,
}

impl FactType {
    /// The Chinese name of the type, for the dictionary listing and errors.
    pub fn label(self) -> &'static str {
        match self {
            Self::Number => "数值",
            Self::Integer => "整数",
            Self::Bool => "是/否",
            Self::Date => "日期",
            Self::Enum => "单选",
            Self::Set => "多选",
            Self::Region => "行政区划代码",
            Self::Text => "文本",
            Self::CreditCode => "统一社会信用代码",
        }
    }
}

/// One listed choice of an enum or set fact.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Choice {
    /// The stable identifier used in profiles and policies.
    pub id: String,
    /// The Chinese label.
    pub label: String,
}

/// One fact of the dictionary.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FactDef {
    /// The dotted name.
    pub name: FactName,
    /// The value type.
    #[serde(rename = "type")]
    pub ty: FactType,
    /// The unit, for quantities (`m2`, `人`, `家`, `场次`, `月`…).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    /// The Chinese label used in forms and explanations.
    pub label: String,
    /// What the fact means, precisely enough to fill it in.
    pub meaning: String,
    /// The choices, for enum and set facts.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub choices: Vec<Choice>,
    /// Given by the applicant, derived by the system, or recorded by a reviewer.
    #[serde(default = "default_origin")]
    pub origin: String,
    /// Whether a site inspection (实地核查) can verify it on a visit (areas, workstations,
    /// facilities, the staff and residents present): the inspection record then takes the
    /// value found beside the one declared.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub on_site: bool,
}

fn default_origin() -> String {
    "applicant".to_string()
}

impl FactDef {
    /// The Chinese label of a choice, or the id itself when unknown.
    pub fn choice_label<'a>(&'a self, id: &'a str) -> &'a str {
        self.choices
            .iter()
            .find(|c| c.id == id)
            .map_or(id, |c| c.label.as_str())
    }

    /// The unit as shown to people (`㎡` for `m2`).
    pub fn display_unit(&self) -> &str {
        match self.unit.as_deref() {
            Some("m2") => "㎡",
            Some(u) => u,
            None => "",
        }
    }
}

/// A rule relating two facts of one profile.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Constraint {
    /// The sum of `parts` may not exceed `whole` (a public area larger than the total).
    PartOfWhole {
        /// The parts.
        parts: Vec<FactName>,
        /// The whole.
        whole: FactName,
    },
    /// `before` may not be later than `after` (a lease ending before it starts).
    DateOrder {
        /// The earlier date.
        before: FactName,
        /// The later date.
        after: FactName,
    },
    /// Dates of what has happened by the check date (a registration, the start of operation)
    /// may not be later than it.
    NotAfterCheckDate {
        /// The dates.
        facts: Vec<FactName>,
    },
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct DictionaryFile {
    fact: Vec<FactDef>,
    #[serde(default)]
    appraisal_input: Vec<FactDef>,
    #[serde(default)]
    constraint: Vec<Constraint>,
}

/// Why the dictionary file is wrong.
#[derive(Debug, thiserror::Error)]
pub enum DictionaryError {
    /// Not valid TOML for the dictionary.
    #[error("事实字典格式错误：{0}")]
    Format(#[from] toml::de::Error),
    /// A name listed twice.
    #[error("事实字典中「{0}」重复")]
    Duplicate(FactName),
    /// An enum or set fact without choices, or choices on another type.
    #[error("事实「{0}」：单选/多选事实须列出选项，其他类型不得列出选项")]
    Choices(FactName),
    /// A constraint naming an unknown fact.
    #[error("约束引用了未知事实「{0}」")]
    UnknownInConstraint(FactName),
}

/// Definitions by name, kept in name order and found by hashing. Why not a `BTreeMap`: every
/// self-check looks names up some forty times (reading the profile, writing its sentences),
/// and comparing dotted names that share their group's prefix along a tree's path cost several
/// times a hash of the name.
type Table = IndexMap<FactName, FactDef, foldhash::fast::FixedState>;

/// The dictionary: profile facts and appraisal inputs, by name.
#[derive(Debug, Clone, Default)]
pub struct FactDictionary {
    facts: Table,
    /// The profile facts' names as `facts.toml` lists them (by subject, then as a form asks:
    /// the whole before its parts, a start before its end), for forms.
    listed: Vec<FactName>,
    appraisal_inputs: Table,
    constraints: Vec<Constraint>,
    /// Every group of profile facts with its dot (`premises.`), for [`Self::is_group`].
    groups: std::collections::HashSet<String, foldhash::fast::FixedState>,
}

impl FactDictionary {
    /// Reads and checks the dictionary from its TOML text.
    pub fn from_toml(text: &str) -> Result<Self, DictionaryError> {
        let file: DictionaryFile = toml::from_str(text)?;
        let mut dict = Self {
            listed: file.fact.iter().map(|d| d.name.clone()).collect(),
            ..Self::default()
        };
        for (target, defs) in [
            (&mut dict.facts, file.fact),
            (&mut dict.appraisal_inputs, file.appraisal_input),
        ] {
            for def in defs {
                let needs_choices = matches!(def.ty, FactType::Enum | FactType::Set);
                if needs_choices == def.choices.is_empty() {
                    return Err(DictionaryError::Choices(def.name));
                }
                if target.contains_key(&def.name) {
                    return Err(DictionaryError::Duplicate(def.name));
                }
                target.insert(def.name.clone(), def);
            }
            target.sort_unstable_keys();
        }
        dict.groups = dict
            .facts
            .keys()
            .flat_map(|name| {
                let name = name.as_str();
                name.match_indices('.')
                    .map(|(dot, _)| name[..=dot].to_string())
            })
            .collect();
        for c in &file.constraint {
            let names: Vec<&FactName> = match c {
                Constraint::PartOfWhole { parts, whole } => {
                    parts.iter().chain(std::iter::once(whole)).collect()
                }
                Constraint::DateOrder { before, after } => vec![before, after],
                Constraint::NotAfterCheckDate { facts } => facts.iter().collect(),
            };
            if let Some(unknown) = names.into_iter().find(|n| !dict.facts.contains_key(*n)) {
                return Err(DictionaryError::UnknownInConstraint(unknown.clone()));
            }
        }
        dict.constraints = file.constraint;
        Ok(dict)
    }

    /// A profile fact by name.
    pub fn fact(&self, name: &FactName) -> Option<&FactDef> {
        self.facts.get(name)
    }

    /// A profile fact by its dotted name as text.
    pub fn fact_named(&self, name: &str) -> Option<&FactDef> {
        self.facts.get(name)
    }

    /// Whether some profile fact's name starts with `prefix.`, i.e. `prefix` is a group of facts
    /// (`premises` for `premises.total_area_m2`). `prefix` must end with the dot.
    pub fn is_group(&self, prefix_with_dot: &str) -> bool {
        self.groups.contains(prefix_with_dot)
    }

    /// An appraisal input by name.
    pub fn appraisal_input(&self, name: &FactName) -> Option<&FactDef> {
        self.appraisal_inputs.get(name)
    }

    /// All profile facts, by name.
    pub fn facts(&self) -> impl Iterator<Item = &FactDef> {
        self.facts.values()
    }

    /// All profile facts in the order `facts.toml` lists them, the order a form asks them in.
    pub fn facts_as_listed(&self) -> impl Iterator<Item = &FactDef> {
        self.listed.iter().filter_map(|n| self.facts.get(n))
    }

    /// All appraisal inputs, by name.
    pub fn appraisal_inputs(&self) -> impl Iterator<Item = &FactDef> {
        self.appraisal_inputs.values()
    }

    /// The cross-field constraints.
    pub fn constraints(&self) -> &[Constraint] {
        &self.constraints
    }

    /// The label of a fact, or its name when unknown.
    pub fn label<'a>(&'a self, name: &'a FactName) -> &'a str {
        self.facts
            .get(name)
            .or_else(|| self.appraisal_inputs.get(name))
            .map_or(name.as_str(), |d| d.label.as_str())
    }

    /// A profile fact's unit as sentences write it (`㎡`); empty when it has none or is unknown.
    pub fn unit(&self, name: &FactName) -> &str {
        self.facts.get(name).map_or("", FactDef::display_unit)
    }

    /// The label of one of a profile fact's choices, or the id itself when the dictionary does
    /// not list it.
    pub fn choice_label<'a>(&'a self, name: &FactName, id: &'a str) -> &'a str {
        self.facts.get(name).map_or(id, |d| d.choice_label(id))
    }
}

#[cfg(test)]
mod tests {
    use super::FactDictionary;

    #[test]
    fn groups_are_the_dotted_prefixes_of_profile_facts_and_nothing_else() {
        let dict = FactDictionary::from_toml(
            r#"
            [[fact]]
            name = "premises.total_area_m2"
            type = "number"
            label = "总面积"
            meaning = "场地总面积"
            origin = "test"

            [[fact]]
            name = "a.b.c"
            type = "bool"
            label = "深层"
            meaning = "两层分组"
            origin = "test"

            [[appraisal_input]]
            name = "scores.total"
            type = "number"
            label = "得分"
            meaning = "评分输入"
            origin = "test"
            "#,
        )
        .expect("a valid dictionary");
        for group in ["premises.", "a.", "a.b."] {
            assert!(dict.is_group(group), "{group}");
        }
        // A fact is not a group, nor a part of a name, nor an appraisal input's group.
        for not in [
            "premises.total_area_m2.",
            "premise.",
            "b.",
            "a.b.c.",
            "scores.",
            "",
        ] {
            assert!(!dict.is_group(not), "{not}");
        }
    }
}
