//! The records appraisal rounds take and return.

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

/// A round to open.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewAppraisalRound {
    /// The measure.
    pub measure: String,
    /// The period or year appraised (`2025`).
    pub period: String,
    /// The last day for the materials, as the authority sets it.
    pub deadline: Date,
    /// The requirements and any note.
    #[serde(default)]
    pub note: String,
}

/// A round, with its deadline after the rest-day shift and the article.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AppraisalRound {
    /// Id.
    pub id: i64,
    /// The measure.
    pub measure: String,
    /// The period or year appraised.
    pub period: String,
    /// The deadline as set.
    pub deadline: Date,
    /// The last day after the rest-day shift (民法典 第二百零三条).
    pub due: Date,
    /// The requirements and note.
    pub note: String,
    /// The day opened.
    pub opened_on: Date,
    /// The article that asks the materials.
    pub cite: String,
    /// Its text.
    pub quote: String,
}

/// An attachment of a hand-in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HandinFile {
    /// The attachment id.
    pub id: i64,
    /// Its file name.
    pub name: String,
}

/// A space's hand-in for a round.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Handin {
    /// Id.
    pub id: i64,
    /// The round.
    pub round_id: i64,
    /// The space.
    pub space_id: i64,
    /// The text.
    pub text: String,
    /// The attachments.
    pub files: Vec<HandinFile>,
    /// The day handed in.
    pub on: Date,
    /// The day found false, where it was.
    pub false_on: Option<Date>,
    /// Why.
    pub false_reason: Option<String>,
}

/// Where a space stands in a round on a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum HandinState {
    /// Handed in on time and not found false.
    OnTime,
    /// Not handed in, the deadline not yet passed.
    Pending,
    /// Not handed in and the deadline passed.
    Missing,
    /// Handed in, found false.
    False,
}

impl HandinState {
    /// The Chinese word.
    pub fn label(self) -> &'static str {
        match self {
            Self::OnTime => "已按时报送",
            Self::Pending => "未报送（未到截止日）",
            Self::Missing => "逾期未报送",
            Self::False => "认定为虚假资料",
        }
    }
}

/// One active space of the round's measure, with its hand-in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RoundRow {
    /// The space.
    pub space_id: i64,
    /// Its name.
    pub name: String,
    /// Its operating organisation.
    pub org_id: i64,
    /// Its hand-in.
    pub handin: Option<Handin>,
    /// Its state on the day asked.
    pub state: HandinState,
}

/// The materials decision for one space's appraisal in a round, as recorded with the appraisal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MaterialsBasis {
    /// The round.
    pub round: i64,
    /// The period appraised.
    pub period: String,
    /// The override input answered (`materials_on_time`).
    pub input: String,
    /// Its value.
    pub on_time: bool,
    /// The state it comes from.
    pub state: HandinState,
    /// The sentence explaining it, in Chinese.
    pub text: String,
    /// The article.
    pub cite: String,
    /// Its text.
    pub quote: String,
}

/// The state of a hand-in (or its absence) on a day.
pub fn state_of(round: &AppraisalRound, handin: Option<&Handin>, on: Date) -> HandinState {
    match handin {
        Some(h) if h.false_on.is_some() => HandinState::False,
        Some(_) => HandinState::OnTime,
        None if on > round.due => HandinState::Missing,
        None => HandinState::Pending,
    }
}
