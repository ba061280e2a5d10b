//! The case layer's tests: every test runs on SQLite (a temporary folder) and on PostgreSQL (a
//! fresh schema, dropped after), through `testkit`. PostgreSQL comes from
//! `MAKERSPACE_TEST_PG_URL` (`url=$(scripts/pg-up --state /tmp/pgstate)` starts one); without it
//! the PostgreSQL half fails under `CI=true` and is skipped, with a message, elsewhere. Every test
//! ends by checking the audit chain (`audit::verify`).

mod world;

mod appraisal_round;
mod change_forwarding;
mod change_review;
mod lifecycle;
mod listings;
mod on_record;
mod paths;
mod queue;
mod rectification;
mod register_listing;
mod requests;
mod sanctions;
mod transfer;
