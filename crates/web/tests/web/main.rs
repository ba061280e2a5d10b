//! HTTP tests of the web crate: one binary (one link step), one module per area.

mod api;
mod appraisal_rounds;
mod auth;
mod cases;
mod daily_run;
mod demo;
mod fuzz_findings;
mod helpers;
mod openapi;
mod oversight;
mod pages;
mod quota;
mod records;
mod register_cache;
mod register_page;
mod server;
