//! What the outside world answered, as plain data, and the small traits through which the
//! engine asks it: a DNS resolver, a policy fetcher and, optionally, a prober.

use crate::finding::Provenance;
use crate::mx::MxHost;
use crate::relay::ProbeObservation;
use serde::Serialize;
use std::borrow::Cow;

/// The DNS record types the checker asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum RecordType {
    A,
    Cname,
    Mx,
    Txt,
    Aaaa,
    /// DANE's TLSA (RFC 6698), asked at `_25._tcp.<mx host>` (RFC 7672 §2.2).
    Tlsa,
}

impl RecordType {
    /// The numeric type (RFC 1035, RFC 3596).
    pub fn code(self) -> u16 {
        match self {
            RecordType::A => 1,
            RecordType::Cname => 5,
            RecordType::Mx => 15,
            RecordType::Txt => 16,
            RecordType::Aaaa => 28,
            RecordType::Tlsa => 52,
        }
    }

    pub fn from_code(code: u16) -> Option<RecordType> {
        match code {
            1 => Some(RecordType::A),
            5 => Some(RecordType::Cname),
            15 => Some(RecordType::Mx),
            16 => Some(RecordType::Txt),
            28 => Some(RecordType::Aaaa),
            52 => Some(RecordType::Tlsa),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            RecordType::A => "A",
            RecordType::Cname => "CNAME",
            RecordType::Mx => "MX",
            RecordType::Txt => "TXT",
            RecordType::Aaaa => "AAAA",
            RecordType::Tlsa => "TLSA",
        }
    }
}

impl std::fmt::Display for RecordType {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The DNS response code, as far as the checker tells them apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum Rcode {
    NoError,
    ServFail,
    NxDomain,
    /// Any other code (FORMERR, REFUSED, …), with its number.
    Other(u16),
}

impl Rcode {
    pub fn from_code(code: u16) -> Rcode {
        match code {
            0 => Rcode::NoError,
            2 => Rcode::ServFail,
            3 => Rcode::NxDomain,
            n => Rcode::Other(n),
        }
    }

    pub fn as_str(self) -> String {
        match self {
            Rcode::NoError => "NOERROR".into(),
            Rcode::ServFail => "SERVFAIL".into(),
            Rcode::NxDomain => "NXDOMAIN".into(),
            Rcode::Other(1) => "FORMERR".into(),
            Rcode::Other(4) => "NOTIMP".into(),
            Rcode::Other(5) => "REFUSED".into(),
            Rcode::Other(n) => format!("RCODE {n}"),
        }
    }
}

/// One resource record of an answer, its data decoded once, where the answer is read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DnsRecord {
    pub name: String,
    pub rtype: u16,
    pub ttl: u32,
    pub data: RecordData,
}

/// The data of one resource record, as far as the checker reads it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum RecordData {
    /// TXT: the character-strings as published (one entry when not split), and `text`, the
    /// same joined with no separator, which is what senders read (RFC 8461 §3.1).
    Txt { text: String, strings: Vec<String> },
    /// MX: preference and exchange, the exchange as the resolver wrote it (trailing dot kept).
    Mx(MxHost),
    /// MX data that does not read as `<preference> <exchange>`, verbatim: the report shows it
    /// as evidence and leaves it out of the MX set.
    UnreadableMx(String),
    /// TLSA (RFC 6698): usage, selector, matching type and the association data.
    Tlsa(crate::tlsa::Tlsa),
    /// TLSA data that does not decode, verbatim: the report shows it as evidence.
    UnreadableTlsa(String),
    /// Any other type, verbatim: an address, a CNAME target, a type the checker does not read.
    Other(String),
}

impl RecordData {
    /// Record data of type `rtype` given as text: TXT as one character-string, MX read as
    /// `"<preference> <exchange>"` ([`RecordData::mx`]), TLSA in its presentation or generic
    /// form ([`RecordData::tlsa`]), any other type verbatim.
    pub fn from_text(rtype: u16, data: String) -> RecordData {
        match RecordType::from_code(rtype) {
            Some(RecordType::Txt) => RecordData::txt(vec![data]),
            Some(RecordType::Mx) => RecordData::mx(&data),
            Some(RecordType::Tlsa) => RecordData::tlsa(data),
            _ => RecordData::Other(data),
        }
    }

    /// TXT data from its character-strings.
    pub fn txt(strings: Vec<String>) -> RecordData {
        RecordData::Txt {
            text: strings.concat(),
            strings,
        }
    }

    /// MX data as resolvers write it, `"<preference> <exchange>"` (RFC 1035 §3.3.9), read once;
    /// anything else is kept verbatim as [`RecordData::UnreadableMx`].
    pub fn mx(data: &str) -> RecordData {
        let mut parts = data.split_whitespace();
        let preference = parts.next().and_then(|p| p.parse::<u16>().ok());
        match (preference, parts.next(), parts.next()) {
            (Some(preference), Some(exchange), None) => RecordData::Mx(MxHost {
                preference,
                exchange: exchange.to_owned(),
            }),
            _ => RecordData::UnreadableMx(data.to_owned()),
        }
    }

    /// TLSA data as resolvers write it (`3 1 1 <hex>`, or RFC 3597's `\# <length> <hex>`),
    /// read once; anything else is kept verbatim as [`RecordData::UnreadableTlsa`].
    pub fn tlsa(data: String) -> RecordData {
        match crate::tlsa::Tlsa::from_text(&data) {
            Some(t) => RecordData::Tlsa(t),
            None => RecordData::UnreadableTlsa(data),
        }
    }

    /// The data as text: TXT joined, MX as `"<preference> <exchange>"`, TLSA in presentation
    /// form with lower-case hex, anything else verbatim.
    pub fn text(&self) -> Cow<'_, str> {
        match self {
            RecordData::Txt { text, .. } => Cow::Borrowed(text),
            RecordData::Mx(h) => Cow::Owned(format!("{} {}", h.preference, h.exchange)),
            RecordData::Tlsa(t) => Cow::Owned(t.presentation()),
            RecordData::UnreadableMx(text)
            | RecordData::UnreadableTlsa(text)
            | RecordData::Other(text) => Cow::Borrowed(text),
        }
    }
}

/// A DNS answer as a resolver gave it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DnsAnswer {
    pub name: String,
    pub rtype: RecordType,
    pub rcode: Rcode,
    /// The resolver's DNSSEC word: the answer validated.
    pub authenticated: bool,
    /// All records of the answer section, CNAMEs first as the resolver lists them.
    pub records: Vec<DnsRecord>,
    /// Which resolver answered ("Google", "Cloudflare", or a test name).
    pub resolver: String,
    /// Whether the query was sent with checking disabled (`cd=1`).
    pub checking_disabled: bool,
}

impl DnsAnswer {
    /// The records of the asked type (CNAMEs left out).
    pub fn of_type(&self) -> impl Iterator<Item = &DnsRecord> {
        let code = self.rtype.code();
        self.records.iter().filter(move |r| r.rtype == code)
    }

    /// The MX hosts of an MX answer, in the resolver's order (unreadable MX data left out).
    pub fn mx_hosts(&self) -> impl Iterator<Item = &MxHost> {
        self.of_type().filter_map(|r| match &r.data {
            RecordData::Mx(h) => Some(h),
            _ => None,
        })
    }

    /// The CNAME chain the resolver followed, as (owner, target) pairs.
    pub fn cname_chain(&self) -> Vec<(String, String)> {
        self.records
            .iter()
            .filter(|r| r.rtype == RecordType::Cname.code())
            .map(|r| (r.name.clone(), r.data.text().into_owned()))
            .collect()
    }
}

/// A lookup that produced no DNS answer: every resolver tried failed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LookupError {
    /// What went wrong, one entry per resolver tried: "Google: HTTP 503", "Cloudflare: timed out
    /// after 5000 ms".
    pub attempts: Vec<String>,
}

impl LookupError {
    pub fn new(resolver: &str, message: impl AsRef<str>) -> LookupError {
        LookupError {
            attempts: vec![format!("{resolver}: {}", message.as_ref())],
        }
    }
}

impl std::fmt::Display for LookupError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.attempts.join("; "))
    }
}

pub type Lookup = Result<DnsAnswer, LookupError>;

/// Whether a lookup told nothing about the name: no answer at all, or a resolver that would
/// not answer (REFUSED, FORMERR, NOTIMP, …): this machine's DNS failed, not the domain's.
/// NXDOMAIN, an empty answer and SERVFAIL (which broken DNSSEC causes, and senders that
/// validate meet too) are answers.
pub fn failed(lookup: &Lookup) -> bool {
    match lookup {
        Ok(answer) => matches!(answer.rcode, Rcode::Other(_)),
        Err(_) => true,
    }
}

/// Whether a lookup gave nothing to go on: [`failed`], or SERVFAIL. For a cautious reader (the
/// monitor, "could the check run at all"): a SERVFAIL may be this machine's resolver too.
pub fn unanswered(lookup: &Lookup) -> bool {
    failed(lookup) || matches!(lookup, Ok(answer) if answer.rcode == Rcode::ServFail)
}

/// What fetching `https://mta-sts.<domain>/.well-known/mta-sts.txt` gave.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "outcome", rename_all = "kebab-case")]
pub enum FetchOutcome {
    /// The answer could be read.
    Read {
        status: u16,
        content_type: Option<String>,
        /// At most `MAX_POLICY_BYTES + 1` bytes: enough to tell that a body is too large.
        body: Vec<u8>,
        /// The body went on past what was read; `size` says how much there was, when known.
        truncated: bool,
        size: Option<u64>,
    },
    /// The server answered with a redirect. A browser only knows that it was one
    /// (`opaqueredirect`), so status and target may be missing.
    Redirect {
        status: Option<u16>,
        location: Option<String>,
    },
    /// The host answered over HTTPS with a certificate this client accepts, but the content may
    /// not be read (a browser without a CORS header from the host).
    Unreadable,
    /// The HTTPS connection failed: name, certificate, refused, reset.
    ConnectFailed { message: String },
    /// No answer within the time limit.
    Timeout { after_ms: u32 },
}

/// The suggested cap on a policy body (RFC 8461 §3.3: 64 kilobytes).
pub const MAX_POLICY_BYTES: usize = 64 * 1024;

/// A policy fetch together with how it was obtained and how long it took.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PolicyObservation {
    pub url: String,
    pub outcome: FetchOutcome,
    pub provenance: crate::finding::Provenance,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub elapsed_ms: Option<u32>,
}

/// Asks DNS. Implementations do their own fallback between resolvers and time limits; an
/// `Err` means every resolver tried failed.
#[allow(async_fn_in_trait)]
pub trait Resolver {
    async fn query(&self, name: &str, rtype: RecordType, checking_disabled: bool) -> Lookup;
}

/// Fetches the policy URL: no redirects followed, no cache, no credentials, with a time limit.
#[allow(async_fn_in_trait)]
pub trait PolicyFetcher {
    async fn fetch(&self, url: &str) -> PolicyObservation;
}

/// Probes what a browser cannot see (the policy host's certificate, the MX hosts on port 25):
/// a probe relay, or a native prober. Its answer is judged by [`crate::relay::findings`].
#[allow(async_fn_in_trait)]
pub trait Prober {
    /// Where the answer comes from: [`Provenance::Relayed`] for a relay, [`Provenance::Probed`]
    /// for a probe of this program's own. It names the pending entry while the probe runs.
    fn source(&self) -> Provenance;
    /// Probes `domain`; a probe that could not be made says why in its `result`.
    async fn probe(&self, domain: &str) -> ProbeObservation;
}

/// The prober of a check without one: `pipeline::run(…, NO_PROBER, …)`. It has no value, so
/// it is never asked.
#[derive(Debug, Clone, Copy)]
pub enum NoProber {}

/// No prober, typed for `pipeline::run`.
pub const NO_PROBER: Option<&NoProber> = None;

impl Prober for NoProber {
    fn source(&self) -> Provenance {
        match *self {}
    }

    async fn probe(&self, _domain: &str) -> ProbeObservation {
        match *self {}
    }
}

/// The second resolver of a check without one: `pipeline::NO_EXTRA`. It has no value, so it
/// is never asked.
#[derive(Debug, Clone, Copy)]
pub enum NoResolver {}

impl Resolver for NoResolver {
    async fn query(&self, _name: &str, _rtype: RecordType, _checking_disabled: bool) -> Lookup {
        match *self {}
    }
}

/// The policy host of a policy domain: `mta-sts.<domain>` (RFC 8461 §3.2).
pub fn policy_host(domain: &str) -> String {
    format!("mta-sts.{domain}")
}

/// Where the TLSA records of an MX host are (RFC 7672 §2.2: port 25, TCP).
pub fn tlsa_name(mx_host: &str) -> String {
    format!("_25._tcp.{}", mx_host.trim_end_matches('.'))
}

/// The only URL a policy is served from (RFC 8461 §3.2).
pub fn policy_url(domain: &str) -> String {
    format!("https://mta-sts.{domain}/.well-known/mta-sts.txt")
}
