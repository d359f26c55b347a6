//! The MX probe against a local SMTP server: STARTTLS with a good certificate, without
//! STARTTLS, a certificate for the wrong host name; the MX set (the limit of ten, the implicit
//! MX, a null MX). Only EHLO, STARTTLS and QUIT are ever sent.

use mta_sts::relay::{MxProbes, Stage, MAX_MX_HOSTS};
use mta_sts_native::probe::probe;
use mta_sts_native::resolve::MxAnswer;
use mta_sts_testworld::*;
use std::sync::Arc;

const EHLO: &str = "EHLO probe.example.test";

async fn probe_mx_set(ca: &Ca, resolver: MapResolver, smtp_port: u16) -> MxProbes {
    let net = network(Arc::new(resolver), Arc::new(LoopbackOnly), ca, 1, smtp_port);
    probe(&net, &timeouts(), EHLO_NAME, DOMAIN).await.mx
}

fn one_mx() -> MapResolver {
    MapResolver::default()
        .mx(DOMAIN, MxAnswer::Records(vec![(10, format!("{MX_HOST}."))]))
        .host(MX_HOST, &[LOOPBACK])
}

#[tokio::test]
async fn starttls_with_a_good_certificate() {
    let ca = Ca::new("Relay Test CA");
    let (port, seen) = mx_host(Mx::StartTls(ca.good(MX_HOST)), 2).await;
    let mx = probe_mx_set(&ca, one_mx(), port).await;
    assert_eq!(mx.error, None);
    assert!(!mx.null_mx && !mx.implicit);
    let [h] = mx.hosts.as_slice() else {
        panic!("{mx:?}")
    };
    assert_eq!(h.error, None, "{h:?}");
    assert_eq!(h.host, MX_HOST);
    assert_eq!(h.preference, 10);
    assert_eq!(h.address.as_deref(), Some("127.0.0.1"));
    // Shown as what it is: the command line probes such addresses, the relay never does.
    assert_eq!(h.address_kind.as_deref(), Some("a loopback address"));
    assert_eq!(
        h.banner.as_deref(),
        Some("220-mx.example.test ESMTP test server\n220 ready")
    );
    assert!(h
        .ehlo
        .as_deref()
        .is_some_and(|e| e.contains("250-STARTTLS")));
    assert_eq!(h.starttls_offered, Some(true));
    assert_eq!(h.tls_version.as_deref(), Some("TLSv1.3"));
    assert!(
        h.cipher.as_deref().is_some_and(|c| c.starts_with("TLS13_")),
        "{h:?}"
    );
    let cert = h.certificate.as_ref().expect("certificate facts");
    assert!(cert.verified && cert.valid_for_name, "{cert:?}");
    assert_eq!(cert.dns_names, [MX_HOST]);
    // SNI is the MX host name (RFC 8461 §4.2); no mail command was ever sent.
    assert_eq!(seen.sni(), [MX_HOST]);
    assert_eq!(seen.lines(), [EHLO, "STARTTLS", "QUIT"]);
}

#[tokio::test]
async fn the_tls_version_is_the_one_negotiated() {
    let ca = Ca::new("Relay Test CA");
    let (port, _) = mx_host(Mx::StartTls12(ca.good(MX_HOST)), 2).await;
    let mx = probe_mx_set(&ca, one_mx(), port).await;
    let h = &mx.hosts[0];
    assert_eq!(h.error, None, "{h:?}");
    assert_eq!(h.tls_version.as_deref(), Some("TLSv1.2"));
    assert!(
        h.cipher
            .as_deref()
            .is_some_and(|c| c.starts_with("TLS_ECDHE_")),
        "{h:?}"
    );
    assert!(h.certificate.as_ref().is_some_and(|c| c.verified));
}

#[tokio::test]
async fn without_starttls() {
    let ca = Ca::new("Relay Test CA");
    let (port, seen) = mx_host(Mx::Plain, 2).await;
    let mx = probe_mx_set(&ca, one_mx(), port).await;
    let h = &mx.hosts[0];
    assert_eq!(h.error, None, "{h:?}");
    assert_eq!(h.starttls_offered, Some(false));
    assert_eq!(h.tls_version, None);
    assert_eq!(h.certificate, None);
    assert_eq!(seen.lines(), [EHLO, "QUIT"]);
}

#[tokio::test]
async fn starttls_offered_then_refused_is_a_tls_failure() {
    let ca = Ca::new("Relay Test CA");
    let (port, seen) = mx_host(Mx::Refuses, 2).await;
    let mx = probe_mx_set(&ca, one_mx(), port).await;
    let h = &mx.hosts[0];
    assert_eq!(h.starttls_offered, Some(true));
    let e = h.error.as_ref().expect("refused");
    assert_eq!(e.stage, Stage::Tls);
    assert_eq!(
        e.message,
        "STARTTLS was refused: 454 4.7.0 TLS not available"
    );
    assert_eq!(h.tls_version, None);
    assert_eq!(seen.lines(), [EHLO, "STARTTLS"]);
}

#[tokio::test]
async fn a_certificate_for_another_name_is_recorded_and_the_handshake_completes() {
    let ca = Ca::new("Relay Test CA");
    let (port, seen) = mx_host(Mx::StartTls(ca.good("mail.other.test")), 2).await;
    let mx = probe_mx_set(&ca, one_mx(), port).await;
    let h = &mx.hosts[0];
    assert_eq!(h.error, None, "{h:?}");
    assert_eq!(h.tls_version.as_deref(), Some("TLSv1.3"));
    let cert = h.certificate.as_ref().expect("certificate facts");
    assert!(!cert.valid_for_name);
    assert!(!cert.verified);
    assert_eq!(cert.dns_names, ["mail.other.test"]);
    assert!(cert.verify_error.as_deref().is_some_and(|e| !e.is_empty()));
    assert_eq!(seen.lines(), [EHLO, "STARTTLS", "QUIT"]);
}

#[tokio::test]
async fn an_untrusted_certificate_is_recorded() {
    let ca = Ca::new("Relay Test CA");
    let stranger = Ca::new("Stranger CA");
    let (port, _) = mx_host(Mx::StartTls(stranger.good(MX_HOST)), 2).await;
    let mx = probe_mx_set(&ca, one_mx(), port).await;
    let cert = mx.hosts[0].certificate.as_ref().expect("certificate facts");
    assert!(cert.valid_for_name && !cert.verified, "{cert:?}");
    assert_eq!(cert.issuer, "CN=Stranger CA");
}

#[tokio::test]
async fn at_most_ten_mx_hosts_are_probed() {
    let ca = Ca::new("Relay Test CA");
    let (port, seen) = mx_host(Mx::Plain, 12).await;
    let names: Vec<String> = (1..=12).map(|i| format!("mx{i:02}.example.test")).collect();
    let mut resolver = MapResolver::default().mx(
        DOMAIN,
        MxAnswer::Records(names.iter().map(|n| (10, format!("{n}."))).collect()),
    );
    for n in &names {
        resolver = resolver.host(n, &[LOOPBACK]);
    }
    let mx = probe_mx_set(&ca, resolver, port).await;
    assert_eq!(mx.hosts.len(), MAX_MX_HOSTS);
    assert_eq!(mx.not_probed, ["mx11.example.test", "mx12.example.test"]);
    assert!(mx.hosts.iter().all(|h| h.starttls_offered == Some(false)));
    assert_eq!(seen.accepted(), MAX_MX_HOSTS);
}

#[tokio::test]
async fn no_mx_records_probe_the_domain_itself() {
    let ca = Ca::new("Relay Test CA");
    let (port, _) = mx_host(Mx::Plain, 2).await;
    let resolver = MapResolver::default()
        .mx(DOMAIN, MxAnswer::NoRecords)
        .host(DOMAIN, &[LOOPBACK]);
    let mx = probe_mx_set(&ca, resolver, port).await;
    assert!(mx.implicit);
    assert_eq!(mx.hosts.len(), 1);
    assert_eq!(mx.hosts[0].host, DOMAIN);
    assert_eq!(mx.hosts[0].starttls_offered, Some(false));
}

#[tokio::test]
async fn a_null_mx_is_not_probed_and_a_missing_domain_is_an_error() {
    let ca = Ca::new("Relay Test CA");
    let (port, seen) = silent_listener().await;
    let resolver = MapResolver::default().mx(DOMAIN, MxAnswer::Records(vec![(0, ".".into())]));
    let mx = probe_mx_set(&ca, resolver, port).await;
    assert!(mx.null_mx);
    assert!(mx.hosts.is_empty());
    // MapResolver: an unknown domain does not exist.
    let mx = probe_mx_set(&ca, MapResolver::default(), port).await;
    assert_eq!(mx.error.map(|e| e.stage), Some(Stage::NoAddress));
    assert_eq!(seen.accepted(), 0);
}

#[tokio::test]
async fn a_host_without_address_and_an_mx_that_is_no_host_name() {
    let ca = Ca::new("Relay Test CA");
    let resolver = MapResolver::default().mx(
        DOMAIN,
        MxAnswer::Records(vec![
            (10, "gone.example.test.".into()),
            (20, "192.0.2.1".into()),
        ]),
    );
    let mx = probe_mx_set(&ca, resolver, 1).await;
    let stages: Vec<_> = mx
        .hosts
        .iter()
        .map(|h| (h.host.as_str(), h.error.as_ref().map(|e| e.stage)))
        .collect();
    assert_eq!(
        stages,
        [
            ("gone.example.test", Some(Stage::NoAddress)),
            ("192.0.2.1", Some(Stage::BadName))
        ]
    );
}

/// SHA-256 of `der` (a certificate) and of its SubjectPublicKeyInfo as openssl computes
/// them, in lower-case hex: a second implementation to compare the probe's with.
fn openssl_digests(der: &[u8]) -> (String, String) {
    use std::io::Write;
    use std::process::{Command, Stdio};
    fn run(args: &[&str], input: &[u8]) -> Vec<u8> {
        let mut child = Command::new("openssl")
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .expect("openssl");
        child.stdin.take().unwrap().write_all(input).unwrap();
        let out = child.wait_with_output().unwrap();
        assert!(out.status.success(), "openssl {args:?}");
        out.stdout
    }
    let sha256 = |input: &[u8]| {
        let out = String::from_utf8(run(&["dgst", "-sha256", "-r"], input)).unwrap();
        out.split_whitespace().next().unwrap().to_owned()
    };
    let pubkey = run(&["x509", "-inform", "DER", "-pubkey", "-noout"], der);
    let spki = run(&["pkey", "-pubin", "-outform", "DER"], &pubkey);
    (sha256(der), sha256(&spki))
}

#[tokio::test]
async fn the_digests_of_each_presented_certificate_and_its_key_are_recorded() {
    if std::process::Command::new("openssl")
        .arg("version")
        .output()
        .is_err()
    {
        eprintln!("openssl is not installed: the digests are not compared");
        return;
    }
    let ca = Ca::new("Relay Test CA");
    let id = ca.chained(ca.good(MX_HOST));
    let chain = id.chain.clone();
    let (port, _) = mx_host(Mx::StartTls(id), 2).await;
    let mx = probe_mx_set(&ca, one_mx(), port).await;
    let cert = mx.hosts[0].certificate.as_ref().expect("certificate facts");
    assert_eq!(cert.chain_length, 2);
    assert_eq!(cert.cert_sha256.len(), 2, "{cert:?}");
    assert_eq!(cert.spki_sha256.len(), 2, "{cert:?}");
    for (i, der) in chain.iter().enumerate() {
        let (cert_sha256, spki_sha256) = openssl_digests(der.as_ref());
        assert_eq!(cert.cert_sha256[i], cert_sha256);
        assert_eq!(cert.spki_sha256[i], spki_sha256);
    }
    // Not X.509: the digest of the bytes, and no key's.
    use mta_sts_native::certs::{sha256_hex, spki_sha256};
    assert_eq!(
        sha256_hex(b"not a certificate"),
        "47209c9b7af839de69e9a9cd625e9182c1ad63dae79ed88a2dd680fe34218620"
    );
    assert_eq!(spki_sha256(b"not a certificate"), "");
}
