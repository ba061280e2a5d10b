//! The store's tests: every test runs on SQLite (a temporary folder) and on PostgreSQL (a fresh
//! schema, dropped after), through `testkit`. PostgreSQL comes from `MAKERSPACE_TEST_PG_URL`
//! (`scripts/pg-up` starts a throwaway server); without it the PostgreSQL half fails under
//! `CI=true` and is skipped, with a message, elsewhere.

mod harness;

mod accounts;
mod attachments;
mod audit_chain;
mod concurrency;
mod one_trip;
mod organisations;
mod tokens;
