//! The policy fetch against a local HTTPS policy host with a test CA: a good certificate, the
//! wrong name, expired, an untrusted CA, a redirect, a slow answer and huge answers
//! (RFC 8461 §3.3).

use mta_sts::lookup::MAX_POLICY_BYTES;
use mta_sts::relay::{PolicyProbe, Stage};
use mta_sts_native::fetch::fetch_policy;
use mta_sts_native::resolve::MxAnswer;
use mta_sts_testworld::*;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Fetches the policy of example.test from a host presenting `id` (the relay trusting `ca`).
async fn fetch_from(ca: &Ca, id: Identity, answer: Answer) -> (PolicyProbe, Arc<Seen>) {
    let (port, seen) = policy_host(id, answer, 2).await;
    let resolver = Arc::new(
        MapResolver::default()
            .host(POLICY_HOST, &[LOOPBACK])
            .mx(DOMAIN, MxAnswer::NoDomain),
    );
    let net = network(resolver, Arc::new(LoopbackOnly), ca, port, 1);
    let probe = fetch_policy(&net, &timeouts(), DOMAIN).await;
    (probe, seen)
}

#[tokio::test]
async fn a_good_certificate_gives_the_policy_and_its_facts() {
    let ca = Ca::new("Relay Test CA");
    let (p, seen) = fetch_from(&ca, ca.good(POLICY_HOST), Answer::Policy).await;
    assert_eq!(p.error, None);
    assert_eq!(
        p.url,
        "https://mta-sts.example.test/.well-known/mta-sts.txt"
    );
    assert_eq!(p.addresses, ["127.0.0.1"]);
    // The address connected to, and what kind it is: the command line fetches from any.
    assert_eq!(p.address.as_deref(), Some("127.0.0.1"));
    assert_eq!(p.address_kind.as_deref(), Some("a loopback address"));
    assert_eq!(p.status, Some(200));
    assert_eq!(p.content_type.as_deref(), Some("text/plain; charset=utf-8"));
    assert_eq!(p.body.as_deref(), Some(POLICY));
    assert_eq!(p.size, Some(POLICY.len() as u64));
    assert!(!p.truncated);
    let cert = p.certificate.expect("certificate facts");
    assert!(cert.verified, "{:?}", cert.verify_error);
    assert!(cert.valid_for_name);
    assert_eq!(cert.name, POLICY_HOST);
    assert_eq!(cert.dns_names, [POLICY_HOST]);
    assert_eq!(cert.issuer, "CN=Relay Test CA");
    assert_eq!(cert.not_after, "2099-01-01T00:00:00Z");
    assert_eq!(cert.not_before, "2020-01-01T00:00:00Z");
    // SNI is the policy host, and the request is exactly the one RFC 8461 §3.3 describes.
    assert_eq!(seen.sni(), [POLICY_HOST]);
    assert_eq!(
        seen.lines(),
        [
            "GET /.well-known/mta-sts.txt HTTP/1.1",
            "host: mta-sts.example.test"
        ]
    );
}

#[tokio::test]
async fn certificate_problems_stop_the_fetch_but_the_facts_are_reported() {
    let ca = Ca::new("Relay Test CA");
    let other_ca = Ca::new("Untrusted CA");
    for (what, id, name_ok, expired) in [
        ("wrong name", ca.good("www.example.test"), false, false),
        ("expired", ca.issue(&[POLICY_HOST], 2019, 2021), true, true),
        ("untrusted CA", other_ca.good(POLICY_HOST), true, false),
        // A wildcard covers the policy host; the CA is still unknown.
        (
            "wildcard, untrusted",
            other_ca.good("*.example.test"),
            true,
            false,
        ),
    ] {
        let (p, seen) = fetch_from(&ca, id, Answer::Policy).await;
        let e = p
            .error
            .as_ref()
            .unwrap_or_else(|| panic!("{what}: fetched"));
        assert_eq!(e.stage, Stage::Tls, "{what}");
        assert_eq!(p.status, None, "{what}");
        assert_eq!(p.body, None, "{what}");
        let cert = p.certificate.unwrap_or_else(|| panic!("{what}: no facts"));
        assert!(!cert.verified, "{what}");
        assert_eq!(cert.valid_for_name, name_ok, "{what}");
        assert_eq!(cert.not_after == "2021-01-01T00:00:00Z", expired, "{what}");
        let why = cert.verify_error.unwrap_or_default();
        assert!(!why.is_empty(), "{what}");
        assert_eq!(
            e.message, why,
            "{what}: the handshake failed for that reason"
        );
        // The request never got sent.
        assert!(seen.lines().is_empty(), "{what}");
    }
}

#[tokio::test]
async fn a_redirect_is_reported_and_not_followed() {
    let ca = Ca::new("Relay Test CA");
    let (p, seen) = fetch_from(&ca, ca.good(POLICY_HOST), Answer::Redirect).await;
    assert_eq!(p.error, None);
    assert_eq!(p.status, Some(301));
    assert_eq!(
        p.location.as_deref(),
        Some("https://www.example.test/mta-sts.txt")
    );
    assert_eq!(p.body, None);
    assert_eq!(seen.accepted(), 1, "one connection, no second request");
}

#[tokio::test]
async fn a_slow_answer_times_out() {
    let ca = Ca::new("Relay Test CA");
    let started = Instant::now();
    let (p, _) = fetch_from(
        &ca,
        ca.good(POLICY_HOST),
        Answer::Slow(Duration::from_secs(3)),
    )
    .await;
    let e = p.error.expect("timed out");
    assert!(e.timed_out, "{e:?}");
    assert_eq!(e.stage, Stage::Http);
    assert_eq!(p.status, None);
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "gave up at the limit"
    );
    assert!(p.elapsed_ms.is_some_and(|ms| ms >= 800));
}

#[tokio::test]
async fn a_huge_answer_is_cut_after_64_kib_and_one_byte() {
    let ca = Ca::new("Relay Test CA");
    for (what, answer, size) in [
        (
            "5 MB with Content-Length",
            Answer::Huge(5_000_000),
            Some(5_000_000),
        ),
        ("5 MB chunked", Answer::HugeChunked(5_000_000), None),
    ] {
        let (p, _) = fetch_from(&ca, ca.good(POLICY_HOST), answer).await;
        assert_eq!(p.error, None, "{what}");
        assert_eq!(p.status, Some(200), "{what}");
        assert_eq!(
            p.body.map(|b| b.len()),
            Some(MAX_POLICY_BYTES + 1),
            "{what}"
        );
        assert!(p.truncated, "{what}");
        assert_eq!(p.size, size, "{what}");
    }
}

#[tokio::test]
async fn a_body_of_exactly_the_limit_is_whole() {
    let ca = Ca::new("Relay Test CA");
    let (p, _) = fetch_from(&ca, ca.good(POLICY_HOST), Answer::Huge(MAX_POLICY_BYTES)).await;
    assert_eq!(p.body.map(|b| b.len()), Some(MAX_POLICY_BYTES));
    assert!(!p.truncated);
    assert_eq!(p.size, Some(MAX_POLICY_BYTES as u64));
}
