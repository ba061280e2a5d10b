//! The report as JSON, written straight into a buffer: the same bytes as serialising the
//! [`EligibilityReport`](super::EligibilityReport) with `serde_json`, without building it.
//!
//! Why: the self-check over HTTP answers with the full explained report (≈ 14 KB), most of which
//! is the measure's fixed text (ids, labels, articles, quotes, readings). That text is escaped
//! into JSON once per measure ([`Texts`], held with the compiled plan); a request writes only
//! what depends on the profile: statuses, requirements and sentences, values, the receipt.

use policy::model::Condition;
use policy::{Library, LoadedMeasure};

use super::advice;
use super::decision::{Decision, Engine};
use super::evaluate::Status;
use super::report::{self, SCHEMA};
use super::sentence::Outcome;
use super::verdict::Verdict;
use super::words::ConditionWords;
use crate::json_output::{put, put_array, put_known, put_plain, put_str, serialises_plain};
use crate::profile::{Profile, put_fact};

/// A measure's fixed report text, written once: each condition's article in words and the
/// start of its JSON object up to its status, and the report's fixed fields.
#[derive(Debug, Clone)]
pub(super) struct Texts {
    cites: Vec<String>,
    /// Each condition's requirements in words.
    words: Vec<ConditionWords>,
    /// `{"id":…,"label":…,"article":…,"quote":…[,"reading":…],"severity":…,"status":` per
    /// condition.
    heads: Vec<Vec<u8>>,
    /// The room the conditions' JSON takes, about: their fixed text twice over (the sentences
    /// are about as long), so that a report's buffer is allocated once, not grown.
    room: usize,
    /// `,"measure_title":"…"`.
    title: Vec<u8>,
    /// `"receipt":{"policy_id":…,"policy_version":…,"policy_hash":…,"as_of":`.
    receipt: Vec<u8>,
    /// Whether no text a condition's JSON takes from the measure or the dictionary (ids,
    /// articles, requirements, labels, units, choices, fact names, questions) needs escaping:
    /// then, for a profile whose own texts need none either, every requirement and sentence is
    /// written as it is, without testing each one again.
    plain: bool,
}

impl Texts {
    /// Writes a measure's fixed text.
    pub(super) fn new(library: &Library, measure: &LoadedMeasure) -> Self {
        let conditions = &measure.measure.condition;
        let words: Vec<ConditionWords> = conditions
            .iter()
            .map(|c| ConditionWords::new(library, c))
            .collect();
        let cites: Vec<String> = conditions.iter().map(|c| c.cite.to_string()).collect();
        let heads: Vec<Vec<u8>> = conditions
            .iter()
            .zip(&cites)
            .map(|(c, cite)| head(c, cite))
            .collect();
        let id = &measure.measure.measure;
        let mut title = b",\"measure_title\":".to_vec();
        put(&mut title, &id.title);
        let mut receipt = b"\"receipt\":{\"policy_id\":".to_vec();
        put(&mut receipt, &id.id);
        receipt.extend_from_slice(b",\"policy_version\":");
        put(&mut receipt, &id.version);
        receipt.extend_from_slice(b",\"policy_hash\":");
        put(&mut receipt, &measure.hash.to_string());
        receipt.extend_from_slice(b",\"as_of\":");
        let room = 2 * heads.iter().map(Vec::len).sum::<usize>();
        let plain = fixed_texts_plain(library, conditions, &cites, &words);
        Self {
            cites,
            words,
            room,
            heads,
            title,
            receipt,
            plain,
        }
    }

    /// The `index`-th condition's article in words (`第六条第4项`).
    pub(super) fn cite(&self, index: usize) -> &str {
        self.cites.get(index).map_or("", String::as_str)
    }

    /// The `index`-th condition's requirements in words.
    pub(super) fn words(&self, index: usize) -> &ConditionWords {
        static NONE: ConditionWords = ConditionWords::EMPTY;
        self.words.get(index).unwrap_or(&NONE)
    }
}

/// Whether every fixed text a condition's requirement, sentence, values, branches or pending
/// review can take needs no escaping in JSON: the conditions' ids, labels, circumstances and
/// rules (their fact names, case and branch labels, questions), their articles and words, and
/// the dictionary's fact names, labels, units and choices. The policies' quotes and readings
/// are not among them (they are written once, escaped, in `heads`).
fn fixed_texts_plain(
    library: &Library,
    conditions: &[Condition],
    cites: &[String],
    words: &[ConditionWords],
) -> bool {
    let measure = conditions
        .iter()
        .all(|c| serialises_plain(&(&c.id, &c.label, &c.applies_if, &c.rule)));
    let dictionary = library
        .facts
        .facts()
        .all(|d| serialises_plain(&(&d.name, &d.label, d.display_unit(), &d.choices)));
    measure && dictionary && serialises_plain(cites) && serialises_plain(words)
}

/// A condition's JSON up to its status, in the field order of `ConditionResult`.
fn head(c: &Condition, cite: &str) -> Vec<u8> {
    let mut out = b"{\"id\":".to_vec();
    put(&mut out, &c.id);
    out.extend_from_slice(b",\"label\":");
    put(&mut out, &c.label);
    out.extend_from_slice(b",\"article\":");
    put(&mut out, cite);
    out.extend_from_slice(b",\"quote\":");
    put(&mut out, &c.quote);
    if let Some(reading) = &c.reading {
        out.extend_from_slice(b",\"reading\":");
        put(&mut out, reading);
    }
    out.extend_from_slice(b",\"severity\":");
    put(&mut out, &c.severity);
    out.extend_from_slice(b",\"status\":");
    out
}

/// A condition's JSON from its status on: requirement, sentence, values (by fact name, each
/// once) and branches.
/// `plain`: no text of it needs escaping (`Texts::plain` and the profile's own texts).
fn tail(out: &mut Vec<u8>, status: Status, o: &mut Outcome, plain: bool) {
    put_code(out, status);
    out.extend_from_slice(b",\"requirement\":");
    put_known(out, o.requirement, plain);
    out.extend_from_slice(b",\"message\":");
    put_known(out, &o.message, plain);
    out.extend_from_slice(b",\"values\":{");
    // As a map by fact name: sorted, and a fact read twice written once (its last reading).
    o.values.sort_by(|a, b| a.0.cmp(b.0));
    let mut first = true;
    for (i, (name, value)) in o.values.iter().enumerate() {
        if o.values.get(i + 1).is_some_and(|next| next.0 == *name) {
            continue;
        }
        if !first {
            out.push(b',');
        }
        first = false;
        put_known(out, name.as_str(), plain);
        out.push(b':');
        match value {
            Some(value) => put_fact(out, value),
            None => out.extend_from_slice(b"null"),
        }
    }
    out.push(b'}');
    if !o.branches.is_empty() {
        out.extend_from_slice(b",\"branches\":");
        put_array(out, &o.branches, |out, b| {
            // The field order of `BranchResult`.
            out.extend_from_slice(b"{\"label\":");
            put_known(out, b.label, plain);
            out.extend_from_slice(b",\"status\":");
            put_code(out, b.status);
            out.extend_from_slice(b",\"requirement\":");
            put_known(out, b.requirement, plain);
            out.extend_from_slice(b",\"message\":");
            put_known(out, &b.message, plain);
            out.push(b'}');
        });
    }
    out.push(b'}');
}

/// A status as JSON: its code, which needs no escaping.
fn put_code(out: &mut Vec<u8>, status: Status) {
    put_plain(out, status.code());
}

/// The scratch space of [`Engine::check_json`], reused across calls.
#[derive(Debug, Default)]
pub struct JsonScratch {
    decision: Decision,
    conditions: Vec<u8>,
}

impl Engine<'_> {
    /// Checks a profile and appends the full report's JSON (schema `makerspace.eligibility/1`,
    /// the same bytes as `serde_json::to_vec(&check(…))`) to `out`.
    pub fn check_json(&self, profile: &Profile, scratch: &mut JsonScratch, out: &mut Vec<u8>) {
        self.decide_into(profile, &mut scratch.decision);
        write_report(
            self.library(),
            self.measure(),
            &self.compiled().texts,
            profile,
            &scratch.decision,
            &mut scratch.conditions,
            out,
        );
    }
}

/// Checks a profile and appends the full report's JSON to `out`: the same bytes as
/// `serde_json::to_vec(&eligibility::check(library, measure, profile))`.
pub fn check_json(
    library: &Library,
    measure: &LoadedMeasure,
    profile: &Profile,
    out: &mut Vec<u8>,
) {
    Engine::new(library, measure).check_json(profile, &mut JsonScratch::default(), out);
}

fn write_report(
    library: &Library,
    measure: &LoadedMeasure,
    texts: &Texts,
    profile: &Profile,
    decision: &Decision,
    conditions: &mut Vec<u8>,
    out: &mut Vec<u8>,
) {
    // The conditions first, into their own buffer: the summary and the list of pending reviews
    // that precede them in the report are gathered while their sentences are written.
    let plain = texts.plain && profile.texts_plain();
    conditions.clear();
    conditions.reserve(texts.room);
    conditions.push(b'[');
    let gathered = report::walk(
        library,
        measure,
        texts,
        profile,
        decision,
        |index, _, status, mut o| {
            if index > 0 {
                conditions.push(b',');
            }
            conditions.extend_from_slice(texts.heads.get(index).map_or(&[][..], Vec::as_slice));
            tail(conditions, status, &mut o, plain);
        },
    );
    conditions.push(b']');
    let gates = report::gate_infos(library, measure, profile, decision);
    let verdict = decision.verdict();
    let summary = report::summary(&measure.measure.measure.title, decision, &gathered, &gates);
    out.reserve(conditions.len() + 4096);
    out.extend_from_slice(b"{\"schema\":");
    put(out, SCHEMA);
    out.extend_from_slice(b",\"verdict\":");
    put(out, &verdict);
    out.extend_from_slice(b",\"verdict_label\":");
    put(out, verdict.label());
    out.extend_from_slice(&texts.title);
    out.extend_from_slice(b",\"summary\":");
    put_str(out, &summary);
    out.extend_from_slice(b",\"pending_review\":");
    put_array(out, &gathered.pending_review, |out, p| {
        // The field order of `PendingReview`.
        out.extend_from_slice(b"{\"id\":");
        put_known(out, &p.id, plain);
        out.extend_from_slice(b",\"article\":");
        put_known(out, &p.article, plain);
        out.extend_from_slice(b",\"question\":");
        put_known(out, &p.question, plain);
        out.push(b'}');
    });
    out.extend_from_slice(b",\"conditions\":");
    out.extend_from_slice(conditions);
    out.extend_from_slice(b",\"missing\":");
    put(out, &report::missing_facts(library, gathered.missing));
    let (excluded, barred, late) = gates;
    if let Some(e) = &excluded {
        out.extend_from_slice(b",\"excluded\":");
        put(out, e);
    }
    if let Some(b) = &barred {
        out.extend_from_slice(b",\"barred\":");
        put(out, b);
    }
    if let Some(l) = &late {
        out.extend_from_slice(b",\"late\":");
        put(out, l);
    }
    if verdict == Verdict::Ineligible
        && let Some(advice) = advice::way_to_eligible(library, measure, profile)
    {
        out.extend_from_slice(b",\"way_to_eligible\":");
        put(out, &advice);
    }
    out.push(b',');
    out.extend_from_slice(&texts.receipt);
    put(out, &profile.as_of);
    out.extend_from_slice(b",\"engine\":");
    put(out, report::ENGINE);
    out.extend_from_slice(b",\"inputs\":");
    profile.write_json(out);
    out.extend_from_slice(b"}}");
}

#[cfg(test)]
mod tests {
    use policy::Library;

    use super::Texts;

    /// The four measures' sentences are written without an escape test each (a property of
    /// their texts, which a change of wording could lose without any report changing).
    #[test]
    fn the_embedded_measures_fixed_texts_need_no_escaping() {
        let lib = Library::embedded().expect("embedded policies");
        for m in lib.measures() {
            assert!(Texts::new(&lib, m).plain, "{}", m.id());
        }
    }

    /// A condition label with a quote (it can be a pending review's question), and every
    /// sentence of the measure is tested again.
    #[test]
    fn a_condition_label_with_a_quote_is_not_plain() {
        let lib = Library::embedded().expect("embedded policies");
        for m in lib.measures() {
            let texts = Texts::new(&lib, m);
            let mut conditions = m.measure.condition.clone();
            conditions[0].label.push('"');
            assert!(
                !super::fixed_texts_plain(&lib, &conditions, &texts.cites, &texts.words),
                "{}",
                m.id()
            );
        }
    }
}
