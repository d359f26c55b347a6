//! DNS-over-HTTPS from native code: the engine's Google and Cloudflare JSON API
//! ([`mta_sts::doh`]) over HTTPS (hyper, rustls), with a time limit and a cap on the answer.

use crate::certs::Tls;
use crate::fetch::USER_AGENT_VALUE;
use crate::https::{read_capped, Connection};
use http_body_util::Empty;
use hyper::header::{CONNECTION, HOST, USER_AGENT};
use hyper::Request;
use mta_sts::doh::{decode_answer, Fallback, Provider};
use mta_sts::lookup::{Lookup, LookupError, RecordType, Resolver};
use rustls::pki_types::ServerName;
use rustls::RootCertStore;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;
use tokio::net::TcpStream;

/// A DoH answer larger than this is refused: a DNS answer is at most 64 KiB on the wire, and
/// its JSON a few times that.
pub const MAX_ANSWER_BYTES: usize = 512 * 1024;

/// One provider's JSON API over HTTPS.
#[derive(Debug, Clone)]
pub struct DohResolver {
    provider: Provider,
    tls: Tls,
    addresses: Vec<SocketAddr>,
    timeout: Duration,
}

/// Google first, Cloudflare when Google fails (or the other way round).
pub type DohFallback = Fallback<DohResolver, DohResolver>;

impl DohResolver {
    /// The provider at its published anycast addresses, verified against the public roots.
    /// Fixed addresses: asking DNS where the DNS resolver is would need a resolver first.
    pub fn new(provider: Provider, timeout: Duration) -> Result<DohResolver, String> {
        DohResolver::with_roots(provider, Tls::public_roots(), well_known(provider), timeout)
    }

    /// The provider reached at `addresses` (tried in order) and verified against `roots`: a
    /// private CA, a local server. The URL, Host and SNI stay the provider's.
    pub fn with_roots(
        provider: Provider,
        roots: Arc<RootCertStore>,
        addresses: Vec<SocketAddr>,
        timeout: Duration,
    ) -> Result<DohResolver, String> {
        if addresses.is_empty() {
            return Err(format!("no address to reach {} at", provider.name()));
        }
        Ok(DohResolver {
            provider,
            tls: Tls::new(roots)?,
            addresses,
            timeout,
        })
    }

    /// `provider`, and the other provider when it fails.
    pub fn with_fallback(provider: Provider, timeout: Duration) -> Result<DohFallback, String> {
        Ok(Fallback::new(
            DohResolver::new(provider, timeout)?,
            DohResolver::new(provider.other(), timeout)?,
        ))
    }

    pub fn provider(&self) -> Provider {
        self.provider
    }

    /// The JSON text of the answer to one question.
    async fn ask(&self, name: &str, rtype: RecordType, cd: bool) -> Result<String, String> {
        let url = self.provider.query_url(name, rtype, cd);
        let (host, target) = split_url(&url)?;
        let tcp = self.connect().await?;
        let (config, _) = self.tls.client(true, true)?;
        let server_name = ServerName::try_from(host.to_owned()).map_err(|e| e.to_string())?;
        let tls = tokio_rustls::TlsConnector::from(config)
            .connect(server_name, tcp)
            .await
            .map_err(|e| format!("TLS: {e}"))?;
        // One byte over the cap tells a body that is too large.
        let cap = MAX_ANSWER_BYTES + 1;
        let mut conn = Connection::open(tls, cap).await?;
        let mut request = Request::get(target)
            .header(HOST, host)
            .header(USER_AGENT, USER_AGENT_VALUE)
            .header(CONNECTION, "close");
        for (key, value) in self.provider.headers() {
            request = request.header(*key, *value);
        }
        let request = request.body(Empty::new()).map_err(|e| e.to_string())?;
        let response = conn.send(request).await?;
        let status = response.status().as_u16();
        if status != 200 {
            return Err(format!("HTTP {status}"));
        }
        let (body, _) = read_capped(response.into_body(), cap).await?;
        if body.len() > MAX_ANSWER_BYTES {
            return Err(format!(
                "the answer is larger than {} KiB",
                MAX_ANSWER_BYTES / 1024
            ));
        }
        String::from_utf8(body).map_err(|_| "the answer is not UTF-8 text".to_string())
    }

    /// A connection to the first address that takes one.
    async fn connect(&self) -> Result<TcpStream, String> {
        let mut errors = Vec::new();
        for addr in &self.addresses {
            match TcpStream::connect(addr).await {
                Ok(tcp) => {
                    let _ = tcp.set_nodelay(true);
                    return Ok(tcp);
                }
                Err(e) => errors.push(format!("{addr}: {e}")),
            }
        }
        Err(errors.join("; "))
    }
}

impl Resolver for DohResolver {
    async fn query(&self, name: &str, rtype: RecordType, checking_disabled: bool) -> Lookup {
        let label = self.provider.name();
        match tokio::time::timeout(self.timeout, self.ask(name, rtype, checking_disabled)).await {
            Ok(Ok(json)) => decode_answer(&json, label, name, rtype, checking_disabled)
                .map_err(|e| e.into_lookup_error(label)),
            Ok(Err(words)) => Err(LookupError::new(label, words)),
            Err(_) => Err(LookupError::new(
                label,
                format!("timed out after {} ms", self.timeout.as_millis()),
            )),
        }
    }
}

/// The published addresses of each provider's resolver, IPv4 first.
fn well_known(provider: Provider) -> Vec<SocketAddr> {
    let ips: [IpAddr; 4] = match provider {
        Provider::Google => [
            Ipv4Addr::new(8, 8, 8, 8).into(),
            Ipv4Addr::new(8, 8, 4, 4).into(),
            Ipv6Addr::new(0x2001, 0x4860, 0x4860, 0, 0, 0, 0, 0x8888).into(),
            Ipv6Addr::new(0x2001, 0x4860, 0x4860, 0, 0, 0, 0, 0x8844).into(),
        ],
        Provider::Cloudflare => [
            Ipv4Addr::new(1, 1, 1, 1).into(),
            Ipv4Addr::new(1, 0, 0, 1).into(),
            Ipv6Addr::new(0x2606, 0x4700, 0x4700, 0, 0, 0, 0, 0x1111).into(),
            Ipv6Addr::new(0x2606, 0x4700, 0x4700, 0, 0, 0, 0, 0x1001).into(),
        ],
    };
    ips.into_iter().map(|ip| SocketAddr::new(ip, 443)).collect()
}

/// `https://host/path?query` into the host and the request target.
fn split_url(url: &str) -> Result<(&str, &str), String> {
    let rest = url
        .strip_prefix("https://")
        .ok_or_else(|| format!("not an HTTPS URL: {url}"))?;
    let slash = rest.find('/').ok_or_else(|| format!("no path in {url}"))?;
    Ok((
        rest.get(..slash).unwrap_or(rest),
        rest.get(slash..).unwrap_or("/"),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn provider_urls_split_into_host_and_target() {
        let url = Provider::Google.query_url("example.com", RecordType::Txt, true);
        assert_eq!(
            split_url(&url),
            Ok(("dns.google", "/resolve?name=example.com&type=TXT&cd=1"))
        );
        assert!(split_url("http://dns.google/resolve").is_err());
        assert!(split_url("https://dns.google").is_err());
    }
}
