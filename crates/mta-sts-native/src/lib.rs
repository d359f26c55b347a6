//! The native transports of the MTA-STS checker, shared by the `mta-sts` command line and the
//! probe relay: DNS, the policy fetch as RFC 8461 §3.3 asks senders to make it, and SMTP
//! probing of the MX hosts (banner, EHLO, STARTTLS, the handshake; no mail is ever sent).
//!
//! Every connection goes through [`net`]: a name is resolved once, each address is checked by
//! the [`address`] policy (the relay: public addresses only; the command line: any, shown as
//! what it is), and the connection goes to the address that was checked. Every step has a time
//! limit ([`config::Timeouts`]).
//!
//! Seams: [`check`] (the engine's fetcher and prober for `pipeline::run`), [`config`] (the
//! network and time limits), [`probe`] (one domain: policy and MX hosts),
//! [`fetch`] (the policy), [`smtp`] (one MX host), [`certs`] (certificate facts), [`address`]
//! (which addresses may be contacted), [`resolve`] (the probes' DNS questions), [`dns`] (DNS for the
//! command line and the relay: a classic client and DNS-over-HTTPS, also serving the probes), [`https`] (one
//! HTTP/1.1 exchange, shared by the policy fetch and DoH).

pub mod address;
pub mod certs;
pub mod check;
pub mod config;
pub mod dns;
pub mod fetch;
pub mod https;
pub mod net;
pub mod probe;
pub mod resolve;
pub mod smtp;
