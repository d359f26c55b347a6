//! The native DNS clients against loopback servers: the classic client against the test
//! world's DNS server (split TXT, MX, CNAME, NXDOMAIN, SERVFAIL and its `cd=1` repeat, the AD
//! bit, truncation, time limits, a second server), `ADDR[:PORT]` parsing, the probes' adapter,
//! and DNS-over-HTTPS against a local HTTPS server with the test CA.

use mta_sts::doh::{Fallback, Provider};
use mta_sts::lookup::{DnsAnswer, Rcode, RecordData, RecordType, Resolver};
use mta_sts::mx::MxHost;
use mta_sts_native::dns::{
    parse_addr, DnsClient, DohResolver, NativeResolver, Server, MAX_ANSWER_BYTES,
};
use mta_sts_native::resolve::{MxAnswer, Resolve};
use mta_sts_testworld::dns::{DnsServer, Zone};
use mta_sts_testworld::{policy_host, Answer, Ca};
use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::time::{Duration, Instant};

const LIMIT: Duration = Duration::from_millis(700);

fn zone() -> Zone {
    let long = "v=STSv1; id=20250101T000000; ".repeat(9);
    Zone::default()
        .txt("_mta-sts.example.test", &["v=STSv1; ", "id=2025"])
        .mx("example.test", 20, "mx2.example.test")
        .mx("example.test", 10, "mx1.example.test")
        .a("mx1.example.test", "127.0.0.1".parse().unwrap())
        .aaaa("mx1.example.test", "::1".parse().unwrap())
        .cname("_mta-sts.alias.test", "_mta-sts.example.test")
        .a("nomx.test", "192.0.2.1".parse().unwrap())
        .servfail("_mta-sts.broken.test")
        .txt("_mta-sts.broken.test", &["v=STSv1; id=broken"])
        .txt("_mta-sts.signed.test", &["v=STSv1; id=signed"])
        .signed("_mta-sts.signed.test")
        .txt(
            "big.test",
            &[
                &long[..240],
                &long[..240],
                &long[..240],
                &long[..240],
                &long[..240],
                &long[..240],
            ],
        )
        .silent("slow.test")
        .wrong_question("odd.test")
}

fn client(server: &DnsServer) -> DnsClient {
    DnsClient::new(vec![Server::new(server.addr)], LIMIT).unwrap()
}

async fn ask(server: &DnsServer, name: &str, rtype: RecordType) -> DnsAnswer {
    client(server).query(name, rtype, false).await.unwrap()
}

#[tokio::test]
async fn txt_keeps_its_character_strings() {
    let server = DnsServer::start(zone()).await;
    let answer = ask(&server, "_mta-sts.example.test", RecordType::Txt).await;
    assert_eq!(answer.rcode, Rcode::NoError);
    assert_eq!(answer.name, "_mta-sts.example.test");
    assert_eq!(answer.rtype, RecordType::Txt);
    assert_eq!(answer.resolver, server.addr.to_string());
    assert!(!answer.authenticated);
    assert!(!answer.checking_disabled);
    assert_eq!(answer.records.len(), 1);
    let record = &answer.records[0];
    assert_eq!(record.name, "_mta-sts.example.test.");
    assert_eq!(record.rtype, 16);
    assert_eq!(record.ttl, 300);
    assert_eq!(
        record.data,
        RecordData::Txt {
            text: "v=STSv1; id=2025".into(),
            strings: vec!["v=STSv1; ".into(), "id=2025".into()],
        }
    );
    let asked = server.asked();
    assert_eq!(asked.len(), 1);
    assert_eq!(asked[0].rtype, "TXT");
    assert!(!asked[0].checking_disabled);
    assert!(!asked[0].tcp);
    // RD=1, AD=1 (RFC 6840 §5.7), EDNS0 with a 1232-byte payload.
    assert!(asked[0].recursion_desired);
    assert!(asked[0].authentic_data);
    assert_eq!(asked[0].edns_payload, Some(1232));
}

#[tokio::test]
async fn mx_is_read_into_preference_and_exchange() {
    let server = DnsServer::start(zone()).await;
    let answer = ask(&server, "example.test", RecordType::Mx).await;
    let mut hosts: Vec<MxHost> = answer.mx_hosts().cloned().collect();
    hosts.sort_by_key(|h| h.preference);
    assert_eq!(
        hosts,
        [
            MxHost {
                preference: 10,
                exchange: "mx1.example.test.".into()
            },
            MxHost {
                preference: 20,
                exchange: "mx2.example.test.".into()
            }
        ]
    );
}

#[tokio::test]
async fn a_cname_is_followed_and_listed_first() {
    let server = DnsServer::start(zone()).await;
    let answer = ask(&server, "_mta-sts.alias.test", RecordType::Txt).await;
    assert_eq!(answer.rcode, Rcode::NoError);
    assert_eq!(
        answer.cname_chain(),
        [(
            "_mta-sts.alias.test.".to_owned(),
            "_mta-sts.example.test.".to_owned()
        )]
    );
    assert_eq!(answer.records[0].rtype, 5);
    let txt: Vec<_> = answer
        .of_type()
        .map(|r| r.data.text().into_owned())
        .collect();
    assert_eq!(txt, ["v=STSv1; id=2025"]);
}

/// IDN names stay in their ASCII form (A-labels), with the trailing dot, as DoH resolvers
/// write them: the host name checks and the policy's MX patterns compare A-labels.
#[tokio::test]
async fn idn_names_stay_in_a_labels() {
    let zone = Zone::default()
        .mx("xn--bcher-kva.example", 10, "mx.xn--bcher-kva.example")
        .cname(
            "_mta-sts.xn--bcher-kva.example",
            "_mta-sts.xn--caf-dma.example",
        )
        .txt("_mta-sts.xn--caf-dma.example", &["v=STSv1; id=1"]);
    let server = DnsServer::start(zone).await;
    let mx = ask(&server, "xn--bcher-kva.example", RecordType::Mx).await;
    assert_eq!(mx.records[0].name, "xn--bcher-kva.example.");
    assert_eq!(
        mx.records[0].data,
        RecordData::Mx(MxHost {
            preference: 10,
            exchange: "mx.xn--bcher-kva.example.".into()
        })
    );
    let txt = ask(&server, "_mta-sts.xn--bcher-kva.example", RecordType::Txt).await;
    assert_eq!(
        txt.cname_chain(),
        [(
            "_mta-sts.xn--bcher-kva.example.".to_owned(),
            "_mta-sts.xn--caf-dma.example.".to_owned()
        )]
    );
    assert_eq!(txt.records[1].name, "_mta-sts.xn--caf-dma.example.");
    // The probes' adapter hands the exchange on as it came.
    let resolver = NativeResolver::Dns(client(&server));
    assert_eq!(
        resolver.mx("xn--bcher-kva.example").await,
        Ok(MxAnswer::Records(vec![(
            10,
            "mx.xn--bcher-kva.example.".into()
        )]))
    );
}

#[tokio::test]
async fn addresses_are_text() {
    let server = DnsServer::start(zone()).await;
    let a = ask(&server, "mx1.example.test", RecordType::A).await;
    assert_eq!(a.records[0].data, RecordData::Other("127.0.0.1".into()));
    let aaaa = ask(&server, "mx1.example.test", RecordType::Aaaa).await;
    assert_eq!(aaaa.records[0].data, RecordData::Other("::1".into()));
}

#[tokio::test]
async fn nxdomain_and_nodata_are_answers() {
    let server = DnsServer::start(zone()).await;
    let nx = ask(&server, "_mta-sts.nowhere.test", RecordType::Txt).await;
    assert_eq!(nx.rcode, Rcode::NxDomain);
    assert!(nx.records.is_empty());
    // `example.test` exists (it has MX records), just no TXT.
    let nodata = ask(&server, "example.test", RecordType::Txt).await;
    assert_eq!(nodata.rcode, Rcode::NoError);
    assert!(nodata.records.is_empty());
}

#[tokio::test]
async fn servfail_and_its_cd_repeat() {
    let server = DnsServer::start(zone()).await;
    let client = client(&server);
    let failed = client
        .query("_mta-sts.broken.test", RecordType::Txt, false)
        .await
        .unwrap();
    assert_eq!(failed.rcode, Rcode::ServFail);
    assert!(failed.records.is_empty());
    let unchecked = client
        .query("_mta-sts.broken.test", RecordType::Txt, true)
        .await
        .unwrap();
    assert_eq!(unchecked.rcode, Rcode::NoError);
    assert!(unchecked.checking_disabled);
    assert_eq!(unchecked.records.len(), 1);
    assert_eq!(server.count("_mta-sts.broken.test", "TXT"), 2);
    assert_eq!(server.count_cd("_mta-sts.broken.test", "TXT"), 1);
}

#[tokio::test]
async fn the_ad_bit_is_reported() {
    let server = DnsServer::start(zone()).await;
    let signed = ask(&server, "_mta-sts.signed.test", RecordType::Txt).await;
    assert!(signed.authenticated);
    let unsigned = ask(&server, "_mta-sts.example.test", RecordType::Txt).await;
    assert!(!unsigned.authenticated);
}

#[tokio::test]
async fn a_truncated_reply_is_asked_again_over_tcp() {
    let server = DnsServer::start(zone()).await;
    let answer = ask(&server, "big.test", RecordType::Txt).await;
    assert_eq!(answer.rcode, Rcode::NoError);
    let RecordData::Txt { strings, text } = &answer.records[0].data else {
        panic!("not TXT: {answer:?}");
    };
    assert_eq!(strings.len(), 6);
    assert!(strings.iter().all(|s| s.len() == 240));
    assert_eq!(text.len(), 1440);
    let asked = server.asked();
    assert_eq!(asked.len(), 2);
    assert!(!asked[0].tcp);
    assert!(asked[1].tcp);
}

#[tokio::test]
async fn a_silent_server_times_out_in_words_and_in_time() {
    let server = DnsServer::start(zone()).await;
    let started = Instant::now();
    let error = client(&server)
        .query("slow.test", RecordType::Txt, false)
        .await
        .unwrap_err();
    let took = started.elapsed();
    assert_eq!(
        error.attempts,
        [format!("{}: timed out after 700 ms", server.addr)]
    );
    assert!(took >= LIMIT, "{took:?}");
    assert!(took < LIMIT + Duration::from_secs(1), "{took:?}");
}

#[tokio::test]
async fn a_lost_datagram_is_sent_again() {
    let zone = Zone::default()
        .txt("_mta-sts.lossy.test", &["v=STSv1; id=1"])
        .lossy("_mta-sts.lossy.test");
    let server = DnsServer::start(zone).await;
    let client = DnsClient::new(vec![Server::new(server.addr)], Duration::from_secs(3)).unwrap();
    let started = Instant::now();
    let answer = client
        .query("_mta-sts.lossy.test", RecordType::Txt, false)
        .await
        .unwrap();
    assert_eq!(answer.records.len(), 1);
    // Asked twice over UDP: the first query went unanswered, the second a second later.
    assert_eq!(server.count("_mta-sts.lossy.test", "TXT"), 2);
    assert_eq!(server.tcp_count(), 0);
    let took = started.elapsed();
    assert!(took >= Duration::from_secs(1), "{took:?}");
    assert!(took < Duration::from_secs(2), "{took:?}");
}

#[tokio::test]
async fn the_next_server_is_asked_when_one_fails() {
    let silent = DnsServer::start(Zone::default().silent("_mta-sts.example.test")).await;
    let good = DnsServer::start(zone()).await;
    let client = DnsClient::new(
        vec![Server::new(silent.addr), Server::new(good.addr)],
        LIMIT,
    )
    .unwrap();
    let answer = client
        .query("_mta-sts.example.test", RecordType::Txt, false)
        .await
        .unwrap();
    assert_eq!(answer.resolver, good.addr.to_string());
    assert_eq!(answer.records.len(), 1);
    assert_eq!(silent.total(), 1);
    assert_eq!(good.total(), 1);
}

#[tokio::test]
async fn a_refused_port_and_a_wrong_question_are_errors() {
    // A port nobody listens on: bind one, note it, close it.
    let closed = std::net::UdpSocket::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap();
    let error = DnsClient::new(vec![Server::new(closed)], LIMIT)
        .unwrap()
        .query("example.test", RecordType::Mx, false)
        .await
        .unwrap_err();
    assert_eq!(error.attempts, [format!("{closed}: connection refused")]);

    let server = DnsServer::start(zone()).await;
    let error = client(&server)
        .query("odd.test", RecordType::Txt, false)
        .await
        .unwrap_err();
    assert_eq!(
        error.attempts,
        [format!(
            "{}: the reply did not match the question",
            server.addr
        )]
    );
}

#[tokio::test]
async fn a_thousand_domains() {
    let mut zone = Zone::default();
    for i in 1..=1000 {
        zone = zone.txt(
            &format!("_mta-sts.d{i:04}.test"),
            &[&format!("v=STSv1; id={i}")],
        );
    }
    let server = DnsServer::start(zone).await;
    let client = client(&server);
    let answers = futures_util::future::join_all((1..=1000).map(|i| {
        let client = &client;
        async move {
            client
                .query(&format!("_mta-sts.d{i:04}.test"), RecordType::Txt, false)
                .await
        }
    }))
    .await;
    for (i, answer) in (1..=1000).zip(answers) {
        let answer = answer.unwrap();
        assert_eq!(answer.records[0].data.text(), format!("v=STSv1; id={i}"));
    }
    assert_eq!(server.total(), 1000);
}

#[test]
fn server_addresses_parse() {
    let sa = |s: &str| s.parse::<SocketAddr>().unwrap();
    assert_eq!(parse_addr("192.0.2.1"), Ok(sa("192.0.2.1:53")));
    assert_eq!(parse_addr("192.0.2.1:5353"), Ok(sa("192.0.2.1:5353")));
    assert_eq!(parse_addr("2001:db8::1"), Ok(sa("[2001:db8::1]:53")));
    assert_eq!(parse_addr("[2001:db8::1]"), Ok(sa("[2001:db8::1]:53")));
    assert_eq!(
        parse_addr("[2001:db8::1]:5353"),
        Ok(sa("[2001:db8::1]:5353"))
    );
    assert_eq!(parse_addr(" ::1 "), Ok(sa("[::1]:53")));
    for bad in [
        "",
        "dns.google",
        "192.0.2.1:",
        "192.0.2.1:0",
        "192.0.2.1:65536",
        "192.0.2.1:dns",
        "[2001:db8::1",
        "[2001:db8::1]5353",
        "[192.0.2.1]:53",
        "2001:db8::1:99999",
        "192.0.2.256",
    ] {
        assert!(parse_addr(bad).is_err(), "{bad:?}");
    }
    assert_eq!(
        parse_addr("192.0.2.1:0"),
        Err("\"0\" is not a port number from 1 to 65535".into())
    );
    assert!(parse_addr("dns.google")
        .unwrap_err()
        .starts_with("\"dns.google\" is not an IP address"));
    assert_eq!(Server::parse("192.0.2.1").unwrap().label, "192.0.2.1:53");
    assert_eq!(
        Server::system(sa("127.0.0.53:53")).label,
        "system (127.0.0.53)"
    );
}

#[test]
fn resolver_choices() {
    let t = Duration::from_secs(1);
    let google = NativeResolver::from_choice("google", t).unwrap();
    assert_eq!(google.describe(), "Google (Cloudflare when it fails)");
    let cloudflare = NativeResolver::from_choice("Cloudflare", t).unwrap();
    assert_eq!(cloudflare.describe(), "Cloudflare (Google when it fails)");
    let direct = NativeResolver::from_choice("192.0.2.1:5353", t).unwrap();
    assert_eq!(direct.describe(), "192.0.2.1:5353");
    let error = NativeResolver::from_choice("quad9", t).unwrap_err();
    assert!(error.starts_with("\"quad9\" is not a resolver"), "{error}");
    assert!(DnsClient::new(vec![], t).is_err());
    // The system's servers, whatever this machine has: each labelled as the system's.
    match NativeResolver::from_choice("system", t) {
        Ok(system) => assert!(
            system.describe().starts_with("system ("),
            "{}",
            system.describe()
        ),
        Err(error) => assert!(error.contains("system's DNS configuration"), "{error}"),
    }
}

#[tokio::test]
async fn the_probes_adapter_answers_mx_and_addresses() {
    let server = DnsServer::start(zone()).await;
    let resolver = NativeResolver::Dns(client(&server));
    let Ok(MxAnswer::Records(mut mx)) = resolver.mx("example.test").await else {
        panic!("MX records");
    };
    mx.sort();
    assert_eq!(
        mx,
        [
            (10, "mx1.example.test.".to_owned()),
            (20, "mx2.example.test.".to_owned())
        ]
    );
    assert_eq!(resolver.mx("nomx.test").await, Ok(MxAnswer::NoRecords));
    assert_eq!(resolver.mx("nowhere.test").await, Ok(MxAnswer::NoDomain));
    let mut ips = resolver.addresses("mx1.example.test").await.unwrap();
    ips.sort();
    let want: [IpAddr; 2] = ["127.0.0.1".parse().unwrap(), "::1".parse().unwrap()];
    assert_eq!(ips, want);
    assert_eq!(resolver.addresses("nowhere.test").await, Ok(vec![]));
    assert_eq!(server.count("mx1.example.test", "A"), 1);
    assert_eq!(server.count("mx1.example.test", "AAAA"), 1);
    // A failure is words, with who said it.
    let error = resolver.mx("_mta-sts.broken.test").await.unwrap_err();
    assert_eq!(
        error,
        format!("{}: SERVFAIL for MX _mta-sts.broken.test", server.addr)
    );
}

const GOOGLE_JSON: &str = r#"{"Status":0,"TC":false,"RD":true,"RA":true,"AD":true,"CD":false,
"Question":[{"name":"_mta-sts.example.test.","type":16}],
"Answer":[{"name":"_mta-sts.example.test.","type":16,"TTL":300,"data":"v=STSv1; id=2025"}]}"#;

fn local(port: u16) -> Vec<SocketAddr> {
    vec![SocketAddr::from(([127, 0, 0, 1], port))]
}

#[tokio::test]
async fn doh_asks_the_provider_url_over_https() {
    let ca = Ca::new("DoH Test CA");
    let (port, seen) =
        policy_host(ca.good("dns.google"), Answer::Json(GOOGLE_JSON.into()), 1).await;
    let doh = DohResolver::with_roots(Provider::Google, Arc::new(ca.roots()), local(port), LIMIT)
        .unwrap();
    let answer = doh
        .query("_mta-sts.example.test", RecordType::Txt, true)
        .await
        .unwrap();
    assert_eq!(answer.resolver, "Google");
    assert!(answer.authenticated);
    assert!(answer.checking_disabled);
    assert_eq!(answer.records[0].data.text(), "v=STSv1; id=2025");
    assert_eq!(seen.sni(), ["dns.google"]);
    assert_eq!(
        seen.lines(),
        [
            "GET /resolve?name=_mta-sts.example.test&type=TXT&cd=1 HTTP/1.1",
            "host: dns.google"
        ]
    );
}

#[tokio::test]
async fn doh_falls_back_to_the_other_provider() {
    let ca = Ca::new("DoH Test CA");
    let (google_port, _) = policy_host(ca.good("dns.google"), Answer::Status(503), 1).await;
    let (cloudflare_port, seen) = policy_host(
        ca.good("cloudflare-dns.com"),
        Answer::Json(GOOGLE_JSON.into()),
        1,
    )
    .await;
    let roots = Arc::new(ca.roots());
    let doh = Fallback::new(
        DohResolver::with_roots(Provider::Google, roots.clone(), local(google_port), LIMIT)
            .unwrap(),
        DohResolver::with_roots(Provider::Cloudflare, roots, local(cloudflare_port), LIMIT)
            .unwrap(),
    );
    let resolver = NativeResolver::Doh(doh);
    let answer = resolver
        .query("_mta-sts.example.test", RecordType::Txt, false)
        .await
        .unwrap();
    assert_eq!(answer.resolver, "Cloudflare");
    assert_eq!(
        seen.lines(),
        [
            "GET /dns-query?name=_mta-sts.example.test&type=TXT HTTP/1.1",
            "host: cloudflare-dns.com",
            "accept: application/dns-json"
        ]
    );
    // The probes' adapter goes the same way.
    assert!(resolver.describe().starts_with("Google"));
}

#[tokio::test]
async fn doh_errors_are_words() {
    let ca = Ca::new("DoH Test CA");
    let roots = Arc::new(ca.roots());
    // An untrusted certificate.
    let other = Ca::new("Other CA");
    let (port, _) = policy_host(
        other.good("dns.google"),
        Answer::Json(GOOGLE_JSON.into()),
        1,
    )
    .await;
    let error = DohResolver::with_roots(Provider::Google, roots.clone(), local(port), LIMIT)
        .unwrap()
        .query("example.test", RecordType::Txt, false)
        .await
        .unwrap_err();
    assert!(error.attempts[0].starts_with("Google: TLS: "), "{error}");
    // An answer over the cap.
    let (port, _) = policy_host(
        ca.good("dns.google"),
        Answer::Huge(MAX_ANSWER_BYTES + 10),
        1,
    )
    .await;
    let error = DohResolver::with_roots(Provider::Google, roots.clone(), local(port), LIMIT)
        .unwrap()
        .query("example.test", RecordType::Txt, false)
        .await
        .unwrap_err();
    assert_eq!(
        error.attempts,
        ["Google: the answer is larger than 512 KiB"]
    );
    // Not DNS JSON.
    let (port, _) = policy_host(ca.good("dns.google"), Answer::Json("<html>".into()), 1).await;
    let error = DohResolver::with_roots(Provider::Google, roots.clone(), local(port), LIMIT)
        .unwrap()
        .query("example.test", RecordType::Txt, false)
        .await
        .unwrap_err();
    assert!(
        error.attempts[0].starts_with("Google: the answer is not DNS JSON"),
        "{error}"
    );
    // No answer in time.
    let (port, _) = policy_host(
        ca.good("dns.google"),
        Answer::Slow(Duration::from_secs(3)),
        1,
    )
    .await;
    let error = DohResolver::with_roots(Provider::Google, roots, local(port), LIMIT)
        .unwrap()
        .query("example.test", RecordType::Txt, false)
        .await
        .unwrap_err();
    assert_eq!(error.attempts, ["Google: timed out after 700 ms"]);
}

/// The probes through the native resolver tell a failed lookup (SERVFAIL) from an answer with
/// nothing in it (NXDOMAIN, no address), for the policy host, the MX lookup and each MX host.
#[tokio::test]
async fn probes_tell_a_failed_lookup_from_no_address() {
    use mta_sts::relay::Stage;
    use mta_sts_native::config::Network;
    use mta_sts_native::fetch::fetch_policy;
    use mta_sts_native::probe::probe_all_mx;
    use mta_sts_testworld::{timeouts, LoopbackOnly};
    let zone = Zone::default()
        .servfail("broken.test")
        .servfail("mta-sts.broken.test")
        .mx("mixed.test", 10, "mx.broken.test")
        .mx("mixed.test", 20, "mx.none.test")
        .servfail("mx.broken.test");
    let server = DnsServer::start(zone).await;
    let resolver = Arc::new(NativeResolver::Dns(client(&server)));
    let ca = Ca::new("Test CA");
    let net = Network::custom(resolver, Arc::new(LoopbackOnly), ca.roots(), 1, 1).unwrap();
    let stage = |e: Option<mta_sts::relay::ProbeError>| e.map(|e| e.stage);
    let failed = fetch_policy(&net, &timeouts(), "broken.test").await;
    assert_eq!(stage(failed.error), Some(Stage::Resolve));
    let none = fetch_policy(&net, &timeouts(), "nowhere.test").await;
    assert_eq!(stage(none.error), Some(Stage::NoAddress));
    let mx = probe_all_mx(&net, &timeouts(), "probe.invalid", "broken.test").await;
    assert_eq!(stage(mx.error), Some(Stage::Resolve));
    let mx = probe_all_mx(&net, &timeouts(), "probe.invalid", "nowhere.test").await;
    assert_eq!(stage(mx.error), Some(Stage::NoAddress));
    let mx = probe_all_mx(&net, &timeouts(), "probe.invalid", "mixed.test").await;
    let hosts: Vec<_> = mx
        .hosts
        .into_iter()
        .map(|h| (h.host, stage(h.error)))
        .collect();
    assert_eq!(
        hosts,
        [
            ("mx.broken.test".to_owned(), Some(Stage::Resolve)),
            ("mx.none.test".to_owned(), Some(Stage::NoAddress))
        ]
    );
}

#[tokio::test]
async fn tlsa_is_decoded_from_the_wire_with_the_ad_bit() {
    let digest: Vec<u8> = (0u8..32).collect();
    let zone = Zone::default()
        .tlsa("_25._tcp.mx1.example.test", 3, 1, 1, &digest)
        .tlsa("_25._tcp.mx1.example.test", 2, 0, 2, &[0xab; 64])
        .signed("_25._tcp.mx1.example.test")
        .tlsa("_25._tcp.mx2.example.test", 3, 1, 1, &[]);
    let server = DnsServer::start(zone).await;
    let answer = ask(&server, "_25._tcp.mx1.example.test", RecordType::Tlsa).await;
    assert_eq!(answer.rcode, Rcode::NoError);
    assert!(answer.authenticated);
    let mut data: Vec<RecordData> = answer.of_type().map(|r| r.data.clone()).collect();
    data.sort_by_key(|d| d.text().into_owned());
    let want = |usage, selector, matching_type, data: &[u8]| {
        RecordData::Tlsa(mta_sts::tlsa::Tlsa {
            usage,
            selector,
            matching_type,
            data: data.to_vec(),
        })
    };
    assert_eq!(
        data,
        vec![want(2, 0, 2, &[0xab; 64]), want(3, 1, 1, &digest)]
    );
    assert_eq!(
        data[1].text(),
        "3 1 1 000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"
    );

    // A record with no association data is kept, verbatim, in RFC 3597's generic form.
    let answer = ask(&server, "_25._tcp.mx2.example.test", RecordType::Tlsa).await;
    assert!(!answer.authenticated);
    assert_eq!(
        answer.records[0].data,
        RecordData::UnreadableTlsa("\\# 3 030101".into())
    );
}
