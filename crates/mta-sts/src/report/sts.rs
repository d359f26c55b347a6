//! `sts-record`: the TXT record at `_mta-sts.<domain>` as DNS gave it (lookup errors, the CNAME
//! chain, split strings, absence, the apex hint), then the record module's findings.

use super::context::{answer, dns_provenance, stamp, txt_texts, Ctx, LookupState, MxSet, Sts};
use super::dns::{cname_chain, unanswered};
use super::words::lookup_failed;
use crate::finding::{Code, Evidence, Finding, Fix, Reference, Severity};
use crate::lookup::{DnsAnswer, Rcode, RecordData, RecordType};
use crate::record::derived_id;
use crate::record::is_sts_candidate;

pub(super) fn sts_record(cx: &Ctx) -> Option<Vec<Finding>> {
    let owner = format!("_mta-sts.{}", cx.domain);
    let consequence = "Whether the domain has an MTA-STS record is not known.";
    let (a, texts, check) = match (answer(&cx.obs.sts_txt), &cx.sts) {
        (LookupState::Pending, _) | (_, Sts::Pending) => return None,
        (LookupState::Failed(e), _) => {
            return Some(vec![lookup_failed(
                Code::StsRecordLookupFailed,
                "TXT",
                &owner,
                e,
                consequence,
            )])
        }
        (LookupState::Unanswered(a), _) => {
            return Some(vec![unanswered(
                Code::StsRecordDnsError,
                "TXT",
                &owner,
                a,
                consequence,
            )])
        }
        (
            _,
            Sts::Answered {
                answer,
                texts,
                check,
            },
        ) => (*answer, texts, check),
        (_, Sts::Unknown) => return None,
    };
    let provenance = dns_provenance(a);
    let mut out = Vec::new();
    out.extend(cname_chain(
        Code::StsRecordCname,
        &owner,
        a,
        "Senders follow the alias and read the record at its end; this is how MTA-STS is \
         delegated to a provider. Whoever manages {target} decides what senders see here, while \
         the policy itself must still be served from the policy host of this domain.",
        Reference::rfc8461("8.2"),
    ));
    for (text, strings) in a.of_type().filter_map(|r| match &r.data {
        RecordData::Txt { text, strings } if strings.len() > 1 && is_sts_candidate(text) => {
            Some((text, strings))
        }
        _ => None,
    }) {
        let n = strings.len();
        let mut f = Finding::new(
            Code::StsRecordSplit,
            Severity::Info,
            format!("The MTA-STS record is published as {n} strings, which senders join with nothing between them"),
            "A TXT record is made of strings of at most 255 characters each. Senders join them \
             with no separator before reading the record, so a space meant to sit between two \
             strings is lost. The joined text below is what they read.",
        )
        .reference(Reference::rfc8461("3.1"));
        for (i, s) in strings.iter().enumerate() {
            f = f.evidence(
                Evidence::new(format!("string {} of {n}", i + 1), s.clone())
                    .from(provenance.clone()),
            );
        }
        out.push(f.evidence(Evidence::new("joined", text.clone()).from(provenance.clone())));
    }
    let mut theirs = check.findings.clone();
    stamp(&mut theirs, &provenance);
    if check.candidates == 0 {
        out.extend(absence(cx, a, texts)?);
    }
    out.extend(theirs);
    Some(out)
}

/// No `v=STSv1` record at `_mta-sts`: waits for the MX set (null MX) and the apex TXT (TXT-18).
fn absence(cx: &Ctx, a: &DnsAnswer, texts: &[String]) -> Option<Vec<Finding>> {
    let d = cx.domain;
    let owner = format!("_mta-sts.{d}");
    if texts.is_empty() && matches!(cx.mx, MxSet::Pending) {
        return None;
    }
    let apex = match answer(&cx.obs.apex_txt) {
        LookupState::Pending if cx.obs.apex_txt.is_none() && cx.is_pending(RecordType::Txt, d) => {
            return None
        }
        LookupState::Records(apex) => txt_texts(apex)
            .into_iter()
            .filter(|t| t.starts_with("v=STSv1"))
            .map(|t| (t, dns_provenance(apex)))
            .collect(),
        _ => Vec::new(),
    };
    let mut out = Vec::new();
    if texts.is_empty() {
        out.push(no_record(cx, a));
    }
    for (text, provenance) in apex {
        out.push(
            Finding::new(
                Code::StsRecordAtApex,
                Severity::Info,
                format!("An MTA-STS record is published at {d} itself, where senders do not look"),
                format!(
                    "Senders only read the record at {owner}. The `v=STSv1` record at the \
                     domain's own name is ignored by them."
                ),
            )
            .evidence(Evidence::new(format!("TXT {d}"), text.clone()).from(provenance))
            .fix(Fix::with_paste(
                format!("Publish this text as a TXT record at {owner}, then delete it from {d}:"),
                text,
            ))
            .reference(Reference::rfc8461("3.1")),
        );
    }
    Some(out)
}

/// No TXT record at all at `_mta-sts` (NXDOMAIN or no data). Texts that are there but not
/// MTA-STS records are the record module's to judge.
fn no_record(cx: &Ctx, a: &DnsAnswer) -> Finding {
    let d = cx.domain;
    let owner = format!("_mta-sts.{d}");
    let provenance = dns_provenance(a);
    let seen = match a.rcode {
        Rcode::NxDomain => {
            Evidence::new(format!("TXT {owner}"), "NXDOMAIN (the name does not exist)")
        }
        _ => Evidence::new(format!("TXT {owner}"), "NOERROR, no TXT record"),
    }
    .from(provenance);
    let f = if cx.null_mx() {
        Finding::new(
            Code::StsRecordNotNeeded,
            Severity::Info,
            format!("{d} takes no mail (null MX), so it needs no MTA-STS record"),
            format!(
                "There is no MTA-STS record at {owner}, and none is needed: the domain's null MX \
                 (RFC 7505) tells senders not to deliver mail to it at all, so there is nothing \
                 for MTA-STS to protect."
            ),
        )
        .reference(Reference::rfc("7505", "3"))
    } else if let Some(policy) = cx.read_policy().filter(|p| p.looks_like_policy()) {
        // a policy without a record is never looked at.
        Finding::new(
            Code::StsRecordPolicyWithoutRecord,
            Severity::Fail,
            format!("Your policy is published, but there is no MTA-STS record at {owner}, so senders never look at it"),
            format!(
                "Senders fetch the policy only after finding a TXT record beginning with \
                 `v=STSv1` at {owner}. Until that record exists, they treat {d} as having no \
                 MTA-STS policy and deliver as before, with or without TLS."
            ),
        )
        .fix(Fix::with_paste(
            format!("Publish this TXT record at {owner}, and change its id whenever the policy changes:"),
            format!("v=STSv1; id={}", derived_id(&policy.body)),
        ))
        .reference(Reference::rfc8461("3.1"))
    } else {
        Finding::new(
            Code::StsRecordAbsent,
            Severity::Fail,
            format!("There is no MTA-STS record at {owner}"),
            format!(
                "Senders look for a TXT record beginning with `v=STSv1` at {owner} before \
                 anything else. Without one, they treat {d} as having no MTA-STS policy and \
                 deliver as before, accepting a connection without TLS or with a forged certificate."
            ),
        )
        .fix(Fix::with_paste(
            format!(
                "To set up MTA-STS, first serve a policy (testing mode to start) at {}, then publish \
                 this TXT record at {owner}:",
                cx.policy_url()
            ),
            format!("v=STSv1; id={}", derived_id(d.as_bytes())),
        ))
        .reference(Reference::rfc8461("3.1"))
    };
    f.evidence(seen)
}
