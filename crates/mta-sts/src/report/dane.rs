//! `mx-dane`: the TLSA records of the MX hosts (RFC 7672) beside the MTA-STS policy.
//!
//! Per host, as a sender that validates DNSSEC sees it: no TLSA, TLSA the resolver did not
//! validate (ignored by senders), TLSA under DNSSEC judged record by record (RFC 7672 §3.1),
//! a lookup that fails. Then, once for the report, how DANE and the policy fit together
//! (RFC 8461 §2), and with a probe, whether a record matches what each host presented
//! (`probe`).

mod probe;

use super::context::{dns_provenance, same_name, Ctx, MxSet};
use super::dns::unanswered;
use super::dnssec::does_not_validate;
use super::finish::probe_pending;
use super::words::lookup_failed;
use crate::finding::{Code, Evidence, Finding, Fix, Reference, Severity};
use crate::lookup::{tlsa_name, DnsAnswer, Lookup, Rcode, RecordData, RecordType};
use crate::pipeline::{implicit_mx, tlsa_hosts};
use crate::policy::Mode;
use crate::tlsa::Tlsa;

/// One MX host whose TLSA records senders that validate DNSSEC use.
struct Dane<'a> {
    host: &'a str,
    answer: &'a DnsAnswer,
    /// The records senders can use (RFC 7672 §3.1: usages 2 and 3, known selector and
    /// matching type, a digest of the right length).
    usable: Vec<&'a Tlsa>,
}

pub(super) fn mx_dane(cx: &Ctx) -> Option<Vec<Finding>> {
    let hosts = match &cx.mx {
        MxSet::Pending => return None,
        MxSet::Unknown => {
            return Some(vec![Finding::new(
                Code::MxDaneMxUnknown,
                Severity::Unknown,
                "Not checked: the MX records could not be looked up",
                "",
            )])
        }
        MxSet::Known { hosts, .. } => hosts,
    };
    // The hosts the pipeline asks, in the same order and within the same limit.
    let mut names = tlsa_hosts(hosts.iter().map(|h| h.exchange.as_str()));
    // No MX records: the domain is its own mail host (RFC 5321 §5.1; RFC 7672 §2.2.1).
    if hosts.is_empty() && matches!(&cx.obs.mx, Some(Ok(a)) if implicit_mx(a)) {
        names.push(cx.domain.to_ascii_lowercase());
    }
    if names.is_empty() {
        return Some(vec![Finding::new(
            Code::MxDaneNoMx,
            Severity::Skip,
            "No MX host to look up TLSA records for",
            "",
        )]);
    }
    let mut lookups = Vec::new();
    for name in &names {
        if cx.is_pending(RecordType::Tlsa, &tlsa_name(name)) {
            return None;
        }
        if let Some(t) = cx.obs.tlsa.iter().find(|t| same_name(&t.host, name)) {
            lookups.push((name.as_str(), &t.lookup));
        }
    }
    if lookups.is_empty() {
        return Some(vec![Finding::new(
            Code::MxDaneNotAsked,
            Severity::Skip,
            "TLSA records not looked up",
            "",
        )]);
    }

    let mut out = Vec::new();
    let mut dane = Vec::new();
    let mut without = Vec::new();
    for (host, lookup) in lookups {
        match host_findings(cx, host, lookup, &mut out) {
            Outcome::Dane(d) => dane.push(d),
            Outcome::NoTlsa => without.push(host),
            Outcome::Other => {}
        }
    }
    if dane.is_empty() {
        if out.is_empty() {
            out.push(none(cx, &without));
        }
        return Some(out);
    }
    if probe_pending(cx) {
        return None;
    }
    for d in &dane {
        out.extend(probe::compare(cx, d));
    }
    out.extend(interplay(cx, &dane, &without));
    Some(out)
}

/// What one host's lookup showed, beyond its findings.
enum Outcome<'a> {
    /// No TLSA records.
    NoTlsa,
    /// Records senders use under DNSSEC.
    Dane(Dane<'a>),
    /// Anything else: the lookup failed, records without DNSSEC, none usable.
    Other,
}

/// Judges one host's TLSA lookup into `out`.
fn host_findings<'a>(
    cx: &Ctx,
    host: &'a str,
    lookup: &'a Lookup,
    out: &mut Vec<Finding>,
) -> Outcome<'a> {
    let name = tlsa_name(host);
    let consequence = "Whether senders that validate DANE can deliver to this host is not known.";
    let a = match lookup {
        Err(e) => {
            out.push(lookup_failed(
                Code::MxDaneLookupFailed,
                "TLSA",
                &name,
                e,
                consequence,
            ));
            return Outcome::Other;
        }
        Ok(a) => a,
    };
    match a.rcode {
        Rcode::NoError | Rcode::NxDomain => {}
        Rcode::ServFail => {
            out.push(servfail(cx, &name, a));
            return Outcome::Other;
        }
        Rcode::Other(_) => {
            out.push(unanswered(
                Code::MxDaneLookupFailed,
                "TLSA",
                &name,
                a,
                consequence,
            ));
            return Outcome::Other;
        }
    }
    let records: Vec<&RecordData> = a.of_type().map(|r| &r.data).collect();
    if records.is_empty() {
        return Outcome::NoTlsa;
    }
    let evidence: Vec<Evidence> = records
        .iter()
        .map(|d| Evidence::new(format!("TLSA {name}"), shown(d)).from(dns_provenance(a)))
        .collect();
    let ad = Evidence::new("AD flag", if a.authenticated { "set" } else { "not set" })
        .from(dns_provenance(a));
    if !a.authenticated {
        let mut f = Finding::new(
            Code::MxDaneUnsigned,
            Severity::Warn,
            format!("`{}` has TLSA records without DNSSEC", host),
            format!(
                "The {} resolver did not validate them (no AD flag): senders ignore TLSA records \
                 without DNSSEC.",
                a.resolver
            ),
        )
        .fix(Fix::action(
            "Sign the host's zone with DNSSEC (DS record in the parent), or remove the records.",
        ))
        .reference(Reference::rfc("7672", "2.2"));
        f.evidence = evidence;
        out.push(f.evidence(ad));
        return Outcome::Other;
    }

    let fix = probe::suggested(cx, host);
    let first_own = out.len();
    let mut usable = Vec::new();
    for (d, e) in records.iter().zip(&evidence) {
        let (code, severity, title, detail) = match d {
            RecordData::Tlsa(t) => match unusable(t) {
                None => {
                    usable.push(t);
                    continue;
                }
                Some(why) => why,
            },
            _ => (
                Code::MxDaneUndecodable,
                Severity::Fail,
                "A TLSA record does not decode",
                "It is not three numbers and hex data.",
            ),
        };
        let mut f = Finding::new(code, severity, format!("`{}`: {title}", host), detail)
            .evidence(e.clone())
            .reference(Reference::rfc("7672", "3.1"));
        if let Some(paste) = &fix {
            f = f.fix(Fix::with_paste(
                "Replace it with a DANE-EE record for the host's key:",
                paste.clone(),
            ));
        }
        out.push(f);
    }
    if !usable.is_empty() {
        // A broken record beside one that works costs nothing but clutter: senders skip it.
        for f in &mut out[first_own..] {
            if f.severity == Severity::Fail {
                f.severity = Severity::Warn;
            }
        }
    }
    if usable.is_empty() {
        out.push(
            Finding::new(
                Code::MxDaneNoUsable,
                Severity::Warn,
                format!("`{}` has TLSA records, but none senders can use", host),
                "DANE senders still insist on STARTTLS with it, but check no certificate.",
            )
            .evidence(ad)
            .reference(Reference::rfc("7672", "2.2")),
        );
        return Outcome::Other;
    }
    let mut f = Finding::new(
        Code::MxDaneValid,
        Severity::Pass,
        format!("`{}` has TLSA records under DNSSEC", host),
        "DANE senders require STARTTLS and a certificate that matches one of them.",
    )
    .reference(Reference::rfc("7672", "2.2"));
    f.evidence = evidence;
    out.push(f.evidence(ad));
    let recommended = usable
        .iter()
        .any(|t| t.selector == 1 && t.matching_type == 1);
    if !recommended {
        let mut f = Finding::new(
            Code::MxDaneNotRecommended,
            Severity::Info,
            format!("`{}` has no `3 1 1` or `2 1 1` TLSA record", host),
            "A SHA-256 digest of the key survives renewals that keep the key.",
        )
        .reference(Reference::rfc("7671", "5.1"));
        if let Some(paste) = fix {
            f = f.fix(Fix::with_paste(
                "Add a DANE-EE record for the host's key:",
                paste,
            ));
        }
        out.push(f);
    }
    Outcome::Dane(Dane {
        host,
        answer: a,
        usable,
    })
}

/// Why senders cannot use a record (RFC 7672 §3.1), or `None` when they can.
fn unusable(t: &Tlsa) -> Option<(Code, Severity, &'static str, &'static str)> {
    if t.usage < 2 {
        return Some((
            Code::MxDanePkixUsage,
            Severity::Warn,
            "a TLSA record has usage 0 or 1 (PKIX)",
            "SMTP senders ignore PKIX-TA and PKIX-EE records.",
        ));
    }
    if t.usage > 3 || t.selector > 1 || t.matching_type > 2 {
        return Some((
            Code::MxDaneUnknownParameter,
            Severity::Warn,
            "a TLSA record has an unknown usage, selector or matching type",
            "Senders ignore a record they cannot interpret.",
        ));
    }
    match t.digest_len() {
        Some(len) if t.data.len() != len => Some((
            Code::MxDaneDigestLength,
            Severity::Fail,
            "a TLSA digest has the wrong length",
            "SHA-256 takes 64 hex digits, SHA-512 128: it matches nothing.",
        )),
        _ => None,
    }
}

/// A record as evidence: decoded, or verbatim when it does not decode.
fn shown(d: &RecordData) -> String {
    match d {
        RecordData::Tlsa(t) => described(t),
        other => other.text().into_owned(),
    }
}

/// A TLSA lookup that failed with SERVFAIL, judged with its `cd=1` repeat.
fn servfail(cx: &Ctx, name: &str, a: &DnsAnswer) -> Finding {
    let retry = cx.dnssec_retry(RecordType::Tlsa, name);
    let asked = Evidence::new(format!("TLSA {name}"), a.rcode.as_str()).from(dns_provenance(a));
    let Some(Ok(r)) =
        retry.filter(|r| matches!(r, Ok(r) if matches!(r.rcode, Rcode::NoError | Rcode::NxDomain)))
    else {
        return Finding::new(
            Code::MxDaneLookupFailed,
            Severity::Unknown,
            format!("The TLSA lookup of {name} fails with {}", a.rcode.as_str()),
            "Senders defer mail to the host if its address is signed: not known from here.",
        )
        .evidence(asked)
        .reference(Reference::rfc("7672", "2.2"));
    };
    let mut f = Finding::new(
        Code::MxDaneDnssecBroken,
        Severity::Fail,
        format!("DNSSEC is broken for {name}: mail is deferred"),
        format!(
            "{} Senders that validate DNSSEC cannot tell whether the host has DANE, so they \
             defer mail to it.",
            does_not_validate(a, r)
        ),
    )
    .evidence(asked)
    .evidence(
        Evidence::new(
            format!("TLSA {name} with checking disabled (cd=1)"),
            r.rcode.as_str(),
        )
        .from(dns_provenance(r)),
    );
    for d in r.of_type().map(|r| &r.data) {
        f = f.evidence(
            Evidence::new(format!("TLSA {name} (cd=1)"), shown(d)).from(dns_provenance(r)),
        );
    }
    f.fix(Fix::action(format!(
        "Check the DS record and the signatures of the zone holding {name}; DNSViz \
         (https://dnsviz.net/d/{name}/dnssec/) shows where the chain breaks."
    )))
    .reference(Reference::rfc("7672", "2.2"))
}

/// `3 1 1 <hex> (DANE-EE, SPKI, SHA-256)`: a record and what its numbers mean.
fn described(t: &Tlsa) -> String {
    let name = |names: &[&'static str], n: u8| *names.get(usize::from(n)).unwrap_or(&"unknown");
    format!(
        "{} ({}, {}, {})",
        t.presentation(),
        name(&["PKIX-TA", "PKIX-EE", "DANE-TA", "DANE-EE"], t.usage),
        name(&["full certificate", "SPKI"], t.selector),
        name(&["exact match", "SHA-256", "SHA-512"], t.matching_type)
    )
}

fn none(cx: &Ctx, hosts: &[&str]) -> Finding {
    let mut f = Finding::new(
        Code::MxDaneNone,
        Severity::Info,
        "No MX host publishes TLSA records (DANE)",
        "DANE is optional. With TLSA records under DNSSEC, senders that validate DNSSEC refuse \
         an MX host whose certificate does not match, from the first connection on (MTA-STS \
         leaves the first one open).",
    )
    .reference(Reference::rfc("7672", "1.3"));
    for h in hosts {
        f = f.evidence(Evidence::new(format!("TLSA {}", tlsa_name(h)), "none"));
    }
    if let Some(paste) = hosts.first().and_then(|h| probe::suggested(cx, h)) {
        f = f.fix(Fix::with_paste(
            "Optional: with the MX host's zone signed (DNSSEC), publish a record for its key:",
            paste,
        ));
    }
    f
}

/// Once per report, when some host has DANE: which of DANE and the policy a sender uses, and
/// the hosts where the two do not cover the same ground.
fn interplay(cx: &Ctx, dane: &[Dane], without: &[&str]) -> Vec<Finding> {
    let policy = cx
        .read_policy()
        .filter(|p| p.looks_like_policy() && !cx.absent())
        .map(|p| &p.check.policy)
        .filter(|p| matches!(p.mode, Some(Mode::Enforce | Mode::Testing)));
    let mut out = Vec::new();
    if let Some(policy) = policy {
        for d in dane {
            if !policy
                .mx
                .iter()
                .any(|m| crate::mx::matches(&m.pattern, d.host))
            {
                out.push(
                    Finding::new(
                        Code::MxDaneNotInPolicy,
                        Severity::Warn,
                        format!(
                            "`{}` has DANE but the policy's mx lines do not cover it",
                            d.host
                        ),
                        "DANE senders deliver to it; MTA-STS senders refuse it (enforce) or \
                         report it (testing).",
                    )
                    .evidence(Evidence::new("MX host", d.host).from(dns_provenance(d.answer)))
                    .fix(Fix::with_paste(
                        "Add the host to the policy (and change the record's id).",
                        format!("mx: {}", d.host),
                    ))
                    .reference(Reference::rfc8461("4.1")),
                );
            }
        }
    }
    // A pass when a policy covers every host with DANE: the two agree.
    let agree = policy.is_some() && out.is_empty();
    out.insert(
        0,
        Finding::new(
            Code::MxDaneInterplay,
            if agree {
                Severity::Pass
            } else {
                Severity::Info
            },
            "DANE senders use the TLSA records, not the policy",
            "For a host with TLSA records under DNSSEC, senders that support both use DANE and \
             ignore the policy; others use the policy. Keep both covering every host.",
        )
        .reference(Reference::rfc8461("2")),
    );
    for h in without {
        out.push(
            Finding::new(
                Code::MxDaneWithoutDane,
                Severity::Info,
                format!("`{}` has no TLSA records while other MX hosts do", h),
                "DANE senders use the MTA-STS policy for this host only.",
            )
            .evidence(Evidence::new(format!("TLSA {}", tlsa_name(h)), "none")),
        );
    }
    out
}
