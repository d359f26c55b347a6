//! The probes' DNS questions: MX hosts and addresses. A trait, so that tests can map names to
//! loopback ports; the command line and the relay both answer it with
//! [`NativeResolver`](crate::dns::NativeResolver), the resolver the check itself asks.

use futures_util::future::BoxFuture;
use std::fmt;
use std::net::IpAddr;

/// The MX records of a domain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MxAnswer {
    /// (preference, exchange) as published.
    Records(Vec<(u16, String)>),
    /// The name exists but has no MX records: the domain is its own implicit MX.
    NoRecords,
    /// The name does not exist.
    NoDomain,
}

/// Answers the probes' two questions. Errors are words for the report.
pub trait Resolve: Send + Sync + fmt::Debug {
    fn mx<'a>(&'a self, domain: &'a str) -> BoxFuture<'a, Result<MxAnswer, String>>;
    /// The A and AAAA addresses of `host` (empty when it has none).
    fn addresses<'a>(&'a self, host: &'a str) -> BoxFuture<'a, Result<Vec<IpAddr>, String>>;
}
