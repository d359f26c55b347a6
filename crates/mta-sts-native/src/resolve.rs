//! The relay's own DNS: MX hosts and addresses. A trait, so that tests can map names to
//! loopback ports; production uses [`DnsResolver`] (hickory).

use futures_util::future::BoxFuture;
use hickory_resolver::config::{LookupIpStrategy, ResolverConfig, ResolverOpts};
use hickory_resolver::name_server::TokioConnectionProvider;
use hickory_resolver::TokioResolver;
use std::fmt;
use std::net::IpAddr;
use std::time::Duration;

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

/// Answers the relay's two questions. Errors are words for the report.
pub trait Resolve: Send + Sync + fmt::Debug {
    fn mx<'a>(&'a self, domain: &'a str) -> BoxFuture<'a, Result<MxAnswer, String>>;
    /// The A and AAAA addresses of `host` (empty when it has none).
    fn addresses<'a>(&'a self, host: &'a str) -> BoxFuture<'a, Result<Vec<IpAddr>, String>>;
}

/// Which recursive resolver the production relay asks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Upstream {
    /// The system's (`/etc/resolv.conf`): in a container, the platform's resolver.
    System,
    Google,
    Cloudflare,
}

impl Upstream {
    pub fn parse(s: &str) -> Option<Upstream> {
        match s {
            "system" => Some(Upstream::System),
            "google" => Some(Upstream::Google),
            "cloudflare" => Some(Upstream::Cloudflare),
            _ => None,
        }
    }
}

/// DNS through hickory, with its own time limit per lookup.
#[derive(Debug)]
pub struct DnsResolver {
    inner: TokioResolver,
}

impl DnsResolver {
    pub fn new(upstream: Upstream, timeout: Duration) -> Result<DnsResolver, String> {
        let provider = TokioConnectionProvider::default();
        let mut builder = match upstream {
            Upstream::System => TokioResolver::builder(provider).map_err(|e| e.to_string())?,
            Upstream::Google => {
                TokioResolver::builder_with_config(ResolverConfig::google(), provider)
            }
            Upstream::Cloudflare => {
                TokioResolver::builder_with_config(ResolverConfig::cloudflare(), provider)
            }
        };
        let opts: &mut ResolverOpts = builder.options_mut();
        opts.timeout = timeout;
        opts.attempts = 1;
        opts.ip_strategy = LookupIpStrategy::Ipv4AndIpv6;
        // The relay holds no state worth keeping between requests; a small cache only spares
        // the upstream when one domain is checked twice in a row.
        opts.cache_size = 256;
        Ok(DnsResolver {
            inner: builder.build(),
        })
    }
}

/// The name as an absolute name, so that no search domain of the system's configuration is
/// ever appended to it.
fn absolute(name: &str) -> String {
    format!("{}.", name.trim_end_matches('.'))
}

impl Resolve for DnsResolver {
    fn mx<'a>(&'a self, domain: &'a str) -> BoxFuture<'a, Result<MxAnswer, String>> {
        Box::pin(async move {
            match self.inner.mx_lookup(absolute(domain)).await {
                Ok(lookup) => Ok(MxAnswer::Records(
                    lookup
                        .iter()
                        .map(|mx| (mx.preference(), mx.exchange().to_ascii()))
                        .collect(),
                )),
                Err(e) if e.is_nx_domain() => Ok(MxAnswer::NoDomain),
                Err(e) if e.is_no_records_found() => Ok(MxAnswer::NoRecords),
                Err(e) => Err(e.to_string()),
            }
        })
    }

    fn addresses<'a>(&'a self, host: &'a str) -> BoxFuture<'a, Result<Vec<IpAddr>, String>> {
        Box::pin(async move {
            match self.inner.lookup_ip(absolute(host)).await {
                Ok(lookup) => Ok(lookup.iter().collect()),
                Err(e) if e.is_nx_domain() || e.is_no_records_found() => Ok(Vec::new()),
                Err(e) => Err(e.to_string()),
            }
        })
    }
}
