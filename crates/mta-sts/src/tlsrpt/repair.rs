//! Corrected TLS-RPT records for fixes: the usable addresses of a broken or untidy record (or
//! of several records), in one `rua` field, written the way RFC 8460 §3 requires.

use super::parse;
use super::uri::uri_problem;
use crate::finding::Severity;

/// The record to publish when there is none: reports to `tlsrpt@<domain>`.
pub fn example_tlsrpt_record(domain: &str) -> String {
    format!("v=TLSRPTv1; rua=mailto:tlsrpt@{domain}")
}

pub(super) fn merged(domain: &str, texts: &[&str]) -> String {
    repair(domain, texts).text
}

/// The record `text` was meant to be, as a complete valid TLS-RPT record: `v=TLSRPTv1`, one
/// `rua` field with every usable address (DMARC-style `!10m` suffixes removed), then the
/// other valid fields. With no usable address it uses `mailto:tlsrpt@<domain>`.
pub fn suggest_tlsrpt_record(text: &str, domain: &str) -> String {
    repair(domain, &[text]).text
}

pub(super) struct Repaired {
    pub text: String,
    pub dropped: Vec<String>,
    pub defaulted: bool,
}

pub(super) fn repair(domain: &str, texts: &[&str]) -> Repaired {
    let mut uris: Vec<String> = Vec::new();
    let mut extra: Vec<(String, String)> = Vec::new();
    let mut dropped = Vec::new();
    for text in texts {
        for (name, value, whole) in crate::record::loose_fields(text) {
            if name.eq_ignore_ascii_case("v") {
                continue;
            }
            if !name.eq_ignore_ascii_case("rua") {
                if crate::record::is_valid_ext(name, value) && !extra.iter().any(|(n, _)| n == name)
                {
                    extra.push((name.to_owned(), value.to_owned()));
                } else {
                    dropped.push(whole.to_owned());
                }
                continue;
            }
            for part in value.split(',') {
                let part = part.trim_matches(|c: char| c.is_whitespace());
                if part.is_empty() {
                    continue;
                }
                let bare = part.split('!').next().unwrap_or(part);
                if usable_uri(bare) {
                    if !uris.iter().any(|u| u == bare) {
                        uris.push(bare.to_owned());
                    }
                } else {
                    dropped.push(part.to_owned());
                }
            }
        }
    }
    let defaulted = uris.is_empty();
    if defaulted {
        uris.push(format!("mailto:tlsrpt@{domain}"));
    }
    let mut text = format!("v=TLSRPTv1; rua={}", uris.join(","));
    for (name, value) in extra {
        text.push_str(&format!("; {name}={value}"));
    }
    Repaired {
        text,
        dropped,
        defaulted,
    }
}

fn usable_uri(uri: &str) -> bool {
    matches!(parse::tlsrpt_uri(uri), Ok(("", _)))
        && uri_problem(uri).is_none_or(|p| p.severity != Severity::Fail)
}
