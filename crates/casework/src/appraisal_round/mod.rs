//! Appraisal rounds (考核批次) and the appraisal materials (考核资料) spaces hand in for them.
//!
//! Where a measure says the appraised space hands in materials by a time the authority sets
//! (`[appraisal.materials]`, 内蒙古 第十九条（四）), the authority opens a round for the measure
//! with the period appraised, the deadline and its requirements; each active space of the
//! measure hands in text and attachments by the deadline, a deadline on a rest day moving to the
//! next working day (民法典 第二百零三条); the authority may find a hand-in false (虚假) with a
//! reason. When the authority records a space's appraisal for the round, the override input the
//! element names (`materials_on_time`) is read from this record, not typed: true when handed in
//! on time and not found false. Every change is audited in its own transaction.
//!
//! - `error`: why a round, a hand-in or a finding is refused; `records`: the records taken and
//!   returned; `rounds`: opening and reading rounds; `handins`: handing in and finding false;
//!   `basis`: the materials decision and the round's appraisal.

mod basis;
mod error;
mod handins;
mod records;
mod rounds;

pub(crate) use basis::with_basis;
pub use error::RoundError;
pub use records::*;

use store::entity::appraisal_handin;

use crate::dates::from_col;
use crate::error::Result;
use crate::from_json;

/// The audit subject of a round.
pub const ROUND_SUBJECT: &str = "appraisal_round";

/// The longest text of a hand-in or a round's note, in characters.
pub const TEXT_MAX_CHARS: usize = 20_000;

/// The longest period label (`2025`, `2023-2025`), in characters.
pub const PERIOD_MAX_CHARS: usize = 40;

/// A stored hand-in as its record.
fn handin(row: appraisal_handin::Model) -> Result<Handin> {
    Ok(Handin {
        id: row.id,
        round_id: row.round_id,
        space_id: row.space_id,
        text: row.body,
        files: from_json("appraisal_handin.attachments_json", &row.attachments_json)?,
        on: from_col(row.handed_in_on),
        false_on: row.false_on.map(from_col),
        false_reason: row.false_reason,
    })
}

/// A text trimmed, refused with NUL characters or beyond [`TEXT_MAX_CHARS`].
fn text_checked(text: &str, field: &'static str) -> Result<String, RoundError> {
    let text = text.trim();
    if text.contains('\0') {
        return Err(RoundError::NulChar { field });
    }
    let chars = text.chars().count();
    if chars > TEXT_MAX_CHARS {
        return Err(RoundError::TextTooLong {
            field,
            chars,
            max: TEXT_MAX_CHARS,
        });
    }
    Ok(text.to_string())
}

/// ` （顺延自 …）` where the deadline moved off a rest day.
fn shift_note(round: &AppraisalRound) -> String {
    if round.due == round.deadline {
        String::new()
    } else {
        format!(
            "（原定 {} 为休息日或法定节假日，顺延至其后第一个工作日，民法典 第二百零三条）",
            round.deadline
        )
    }
}
