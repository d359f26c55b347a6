//! The relay's answer carries the SHA-256 digests of each certificate an MX host presents and
//! of its key, for the page to compare with the host's TLSA records (DANE).

mod common;

use common::*;
use mta_sts::relay::ProbeResponse;
use mta_sts_native::resolve::MxAnswer;
use mta_sts_relay::server::{serve, App};
use serde_json::Value;
use std::sync::Arc;
use tokio::net::TcpListener;

#[tokio::test]
async fn each_presented_certificate_and_its_key_are_digested_in_the_json() {
    let ca = Ca::new("Relay Test CA");
    let id = ca.chained(ca.good(MX_HOST));
    let chain = id.chain.clone();
    let (smtp, _) = mx_host(Mx::StartTls(id), 2).await;
    let resolver = MapResolver::default()
        .mx(DOMAIN, MxAnswer::Records(vec![(10, format!("{MX_HOST}."))]))
        .host(MX_HOST, &[LOOPBACK]);
    let net = network(Arc::new(resolver), Arc::new(LoopbackOnly), &ca, 1, smtp);
    let listener = TcpListener::bind((LOOPBACK, 0)).await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(serve(
        App::new(settings(), net),
        listener,
        std::future::pending(),
    ));

    let answer = get(addr, &format!("/v1/probe?domain={DOMAIN}"), &[]).await;
    assert_eq!(answer.status, 200, "{}", answer.body);
    let json: Value = serde_json::from_str(&answer.body).unwrap();
    let digests = json["mx"]["hosts"][0]["certificate"]["digests"]
        .as_array()
        .unwrap_or_else(|| panic!("no digests: {}", answer.body));
    assert_eq!(digests.len(), 2);
    for (der, d) in chain.iter().zip(digests) {
        let want = mta_sts_native::certs::digests(der.as_ref());
        assert_eq!(d["cert_sha256"], want.cert_sha256.as_str());
        assert_eq!(
            d["spki_sha256"].as_str(),
            want.spki_sha256.as_deref(),
            "{d}"
        );
        assert_eq!(d["cert_sha256"].as_str().unwrap().len(), 64);
    }
    // The page's reader takes them as written.
    let read = ProbeResponse::from_json(&answer.body).unwrap();
    let cert = read.mx.hosts[0].certificate.as_ref().unwrap();
    assert_eq!(cert.digests.len(), 2);
}
