//! Whether a host's TLSA records match what it presented to the probe: the SHA-256 digests
//! of each certificate it sent and of their keys (RFC 6698 §2.1, RFC 7671 §5).

use super::{described, quoted, Ctx, Dane};
use crate::finding::{Code, Evidence, Finding, Fix, Reference, Severity};
use crate::lookup::tlsa_name;
use crate::relay::{CertificateDigests, CertificateFacts};
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
    let spki = presented(cx, host)?.digests.first()?.spki_sha256.as_ref()?;
    Some(format!("{}. IN TLSA 3 1 1 {spki}", tlsa_name(host)))
}

/// The digest a record is compared with for one certificate: of the whole certificate
/// (selector 0) or of its key (selector 1).
fn digest_for(t: &Tlsa, d: &CertificateDigests) -> Option<String> {
    match t.selector {
        0 => Some(d.cert_sha256.to_ascii_lowercase()),
        _ => d.spki_sha256.as_ref().map(|s| s.to_ascii_lowercase()),
    }
}

/// Whether `t` (a SHA-256 record) matches the chain as presented: DANE-EE (3) the end-entity
/// certificate, DANE-TA (2) a certificate the host sent after it, its trust anchor (RFC 7671
/// §5.2: the server sends the trust anchor in its chain).
fn matches(t: &Tlsa, digests: &[CertificateDigests]) -> bool {
    let data = hex(&t.data);
    let chain = match t.usage {
        3 => digests.get(..1).unwrap_or_default(),
        _ => digests.get(1..).unwrap_or_default(),
    };
    chain
        .iter()
        .any(|d| digest_for(t, d).is_some_and(|x| x == data))
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
                "Whether {}'s certificate matches its TLSA records could not be checked",
                quoted(d.host)
            ),
            detail,
        )
        .reference(Reference::rfc("7671", "5"))
    };
    let Some(cert) = presented(cx, d.host) else {
        return Some(unknown("The probe saw no certificate from this host."));
    };
    if cert.digests.is_empty() {
        return Some(unknown(
            "The probe did not report certificate digests (a relay older than this page).",
        ));
    }
    let comparable: Vec<&&Tlsa> = d.usable.iter().filter(|t| t.matching_type == 1).collect();
    let mut chain = Vec::new();
    for (i, digest) in cert.digests.iter().enumerate() {
        let which = if i == 0 {
            "end-entity certificate".to_owned()
        } else {
            format!("chain certificate {}", i + 1)
        };
        chain.push(
            Evidence::new(format!("{which} SHA-256"), digest.cert_sha256.clone())
                .from(source.clone()),
        );
        if let Some(spki) = &digest.spki_sha256 {
            chain.push(
                Evidence::new(format!("{which} key (SPKI) SHA-256"), spki.clone())
                    .from(source.clone()),
            );
        }
    }
    if let Some(t) = comparable.iter().find(|t| matches(t, &cert.digests)) {
        let mut f = Finding::new(
            Code::MxDaneMatch,
            Severity::Pass,
            format!("{}'s certificate matches its TLSA records", quoted(d.host)),
            "Senders that validate DANE accept this host.",
        )
        .evidence(Evidence::new(
            format!("TLSA {}", tlsa_name(d.host)),
            described(t),
        ));
        f.evidence.extend(chain);
        return Some(f);
    }
    if comparable.len() < d.usable.len() {
        return Some(unknown(
            "Only SHA-256 digests are compared here; records with matching type 0 (the full \
             data) or 2 (SHA-512) are not.",
        ));
    }
    let mut f = Finding::new(
        Code::MxDaneNoMatch,
        Severity::Fail,
        format!(
            "{}'s certificate matches none of its TLSA records",
            quoted(d.host)
        ),
        "Senders that validate DANE refuse this host and queue the mail. A DANE-EE (3) record \
         must match the host's own certificate or key; a DANE-TA (2) record a CA certificate \
         the host sends in its chain.",
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
            "Publish a record for the key the host presents (keep the old one until senders' \
             caches expire if the key is about to change):",
            paste,
        ));
    }
    Some(f)
}
