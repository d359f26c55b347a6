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

/// One answer as senders read it: the same view ([`same`]) means senders act alike.
enum Seen {
    Servfail,
    /// NXDOMAIN for the MX question: the domain takes no mail at all. (For a TXT question it
    /// is the same as no record, as for senders.)
    NoDomain,
    /// What senders act on, as a set: `id …` (or the candidate texts when there is no one
    /// usable record), `<preference> <host>` lower case without the root dot, `rua …` (or
    /// the candidate texts); empty for no record.
    Items(Vec<String>),
}

/// Whether two views are the same, the items as sets (without sorting them: a sort of each
/// item type would cost the page's download more than this loop costs time).
fn same(a: &Seen, b: &Seen) -> bool {
    match (a, b) {
        // In the same order (the usual case) without the quadratic look-ups, which a
        // hostile answer of thousands of records would make slow.
        (Seen::Items(a), Seen::Items(b)) if a == b => true,
        (Seen::Items(a), Seen::Items(b)) => {
            a.iter().all(|x| b.contains(x)) && b.iter().all(|x| a.contains(x))
        }
        (Seen::Servfail, Seen::Servfail) | (Seen::NoDomain, Seen::NoDomain) => true,
        _ => false,
    }
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
    let pairs = [
        (Question::Sts, &cx.obs.sts_txt, &c.sts_txt),
        (Question::Mx, &cx.obs.mx, &c.mx),
        (Question::Tlsrpt, &cx.obs.tlsrpt_txt, &c.tlsrpt_txt),
    ];
    if pairs.iter().any(|(_, a, b)| a.is_none() || b.is_none()) {
        return None;
    }
    let mut out = Vec::new();
    let mut failed = Vec::new();
    let mut who = Vec::new();
    let mut alone = Vec::new();
    let mut agreed = Vec::new();
    for (q, first, second) in pairs {
        let (Some(first), Some(second)) = (first, second) else {
            continue;
        };
        let (Ok(a), Ok(b), false, false) =
            (first, second, lookup::failed(first), lookup::failed(second))
        else {
            for lookup in [first, second] {
                if lookup::failed(lookup) {
                    failure(&question_name(q, d), lookup, &mut failed, &mut who);
                }
            }
            continue;
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
        if same(&seen_a, &seen_b) {
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
        let mut f = Finding::new(
            Code::DnsConsistencyResolverFailed,
            Severity::Unknown,
            format!(
                "The resolvers could not be compared: {} did not answer",
                and_list(&who)
            ),
            "A failed lookup says nothing about the domain. The rest of the report uses the \
             first resolver's answers.",
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
            "The resolver asked first failed, and the other stood in for it. The rest of the \
             report uses its answers.",
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
            "Compared: the record's id, the MX hosts (preference and name, without case or the \
             final dot) and the TLS-RPT rua, which is what senders act on.",
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
                push_new(who, name);
                evidence.push(Evidence::new(label, attempt.clone()));
            }
        }
        Ok(a) => {
            push_new(who, &a.resolver);
            evidence.push(Evidence::new(label, a.rcode.as_str()).from(dns_provenance(a)));
        }
    }
}

fn push_new(list: &mut Vec<String>, item: &str) {
    if !list.iter().any(|x| x == item) {
        list.push(item.to_owned());
    }
}

fn seen(q: Question, d: &str, a: &DnsAnswer) -> Seen {
    match (a.rcode, q) {
        (Rcode::ServFail, _) => return Seen::Servfail,
        (Rcode::NxDomain, Question::Mx) => return Seen::NoDomain,
        _ => {}
    }
    let texts = || -> Vec<String> {
        txt_texts(a)
            .into_iter()
            .filter(|t| candidate(q, t))
            .collect()
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
            // Data that does not read as an MX record still differs if it differs.
            a.of_type()
                .map(|r| match &r.data {
                    RecordData::Mx(h) => format!(
                        "{} {}",
                        h.preference,
                        h.exchange.trim_end_matches('.').to_ascii_lowercase()
                    ),
                    other => other.text().into_owned(),
                })
                .collect()
        }
        Question::Tlsrpt => {
            let texts = texts();
            match texts.as_slice() {
                [one] => match parse_tlsrpt_record(one) {
                    Ok(r) => r.rua.iter().map(|u| format!("rua {u}")).collect(),
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
    let time = ttl.map(|t| human_duration(u64::from(t)));
    let until = time
        .as_ref()
        .map_or_else(String::new, |t| format!(" for up to {t}"));
    let mut f = if let Some((bad, good)) = servfail {
        Finding::new(
            Code::DnsConsistencyServfail,
            Severity::Warn,
            format!("{bad} fails to look up the {what} of {d} (SERVFAIL); {good} does not"),
            format!(
                "Both validate DNSSEC, so most often only one of them treats a DNSSEC fault as \
                 fatal (an algorithm or NSEC3 setting, a key change it has not caught up with), \
                 or it cannot reach a name server. Senders whose resolvers do as {bad} does \
                 cannot read it."
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
                "It was just added or removed, and one provider still has the old answer: senders \
                 may get either. {has} may keep the record{until}; how long {hasnt} keeps \
                 \"none\" is set by the zone's SOA (negative caching), not seen here."
            ),
        )
        .reference(Reference::rfc("2308", "5"))
    } else {
        let title = format!("{x} and {y} see the {what} of {d} differently");
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
                "A change is on its way, or one provider's cache is stale: senders may get \
                 either version{until}. {effect}"
            ),
        )
        .reference(match q {
            Question::Sts => Reference::rfc8461("3.1"),
            Question::Mx => Reference::rfc("5321", "5.1"),
            Question::Tlsrpt => Reference::rfc8460("3"),
        })
    };
    if servfail.is_none() {
        let wait = time.as_deref().unwrap_or("a while");
        f = f.fix(Fix::action(format!(
            "After a change, wait {wait} and check again. If the answers still differ, the \
             domain's name servers are out of step: ask each (`dig NS {d}`, then \
             `dig @<server> {}`) and fix the one behind.",
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
