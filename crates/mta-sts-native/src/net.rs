//! Resolving a name once, filtering its addresses, and connecting to one of the addresses that
//! passed: the only way the probes open connections.

use crate::config::{Network, Timeouts};
use mta_sts::relay::{ProbeError, Stage};
use std::future::Future;
use std::net::{IpAddr, SocketAddr};
use std::time::Duration;
use tokio::net::TcpStream;
use tokio::time::Instant;

/// At most this many addresses of one name are tried.
pub const MAX_ADDRESSES: usize = 4;

/// A point in time a sequence of steps must finish by.
#[derive(Debug, Clone, Copy)]
pub struct Deadline(Instant);

impl Deadline {
    pub fn after(budget: Duration) -> Deadline {
        Deadline(Instant::now() + budget)
    }

    /// `limit`, cut short to what is left.
    pub fn step(&self, limit: Duration) -> Duration {
        limit.min(self.0.saturating_duration_since(Instant::now()))
    }

    /// Runs `fut` for at most `limit` (cut short to what is left); `what` names the step in the
    /// error.
    pub async fn run<T>(
        &self,
        limit: Duration,
        stage: Stage,
        what: &str,
        fut: impl Future<Output = Result<T, String>>,
    ) -> Result<T, ProbeError> {
        let limit = self.step(limit);
        match tokio::time::timeout(limit, fut).await {
            Ok(Ok(v)) => Ok(v),
            Ok(Err(message)) => Err(ProbeError {
                stage,
                message,
                timed_out: false,
            }),
            Err(_) => Err(ProbeError {
                stage,
                message: format!("{what}: no answer within {} ms", limit.as_millis()),
                timed_out: true,
            }),
        }
    }
}

/// The addresses of `host` the relay may connect to, in the order to try them (IPv4 first:
/// many hosts the relay runs on have no IPv6 route). `Err` when there are none: the name has
/// no address ([`Stage::NoAddress`]), the lookup failed ([`Stage::Resolve`]), or every address
/// is refused ([`Stage::Refused`]).
pub async fn allowed_addresses(
    net: &Network,
    timeouts: &Timeouts,
    deadline: &Deadline,
    host: &str,
) -> Result<Vec<IpAddr>, ProbeError> {
    let mut all = deadline
        .run(
            timeouts.resolve,
            Stage::Resolve,
            "DNS lookup",
            net.resolver.addresses(host),
        )
        .await?;
    if all.is_empty() {
        // An answer with nothing in it, not a failed lookup: the report says "no address".
        return Err(ProbeError {
            stage: Stage::NoAddress,
            message: format!("{host} has no A or AAAA record"),
            timed_out: false,
        });
    }
    all.sort_by_key(|ip| ip.is_ipv6());
    let mut refused = Vec::new();
    let mut allowed = Vec::new();
    for ip in all {
        // An IPv4-mapped IPv6 address is the IPv4 address; connect to that, as checked.
        let ip = ip.to_canonical();
        match net.addresses.check(ip) {
            Ok(()) if allowed.contains(&ip) => {}
            Ok(()) => allowed.push(ip),
            Err(why) => refused.push(why),
        }
    }
    if allowed.is_empty() {
        return Err(ProbeError {
            stage: Stage::Refused,
            message: refused.join("; "),
            timed_out: false,
        });
    }
    allowed.truncate(MAX_ADDRESSES);
    Ok(allowed)
}

/// Connects to the first of `addresses` that answers on `port`; each attempt has its own
/// time limit.
pub async fn connect(
    addresses: &[IpAddr],
    port: u16,
    timeouts: &Timeouts,
    deadline: &Deadline,
) -> Result<(TcpStream, IpAddr), ProbeError> {
    let mut errors = Vec::new();
    let mut timed_out = false;
    for ip in addresses {
        let addr = SocketAddr::new(*ip, port);
        let attempt = deadline
            .run(timeouts.connect, Stage::Connect, &addr.to_string(), async {
                TcpStream::connect(addr)
                    .await
                    .map_err(|e| format!("{addr}: {e}"))
            })
            .await;
        match attempt {
            Ok(stream) => {
                let _ = stream.set_nodelay(true);
                return Ok((stream, *ip));
            }
            Err(e) => {
                timed_out |= e.timed_out;
                errors.push(e.message);
            }
        }
    }
    Err(ProbeError {
        stage: Stage::Connect,
        message: errors.join("; "),
        timed_out,
    })
}

/// The TLS handshake on `tcp` with SNI = `host`, certificate checked against `net`'s roots
/// (`enforce`: fail on a bad certificate; else record and go on). The certificate facts come
/// back whether or not the handshake succeeded: a probe reports a bad certificate, it does not
/// only stop at it.
pub async fn tls_handshake(
    net: &Network,
    host: &str,
    tcp: TcpStream,
    (enforce, alpn_http1): (bool, bool),
    timeouts: &Timeouts,
    deadline: &Deadline,
) -> (
    Option<mta_sts::relay::CertificateFacts>,
    Result<tokio_rustls::client::TlsStream<TcpStream>, ProbeError>,
) {
    let tls_error = |message: String| ProbeError {
        stage: Stage::Tls,
        message,
        timed_out: false,
    };
    let (config, recording) = match net.tls.client(enforce, alpn_http1) {
        Ok(client) => client,
        Err(e) => return (None, Err(tls_error(e))),
    };
    let name = match rustls::pki_types::ServerName::try_from(host.to_owned()) {
        Ok(name) => name,
        Err(e) => return (None, Err(tls_error(e.to_string()))),
    };
    let handshake = deadline
        .run(timeouts.tls, Stage::Tls, "TLS handshake", async {
            tokio_rustls::TlsConnector::from(config)
                .connect(name, tcp)
                .await
                .map_err(|e| e.to_string())
        })
        .await;
    let facts = recording
        .seen()
        .and_then(|seen| crate::certs::facts(&seen, host));
    (facts, handshake)
}
