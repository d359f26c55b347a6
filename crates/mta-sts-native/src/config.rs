//! Where native probes go and how long each step may take: the network (resolver, which
//! addresses may be contacted, trusted roots, ports) and the time limits.

use crate::address::{AddressPolicy, PublicOnly};
use crate::certs::Tls;
use crate::resolve::Resolve;
use rustls::RootCertStore;
use std::sync::Arc;
use std::time::Duration;

/// Time limits of every step. A probe's worst case is bounded by their sums.
#[derive(Debug, Clone)]
pub struct Timeouts {
    /// One DNS lookup.
    pub resolve: Duration,
    /// One TCP connection attempt.
    pub connect: Duration,
    /// One TLS handshake.
    pub tls: Duration,
    /// The HTTP request and the whole answer, body included, after the handshake.
    pub http: Duration,
    /// One SMTP reply (the banner, the answer to EHLO, to STARTTLS, to QUIT).
    pub smtp_reply: Duration,
    /// Everything for one MX host; steps are cut short to stay within it.
    pub mx_total: Duration,
}

impl Default for Timeouts {
    fn default() -> Timeouts {
        Timeouts {
            resolve: Duration::from_secs(5),
            connect: Duration::from_secs(5),
            tls: Duration::from_secs(5),
            http: Duration::from_secs(10),
            smtp_reply: Duration::from_secs(10),
            mx_total: Duration::from_secs(30),
        }
    }
}

/// Where probes go: the resolver, which addresses may be contacted, the roots certificates
/// are verified against, and the ports (443 and 25, except in tests on loopback).
#[derive(Debug, Clone)]
pub struct Network {
    pub resolver: Arc<dyn Resolve>,
    pub addresses: Arc<dyn AddressPolicy>,
    pub tls: Tls,
    pub https_port: u16,
    pub smtp_port: u16,
}

impl Network {
    /// The relay's network: public addresses only, the public roots, ports 443 and 25.
    pub fn production(resolver: Arc<dyn Resolve>) -> Result<Network, String> {
        Network::public_roots(resolver, Arc::new(PublicOnly))
    }

    /// The public roots and ports 443 and 25, with the given address policy (the command line
    /// allows every address; the relay only public ones).
    pub fn public_roots(
        resolver: Arc<dyn Resolve>,
        addresses: Arc<dyn AddressPolicy>,
    ) -> Result<Network, String> {
        Ok(Network {
            resolver,
            addresses,
            tls: Tls::new(Tls::public_roots())?,
            https_port: 443,
            smtp_port: 25,
        })
    }

    /// A network with other roots, address policy and ports (tests, a private CA).
    pub fn custom(
        resolver: Arc<dyn Resolve>,
        addresses: Arc<dyn AddressPolicy>,
        roots: RootCertStore,
        https_port: u16,
        smtp_port: u16,
    ) -> Result<Network, String> {
        Ok(Network {
            resolver,
            addresses,
            tls: Tls::new(Arc::new(roots))?,
            https_port,
            smtp_port,
        })
    }
}
