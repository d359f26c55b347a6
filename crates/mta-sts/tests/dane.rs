//! `mx-dane`: TLSA answers in both DoH providers' JSON forms (Google's presentation form,
//! Cloudflare's RFC 3597 generic form), decoded by `doh::decode_answer` as the page does, and
//! judged with the rest of the report: no TLSA, TLSA with and without DNSSEC, each kind of
//! unusable record, SERVFAIL with its `cd=1` repeat, the MX hosts against the policy, and the
//! probe's certificate digests matching or not (and a relay without them).

#[allow(unused_imports)]
mod support;

use mta_sts::doh::decode_answer;
use mta_sts::lookup::{Lookup, LookupError, RecordType};
use mta_sts::pipeline::{Observations, Request, TlsaLookup};
use mta_sts::relay::{
    CertificateFacts, MxProbe, MxProbes, PolicyProbe, ProbeObservation, ProbeResponse,
};
use mta_sts::report::build_report;
use mta_sts::{CheckId, Code, Finding, Provenance, Severity};
use support::{codes, has, healthy, mx, ok, one, signed, D};

/// The key digest (SPKI, SHA-256) and certificate digest the probe reports for MX hosts.
const SPKI: &str = "a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90";
const CERT: &str = "0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0";
/// The digest of the CA certificate the hosts send after their own.
const CA_CERT: &str = "5555555555555555555555555555555555555555555555555555555555555555";

fn tlsa_name(host: &str) -> String {
    format!("_25._tcp.{host}")
}

/// A DoH JSON answer for the TLSA records of `host`, each `data` as the provider writes it.
fn json(status: u16, ad: bool, host: &str, data: &[&str]) -> String {
    let answers: Vec<String> = data
        .iter()
        .map(|d| {
            format!(
                r#"{{"name":"{}.","type":52,"TTL":300,"data":{}}}"#,
                tlsa_name(host),
                serde_json::to_string(d).unwrap()
            )
        })
        .collect();
    format!(
        r#"{{"Status":{status},"TC":false,"RD":true,"RA":true,"AD":{ad},"CD":false,"Question":[{{"name":"{}.","type":52}}],"Answer":[{}]}}"#,
        tlsa_name(host),
        answers.join(",")
    )
}

/// Cloudflare's generic form (RFC 3597) of `usage selector matching <hex>`: `\# <len> 03 01 …`.
fn generic(usage: u8, selector: u8, matching: u8, hex: &str) -> String {
    let mut bytes = vec![
        format!("{usage:02x}"),
        format!("{selector:02x}"),
        format!("{matching:02x}"),
    ];
    for i in (0..hex.len()).step_by(2) {
        bytes.push(hex[i..i + 2].to_owned());
    }
    format!("\\# {} {}", bytes.len(), bytes.join(" "))
}

fn decoded(provider: &str, text: &str, host: &str, cd: bool) -> Lookup {
    decode_answer(text, provider, &tlsa_name(host), RecordType::Tlsa, cd)
        .map_err(|e| e.into_lookup_error(provider))
}

/// Google's answer with these records.
fn google(ad: bool, host: &str, data: &[&str]) -> TlsaLookup {
    TlsaLookup {
        host: host.into(),
        lookup: decoded("Google", &json(0, ad, host, data), host, false),
    }
}

/// Cloudflare's answer with these records (already in its generic form).
fn cloudflare(ad: bool, host: &str, data: &[String]) -> TlsaLookup {
    let data: Vec<&str> = data.iter().map(String::as_str).collect();
    TlsaLookup {
        host: host.into(),
        lookup: decoded("Cloudflare", &json(0, ad, host, &data), host, false),
    }
}

fn nxdomain(host: &str) -> TlsaLookup {
    TlsaLookup {
        host: host.into(),
        lookup: decoded("Google", &json(3, true, host, &[]), host, false),
    }
}

/// The healthy domain (enforce, mx1 and mx2 covered) with these TLSA answers.
fn with_tlsa(tlsa: Vec<TlsaLookup>) -> Observations {
    Observations { tlsa, ..healthy() }
}

fn dane(obs: &Observations) -> (Option<Severity>, Vec<Finding>) {
    let report = build_report(obs);
    let c = report.check(CheckId::MxDane);
    (c.severity, c.findings.clone())
}

#[test]
fn no_tlsa_is_info_and_says_what_dane_would_add() {
    let (severity, f) = dane(&with_tlsa(vec![
        nxdomain("mx1.example.com"),
        google(true, "mx2.example.com", &[]),
    ]));
    assert_eq!(severity, Some(Severity::Info), "{:?}", codes(&f));
    let none = one(&f, Code::MxDaneNone);
    assert_eq!(none.severity, Severity::Info);
    assert!(none.detail.contains("first connection"), "{}", none.detail);
    assert_eq!(none.evidence.len(), 2);
    // Without a probe there is no key to write the record for.
    assert_eq!(none.fix, None);
    assert!(
        build_report(&with_tlsa(vec![
            nxdomain("mx1.example.com"),
            nxdomain("mx2.example.com")
        ]))
        .done
    );
}

#[test]
fn tlsa_under_dnssec_passes_in_both_providers_forms() {
    for (obs, want) in [
        (
            with_tlsa(vec![
                google(
                    true,
                    "mx1.example.com",
                    &[&format!("3 1 1 {}", SPKI.to_uppercase())],
                ),
                google(true, "mx2.example.com", &[&format!("3 1 1 {SPKI}")]),
            ]),
            format!("3 1 1 {SPKI} (DANE-EE, SPKI, SHA-256)"),
        ),
        (
            with_tlsa(vec![
                cloudflare(true, "mx1.example.com", &[generic(2, 1, 1, SPKI)]),
                cloudflare(true, "mx2.example.com", &[generic(2, 1, 1, SPKI)]),
            ]),
            format!("2 1 1 {SPKI} (DANE-TA, SPKI, SHA-256)"),
        ),
    ] {
        let (severity, f) = dane(&obs);
        assert_eq!(severity, Some(Severity::Pass), "{:?}", codes(&f));
        let valid: Vec<&Finding> = f.iter().filter(|f| f.code == Code::MxDaneValid).collect();
        assert_eq!(valid.len(), 2);
        let e = &valid[0].evidence[0];
        assert_eq!(e.label, "TLSA _25._tcp.mx1.example.com");
        assert_eq!(e.text, want);
        assert!(matches!(&e.provenance, Some(Provenance::Dns { .. })));
        assert!(valid[0]
            .evidence
            .iter()
            .any(|e| e.label == "AD flag" && e.text == "set"));
        // Explained once, not per host; both hosts are in the policy, so the two agree.
        assert!(has(&f, Code::MxDaneInterplay, Severity::Pass));
        assert_eq!(
            f.iter().filter(|f| f.code == Code::MxDaneInterplay).count(),
            1
        );
        assert!(!f.iter().any(|f| f.code == Code::MxDaneNotInPolicy));
        assert!(!f.iter().any(|f| f.code == Code::MxDaneNotRecommended));
    }
}

#[test]
fn tlsa_without_dnssec_is_ignored_by_senders() {
    let (severity, f) = dane(&with_tlsa(vec![
        google(false, "mx1.example.com", &[&format!("3 1 1 {SPKI}")]),
        cloudflare(false, "mx2.example.com", &[generic(3, 1, 1, SPKI)]),
    ]));
    assert_eq!(severity, Some(Severity::Warn), "{:?}", codes(&f));
    assert_eq!(
        f.iter().filter(|f| f.code == Code::MxDaneUnsigned).count(),
        2
    );
    assert!(!f.iter().any(|f| f.code == Code::MxDaneValid));
    // No host has DANE as senders see it: nothing to explain about the interplay.
    assert!(!f.iter().any(|f| f.code == Code::MxDaneInterplay));
}

#[test]
fn each_unusable_record_is_judged() {
    let short = &SPKI[..62];
    let rows: Vec<(&str, Vec<String>, Code, Severity)> = vec![
        (
            "PKIX-TA",
            vec![format!("0 0 1 {SPKI}")],
            Code::MxDanePkixUsage,
            Severity::Warn,
        ),
        (
            "PKIX-EE",
            vec![generic(1, 1, 1, SPKI)],
            Code::MxDanePkixUsage,
            Severity::Warn,
        ),
        (
            "usage 4",
            vec![format!("4 1 1 {SPKI}")],
            Code::MxDaneUnknownParameter,
            Severity::Warn,
        ),
        (
            "selector 2",
            vec![format!("3 2 1 {SPKI}")],
            Code::MxDaneUnknownParameter,
            Severity::Warn,
        ),
        (
            "SHA-256 short",
            vec![format!("3 1 1 {short}")],
            Code::MxDaneDigestLength,
            Severity::Fail,
        ),
        (
            "SHA-512 of 32 bytes",
            vec![generic(3, 1, 2, SPKI)],
            Code::MxDaneDigestLength,
            Severity::Fail,
        ),
        (
            "not hex",
            vec!["3 1 1 not-hex".into()],
            Code::MxDaneUndecodable,
            Severity::Fail,
        ),
        (
            "generic, wrong length",
            vec!["\\# 40 03 01 01 aa".into()],
            Code::MxDaneUndecodable,
            Severity::Fail,
        ),
    ];
    for (what, data, code, severity) in rows {
        let data: Vec<&str> = data.iter().map(String::as_str).collect();
        let (worst, f) = dane(&with_tlsa(vec![
            google(true, "mx1.example.com", &data),
            nxdomain("mx2.example.com"),
        ]));
        assert!(has(&f, code, severity), "{what}: {:?}", codes(&f));
        // No record is left that senders can use.
        assert!(
            has(&f, Code::MxDaneNoUsable, Severity::Warn),
            "{what}: {:?}",
            codes(&f)
        );
        assert!(!f.iter().any(|f| f.code == Code::MxDaneValid), "{what}");
        assert_eq!(worst, Some(severity), "{what}");
        // The record is shown as published.
        let e = &one(&f, code).evidence[0];
        assert_eq!(e.label, "TLSA _25._tcp.mx1.example.com", "{what}");
    }
    let (_, f) = dane(&with_tlsa(vec![google(
        true,
        "mx1.example.com",
        &["3 1 1 not-hex"],
    )]));
    assert_eq!(
        one(&f, Code::MxDaneUndecodable).evidence[0].text,
        "3 1 1 not-hex"
    );
}

#[test]
fn one_usable_record_beside_an_unusable_one_still_passes_the_host() {
    let (severity, f) = dane(&with_tlsa(vec![
        google(
            true,
            "mx1.example.com",
            &[&format!("1 1 1 {SPKI}"), &format!("3 1 1 {SPKI}")],
        ),
        nxdomain("mx2.example.com"),
    ]));
    assert_eq!(severity, Some(Severity::Warn), "{:?}", codes(&f));
    assert!(has(&f, Code::MxDaneValid, Severity::Pass));
    assert!(has(&f, Code::MxDanePkixUsage, Severity::Warn));
    assert!(!f.iter().any(|f| f.code == Code::MxDaneNoUsable));
    // mx2 has none while mx1 has DANE.
    assert!(has(&f, Code::MxDaneWithoutDane, Severity::Info));
    // A broken record beside a usable one is a warning, not a failure: senders skip it.
    let short = &SPKI[..62];
    for broken in [format!("3 1 1 {short}"), "3 1 1 not-hex".to_owned()] {
        let (severity, f) = dane(&with_tlsa(vec![
            google(
                true,
                "mx1.example.com",
                &[&broken, &format!("3 1 1 {SPKI}")],
            ),
            nxdomain("mx2.example.com"),
        ]));
        assert_eq!(severity, Some(Severity::Warn), "{broken}: {:?}", codes(&f));
        assert!(has(&f, Code::MxDaneValid, Severity::Pass));
        assert!(
            has(&f, Code::MxDaneDigestLength, Severity::Warn)
                || has(&f, Code::MxDaneUndecodable, Severity::Warn),
            "{broken}: {:?}",
            codes(&f)
        );
    }
}

#[test]
fn other_combinations_than_3_1_1_and_2_1_1_are_pointed_out() {
    let full = "ab".repeat(64);
    let (severity, f) = dane(&with_tlsa(vec![
        google(
            true,
            "mx1.example.com",
            &[&format!("3 0 1 {CERT}"), &format!("3 1 2 {full}")],
        ),
        nxdomain("mx2.example.com"),
    ]));
    assert_eq!(severity, Some(Severity::Info), "{:?}", codes(&f));
    assert!(has(&f, Code::MxDaneValid, Severity::Pass));
    assert!(has(&f, Code::MxDaneNotRecommended, Severity::Info));
}

#[test]
fn servfail_is_judged_with_its_cd_repeat() {
    let host = "mx1.example.com";
    let servfail = TlsaLookup {
        host: host.into(),
        lookup: decoded("Google", &json(2, false, host, &[]), host, false),
    };
    let mut obs = with_tlsa(vec![servfail, nxdomain("mx2.example.com")]);
    // The repeat still running: pending.
    obs.pending
        .push(Request::dns(tlsa_name(host), RecordType::Tlsa, true));
    assert_eq!(dane(&obs).0, None);
    obs.pending.clear();

    // The repeat answers: the signatures are broken, and validating senders defer mail.
    let mut broken = obs.clone();
    broken.dnssec_retries.push((
        tlsa_name(host),
        RecordType::Tlsa,
        decoded(
            "Google",
            &json(0, false, host, &[&format!("3 1 1 {SPKI}")]),
            host,
            true,
        ),
    ));
    let (severity, f) = dane(&broken);
    assert_eq!(severity, Some(Severity::Fail), "{:?}", codes(&f));
    let b = one(&f, Code::MxDaneDnssecBroken);
    assert!(b.evidence.iter().any(|e| e.text.starts_with("3 1 1 ")));
    assert!(b.fix.is_some());

    // The repeat fails too, or was not made: not known from here.
    let mut failing = obs.clone();
    failing.dnssec_retries.push((
        tlsa_name(host),
        RecordType::Tlsa,
        decoded("Google", &json(2, false, host, &[]), host, true),
    ));
    for o in [failing, obs] {
        let (severity, f) = dane(&o);
        assert_eq!(severity, Some(Severity::Unknown), "{:?}", codes(&f));
        assert!(has(&f, Code::MxDaneLookupFailed, Severity::Unknown));
    }

    // No answer at all.
    let lost = with_tlsa(vec![
        TlsaLookup {
            host: host.into(),
            lookup: Err(LookupError::new("Google", "HTTP 503")),
        },
        nxdomain("mx2.example.com"),
    ]);
    assert!(has(
        &dane(&lost).1,
        Code::MxDaneLookupFailed,
        Severity::Unknown
    ));
    // DANE not known leaves the MTA-STS verdict as the policy makes it.
    assert_eq!(
        build_report(&lost).verdict,
        Some(mta_sts::report::Verdict::Enforce)
    );
}

#[test]
fn pending_until_the_mx_answer_and_each_tlsa_lookup_are_in() {
    let mut obs = with_tlsa(vec![nxdomain("mx1.example.com")]);
    obs.pending.push(Request::dns(
        tlsa_name("mx2.example.com"),
        RecordType::Tlsa,
        false,
    ));
    assert_eq!(dane(&obs).0, None);
    let waiting = Observations {
        mx: None,
        ..healthy()
    };
    assert_eq!(dane(&waiting).0, None);
    // A null MX has no host to look up.
    let null = Observations {
        mx: ok(signed(mx(D, &[(0, ".")]))),
        ..healthy()
    };
    let (severity, f) = dane(&null);
    assert_eq!(severity, Some(Severity::Skip));
    assert!(has(&f, Code::MxDaneNoMx, Severity::Skip));
}

#[test]
fn hosts_with_dane_and_the_policy_are_compared() {
    // mx3 has DANE and is not in the policy (mx1, mx2); mx1 is in the policy without DANE.
    let obs = Observations {
        mx: ok(signed(mx(
            D,
            &[(10, "mx1.example.com."), (20, "mx3.example.com.")],
        ))),
        tlsa: vec![
            nxdomain("mx1.example.com"),
            google(true, "mx3.example.com", &[&format!("3 1 1 {SPKI}")]),
        ],
        ..healthy()
    };
    let (severity, f) = dane(&obs);
    assert_eq!(severity, Some(Severity::Warn), "{:?}", codes(&f));
    let not_in = one(&f, Code::MxDaneNotInPolicy);
    assert!(not_in.title.contains("mx3.example.com"));
    assert_eq!(
        not_in.fix.as_ref().and_then(|x| x.paste.as_deref()),
        Some("mx: mx3.example.com")
    );
    let without = one(&f, Code::MxDaneWithoutDane);
    assert!(without.title.contains("mx1.example.com"));
}

/// The digests of the certificates presented: (certificate, key) for each, in order.
type Digests = Vec<(&'static str, &'static str)>;

fn cert_with(digests: Digests) -> CertificateFacts {
    CertificateFacts {
        name: "mx1.example.com".into(),
        verified: true,
        valid_for_name: true,
        chain_length: digests.len(),
        cert_sha256: digests.iter().map(|d| d.0.to_owned()).collect(),
        spki_sha256: digests.iter().map(|d| d.1.to_owned()).collect(),
        dns_names: vec!["mx1.example.com".into()],
        not_after_unix: i64::MAX,
        ..CertificateFacts::default()
    }
}

fn presented() -> Digests {
    // The CA certificate's key could not be read: empty text.
    vec![(CERT, SPKI), (CA_CERT, "")]
}

fn relayed(digests: Digests) -> ProbeObservation {
    let host = |name: &str| MxProbe {
        host: name.into(),
        preference: 10,
        starttls_offered: Some(true),
        tls_version: Some("TLSv1.3".into()),
        certificate: Some(CertificateFacts {
            name: name.into(),
            dns_names: vec![name.into()],
            ..cert_with(digests.clone())
        }),
        ..MxProbe::default()
    };
    ProbeObservation {
        source: Provenance::Relayed {
            host: "relay.example.org".into(),
        },
        result: Ok(ProbeResponse {
            domain: D.into(),
            checked_at: "2025-06-01T00:00:00Z".into(),
            checked_at_unix: 1_748_736_000,
            policy: PolicyProbe::default(),
            mx: MxProbes {
                hosts: vec![host("mx1.example.com"), host("mx2.example.com")],
                ..MxProbes::default()
            },
        }),
    }
}

fn with_relay(records: &[&str], digests: Digests) -> Observations {
    Observations {
        relay: Some(relayed(digests)),
        ..with_tlsa(vec![
            google(true, "mx1.example.com", records),
            nxdomain("mx2.example.com"),
        ])
    }
}

#[test]
fn the_probe_digests_are_compared_with_the_records() {
    // DANE-EE on the key, DANE-EE on the certificate, DANE-TA on the CA certificate sent.
    for record in [
        format!("3 1 1 {SPKI}"),
        format!("3 0 1 {}", CERT.to_uppercase()),
        format!("2 0 1 {CA_CERT}"),
    ] {
        let (_, f) = dane(&with_relay(&[&record], presented()));
        let m = one(&f, Code::MxDaneMatch);
        assert_eq!(m.severity, Severity::Pass);
        assert!(
            m.evidence.iter().any(|e| matches!(&e.provenance, Some(Provenance::Relayed { host }) if host == "relay.example.org")),
            "{record}"
        );
    }
    // DANE-TA never matches the end-entity certificate itself.
    let (severity, f) = dane(&with_relay(&[&format!("2 0 1 {CERT}")], presented()));
    assert_eq!(severity, Some(Severity::Fail), "{:?}", codes(&f));
    assert!(has(&f, Code::MxDaneNoMatch, Severity::Fail));
}

#[test]
fn no_matching_record_fails_with_the_record_to_publish() {
    let other = "77".repeat(32);
    let (severity, f) = dane(&with_relay(&[&format!("3 1 1 {other}")], presented()));
    assert_eq!(severity, Some(Severity::Fail), "{:?}", codes(&f));
    let nm = one(&f, Code::MxDaneNoMatch);
    assert_eq!(
        nm.fix.as_ref().and_then(|x| x.paste.as_deref()),
        Some(format!("_25._tcp.mx1.example.com. IN TLSA 3 1 1 {SPKI}").as_str())
    );
    // The verdict: a fail in mx-dane breaks mail for DANE senders.
    let report = build_report(&with_relay(&[&format!("3 1 1 {other}")], presented()));
    assert_eq!(report.verdict, Some(mta_sts::report::Verdict::Broken));
}

#[test]
fn what_cannot_be_compared_is_said_so() {
    // An older relay without digests.
    let (severity, f) = dane(&with_relay(&[&format!("3 1 1 {SPKI}")], Vec::new()));
    assert_eq!(severity, Some(Severity::Unknown), "{:?}", codes(&f));
    assert!(has(&f, Code::MxDaneMatchUnknown, Severity::Unknown));
    // A SHA-512 record: no SHA-512 digest to compare with.
    let (_, f) = dane(&with_relay(
        &[&format!("3 1 2 {}", "ab".repeat(64))],
        presented(),
    ));
    assert!(
        has(&f, Code::MxDaneMatchUnknown, Severity::Unknown),
        "{:?}",
        codes(&f)
    );
    // The probe still running: the check waits for it.
    let mut obs = with_relay(&[&format!("3 1 1 {SPKI}")], presented());
    obs.relay = None;
    obs.pending.push(Request::relay_probe("relay.example.org"));
    assert_eq!(dane(&obs).0, None);
}

#[test]
fn no_tlsa_with_a_probe_offers_the_record_for_the_key() {
    let obs = Observations {
        relay: Some(relayed(presented())),
        ..with_tlsa(vec![
            nxdomain("mx1.example.com"),
            nxdomain("mx2.example.com"),
        ])
    };
    let (_, f) = dane(&obs);
    assert_eq!(
        one(&f, Code::MxDaneNone)
            .fix
            .as_ref()
            .and_then(|x| x.paste.as_deref()),
        Some(format!("_25._tcp.mx1.example.com. IN TLSA 3 1 1 {SPKI}").as_str())
    );
}

#[test]
fn the_exports_carry_the_check() {
    let report = build_report(&with_relay(&[&format!("3 1 1 {SPKI}")], presented()));
    let json = report.to_json();
    assert!(json.contains("\"mx-dane\""), "{json}");
    assert!(json.contains("\"mx-dane.valid\""));
    assert!(json.contains("\"mx-dane.match\""));
    assert!(json.contains(&format!("3 1 1 {SPKI} (DANE-EE, SPKI, SHA-256)")));
    // Markdown lists every check, and details what is not a pass.
    let md = report.to_markdown();
    assert!(md.contains("(`mx-dane`)"), "{md}");
    assert!(md.contains("`mx-dane.without-dane`"), "{md}");
}

#[test]
fn without_mx_records_the_domain_is_its_own_mail_host() {
    // NOERROR with no MX records: senders deliver to the domain itself (RFC 5321 §5.1) and
    // look its TLSA records up (RFC 7672 §2.2.1).
    let implicit = |tlsa| Observations {
        mx: ok(mx(D, &[])),
        tlsa,
        ..healthy()
    };
    let (severity, f) = dane(&implicit(vec![google(
        true,
        D,
        &[&format!("3 1 1 {SPKI}")],
    )]));
    assert!(
        has(&f, Code::MxDaneValid, Severity::Pass),
        "{:?}",
        codes(&f)
    );
    assert_ne!(severity, None);
    assert!(one(&f, Code::MxDaneValid).evidence[0]
        .label
        .ends_with(&format!("_25._tcp.{D}")));
    // Still being looked up: pending.
    let mut waiting = implicit(Vec::new());
    waiting.pending.push(Request::dns(
        format!("_25._tcp.{D}"),
        RecordType::Tlsa,
        false,
    ));
    assert_eq!(dane(&waiting).0, None);
}

#[test]
fn dane_ta_still_needs_the_name_and_the_dates() {
    // The CA certificate sent matches a `2 0 1` record, but the host's certificate names
    // another host: DANE-TA senders check the name (RFC 7672 §3.1.2) and refuse it.
    let wrong_name = |mut obs: Observations| {
        if let Some(Ok(p)) = obs.relay.as_mut().map(|r| r.result.as_mut()) {
            for h in &mut p.mx.hosts {
                if let Some(c) = h.certificate.as_mut() {
                    c.valid_for_name = false;
                }
            }
        }
        obs
    };
    let ta = format!("2 0 1 {CA_CERT}");
    let (severity, f) = dane(&wrong_name(with_relay(&[&ta], presented())));
    assert_eq!(severity, Some(Severity::Fail), "{:?}", codes(&f));
    assert!(has(&f, Code::MxDaneNoMatch, Severity::Fail));
    assert!(!f.iter().any(|f| f.code == Code::MxDaneMatch));
    // DANE-EE skips the name: a `3 1 1` record beside it is what senders accept.
    let ee = format!("3 1 1 {SPKI}");
    let (_, f) = dane(&wrong_name(with_relay(&[&ta, &ee], presented())));
    assert!(
        has(&f, Code::MxDaneMatch, Severity::Pass),
        "{:?}",
        codes(&f)
    );
    // An expired certificate under DANE-TA: refused too.
    let mut expired = with_relay(&[&ta], presented());
    if let Some(Ok(p)) = expired.relay.as_mut().map(|r| r.result.as_mut()) {
        for h in &mut p.mx.hosts {
            if let Some(c) = h.certificate.as_mut() {
                c.not_after_unix = 1_700_000_000;
            }
        }
    }
    assert!(has(&dane(&expired).1, Code::MxDaneNoMatch, Severity::Fail));
}

#[test]
fn a_key_the_probe_could_not_read_is_no_mismatch() {
    // `presented()` has the CA certificate's key unread: a `2 1 1` record cannot be compared.
    let (severity, f) = dane(&with_relay(&[&format!("2 1 1 {SPKI}")], presented()));
    assert_eq!(severity, Some(Severity::Unknown), "{:?}", codes(&f));
    assert!(has(&f, Code::MxDaneMatchUnknown, Severity::Unknown));
    // Nor a `3 1 1` record when the host's own key was not read.
    let unread = vec![(CERT, ""), (CA_CERT, SPKI)];
    let (severity, f) = dane(&with_relay(
        &[&format!("3 1 1 {}", "77".repeat(32))],
        unread,
    ));
    assert_eq!(severity, Some(Severity::Unknown), "{:?}", codes(&f));
    // The host's key read, a record for another key: a mismatch, as before.
    let (severity, _) = dane(&with_relay(
        &[&format!("3 1 1 {}", "77".repeat(32))],
        presented(),
    ));
    assert_eq!(severity, Some(Severity::Fail));
}
