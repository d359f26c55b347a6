//! What a domain already publishes, read from the check pipeline's observations, to pre-fill
//! the set-up assistant: the MX hosts, the `_mta-sts` and `_smtp._tls` TXT records, and the
//! policy when this program could read it.

use crate::finding::Provenance;
use crate::lookup::{DnsAnswer, FetchOutcome, Lookup, Rcode};
use crate::mx::MxHost;
use crate::pipeline::Observations;
use crate::policy::{check_policy, Mode};
use crate::tlsrpt::{is_tlsrpt_candidate, parse_tlsrpt_record};

/// One lookup as the assistant needs it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub enum Found<T> {
    /// Not answered yet.
    Pending,
    /// No usable answer; why, in words ("Google: HTTP 503", "the resolver answered SERVFAIL").
    Failed(String),
    Answered(T),
}

impl<T> Found<T> {
    pub fn answered(&self) -> Option<&T> {
        match self {
            Found::Answered(t) => Some(t),
            _ => None,
        }
    }

    pub fn is_pending(&self) -> bool {
        matches!(self, Found::Pending)
    }
}

/// What the domain publishes today.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Existing {
    /// The MX records, by preference then name; empty when the domain has none.
    pub mx: Found<Vec<MxHost>>,
    /// Every TXT text at `_mta-sts.<domain>`, verbatim (strings joined); empty when none.
    pub sts_records: Found<Vec<String>>,
    /// Every TXT text at `_smtp._tls.<domain>`, verbatim; empty when none.
    pub tlsrpt_records: Found<Vec<String>>,
    /// The policy body, when it was read with status 200 (lossy UTF-8).
    pub policy: Option<String>,
    /// The mode and max_age of that policy, when it is valid.
    pub mode: Option<Mode>,
    pub max_age: Option<u64>,
    /// The rua URIs of the one valid TLS-RPT record, if there is exactly one.
    pub rua: Vec<String>,
}

/// Reads the observations (complete or not) into what the assistant pre-fills.
pub fn existing(obs: &Observations) -> Existing {
    let mx = match found(&obs.mx, "MX") {
        Found::Answered(Some(answer)) => {
            let mut hosts: Vec<MxHost> = answer.mx_hosts().cloned().collect();
            crate::mx::sort_by_preference(&mut hosts);
            Found::Answered(hosts)
        }
        Found::Answered(None) => {
            Found::Failed(format!("{} does not exist in DNS (NXDOMAIN)", obs.domain))
        }
        Found::Failed(e) => Found::Failed(e),
        Found::Pending => Found::Pending,
    };
    let txt = |lookup: &Option<Lookup>| match found(lookup, "TXT") {
        Found::Answered(answer) => Found::Answered(
            answer
                .map(|a| {
                    a.of_type()
                        .map(|r| r.data.text().into_owned())
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default(),
        ),
        Found::Failed(e) => Found::Failed(e),
        Found::Pending => Found::Pending,
    };
    let sts_records = txt(&obs.sts_txt);
    let tlsrpt_records = txt(&obs.tlsrpt_txt);

    let rua = match tlsrpt_records.answered().map(|t| {
        t.iter()
            .filter(|t| is_tlsrpt_candidate(t))
            .collect::<Vec<_>>()
    }) {
        Some(c) if c.len() == 1 => c
            .first()
            .and_then(|t| parse_tlsrpt_record(t).ok())
            .map(|r| r.rua)
            .unwrap_or_default(),
        _ => Vec::new(),
    };

    let policy = obs.policy.as_ref().and_then(|p| match &p.outcome {
        FetchOutcome::Read {
            status: 200, body, ..
        } => Some(body.clone()),
        _ => None,
    });
    let (mode, max_age) = match &policy {
        Some(body) => {
            let checked = check_policy(body, &Provenance::Fetched).policy;
            if checked.valid {
                (checked.mode, checked.max_age)
            } else {
                (None, None)
            }
        }
        None => (None, None),
    };
    Existing {
        mx,
        sts_records,
        tlsrpt_records,
        policy: policy.map(|b| String::from_utf8_lossy(&b).into_owned()),
        mode,
        max_age,
        rua,
    }
}

/// The answer, when it has records of the asked type or none; `Answered(None)` for NXDOMAIN,
/// except for TXT, where a name that does not exist has no texts.
fn found<'a>(lookup: &'a Option<Lookup>, rtype: &str) -> Found<Option<&'a DnsAnswer>> {
    match lookup {
        None => Found::Pending,
        Some(Err(e)) => Found::Failed(e.to_string()),
        Some(Ok(a)) => match a.rcode {
            Rcode::NoError => Found::Answered(Some(a)),
            Rcode::NxDomain if rtype == "TXT" => Found::Answered(None),
            Rcode::NxDomain => Found::Answered(None),
            other => Found::Failed(format!(
                "{}: the {rtype} lookup of {} answered {}",
                a.resolver,
                a.name,
                other.as_str()
            )),
        },
    }
}
