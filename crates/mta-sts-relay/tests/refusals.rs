//! The relay is no open proxy: every refusal, through the HTTP server or the probe itself.
//! Non-public addresses are refused after resolution with the production filter; DNS
//! rebinding gets nowhere; malformed domains, foreign origins, bodies, long requests, too many
//! requests and a full house are refused before any lookup.

mod common;

use common::*;
use mta_sts::relay::{ProbeResponse, Stage};
use mta_sts_native::address::PublicOnly;
use mta_sts_native::probe::probe;
use mta_sts_native::resolve::MxAnswer;
use mta_sts_relay::config::{RateLimit, Settings};
use mta_sts_relay::server::{serve, App};
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;
use tokio::net::TcpListener;

const ORIGIN: &str = "https://checker.example.github.io";

/// Starts the relay on loopback; it stops when the test's runtime does.
async fn relay(settings: Settings, resolver: Arc<MapResolver>, ca: &Ca, https: u16) -> SocketAddr {
    let net = network(resolver, Arc::new(LoopbackOnly), ca, https, 1);
    let listener = TcpListener::bind((LOOPBACK, 0)).await.unwrap();
    let addr = listener.local_addr().unwrap();
    let app = App::new(settings, net);
    tokio::spawn(serve(app, listener, std::future::pending()));
    addr
}

fn with_origin() -> Settings {
    Settings {
        allow_origins: vec![ORIGIN.into()],
        ..settings()
    }
}

#[tokio::test]
async fn loopback_and_mapped_addresses_are_refused_after_resolution_by_the_production_filter() {
    let ca = Ca::new("Relay Test CA");
    let (port, seen) = silent_listener().await;
    let resolver = Arc::new(
        MapResolver::default()
            .host(POLICY_HOST, &["127.0.0.1", "::1"])
            .host(MX_HOST, &["::ffff:127.0.0.1", "0.0.0.0", "127.0.0.53"])
            .mx(DOMAIN, MxAnswer::Records(vec![(10, MX_HOST.into())])),
    );
    let net = network(resolver.clone(), Arc::new(PublicOnly), &ca, port, port);
    let answer = probe(&net, &timeouts(), EHLO_NAME, DOMAIN).await;
    let e = answer.policy.error.expect("refused");
    assert_eq!(e.stage, Stage::Refused);
    assert!(
        e.message.contains("127.0.0.1 is a loopback address"),
        "{}",
        e.message
    );
    assert!(
        e.message.contains("::1 is a loopback address"),
        "{}",
        e.message
    );
    assert!(answer.policy.addresses.is_empty());
    let h = &answer.mx.hosts[0];
    assert_eq!(
        h.error.as_ref().map(|e| e.stage),
        Some(Stage::Refused),
        "{h:?}"
    );
    // The address was resolved, and nothing was contacted.
    assert!(resolver.lookups().contains(&format!("A/AAAA {MX_HOST}")));
    tokio::time::sleep(Duration::from_millis(100)).await;
    assert_eq!(seen.accepted(), 0);
}

#[tokio::test]
async fn dns_rebinding_gets_nowhere_the_relay_connects_to_the_address_it_checked() {
    let ca = Ca::new("Relay Test CA");
    // The real server listens on 127.0.0.1; the name first resolves to 127.0.0.2 (allowed),
    // then to 127.0.0.1 (not allowed) for anyone who asks again.
    let (port, seen) = policy_host(ca.good(POLICY_HOST), Answer::Policy, 2).await;
    let mut resolver = MapResolver::default().host(POLICY_HOST, &["127.0.0.2"]);
    resolver
        .later
        .insert(POLICY_HOST.into(), vec!["127.0.0.1".parse().unwrap()]);
    let resolver = Arc::new(resolver);
    let allowed = Arc::new(Only("127.0.0.2".parse().unwrap()));
    let net = network(resolver.clone(), allowed, &ca, port, 1);
    let answer = probe(&net, &timeouts(), EHLO_NAME, DOMAIN).await;
    let e = answer.policy.error.expect("nothing listens on 127.0.0.2");
    assert_eq!(e.stage, Stage::Connect);
    assert!(
        e.message.starts_with(&format!("127.0.0.2:{port}")),
        "{}",
        e.message
    );
    let asked = resolver
        .lookups()
        .iter()
        .filter(|l| *l == &format!("A/AAAA {POLICY_HOST}"))
        .count();
    assert_eq!(asked, 1, "resolved once");
    assert_eq!(seen.accepted(), 0);
}

#[tokio::test]
async fn malformed_domains_are_refused_before_any_lookup() {
    let ca = Ca::new("Relay Test CA");
    let resolver = Arc::new(MapResolver::default());
    let addr = relay(with_origin(), resolver.clone(), &ca, 1).await;
    for target in [
        "/v1/probe?domain=example.test/evil",
        "/v1/probe?domain=example.test%2F.well-known",
        "/v1/probe?domain=example.test:8080",
        "/v1/probe?domain=example.test%3A25",
        "/v1/probe?domain=user%40example.test",
        "/v1/probe?domain=127.0.0.1",
        "/v1/probe?domain=%5B::1%5D",
        "/v1/probe?domain=localhost",
        "/v1/probe?domain=example..test",
        "/v1/probe?domain=%20example.test",
        "/v1/probe?domain=example.test%0d%0aHost:%20x",
        "/v1/probe?domain=",
        "/v1/probe",
        "/v1/probe?domain=a.test&domain=b.test",
        "/v1/probe?domain=example.test&url=https://internal.test/",
        "/v1/probe?domain=%zz",
    ] {
        let r = get(addr, target, &[&format!("Origin: {ORIGIN}")]).await;
        assert_eq!(r.status, 400, "{target}: {}", r.body);
        assert!(r.body.starts_with(r#"{"error":"#), "{target}: {}", r.body);
        assert_eq!(
            r.header("access-control-allow-origin"),
            Some(ORIGIN),
            "{target}"
        );
    }
    let long = format!("/v1/probe?domain={}.test", "a".repeat(250));
    assert_eq!(get(addr, &long, &[]).await.status, 400);
    assert!(resolver.lookups().is_empty(), "{:?}", resolver.lookups());
}

#[tokio::test]
async fn too_many_requests_from_one_client_get_429() {
    let ca = Ca::new("Relay Test CA");
    let resolver = Arc::new(MapResolver::default());
    let settings = Settings {
        rate: RateLimit {
            burst: 2,
            per_minute: 1,
            max_clients: 100,
        },
        trusted_proxies: 1,
        ..with_origin()
    };
    let addr = relay(settings, resolver.clone(), &ca, 1).await;
    let target = "/v1/probe?domain=example.test";
    for _ in 0..2 {
        assert_eq!(get(addr, target, &[]).await.status, 200);
    }
    let r = get(addr, target, &[]).await;
    assert_eq!(r.status, 429, "{}", r.body);
    assert!(r
        .header("retry-after")
        .is_some_and(|s| s.parse::<u64>().unwrap() >= 1));
    // Behind a load balancer, the client is the last X-Forwarded-For entry; what the client
    // itself put before it changes nothing.
    let spoofed = get(addr, target, &["X-Forwarded-For: 198.51.100.7, 127.0.0.1"]).await;
    assert_eq!(spoofed.status, 429);
    let other = get(addr, target, &["X-Forwarded-For: 127.0.0.1, 198.51.100.7"]).await;
    assert_eq!(other.status, 200);
    assert_eq!(resolver.probes(), 3);
}

#[tokio::test]
async fn only_configured_origins_may_read_the_answers() {
    let ca = Ca::new("Relay Test CA");
    let resolver = Arc::new(MapResolver::default());
    let addr = relay(with_origin(), resolver.clone(), &ca, 1).await;
    let target = "/v1/probe?domain=example.test";

    let ok = get(addr, target, &[&format!("Origin: {ORIGIN}")]).await;
    assert_eq!(ok.status, 200);
    assert_eq!(ok.header("access-control-allow-origin"), Some(ORIGIN));
    assert_eq!(ok.header("vary"), Some("Origin"));
    assert_eq!(ok.header("cache-control"), Some("no-store"));
    assert_eq!(ok.header("content-type"), Some("application/json"));
    let answer = ProbeResponse::from_json(&ok.body).unwrap();
    assert_eq!(answer.domain, DOMAIN);

    let foreign = get(addr, target, &["Origin: https://elsewhere.example"]).await;
    assert_eq!(foreign.status, 403);
    assert_eq!(foreign.header("access-control-allow-origin"), None);

    // No Origin (curl, a script): answered, without CORS.
    let plain = get(addr, target, &[]).await;
    assert_eq!(plain.status, 200);
    assert_eq!(plain.header("access-control-allow-origin"), None);

    let preflight = request(
        addr,
        &format!("OPTIONS {target} HTTP/1.1\r\nHost: relay.test\r\nOrigin: {ORIGIN}"),
    )
    .await;
    assert_eq!(preflight.status, 204);
    assert_eq!(
        preflight.header("access-control-allow-origin"),
        Some(ORIGIN)
    );
    assert_eq!(
        preflight.header("access-control-allow-methods"),
        Some("GET")
    );
    // Two probes ran: the foreign origin and the preflight cost nothing.
    assert_eq!(resolver.probes(), 2);
}

#[tokio::test]
async fn other_requests_are_refused() {
    let ca = Ca::new("Relay Test CA");
    let resolver = Arc::new(MapResolver::default());
    let addr = relay(with_origin(), resolver.clone(), &ca, 1).await;
    let health = get(addr, "/healthz", &[]).await;
    assert_eq!(
        (health.status, health.body.as_str()),
        (200, r#"{"status":"ok"}"#)
    );
    assert_eq!(get(addr, "/", &[]).await.status, 404);
    assert_eq!(get(addr, "/v1/probe/../../etc", &[]).await.status, 404);
    assert_eq!(
        get(addr, "/v2/probe?domain=example.test", &[]).await.status,
        404
    );
    let post = request(
        addr,
        "POST /v1/probe?domain=example.test HTTP/1.1\r\nHost: relay.test\r\nContent-Length: 0",
    )
    .await;
    assert_eq!(post.status, 405);
    assert_eq!(post.header("allow"), Some("GET, OPTIONS"));
    let body = raw(
        addr,
        "GET /v1/probe?domain=example.test HTTP/1.1\r\nHost: relay.test\r\nConnection: close\r\n\
         Content-Length: 5\r\n\r\nhello",
    )
    .await;
    assert_eq!(body.status, 413);
    let long = format!("/v1/probe?domain=example.test&x={}", "a".repeat(2000));
    assert_eq!(get(addr, &long, &[]).await.status, 414);
    let huge_header = format!("X-Filler: {}", "b".repeat(20 * 1024));
    assert_eq!(get(addr, "/healthz", &[&huge_header]).await.status, 431);
    assert!(resolver.lookups().is_empty());
}

#[tokio::test]
async fn a_full_house_answers_503() {
    let ca = Ca::new("Relay Test CA");
    // The one probe slot is held by a probe of a slow policy host.
    let (port, _) = policy_host(
        ca.good(POLICY_HOST),
        Answer::Slow(Duration::from_millis(500)),
        2,
    )
    .await;
    let resolver = Arc::new(MapResolver::default().host(POLICY_HOST, &[LOOPBACK]));
    let settings = Settings {
        max_concurrent: 1,
        ..with_origin()
    };
    let addr = relay(settings, resolver, &ca, port).await;
    let first = tokio::spawn(async move { get(addr, "/v1/probe?domain=example.test", &[]).await });
    tokio::time::sleep(Duration::from_millis(200)).await;
    let second = get(addr, "/v1/probe?domain=example.net", &[]).await;
    assert_eq!(second.status, 503, "{}", second.body);
    assert_eq!(second.header("retry-after"), Some("5"));
    let first = first.await.unwrap();
    assert_eq!(first.status, 200);
    let answer = ProbeResponse::from_json(&first.body).unwrap();
    assert_eq!(answer.policy.status, Some(200));
}
