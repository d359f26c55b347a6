//! `mx-starttls`: each MX host offers STARTTLS and completes a TLS 1.2+ handshake
//! (RFC 8461 §4.2, §7.2).

use super::shared::{
    command, mx_notes, mx_set, not_tested, relayed, tls_consequence, where_, MxCodes,
};
use super::{MxProbe, ProbeResponse, Stage};
use crate::finding::{Code, Finding, Fix, Provenance, Reference, Severity};
use crate::policy::Mode;

const CODES: MxCodes = MxCodes {
    null_mx: Code::MxStarttlsNullMx,
    lookup_failed: Code::MxStarttlsMxLookupFailed,
    no_domain: Code::MxStarttlsNoDomain,
    no_host: Code::MxStarttlsNoHost,
    implicit_mx: Code::MxStarttlsImplicitMx,
    over_limit: Code::MxStarttlsOverLimit,
    not_tested: Code::MxStarttlsNotTested,
};

/// `mx-starttls`: each MX host on port 25 offers STARTTLS and completes a TLS 1.2+ handshake
/// (RFC 8461 §4.2, §7.2).
pub fn mx_starttls(probe: &ProbeResponse, mode: Option<Mode>, from: &Provenance) -> Vec<Finding> {
    if let Some(out) = mx_set(&CODES, &probe.domain, &probe.mx, from) {
        return out;
    }
    let (severity, consequence) = tls_consequence(mode);
    let mut out = Vec::new();
    for mx in &probe.mx.hosts {
        let at = where_(mx);
        let tested = command(&mx.host);
        let f =
            match (mx.starttls_offered, &mx.tls_version, &mx.error) {
                (Some(false), _, _) => Finding::new(
                    Code::MxStarttlsNotOffered,
                    severity,
                    format!("{} does not offer STARTTLS", mx.host),
                    format!(
                        "Its reply to EHLO does not list STARTTLS, so mail to it travels \
                     unencrypted. {consequence}"
                    ),
                )
                .evidence(relayed(
                    format!("EHLO reply of {at}"),
                    mx.ehlo.clone().unwrap_or_default(),
                    from,
                ))
                .fix(Fix::with_paste(
                    format!(
                    "Enable STARTTLS on {} with a certificate valid for that name (in Postfix: \
                     `smtpd_tls_security_level = may` and `smtpd_tls_chain_files` naming the key \
                     and certificate), then test it with:",
                    mx.host
                ),
                    tested,
                ))
                .reference(Reference::rfc8461("4.2")),
                (Some(true), Some(version), None) if !modern(version) => Finding::new(
                    Code::MxStarttlsOldTls,
                    severity,
                    format!("{} uses {version}, older than TLS 1.2", mx.host),
                    format!(
                    "RFC 8461 §7.2 requires TLS 1.2 or later, and senders that enforce MTA-STS \
                     refuse older versions. {consequence}"
                ),
                )
                .evidence(relayed(format!("TLS with {at}"), tls_text(mx), from))
                .fix(Fix::with_paste(
                    "Enable TLS 1.2 and 1.3 on the mail server (in Postfix: \
                 `smtpd_tls_protocols = >=TLSv1.2`), then test it with:",
                    tested,
                ))
                .reference(Reference::rfc8461("7.2")),
                (Some(true), Some(version), None) => Finding::new(
                    Code::MxStarttlsOk,
                    Severity::Pass,
                    format!("{} offers STARTTLS with {version}", mx.host),
                    "Senders can encrypt mail to this host with a current TLS version.",
                )
                .evidence(relayed(format!("TLS with {at}"), tls_text(mx), from))
                .reference(Reference::rfc8461("4.2")),
                (Some(true), _, Some(e)) if e.stage == Stage::Tls => {
                    let old = e.message.to_ascii_lowercase().contains("protocolversion")
                        || e.message.to_ascii_lowercase().contains("protocol version");
                    let why = if old {
                        " The host seems to offer only TLS versions older than 1.2, which RFC 8461 \
                     §7.2 rules out."
                    } else {
                        ""
                    };
                    Finding::new(
                    Code::MxStarttlsHandshakeFailed,
                    severity,
                    format!("{} offers STARTTLS, but the TLS handshake with it fails", mx.host),
                    format!("Senders cannot encrypt mail to this host.{why} {consequence}"),
                )
                .evidence(relayed(format!("TLS handshake with {at}"), &e.message, from))
                .fix(Fix::with_paste(
                    "Check the mail server's TLS settings (TLS 1.2 or later, a certificate and \
                     key that belong together), then test it with:",
                    tested,
                ))
                .reference(Reference::rfc8461("7.2"))
                }
                (_, _, error) => not_tested(CODES.not_tested, mx, error.as_ref(), from),
            };
        out.push(f);
    }
    out.extend(mx_notes(&CODES, &probe.domain, &probe.mx, from));
    out
}

fn tls_text(mx: &MxProbe) -> String {
    match (&mx.tls_version, &mx.cipher) {
        (Some(v), Some(c)) => format!("{v}, {c}"),
        (Some(v), None) => v.clone(),
        _ => String::new(),
    }
}

fn modern(version: &str) -> bool {
    matches!(version, "TLSv1.2" | "TLSv1.3")
}
