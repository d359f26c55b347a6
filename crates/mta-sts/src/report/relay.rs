//! The checks that need a probe relay. Without one they are `skip`, and say what a relay would
//! add (a browser cannot see certificates or open port 25); with a relay's answer they are
//! judged by [`crate::relay::findings`], against the mode of the policy senders would use.

use super::context::{Ctx, PolicyState};
use super::host::soften_when_absent;
use crate::finding::{CheckId, Code, Finding, Fix, Reference, Severity};
use crate::lookup::FetchOutcome;
use crate::pipeline::Request;
use crate::policy::{check_policy, Mode};
use crate::relay::ProbeObservation;

type Decided = Vec<(CheckId, Option<Vec<Finding>>)>;

/// The three checks as the report decides them: pending while the relay's answer (or, for the
/// MX checks, the policy whose mode they depend on) is; `skip` without a relay.
pub(super) fn relay_checks_in(cx: &Ctx) -> Decided {
    let Some(relay) = &cx.obs.relay else {
        if cx
            .obs
            .pending
            .iter()
            .any(|r| matches!(r, Request::Probe { .. }))
        {
            return vec![
                (CheckId::PolicyCertificate, None),
                (CheckId::MxStarttls, None),
                (CheckId::MxCertificate, None),
            ];
        }
        let mut skipped = relay_checks(cx.domain);
        // The ways the report leads with (`mta-sts check`, a relay) finish these checks too.
        if super::finish::unread_policy(cx) {
            for f in skipped.iter_mut().flat_map(|(_, f)| f.iter_mut().flatten()) {
                *f = super::finish::see_above(f.clone());
            }
        }
        return skipped;
    };
    let mode_known = !matches!(cx.policy, PolicyState::Pending);
    let mode = mode_in_force(cx, relay);
    let [(cert_id, cert), (starttls_id, starttls), (mx_cert_id, mx_cert)] =
        crate::relay::findings(relay, mode);
    vec![
        // Without any MTA-STS, the policy host's certificate changes nothing for senders.
        (cert_id, soften_when_absent(cx, cert)),
        (starttls_id, mode_known.then_some(starttls)),
        (mx_cert_id, mode_known.then_some(mx_cert)),
    ]
}

/// The mode of the policy senders would use: the policy as read (fetched or pasted), or, when
/// the browser may not read it, the one the relay fetched. `None` when no valid policy is known:
/// senders ignore an invalid one.
fn mode_in_force(cx: &Ctx, relay: &ProbeObservation) -> Option<Mode> {
    if let Some(read) = cx.read_policy() {
        return read
            .check
            .policy
            .valid
            .then_some(read.check.policy.mode)
            .flatten();
    }
    if !matches!(cx.policy, PolicyState::Unreadable) {
        return None;
    }
    match relay.policy_observation(cx.domain)?.outcome {
        FetchOutcome::Read {
            status: 200, body, ..
        } => {
            let policy = check_policy(&body, &relay.provenance()).policy;
            policy.valid.then_some(policy.mode).flatten()
        }
        _ => None,
    }
}

/// The three checks without a relay: `skip`, each saying what a relay would add and how to
/// check by hand.
pub(super) fn relay_checks(domain: &str) -> Decided {
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
                Code::PolicyCertificateNoRelay,
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
                Code::MxStarttlsNoRelay,
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
                Code::MxCertificateNoRelay,
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::Provenance;
    use crate::lookup::{policy_url, PolicyObservation};
    use crate::pipeline::Observations;
    use crate::relay::{MxProbe, MxProbes, PolicyProbe, ProbeResponse};

    const ENFORCE: &str = "version: STSv1\nmode: enforce\nmx: mx.example.com\nmax_age: 86400\n";
    const TESTING: &str = "version: STSv1\nmode: testing\nmx: mx.example.com\nmax_age: 86400\n";

    fn fetched(outcome: FetchOutcome) -> Option<PolicyObservation> {
        Some(PolicyObservation {
            url: policy_url("example.com"),
            outcome,
            provenance: Provenance::Fetched,
            elapsed_ms: None,
        })
    }

    fn read(body: &str) -> FetchOutcome {
        FetchOutcome::Read {
            status: 200,
            content_type: Some("text/plain".into()),
            body: body.as_bytes().to_vec(),
            truncated: false,
            size: None,
        }
    }

    /// A relay that saw one MX host without STARTTLS, and read `policy`.
    fn relay(policy: &str) -> ProbeObservation {
        ProbeObservation {
            source: Provenance::Relayed {
                host: "relay.example.org".into(),
            },
            result: Ok(ProbeResponse {
                domain: "example.com".into(),
                checked_at: "2025-06-01T00:00:00Z".into(),
                checked_at_unix: 1_748_736_000,
                policy: PolicyProbe {
                    status: Some(200),
                    body: Some(policy.into()),
                    ..PolicyProbe::default()
                },
                mx: MxProbes {
                    hosts: vec![MxProbe {
                        host: "mx.example.com".into(),
                        ehlo: Some("250 mx.example.com".into()),
                        starttls_offered: Some(false),
                        ..MxProbe::default()
                    }],
                    ..MxProbes::default()
                },
            }),
        }
    }

    fn starttls(obs: &Observations) -> Option<Severity> {
        let cx = Ctx::new(obs, None);
        relay_checks_in(&cx)
            .into_iter()
            .find(|(id, _)| *id == CheckId::MxStarttls)
            .and_then(|(_, f)| f)
            .map(|f| crate::finding::worst(&f))
    }

    #[test]
    fn the_mode_comes_from_the_policy_as_read_else_from_the_relay() {
        let base = || Observations {
            domain: "example.com".into(),
            ..Observations::default()
        };
        for (what, obs, want) in [
            ("no relay: skip", base(), Some(Severity::Skip)),
            (
                "relay asked, not answered: pending",
                Observations {
                    pending: vec![Request::relay_probe("relay.example.org")],
                    ..base()
                },
                None,
            ),
            (
                "policy fetch pending: pending",
                Observations {
                    relay: Some(relay(ENFORCE)),
                    ..base()
                },
                None,
            ),
            (
                "the browser read enforce: fail",
                Observations {
                    relay: Some(relay(TESTING)),
                    policy: fetched(read(ENFORCE)),
                    ..base()
                },
                Some(Severity::Fail),
            ),
            (
                "the browser may not read it; the relay read enforce: fail",
                Observations {
                    relay: Some(relay(ENFORCE)),
                    policy: fetched(FetchOutcome::Unreadable),
                    ..base()
                },
                Some(Severity::Fail),
            ),
            (
                "the relay read testing: warn",
                Observations {
                    relay: Some(relay(TESTING)),
                    policy: fetched(FetchOutcome::Unreadable),
                    ..base()
                },
                Some(Severity::Warn),
            ),
            (
                "an invalid policy is no policy: warn",
                Observations {
                    relay: Some(relay(ENFORCE)),
                    policy: fetched(read("version: STSv1\nmode: enforce\n")),
                    ..base()
                },
                Some(Severity::Warn),
            ),
        ] {
            assert_eq!(starttls(&obs), want, "{what}");
        }
    }
}
