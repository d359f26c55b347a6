//! MTA-STS (RFC 8461) and TLS-RPT (RFC 8460): parsers, validators and the check pipeline.
//!
//! The engine knows the protocols and nothing of browsers: it does its I/O through the
//! traits of [`lookup`] (a resolver, a policy fetcher and, optionally, a prober), so the same
//! pipeline runs in the browser, on the command line and in native tests.

pub mod catalogue;
pub mod doh;
pub mod domain;
pub mod export;
pub mod finding;
pub mod input;
pub mod json;
pub mod lookup;
pub mod monitor;
pub mod mx;
pub mod pipeline;
pub mod policy;
pub mod record;
pub mod relay;
pub mod report;
pub mod setup;
pub mod sort;
pub mod tlsa;
pub mod tlsrpt;
mod txt_set;
pub mod url;
mod wire;

pub use finding::{CheckId, Code, Evidence, Finding, Fix, Provenance, Reference, Severity};
