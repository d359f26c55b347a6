//! What the observations say, classified once for all the checks: which lookups are still
//! pending, which answered, and what the record, the MX set and the policy are.

use super::paste::PastedPolicy;
use crate::finding::{Finding, Provenance};
use crate::lookup::{
    policy_url, DnsAnswer, FetchOutcome, Lookup, LookupError, PolicyObservation, Rcode, RecordData,
    RecordType,
};
use crate::mx::MxHost;
use crate::pipeline::{Observations, Request};
use crate::policy::{check_policy, check_policy_sized, PolicyCheck};
use crate::record::{check_sts_texts, StsRecordCheck};

/// One DNS lookup, as far as a check cares.
pub(crate) enum LookupState<'a> {
    Pending,
    /// Every resolver tried failed.
    Failed(&'a LookupError),
    /// The resolver answered, but with SERVFAIL or another error code.
    Unanswered(&'a DnsAnswer),
    /// NXDOMAIN: the name does not exist.
    NoName(&'a DnsAnswer),
    /// NOERROR, possibly with no record of the asked type.
    Records(&'a DnsAnswer),
}

pub(crate) fn answer(lookup: &Option<Lookup>) -> LookupState<'_> {
    match lookup {
        None => LookupState::Pending,
        Some(Err(e)) => LookupState::Failed(e),
        Some(Ok(a)) => match a.rcode {
            Rcode::NoError => LookupState::Records(a),
            Rcode::NxDomain => LookupState::NoName(a),
            Rcode::ServFail | Rcode::Other(_) => LookupState::Unanswered(a),
        },
    }
}

/// The TXT texts of an answer, each already joined from its character-strings.
pub(crate) fn txt_texts(answer: &DnsAnswer) -> Vec<String> {
    answer
        .of_type()
        .map(|r| r.data.text().into_owned())
        .collect()
}

pub(crate) fn dns_provenance(answer: &DnsAnswer) -> Provenance {
    Provenance::Dns {
        resolver: answer.resolver.clone(),
    }
}

/// Puts `provenance` on every evidence item that does not say where it came from.
pub(crate) fn stamp(findings: &mut [Finding], provenance: &Provenance) {
    for e in findings.iter_mut().flat_map(|f| f.evidence.iter_mut()) {
        if e.provenance.is_none() {
            e.provenance = Some(provenance.clone());
        }
    }
}

/// The `_mta-sts` TXT record set.
pub(crate) enum Sts<'a> {
    Pending,
    /// No usable answer (lookup failed, SERVFAIL, …).
    Unknown,
    Answered {
        answer: &'a DnsAnswer,
        texts: Vec<String>,
        check: StsRecordCheck,
    },
}

/// The MX set of the domain.
pub(crate) enum MxSet {
    Pending,
    Unknown,
    Known {
        /// As published, in answer order; empty for no MX (and for NXDOMAIN).
        hosts: Vec<MxHost>,
        /// MX data that could not be read as "<preference> <exchange>".
        unreadable: Vec<String>,
    },
}

/// A policy body that was read (fetched with status 200, or pasted).
pub(crate) struct ReadPolicy {
    pub check: PolicyCheck,
    pub body: Vec<u8>,
    /// Where the body came from: fetched, pasted or relayed.
    pub provenance: Provenance,
}

impl ReadPolicy {
    /// Whether the body looks like an MTA-STS policy at all (and not, say, a web page served
    /// by a wildcard host): it has a valid version or mode line.
    pub fn looks_like_policy(&self) -> bool {
        self.check.policy.version_ok || self.check.policy.mode.is_some()
    }
}

pub(crate) enum PolicyState {
    Pending,
    Read(Box<ReadPolicy>),
    /// The host answers, but the content may not be read from here (CORS).
    Unreadable,
    /// No policy is served: a status other than 200, a redirect, a failed connection, a
    /// timeout.
    NotServed,
}

pub(crate) struct Ctx<'a> {
    pub obs: &'a Observations,
    pub domain: &'a str,
    pub sts: Sts<'a>,
    pub mx: MxSet,
    /// The fetch as the fetch-level checks judge it: a paste with a status line stands in
    /// for the real fetch.
    pub fetch: Option<PolicyObservation>,
    pub policy: PolicyState,
}

impl<'a> Ctx<'a> {
    pub fn new(obs: &'a Observations, pasted: Option<&PastedPolicy>) -> Ctx<'a> {
        let domain = obs.domain.as_str();
        let sts = match answer(&obs.sts_txt) {
            LookupState::Pending => Sts::Pending,
            LookupState::Failed(_) | LookupState::Unanswered(_) => Sts::Unknown,
            LookupState::NoName(a) | LookupState::Records(a) => {
                let texts = if matches!(a.rcode, Rcode::NoError) {
                    txt_texts(a)
                } else {
                    Vec::new()
                };
                let check = check_sts_texts(domain, &texts);
                Sts::Answered {
                    answer: a,
                    texts,
                    check,
                }
            }
        };
        let mx = match answer(&obs.mx) {
            LookupState::Pending => MxSet::Pending,
            LookupState::Failed(_) | LookupState::Unanswered(_) => MxSet::Unknown,
            LookupState::NoName(_) => MxSet::Known {
                hosts: Vec::new(),
                unreadable: Vec::new(),
            },
            LookupState::Records(a) => {
                let mut hosts = Vec::new();
                let mut unreadable = Vec::new();
                for r in a.of_type() {
                    match &r.data {
                        RecordData::Mx(h) => hosts.push(h.clone()),
                        other => unreadable.push(other.text().into_owned()),
                    }
                }
                MxSet::Known { hosts, unreadable }
            }
        };
        // A paste stands in for the fetch; so does the relay's fetch when this browser could
        // not read the policy (the relay reads it as a sender would).
        let fetch = match pasted.and_then(|p| p.observation(domain)) {
            Some(from_paste) => Some(from_paste),
            None => match &obs.policy {
                Some(p) if matches!(p.outcome, FetchOutcome::Unreadable) => obs
                    .relay
                    .as_ref()
                    .and_then(|r| r.policy_observation(domain))
                    .or_else(|| obs.policy.clone()),
                other => other.clone(),
            },
        };
        let body_paste = pasted.filter(|p| p.status.is_none());
        let policy = policy_state(fetch.as_ref(), body_paste);
        Ctx {
            obs,
            domain,
            sts,
            mx,
            fetch,
            policy,
        }
    }

    /// Whether the domain is known to have no `v=STSv1` record: `None` while the lookup is
    /// pending, `Some(false)` when it has one or the lookup failed.
    pub fn no_record(&self) -> Option<bool> {
        match &self.sts {
            Sts::Pending => None,
            Sts::Unknown => Some(false),
            Sts::Answered { check, texts, .. } => {
                Some(check.candidates == 0 && !texts.iter().any(|t| attempted_record(t)))
            }
        }
    }

    /// Whether a `v=STSv1` record is published (valid or not).
    pub fn has_record(&self) -> bool {
        matches!(&self.sts, Sts::Answered { check, .. } if check.candidates > 0)
    }

    /// The policy as read, if any.
    pub fn read_policy(&self) -> Option<&ReadPolicy> {
        match &self.policy {
            PolicyState::Read(p) => Some(p),
            _ => None,
        }
    }

    /// A readable policy that looks like one (checks.md: "no readable policy" for absent).
    pub fn has_readable_policy(&self) -> bool {
        self.read_policy()
            .is_some_and(ReadPolicy::looks_like_policy)
    }

    /// [`Ctx::absent`] once it can no longer change: `None` while the record lookup is
    /// pending, or while the policy is when there is no record.
    pub fn absent_decided(&self) -> Option<bool> {
        match self.no_record()? {
            false => Some(false),
            true if matches!(self.policy, PolicyState::Pending) => None,
            true => Some(!self.has_readable_policy()),
        }
    }

    /// No MTA-STS here at all: no record, and nothing that looks like a policy. Problems of
    /// the policy host then change nothing for senders.
    pub fn absent(&self) -> bool {
        self.no_record() == Some(true) && !self.has_readable_policy()
    }

    /// The domain publishes a null MX (RFC 7505): it takes no mail.
    pub fn null_mx(&self) -> bool {
        match &self.mx {
            MxSet::Known { hosts, .. } => crate::mx::is_null_mx(hosts),
            _ => false,
        }
    }

    pub fn mx_hosts_sorted(&self) -> Vec<MxHost> {
        match &self.mx {
            MxSet::Known { hosts, .. } => {
                let mut hosts = hosts.clone();
                crate::mx::sort_by_preference(&mut hosts);
                hosts
            }
            _ => Vec::new(),
        }
    }

    pub fn policy_text(&self) -> Option<String> {
        self.read_policy()
            .map(|p| String::from_utf8_lossy(&p.body).into_owned())
    }

    pub fn policy_url(&self) -> String {
        policy_url(self.domain)
    }

    /// Whether a lookup of `rtype` for `name` is still pending, with or without checking
    /// disabled.
    pub fn is_pending(&self, rtype: RecordType, name: &str) -> bool {
        self.obs.pending.iter().any(|r| {
            matches!(r, Request::Dns { name: n, rtype: t, .. } if *t == rtype && same_name(n, name))
        })
    }

    /// The `cd=1` repeat of a SERVFAIL lookup of `rtype` for `name`, once it answered.
    pub fn dnssec_retry(&self, rtype: RecordType, name: &str) -> Option<&'a Lookup> {
        self.obs
            .dnssec_retries
            .iter()
            .find(|(n, t, _)| same_name(n, name) && *t == rtype)
            .map(|(_, _, l)| l)
    }
}

fn policy_state(
    fetch: Option<&PolicyObservation>,
    body_paste: Option<&PastedPolicy>,
) -> PolicyState {
    if let Some(p) = body_paste {
        return PolicyState::Read(Box::new(ReadPolicy {
            check: check_policy(&p.body, &Provenance::Pasted),
            body: p.body.clone(),
            provenance: Provenance::Pasted,
        }));
    }
    let Some(fetch) = fetch else {
        return PolicyState::Pending;
    };
    match &fetch.outcome {
        FetchOutcome::Read {
            status: 200,
            body,
            truncated,
            size,
            ..
        } => PolicyState::Read(Box::new(ReadPolicy {
            // A cut-off body is judged with the size the server declared for the whole.
            check: check_policy_sized(body, size.filter(|_| *truncated), &fetch.provenance),
            body: body.clone(),
            provenance: fetch.provenance.clone(),
        })),
        FetchOutcome::Unreadable => PolicyState::Unreadable,
        FetchOutcome::Read { .. }
        | FetchOutcome::Redirect { .. }
        | FetchOutcome::ConnectFailed { .. }
        | FetchOutcome::Timeout { .. } => PolicyState::NotServed,
    }
}

/// A text evidently meant as an MTA-STS record even if senders discard it (`v=STSv1 id=1`,
/// `v=stsv1; id=1`): its domain is broken, not without MTA-STS.
pub(crate) fn attempted_record(text: &str) -> bool {
    text.trim_start()
        .get(..6)
        .is_some_and(|p| p.eq_ignore_ascii_case("v=stsv"))
}

/// Whether two DNS names are the same, ignoring ASCII case and trailing dots.
pub(crate) fn same_name(a: &str, b: &str) -> bool {
    a.trim_end_matches('.')
        .eq_ignore_ascii_case(b.trim_end_matches('.'))
}
