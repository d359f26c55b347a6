//! The check pipeline: runs every lookup through the traits, concurrently.
//!
//! [`run`] issues every independent request at once and fills [`Observations`] as answers
//! arrive, so the verdict costs one round trip rather than one per lookup. The only dependent
//! step is DNSSEC triage: a SERVFAIL answer is asked again with checking disabled (`cd=1`).
//! A prober (a probe relay), when given, is asked in the same first poll as the rest, and so
//! is a second resolver to compare with ([`Extra::compare`]). The TLSA records of the MX hosts
//! (DANE) are asked as soon as the MX answer names the hosts, or in the first poll for hosts
//! known beforehand ([`Extra::known_mx`]).
//!
//! The requests are polled together by hand rather than through `FuturesUnordered`: that
//! returns as soon as one request is ready, so a transport that answers without waiting (a
//! cache, a test fake) would be processed before the rest were even sent. Here every pending
//! request is polled on every wake-up, so all of them are issued in the first poll whatever the
//! transport does. No `Send` bound: in the browser this runs on wasm's single thread.

use crate::finding::Provenance;
use crate::lookup::{
    self, DnsAnswer, Lookup, PolicyFetcher, PolicyObservation, Prober, Rcode, RecordType, Resolver,
};
use crate::relay::ProbeObservation;
use futures_util::future::LocalBoxFuture;
use serde::{Serialize, Serializer};
use std::fmt;
use std::future::{poll_fn, Future};
use std::task::{Context, Poll};

/// One request of a check: what is pending, and what a timing is of. It becomes text only
/// where it is shown ([`fmt::Display`]: "TXT _mta-sts.example.com", "TXT x (cd=1)",
/// "GET https://…", "RELAY relay.example.org"); serialised, it is that text.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Request {
    /// A DNS query; `checking_disabled` for a repeat with `cd=1` after a SERVFAIL.
    Dns {
        name: String,
        rtype: RecordType,
        checking_disabled: bool,
    },
    /// The policy fetch.
    PolicyFetch { url: String },
    /// The prober's probe of the domain, named by where it comes from.
    Probe { source: Provenance },
    /// The same DNS question asked of the second resolver, to compare ([`Extra::compare`]).
    Compare { name: String, rtype: RecordType },
}

impl Request {
    pub fn dns(name: impl Into<String>, rtype: RecordType, checking_disabled: bool) -> Request {
        Request::Dns {
            name: name.into(),
            rtype,
            checking_disabled,
        }
    }

    pub fn policy_fetch(url: impl Into<String>) -> Request {
        Request::PolicyFetch { url: url.into() }
    }

    pub fn probe(source: Provenance) -> Request {
        Request::Probe { source }
    }

    /// The probe of the relay at `host`.
    pub fn relay_probe(host: impl Into<String>) -> Request {
        Request::probe(Provenance::Relayed { host: host.into() })
    }
}

impl fmt::Display for Request {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Request::Dns {
                name,
                rtype,
                checking_disabled,
            } => {
                let cd = if *checking_disabled { " (cd=1)" } else { "" };
                write!(f, "{rtype} {name}{cd}")
            }
            Request::PolicyFetch { url } => write!(f, "GET {url}"),
            Request::Compare { name, rtype } => write!(f, "{rtype} {name} (second resolver)"),
            Request::Probe {
                source: Provenance::Relayed { host },
            } => write!(f, "RELAY {host}"),
            Request::Probe { .. } => f.write_str("PROBE policy host and MX hosts"),
        }
    }
}

impl Serialize for Request {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

crate::wire::wire! {
    /// How long one lookup took, for the waterfall.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct Timing: ToJson {
        /// What was asked; shown (and serialised, as `what`) as its text.
        pub request as "what": Request,
        /// Milliseconds from the start of the check to the start and the end of this lookup.
        pub start_ms: u32,
        pub end_ms: u32,
    }
}

/// Everything the lookups answered so far. `None` means still pending (or not asked).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Observations {
    /// The policy domain, lower case, A-labels, no trailing dot.
    pub domain: String,
    /// TXT at `_mta-sts.<domain>`.
    pub sts_txt: Option<Lookup>,
    /// TXT at `<domain>` (a `v=STSv1` record published at the apex by mistake, TXT-18).
    pub apex_txt: Option<Lookup>,
    /// MX at `<domain>`.
    pub mx: Option<Lookup>,
    /// TXT at `_smtp._tls.<domain>`.
    pub tlsrpt_txt: Option<Lookup>,
    /// A and AAAA at `mta-sts.<domain>`.
    pub host_a: Option<Lookup>,
    pub host_aaaa: Option<Lookup>,
    /// The policy fetch.
    pub policy: Option<PolicyObservation>,
    /// What the prober (a probe relay) answered, when one was given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub relay: Option<ProbeObservation>,
    /// The second resolver's answers to the same questions ([`Extra::compare`]), for
    /// `dns-consistency`; `None` when no second resolver was asked.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub compared: Option<Compared>,
    /// TLSA at `_25._tcp.<host>` for the MX hosts (at most [`MAX_TLSA_HOSTS`]), in the order
    /// answered. A host whose lookup is still running has no entry but a pending request.
    pub tlsa: Vec<TlsaLookup>,
    /// Queries repeated with checking disabled (`cd=1`) after a SERVFAIL, to tell broken
    /// DNSSEC from a broken server: (name, record type, answer).
    pub dnssec_retries: Vec<(String, RecordType, Lookup)>,
    /// Requests still to be answered.
    pub pending: Vec<Request>,
    pub timings: Vec<Timing>,
}

/// The second resolver's answers: the three questions whose answers senders act on and that
/// change with a deployment (the record's id, the MX set, the reporting address).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Compared {
    pub sts_txt: Option<Lookup>,
    pub mx: Option<Lookup>,
    pub tlsrpt_txt: Option<Lookup>,
}

/// The TLSA lookup of one MX host.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TlsaLookup {
    /// The MX host, lower case, without the trailing dot.
    pub host: String,
    pub lookup: Lookup,
}

/// At most this many MX hosts get a TLSA lookup (the relay probes as many).
pub const MAX_TLSA_HOSTS: usize = 10;

/// What a check asks beyond the default set.
#[derive(Debug, Clone, Copy)]
pub struct Extra<'a, C> {
    /// A second resolver, asked the TXT `_mta-sts`, MX and TXT `_smtp._tls` questions at the
    /// same time as the first, without a fallback of its own: its answers land in
    /// [`Observations::compared`]. The report's other checks use the first resolver's.
    pub compare: Option<&'a C>,
    /// MX hosts known before the check (what an earlier check saw): their TLSA lookups start
    /// in the first poll instead of after the MX answer. Hosts the MX answer adds are asked
    /// then; hosts it no longer names are asked for nothing.
    pub known_mx: &'a [String],
}

/// No second resolver and no MX hosts known beforehand.
pub const NO_EXTRA: Extra<'static, lookup::NoResolver> = Extra {
    compare: None,
    known_mx: &[],
};

/// Runs every lookup for `domain` (lower case, A-labels, no trailing dot: the caller
/// normalises it) and returns what they answered, with `pending` empty.
///
/// `clock` gives milliseconds from any fixed point (`performance.now()`, an `Instant`); timings
/// are taken relative to its value when `run` starts. `on_update` is called once at the start
/// with everything pending, then after each answer is stored, so a page can show its cards at
/// once and fill each as its data arrives.
///
/// Requested at once: TXT `_mta-sts.<domain>`, TXT `<domain>`, MX `<domain>`, TXT
/// `_smtp._tls.<domain>`, A and AAAA `mta-sts.<domain>`, and the policy fetch, which does not
/// wait for the TXT record, and the probe when a `prober` is given
/// ([`NO_PROBER`](crate::lookup::NO_PROBER) for none); its answer lands in `relay`, with no
/// timing. A DNS answer with SERVFAIL is asked once more with `cd=1`; that retry runs alongside
/// whatever is still in flight and lands in `dnssec_retries`. A lookup error (`Err`) is stored
/// as is: the resolver fallback is the resolver's job ([`crate::doh::Fallback`]).
pub async fn run<R: Resolver, F: PolicyFetcher, P: Prober>(
    domain: &str,
    resolver: &R,
    fetcher: &F,
    prober: Option<&P>,
    clock: &dyn Fn() -> u32,
    on_update: impl FnMut(&Observations),
) -> Observations {
    run_with(
        domain, resolver, NO_EXTRA, fetcher, prober, clock, on_update,
    )
    .await
}

/// [`run`] with a second resolver to compare with and MX hosts known beforehand
/// ([`Extra`]).
pub async fn run_with<R: Resolver, C: Resolver, F: PolicyFetcher, P: Prober>(
    domain: &str,
    resolver: &R,
    extra: Extra<'_, C>,
    fetcher: &F,
    prober: Option<&P>,
    clock: &dyn Fn() -> u32,
    mut on_update: impl FnMut(&Observations),
) -> Observations {
    let t0 = clock();
    let elapsed = move || clock().saturating_sub(t0);
    let mut obs = Observations {
        domain: domain.to_string(),
        ..Observations::default()
    };

    let mut tasks: Vec<LocalBoxFuture<'_, Done>> = Vec::new();
    for (slot, name, rtype) in [
        (Slot::StsTxt, format!("_mta-sts.{domain}"), RecordType::Txt),
        (Slot::ApexTxt, domain.to_string(), RecordType::Txt),
        (Slot::Mx, domain.to_string(), RecordType::Mx),
        (
            Slot::TlsrptTxt,
            format!("_smtp._tls.{domain}"),
            RecordType::Txt,
        ),
        (Slot::HostA, lookup::policy_host(domain), RecordType::A),
        (
            Slot::HostAaaa,
            lookup::policy_host(domain),
            RecordType::Aaaa,
        ),
    ] {
        let query = Query::new(slot, name, rtype);
        obs.pending.push(query.request());
        tasks.push(Box::pin(ask(resolver, query, elapsed)));
    }
    if let Some(compare) = extra.compare {
        obs.compared = Some(Compared::default());
        for (slot, name, rtype) in [
            (
                Slot::CompareStsTxt,
                format!("_mta-sts.{domain}"),
                RecordType::Txt,
            ),
            (Slot::CompareMx, domain.to_string(), RecordType::Mx),
            (
                Slot::CompareTlsrptTxt,
                format!("_smtp._tls.{domain}"),
                RecordType::Txt,
            ),
        ] {
            let query = Query::new(slot, name, rtype);
            obs.pending.push(query.request());
            tasks.push(Box::pin(ask(compare, query, elapsed)));
        }
    }
    let mut tlsa_asked: Vec<String> = Vec::new();
    for query in tlsa_queries(extra.known_mx.iter().map(String::as_str), &mut tlsa_asked) {
        obs.pending.push(query.request());
        tasks.push(Box::pin(ask(resolver, query, elapsed)));
    }
    let url = lookup::policy_url(domain);
    obs.pending.push(Request::policy_fetch(&url));
    tasks.push(Box::pin(fetch(fetcher, url, elapsed)));
    if let Some(prober) = prober {
        obs.pending.push(Request::probe(prober.source()));
        tasks.push(Box::pin(probe(prober, domain, elapsed)));
    }
    on_update(&obs);

    while !tasks.is_empty() {
        for done in poll_fn(|cx| poll_all(&mut tasks, cx)).await {
            for next in store(&mut obs, done, &mut tlsa_asked) {
                obs.pending.push(next.request());
                tasks.push(Box::pin(ask(resolver, next, elapsed)));
            }
            on_update(&obs);
        }
    }
    obs
}

/// Which field of `Observations` a DNS answer belongs in.
#[derive(Debug, Clone, Copy)]
enum Slot {
    StsTxt,
    ApexTxt,
    Mx,
    TlsrptTxt,
    HostA,
    HostAaaa,
    /// The second resolver's answers.
    CompareStsTxt,
    CompareMx,
    CompareTlsrptTxt,
    /// TLSA at `_25._tcp.<host>`.
    Tlsa,
    /// A `cd=1` repeat after a SERVFAIL.
    DnssecRetry,
}

struct Query {
    slot: Slot,
    name: String,
    rtype: RecordType,
    checking_disabled: bool,
}

impl Query {
    /// A first question (not a `cd=1` repeat).
    fn new(slot: Slot, name: String, rtype: RecordType) -> Query {
        Query {
            slot,
            name,
            rtype,
            checking_disabled: false,
        }
    }

    fn request(&self) -> Request {
        match self.slot {
            Slot::CompareStsTxt | Slot::CompareMx | Slot::CompareTlsrptTxt => Request::Compare {
                name: self.name.clone(),
                rtype: self.rtype,
            },
            _ => Request::dns(&self.name, self.rtype, self.checking_disabled),
        }
    }
}

/// The hosts whose TLSA records are asked: the first [`MAX_TLSA_HOSTS`] distinct names of
/// `hosts`, lower case, without the trailing dot; the null MX (".") has none.
pub fn tlsa_hosts<'h>(hosts: impl Iterator<Item = &'h str>) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    for host in hosts {
        let name = host.trim_end_matches('.').to_ascii_lowercase();
        if !name.is_empty() && !names.contains(&name) && names.len() < MAX_TLSA_HOSTS {
            names.push(name);
        }
    }
    names
}

/// The TLSA queries for those of [`tlsa_hosts`]`(hosts)` not asked yet; `asked` keeps the
/// hosts asked so far. The limit counts the hosts of this list, not those asked before: hosts
/// remembered from an earlier check must not crowd out the MX answer's own.
fn tlsa_queries<'h>(hosts: impl Iterator<Item = &'h str>, asked: &mut Vec<String>) -> Vec<Query> {
    let mut queries = Vec::new();
    for host in tlsa_hosts(hosts) {
        if asked.contains(&host) {
            continue;
        }
        queries.push(Query::new(
            Slot::Tlsa,
            lookup::tlsa_name(&host),
            RecordType::Tlsa,
        ));
        asked.push(host);
    }
    queries
}

enum Answer {
    Dns(Query, Lookup),
    Policy(PolicyObservation),
    Probe(Box<ProbeObservation>),
}

/// A finished request with its timing.
struct Done {
    timing: Timing,
    answer: Answer,
}

async fn ask<R: Resolver>(resolver: &R, query: Query, elapsed: impl Fn() -> u32) -> Done {
    let start_ms = elapsed();
    let lookup = resolver
        .query(&query.name, query.rtype, query.checking_disabled)
        .await;
    let timing = Timing {
        request: query.request(),
        start_ms,
        end_ms: elapsed(),
    };
    Done {
        timing,
        answer: Answer::Dns(query, lookup),
    }
}

async fn fetch<F: PolicyFetcher>(fetcher: &F, url: String, elapsed: impl Fn() -> u32) -> Done {
    let start_ms = elapsed();
    let mut policy = fetcher.fetch(&url).await;
    let end_ms = elapsed();
    // The fetcher knows best; the pipeline's clock is the fallback.
    policy
        .elapsed_ms
        .get_or_insert(end_ms.saturating_sub(start_ms));
    Done {
        timing: Timing {
            request: Request::PolicyFetch { url },
            start_ms,
            end_ms,
        },
        answer: Answer::Policy(policy),
    }
}

async fn probe<P: Prober>(prober: &P, domain: &str, elapsed: impl Fn() -> u32) -> Done {
    let request = Request::probe(prober.source());
    let start_ms = elapsed();
    let relay = prober.probe(domain).await;
    Done {
        timing: Timing {
            request,
            start_ms,
            end_ms: elapsed(),
        },
        answer: Answer::Probe(Box::new(relay)),
    }
}

/// Polls every request still running; ready when at least one finished, with all that did,
/// in the order they were issued.
fn poll_all<T, Fut: Future<Output = T> + Unpin>(
    tasks: &mut Vec<Fut>,
    cx: &mut Context<'_>,
) -> Poll<Vec<T>> {
    let mut finished = Vec::new();
    tasks.retain_mut(|task| match std::pin::Pin::new(task).poll(cx) {
        Poll::Ready(value) => {
            finished.push(value);
            false
        }
        Poll::Pending => true,
    });
    if finished.is_empty() {
        Poll::Pending
    } else {
        Poll::Ready(finished)
    }
}

/// Stores one answer and its timing; returns what it calls for next: the `cd=1` retry of a
/// SERVFAIL, the TLSA lookups of the hosts an MX answer names.
fn store(obs: &mut Observations, done: Done, tlsa_asked: &mut Vec<String>) -> Vec<Query> {
    if let Some(i) = obs.pending.iter().position(|r| *r == done.timing.request) {
        obs.pending.remove(i);
    }
    // Every request has its row in the timings, the probe too: a slow relay shows in the
    // waterfall as what kept the verdict waiting.
    obs.timings.push(done.timing);
    let (query, lookup) = match done.answer {
        Answer::Probe(relay) => {
            obs.relay = Some(*relay);
            return Vec::new();
        }
        Answer::Policy(policy) => {
            obs.policy = Some(policy);
            return Vec::new();
        }
        Answer::Dns(query, lookup) => (query, lookup),
    };
    let servfail = matches!(&lookup, Ok(answer) if answer.rcode == Rcode::ServFail);
    let mut next = Vec::new();
    if let (Slot::Mx, Ok(answer)) = (query.slot, &lookup) {
        next = if implicit_mx(answer) {
            // No MX records: the domain itself is the mail host (RFC 5321 §5.1), and DANE
            // senders look its TLSA records up (RFC 7672 §2.2.1).
            tlsa_queries(std::iter::once(obs.domain.as_str()), tlsa_asked)
        } else {
            let hosts = answer.mx_hosts().map(|h| h.exchange.as_str());
            tlsa_queries(hosts, tlsa_asked)
        };
    }
    let field = match query.slot {
        Slot::StsTxt => &mut obs.sts_txt,
        Slot::ApexTxt => &mut obs.apex_txt,
        Slot::Mx => &mut obs.mx,
        Slot::TlsrptTxt => &mut obs.tlsrpt_txt,
        Slot::HostA => &mut obs.host_a,
        Slot::HostAaaa => &mut obs.host_aaaa,
        // The second resolver's SERVFAIL is not retried: the DNSSEC check reads the first's.
        Slot::CompareStsTxt => &mut compared(obs).sts_txt,
        Slot::CompareMx => &mut compared(obs).mx,
        Slot::CompareTlsrptTxt => &mut compared(obs).tlsrpt_txt,
        Slot::Tlsa => {
            let host = query
                .name
                .strip_prefix("_25._tcp.")
                .unwrap_or_default()
                .to_string();
            obs.tlsa.push(TlsaLookup { host, lookup });
            if servfail {
                next.push(dnssec_retry(query));
            }
            return next;
        }
        Slot::DnssecRetry => {
            obs.dnssec_retries.push((query.name, query.rtype, lookup));
            return next;
        }
    };
    *field = Some(lookup);
    // A retry lands in `DnssecRetry` above, so it is never retried itself.
    let compare = matches!(
        query.slot,
        Slot::CompareStsTxt | Slot::CompareMx | Slot::CompareTlsrptTxt
    );
    if servfail && !compare {
        next.push(dnssec_retry(query));
    }
    next
}

/// An MX answer without MX records (NOERROR, no data): the domain is its own mail host.
pub fn implicit_mx(answer: &DnsAnswer) -> bool {
    answer.rcode == Rcode::NoError && answer.of_type().next().is_none()
}

fn compared(obs: &mut Observations) -> &mut Compared {
    obs.compared.get_or_insert_with(Compared::default)
}

fn dnssec_retry(query: Query) -> Query {
    Query {
        slot: Slot::DnssecRetry,
        checking_disabled: true,
        ..query
    }
}
