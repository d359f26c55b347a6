//! The policy fetch as RFC 8461 §3.3 asks senders to do it: HTTPS to `mta-sts.<domain>` with
//! SNI, a certificate valid for that name against the public roots, `GET` of the one path, no
//! redirect followed, a time limit, and no more than 64 KiB + 1 byte of body read.

use crate::config::{Network, Timeouts};
use crate::https::{read_capped, Connection};
use crate::net::{self, Deadline, MAX_ADDRESSES};
use http_body_util::Empty;
use hyper::header::{
    HeaderMap, CONNECTION, CONTENT_LENGTH, CONTENT_TYPE, HOST, LOCATION, USER_AGENT,
};
use hyper::Request;
use mta_sts::lookup::{policy_host, policy_url, MAX_POLICY_BYTES};
use mta_sts::relay::{PolicyProbe, ProbeError, Stage};
use tokio::net::TcpStream;
use tokio::time::Instant;
use tokio_rustls::client::TlsStream;

/// The path of the policy (RFC 8461 §3.2).
pub const POLICY_PATH: &str = "/.well-known/mta-sts.txt";

/// Read at most this much of a body: enough to tell a body over the limit.
const READ_CAP: usize = MAX_POLICY_BYTES + 1;

pub const USER_AGENT_VALUE: &str = "mta-sts-checker/0.1 (MTA-STS policy fetch)";

/// Fetches the policy of `domain` (already validated) and says what happened.
pub async fn fetch_policy(net: &Network, timeouts: &Timeouts, domain: &str) -> PolicyProbe {
    let started = Instant::now();
    let mut out = PolicyProbe {
        url: policy_url(domain),
        ..PolicyProbe::default()
    };
    // Every step has its own limit; the deadline only bounds their sum.
    let budget =
        timeouts.resolve + timeouts.connect * MAX_ADDRESSES as u32 + timeouts.tls + timeouts.http;
    let deadline = Deadline::after(budget);
    if let Err(e) = fetch(net, timeouts, &deadline, domain, &mut out).await {
        out.error = Some(e);
    }
    out.elapsed_ms = Some(u32::try_from(started.elapsed().as_millis()).unwrap_or(u32::MAX));
    out
}

async fn fetch(
    net: &Network,
    timeouts: &Timeouts,
    deadline: &Deadline,
    domain: &str,
    out: &mut PolicyProbe,
) -> Result<(), ProbeError> {
    let host = policy_host(domain);
    let addresses = net::allowed_addresses(net, timeouts, deadline, &host).await?;
    out.addresses = addresses.iter().map(ToString::to_string).collect();
    let (tcp, ip) = net::connect(&addresses, net.https_port, timeouts, deadline).await?;
    out.address = Some(ip.to_string());
    // The command line may fetch from a non-public address; the report says what it is.
    out.address_kind = crate::address::non_public(ip).map(str::to_owned);

    let (certificate, handshake) =
        net::tls_handshake(net, &host, tcp, (true, true), timeouts, deadline).await;
    // The certificate facts, whether or not it verified.
    out.certificate = certificate;
    let tls = handshake?;
    deadline
        .run(
            timeouts.http,
            Stage::Http,
            "HTTP answer",
            get(tls, &host, out),
        )
        .await
}

async fn get(tls: TlsStream<TcpStream>, host: &str, out: &mut PolicyProbe) -> Result<(), String> {
    let mut conn = Connection::open(tls, READ_CAP).await?;
    let request = Request::get(POLICY_PATH)
        .header(HOST, host)
        .header(USER_AGENT, USER_AGENT_VALUE)
        .header(CONNECTION, "close")
        .body(Empty::new())
        .map_err(|e| e.to_string())?;
    let response = conn.send(request).await?;
    let status = response.status().as_u16();
    out.status = Some(status);
    out.content_type = header(response.headers(), CONTENT_TYPE);
    out.location = header(response.headers(), LOCATION);
    if (300..400).contains(&status) {
        // Never followed (RFC 8461 §3.3); the body of a redirect is of no interest.
        return Ok(());
    }
    let announced = header(response.headers(), CONTENT_LENGTH).and_then(|v| v.parse::<u64>().ok());
    let (read, cut) = read_capped(response.into_body(), READ_CAP).await?;
    // Stopped at the cap without seeing the end: the body goes on unless the length says not.
    let truncated = cut || (read.len() >= READ_CAP && announced != Some(read.len() as u64));
    out.truncated = truncated;
    out.size = if truncated {
        announced
    } else {
        Some(read.len() as u64)
    };
    out.body = Some(String::from_utf8_lossy(&read).into_owned());
    Ok(())
}

fn header(headers: &HeaderMap, name: hyper::header::HeaderName) -> Option<String> {
    headers
        .get(name)
        .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned())
}
