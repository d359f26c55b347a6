//! `policy-certificate` (RFC 8461 §3.3) and `mx-certificate` (§4.2): the certificate's name,
//! dates and chain, as the relay saw them.

use super::shared::{
    certificate_consequence, command, day, mx_notes, mx_set, not_tested, prober, relayed, where_,
    MxCodes,
};
use super::{CertificateFacts, ProbeError, ProbeResponse, Stage, EXPIRY_WARN_DAYS};
use crate::finding::{Code, Evidence, Finding, Fix, Provenance, Reference, Severity};
use crate::lookup::policy_host;
use crate::policy::Mode;

/// The codes of a certificate's findings, one set per check.
struct CertCodes {
    wrong_name: Code,
    expired: Code,
    not_yet_valid: Code,
    untrusted: Code,
    expires_soon: Code,
    valid: Code,
}

impl CertCodes {
    fn of(&self, problem: CertProblem) -> Code {
        match problem {
            CertProblem::WrongName => self.wrong_name,
            CertProblem::Expired => self.expired,
            CertProblem::NotYetValid => self.not_yet_valid,
            CertProblem::Untrusted => self.untrusted,
        }
    }
}

const POLICY_CERT: CertCodes = CertCodes {
    wrong_name: Code::PolicyCertificateWrongName,
    expired: Code::PolicyCertificateExpired,
    not_yet_valid: Code::PolicyCertificateNotYetValid,
    untrusted: Code::PolicyCertificateUntrusted,
    expires_soon: Code::PolicyCertificateExpiresSoon,
    valid: Code::PolicyCertificateValid,
};

const MX_CERT: CertCodes = CertCodes {
    wrong_name: Code::MxCertificateWrongName,
    expired: Code::MxCertificateExpired,
    not_yet_valid: Code::MxCertificateNotYetValid,
    untrusted: Code::MxCertificateUntrusted,
    expires_soon: Code::MxCertificateExpiresSoon,
    valid: Code::MxCertificateValid,
};

const MX_SET: MxCodes = MxCodes {
    null_mx: Code::MxCertificateNullMx,
    lookup_failed: Code::MxCertificateMxLookupFailed,
    no_domain: Code::MxCertificateNoDomain,
    no_host: Code::MxCertificateNoHost,
    implicit_mx: Code::MxCertificateImplicitMx,
    over_limit: Code::MxCertificateOverLimit,
    not_tested: Code::MxCertificateNotTested,
};

/// `policy-certificate`: the certificate `mta-sts.<domain>` presents under SNI (RFC 8461 §3.3).
pub fn policy_certificate(probe: &ProbeResponse, from: &Provenance) -> Vec<Finding> {
    let host = policy_host(&probe.domain);
    let p = &probe.policy;
    let Some(cert) = &p.certificate else {
        return vec![not_seen(&host, p.error.as_ref(), from)];
    };
    let consequence = format!(
        "Senders will not fetch your policy over this connection, and treat {} as having no \
         MTA-STS policy (a sender that cached an earlier policy keeps using it until it \
         expires).",
        probe.domain
    );
    let fix_text = |action: String| {
        Fix::with_paste(
            action,
            format!(
                "openssl s_client -connect {host}:443 -servername {host} -verify_hostname {host} \
                 -brief </dev/null"
            ),
        )
    };
    let problems = certificate_problems(cert, probe.checked_at_unix);
    let mut out: Vec<Finding> =
        problems
            .iter()
            .map(|problem| {
                let (title, action) = match problem {
                CertProblem::WrongName => (
                    format!("The policy host's certificate is not valid for {host}"),
                    format!(
                        "Have a certificate issued that names {host} (or *.{}) among its subject \
                         alternative names. If a provider serves the policy, it must hold a \
                         certificate for your name, not its own (RFC 8461 §8.2). This command \
                         shows what the host presents:",
                        probe.domain
                    ),
                ),
                CertProblem::Expired => (
                    format!("The policy host's certificate expired on {}", day(&cert.not_after)),
                    "Renew the certificate and make sure the server loads the new one. This \
                     command shows what the host presents:"
                        .to_owned(),
                ),
                CertProblem::NotYetValid => (
                    format!(
                        "The policy host's certificate is not valid before {}",
                        day(&cert.not_before)
                    ),
                    "Check the server's certificate and the issuing system's clock. This command \
                     shows what the host presents:"
                        .to_owned(),
                ),
                CertProblem::Untrusted => (
                    "The policy host's certificate does not chain to a public root".to_owned(),
                    "Serve a certificate from a public certificate authority (Let's Encrypt, for \
                     one), with its intermediate certificates. Self-signed and private-CA \
                     certificates do not count. This command shows what the host presents:"
                        .to_owned(),
                ),
            };
                Finding::new(
                    POLICY_CERT.of(*problem),
                    Severity::Fail,
                    title,
                    consequence.clone(),
                )
                .fix(fix_text(action))
                .reference(Reference::rfc8461("3.3"))
            })
            .collect();
    if problems.is_empty() {
        out.push(expiry_or_pass(
            &POLICY_CERT,
            cert,
            probe.checked_at_unix,
            Severity::Warn,
            &format!("The policy host's certificate is valid for {host}"),
            "Senders can fetch the policy over HTTPS with this certificate.",
            Reference::rfc8461("3.3"),
        ));
    }
    let at = p.where_(&host);
    for f in &mut out {
        f.evidence.extend(certificate_evidence(&at, cert, from));
    }
    out
}

/// `mx-certificate`: the certificate each MX host presents after STARTTLS is valid for the MX
/// host name, unexpired and chains to a public root (RFC 8461 §4.2, MX-08).
pub fn mx_certificate(
    probe: &ProbeResponse,
    mode: Option<Mode>,
    from: &Provenance,
) -> Vec<Finding> {
    if let Some(out) = mx_set(&MX_SET, &probe.domain, &probe.mx, from) {
        return out;
    }
    let (severity, consequence) = certificate_consequence(mode);
    let soon = if severity == Severity::Info {
        Severity::Info
    } else {
        Severity::Warn
    };
    let mut out = Vec::new();
    for mx in &probe.mx.hosts {
        let Some(cert) = &mx.certificate else {
            if mx.starttls_offered == Some(false) {
                out.push(
                    Finding::new(
                        Code::MxCertificateNoStarttls,
                        Severity::Skip,
                        format!("{} presents no certificate: it offers no STARTTLS", mx.host),
                        "Without STARTTLS there is no TLS connection and so no certificate; \
                         mx-starttls says what that means.",
                    )
                    .evidence(relayed(
                        format!("EHLO reply of {}", where_(mx)),
                        mx.ehlo.clone().unwrap_or_default(),
                        from,
                    )),
                );
            } else {
                out.push(not_tested(MX_SET.not_tested, mx, mx.error.as_ref(), from));
            }
            continue;
        };
        let tested = command(&mx.host);
        let mut findings: Vec<Finding> = certificate_problems(cert, probe.checked_at_unix)
            .into_iter()
            .map(|problem| {
                let (title, action) = match problem {
                    CertProblem::WrongName => (
                        format!("The certificate of {} is not valid for that name", mx.host),
                        format!(
                            "Install a certificate that names {} among its subject alternative \
                             names, then test it with:",
                            mx.host
                        ),
                    ),
                    CertProblem::Expired => (
                        format!(
                            "The certificate of {} expired on {}",
                            mx.host,
                            day(&cert.not_after)
                        ),
                        "Renew the certificate and reload the mail server, then test it with:"
                            .to_owned(),
                    ),
                    CertProblem::NotYetValid => (
                        format!(
                            "The certificate of {} is not valid before {}",
                            mx.host,
                            day(&cert.not_before)
                        ),
                        "Check the certificate and the issuing system's clock, then test it with:"
                            .to_owned(),
                    ),
                    CertProblem::Untrusted => (
                        format!(
                            "The certificate of {} does not chain to a public root",
                            mx.host
                        ),
                        "Install a certificate from a public certificate authority with its \
                         intermediate certificates (self-signed and private-CA certificates do \
                         not count), then test it with:"
                            .to_owned(),
                    ),
                };
                Finding::new(
                    MX_CERT.of(problem),
                    severity,
                    title,
                    format!(
                        "Senders that enforce MTA-STS accept only a certificate valid for the MX \
                         host name, unexpired and issued by a public certificate authority. \
                         {consequence}"
                    ),
                )
                .fix(Fix::with_paste(action, tested.clone()))
                .reference(Reference::rfc8461("4.2"))
            })
            .collect();
        if findings.is_empty() {
            findings.push(expiry_or_pass(
                &MX_CERT,
                cert,
                probe.checked_at_unix,
                soon,
                &format!("The certificate of {} is valid for that name", mx.host),
                "Senders that enforce MTA-STS accept this certificate.",
                Reference::rfc8461("4.2"),
            ));
        }
        for f in &mut findings {
            f.evidence
                .extend(certificate_evidence(&where_(mx), cert, from));
        }
        out.extend(findings);
    }
    out.extend(mx_notes(&MX_SET, &probe.domain, &probe.mx, from));
    out
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum CertProblem {
    WrongName,
    Expired,
    NotYetValid,
    /// Not verified, and neither the name nor the dates explain it.
    Untrusted,
}

fn certificate_problems(cert: &CertificateFacts, at: i64) -> Vec<CertProblem> {
    let mut out = Vec::new();
    if !cert.valid_for_name {
        out.push(CertProblem::WrongName);
    }
    if cert.expired(at) {
        out.push(CertProblem::Expired);
    }
    if cert.not_yet_valid(at) {
        out.push(CertProblem::NotYetValid);
    }
    if !cert.verified && out.is_empty() {
        out.push(CertProblem::Untrusted);
    }
    out
}

/// The finding for a certificate without problems: a warning when it expires soon, else a pass.
fn expiry_or_pass(
    codes: &CertCodes,
    cert: &CertificateFacts,
    at: i64,
    soon: Severity,
    valid: &str,
    detail: &str,
    reference: Reference,
) -> Finding {
    let days = cert.days_left(at);
    if days < EXPIRY_WARN_DAYS {
        let when = match days {
            0 => "today".to_owned(),
            1 => "tomorrow".to_owned(),
            n => format!("in {n} days"),
        };
        Finding::new(
            codes.expires_soon,
            soon,
            format!("{valid}, but it expires {when}"),
            format!(
                "{detail} Once it expires, senders that enforce MTA-STS refuse it; automatic \
                 renewal usually runs 30 days ahead, so a certificate this close to its end \
                 suggests renewal is failing."
            ),
        )
        .fix(Fix::action(
            "Renew the certificate now and check that automatic renewal works.",
        ))
        .reference(reference)
    } else {
        Finding::new(
            codes.valid,
            Severity::Pass,
            format!("{valid} until {}", day(&cert.not_after)),
            detail,
        )
        .reference(reference)
    }
}

fn certificate_evidence(at: &str, cert: &CertificateFacts, from: &Provenance) -> Vec<Evidence> {
    let mut out = vec![
        relayed(
            format!("certificate of {at}: names"),
            cert.dns_names.join(", "),
            from,
        ),
        relayed(format!("certificate of {at}: issuer"), &cert.issuer, from),
        relayed(
            format!("certificate of {at}: valid"),
            format!("{} to {}", cert.not_before, cert.not_after),
            from,
        ),
    ];
    if let Some(e) = &cert.verify_error {
        out.push(relayed(
            format!("certificate of {at}: verification"),
            e,
            from,
        ));
    }
    out
}

/// The finding when the policy host's certificate was not seen.
fn not_seen(host: &str, error: Option<&ProbeError>, from: &Provenance) -> Finding {
    let (code, severity, title, detail) = match error.map(|e| e.stage) {
        // No address: policy-host says so; there is no certificate to judge.
        Some(Stage::NoAddress) => (
            Code::PolicyCertificateNoAddress,
            Severity::Skip,
            format!("{host} has no address, so there is no certificate to check"),
            "The name has no A or AAAA record, so nothing was connected to; policy-host says \
             what this means for senders.",
        ),
        // The lookup failed: whether there is an address is not known.
        Some(Stage::Resolve) => (
            Code::PolicyCertificateLookupFailed,
            Severity::Unknown,
            format!(
                "The address of {host} could not be looked up, so its certificate was not seen"
            ),
            "The DNS lookup failed or timed out before any connection; senders use their own \
             resolvers, so try again in a minute.",
        ),
        _ => (
            Code::PolicyCertificateNotSeen,
            Severity::Unknown,
            format!("{} could not see the certificate of {host}", prober(from)),
            "The connection ended before the host presented a certificate; policy-fetch says \
             what this means for senders.",
        ),
    };
    let mut f = Finding::new(code, severity, title, detail).reference(Reference::rfc8461("3.3"));
    if let Some(e) = error {
        f = f.evidence(relayed(format!("https://{host}"), &e.message, from));
    }
    f
}
