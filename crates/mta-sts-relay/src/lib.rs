//! The probe relay of the MTA-STS checker: what a browser cannot see, seen from a server.
//!
//! One endpoint, `GET /v1/probe?domain=<domain>`, answers a
//! [`ProbeResponse`](mta_sts::relay::ProbeResponse): the policy fetched from
//! `https://mta-sts.<domain>/.well-known/mta-sts.txt` as RFC 8461 §3.3 asks (with the
//! certificate's facts), and, for each MX host of the domain, the banner, EHLO, STARTTLS and
//! the TLS handshake with its certificate. No mail is sent.
//!
//! It is no open proxy: only that URL and the domain's own MX hosts on port 25, each address
//! checked after resolution (public addresses only) and connected to as checked; limits on
//! every step, on probes at once and per client ([`rate`]). The probing itself is
//! `mta_sts_native`'s, the same code the `mta-sts check` command line runs.
//!
//! Seams: [`config`] (settings), [`server`] (HTTP), [`rate`] (rate limit).

pub mod config;
pub mod rate;
pub mod server;
