//! The probe relay's JSON protocol, shared by the relay (`mta-sts-relay`, which writes it with
//! serde) and the web app (which reads it with [`ProbeResponse::from_json`]), each type
//! declared once (the engine's `wire!`), and the findings of the three checks a browser cannot
//! run: `policy-certificate`, `mx-starttls` and `mx-certificate` ([`findings`]).
//!
//! A relay answers `GET /v1/probe?domain=<domain>` with a [`ProbeResponse`]: what it saw
//! fetching `https://mta-sts.<domain>/.well-known/mta-sts.txt` itself (RFC 8461 §3.3), and what
//! each MX host said on port 25 up to the TLS handshake after STARTTLS. The facts are plain
//! data; judging them is [`findings`]'s job, so that a relay of another version, or a hand-written
//! fixture, is judged by the same rules.

mod certificate;
mod checks;
mod shared;
mod starttls;

pub use crate::wire::ReadError;
pub use certificate::{mx_certificate, policy_certificate};
pub use checks::findings;
pub use starttls::mx_starttls;

use crate::finding::Provenance;
use crate::json::Value;
use crate::lookup::{policy_url, FetchOutcome, PolicyObservation};
use crate::wire::{read_text, wire, FromJson};
use serde::Serialize;

/// The relay's only probe endpoint.
pub const PROBE_PATH: &str = "/v1/probe";

/// Certificates that expire within this many days get a warning (checks.md).
pub const EXPIRY_WARN_DAYS: i64 = 14;

/// The most MX hosts a relay probes for one domain; the rest are listed as not probed.
pub const MAX_MX_HOSTS: usize = 10;

/// The URL that asks the relay at `base` (`https://relay.example.org`, with or without a path
/// and a trailing slash) to probe `domain`. The domain is percent-encoded, so that whatever it
/// holds stays inside the query parameter (the relay refuses anything but a host name).
pub fn relay_url(base: &str, domain: &str) -> String {
    let base = base.trim().trim_end_matches('/');
    format!(
        "{base}{PROBE_PATH}?domain={}",
        crate::url::query_value(domain)
    )
}

/// The host of a relay's base URL, for provenance ("via relay relay.example.org"):
/// `https://relay.example.org:8443/x` gives `relay.example.org:8443`.
pub fn relay_host(base: &str) -> String {
    let rest = base.trim();
    let rest = rest.split_once("://").map_or(rest, |(_, r)| r);
    // Without user information: it is no part of where the answer came from.
    crate::url::host_port(crate::url::authority(rest)).to_ascii_lowercase()
}

/// What a [`Prober`](crate::lookup::Prober) answered for one domain (a relay, or the command
/// line's own probe), as the pipeline stores it in
/// [`Observations::relay`](crate::pipeline::Observations). While it is unset and the probe is
/// pending, the probe's checks are pending too.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProbeObservation {
    /// Who probed: [`Provenance::Relayed`] ("via relay <host>") or [`Provenance::Probed`].
    pub source: Provenance,
    /// The probe, or why there is none (the relay could not be reached, refused the request,
    /// answered something unreadable), in words.
    pub result: Result<ProbeResponse, String>,
}

impl ProbeObservation {
    /// Where the probe's evidence comes from.
    pub fn provenance(&self) -> Provenance {
        self.source.clone()
    }

    /// The relay's own policy fetch as a [`PolicyObservation`], to stand in for a fetch the
    /// browser could not read. `None` without a probe, or when the probe is of another domain.
    pub fn policy_observation(&self, domain: &str) -> Option<PolicyObservation> {
        let probe = self.result.as_ref().ok()?;
        if !probe.domain.eq_ignore_ascii_case(domain) {
            return None;
        }
        probe.policy.observation(domain, self.provenance())
    }
}

impl PolicyProbe {
    /// This fetch as the pipeline's [`PolicyObservation`] of `domain`'s policy; `None` when it
    /// ended before any answer and without an error (nothing to judge).
    pub fn observation(&self, domain: &str, provenance: Provenance) -> Option<PolicyObservation> {
        let p = self;
        // A redirect is a redirect whatever happened after it; an error after the status line
        // (a body cut off by the time limit) leaves no body to judge.
        let outcome = match (&p.error, p.status) {
            (_, Some(status)) if (300..400).contains(&status) => FetchOutcome::Redirect {
                status: Some(status),
                location: p.location.clone(),
            },
            (Some(e), _) if e.timed_out => FetchOutcome::Timeout {
                after_ms: p.elapsed_ms.unwrap_or(0),
            },
            (Some(e), _) => FetchOutcome::ConnectFailed {
                message: e.message.clone(),
            },
            (None, Some(status)) => FetchOutcome::Read {
                status,
                content_type: p.content_type.clone(),
                body: p.body.clone().unwrap_or_default().into_bytes(),
                truncated: p.truncated,
                size: p.size,
            },
            (None, None) => return None,
        };
        Some(PolicyObservation {
            url: if p.url.is_empty() {
                policy_url(domain)
            } else {
                p.url.clone()
            },
            outcome,
            provenance,
            elapsed_ms: p.elapsed_ms,
        })
    }
}

wire! {
    /// The relay's answer to `GET /v1/probe?domain=<domain>`.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct ProbeResponse: FromJson {
        /// The domain probed: lower case, A-labels, no trailing dot.
        pub domain: String,
        /// When the relay probed, RFC 3339 and unix seconds. Expiry is judged against this clock.
        pub checked_at: String,
        pub checked_at_unix: i64,
        pub policy: PolicyProbe,
        pub mx: MxProbes,
    }
}

impl ProbeResponse {
    /// Reads the relay's answer to a probe, as leniently as serde's derived reader would:
    /// names it does not know are ignored, an `Option` may be `null` or left out, and the
    /// fields marked `= default` take their default when an older relay left them out; a
    /// stage this version does not know is [`Stage::Unknown`]. Anything else missing or of the
    /// wrong type makes the whole answer an error naming the field, "mx.hosts[0].preference:
    /// expected a whole number from 0 to 65535": half an answer would let a check report on
    /// what the relay never saw.
    pub fn from_json(text: &str) -> Result<ProbeResponse, ReadError> {
        read_text(text)
    }
}

/// Where a probe step stopped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// The DNS lookup failed: no answer in time, SERVFAIL, a server that could not be reached.
    /// (Relays before [`Stage::NoAddress`] said this of a name without an address too.)
    Resolve,
    /// The lookup answered, and there is nothing there: the name does not exist or has no A or
    /// AAAA record; for the MX lookup, the domain does not exist (NXDOMAIN).
    NoAddress,
    /// An MX record's exchange is not a host name, so nothing was looked up or contacted.
    BadName,
    /// Every address is private, loopback or otherwise not public: the relay does not
    /// connect to those.
    Refused,
    /// The TCP connection failed.
    Connect,
    /// The TLS handshake failed (for the policy fetch: including a certificate rejected).
    Tls,
    /// The HTTP exchange failed after the handshake.
    Http,
    /// The SMTP exchange failed before the TLS handshake (banner, EHLO, STARTTLS).
    Smtp,
    /// A stage this version does not know (a newer relay's): kept as unknown, so that one new
    /// name does not make the whole probe unreadable. (Its name is not kept: nothing judges it,
    /// and a payload here costs the browser's download more than its findings would gain.)
    Unknown,
}

impl Stage {
    /// Every stage this version knows, with its name on the wire.
    pub const NAMES: [(Stage, &'static str); 8] = [
        (Stage::Resolve, "resolve"),
        (Stage::NoAddress, "no-address"),
        (Stage::BadName, "bad-name"),
        (Stage::Refused, "refused"),
        (Stage::Connect, "connect"),
        (Stage::Tls, "tls"),
        (Stage::Http, "http"),
        (Stage::Smtp, "smtp"),
    ];

    /// The stage's name on the wire.
    pub fn as_str(self) -> &'static str {
        Stage::NAMES
            .iter()
            .find(|(stage, _)| *stage == self)
            .map_or("unknown", |(_, name)| name)
    }
}

impl Serialize for Stage {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

/// Any text: a name this version does not know is [`Stage::Unknown`].
impl FromJson for Stage {
    fn from_value(value: &Value) -> Result<Stage, ReadError> {
        match value {
            Value::String(text) => Ok(Stage::NAMES
                .iter()
                .find(|(_, name)| name == text)
                .map_or(Stage::Unknown, |(stage, _)| *stage)),
            _ => Err(ReadError::new("expected a probe stage")),
        }
    }
}

wire! {
    /// Why a probe step failed.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct ProbeError: FromJson {
        pub stage: Stage,
        /// What went wrong, in words (the underlying error's text).
        pub message: String,
        /// The step ran out of time.
        pub timed_out: bool = default,
    }
}

wire! {
    /// The relay's fetch of the policy URL (RFC 8461 §3.3: SNI, a certificate valid for the
    /// policy host against public roots, no redirects followed, a time limit, at most 64 KiB +
    /// 1 byte).
    #[derive(Debug, Clone, Default, PartialEq, Eq)]
    pub struct PolicyProbe: FromJson {
        pub url: String,
        /// The addresses of the policy host the relay tried, in order.
        pub addresses: Vec<String> = default,
        /// The address that answered (left out by older relays).
        pub address: Option<String> = skip_if_none,
        /// What kind of address that is when it is not a public one ("a loopback address"):
        /// the command line fetches from those (the relay never does), and the report says so.
        pub address_kind: Option<String> = skip_if_none,
        /// The HTTP status, when an answer came.
        pub status: Option<u16>,
        /// The `Location` header of a redirect (never followed).
        pub location: Option<String>,
        pub content_type: Option<String>,
        /// The body as text (invalid UTF-8 replaced), at most 64 KiB + 1 byte of it.
        pub body: Option<String>,
        /// The body went on past what was read.
        pub truncated: bool = default,
        /// The body's size in bytes: what was read, or the announced `Content-Length` when
        /// larger.
        pub size: Option<u64>,
        pub elapsed_ms: Option<u32>,
        /// The certificate the host presented, even when it did not verify.
        pub certificate: Option<CertificateFacts>,
        pub error: Option<ProbeError>,
    }
}

wire! {
    /// The facts of one certificate as presented (the end-entity certificate of the chain).
    #[derive(Debug, Clone, Default, PartialEq, Eq)]
    pub struct CertificateFacts: FromJson {
        /// The name it was checked against (the SNI sent): `mta-sts.<domain>` or the MX host.
        pub name: String,
        pub subject: String,
        /// The subject alternative names of type dNSName: the only names that count (RFC 6125,
        /// RFC 8461 §3.3, §4.2).
        pub dns_names: Vec<String>,
        pub issuer: String,
        pub not_before: String,
        pub not_before_unix: i64,
        pub not_after: String,
        pub not_after_unix: i64,
        /// The chain verified against the public roots, for `name`, at `checked_at`.
        pub verified: bool,
        /// Why it did not verify, as the verifier said it.
        pub verify_error: Option<String>,
        /// A dNSName covers `name` (a wildcard covering exactly the left-most label).
        pub valid_for_name: bool,
        /// How many certificates the host sent.
        pub chain_length: usize = default,
        /// The SHA-256 of each certificate the host sent (DER, lower-case hex), in the order
        /// sent, its own first: what a TLSA record with selector 0 and matching type 1 holds
        /// (RFC 6698 §2.1). Empty from relays before it.
        pub cert_sha256: Vec<String> = default,
        /// The SHA-256 of the SubjectPublicKeyInfo of each, in the same order (selector 1,
        /// matching type 1); empty text for a certificate that could not be read that far.
        /// Plain lists rather than a list of objects: one reader fewer in the page's download.
        pub spki_sha256: Vec<String> = default,
    }
}

impl PolicyProbe {
    /// "mta-sts.example.com (192.0.2.1)", "mta-sts.example.com (127.0.0.1, a loopback
    /// address)", or `host` alone when no address answered.
    pub fn where_(&self, host: &str) -> String {
        match (&self.address, &self.address_kind) {
            (Some(a), Some(kind)) => format!("{host} ({a}, {kind})"),
            (Some(a), None) => format!("{host} ({a})"),
            (None, _) => host.to_owned(),
        }
    }
}

impl CertificateFacts {
    /// Whole days from `at` (unix seconds) to the end of validity; negative once expired.
    pub fn days_left(&self, at: i64) -> i64 {
        self.not_after_unix.saturating_sub(at).div_euclid(86_400)
    }

    pub fn expired(&self, at: i64) -> bool {
        self.not_after_unix < at
    }

    pub fn not_yet_valid(&self, at: i64) -> bool {
        self.not_before_unix > at
    }
}

wire! {
    /// The MX hosts as the relay resolved them, and what each said.
    #[derive(Debug, Clone, Default, PartialEq, Eq)]
    pub struct MxProbes: FromJson {
        /// The domain publishes a null MX (RFC 7505): it takes no mail, nothing was probed.
        pub null_mx: bool = default,
        /// The domain has no MX records: the domain itself was probed as its implicit MX
        /// (RFC 5321 §5.1).
        pub implicit: bool = default,
        /// One entry per MX host probed, by preference.
        pub hosts: Vec<MxProbe>,
        /// MX hosts beyond the relay's limit of [`MAX_MX_HOSTS`], not probed.
        pub not_probed: Vec<String> = default,
        /// The MX lookup failed.
        pub error: Option<ProbeError>,
    }
}

wire! {
    /// One MX host on port 25: banner, EHLO, STARTTLS, the TLS handshake, then QUIT. No mail.
    #[derive(Debug, Clone, Default, PartialEq, Eq)]
    pub struct MxProbe: FromJson {
        /// The exchange name, lower case, without the root dot.
        pub host: String,
        pub preference: u16,
        /// The addresses the relay tried, in order.
        pub addresses: Vec<String> = default,
        /// The address that answered.
        pub address: Option<String>,
        /// What kind of address that is when it is not a public one ("a private address"):
        /// the command line probes those (the relay never does), and the report says so.
        pub address_kind: Option<String> = skip_if_none,
        /// The 220 greeting, its lines joined with LF.
        pub banner: Option<String>,
        /// The reply to EHLO, its lines joined with LF.
        pub ehlo: Option<String>,
        /// Whether EHLO listed STARTTLS; `None` when EHLO was not answered.
        pub starttls_offered: Option<bool>,
        /// "TLSv1.3", "TLSv1.2" after a completed handshake.
        pub tls_version: Option<String>,
        pub cipher: Option<String>,
        /// The certificate presented after STARTTLS, checked for the MX host name.
        pub certificate: Option<CertificateFacts>,
        pub error: Option<ProbeError>,
    }
}

wire! {
    /// The relay's answer when it does not probe (400, 404, 429, 503): `{"error": "…"}`.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct ErrorResponse: FromJson {
        pub error: String,
    }
}

impl ErrorResponse {
    /// Reads the relay's `{"error": "…"}`.
    pub fn from_json(text: &str) -> Result<ErrorResponse, ReadError> {
        read_text(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relay_url_encodes_the_domain_into_the_query() {
        for (base, domain, want) in [
            (
                "https://relay.example.org",
                "example.com",
                "https://relay.example.org/v1/probe?domain=example.com",
            ),
            (
                "https://relay.example.org/",
                "example.com",
                "https://relay.example.org/v1/probe?domain=example.com",
            ),
            (
                "https://x.example/relay/ ",
                "a&b=c/d",
                "https://x.example/relay/v1/probe?domain=a%26b%3Dc%2Fd",
            ),
        ] {
            assert_eq!(relay_url(base, domain), want, "{base} {domain}");
        }
    }

    #[test]
    fn relay_host_is_the_authority_without_user_information() {
        for (base, want) in [
            ("https://relay.example.org", "relay.example.org"),
            (
                "https://Relay.Example.org:8443/x?y#z",
                "relay.example.org:8443",
            ),
            ("https://user:pw@relay.example.org/", "relay.example.org"),
            ("relay.example.org/path", "relay.example.org"),
            ("", ""),
        ] {
            assert_eq!(relay_host(base), want, "{base}");
        }
    }

    #[test]
    fn days_left_rounds_down_and_goes_negative() {
        let c = CertificateFacts {
            not_after_unix: 10 * 86_400,
            ..CertificateFacts::default()
        };
        assert_eq!(c.days_left(0), 10);
        assert_eq!(c.days_left(1), 9);
        assert_eq!(c.days_left(11 * 86_400), -1);
        assert!(c.expired(10 * 86_400 + 1));
        assert!(!c.expired(10 * 86_400));
        let far = CertificateFacts {
            not_after_unix: i64::MAX,
            ..CertificateFacts::default()
        };
        assert!(far.days_left(i64::MIN) > 0);
    }
}
