//! Scores and quantities as JSON numbers: whole values as integers (exact); fractional ones as
//! the shortest JSON number that reads back to the same decimal (scores and counts here have few
//! digits, so nothing is lost). The computation itself is exact decimal arithmetic throughout.

use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use serde::Serializer;

/// Serialises a decimal as a JSON number.
pub fn decimal<S: Serializer>(d: &Decimal, s: S) -> Result<S::Ok, S::Error> {
    let d = d.normalize();
    if d.fract().is_zero()
        && let Some(i) = d.to_i64()
    {
        return s.serialize_i64(i);
    }
    match d.to_f64() {
        Some(f) => s.serialize_f64(f),
        None => s.collect_str(&d),
    }
}

/// Serialises an optional decimal as a JSON number or null.
pub fn opt_decimal<S: Serializer>(d: &Option<Decimal>, s: S) -> Result<S::Ok, S::Error> {
    match d {
        Some(d) => decimal(d, s),
        None => s.serialize_none(),
    }
}

/// A decimal for people: no trailing zeros.
pub fn show(d: Decimal) -> String {
    d.normalize().to_string()
}
