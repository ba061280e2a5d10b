//! Deterministic appraisal inputs for the batch benchmark: one JSON object per line, written to
//! standard output.
//!
//! ```text
//! cargo run --release -p rules --example gen_appraisal_inputs -- 1000000 [POLICY] > /tmp/a.jsonl
//! ```
//!
//! The inputs are drawn from the measure's own index table (law is data: no number of a measure
//! is written here): each row's input ranges from nothing to a quarter beyond what reaches the
//! row's cap (or the highest tier bound), set inputs hold each listed value now and then, a few
//! inputs are left out, and now and then an override's yes/no input takes the value that fixes
//! the grade. The generator is a fixed-seed xorshift, so the same count gives the same file.

use std::io::{BufWriter, Write};

use policy::Library;
use policy::facts::FactType;
use policy::model::Scoring;
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        // xorshift64*
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    /// Uniform in 0..n (n > 0).
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
    /// One chance in n.
    fn one_in(&mut self, n: u64) -> bool {
        self.below(n) == 0
    }
}

enum Gen {
    /// A count or area from 0 to `hi`, with one decimal for areas.
    Quantity { hi: u64, decimals: bool },
    /// Each listed value held with one chance in 6.
    Set(Vec<String>),
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let count: u64 = args.next().map_or(Ok(1_000), |a| a.parse())?;
    let policy = args
        .next()
        .unwrap_or_else(|| "inner-mongolia-2020".to_string());
    let library = Library::embedded()?;
    let measure = library
        .get(&policy)
        .ok_or_else(|| format!("no measure {policy}"))?;
    let appraisal = measure
        .measure
        .appraisal
        .as_ref()
        .ok_or_else(|| format!("{policy} has no appraisal"))?;
    let whole = |d: Decimal| d.ceil().to_u64().unwrap_or(1).max(1);
    let mut gens: Vec<(&str, Gen)> = Vec::new();
    for item in &appraisal.item {
        let joint = appraisal
            .joint_cap
            .iter()
            .find(|j| j.items.contains(&item.id))
            .map(|j| j.cap);
        let decimals = library
            .facts
            .appraisal_input(&item.input)
            .is_some_and(|d| d.ty == FactType::Number);
        let draw = match &item.scoring {
            Scoring::Tiers { tiers } => {
                let top = tiers
                    .iter()
                    .flat_map(|t| t.from.iter().chain(&t.to))
                    .map(|b| b.value)
                    .max()
                    .unwrap_or(Decimal::ONE);
                Gen::Quantity {
                    hi: whole(top) * 5 / 4 + 1,
                    decimals,
                }
            }
            Scoring::PerUnit { per, points } => {
                let cap = item
                    .cap
                    .or(joint)
                    .or(appraisal.base_max)
                    .unwrap_or(Decimal::TEN);
                let awards = if points.is_zero() {
                    1
                } else {
                    whole(cap / points)
                };
                Gen::Quantity {
                    hi: awards * u64::from((*per).max(1)) * 5 / 4 + 1,
                    decimals,
                }
            }
            Scoring::Highest { values } => {
                Gen::Set(values.iter().map(|v| v.value.clone()).collect())
            }
        };
        gens.push((item.input.as_str(), draw));
    }
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let stdout = std::io::stdout();
    let mut out = BufWriter::with_capacity(1 << 16, stdout.lock());
    for n in 0..count {
        let mut line = serde_json::Map::new();
        line.insert("id".into(), format!("s{n:07}").into());
        for (name, draw) in &gens {
            if rng.one_in(25) {
                continue;
            }
            let value: serde_json::Value = match draw {
                Gen::Quantity { hi, decimals } => {
                    let x = rng.below(*hi);
                    if *decimals && rng.one_in(4) {
                        let tenth = rng.below(10);
                        serde_json::from_str(&format!("{x}.{tenth}"))?
                    } else {
                        x.into()
                    }
                }
                Gen::Set(values) => values
                    .iter()
                    .filter(|_| rng.one_in(6))
                    .cloned()
                    .collect::<Vec<_>>()
                    .into(),
            };
            line.insert((*name).to_string(), value);
        }
        for o in &appraisal.override_ {
            // Usually given and not triggering; one in 40 triggers.
            if rng.one_in(8) {
                continue;
            }
            let triggers = rng.one_in(40);
            line.insert(o.input.to_string(), (o.equals == triggers).into());
        }
        serde_json::to_writer(&mut out, &line)?;
        out.write_all(b"\n")?;
    }
    out.flush()?;
    Ok(())
}
