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
    let cert = &json["mx"]["hosts"][0]["certificate"];
    let list = |key: &str| -> Vec<String> {
        cert[key]
            .as_array()
            .unwrap_or_else(|| panic!("no {key}: {}", answer.body))
            .iter()
            .map(|v| v.as_str().unwrap().to_owned())
            .collect()
    };
    let want_cert: Vec<String> = chain
        .iter()
        .map(|c| mta_sts_native::certs::sha256_hex(c.as_ref()))
        .collect();
    let want_spki: Vec<String> = chain
        .iter()
        .map(|c| mta_sts_native::certs::spki_sha256(c.as_ref()))
        .collect();
    assert_eq!(list("cert_sha256"), want_cert);
    assert_eq!(list("spki_sha256"), want_spki);
    assert!(want_spki.iter().all(|d| d.len() == 64), "{want_spki:?}");
    // The page's reader takes them as written.
    let read = ProbeResponse::from_json(&answer.body).unwrap();
    let facts = read.mx.hosts[0].certificate.as_ref().unwrap();
    assert_eq!(facts.spki_sha256, want_spki);
}
