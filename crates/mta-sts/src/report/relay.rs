//! The checks that need a probe relay: without one they are `skip`, and say what a relay would
//! add (a browser cannot see certificates or open port 25).

use crate::finding::{CheckId, Finding, Fix, Reference, Severity};

pub(super) fn relay_checks(domain: &str) -> Vec<(CheckId, Option<Vec<Finding>>)> {
    let host = crate::lookup::policy_host(domain);
    let mx_probe = format!(
        "for mx in $(dig +short MX {domain} | awk '{{print $2}}'); do echo \"== $mx\"; \
         openssl s_client -starttls smtp -connect \"$mx:25\" -servername \"${{mx%.}}\" \
         -verify_hostname \"${{mx%.}}\" -brief </dev/null; done"
    );
    let mx_fix = || {
        Fix::with_paste(
            "Configure a probe relay in the settings, or run this from a machine that may open \
             port 25 (it prints the TLS version and whether each certificate verifies):",
            mx_probe.clone(),
        )
    };
    vec![
        (
            CheckId::PolicyCertificate,
            Some(vec![Finding::new(
                CheckId::PolicyCertificate,
                Severity::Skip,
                "Not checked: a browser cannot see the policy host's certificate",
                "A web page only learns whether the browser accepted the certificate, not which one \
                 it was. A probe relay would show its issuer, the names it covers and its expiry \
                 date, and warn two weeks before it expires.",
            )
            .fix(Fix::with_paste(
                "Configure a probe relay in the settings, or run this command (it prints whether the \
                 certificate verifies for the policy host):",
                format!(
                    "openssl s_client -connect {host}:443 -servername {host} -verify_hostname {host} \
                     -brief </dev/null"
                ),
            ))
            .reference(Reference::rfc8461("3.3"))]),
        ),
        (
            CheckId::MxStarttls,
            Some(vec![Finding::new(
                CheckId::MxStarttls,
                Severity::Skip,
                "Not checked: a browser cannot open port 25 to test STARTTLS",
                "Under an enforce policy, senders deliver only to MX hosts that offer STARTTLS with \
                 TLS 1.2 or later. A probe relay would connect to each MX host and report its TLS \
                 version and cipher.",
            )
            .fix(mx_fix())
            .reference(Reference::rfc8461("4.2"))]),
        ),
        (
            CheckId::MxCertificate,
            Some(vec![Finding::new(
                CheckId::MxCertificate,
                Severity::Skip,
                "Not checked: a browser cannot see the MX hosts' certificates",
                "Under an enforce policy, each MX host must present a certificate valid for its own \
                 name, unexpired and issued by a public CA. A probe relay would show each \
                 certificate's issuer, names and expiry date.",
            )
            .fix(mx_fix())
            .reference(Reference::rfc8461("4.2"))]),
        ),
    ]
}
