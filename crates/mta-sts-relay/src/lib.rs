//! The probe relay of the MTA-STS checker: what a browser cannot see, seen from a server.
//!
//! One endpoint, `GET /v1/probe?domain=<domain>`, answers a
//! [`ProbeResponse`](mta_sts::relay::ProbeResponse): the policy fetched from
//! `https://mta-sts.<domain>/.well-known/mta-sts.txt` as RFC 8461 §3.3 asks (with the
//! certificate's facts), and, for each MX host of the domain, the banner, EHLO, STARTTLS and
//! the TLS handshake with its certificate. No mail is sent.
//!
//! It is no open proxy: only that URL and the domain's own MX hosts on port 25, each address
//! checked after resolution ([`address`]) and connected to as checked ([`net`]); limits on
//! every step ([`config::Timeouts`]), on probes at once and per client ([`rate`]).
//!
//! Seams: [`config`] (settings and the injectable network), [`server`] (HTTP), [`probe`] (one
//! probe), [`fetch`] (the policy), [`smtp`] (one MX host), [`certs`] (certificate facts),
//! [`address`] (which addresses may be contacted), [`resolve`] (DNS), [`rate`] (rate limit).

pub mod address;
pub mod certs;
pub mod config;
pub mod fetch;
pub mod net;
pub mod probe;
pub mod rate;
pub mod resolve;
pub mod server;
pub mod smtp;
