//! `dnssec`: the AD flags of the answers, and the `cd=1` repeats of SERVFAIL answers that tell
//! broken DNSSEC from a broken server. It is the resolver's word, and the findings say whose.

use super::context::{dns_provenance, Ctx};
use crate::finding::{Code, Evidence, Finding, Fix, Reference, Severity};
use crate::lookup::{policy_host as host_name, DnsAnswer, Rcode, RecordType};

pub(super) fn dnssec(cx: &Ctx) -> Option<Vec<Finding>> {
    let d = cx.domain;
    let lookups = [
        (
            &cx.obs.sts_txt,
            RecordType::Txt,
            format!("_mta-sts.{d}"),
            true,
        ),
        (&cx.obs.mx, RecordType::Mx, d.to_owned(), true),
        (
            &cx.obs.tlsrpt_txt,
            RecordType::Txt,
            format!("_smtp._tls.{d}"),
            true,
        ),
        (&cx.obs.host_a, RecordType::A, host_name(d), true),
        (&cx.obs.host_aaaa, RecordType::Aaaa, host_name(d), true),
        (&cx.obs.apex_txt, RecordType::Txt, d.to_owned(), false),
    ];
    let mut answered = Vec::new();
    for (lookup, rtype, name, required) in &lookups {
        match lookup {
            None if *required || cx.is_pending(*rtype, name) => return None,
            Some(Ok(a)) => answered.push((*rtype, name.as_str(), a)),
            _ => {}
        }
    }
    let mut out = Vec::new();
    let mut validated = Vec::new();
    let mut unsigned = Vec::new();
    for (rtype, name, a) in answered {
        let p = dns_provenance(a);
        match a.rcode {
            Rcode::NoError | Rcode::NxDomain => {
                let e = Evidence::new(
                    format!("{rtype} {name}"),
                    format!(
                        "{}, AD flag {}",
                        a.rcode.as_str(),
                        if a.authenticated { "set" } else { "not set" }
                    ),
                )
                .from(p);
                if a.authenticated {
                    validated.push(e);
                } else {
                    unsigned.push(e);
                }
            }
            Rcode::ServFail | Rcode::Other(_) => match cx.dnssec_retry(rtype, name) {
                Some(Ok(r)) if matches!(r.rcode, Rcode::NoError | Rcode::NxDomain) => {
                    out.push(broken(rtype.as_str(), name, a, r))
                }
                Some(_) => out.push(servfail_unknown(rtype.as_str(), name, a, true)),
                None if cx.is_pending(rtype, name) => return None,
                None => out.push(servfail_unknown(rtype.as_str(), name, a, false)),
            },
        }
    }
    let resolvers = resolvers(cx);
    match (validated.is_empty(), unsigned.is_empty()) {
        (true, true) if out.is_empty() => out.push(Finding::new(
            Code::DnssecNoAnswer,
            Severity::Unknown,
            "There is no DNS answer to judge DNSSEC by",
            "Every lookup failed at the resolvers, so whether the domain's answers are signed is not known.",
        )),
        (true, true) => {}
        (false, true) => out.push(with_evidence(
            Finding::new(
                Code::DnssecValidated,
                Severity::Pass,
                format!("The DNS answers for {d} are signed and validated (DNSSEC)"),
                format!(
                    "The {resolvers} resolver set the AD flag on every answer: it checked their \
                     DNSSEC signatures. That is the resolver's word; senders that validate DNSSEC \
                     are protected against forged records for these names."
                ),
            ),
            validated,
        )),
        (true, false) => out.push(with_evidence(
            Finding::new(
                Code::DnssecUnsigned,
                Severity::Info,
                format!("The DNS answers for {d} are not signed with DNSSEC"),
                format!(
                    "The {resolvers} resolver did not set the AD flag on any answer, which is its \
                     word that they are not DNSSEC-validated. MTA-STS was designed for exactly \
                     this case: it relies on the policy host's HTTPS certificate instead."
                ),
            )
            .reference(Reference::rfc8461("1")),
            unsigned,
        )),
        (false, false) => out.push(with_evidence(
            Finding::new(
                Code::DnssecPartial,
                Severity::Info,
                format!("Some DNS answers for {d} are validated with DNSSEC, others are not"),
                format!(
                    "The {resolvers} resolver set the AD flag on some answers only. This is \
                     common when a name is delegated by CNAME to a provider's unsigned zone, and \
                     is no problem for MTA-STS, which relies on HTTPS certificates."
                ),
            ),
            validated.into_iter().chain(unsigned).collect(),
        )),
    }
    Some(out)
}

fn with_evidence(mut f: Finding, evidence: Vec<Evidence>) -> Finding {
    f.evidence = evidence;
    f
}

fn resolvers(cx: &Ctx) -> String {
    let mut names: Vec<&str> = [
        &cx.obs.sts_txt,
        &cx.obs.mx,
        &cx.obs.tlsrpt_txt,
        &cx.obs.host_a,
        &cx.obs.host_aaaa,
    ]
    .into_iter()
    .filter_map(|l| match l {
        Some(Ok(a)) => Some(a.resolver.as_str()),
        _ => None,
    })
    .collect();
    crate::sort::sort_small(&mut names, |a, b| a < b);
    names.dedup();
    names.join(" and ")
}

/// The repeat of a query with checking disabled, as the pipeline recorded it.
/// "The Google resolver answers SERVFAIL with DNSSEC validation on, and NOERROR with it off:
/// the signatures do not validate." The repeat may have gone to the other provider (the first
/// failed in between): then it is named.
pub(super) fn does_not_validate(a: &DnsAnswer, retry: &DnsAnswer) -> String {
    let other = if retry.resolver == a.resolver {
        String::new()
    } else {
        format!("the {} resolver ", retry.resolver)
    };
    format!(
        "The {} resolver answers SERVFAIL with DNSSEC validation on, and {other}{} with it off: \
         the signatures do not validate.",
        a.resolver,
        retry.rcode.as_str()
    )
}

fn broken(rtype: &str, name: &str, a: &DnsAnswer, retry: &DnsAnswer) -> Finding {
    Finding::new(
        Code::DnssecBroken,
        Severity::Fail,
        format!("DNSSEC is broken for {name}"),
        format!(
            "{} Senders whose resolvers validate DNSSEC (most large mail providers) cannot look \
             up this name, so they treat it as a temporary failure and cannot use what is \
             published there.",
            does_not_validate(a, retry)
        ),
    )
    .evidence(Evidence::new(format!("{rtype} {name}"), a.rcode.as_str()).from(dns_provenance(a)))
    .evidence(
        Evidence::new(
            format!("{rtype} {name} with checking disabled (cd=1)"),
            retry.rcode.as_str(),
        )
        .from(dns_provenance(retry)),
    )
    .fix(Fix::action(format!(
        "Check that the DS record in the parent zone matches a DNSKEY of the zone, and that the \
         zone's signatures have not expired; DNSViz (https://dnsviz.net/d/{}/dnssec/) shows where \
         the chain breaks.",
        name.trim_end_matches('.')
    )))
    .reference(Reference::rfc("4035", "5"))
}

fn servfail_unknown(rtype: &str, name: &str, a: &DnsAnswer, retried: bool) -> Finding {
    let detail = if retried {
        "It fails even with DNSSEC checking disabled, so the cause is the name servers rather \
         than DNSSEC."
    } else {
        "The query was not repeated with DNSSEC checking disabled, so whether DNSSEC is the cause \
         is not known."
    };
    Finding::new(
        Code::DnssecServfail,
        Severity::Unknown,
        format!(
            "The {rtype} lookup of {name} fails with {}",
            a.rcode.as_str()
        ),
        format!(
            "The {} resolver could not get an answer for this name. {detail}",
            a.resolver
        ),
    )
    .evidence(Evidence::new(format!("{rtype} {name}"), a.rcode.as_str()).from(dns_provenance(a)))
}
