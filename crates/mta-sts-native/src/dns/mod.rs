//! DNS for the command line, through the engine's [`Resolver`] trait: a classic client asking
//! DNS servers directly ([`DnsClient`]: the system's, or one given as `ADDR[:PORT]`), or
//! DNS-over-HTTPS to Google or Cloudflare with the other as fallback ([`DohResolver`]).
//! [`NativeResolver`] is either, and also answers the probes' [`Resolve`] questions, so that
//! the check and the probes see the same DNS:
//!
//! ```text
//! let resolver = Arc::new(NativeResolver::from_choice("system", DEFAULT_TIMEOUT)?);
//! let network = Network::public_roots(resolver.clone(), Arc::new(AnyAddress))?; // probes
//! pipeline::run(domain, &*resolver, &fetcher, Some(&prober), &clock, |_| {}).await; // check
//! ```

mod client;
mod doh;
mod servers;

pub use client::{DnsClient, DEFAULT_TIMEOUT, EDNS_PAYLOAD};
pub use doh::{DohFallback, DohResolver, MAX_ANSWER_BYTES};
pub use servers::{parse_addr, resolv_conf_servers, Server, DNS_PORT, RESOLV_CONF};

use crate::resolve::{MxAnswer, Resolve};
use futures_util::future::BoxFuture;
use mta_sts::doh::Provider;
use mta_sts::lookup::{DnsAnswer, Lookup, Rcode, RecordType, Resolver};
use std::net::IpAddr;
use std::time::Duration;

/// The resolver the command line asks, as chosen with `--resolver`.
#[derive(Debug)]
pub enum NativeResolver {
    Dns(DnsClient),
    Doh(DohFallback),
}

impl NativeResolver {
    /// `system` (the system's DNS servers), `google` or `cloudflare` (DoH, the other as
    /// fallback), or a DNS server as `ADDR[:PORT]`. `timeout` bounds one query to one server.
    pub fn from_choice(choice: &str, timeout: Duration) -> Result<NativeResolver, String> {
        check_choice(choice)?;
        if choice.eq_ignore_ascii_case("system") {
            return DnsClient::system(timeout).map(NativeResolver::Dns);
        }
        if let Some(provider) = Provider::from_id(choice) {
            return DohResolver::with_fallback(provider, timeout).map(NativeResolver::Doh);
        }
        DnsClient::parse(choice, timeout).map(NativeResolver::Dns)
    }

    /// Who is asked, for people: "system (127.0.0.53)", "192.0.2.1:53",
    /// "Google (Cloudflare when it fails)".
    pub fn describe(&self) -> String {
        match self {
            NativeResolver::Dns(client) => client
                .servers()
                .iter()
                .map(|s| s.label.as_str())
                .collect::<Vec<_>>()
                .join(", "),
            NativeResolver::Doh(fallback) => format!(
                "{} ({} when it fails)",
                fallback.first.provider().name(),
                fallback.second.provider().name()
            ),
        }
    }
}

/// Whether `choice` names a resolver [`NativeResolver::from_choice`] can build, without
/// reading the system's configuration or opening anything: for reading settings up front.
pub fn check_choice(choice: &str) -> Result<(), String> {
    if choice.eq_ignore_ascii_case("system") || Provider::from_id(choice).is_some() {
        return Ok(());
    }
    parse_addr(choice).map(drop).map_err(|e| {
        format!(
            "{choice:?} is not a resolver: say system, google, cloudflare, \
             or a DNS server's ADDR[:PORT] ({e})"
        )
    })
}

impl Resolver for NativeResolver {
    async fn query(&self, name: &str, rtype: RecordType, checking_disabled: bool) -> Lookup {
        match self {
            NativeResolver::Dns(client) => client.query(name, rtype, checking_disabled).await,
            NativeResolver::Doh(doh) => doh.query(name, rtype, checking_disabled).await,
        }
    }
}

/// The probes ask the same resolver as the check. Written for the concrete resolver: the
/// engine's trait promises no `Send` future, which `Resolve` needs.
impl Resolve for NativeResolver {
    fn mx<'a>(&'a self, domain: &'a str) -> BoxFuture<'a, Result<MxAnswer, String>> {
        Box::pin(async move {
            let answer = self.query(domain, RecordType::Mx, false).await;
            mx_answer(answer.map_err(|e| e.to_string())?)
        })
    }

    fn addresses<'a>(&'a self, host: &'a str) -> BoxFuture<'a, Result<Vec<IpAddr>, String>> {
        Box::pin(async move {
            let (a, aaaa) = futures_util::future::join(
                self.query(host, RecordType::A, false),
                self.query(host, RecordType::Aaaa, false),
            )
            .await;
            merge_addresses(address_answer(a), address_answer(aaaa))
        })
    }
}

/// The MX set of a domain from the engine's answer.
pub fn mx_answer(answer: DnsAnswer) -> Result<MxAnswer, String> {
    match answer.rcode {
        Rcode::NxDomain => Ok(MxAnswer::NoDomain),
        Rcode::NoError => {
            let records: Vec<(u16, String)> = answer
                .mx_hosts()
                .map(|h| (h.preference, h.exchange.clone()))
                .collect();
            if records.is_empty() {
                Ok(MxAnswer::NoRecords)
            } else {
                Ok(MxAnswer::Records(records))
            }
        }
        other => Err(rcode_words(&answer, other)),
    }
}

/// The addresses of one A or AAAA answer: none when the name does not exist.
fn address_answer(lookup: Lookup) -> Result<Vec<IpAddr>, String> {
    let answer = lookup.map_err(|e| e.to_string())?;
    match answer.rcode {
        Rcode::NoError => Ok(answer
            .of_type()
            .filter_map(|r| r.data.text().parse::<IpAddr>().ok())
            .collect()),
        Rcode::NxDomain => Ok(Vec::new()),
        other => Err(rcode_words(&answer, other)),
    }
}

/// The addresses of both answers; one failed lookup only matters when the other found
/// nothing, since then "no address" would not be known.
fn merge_addresses(
    a: Result<Vec<IpAddr>, String>,
    aaaa: Result<Vec<IpAddr>, String>,
) -> Result<Vec<IpAddr>, String> {
    match (a, aaaa) {
        (Ok(mut v4), Ok(v6)) => {
            v4.extend(v6);
            Ok(v4)
        }
        (Ok(found), Err(e)) | (Err(e), Ok(found)) => {
            if found.is_empty() {
                Err(e)
            } else {
                Ok(found)
            }
        }
        (Err(a), Err(aaaa)) => Err(format!("{a}; {aaaa}")),
    }
}

fn rcode_words(answer: &DnsAnswer, rcode: Rcode) -> String {
    format!(
        "{}: {} for {} {}",
        answer.resolver,
        rcode.as_str(),
        answer.rtype,
        answer.name
    )
}
