//! `dns-consistency`: the first resolver's answers against the second's
//! ([`crate::pipeline::Compared`]), question by question, on what senders act on: the
//! `_mta-sts` record's id, the MX set, the TLS-RPT record's `rua`.

use super::context::{attempted_record, dns_provenance, txt_texts, Ctx};
use super::words::and_list;
use crate::finding::{Code, Evidence, Finding, Fix, Reference, Severity};
use crate::lookup::{self, DnsAnswer, DnsRecord, Lookup, Rcode, RecordData};
use crate::policy::human_duration;
use crate::record::check_sts_texts;
use crate::tlsrpt::parse_tlsrpt_record;

/// The three questions both resolvers are asked.
#[derive(Clone, Copy, PartialEq)]
enum Question {
    Sts,
    Mx,
    Tlsrpt,
}

/// One answer as senders read it: equal views mean senders act alike.
#[derive(PartialEq)]
enum Seen {
    Servfail,
    /// NXDOMAIN for the MX question: the domain takes no mail at all. (For a TXT question it
    /// is the same as no record, as for senders.)
    NoDomain,
    /// What senders act on, in a fixed order: `id …` (or the candidate texts when there is
    /// no one usable record), `<preference> <host>` lower case without the root dot,
    /// `rua …` (or the candidate texts); empty for no record.
    Items(Vec<String>),
}

pub(super) fn dns_consistency(cx: &Ctx) -> Option<Vec<Finding>> {
    let Some(c) = &cx.obs.compared else {
        return Some(vec![Finding::new(
            Code::DnsConsistencyNotCompared,
            Severity::Skip,
            "Only one resolver was asked",
            "This check compares the answers of two DNS providers (the checker page asks Google \
             and Cloudflare); this check asked one resolver.",
        )]);
    };
    let d = cx.domain;
    let mut pairs = Vec::new();
    for (q, first, second) in [
        (Question::Sts, &cx.obs.sts_txt, &c.sts_txt),
        (Question::Mx, &cx.obs.mx, &c.mx),
        (Question::Tlsrpt, &cx.obs.tlsrpt_txt, &c.tlsrpt_txt),
    ] {
        pairs.push((q, first.as_ref()?, second.as_ref()?));
    }
    let mut out = Vec::new();
    let mut failed = Vec::new();
    let mut who = Vec::new();
    let mut alone = Vec::new();
    let mut agreed = Vec::new();
    for (q, first, second) in pairs {
        let (a, b) = match (first, second) {
            (Ok(a), Ok(b)) if !lookup::failed(first) && !lookup::failed(second) => (a, b),
            _ => {
                for lookup in [first, second].into_iter().filter(|l| lookup::failed(l)) {
                    failure(&question_name(q, d), lookup, &mut failed, &mut who);
                }
                continue;
            }
        };
        // The first resolver fell back to the second's provider: one provider answered twice.
        if a.resolver == b.resolver {
            alone.push(
                Evidence::new(question_name(q, d), describe(&seen(q, d, a)))
                    .from(dns_provenance(a)),
            );
            continue;
        }
        let (seen_a, seen_b) = (seen(q, d, a), seen(q, d, b));
        if seen_a == seen_b {
            agreed.push(Evidence::new(
                format!(
                    "{} ({} and {} alike)",
                    question_name(q, d),
                    a.resolver,
                    b.resolver
                ),
                describe(&seen_a),
            ));
        } else {
            out.push(differs(q, d, (a, &seen_a), (b, &seen_b)));
        }
    }
    if !failed.is_empty() {
        who.sort_unstable();
        who.dedup();
        let mut f = Finding::new(
            Code::DnsConsistencyResolverFailed,
            Severity::Unknown,
            format!(
                "The resolvers could not be compared: {} did not answer",
                and_list(&who)
            ),
            "A resolver that fails says nothing about the domain, only about itself or the way \
             to it from here. The rest of the report uses the first resolver's answers.",
        )
        .fix(Fix::action("Run the check again in a minute."))
        .reference(Reference::rfc8461("3.1"));
        f.evidence = failed;
        out.push(f);
    }
    if let Some(name) = alone.first().and_then(|e| e.provenance.clone()) {
        let mut f = Finding::new(
            Code::DnsConsistencySameResolver,
            Severity::Unknown,
            format!("Only the {name} answered, so there was nothing to compare"),
            "The resolver asked first did not answer and the other one stood in for it, so both \
             answers come from the same provider. The rest of the report uses its answers.",
        )
        .fix(Fix::action("Run the check again in a minute."))
        .reference(Reference::rfc8461("3.1"));
        f.evidence = alone;
        out.push(f);
    }
    if out.is_empty() {
        let mut f = Finding::new(
            Code::DnsConsistencyAgree,
            Severity::Pass,
            "Both resolvers give the same answers",
            "Compared: the MTA-STS record's id, the MX hosts (preference and name, without case \
             or the final dot) and the TLS-RPT record's rua addresses, which is what senders act \
             on. No change is half-way through reaching senders.",
        )
        .reference(Reference::rfc8461("3.1"));
        f.evidence = agreed;
        out.push(f);
    }
    Some(out)
}

fn question_name(q: Question, d: &str) -> String {
    match q {
        Question::Sts => format!("TXT _mta-sts.{d}"),
        Question::Mx => format!("MX {d}"),
        Question::Tlsrpt => format!("TXT _smtp._tls.{d}"),
    }
}

/// What one failed lookup says, and who failed: every attempt of an error (each begins with
/// its resolver's name), the code of a refusal.
fn failure(label: &str, lookup: &Lookup, evidence: &mut Vec<Evidence>, who: &mut Vec<String>) {
    match lookup {
        Err(e) => {
            for attempt in &e.attempts {
                let name = attempt
                    .split_once(": ")
                    .map_or(attempt.as_str(), |(n, _)| n);
                who.push(name.to_owned());
                evidence.push(Evidence::new(label, attempt.clone()));
            }
        }
        Ok(a) => {
            who.push(a.resolver.clone());
            evidence.push(Evidence::new(label, a.rcode.as_str()).from(dns_provenance(a)));
        }
    }
}

fn seen(q: Question, d: &str, a: &DnsAnswer) -> Seen {
    match (a.rcode, q) {
        (Rcode::ServFail, _) => return Seen::Servfail,
        (Rcode::NxDomain, Question::Mx) => return Seen::NoDomain,
        _ => {}
    }
    let texts = || -> Vec<String> {
        let mut texts: Vec<String> = txt_texts(a)
            .into_iter()
            .filter(|t| candidate(q, t))
            .collect();
        texts.sort_unstable();
        texts
    };
    Seen::Items(match q {
        Question::Sts => {
            let texts = texts();
            match check_sts_texts(d, &texts).record {
                Some(r) => vec![format!("id {}", r.id)],
                None => texts,
            }
        }
        Question::Mx => {
            let mut hosts: Vec<(u16, String)> = a
                .mx_hosts()
                .map(|h| {
                    let host = h.exchange.trim_end_matches('.').to_ascii_lowercase();
                    (h.preference, host)
                })
                .collect();
            hosts.sort_unstable();
            hosts.dedup();
            let mut items: Vec<String> = hosts.iter().map(|(p, h)| format!("{p} {h}")).collect();
            // Data that does not read as an MX record still differs if it differs.
            items.extend(a.of_type().filter_map(|r| match &r.data {
                RecordData::Mx(_) => None,
                other => Some(other.text().into_owned()),
            }));
            items
        }
        Question::Tlsrpt => {
            let texts = texts();
            match texts.as_slice() {
                [one] => match parse_tlsrpt_record(one) {
                    Ok(r) => {
                        let mut rua: Vec<String> =
                            r.rua.iter().map(|u| format!("rua {u}")).collect();
                        rua.sort_unstable();
                        rua
                    }
                    Err(_) => texts,
                },
                _ => texts,
            }
        }
    })
}

/// A text that senders (or reporters) would take for this question's record, valid or not.
fn candidate(q: Question, text: &str) -> bool {
    match q {
        Question::Tlsrpt => text
            .trim_start()
            .get(..8)
            .is_some_and(|p| p.eq_ignore_ascii_case("v=tlsrpt")),
        _ => attempted_record(text),
    }
}

fn describe(seen: &Seen) -> String {
    match seen {
        Seen::Servfail => "SERVFAIL".into(),
        Seen::NoDomain => "NXDOMAIN (the domain does not exist)".into(),
        Seen::Items(items) if items.is_empty() => "no record".into(),
        Seen::Items(items) => items.join(", "),
    }
}

/// The finding for a question the two resolvers answer differently.
fn differs(
    q: Question,
    d: &str,
    (a, sa): (&DnsAnswer, &Seen),
    (b, sb): (&DnsAnswer, &Seen),
) -> Finding {
    let (x, y) = (&a.resolver, &b.resolver);
    let what = match q {
        Question::Sts => "MTA-STS record",
        Question::Mx => "MX hosts",
        Question::Tlsrpt => "TLS-RPT record",
    };
    let empty = |s: &Seen| matches!(s, Seen::Items(i) if i.is_empty());
    let servfail = match (sa, sb) {
        (Seen::Servfail, _) => Some((x, y)),
        (_, Seen::Servfail) => Some((y, x)),
        _ => None,
    };
    // The longest time the differing records may stay in a cache.
    let ttl = records(q, a).chain(records(q, b)).map(|r| r.ttl).max();
    let until = ttl.map_or_else(String::new, |t| {
        format!(" for up to {}", human_duration(u64::from(t)))
    });
    let mut f = if let Some((bad, good)) = servfail {
        Finding::new(
            Code::DnsConsistencyServfail,
            Severity::Warn,
            format!("{bad} fails to look up the {what} of {d} (SERVFAIL); {good} does not"),
            format!(
                "Both validate DNSSEC, so this is most often a DNSSEC fault only one of them \
                 treats as fatal (an algorithm or NSEC3 setting it rejects, keys changed while \
                 it cached the old ones), or a name server it cannot reach. Senders whose \
                 resolvers do as {bad} does cannot read this {what}: for them it is missing, \
                 or mail waits."
            ),
        )
        .fix(Fix::action(format!(
            "See where the chain breaks on DNSViz (https://dnsviz.net/d/{d}/dnssec/), and check \
             that every name server of the domain answers."
        )))
        .reference(Reference::rfc("4035", "5"))
    } else if q != Question::Mx && (empty(sa) || empty(sb)) {
        let (has, hasnt) = if empty(sb) { (x, y) } else { (y, x) };
        Finding::new(
            Code::DnsConsistencyOneSees,
            Severity::Warn,
            format!("Only {has} sees a {what} for {d}; {hasnt} sees none"),
            format!(
                "The record was just added or removed, and one provider still has the old \
                 answer cached. Senders may get either, depending on their resolver: {has} may \
                 keep the record{until}; how long {hasnt} keeps \"none\" is set by the zone's \
                 SOA record (negative caching), which this check does not see."
            ),
        )
        .reference(Reference::rfc("2308", "5"))
    } else {
        let title = match (sa, sb, q) {
            (Seen::Items(i), Seen::Items(j), Question::Sts) => match (ids(i), ids(j)) {
                (Some(i), Some(j)) => {
                    format!("The resolvers see different ids for {d}: {x} `{i}`, {y} `{j}`")
                }
                _ => format!("{x} and {y} see different MTA-STS records for {d}"),
            },
            _ => format!("{x} and {y} see different {what} for {d}"),
        };
        let effect = match q {
            Question::Sts => "A sender that sees the old id keeps the policy it cached.",
            Question::Mx => {
                "Senders deliver to the hosts they see: the policy must cover both sets."
            }
            Question::Tlsrpt => "Reports go to the addresses each reporter sees.",
        };
        Finding::new(
            match q {
                Question::Sts => Code::DnsConsistencyIdDiffers,
                Question::Mx => Code::DnsConsistencyMxDiffers,
                Question::Tlsrpt => Code::DnsConsistencyRuaDiffers,
            },
            Severity::Warn,
            title,
            format!(
                "A change is still on its way, or one provider's cache holds the old answer. \
                 Senders may get either version{until}, depending on their resolver. {effect}"
            ),
        )
        .reference(match q {
            Question::Sts => Reference::rfc8461("3.1"),
            Question::Mx => Reference::rfc("5321", "5.1"),
            Question::Tlsrpt => Reference::rfc8460("3"),
        })
    };
    if servfail.is_none() {
        let wait = ttl.map_or_else(|| "a while".to_owned(), |t| human_duration(u64::from(t)));
        f = f.fix(Fix::action(format!(
            "After a change, wait {wait} and check again. If the answers still differ, the \
             domain's name servers do not serve the same zone: ask each one (`dig NS {d}`, then \
             `dig @<name server> {}`) and update the one that is behind.",
            question_name(q, d)
        )));
    }
    f.evidence = evidence(q, d, a)
        .into_iter()
        .chain(evidence(q, d, b))
        .collect();
    f
}

/// The records of an answer that the question is about: every MX record, the candidate
/// TXT records.
fn records(q: Question, a: &DnsAnswer) -> impl Iterator<Item = &DnsRecord> {
    a.of_type()
        .filter(move |r| q == Question::Mx || candidate(q, &r.data.text()))
}

/// The id of a record set with one usable record.
fn ids(items: &[String]) -> Option<&str> {
    match items {
        [one] => one.strip_prefix("id "),
        _ => None,
    }
}

/// One resolver's answer to a question, as given: each record verbatim with its TTL.
fn evidence(q: Question, d: &str, a: &DnsAnswer) -> Vec<Evidence> {
    let name = question_name(q, d);
    let p = dns_provenance(a);
    let records: Vec<Evidence> = records(q, a)
        .map(|r| {
            Evidence::new(format!("{name}, TTL {}", r.ttl), r.data.text().into_owned())
                .from(p.clone())
        })
        .collect();
    if !records.is_empty() {
        return records;
    }
    let none = match a.rcode {
        Rcode::NoError => "NOERROR, no record".to_owned(),
        rcode => rcode.as_str(),
    };
    vec![Evidence::new(name, none).from(p)]
}
