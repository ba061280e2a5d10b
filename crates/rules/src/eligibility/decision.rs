//! The decision: every condition evaluated to typed findings and the verdict, without a word of
//! text. The report (`report.rs`) is written from a decision; batch runs and benchmarks use the
//! decision alone.

use std::sync::{Arc, PoisonError, RwLock};

use policy::{Library, LoadedMeasure};

use super::evaluate::{Finding, Node, Plan, Status};
use super::json::Texts;
use super::verdict::{Gates, Verdict};
use crate::profile::Profile;

/// The verdict of one profile under one measure, with every condition's status and typed
/// findings (the numbers and dates used), from which the report's sentences are written.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Decision {
    verdict: Option<Verdict>,
    /// Per condition, in the measure's order: its status and the index of its first node.
    conditions: Vec<(Status, u32)>,
    /// Every condition's nodes, one condition after another.
    nodes: Vec<Node>,
    gates: Gates,
    failed: u32,
    missing: u32,
    pending: u32,
}

impl Decision {
    /// The verdict.
    pub fn verdict(&self) -> Verdict {
        self.verdict.unwrap_or(Verdict::Incomplete)
    }

    /// Each condition's status, in the measure's order.
    pub fn statuses(&self) -> impl ExactSizeIterator<Item = Status> + '_ {
        self.conditions.iter().map(|c| c.0)
    }

    /// The status of the `index`-th condition of the measure.
    pub fn status(&self, index: usize) -> Option<Status> {
        self.conditions.get(index).map(|c| c.0)
    }

    /// The typed findings of the `index`-th condition: its guard or rule first, then, for
    /// either-or, all-of and by-circumstance rules, each part evaluated, in the rule's order.
    pub fn findings(&self, index: usize) -> &[Node] {
        let Some(&(_, start)) = self.conditions.get(index) else {
            return &[];
        };
        let end = self
            .conditions
            .get(index + 1)
            .map_or(self.nodes.len(), |c| c.1 as usize);
        &self.nodes[start as usize..end]
    }

    /// The findings that decide before any condition: exclusion, ban, late submission.
    pub fn gates(&self) -> &Gates {
        &self.gates
    }

    /// How many conditions are not met.
    pub fn failed(&self) -> usize {
        self.failed as usize
    }

    /// How many conditions lack a fact.
    pub fn missing(&self) -> usize {
        self.missing as usize
    }

    /// How many qualitative conditions await a reviewer.
    pub fn pending_review(&self) -> usize {
        self.pending as usize
    }
}

/// A measure ready to decide profiles: its conditions compiled once (fact names resolved to
/// slots, statutory words to comparisons). Hold one to decide many profiles under one measure.
#[derive(Debug, Clone)]
pub struct Engine<'a> {
    library: &'a Library,
    measure: &'a LoadedMeasure,
    compiled: Arc<Compiled>,
}

/// A measure compiled once: its plan for deciding and the static text of its report.
#[derive(Debug)]
pub(super) struct Compiled {
    /// The evaluation plan.
    pub plan: Plan,
    /// Every condition's fixed words, and its JSON, written once.
    pub texts: Texts,
}

impl<'a> Engine<'a> {
    /// Compiles (or takes from the cache) the measure's plan.
    pub fn new(library: &'a Library, measure: &'a LoadedMeasure) -> Self {
        Self {
            library,
            measure,
            compiled: cached(library, measure),
        }
    }

    /// The measure.
    pub fn measure(&self) -> &'a LoadedMeasure {
        self.measure
    }

    /// The library.
    pub(super) fn library(&self) -> &'a Library {
        self.library
    }

    /// The compiled measure.
    pub(super) fn compiled(&self) -> &Compiled {
        &self.compiled
    }

    /// Decides a profile.
    pub fn decide(&self, profile: &Profile) -> Decision {
        let mut d = Decision::default();
        self.decide_into(profile, &mut d);
        d
    }

    /// Decides a profile into the buffers of an earlier decision (no allocation once warm).
    pub fn decide_into(&self, profile: &Profile, d: &mut Decision) {
        d.conditions.clear();
        d.nodes.clear();
        d.conditions.reserve(self.compiled.plan.len());
        let (mut failed, mut missing, mut pending) = (0, 0, 0);
        let conditions = &mut d.conditions;
        self.compiled
            .plan
            .evaluate(profile, &mut d.nodes, |status, start| {
                match status {
                    Status::NotMet => failed += 1,
                    Status::Missing => missing += 1,
                    Status::Reviewer => pending += 1,
                    _ => {}
                }
                conditions.push((status, u32::try_from(start).unwrap_or(u32::MAX)));
            });
        let gates = Gates::find(self.library, self.measure, profile);
        d.verdict = Some(if gates.excluded.is_some() {
            Verdict::Excluded
        } else if gates.barred.is_some() {
            Verdict::Barred
        } else if gates.late.is_some() {
            Verdict::Late
        } else if failed > 0 {
            Verdict::Ineligible
        } else if missing > 0 {
            Verdict::Incomplete
        } else {
            Verdict::Eligible
        });
        d.gates = gates;
        d.failed = failed;
        d.missing = missing;
        d.pending = pending;
    }
}

type PlanKey = (usize, usize, String);

/// Measures compiled so far, by library, measure and the measure's content hash.
static PLANS: RwLock<Vec<(PlanKey, Arc<Compiled>)>> = RwLock::new(Vec::new());

/// The compiled measure (plan and texts), compiled on first use. The key is the library's and the
/// measure's address together with the measure's content hash, so a measure reloaded at the same
/// address with another text is compiled afresh.
pub(super) fn cached(library: &Library, measure: &LoadedMeasure) -> Arc<Compiled> {
    let lib = std::ptr::from_ref(library) as usize;
    let m = std::ptr::from_ref(measure) as usize;
    let hash = &measure.hash.0;
    let hit = |plans: &[(PlanKey, Arc<Compiled>)]| {
        plans
            .iter()
            .find(|((l, a, h), _)| *l == lib && *a == m && h == hash)
            .map(|(_, p)| Arc::clone(p))
    };
    if let Some(p) = hit(&PLANS.read().unwrap_or_else(PoisonError::into_inner)) {
        return p;
    }
    let plan = Arc::new(Compiled {
        plan: Plan::new(library, measure),
        texts: Texts::new(library, measure),
    });
    let mut plans = PLANS.write().unwrap_or_else(PoisonError::into_inner);
    if let Some(p) = hit(&plans) {
        return p;
    }
    // Libraries come and go in tests; the cache stays small.
    if plans.len() >= 64 {
        plans.clear();
    }
    plans.push(((lib, m, hash.clone()), Arc::clone(&plan)));
    plan
}

/// Decides a profile under a measure: every condition's status and typed findings, and the
/// verdict. No text is written; [`super::explain`] writes the report from the decision.
pub fn decide(library: &Library, measure: &LoadedMeasure, profile: &Profile) -> Decision {
    Engine::new(library, measure).decide(profile)
}

/// As [`decide`], reusing the buffers of an earlier decision (no allocation once warm).
pub fn decide_into(
    library: &Library,
    measure: &LoadedMeasure,
    profile: &Profile,
    d: &mut Decision,
) {
    Engine::new(library, measure).decide_into(profile, d);
}

// A finding is small and copied, never allocated.
const _: () = assert!(std::mem::size_of::<Finding>() <= 56);
