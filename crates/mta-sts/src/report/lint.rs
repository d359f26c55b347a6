//! Checking one text on its own, without DNS or HTTPS: what `mta-sts lint` runs, and what a
//! set-up assistant can run on the texts it generates. Evidence is marked as pasted.

use crate::finding::{Code, Evidence, Finding, Provenance, Reference, Severity};
use crate::mx::{check_coverage, MxHost};
use crate::policy::check_policy;
use crate::record::check_sts_texts;
use crate::tlsrpt::check_tlsrpt_texts;

/// A policy body, as served (bytes).
pub fn lint_policy(body: &[u8]) -> Vec<Finding> {
    check_policy(body, &Provenance::Pasted).findings
}

/// A `_mta-sts` TXT value. Zone-file quoting (`"v=STSv1; " "id=1"`) is undone first, and the
/// strings joined with no separator, as senders do (RFC 8461 §3.1).
pub fn lint_sts_record(domain: &str, text: &str) -> Vec<Finding> {
    let (joined, strings) = unquote(text);
    let check = check_sts_texts(domain, std::slice::from_ref(&joined));
    let mut out = Vec::new();
    if strings.len() > 1 {
        out.push(joined_note(Code::StsRecordSplit, &strings, &joined));
    }
    // A text that is no MTA-STS record already fails in check_sts_texts (other-records-only,
    // or discarded with its reason): nothing to add here.
    out.extend(stamped(check.findings));
    out
}

/// A `_smtp._tls` TXT value, unquoted like [`lint_sts_record`].
pub fn lint_tlsrpt_record(domain: &str, text: &str) -> Vec<Finding> {
    let (joined, strings) = unquote(text);
    let mut out = Vec::new();
    if strings.len() > 1 {
        out.push(joined_note(Code::TlsrptRecordSplit, &strings, &joined));
    }
    out.extend(stamped(check_tlsrpt_texts(domain, &[joined])));
    out
}

/// MX hosts against a policy's `mx` patterns (`mx-coverage`). An empty host list is the
/// implicit MX (the domain itself).
pub fn lint_mx(domain: &str, policy_body: &[u8], hosts: &[MxHost]) -> Vec<Finding> {
    let policy = check_policy(policy_body, &Provenance::Pasted).policy;
    stamped(check_coverage(domain, &policy, hosts))
}

/// An MX host as given on a command line: `HOST` or `PREF:HOST`. Hosts without a preference
/// get 10, 20, … in the order given (`index` counts from 0).
pub fn parse_mx_arg(arg: &str, index: usize) -> Option<MxHost> {
    let (preference, exchange) = match arg.split_once(':') {
        Some((pref, host)) => (pref.trim().parse::<u16>().ok()?, host.trim()),
        None => (
            u16::try_from(index.saturating_add(1).saturating_mul(10)).unwrap_or(u16::MAX),
            arg.trim(),
        ),
    };
    let ok = !exchange.is_empty() && !exchange.contains(char::is_whitespace);
    ok.then(|| MxHost {
        preference,
        exchange: exchange.to_owned(),
    })
}

/// The policy domain, guessed from MX host names: the labels all hosts share at the end,
/// less one label when that is a whole host name (`mx1.example.com`, `mx2.example.com` →
/// `example.com`; `mail.example.com` → `example.com`). `None` when the hosts share no
/// label or fewer than two, which would leave only a top-level domain.
pub fn derive_domain(hosts: &[MxHost]) -> Option<String> {
    let labels: Vec<Vec<String>> = hosts
        .iter()
        .map(|h| {
            h.exchange
                .trim_end_matches('.')
                .split('.')
                .rev()
                .map(str::to_ascii_lowercase)
                .collect()
        })
        .collect();
    let first = labels.first()?;
    let mut common = first.len();
    for other in &labels {
        common = common.min(first.iter().zip(other).take_while(|(a, b)| a == b).count());
    }
    if labels.iter().any(|l| l.len() == common) {
        common = common.saturating_sub(1);
    }
    if common < 2 {
        return None;
    }
    let mut domain: Vec<&str> = first.iter().take(common).map(String::as_str).collect();
    domain.reverse();
    Some(domain.join("."))
}

fn stamped(mut findings: Vec<Finding>) -> Vec<Finding> {
    super::context::stamp(&mut findings, &Provenance::Pasted);
    findings
}

fn joined_note(code: Code, strings: &[String], joined: &str) -> Finding {
    let mut f = Finding::new(
        code,
        Severity::Info,
        format!("The record is given as {} quoted strings, which senders join with nothing between them", strings.len()),
        "The joined text below is what senders read; a space meant to sit between two strings is lost.",
    )
    .reference(Reference::rfc8461("3.1"));
    for (i, s) in strings.iter().enumerate() {
        f = f.evidence(
            Evidence::new(format!("string {}", i + 1), s.clone()).from(Provenance::Pasted),
        );
    }
    f.evidence(Evidence::new("joined", joined).from(Provenance::Pasted))
}

/// Undoes zone-file quoting (`"a" "b"` → `ab`, with `\"`, `\\` and `\DDD` escapes) as the DoH
/// decoder does for Cloudflare's answers: the same presentation form. Text that is not
/// entirely quoted strings is taken as it is.
fn unquote(text: &str) -> (String, Vec<String>) {
    // A record pasted from a zone file may span lines: line ends separate strings too.
    let flat = text.trim().replace(['\r', '\n'], " ");
    let strings = crate::doh::txt::txt_strings(&flat);
    match strings.as_slice() {
        [one] if !text.trim_start().starts_with('"') => (text.to_owned(), vec![one.clone()]),
        _ => (strings.concat(), strings),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zone_file_quoting_is_undone() {
        // (input, joined, number of strings) — TXT-05
        let cases = [
            ("\"v=STSv1; \"\n  \"id=1\"", "v=STSv1; id=1", 2),
            ("v=STSv1; id=1", "v=STSv1; id=1", 1),
            ("\"v=STSv1; id=1\"", "v=STSv1; id=1", 1),
            ("\"v=STSv1; id=\" \"abc;\"", "v=STSv1; id=abc;", 2),
            ("\"a\\\"b\\\\c\\059\"", "a\"b\\c;", 1),
            ("\"unterminated", "\"unterminated", 1),
            ("\"a\" b", "\"a\" b", 1),
            ("\"\\999\"", "\"\\999\"", 1),
        ];
        for (input, joined, n) in cases {
            let (j, strings) = unquote(input);
            assert_eq!((j.as_str(), strings.len()), (joined, n), "{input}");
        }
    }

    #[test]
    fn mx_arguments_and_derived_domains() {
        let cases = [
            ("mx.example.com", 0, Some((10, "mx.example.com"))),
            ("5:mx.example.com.", 3, Some((5, "mx.example.com."))),
            ("x:mx.example.com", 0, None),
            ("", 0, None),
            ("70000:mx", 0, None),
        ];
        for (arg, i, want) in cases {
            let got = parse_mx_arg(arg, i).map(|h| (h.preference, h.exchange));
            assert_eq!(got, want.map(|(p, h)| (p, h.to_owned())), "{arg}");
        }
        let hosts = |names: &[&str]| -> Vec<MxHost> {
            names
                .iter()
                .map(|n| MxHost {
                    preference: 10,
                    exchange: (*n).to_owned(),
                })
                .collect()
        };
        let cases: [(&[&str], Option<&str>); 6] = [
            (
                &["mx1.example.com", "mx2.example.com."],
                Some("example.com"),
            ),
            (&["mail.example.com"], Some("example.com")),
            (
                &["aspmx.l.google.com", "alt1.aspmx.l.google.com"],
                Some("l.google.com"),
            ),
            (&["mx.example.com", "mx.example.net"], None),
            (&["example.com"], None),
            (&[], None),
        ];
        for (names, want) in cases {
            assert_eq!(derive_domain(&hosts(names)).as_deref(), want, "{names:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn any_argument_is_taken_without_panic(text in ".{0,80}", index in proptest::num::usize::ANY) {
            let _ = unquote(&text);
            let host = parse_mx_arg(&text, index);
            let _ = derive_domain(&host.into_iter().collect::<Vec<_>>());
        }
    }
}
