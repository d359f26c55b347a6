//! What the `sts-record` and `tlsrpt-record` checks share: each reads the TXT record set at
//! one name (`_mta-sts.<domain>`, `_smtp._tls.<domain>`), where only the records that begin
//! with its version tag count and everything else is discarded. The two differ in who reads
//! the records (senders, reporters), the tag and the RFC section, which the callers pass in.

use crate::finding::{Code, Evidence, Finding, Fix, Reference, Severity};
use crate::record::is_wsp;

/// Why readers discard a text evidently meant as a record whose version tag is `tag`
/// (`v=STSv1`, `v=TLSRPTv1`).
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Discard {
    /// Whitespace before the tag.
    LeadingSpace,
    /// The tag in another case (`v=stsv1`).
    TagCase,
    /// The tag somewhere, but not first.
    TagNotFirst,
    /// Anything else (another version, no `;` after the tag).
    Other,
}

pub(crate) fn discard_reason(text: &str, tag: &str) -> Discard {
    let lower = text.to_ascii_lowercase();
    let tag_lower = tag.to_ascii_lowercase();
    if text.starts_with(is_wsp) {
        Discard::LeadingSpace
    } else if lower.starts_with(&tag_lower) && !text.starts_with(tag) {
        Discard::TagCase
    } else if !lower.starts_with("v=") && lower.contains(&tag_lower) {
        Discard::TagNotFirst
    } else {
        Discard::Other
    }
}

/// Whether `text` is the version tag `tag` with nothing after it but whitespace and `;`: the
/// required field (`id`, `rua`) is what is missing.
pub(crate) fn is_bare_tag(text: &str, tag: &str) -> bool {
    text.strip_prefix(tag)
        .is_some_and(|rest| rest.trim_matches(|c| is_wsp(c) || c == ';').is_empty())
}

/// Whether a TXT text is an SPF record (`v=spf1 …`), which has no business at these names.
pub(crate) fn is_spf(text: &str) -> bool {
    text.trim_start().to_ascii_lowercase().starts_with("v=spf1")
}

/// The records at `name` that `reader` ("Senders", "Reporters") discards, one evidence item
/// each; `counts` says which records do count.
pub(crate) fn others_ignored(
    code: Code,
    reference: Reference,
    reader: &str,
    name: &str,
    counts: &str,
    ignored: Vec<Evidence>,
) -> Finding {
    let title = if ignored.len() == 1 {
        format!("{reader} ignore the other TXT record at {name}")
    } else {
        format!(
            "{reader} ignore the {} other TXT records at {name}",
            ignored.len()
        )
    };
    let mut f = Finding::new(code, Severity::Info, title, counts).reference(reference);
    for e in ignored {
        f = f.evidence(e);
    }
    f
}

/// An SPF record at `name`: harmless, but usually a sign of a wildcard TXT record or a DNS
/// provider's copy. `effect` is the first sentence: what it does to the protocol.
pub(crate) fn spf_published(
    code: Code,
    reference: Reference,
    name: &str,
    domain: &str,
    effect: &str,
    spf: Evidence,
) -> Finding {
    Finding::new(
        code,
        Severity::Info,
        format!("An SPF record is published at {name}"),
        format!(
            "{effect} An SPF record at this name usually means that a wildcard TXT record \
             (*.{domain}) answers for every name, or that the DNS provider copied the domain's \
             SPF record here."
        ),
    )
    .reference(reference)
    .evidence(spf)
    .fix(Fix::action(format!(
        "Check the zone of {domain} for a wildcard TXT record, and remove the SPF record from \
         {name} if it was added there by mistake."
    )))
}
