//! From the wire to the findings: what the relay sees of local hosts, judged by the engine's
//! checks (`mta_sts::relay::findings`) as the web app will show them.

use mta_sts::finding::worst;
use mta_sts::policy::Mode;
use mta_sts::relay::{findings, ProbeObservation};
use mta_sts::{Provenance, Severity};
use mta_sts_native::probe::probe;
use mta_sts_native::resolve::MxAnswer;
use mta_sts_testworld::*;
use std::sync::Arc;

/// The severities of policy-certificate, mx-starttls and mx-certificate for a policy host
/// presenting `policy_id` and an MX host behaving as `mx`, the relay trusting `ca`.
async fn severities(ca: &Ca, policy_id: Identity, mx: Mx, mode: Mode) -> [Severity; 3] {
    let (https, _) = policy_host(policy_id, Answer::Policy, 2).await;
    let (smtp, _) = mx_host(mx, 2).await;
    let resolver = MapResolver::default()
        .mx(DOMAIN, MxAnswer::Records(vec![(10, format!("{MX_HOST}."))]))
        .host(MX_HOST, &[LOOPBACK])
        .host(POLICY_HOST, &[LOOPBACK]);
    let net = network(Arc::new(resolver), Arc::new(LoopbackOnly), ca, https, smtp);
    let relay = ProbeObservation {
        source: Provenance::Relayed {
            host: "relay.test".into(),
        },
        result: Ok(probe(&net, &timeouts(), EHLO_NAME, DOMAIN).await),
    };
    let out = findings(&relay, Some(mode));
    for e in out.iter().flat_map(|(_, f)| f).flat_map(|f| &f.evidence) {
        assert_eq!(
            e.provenance,
            Some(Provenance::Relayed {
                host: "relay.test".into()
            })
        );
    }
    out.map(|(_, f)| worst(&f))
}

#[tokio::test]
async fn what_the_relay_sees_becomes_the_three_checks() {
    use Severity::{Fail, Pass, Skip, Warn};
    let ca = Ca::new("Relay Test CA");
    let stranger = Ca::new("Stranger CA");
    let rows = [
        (
            "all in order",
            ca.good(POLICY_HOST),
            Mx::StartTls(ca.good(MX_HOST)),
            Mode::Enforce,
            [Pass, Pass, Pass],
        ),
        (
            "TLS 1.2 is fine",
            ca.good(POLICY_HOST),
            Mx::StartTls12(ca.good(MX_HOST)),
            Mode::Enforce,
            [Pass, Pass, Pass],
        ),
        (
            "policy host certificate for another name",
            ca.good("www.example.test"),
            Mx::StartTls(ca.good(MX_HOST)),
            Mode::Testing,
            [Fail, Pass, Pass],
        ),
        (
            "no STARTTLS under enforce",
            ca.good(POLICY_HOST),
            Mx::Plain,
            Mode::Enforce,
            [Pass, Fail, Skip],
        ),
        (
            "STARTTLS offered, then refused, under enforce",
            ca.good(POLICY_HOST),
            Mx::Refuses,
            Mode::Enforce,
            [Pass, Fail, Severity::Unknown],
        ),
        (
            "MX certificate for another name under testing",
            ca.good(POLICY_HOST),
            Mx::StartTls(ca.good("mail.other.test")),
            Mode::Testing,
            [Pass, Pass, Warn],
        ),
        (
            "untrusted MX certificate under enforce",
            ca.good(POLICY_HOST),
            Mx::StartTls(stranger.good(MX_HOST)),
            Mode::Enforce,
            [Pass, Pass, Fail],
        ),
    ];
    for (what, policy_id, mx, mode, want) in rows {
        assert_eq!(severities(&ca, policy_id, mx, mode).await, want, "{what}");
    }
}
