//! Whether a host's TLSA records match what it presented to the probe: the SHA-256 digests
//! of each certificate it sent and of their keys (RFC 6698 §2.1, RFC 7671 §5).

use super::{described, Ctx, Dane};
use crate::finding::{Code, Evidence, Finding, Fix, Reference, Severity};
use crate::lookup::tlsa_name;
use crate::relay::CertificateFacts;
use crate::tlsa::{hex, Tlsa};

/// The certificate the probe saw for `host`, with where it was seen; `None` without a probe
/// that reached it.
fn presented<'a>(cx: &'a Ctx, host: &str) -> Option<&'a CertificateFacts> {
    let probe = cx.obs.relay.as_ref()?.result.as_ref().ok()?;
    probe
        .mx
        .hosts
        .iter()
        .find(|h| h.host.trim_end_matches('.').eq_ignore_ascii_case(host))?
        .certificate
        .as_ref()
}

/// The `3 1 1` record for the key `host` presented, ready to paste into a zone.
pub(super) fn suggested(cx: &Ctx, host: &str) -> Option<String> {
    let spki = presented(cx, host)?.spki_sha256.first()?;
    (!spki.is_empty()).then(|| format!("{}. IN TLSA 3 1 1 {spki}", tlsa_name(host)))
}

/// Whether `t` (a SHA-256 record) matches the chain as presented: of the whole certificate
/// (selector 0) or of its key (1); DANE-EE (3) the end-entity certificate, DANE-TA (2) one
/// the host sent after it, its trust anchor (RFC 7671 §5.2: the server sends it in its chain).
fn matches(t: &Tlsa, cert: &CertificateFacts) -> bool {
    let data = hex(&t.data);
    let digests = if t.selector == 0 {
        &cert.cert_sha256
    } else {
        &cert.spki_sha256
    };
    let skip = usize::from(t.usage != 3);
    let take = if t.usage == 3 { 1 } else { usize::MAX };
    digests
        .iter()
        .skip(skip)
        .take(take)
        .any(|d| d.eq_ignore_ascii_case(&data))
}

/// The comparison for one host with DANE; nothing without a probe.
pub(super) fn compare(cx: &Ctx, d: &Dane) -> Option<Finding> {
    let relay = cx.obs.relay.as_ref()?;
    let source = relay.provenance();
    let unknown = |detail: &str| {
        Finding::new(
            Code::MxDaneMatchUnknown,
            Severity::Unknown,
            format!(
                "`{}`: its certificate was not compared with its TLSA records",
                d.host
            ),
            detail,
        )
        .reference(Reference::rfc("7671", "5"))
    };
    let Some(cert) = presented(cx, d.host) else {
        return Some(unknown("The probe saw no certificate from it."));
    };
    if cert.cert_sha256.is_empty() {
        return Some(unknown(
            "The probe gave no certificate digests (an older relay).",
        ));
    }
    let mut chain = Vec::new();
    for (i, (c, k)) in cert.cert_sha256.iter().zip(&cert.spki_sha256).enumerate() {
        chain.push(
            Evidence::new(format!("certificate {} SHA-256", i + 1), c.clone()).from(source.clone()),
        );
        chain.push(
            Evidence::new(format!("certificate {} key SHA-256", i + 1), k.clone())
                .from(source.clone()),
        );
    }
    let sha256 = |t: &&&Tlsa| t.matching_type == 1;
    // DANE-TA leaves the name and the dates to be checked as usual; only DANE-EE skips them
    // (RFC 7672 §3.1.1, §3.1.2).
    let at = cx
        .obs
        .relay
        .as_ref()
        .and_then(|r| r.result.as_ref().ok())
        .map_or(0, |p| p.checked_at_unix);
    let fit = cert.valid_for_name && !cert.expired(at) && !cert.not_yet_valid(at);
    let matched = |t: &&&Tlsa| matches(t, cert);
    let accepted = d
        .usable
        .iter()
        .filter(sha256)
        .find(|t| matched(t) && (t.usage == 3 || fit));
    let unfit = d.usable.iter().filter(sha256).find(matched);
    if let (None, Some(t)) = (accepted, unfit) {
        let mut f = Finding::new(
            Code::MxDaneNoMatch,
            Severity::Fail,
            format!(
                "`{}`: its chain matches a DANE-TA record, but its certificate is not valid for                  the host now",
                d.host
            ),
            "With usage 2 senders still check the certificate's name and dates; it fails              them, so DANE senders refuse it and queue the mail (see mx-certificate).",
        )
        .evidence(Evidence::new(
            format!("TLSA {}", tlsa_name(d.host)),
            described(t),
        ))
        .reference(Reference::rfc("7672", "3.1.2"));
        f.evidence.extend(chain);
        return Some(f);
    }
    if let Some(t) = accepted {
        let mut f = Finding::new(
            Code::MxDaneMatch,
            Severity::Pass,
            format!("`{}`'s certificate matches its TLSA records", d.host),
            "DANE senders accept it.",
        )
        .evidence(Evidence::new(
            format!("TLSA {}", tlsa_name(d.host)),
            described(t),
        ));
        f.evidence.extend(chain);
        return Some(f);
    }
    if !d.usable.iter().all(|t| sha256(&t)) {
        return Some(unknown(
            "Only SHA-256 records are compared here, not matching types 0 and 2.",
        ));
    }
    // A key the probe could not read, where a record would be compared with it, is no
    // mismatch: the leaf's for usage 3, the chain's after it for usage 2.
    let key_missing = |i: usize| cert.spki_sha256.get(i).is_none_or(String::is_empty);
    let unread = |t: &&&Tlsa| match t.usage {
        3 => key_missing(0),
        _ => (1..cert.cert_sha256.len()).any(key_missing),
    };
    if d.usable.iter().any(|t| t.selector == 1 && unread(&t)) {
        return Some(unknown(
            "The probe could not read the key of a certificate the host sent.",
        ));
    }
    let mut f = Finding::new(
        Code::MxDaneNoMatch,
        Severity::Fail,
        format!(
            "`{}`'s certificate matches none of its TLSA records",
            d.host
        ),
        "DANE senders refuse it and queue the mail. Usage 3 must match the host's own \
         certificate or key, usage 2 a CA certificate it sends in its chain.",
    )
    .reference(Reference::rfc("7672", "3.1"));
    for t in &d.usable {
        f = f.evidence(Evidence::new(
            format!("TLSA {}", tlsa_name(d.host)),
            described(t),
        ));
    }
    f.evidence.extend(chain);
    if let Some(paste) = suggested(cx, d.host) {
        f = f.fix(Fix::with_paste(
            "Publish the record for the key the host presents:",
            paste,
        ));
    }
    Some(f)
}
