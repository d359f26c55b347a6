//! `tlsrpt-record` findings about the TXT record set at `_smtp._tls.<domain>`.

use super::repair::{example_tlsrpt_record, merged, repair, suggest_tlsrpt_record};
use super::uri::{uri_problem, UriProblem};
use super::{is_tlsrpt_candidate, parse_tlsrpt_record};
use crate::finding::{Code, Evidence, Finding, Fix, Reference, Severity};
use crate::record::is_wsp;
use crate::txt_set::{self, discard_reason, is_bare_tag, is_spf, spf_published, Discard};

fn finding(
    code: Code,
    severity: Severity,
    title: impl Into<String>,
    detail: impl Into<String>,
) -> Finding {
    Finding::new(code, severity, title, detail).reference(Reference::rfc8460("3"))
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// Kept by RFC 8460 §3's discard rule.
    Candidate,
    /// Begins with `v=TLSRPTv1` but no `;` follows (`v=TLSRPTv1`, `v=TLSRPTv1 rua=…`).
    Attempt,
    /// Evidently meant as TLS-RPT (`v=tlsrptv1`, `v=TLSRPTv2`, ` v=TLSRPTv1;`, a `rua=` with
    /// no version): reporters discard it, so it is there but unusable.
    NearMiss,
    Spf,
    Other,
}

fn kind(text: &str) -> Kind {
    let lower = text.trim_start().to_ascii_lowercase();
    if is_tlsrpt_candidate(text) {
        Kind::Candidate
    } else if text
        .strip_prefix("v=TLSRPTv1")
        .is_some_and(|rest| rest.chars().next().is_none_or(is_wsp))
    {
        Kind::Attempt
    } else if lower.contains("tlsrpt") || (text.contains("rua=") && !lower.starts_with("v=")) {
        Kind::NearMiss
    } else if is_spf(text) {
        Kind::Spf
    } else {
        Kind::Other
    }
}

pub(super) fn check_tlsrpt_texts(domain: &str, texts: &[String]) -> Vec<Finding> {
    let name = format!("_smtp._tls.{domain}");
    let label = format!("TXT at {name}");
    let evidence = |text: &str| Evidence::new(label.clone(), text);
    let of = |k: Kind| texts.iter().filter(move |t| kind(t) == k);
    let candidates: Vec<&String> = of(Kind::Candidate).collect();
    let attempts: Vec<&String> = of(Kind::Attempt).collect();
    let mut findings = Vec::new();

    match candidates.as_slice() {
        [] if !attempts.is_empty() => {
            for text in &attempts {
                findings.push(unusable(domain, text, evidence(text)));
            }
        }
        [] => {
            let near: Vec<&String> = of(Kind::NearMiss).collect();
            for text in &near {
                findings.push(discarded(domain, text, evidence(text)));
            }
            if near.is_empty() {
                findings.push(no_record(domain));
            }
            let rest: Vec<&String> = of(Kind::Other).collect();
            if !rest.is_empty() {
                findings.push(others_ignored(&name, &rest, &evidence));
            }
        }
        [one] => findings.extend(judge_one(domain, one, evidence(one))),
        many => {
            let mut f = finding(
                Code::TlsrptRecordMultiple,
                Severity::Fail,
                format!(
                    "There are {} TLS-RPT records at {name}, so reporters send no reports",
                    many.len()
                ),
                "RFC 8460 §3 says that when more than one TXT record begins with `v=TLSRPTv1;`, \
                 the domain does not implement TLS-RPT, even if each record is valid on its own. \
                 Senders then report TLS failures to no one.",
            )
            .fix(Fix::with_paste(
                format!(
                    "Replace these records with one record at {name} that lists every address:"
                ),
                merged(domain, &many.iter().map(|t| t.as_str()).collect::<Vec<_>>()),
            ));
            for text in many {
                f = f.evidence(evidence(text));
            }
            findings.push(f);
        }
    }

    if !candidates.is_empty() {
        let ignored: Vec<&String> = texts
            .iter()
            .filter(|t| matches!(kind(t), Kind::Attempt | Kind::NearMiss | Kind::Other))
            .collect();
        if !ignored.is_empty() {
            findings.push(others_ignored(&name, &ignored, &evidence));
        }
    }
    if let Some(spf) = of(Kind::Spf).next() {
        findings.push(spf_published(
            Code::TlsrptRecordSpf,
            Reference::rfc8460("3"),
            &name,
            domain,
            "Reporters ignore it.",
            evidence(spf),
        ));
    }
    findings
}

fn why_reports(domain: &str) -> String {
    format!(
        "Senders report MTA-STS and STARTTLS failures only to the addresses in a TLS-RPT \
         record at _smtp._tls.{domain} (RFC 8460). Without one, an expired certificate or a \
         policy mistake goes unnoticed until mail stops arriving; RFC 8461 §6 means MTA-STS \
         to be used together with TLS-RPT."
    )
}

/// No record at all: TLS-RPT is optional, so this is a warning.
fn no_record(domain: &str) -> Finding {
    Finding::new(
        Code::TlsrptRecordAbsent,
        Severity::Warn,
        format!(
            "There is no TLS-RPT record, so nobody hears about failed TLS deliveries to {domain}"
        ),
        why_reports(domain),
    )
    .fix(Fix::with_paste(
        format!(
            "Publish this TXT record at _smtp._tls.{domain}, with a mailbox you read (or \
             your reporting service's address):"
        ),
        example_tlsrpt_record(domain),
    ))
    .reference(Reference::rfc8461("6"))
}

/// A record plainly meant as TLS-RPT that reporters discard. It is there but unusable, which
/// is judged as a broken record is (`fail`), not as a missing one: someone meant to receive
/// reports and receives none.
fn discarded(domain: &str, text: &str, evidence: Evidence) -> Finding {
    let reason = match parse_tlsrpt_record(text) {
        Err(err) => err.message,
        Ok(_) => "it does not begin with `v=TLSRPTv1;`".to_owned(),
    };
    let code = match discard_reason(text, "v=TLSRPTv1") {
        Discard::LeadingSpace => Code::TlsrptRecordLeadingSpace,
        Discard::TagCase => Code::TlsrptRecordVersionCase,
        Discard::TagNotFirst => Code::TlsrptRecordVersionNotFirst,
        Discard::Other => Code::TlsrptRecordDiscarded,
    };
    Finding::new(
        code,
        Severity::Fail,
        format!("Reporters discard the TLS-RPT record: {reason}"),
        format!(
            "{} Reporters keep only records that begin with exactly `v=TLSRPTv1;`, so this one \
             counts as no record, and no reports arrive.",
            why_reports(domain)
        ),
    )
    .evidence(evidence)
    .fix(repair_fix(domain, text))
    .reference(Reference::rfc8460("3"))
}

/// Findings for the one candidate.
fn judge_one(domain: &str, text: &str, evidence: Evidence) -> Vec<Finding> {
    let record = match parse_tlsrpt_record(text) {
        Ok(record) => record,
        Err(_) => return vec![unusable(domain, text, evidence)],
    };
    let mut findings = Vec::new();
    let tidy = suggest_tlsrpt_record(text, domain);

    if text
        .strip_prefix("v=TLSRPTv1")
        .is_some_and(|rest| rest.starts_with(is_wsp))
    {
        findings.push(
            Finding::new(
                Code::TlsrptRecordSpaceBeforeSemicolon,
                Severity::Warn,
                "Whitespace before the first ';' may make some reporters discard the TLS-RPT record",
                "The RFC's grammar allows `v=TLSRPTv1 ;`, but its discard rule keeps only \
                 records that begin with `v=TLSRPTv1;` (the same ambiguity as MTA-STS erratum \
                 6285). Reporters that read the rule literally send no reports.",
            )
            .evidence(evidence.clone())
            .fix(Fix::with_paste(
                "Publish the record with the ';' right after `v=TLSRPTv1`:",
                tidy.clone(),
            ))
            .reference(Reference::rfc8460("3")),
        );
    }

    let rua_fields = record.fields.iter().filter(|(n, _)| n == "rua").count();
    if rua_fields > 1 {
        findings.push(
            finding(
                Code::TlsrptRecordRuaRepeated,
                Severity::Warn,
                format!(
                    "The record has {rua_fields} rua fields; RFC 8460 does not say what that means"
                ),
                "Some reporters (mox) send to the addresses of every rua field, others keep only \
                 one field (mimecast keeps the last), and checkers such as checkdmarc reject the \
                 record. One rua field with the addresses separated by commas means the same to \
                 every reporter.",
            )
            .evidence(evidence.clone())
            .fix(Fix::with_paste(
                "Merge the rua fields into one:",
                tidy.clone(),
            )),
        );
    }

    let problems: Vec<(&String, UriProblem)> = record
        .rua
        .iter()
        .filter_map(|uri| uri_problem(uri).map(|p| (uri, p)))
        .collect();
    let usable = record
        .rua
        .iter()
        .filter(|u| uri_problem(u).is_none_or(|p| p.severity != Severity::Fail))
        .count();
    for (uri, problem) in &problems {
        // An unusable address fails the record only when no usable one is left: reports
        // still arrive otherwise, so it is a warning.
        let (severity, consequence) = if problem.severity != Severity::Fail {
            (problem.severity, "")
        } else if usable == 0 {
            (
                Severity::Fail,
                " No address in the record is usable, so no reports arrive.",
            )
        } else {
            (
                Severity::Warn,
                " Reports still go to the record's other addresses.",
            )
        };
        let mut f = finding(
            problem.code,
            severity,
            problem.title.clone(),
            format!("{}{consequence}", problem.detail),
        )
        .evidence(evidence.clone())
        .evidence(Evidence::new("rua URI", uri.as_str()));
        if problem.severity == Severity::Fail {
            f = f.fix(repair_fix(domain, text));
        } else {
            f = f.fix(Fix::action(
                "Use an https URI whose host name can be resolved on the internet, such as \
                 https://tlsrpt.example.com/v1.",
            ));
        }
        findings.push(f);
    }

    if record.rua.len() > 1 {
        findings.push(
            Finding::new(
                Code::TlsrptRecordSeveralRua,
                Severity::Info,
                format!("Reports go to {} addresses", record.rua.len()),
                "RFC 8460 allows several rua URIs: a reporter may send to each or to only one, \
                 and a report counts as delivered once one address accepts it. The UK NCSC's \
                 Mail Check warns about more than one, because only one delivery is \
                 guaranteed; that is its opinion, not an RFC rule.",
            )
            .evidence(evidence.clone())
            .reference(Reference::rfc8460("3")),
        );
    }

    let extra: Vec<String> = record
        .fields
        .iter()
        .filter(|(n, _)| n != "rua")
        .map(|(n, v)| format!("`{n}={v}`"))
        .collect();
    if !extra.is_empty() {
        findings.push(
            finding(
                Code::TlsrptRecordExtensionFields,
                Severity::Info,
                format!(
                    "Reporters ignore the extra field{} {}",
                    if extra.len() == 1 { "" } else { "s" },
                    extra.join(", ")
                ),
                "RFC 8460 defines only `v` and `rua` in this record. Other fields are allowed \
                 and reporters ignore them, so they change nothing.",
            )
            .evidence(evidence.clone()),
        );
    }

    if !problems.iter().any(|(_, p)| p.severity == Severity::Fail) {
        findings.push(
            finding(
                Code::TlsrptRecordValid,
                Severity::Pass,
                format!(
                    "The TLS-RPT record is valid; reports go to {}",
                    record.rua.join(", ")
                ),
                format!(
                    "Senders that support TLS-RPT send a daily report of their TLS successes and \
                     failures for {domain} to {}.",
                    if record.rua.len() == 1 {
                        "this address"
                    } else {
                        "these addresses"
                    }
                ),
            )
            .evidence(evidence),
        );
    }
    findings
}

fn unusable(domain: &str, text: &str, evidence: Evidence) -> Finding {
    let err = match parse_tlsrpt_record(text) {
        Err(err) => err,
        Ok(_) => crate::record::SyntaxError {
            offset: 0,
            message: "it does not begin with `v=TLSRPTv1;`".to_owned(),
        },
    };
    // No rua is the reason when the grammar holds without one, or nothing follows the version.
    let code = if is_bare_tag(text, "v=TLSRPTv1") || super::parse::tlsrpt_record(text).is_ok() {
        Code::TlsrptRecordRuaMissing
    } else {
        Code::TlsrptRecordSyntax
    };
    let detail = if code == Code::TlsrptRecordRuaMissing {
        format!(
            "The rua field tells reporters where to send their reports (RFC 8460 §3), so \
             reporters discard a record without one and send no reports of failed TLS \
             deliveries to {domain}."
        )
    } else {
        format!(
            "The record breaks the grammar of RFC 8460 §3 at character {}, so reporters that \
             follow the RFC discard it and send no reports of failed TLS deliveries to {domain}.",
            err.offset.saturating_add(1)
        )
    };
    let mut f = finding(
        code,
        Severity::Fail,
        format!("Reporters ignore the TLS-RPT record: {}", err.message),
        detail,
    )
    .evidence(evidence.clone());
    if let Some(rest) = text.get(err.offset..).filter(|r| !r.is_empty()) {
        f = f.evidence(Evidence::new(
            format!(
                "{}, from character {}",
                evidence.label,
                err.offset.saturating_add(1)
            ),
            rest,
        ));
    }
    f.fix(repair_fix(domain, text))
}

fn repair_fix(domain: &str, text: &str) -> Fix {
    let repaired = repair(domain, &[text]);
    let mut action =
        "Replace the record with this one, which keeps its usable addresses and follows the RFC's grammar"
            .to_owned();
    if !repaired.dropped.is_empty() {
        let dropped: Vec<String> = repaired.dropped.iter().map(|d| format!("`{d}`")).collect();
        action.push_str(&format!(" (it leaves out {})", dropped.join(", ")));
    }
    if repaired.defaulted {
        action.push_str(&format!(
            "; it sends reports to tlsrpt@{domain}, so change that to a mailbox you read"
        ));
    }
    action.push(':');
    Fix::with_paste(action, repaired.text)
}

fn others_ignored(name: &str, ignored: &[&String], evidence: &dyn Fn(&str) -> Evidence) -> Finding {
    txt_set::others_ignored(
        Code::TlsrptRecordOthersIgnored,
        Reference::rfc8460("3"),
        "Reporters",
        name,
        "Only records that begin with `v=TLSRPTv1;` count; others are discarded and do no harm.",
        ignored.iter().map(|t| evidence(t)).collect(),
    )
}
