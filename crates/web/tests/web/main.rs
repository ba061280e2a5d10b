//! HTTP tests of the web crate: one binary (one link step), one module per area.

mod api;
mod auth;
mod cases;
mod demo;
mod helpers;
mod openapi;
mod pages;
mod server;
