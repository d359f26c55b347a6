//! The relay's protocol and the three checks it completes (`docs/checks.md`):
//! `policy-certificate`, `mx-starttls`, `mx-certificate`. Each row of the tables
//! alters a healthy probe and says what each check must be under a given policy mode.

#[allow(unused_imports)]
mod support;

use mta_sts::finding::worst;
use mta_sts::lookup::{policy_url, FetchOutcome, PolicyObservation};
use mta_sts::pipeline::{Observations, Request};
use mta_sts::policy::Mode;
use mta_sts::relay::{
    findings, CertificateFacts, MxProbe, MxProbes, PolicyProbe, ProbeError, ProbeObservation,
    ProbeResponse, Stage,
};
use mta_sts::report::build_report;
use mta_sts::{CheckId, Code, Finding, Provenance, Severity};
use support::{mx, one, policy_ok, txt};

const D: &str = "example.com";
const RELAY: &str = "relay.example.org";
/// 2025-06-01T00:00:00Z
const NOW: i64 = 1_748_736_000;
const DAY: i64 = 86_400;
const ENFORCE: &str = "version: STSv1\nmode: enforce\nmx: mx1.example.com\nmax_age: 1209600\n";

fn cert(name: &str) -> CertificateFacts {
    CertificateFacts {
        name: name.into(),
        subject: format!("CN={name}"),
        dns_names: vec![name.into()],
        issuer: "CN=R11, O=Let's Encrypt, C=US".into(),
        not_before: "2025-05-01T00:00:00Z".into(),
        not_before_unix: NOW - 31 * DAY,
        not_after: "2025-07-30T00:00:00Z".into(),
        not_after_unix: NOW + 59 * DAY,
        verified: true,
        verify_error: None,
        valid_for_name: true,
        chain_length: 2,
        cert_sha256: Vec::new(),
        spki_sha256: Vec::new(),
    }
}

fn mx_ok(host: &str, preference: u16) -> MxProbe {
    MxProbe {
        host: host.into(),
        preference,
        addresses: vec!["192.0.2.25".into()],
        address: Some("192.0.2.25".into()),
        address_kind: None,
        banner: Some(format!("220 {host} ESMTP")),
        ehlo: Some(format!(
            "250-{host}\n250-PIPELINING\n250-STARTTLS\n250 8BITMIME"
        )),
        starttls_offered: Some(true),
        tls_version: Some("TLSv1.3".into()),
        cipher: Some("TLS13_AES_256_GCM_SHA384".into()),
        certificate: Some(cert(host)),
        error: None,
    }
}

/// A domain whose policy host and single MX host are in order.
fn healthy() -> ProbeResponse {
    ProbeResponse {
        domain: D.into(),
        checked_at: "2025-06-01T00:00:00Z".into(),
        checked_at_unix: NOW,
        policy: PolicyProbe {
            url: policy_url(D),
            addresses: vec!["192.0.2.10".into()],
            // As an older relay answers: no address connected to.
            address: None,
            address_kind: None,
            status: Some(200),
            location: None,
            content_type: Some("text/plain".into()),
            body: Some(ENFORCE.into()),
            truncated: false,
            size: Some(ENFORCE.len() as u64),
            elapsed_ms: Some(120),
            certificate: Some(cert("mta-sts.example.com")),
            error: None,
        },
        mx: MxProbes {
            hosts: vec![mx_ok("mx1.example.com", 10)],
            ..MxProbes::default()
        },
    }
}

fn error(stage: Stage, message: &str, timed_out: bool) -> ProbeError {
    ProbeError {
        stage,
        message: message.into(),
        timed_out,
    }
}

fn observation(probe: ProbeResponse) -> ProbeObservation {
    ProbeObservation {
        source: Provenance::Relayed { host: RELAY.into() },
        result: Ok(probe),
    }
}

fn severities(relay: &ProbeObservation, mode: Option<Mode>) -> [Severity; 3] {
    findings(relay, mode).map(|(_, f)| worst(&f))
}

fn all(relay: &ProbeObservation, mode: Option<Mode>) -> Vec<Finding> {
    findings(relay, mode)
        .into_iter()
        .flat_map(|(_, f)| f)
        .collect()
}

type Alter = fn(&mut ProbeResponse);

use Severity::{Fail, Info, Pass, Skip, Unknown, Warn};

/// (what, alteration, mode, [policy-certificate, mx-starttls, mx-certificate]).
const ROWS: &[(&str, Alter, Option<Mode>, [Severity; 3])] = &[
    (
        "healthy, enforce",
        |_| {},
        Some(Mode::Enforce),
        [Pass, Pass, Pass],
    ),
    ("healthy, no policy", |_| {}, None, [Pass, Pass, Pass]),
    // policy-certificate fails whatever the mode (FETCH-03).
    (
        "policy cert for another name (FETCH-03, X-08)",
        |p| {
            let c = p.policy.certificate.as_mut().unwrap();
            c.valid_for_name = false;
            c.verified = false;
            c.dns_names = vec!["mta-sts.provider.example".into()];
        },
        Some(Mode::Testing),
        [Fail, Pass, Pass],
    ),
    (
        "policy cert expired (FETCH-03)",
        |p| {
            let c = p.policy.certificate.as_mut().unwrap();
            c.not_after_unix = NOW - DAY;
            c.verified = false;
        },
        None,
        [Fail, Pass, Pass],
    ),
    (
        "policy cert not yet valid",
        |p| {
            let c = p.policy.certificate.as_mut().unwrap();
            c.not_before_unix = NOW + DAY;
            c.verified = false;
        },
        Some(Mode::Enforce),
        [Fail, Pass, Pass],
    ),
    (
        "policy cert self-signed (FETCH-03)",
        |p| {
            let c = p.policy.certificate.as_mut().unwrap();
            c.verified = false;
            c.verify_error = Some("invalid peer certificate: UnknownIssuer".into());
        },
        Some(Mode::Enforce),
        [Fail, Pass, Pass],
    ),
    (
        "policy cert expires in 13 days",
        |p| p.policy.certificate.as_mut().unwrap().not_after_unix = NOW + 13 * DAY + 5,
        Some(Mode::Enforce),
        [Warn, Pass, Pass],
    ),
    (
        "policy cert expires in 14 days",
        |p| p.policy.certificate.as_mut().unwrap().not_after_unix = NOW + 14 * DAY,
        Some(Mode::Enforce),
        [Pass, Pass, Pass],
    ),
    (
        "policy host has no address",
        |p| {
            p.policy.certificate = None;
            p.policy.status = None;
            p.policy.error = Some(error(Stage::NoAddress, "no A or AAAA record", false));
        },
        Some(Mode::Enforce),
        [Skip, Pass, Pass],
    ),
    (
        "policy host's lookup failed: unknown, not \"no address\"",
        |p| {
            p.policy.certificate = None;
            p.policy.status = None;
            p.policy.error = Some(error(Stage::Resolve, "SERVFAIL for A", false));
        },
        Some(Mode::Enforce),
        [Unknown, Pass, Pass],
    ),
    (
        "policy host refused connection",
        |p| {
            p.policy.certificate = None;
            p.policy.status = None;
            p.policy.error = Some(error(Stage::Connect, "connection refused", false));
        },
        Some(Mode::Enforce),
        [Unknown, Pass, Pass],
    ),
    // mx-starttls: fail under enforce, warn under testing (RFC 8461 §4.2, §7.2).
    (
        "no STARTTLS, enforce (MX-08)",
        no_starttls,
        Some(Mode::Enforce),
        [Pass, Fail, Skip],
    ),
    (
        "no STARTTLS, testing",
        no_starttls,
        Some(Mode::Testing),
        [Pass, Warn, Skip],
    ),
    (
        "no STARTTLS, mode none",
        no_starttls,
        Some(Mode::None),
        [Pass, Warn, Skip],
    ),
    (
        "TLS 1.1 reported, enforce (BP-04)",
        |p| p.mx.hosts[0].tls_version = Some("TLSv1.1".into()),
        Some(Mode::Enforce),
        [Pass, Fail, Pass],
    ),
    (
        "handshake fails on protocol version, testing",
        |p| {
            let h = &mut p.mx.hosts[0];
            h.tls_version = None;
            h.cipher = None;
            h.certificate = None;
            h.error = Some(error(
                Stage::Tls,
                "received fatal alert: ProtocolVersion",
                false,
            ));
        },
        Some(Mode::Testing),
        [Pass, Warn, Unknown],
    ),
    (
        "port 25 blocked: unknown, never a failure",
        |p| {
            let h = &mut p.mx.hosts[0];
            *h = MxProbe {
                host: h.host.clone(),
                preference: 10,
                addresses: vec!["192.0.2.25".into()],
                error: Some(error(Stage::Connect, "timed out after 5000 ms", true)),
                ..MxProbe::default()
            };
        },
        Some(Mode::Enforce),
        [Pass, Unknown, Unknown],
    ),
    (
        "MX with a private address only",
        |p| {
            let h = &mut p.mx.hosts[0];
            *h = MxProbe {
                host: h.host.clone(),
                preference: 10,
                addresses: vec!["10.0.0.25".into()],
                error: Some(error(Stage::Refused, "10.0.0.25 is not public", false)),
                ..MxProbe::default()
            };
        },
        Some(Mode::Enforce),
        [Pass, Unknown, Unknown],
    ),
    (
        "a stage this version does not know: unknown, never a failure",
        |p| {
            let h = &mut p.mx.hosts[0];
            *h = MxProbe {
                host: h.host.clone(),
                preference: 10,
                addresses: vec!["192.0.2.25".into()],
                error: Some(error(Stage::Unknown, "no route", false)),
                ..MxProbe::default()
            };
        },
        Some(Mode::Enforce),
        [Pass, Unknown, Unknown],
    ),
    // mx-certificate: fail under enforce, warn under testing, info without a policy.
    (
        "MX cert for another name, enforce (MX-08)",
        mx_wrong_name,
        Some(Mode::Enforce),
        [Pass, Pass, Fail],
    ),
    (
        "MX cert for another name, testing",
        mx_wrong_name,
        Some(Mode::Testing),
        [Pass, Pass, Warn],
    ),
    (
        "MX cert for another name, no policy",
        mx_wrong_name,
        None,
        [Pass, Pass, Info],
    ),
    (
        "MX cert expired, enforce",
        |p| {
            let c = p.mx.hosts[0].certificate.as_mut().unwrap();
            c.not_after_unix = NOW - 1;
            c.verified = false;
        },
        Some(Mode::Enforce),
        [Pass, Pass, Fail],
    ),
    (
        "MX cert untrusted, testing",
        |p| {
            let c = p.mx.hosts[0].certificate.as_mut().unwrap();
            c.verified = false;
            c.verify_error = Some("invalid peer certificate: UnknownIssuer".into());
        },
        Some(Mode::Testing),
        [Pass, Pass, Warn],
    ),
    (
        "MX cert expires in 3 days, enforce",
        |p| p.mx.hosts[0].certificate.as_mut().unwrap().not_after_unix = NOW + 3 * DAY,
        Some(Mode::Enforce),
        [Pass, Pass, Warn],
    ),
    (
        "MX cert expires in 3 days, no policy",
        |p| p.mx.hosts[0].certificate.as_mut().unwrap().not_after_unix = NOW + 3 * DAY,
        None,
        [Pass, Pass, Info],
    ),
    (
        "second MX without STARTTLS decides the check",
        |p| {
            let mut second = mx_ok("mx2.example.com", 20);
            second.starttls_offered = Some(false);
            second.tls_version = None;
            second.cipher = None;
            second.certificate = None;
            p.mx.hosts.push(second);
        },
        Some(Mode::Enforce),
        [Pass, Fail, Pass],
    ),
    (
        "null MX: nothing to test",
        |p| {
            p.mx = MxProbes {
                null_mx: true,
                ..MxProbes::default()
            }
        },
        Some(Mode::Enforce),
        [Pass, Skip, Skip],
    ),
    (
        "MX lookup failed",
        |p| {
            p.mx = MxProbes {
                error: Some(error(Stage::Resolve, "SERVFAIL", false)),
                ..MxProbes::default()
            }
        },
        Some(Mode::Enforce),
        [Pass, Unknown, Unknown],
    ),
    (
        "the domain does not exist",
        |p| {
            p.mx = MxProbes {
                error: Some(error(Stage::NoAddress, "NXDOMAIN", false)),
                ..MxProbes::default()
            }
        },
        Some(Mode::Enforce),
        [Pass, Skip, Skip],
    ),
    (
        "an MX host's lookup failed",
        |p| {
            let h = &mut p.mx.hosts[0];
            *h = MxProbe {
                host: h.host.clone(),
                preference: 10,
                error: Some(error(Stage::Resolve, "timed out", true)),
                ..MxProbe::default()
            };
        },
        Some(Mode::Enforce),
        [Pass, Unknown, Unknown],
    ),
    (
        "implicit MX is noted",
        |p| p.mx.implicit = true,
        Some(Mode::Enforce),
        [Pass, Info, Info],
    ),
];

fn no_starttls(p: &mut ProbeResponse) {
    let h = &mut p.mx.hosts[0];
    h.ehlo = Some("250-mx1.example.com\n250 8BITMIME".into());
    h.starttls_offered = Some(false);
    h.tls_version = None;
    h.cipher = None;
    h.certificate = None;
}

fn mx_wrong_name(p: &mut ProbeResponse) {
    let c = p.mx.hosts[0].certificate.as_mut().unwrap();
    c.valid_for_name = false;
    c.verified = false;
    c.dns_names = vec!["mail.hoster.example".into()];
}

#[test]
fn each_row_gives_the_severities_of_the_catalogue() {
    for (what, alter, mode, want) in ROWS {
        let mut probe = healthy();
        alter(&mut probe);
        let relay = observation(probe);
        assert_eq!(severities(&relay, *mode), *want, "{what}");
        for f in all(&relay, *mode) {
            assert!(!f.title.is_empty() && !f.detail.is_empty(), "{what}: {f:?}");
            assert!(!f.title.contains('!') && !f.detail.contains('!'), "{what}");
            if matches!(f.severity, Fail | Warn) {
                assert!(f.fix.is_some(), "{what}: a {} needs a fix", f.severity);
            }
            // Every piece of evidence says it came via the relay.
            for e in &f.evidence {
                assert_eq!(
                    e.provenance,
                    Some(Provenance::Relayed { host: RELAY.into() }),
                    "{what}: {e:?}"
                );
            }
        }
    }
}

#[test]
fn findings_show_the_facts_verbatim() {
    let mut probe = healthy();
    mx_wrong_name(&mut probe);
    let relay = observation(probe);
    let out = all(&relay, Some(Mode::Enforce));
    let fail = one(&out, Code::MxCertificateWrongName);
    assert_eq!(fail.severity, Fail);
    let texts: Vec<&str> = fail.evidence.iter().map(|e| e.text.as_str()).collect();
    assert!(texts.contains(&"mail.hoster.example"), "{texts:?}");
    assert!(
        texts.contains(&"CN=R11, O=Let's Encrypt, C=US"),
        "{texts:?}"
    );
    assert!(
        fail.evidence
            .iter()
            .any(|e| e.label == "certificate of mx1.example.com (192.0.2.25): names"),
        "{:?}",
        fail.evidence
    );
    let paste = fail.fix.as_ref().and_then(|f| f.paste.as_deref()).unwrap();
    assert!(paste.contains("-servername mx1.example.com"), "{paste}");
    let pass = one(&out, Code::MxStarttlsOk);
    assert_eq!(pass.severity, Pass);
    assert_eq!(
        pass.evidence[0].label,
        "TLS with mx1.example.com (192.0.2.25)"
    );
    assert_eq!(pass.evidence[0].text, "TLSv1.3, TLS13_AES_256_GCM_SHA384");
    let cert = one(&out, Code::PolicyCertificateValid);
    assert_eq!(cert.severity, Pass);
    let texts: Vec<&str> = cert.evidence.iter().map(|e| e.text.as_str()).collect();
    assert_eq!(
        texts,
        [
            "mta-sts.example.com",
            "CN=R11, O=Let's Encrypt, C=US",
            "2025-05-01T00:00:00Z to 2025-07-30T00:00:00Z"
        ]
    );
}

/// The policy host's address, and its kind when it is not public (the command line fetches
/// from any address), head the certificate's evidence; an older relay's answer has neither.
#[test]
fn the_policy_hosts_address_and_its_kind_are_shown() {
    let labels = |probe: ProbeResponse| -> Vec<String> {
        let out = all(&observation(probe), Some(Mode::Enforce));
        let cert = one(&out, Code::PolicyCertificateValid);
        cert.evidence.iter().map(|e| e.label.clone()).collect()
    };
    let mut probe = healthy();
    probe.policy.address = Some("127.0.0.1".into());
    probe.policy.address_kind = Some("a loopback address".into());
    assert_eq!(
        labels(probe)[0],
        "certificate of mta-sts.example.com (127.0.0.1, a loopback address): names"
    );
    let mut probe = healthy();
    probe.policy.address = Some("192.0.2.10".into());
    assert_eq!(
        labels(probe)[0],
        "certificate of mta-sts.example.com (192.0.2.10): names"
    );
    assert_eq!(
        labels(healthy())[0],
        "certificate of mta-sts.example.com: names"
    );
}

/// A failed lookup, no address and a name that is no host name each say what they are.
#[test]
fn a_failed_lookup_is_not_a_missing_record() {
    fn titles(alter: impl Fn(&mut ProbeResponse)) -> Vec<(Code, Severity, String)> {
        let mut probe = healthy();
        alter(&mut probe);
        all(&observation(probe), Some(Mode::Enforce))
            .into_iter()
            .filter(|f| !matches!(f.severity, Pass))
            .map(|f| (f.code, f.severity, f.title))
            .collect()
    }
    let policy = |stage: Stage| {
        let mut probe = healthy();
        probe.policy.certificate = None;
        probe.policy.error = Some(error(stage, "x", false));
        let out = all(&observation(probe), Some(Mode::Enforce));
        let f = out
            .into_iter()
            .find(|f| f.check == CheckId::PolicyCertificate)
            .unwrap();
        (f.code, f.severity, f.title)
    };
    assert_eq!(
        policy(Stage::Resolve),
        (
            Code::PolicyCertificateLookupFailed,
            Unknown,
            "The address of mta-sts.example.com could not be looked up, so its certificate \
             was not seen"
                .into()
        )
    );
    assert_eq!(
        policy(Stage::NoAddress),
        (
            Code::PolicyCertificateNoAddress,
            Skip,
            "mta-sts.example.com has no address, so there is no certificate to check".into()
        )
    );
    // The MX lookup: NXDOMAIN is not a failed lookup.
    assert_eq!(
        titles(|p| p.mx.error = Some(error(Stage::NoAddress, "NXDOMAIN", false))),
        [
            (
                Code::MxStarttlsNoDomain,
                Skip,
                "example.com does not exist, so there is no MX host to test".into()
            ),
            (
                Code::MxCertificateNoDomain,
                Skip,
                "example.com does not exist, so there is no MX host to test".into()
            )
        ]
    );
    assert_eq!(
        titles(|p| p.mx.error = Some(error(Stage::Resolve, "SERVFAIL", false)))[0],
        (
            Code::MxStarttlsMxLookupFailed,
            Unknown,
            "The relay could not look up the MX hosts of example.com".into()
        )
    );
    // One MX host: no address, a failed lookup, not a host name.
    let host = |stage: Stage| {
        titles(move |p| {
            let h = &mut p.mx.hosts[0];
            h.certificate = None;
            h.tls_version = None;
            h.starttls_offered = None;
            h.error = Some(error(stage, "x", false));
        })
    };
    let not_tested = |title: &str| {
        vec![
            (Code::MxStarttlsNotTested, Unknown, title.to_owned()),
            (Code::MxCertificateNotTested, Unknown, title.to_owned()),
        ]
    };
    assert_eq!(
        host(Stage::NoAddress),
        not_tested("The relay found no address for mx1.example.com")
    );
    assert_eq!(
        host(Stage::Resolve),
        not_tested("The address of mx1.example.com could not be looked up")
    );
    assert_eq!(
        host(Stage::BadName),
        not_tested("mx1.example.com is not a host name, so it was not tested")
    );
}

#[test]
fn a_relay_error_makes_every_check_unknown_with_the_error_as_evidence() {
    let relay = ProbeObservation {
        source: Provenance::Relayed { host: RELAY.into() },
        result: Err("HTTP 429: too many requests".into()),
    };
    for (id, out) in findings(&relay, Some(Mode::Enforce)) {
        assert_eq!(out.len(), 1, "{id}");
        assert_eq!(out[0].severity, Unknown, "{id}");
        assert_eq!(out[0].evidence[0].text, "HTTP 429: too many requests");
        assert_eq!(
            out[0].evidence[0]
                .provenance
                .as_ref()
                .map(ToString::to_string),
            Some(format!("via relay {RELAY}"))
        );
    }
}

#[test]
fn hosts_beyond_the_limit_are_listed_with_a_command() {
    let mut probe = healthy();
    probe.mx.not_probed = vec!["mx11.example.com".into(), "mx12.example.com".into()];
    let relay = observation(probe);
    let (_, out) = &findings(&relay, Some(Mode::Enforce))[1];
    let note = one(out, Code::MxStarttlsOverLimit);
    assert_eq!(note.severity, Info);
    assert_eq!(note.evidence[0].text, "mx11.example.com, mx12.example.com");
    let paste = note.fix.as_ref().and_then(|f| f.paste.as_deref()).unwrap();
    assert!(
        paste.starts_with("for mx in mx11.example.com mx12.example.com; do"),
        "{paste}"
    );
}

#[test]
fn the_relays_policy_fetch_reads_as_a_policy_observation() {
    let from = Provenance::Relayed { host: RELAY.into() };
    let url = policy_url(D);
    let cases: Vec<(&str, Alter, Option<FetchOutcome>)> = vec![
        (
            "200",
            |_| {},
            Some(FetchOutcome::Read {
                status: 200,
                content_type: Some("text/plain".into()),
                body: ENFORCE.as_bytes().to_vec(),
                truncated: false,
                size: Some(ENFORCE.len() as u64),
            }),
        ),
        (
            "redirect, not followed (FETCH-05)",
            |p| {
                p.policy.status = Some(301);
                p.policy.location = Some("https://www.example.com/".into());
                p.policy.body = None;
            },
            Some(FetchOutcome::Redirect {
                status: Some(301),
                location: Some("https://www.example.com/".into()),
            }),
        ),
        (
            "timeout",
            |p| {
                p.policy.status = None;
                p.policy.body = None;
                p.policy.elapsed_ms = Some(10_000);
                p.policy.error = Some(error(Stage::Connect, "timed out", true));
            },
            Some(FetchOutcome::Timeout { after_ms: 10_000 }),
        ),
        (
            "body cut off by the time limit: no body to judge",
            |p| {
                p.policy.error = Some(error(Stage::Http, "timed out reading the body", true));
            },
            Some(FetchOutcome::Timeout { after_ms: 120 }),
        ),
        (
            "bad certificate",
            |p| {
                p.policy.status = None;
                p.policy.body = None;
                p.policy.error = Some(error(
                    Stage::Tls,
                    "invalid peer certificate: NotValidForName",
                    false,
                ));
            },
            Some(FetchOutcome::ConnectFailed {
                message: "invalid peer certificate: NotValidForName".into(),
            }),
        ),
        (
            "another domain's probe",
            |p| p.domain = "example.net".into(),
            None,
        ),
    ];
    for (what, alter, want) in cases {
        let mut probe = healthy();
        alter(&mut probe);
        let got = observation(probe).policy_observation(D);
        let want = want.map(|outcome| PolicyObservation {
            url: url.clone(),
            outcome,
            provenance: from.clone(),
            elapsed_ms: got.as_ref().and_then(|g| g.elapsed_ms),
        });
        assert_eq!(got, want, "{what}");
    }
    let failed = ProbeObservation {
        source: Provenance::Relayed { host: RELAY.into() },
        result: Err("unreachable".into()),
    };
    assert_eq!(failed.policy_observation(D), None);
}

#[test]
fn the_json_protocol_reads_what_the_relay_writes() {
    let probe = healthy();
    let json = serde_json::to_string(&probe).unwrap();
    let back = ProbeResponse::from_json(&json).unwrap();
    assert_eq!(back, probe);
    // The field names are the protocol: a relay of this version writes exactly these.
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    let mx = &value["mx"]["hosts"][0];
    assert_eq!(mx["starttls_offered"], true);
    assert_eq!(mx["certificate"]["valid_for_name"], true);
    assert_eq!(
        value["policy"]["certificate"]["dns_names"][0],
        "mta-sts.example.com"
    );
    assert_eq!(value["checked_at_unix"], NOW);
    // Optional facts may be left out by an older relay.
    let minimal = r#"{"domain":"example.com","checked_at":"2025-06-01T00:00:00Z",
        "checked_at_unix":1748736000,
        "policy":{"url":"https://mta-sts.example.com/.well-known/mta-sts.txt",
                  "status":null,"location":null,"content_type":null,"body":null,"size":null,
                  "elapsed_ms":null,"certificate":null,
                  "error":{"stage":"connect","message":"connection refused"}},
        "mx":{"hosts":[],"null_mx":true,"error":null}}"#;
    let probe = ProbeResponse::from_json(minimal).unwrap();
    assert_eq!(
        probe.policy.error.as_ref().map(|e| e.stage),
        Some(Stage::Connect)
    );
    assert!(probe.mx.null_mx);
}

fn observed() -> Observations {
    Observations {
        domain: D.into(),
        sts_txt: Some(Ok(txt("_mta-sts.example.com", &["v=STSv1; id=1"]))),
        mx: Some(Ok(mx(D, &[(10, "mx1.example.com.")]))),
        policy: Some(policy_ok(&policy_url(D), ENFORCE)),
        ..Observations::default()
    }
}

#[test]
fn without_a_relay_the_report_skips_the_three_checks() {
    let report = build_report(&observed());
    for id in [
        CheckId::PolicyCertificate,
        CheckId::MxStarttls,
        CheckId::MxCertificate,
    ] {
        assert_eq!(report.check(id).severity, Some(Skip), "{id}");
    }
}

#[test]
fn with_a_relay_the_report_judges_the_three_checks_against_the_policy_mode() {
    let mut probe = healthy();
    no_starttls(&mut probe);
    let obs = Observations {
        relay: Some(observation(probe)),
        ..observed()
    };
    let report = build_report(&obs);
    assert_eq!(
        report.check(CheckId::PolicyCertificate).severity,
        Some(Pass)
    );
    assert_eq!(report.check(CheckId::MxStarttls).severity, Some(Fail));
    assert_eq!(report.check(CheckId::MxCertificate).severity, Some(Skip));

    // While the relay is asked, the checks are pending and the report is not done.
    let waiting = Observations {
        pending: vec![Request::relay_probe(RELAY)],
        ..observed()
    };
    let report = build_report(&waiting);
    assert_eq!(report.check(CheckId::MxStarttls).severity, None);
    assert!(!report.done);
}
