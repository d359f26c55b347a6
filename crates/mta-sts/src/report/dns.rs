//! The DNS-level checks `mx-records` and `tlsrpt-record`, and what the other DNS checks share
//! (`sts` for `sts-record`, `host` for `policy-host`, `dnssec`).

use super::context::{answer, dns_provenance, stamp, txt_texts, Ctx, LookupState, MxSet};
use super::words::{count, lookup_failed};
use crate::finding::{Code, Evidence, Finding, Fix, Reference, Severity};
use crate::lookup::DnsAnswer;
use crate::policy::Mode;
use crate::tlsrpt::check_tlsrpt_texts;

/// The finding for an answer with SERVFAIL or another error code.
pub(super) fn unanswered(
    code: Code,
    rtype: &str,
    name: &str,
    a: &DnsAnswer,
    consequence: &str,
) -> Finding {
    let rcode = a.rcode.as_str();
    Finding::new(
        code,
        Severity::Unknown,
        format!("The {rtype} lookup of {name} failed with {rcode}, so this could not be checked"),
        format!(
            "The {} resolver could not get an answer from the domain's name servers. \
             {consequence} The DNSSEC check below tells whether a DNSSEC validation failure is the cause.",
            a.resolver
        ),
    )
    .evidence(Evidence::new(format!("{rtype} {name}"), rcode).from(dns_provenance(a)))
    .fix(Fix::action(
        "Check that every name server of the domain answers for this name, and that its DNSSEC \
         signatures are valid.",
    ))
}

/// The CNAME chain a resolver followed, as an `info` finding.
pub(super) fn cname_chain(
    code: Code,
    owner: &str,
    a: &DnsAnswer,
    detail: &str,
    reference: Reference,
) -> Option<Finding> {
    let chain = a.cname_chain();
    let (_, target) = chain.last()?;
    let target = target.trim_end_matches('.');
    let mut f = Finding::new(
        code,
        Severity::Info,
        format!("{owner} is an alias (CNAME) of {target}"),
        detail.replace("{target}", target),
    )
    .reference(reference);
    for (from, to) in &chain {
        f = f
            .evidence(Evidence::new("CNAME", format!("{from} CNAME {to}")).from(dns_provenance(a)));
    }
    Some(f)
}

pub(super) fn mx_records(cx: &Ctx) -> Option<Vec<Finding>> {
    let d = cx.domain;
    let consequence =
        "Which MX hosts the domain has, and whether the policy covers them, is not known.";
    let a = match answer(&cx.obs.mx) {
        LookupState::Pending => return None,
        LookupState::Failed(e) => {
            return Some(vec![lookup_failed(
                Code::MxRecordsLookupFailed,
                "MX",
                d,
                e,
                consequence,
            )])
        }
        LookupState::Unanswered(a) => {
            return Some(vec![unanswered(
                Code::MxRecordsDnsError,
                "MX",
                d,
                a,
                consequence,
            )])
        }
        LookupState::NoName(a) => {
            return Some(vec![Finding::new(
                Code::MxRecordsNoDomain,
                Severity::Info,
                format!("{d} does not exist in DNS"),
                format!(
                "The resolver answered NXDOMAIN for {d}: senders cannot deliver mail to it at all."
            ),
            )
            .evidence(
                Evidence::new(format!("MX {d}"), "NXDOMAIN (the name does not exist)")
                    .from(dns_provenance(a)),
            )])
        }
        LookupState::Records(a) => a,
    };
    let provenance = dns_provenance(a);
    let MxSet::Known { unreadable, .. } = &cx.mx else {
        return None;
    };
    let hosts = cx.mx_hosts_sorted();
    let mut out = Vec::new();
    if cx.null_mx() {
        out.push(
            Finding::new(
                Code::MxRecordsNullMx,
                Severity::Info,
                format!("{d} takes no mail: it publishes a null MX"),
                "The MX record `0 .` tells senders that the domain accepts no mail, so they do \
                 not try to deliver to it, and MTA-STS has nothing to protect.",
            )
            .evidence(Evidence::new("MX 0", ".").from(provenance.clone()))
            .reference(Reference::rfc("7505", "3")),
        );
    } else if hosts.is_empty() && unreadable.is_empty() {
        out.push(
            Finding::new(
                Code::MxRecordsImplicit,
                Severity::Info,
                format!("{d} has no MX records, so mail goes to {d} itself"),
                format!(
                    "Without MX records, senders deliver to the address of the domain name itself \
                     (the implicit MX). Under MTA-STS, the name {d} must then match an `mx` line \
                     of the policy."
                ),
            )
            .evidence(
                Evidence::new(format!("MX {d}"), "NOERROR, no MX record").from(provenance.clone()),
            )
            .reference(Reference::rfc("5321", "5.1")),
        );
    } else if !hosts.is_empty() {
        let mut f = Finding::new(
            Code::MxRecordsFound,
            Severity::Pass,
            format!("{d} has {}", count(hosts.len(), "MX host", "MX hosts")),
            "Senders try them in order of preference, lowest number first. Under MTA-STS each one \
             must match an `mx` line of the policy and offer STARTTLS with a valid certificate.",
        );
        for h in &hosts {
            f = f.evidence(
                Evidence::new(format!("MX {}", h.preference), h.exchange.clone())
                    .from(provenance.clone()),
            );
        }
        out.push(f);
    }
    for data in unreadable {
        out.push(
            Finding::new(
                Code::MxRecordsUnreadable,
                Severity::Unknown,
                "An MX record could not be read",
                "The resolver's answer did not have the form `<preference> <host>`, so this MX host \
                 is left out of the coverage check.",
            )
            .evidence(Evidence::new(format!("MX {d}"), data.clone()).from(provenance.clone())),
        );
    }
    Some(out)
}

pub(super) fn tlsrpt_record(cx: &Ctx) -> Option<Vec<Finding>> {
    let d = cx.domain;
    let owner = format!("_smtp._tls.{d}");
    let consequence = "Whether the domain asks for TLS failure reports is not known.";
    let (a, texts) = match answer(&cx.obs.tlsrpt_txt) {
        LookupState::Pending => return None,
        LookupState::Failed(e) => {
            return Some(vec![lookup_failed(
                Code::TlsrptRecordLookupFailed,
                "TXT",
                &owner,
                e,
                consequence,
            )])
        }
        LookupState::Unanswered(a) => {
            return Some(vec![unanswered(
                Code::TlsrptRecordDnsError,
                "TXT",
                &owner,
                a,
                consequence,
            )])
        }
        LookupState::NoName(a) => (a, Vec::new()),
        LookupState::Records(a) => (a, txt_texts(a)),
    };
    let mut out = Vec::new();
    out.extend(cname_chain(
        Code::TlsrptRecordCname,
        &owner,
        a,
        "Senders follow the alias and read the TLS-RPT record at its end; delegating reports to \
         a reporting service this way is common practice.",
        Reference::rfc8460("3"),
    ));
    let mut theirs = check_tlsrpt_texts(d, &texts);
    stamp(&mut theirs, &dns_provenance(a));
    // in enforce mode, a missing TLS-RPT record means failed deliveries go unseen.
    let enforce = cx
        .read_policy()
        .is_some_and(|p| p.check.policy.mode == Some(Mode::Enforce));
    if enforce && !texts.iter().any(|t| crate::tlsrpt::is_tlsrpt_candidate(t)) {
        for f in theirs
            .iter_mut()
            .filter(|f| matches!(f.severity, Severity::Warn | Severity::Fail))
        {
            f.detail.push_str(
                " Your policy is in enforce mode: when a sender cannot deliver over TLS, the mail \
                 is held and eventually bounced, and without TLS-RPT nobody tells you why.",
            );
        }
    }
    out.extend(theirs);
    Some(out)
}
