//! In-memory fakes of the engine's two transports, for native tests. Any test file can use
//! them with `mod support;` (not every file uses every helper, hence the `dead_code` allowance).
//!
//! - [`FakeResolver`] answers DNS questions from a map keyed by (name, record type, `cd`);
//!   unknown questions get NOERROR with no records (nothing published), or an error for a
//!   resolver made with [`FakeResolver::down`].
//! - [`FakeFetcher`] answers a [`PolicyObservation`] per URL; unknown URLs fail to connect.
//! - [`FakeProber`] answers one [`ProbeObservation`] for any domain.
//! - Delays are counted in *ticks*, not time: a request with `n` ticks returns `Pending` `n`
//!   times (waking itself each time) before answering, so with `block_on` and the pipeline's
//!   poll-everything loop a request of `n` ticks answers in poll round `n + 1`. Equal ticks
//!   answer in the same round, in the order issued.
//! - Both fakes write to a [`Log`] (share one with `with_log`) of `Started`/`Finished` events
//!   labelled like the pipeline's `Timing::what`, so a test can prove what was in flight when.
//!   [`Log::clock`] is a logical clock for `pipeline::run`: the number of requests finished.
//! - The answer builders (`txt`, `mx`, `a`, `nxdomain`, …) write owner names with the trailing
//!   dot both DoH providers use, and record data exactly as given.
#![allow(dead_code)]

use mta_sts::lookup::{
    policy_url, DnsAnswer, DnsRecord, FetchOutcome, Lookup, LookupError, PolicyFetcher,
    PolicyObservation, Prober, Rcode, RecordData, RecordType, Resolver,
};
use mta_sts::pipeline::{Observations, Request};
use mta_sts::relay::ProbeObservation;
use mta_sts::{Code, Finding, Provenance, Severity};
use std::cell::RefCell;
use std::collections::HashMap;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll};

/// Runs a future to completion on the current thread (no `Send` needed).
#[allow(unused_imports)] // not every test file runs futures
pub use futures_executor::block_on;

/// The resolver name the builders put in `DnsAnswer::resolver` (a `FakeResolver` replaces it
/// with its own name when it answers).
pub const FAKE: &str = "Fake";

/// One request starting or finishing, labelled like `Timing::what`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    Started(String),
    Finished(String),
}

/// An ordered record of requests, shareable between fakes (single-threaded).
#[derive(Debug, Clone, Default)]
pub struct Log(Rc<RefCell<Vec<Event>>>);

impl Log {
    pub fn events(&self) -> Vec<Event> {
        self.0.borrow().clone()
    }

    /// The labels of the requests started, in order.
    pub fn started(&self) -> Vec<String> {
        self.filter(|e| match e {
            Event::Started(w) => Some(w.clone()),
            Event::Finished(_) => None,
        })
    }

    /// The labels of the requests finished, in order.
    pub fn finished(&self) -> Vec<String> {
        self.filter(|e| match e {
            Event::Finished(w) => Some(w.clone()),
            Event::Started(_) => None,
        })
    }

    /// Where an event sits in the log, if it happened.
    pub fn position(&self, event: &Event) -> Option<usize> {
        self.0.borrow().iter().position(|e| e == event)
    }

    /// A logical clock: how many requests have finished so far.
    pub fn clock(&self) -> impl Fn() -> u32 {
        let log = self.clone();
        move || u32::try_from(log.finished().len()).unwrap_or(u32::MAX)
    }

    fn push(&self, event: Event) {
        self.0.borrow_mut().push(event);
    }

    fn filter(&self, f: impl Fn(&Event) -> Option<String>) -> Vec<String> {
        self.0.borrow().iter().filter_map(f).collect()
    }
}

/// A future that is `Pending` `n` times, waking itself each time.
struct Ticks(u32);

impl Future for Ticks {
    type Output = ();
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        if self.0 == 0 {
            return Poll::Ready(());
        }
        self.0 -= 1;
        cx.waker().wake_by_ref();
        Poll::Pending
    }
}

/// A DNS resolver answering from a map. Keys are matched exactly (no case folding, no
/// trailing-dot folding): register the name as the pipeline asks it.
#[derive(Debug, Clone)]
pub struct FakeResolver {
    pub name: String,
    answers: HashMap<(String, RecordType, bool), (Lookup, u32)>,
    /// When set, unknown questions fail with this message instead of answering "no data".
    down: Option<String>,
    pub log: Log,
}

impl FakeResolver {
    /// A resolver that answers NOERROR with no records to anything not registered.
    pub fn new(name: &str) -> FakeResolver {
        FakeResolver {
            name: name.to_string(),
            answers: HashMap::new(),
            down: None,
            log: Log::default(),
        }
    }

    /// A resolver that fails every question not registered: `LookupError` "<name>: <message>".
    pub fn down(name: &str, message: &str) -> FakeResolver {
        FakeResolver {
            down: Some(message.to_string()),
            ..FakeResolver::new(name)
        }
    }

    pub fn with_log(mut self, log: &Log) -> FakeResolver {
        self.log = log.clone();
        self
    }

    /// Answers the answer's own question (name, type, `checking_disabled`) at once.
    pub fn with(self, answer: DnsAnswer) -> FakeResolver {
        self.with_delay(answer, 0)
    }

    /// Like `with`, after `ticks` polls.
    pub fn with_delay(self, answer: DnsAnswer, ticks: u32) -> FakeResolver {
        let (name, rtype, cd) = (answer.name.clone(), answer.rtype, answer.checking_disabled);
        self.with_lookup(&name, rtype, cd, Ok(answer), ticks)
    }

    /// Answers the question asked again with `cd=1`.
    pub fn with_cd(self, mut answer: DnsAnswer) -> FakeResolver {
        answer.checking_disabled = true;
        self.with(answer)
    }

    /// Fails this question with "<resolver name>: <message>".
    pub fn with_error(
        self,
        name: &str,
        rtype: RecordType,
        cd: bool,
        message: &str,
    ) -> FakeResolver {
        let error = LookupError::new(&self.name, message);
        self.with_lookup(name, rtype, cd, Err(error), 0)
    }

    /// The general form: any lookup result for one question, after `ticks` polls.
    pub fn with_lookup(
        mut self,
        name: &str,
        rtype: RecordType,
        cd: bool,
        lookup: Lookup,
        ticks: u32,
    ) -> FakeResolver {
        self.answers
            .insert((name.to_string(), rtype, cd), (lookup, ticks));
        self
    }

    fn unregistered(&self, name: &str, rtype: RecordType) -> Lookup {
        match &self.down {
            Some(message) => Err(LookupError::new(&self.name, message)),
            None => Ok(nodata(name, rtype)),
        }
    }
}

impl Resolver for FakeResolver {
    async fn query(&self, name: &str, rtype: RecordType, checking_disabled: bool) -> Lookup {
        let what = Request::dns(name, rtype, checking_disabled).to_string();
        self.log.push(Event::Started(what.clone()));
        let key = (name.to_string(), rtype, checking_disabled);
        let (lookup, ticks) = match self.answers.get(&key) {
            Some(entry) => entry.clone(),
            None => (self.unregistered(name, rtype), 0),
        };
        Ticks(ticks).await;
        self.log.push(Event::Finished(what));
        lookup.map(|mut answer| {
            answer.resolver = self.name.clone();
            answer.checking_disabled = checking_disabled;
            answer
        })
    }
}

/// A policy fetcher answering per URL; an unknown URL fails to connect.
#[derive(Debug, Clone, Default)]
pub struct FakeFetcher {
    answers: HashMap<String, (PolicyObservation, u32)>,
    pub log: Log,
}

impl FakeFetcher {
    pub fn new() -> FakeFetcher {
        FakeFetcher::default()
    }

    pub fn with_log(mut self, log: &Log) -> FakeFetcher {
        self.log = log.clone();
        self
    }

    /// Answers the observation's own URL at once.
    pub fn with(self, observation: PolicyObservation) -> FakeFetcher {
        self.with_delay(observation, 0)
    }

    /// Like `with`, after `ticks` polls.
    pub fn with_delay(mut self, observation: PolicyObservation, ticks: u32) -> FakeFetcher {
        self.answers
            .insert(observation.url.clone(), (observation, ticks));
        self
    }
}

impl PolicyFetcher for FakeFetcher {
    async fn fetch(&self, url: &str) -> PolicyObservation {
        let what = Request::policy_fetch(url).to_string();
        self.log.push(Event::Started(what.clone()));
        let (observation, ticks) = match self.answers.get(url) {
            Some(entry) => entry.clone(),
            None => (
                fetched(
                    url,
                    FetchOutcome::ConnectFailed {
                        message: "no fake answer for this URL".into(),
                    },
                ),
                0,
            ),
        };
        Ticks(ticks).await;
        self.log.push(Event::Finished(what));
        observation
    }
}

/// A prober (a relay at `host`) giving the same answer for any domain, after `ticks` polls.
#[derive(Debug, Clone)]
pub struct FakeProber {
    pub answer: ProbeObservation,
    pub ticks: u32,
    pub log: Log,
}

impl FakeProber {
    /// A relay at `host` that answers, after `ticks` polls, that it could not probe.
    pub fn failing(host: &str, ticks: u32) -> FakeProber {
        FakeProber {
            answer: ProbeObservation {
                source: Provenance::Relayed {
                    host: host.to_string(),
                },
                result: Err("the fake relay probes nothing".into()),
            },
            ticks,
            log: Log::default(),
        }
    }

    pub fn with_log(mut self, log: &Log) -> FakeProber {
        self.log = log.clone();
        self
    }
}

impl Prober for FakeProber {
    fn source(&self) -> Provenance {
        self.answer.source.clone()
    }

    async fn probe(&self, _domain: &str) -> ProbeObservation {
        let what = Request::probe(self.source()).to_string();
        self.log.push(Event::Started(what.clone()));
        Ticks(self.ticks).await;
        self.log.push(Event::Finished(what));
        self.answer.clone()
    }
}

// ---- answer builders ----

/// `name` with the trailing dot resolvers write on owner names.
pub fn fqdn(name: &str) -> String {
    if name.ends_with('.') {
        name.to_string()
    } else {
        format!("{name}.")
    }
}

/// One record; TTL 300. TXT data is one character-string; MX data is read as the DoH
/// decoder reads it (`"<preference> <exchange>"`, else unreadable).
pub fn record(name: &str, rtype: RecordType, data: &str) -> DnsRecord {
    DnsRecord {
        name: fqdn(name),
        rtype: rtype.code(),
        ttl: 300,
        data: RecordData::from_text(rtype.code(), data.to_string()),
    }
}

/// An answer to (name, rtype) with this rcode and these records, not validated, `cd=0`.
pub fn answer(name: &str, rtype: RecordType, rcode: Rcode, records: Vec<DnsRecord>) -> DnsAnswer {
    DnsAnswer {
        name: name.to_string(),
        rtype,
        rcode,
        authenticated: false,
        records,
        resolver: FAKE.to_string(),
        checking_disabled: false,
    }
}

/// TXT records at `name`, one per text, each a single character-string.
pub fn txt(name: &str, texts: &[&str]) -> DnsAnswer {
    let records = texts
        .iter()
        .map(|t| record(name, RecordType::Txt, t))
        .collect();
    answer(name, RecordType::Txt, Rcode::NoError, records)
}

/// One TXT record at `name` published as several character-strings (joined in `data`).
pub fn split_txt(name: &str, strings: &[&str]) -> DnsAnswer {
    let mut rr = record(name, RecordType::Txt, "");
    rr.data = RecordData::txt(strings.iter().map(|s| s.to_string()).collect());
    answer(name, RecordType::Txt, Rcode::NoError, vec![rr])
}

/// `name` CNAME `target`, then TXT records at `target`, as a resolver lists a followed chain.
pub fn cname_then_txt(name: &str, target: &str, texts: &[&str]) -> DnsAnswer {
    let mut records = vec![record(name, RecordType::Cname, &fqdn(target))];
    records.extend(texts.iter().map(|t| record(target, RecordType::Txt, t)));
    answer(name, RecordType::Txt, Rcode::NoError, records)
}

/// MX records at `name`: data "<preference> <exchange>" with the exchange as given.
pub fn mx(name: &str, hosts: &[(u16, &str)]) -> DnsAnswer {
    let records = hosts
        .iter()
        .map(|(pref, host)| record(name, RecordType::Mx, &format!("{pref} {host}")))
        .collect();
    answer(name, RecordType::Mx, Rcode::NoError, records)
}

pub fn a(name: &str, ip: &str) -> DnsAnswer {
    answer(
        name,
        RecordType::A,
        Rcode::NoError,
        vec![record(name, RecordType::A, ip)],
    )
}

pub fn aaaa(name: &str, ip: &str) -> DnsAnswer {
    let records = vec![record(name, RecordType::Aaaa, ip)];
    answer(name, RecordType::Aaaa, Rcode::NoError, records)
}

/// NOERROR without records: the name exists, nothing of this type.
pub fn nodata(name: &str, rtype: RecordType) -> DnsAnswer {
    answer(name, rtype, Rcode::NoError, Vec::new())
}

pub fn nxdomain(name: &str, rtype: RecordType) -> DnsAnswer {
    answer(name, rtype, Rcode::NxDomain, Vec::new())
}

pub fn servfail(name: &str, rtype: RecordType) -> DnsAnswer {
    answer(name, rtype, Rcode::ServFail, Vec::new())
}

/// The same answer, DNSSEC-validated (AD set).
pub fn signed(mut answer: DnsAnswer) -> DnsAnswer {
    answer.authenticated = true;
    answer
}

// ---- policy builders ----

/// An observation fetched by this program, with no elapsed time set.
pub fn fetched(url: &str, outcome: FetchOutcome) -> PolicyObservation {
    PolicyObservation {
        url: url.to_string(),
        outcome,
        provenance: Provenance::Fetched,
        elapsed_ms: None,
    }
}

/// HTTP 200, `text/plain`, this body, complete.
pub fn policy_ok(url: &str, body: &str) -> PolicyObservation {
    fetched(
        url,
        FetchOutcome::Read {
            status: 200,
            content_type: Some("text/plain".into()),
            body: body.as_bytes().to_vec(),
            truncated: false,
            size: Some(body.len() as u64),
        },
    )
}

// ---- a healthy domain ----

/// A lookup that was answered.
pub fn ok(answer: DnsAnswer) -> Option<Lookup> {
    Some(Ok(answer))
}

pub const D: &str = "example.com";
pub const RECORD: &str = "v=STSv1; id=20240131T120000Z";
pub const TLSRPT: &str = "v=TLSRPTv1; rua=mailto:tlsrpt@example.com";
pub const ENFORCE: &str =
    "version: STSv1\nmode: enforce\nmx: mx1.example.com\nmx: mx2.example.com\nmax_age: 1209600\n";

/// All the observations of `D` in enforce mode, every answer validated: the base that the
/// report tests alter one field at a time.
pub fn healthy() -> Observations {
    Observations {
        domain: D.into(),
        sts_txt: ok(signed(txt("_mta-sts.example.com", &[RECORD]))),
        apex_txt: ok(signed(txt(D, &["v=spf1 mx -all"]))),
        mx: ok(signed(mx(
            D,
            &[(10, "mx1.example.com."), (20, "mx2.example.com.")],
        ))),
        tlsrpt_txt: ok(signed(txt("_smtp._tls.example.com", &[TLSRPT]))),
        host_a: ok(signed(a("mta-sts.example.com", "192.0.2.10"))),
        host_aaaa: ok(signed(aaaa("mta-sts.example.com", "2001:db8::10"))),
        policy: Some(policy_ok(&policy_url(D), ENFORCE)),
        ..Observations::default()
    }
}

/// MX hosts from (preference, exchange) pairs, for the coverage and set-up checks.
pub fn mx_hosts(list: &[(u16, &str)]) -> Vec<mta_sts::mx::MxHost> {
    list.iter()
        .map(|(p, e)| mta_sts::mx::MxHost {
            preference: *p,
            exchange: (*e).to_owned(),
        })
        .collect()
}

/// Owned copies of TXT texts, for the record checks.
pub fn texts(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| (*s).to_owned()).collect()
}

/// Some finding has this code and this severity. Tests find findings by code, never by the
/// words of their titles, so that rewording a finding breaks no test; the few tests that pin
/// the wording of the most important findings say so.
pub fn has(findings: &[Finding], code: Code, severity: Severity) -> bool {
    findings
        .iter()
        .any(|f| f.code == code && f.severity == severity)
}

/// The code and severity of every finding, in order: what assertion messages show.
pub fn codes(findings: &[Finding]) -> Vec<(Code, Severity)> {
    findings.iter().map(|f| (f.code, f.severity)).collect()
}

/// The one finding with this code; panics, listing the codes found, when there is none or
/// more than one.
pub fn one(findings: &[Finding], code: Code) -> &Finding {
    let mut found = findings.iter().filter(|f| f.code == code);
    match (found.next(), found.next()) {
        (Some(f), None) => f,
        _ => panic!("not exactly one {code} finding: {:?}", codes(findings)),
    }
}
