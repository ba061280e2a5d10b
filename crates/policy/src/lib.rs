//! The policy model: each jurisdiction's measures as data.
//!
//! A measure is a TOML file under `policies/` whose every element cites the article it encodes
//! and quotes its text. This crate reads those files, checks them against their source texts
//! (lint), answers which measure is in force where and when (the [`Library`]), and knows the
//! legal reading shared by all measures: statutory terms, periods, the holiday calendar, and the
//! fact dictionary every policy and profile speaks in.
//!
//! Architecture invariant: no threshold, period, score or amount of any measure appears in this
//! crate's code; they are all read from the policy files.

pub mod describe;
pub mod facts;
pub mod law;
pub mod library;
pub mod lint;
pub mod model;
pub mod source_text;

pub use library::{Library, LoadError, LoadedMeasure};
