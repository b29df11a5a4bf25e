//! Integration tests: the `wattprint` binary run on `examples/`, on broken inputs in
//! `tests/fixtures/`, and on the README's own examples. One test binary, so that the suite
//! links once.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test that cannot set up should fail loudly"
)]

mod support;

mod attacks;
mod browser;
mod checkers;
mod claims;
mod console;
mod diff;
mod esrs;
mod examples;
mod fixtures;
mod formats;
mod hourly;
mod ingest;
mod init;
mod layers;
mod limits;
mod msrv;
mod outputs;
mod prometheus;
mod properties;
mod published;
mod readme;
mod reference;
mod report;
mod scenarios;
mod schema;
mod templates;
mod uncertainty;
mod verify;
