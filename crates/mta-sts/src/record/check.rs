//! `sts-record` findings about the TXT record set at `_mta-sts.<domain>`.

use super::derived_id;
use super::repair::repair_sts;
use super::{is_sts_candidate, is_wsp, parse_sts_fields, parse_sts_record, StsRecordCheck};
use crate::finding::{Code, Evidence, Finding, Fix, Reference, Severity};
use crate::txt_set::{self, discard_reason, is_bare_tag, is_spf, spf_published, Discard};

fn finding(code: Code, severity: Severity, title: String, detail: String) -> Finding {
    Finding::new(code, severity, title, detail).reference(Reference::rfc8461("3.1"))
}

fn erratum_6285() -> Reference {
    Reference::other(
        "RFC 8461 erratum 6285",
        Some("https://www.rfc-editor.org/errata/eid6285"),
    )
}

/// What a TXT text at `_mta-sts` is.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// Kept by RFC 8461 §3.1's discard rule.
    Candidate,
    /// Discarded, but evidently meant as an MTA-STS record (`v=stsv1`, ` v=STSv1`, `v=STSv1`).
    NearMiss,
    Spf,
    Other,
}

fn kind(text: &str) -> Kind {
    if is_sts_candidate(text) {
        Kind::Candidate
    } else if text.to_ascii_lowercase().contains("stsv") {
        Kind::NearMiss
    } else if is_spf(text) {
        Kind::Spf
    } else {
        Kind::Other
    }
}

pub(super) fn check_sts_texts(domain: &str, texts: &[String]) -> StsRecordCheck {
    let name = format!("_mta-sts.{domain}");
    let label = format!("TXT at {name}");
    let evidence = |text: &str| Evidence::new(label.clone(), text);
    let of = |k: Kind| texts.iter().filter(move |t| kind(t) == k);
    let candidates: Vec<&String> = of(Kind::Candidate).collect();
    let mut findings = Vec::new();
    let mut record = None;

    match candidates.as_slice() {
        [] if texts.is_empty() => {}
        [] => {
            let near: Vec<&String> = of(Kind::NearMiss).collect();
            for text in &near {
                findings.push(discarded(text, evidence(text)));
            }
            if near.is_empty() {
                findings.push(no_candidate(domain, texts, &evidence));
            } else {
                let others: Vec<&String> = of(Kind::Other).collect();
                if !others.is_empty() {
                    findings.push(others_ignored(&name, &others, &evidence));
                }
            }
        }
        [one] => {
            let (f, r) = judge_one(domain, one, evidence(one));
            findings.extend(f);
            record = r;
        }
        many => {
            let mut f = finding(
                Code::StsRecordMultiple,
                Severity::Fail,
                format!(
                    "There are {} MTA-STS records at {name}, so senders see no policy",
                    many.len()
                ),
                "RFC 8461 §3.1 says that when more than one TXT record begins with `v=STSv1;`, \
                 senders treat the domain as having no MTA-STS policy, even if each record is \
                 valid on its own. This often happens when a record is added for a policy \
                 change instead of the old one being edited."
                    .to_owned(),
            )
            .fix(Fix::action(format!(
                "Delete all but one of these records at {name}, keeping the one whose id you \
                 use for the policy published now. On each policy change, edit that record's id \
                 rather than adding a record."
            )));
            for text in many {
                f = f.evidence(evidence(text));
            }
            findings.push(f);
        }
    }

    if !candidates.is_empty() {
        let ignored: Vec<&String> = texts
            .iter()
            .filter(|t| matches!(kind(t), Kind::NearMiss | Kind::Other))
            .collect();
        if !ignored.is_empty() {
            findings.push(others_ignored(&name, &ignored, &evidence));
        }
    }
    if let Some(spf) = of(Kind::Spf).next() {
        findings.push(spf_published(
            Code::StsRecordSpf,
            Reference::rfc8461("3.1"),
            &name,
            domain,
            "Senders ignore it, so it does no harm to MTA-STS.",
            evidence(spf),
        ));
    }

    StsRecordCheck {
        findings,
        record,
        candidates: candidates.len(),
    }
}

/// Findings for the one candidate, and the record when it is usable.
fn judge_one(
    domain: &str,
    text: &str,
    evidence: Evidence,
) -> (Vec<Finding>, Option<super::StsRecord>) {
    let record = match parse_sts_record(text) {
        Ok(record) => record,
        Err(err) => return (vec![unusable(text, evidence, &err)], None),
    };
    let mut findings = Vec::new();
    let tidy = repair_sts(text).text;

    let before_semicolon = text
        .strip_prefix("v=STSv1")
        .is_some_and(|rest| rest.starts_with(is_wsp));
    if before_semicolon {
        findings.push(
            Finding::new(
                Code::StsRecordSpaceBeforeSemicolon,
                Severity::Warn,
                "Whitespace before the first ';' may make some senders discard the MTA-STS record",
                "The RFC's grammar allows `v=STSv1 ;`, but its discard rule keeps only records \
                 that begin with `v=STSv1;` (erratum 6285). Senders that read the rule literally \
                 discard the record and see no policy; others, such as mox, accept it.",
            )
            .evidence(evidence.clone())
            .fix(Fix::with_paste(
                "Publish the record with the ';' right after `v=STSv1`:",
                tidy.clone(),
            ))
            .reference(erratum_6285()),
        );
    }

    let mut seen: Vec<&str> = Vec::new();
    for field in &record.fields {
        let name = field.name.as_str();
        if seen.contains(&name) || name == "v" {
            continue;
        }
        seen.push(name);
        let repeats: Vec<&str> = record
            .fields
            .iter()
            .filter(|f| f.name == name)
            .map(|f| f.value.as_str())
            .collect();
        if repeats.len() > 1 {
            findings.push(duplicate(name, &repeats, evidence.clone(), &tidy));
        }
    }
    if record.fields.iter().any(|f| f.name == "v") {
        findings.push(
            Finding::new(
                Code::StsRecordVersionRepeated,
                Severity::Warn,
                "The version `v=STSv1` is repeated as a field; senders ignore the repeat",
                "Only the first `v=STSv1` is the version; a later `v=` is an unknown field, which \
                 RFC 8461 §3.2 tells senders to ignore. Some checkers (DomainDetective) reject \
                 the record for it, so remove the repeat.",
            )
            .evidence(evidence.clone())
            .fix(Fix::with_paste(
                "Publish the record without the repeat:",
                tidy.clone(),
            ))
            .reference(Reference::rfc8461("3.2")),
        );
    }

    let unknown: Vec<String> = record
        .fields
        .iter()
        .filter(|f| f.name != "id" && f.name != "v")
        .map(|f| format!("{}={}", f.name, f.value))
        .collect();
    if !unknown.is_empty() {
        findings.push(
            Finding::new(
                Code::StsRecordExtensionFields,
                Severity::Info,
                format!(
                    "Senders ignore the extra field{} {}",
                    if unknown.len() == 1 { "" } else { "s" },
                    quote_list(&unknown)
                ),
                "RFC 8461 defines only `v` and `id` in this record. Other fields are allowed \
                 and senders must ignore them, so they change nothing.",
            )
            .evidence(evidence.clone())
            .reference(Reference::rfc8461("3.2")),
        );
    }

    // The id reminder rides on the pass finding: a healthy record should read as a pass, and
    // the reminder is advice, not something found wrong.
    findings.push(
        finding(
            Code::StsRecordValid,
            Severity::Pass,
            format!("The MTA-STS record is valid; its id is {}", record.id),
            format!(
                "Senders that support MTA-STS find this record and, whenever its id is new to \
                 them, fetch the policy from https://mta-sts.{domain}/.well-known/mta-sts.txt. \
                 Ids have no order: any change counts, so change the id whenever you change \
                 the policy, after publishing the new policy (RFC 8461 §3.1, §8.1)."
            ),
        )
        .evidence(evidence.clone())
        .fix(Fix::action(
            "After each policy change, set the id to something new, such as the date and time \
             of the change written without separators (20240131T120000Z).",
        )),
    );
    (findings, Some(record))
}

fn duplicate(name: &str, values: &[&str], evidence: Evidence, tidy: &str) -> Finding {
    let first = values.first().copied().unwrap_or_default();
    let later: Vec<String> = values
        .iter()
        .skip(1)
        .map(|v| format!("{name}={v}"))
        .collect();
    Finding::new(
        Code::StsRecordDuplicateField,
        Severity::Warn,
        format!(
            "The field `{name}` appears {} times; senders use the first, `{name}={first}`",
            values.len()
        ),
        format!(
            "RFC 8461 §3.2 says that when a field is repeated only the first counts, so senders \
             ignore {}. Some checkers (checkdmarc, DomainDetective) wrongly reject the record \
             for this; removing the repeat avoids the confusion.",
            quote_list(&later)
        ),
    )
    .evidence(evidence)
    .fix(Fix::with_paste(
        format!("Publish the record with `{name}` once:"),
        tidy,
    ))
    .reference(Reference::rfc8461("3.2"))
}

/// The one candidate breaks the grammar or has no valid id.
fn unusable(text: &str, evidence: Evidence, err: &super::SyntaxError) -> Finding {
    let grammar_ok = parse_sts_fields(text).is_ok();
    let detail = if grammar_ok {
        // The id is the problem (TXT-07, TXT-10).
        "The id must be 1 to 32 letters (A-Z, a-z) and digits (0-9), nothing else, and it is \
         required (RFC 8461 §3.1). Senders that follow the RFC discard the record and see no \
         policy; a few (such as Stalwart and go-mtasts) accept any id, so the policy may work \
         for some senders and not for others."
            .to_owned()
    } else {
        format!(
            "The record breaks the grammar of RFC 8461 §3.1 at character {}, and senders that \
             follow the RFC discard a record they cannot parse, then treat the domain as having \
             no MTA-STS policy. Some senders are more lenient, but only a record that follows \
             the grammar works with all of them.",
            err.offset.saturating_add(1)
        )
    };
    let code = if is_bare_tag(text, "v=STSv1") {
        Code::StsRecordIdMissing
    } else if !grammar_ok {
        Code::StsRecordSyntax
    } else if parse_sts_fields(text).is_ok_and(|fields| fields.iter().any(|f| f.name == "id")) {
        Code::StsRecordIdInvalid
    } else {
        Code::StsRecordIdMissing
    };
    let mut f = finding(
        code,
        Severity::Fail,
        format!("Senders ignore the MTA-STS record: {}", err.message),
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
    f.fix(repair_fix(text))
}

/// Why senders discard a text meant as the record, as a code: the version tag's case, space
/// before it, or the tag not first; a right tag without its `;` (the id missing, or the
/// fields run on); anything else is a discarded record in general.
fn discard_code(text: &str) -> Code {
    match discard_reason(text, "v=STSv1") {
        Discard::LeadingSpace => Code::StsRecordLeadingSpace,
        Discard::TagCase => Code::StsRecordVersionCase,
        Discard::TagNotFirst => Code::StsRecordVersionNotFirst,
        Discard::Other if is_bare_tag(text, "v=STSv1") => Code::StsRecordIdMissing,
        Discard::Other
            if text
                .strip_prefix("v=STSv1")
                .is_some_and(|r| r.starts_with(is_wsp)) =>
        {
            Code::StsRecordSyntax
        }
        Discard::Other => Code::StsRecordDiscarded,
    }
}

/// A discarded text that was evidently meant as the MTA-STS record.
fn discarded(text: &str, evidence: Evidence) -> Finding {
    let reason = match parse_sts_record(text) {
        Err(err) => err.message,
        Ok(_) => "it does not begin with `v=STSv1;`".to_owned(),
    };
    finding(
        discard_code(text),
        Severity::Fail,
        format!("Senders discard the MTA-STS record: {reason}"),
        "Senders keep only the TXT records at _mta-sts that begin with exactly `v=STSv1;` \
         (RFC 8461 §3.1), so they discard this one and treat the domain as having no MTA-STS \
         policy. Some checkers are more lenient, but senders that follow the RFC are not."
            .to_owned(),
    )
    .evidence(evidence)
    .fix(repair_fix(text))
}

fn repair_fix(text: &str) -> Fix {
    let repaired = repair_sts(text);
    let mut action =
        "Replace the record with this one, which keeps its fields and follows the RFC's grammar"
            .to_owned();
    if !repaired.dropped.is_empty() {
        action.push_str(&format!(
            " (it leaves out {}, which cannot be written validly or repeats an earlier field)",
            quote_list(&repaired.dropped)
        ));
    }
    action.push(':');
    Fix::with_paste(action, repaired.text)
}

fn no_candidate(domain: &str, texts: &[String], evidence: &dyn Fn(&str) -> Evidence) -> Finding {
    let mut f = finding(
        Code::StsRecordOtherRecordsOnly,
        Severity::Fail,
        format!("No TXT record at _mta-sts.{domain} begins with v=STSv1, so senders see no policy"),
        format!(
            "Senders look for a TXT record at _mta-sts.{domain} that begins with `v=STSv1;` and \
             found only {} other record{}, so they treat the domain as having no MTA-STS policy \
             and never fetch the policy file.",
            texts.len(),
            if texts.len() == 1 { "" } else { "s" }
        ),
    )
    .fix(Fix::with_paste(
        format!(
            "Once the policy is published at https://mta-sts.{domain}/.well-known/mta-sts.txt, \
             add this TXT record at _mta-sts.{domain}. Any 1 to 32 letters and digits will do \
             as the id; a timestamp such as 20240131T120000Z is the usual choice."
        ),
        format!("v=STSv1; id={}", derived_id(domain.as_bytes())),
    ));
    for text in texts {
        f = f.evidence(evidence(text));
    }
    f
}

fn others_ignored(name: &str, ignored: &[&String], evidence: &dyn Fn(&str) -> Evidence) -> Finding {
    txt_set::others_ignored(
        Code::StsRecordOthersIgnored,
        Reference::rfc8461("3.1"),
        "Senders",
        name,
        "Only records that begin with `v=STSv1;` count; others, such as site-verification \
         tokens, are discarded and do no harm.",
        ignored.iter().map(|t| evidence(t)).collect(),
    )
}

/// `a`, `a` and `b`, `a`, `b` and `c`, each in backquotes.
pub(crate) fn quote_list(items: &[String]) -> String {
    let quoted: Vec<String> = items.iter().map(|i| format!("`{i}`")).collect();
    match quoted.as_slice() {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}
