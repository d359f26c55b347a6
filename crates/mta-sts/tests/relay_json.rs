//! The relay's answers as the relay writes them (serde `Serialize`, serde_json) read back with
//! the engine's `from_json`, which the browser uses: every value survives, fields an older
//! relay may leave out take their defaults, and anything else missing or mistyped is an error
//! naming the field.

use mta_sts::relay::{
    CertificateFacts, ErrorResponse, MxProbe, MxProbes, PolicyProbe, ProbeError, ProbeResponse,
    Stage,
};
use proptest::prelude::*;
use serde_json::json;

fn cert(name: &str) -> CertificateFacts {
    CertificateFacts {
        name: name.into(),
        subject: format!("CN={name}"),
        dns_names: vec![name.into(), format!("*.{name}")],
        issuer: "CN=R11, O=Let's Encrypt, C=US".into(),
        not_before: "2025-05-01T00:00:00Z".into(),
        not_before_unix: i64::MIN,
        not_after: "2025-07-30T00:00:00Z".into(),
        not_after_unix: i64::MAX,
        verified: false,
        verify_error: Some("invalid peer certificate: Expired".into()),
        valid_for_name: true,
        chain_length: 3,
        cert_sha256: vec!["00".repeat(32), "11".repeat(32)],
        spki_sha256: vec!["ff".repeat(32), String::new()],
    }
}

fn error(stage: Stage) -> ProbeError {
    ProbeError {
        stage,
        message: "timed out \"after\" 5 s\n\u{1}é😀".into(),
        timed_out: true,
    }
}

/// A probe with every optional field set and every defaulted field away from its default, so
/// that leaving any of them out shows.
fn full() -> ProbeResponse {
    ProbeResponse {
        domain: "example.com".into(),
        checked_at: "2025-06-01T00:00:00Z".into(),
        checked_at_unix: -1,
        policy: PolicyProbe {
            url: "https://mta-sts.example.com/.well-known/mta-sts.txt".into(),
            addresses: vec!["192.0.2.10".into(), "2001:db8::10".into()],
            address: Some("192.0.2.10".into()),
            address_kind: Some("a loopback address".into()),
            status: Some(301),
            location: Some("https://elsewhere.example/".into()),
            content_type: Some("text/plain; charset=utf-8".into()),
            body: Some("version: STSv1\r\nmode: enforce\n".into()),
            truncated: true,
            size: Some(u64::MAX),
            elapsed_ms: Some(u32::MAX),
            certificate: Some(cert("mta-sts.example.com")),
            error: Some(error(Stage::Http)),
        },
        mx: MxProbes {
            null_mx: true,
            implicit: true,
            hosts: vec![MxProbe {
                host: "mx1.example.com".into(),
                preference: u16::MAX,
                addresses: vec!["192.0.2.25".into()],
                address: Some("192.0.2.25".into()),
                address_kind: Some("a private address".into()),
                banner: Some("220 mx1.example.com ESMTP".into()),
                ehlo: Some("250-mx1.example.com\n250 STARTTLS".into()),
                starttls_offered: Some(false),
                tls_version: Some("TLSv1.3".into()),
                cipher: Some("TLS13_AES_256_GCM_SHA384".into()),
                certificate: Some(cert("mx1.example.com")),
                error: Some(error(Stage::Tls)),
            }],
            not_probed: vec!["mx11.example.com".into()],
            error: Some(error(Stage::Resolve)),
        },
    }
}

/// The relay's JSON for `probe`, as a value to cut fields from.
fn written(probe: &ProbeResponse) -> serde_json::Value {
    serde_json::to_value(probe).unwrap()
}

/// Removes the member at a JSON pointer (`/policy/certificate/chain_length`).
fn remove(value: &mut serde_json::Value, pointer: &str) {
    let (parent, key) = pointer.rsplit_once('/').unwrap();
    let object = value.pointer_mut(parent).unwrap().as_object_mut().unwrap();
    assert!(object.remove(key).is_some(), "{pointer} is in the JSON");
}

fn first_host(p: &mut ProbeResponse) -> &mut MxProbe {
    &mut p.mx.hosts[0]
}

#[test]
fn a_full_probe_survives_the_round_trip() {
    let probe = full();
    let compact = serde_json::to_string(&probe).unwrap();
    assert_eq!(ProbeResponse::from_json(&compact), Ok(probe.clone()));
    let pretty = serde_json::to_string_pretty(&probe).unwrap();
    assert_eq!(ProbeResponse::from_json(&pretty), Ok(probe));
}

#[test]
fn fields_an_older_relay_may_leave_out_take_their_defaults() {
    type Alter = fn(&mut ProbeResponse);
    // (pointer, what the probe is without it): each `Option` field and each field that was
    // `#[serde(default)]`.
    let rows: &[(&str, Alter)] = &[
        ("/policy/addresses", |p| p.policy.addresses.clear()),
        ("/policy/address", |p| p.policy.address = None),
        ("/policy/address_kind", |p| p.policy.address_kind = None),
        ("/policy/status", |p| p.policy.status = None),
        ("/policy/location", |p| p.policy.location = None),
        ("/policy/content_type", |p| p.policy.content_type = None),
        ("/policy/body", |p| p.policy.body = None),
        ("/policy/truncated", |p| p.policy.truncated = false),
        ("/policy/size", |p| p.policy.size = None),
        ("/policy/elapsed_ms", |p| p.policy.elapsed_ms = None),
        ("/policy/certificate", |p| p.policy.certificate = None),
        ("/policy/error", |p| p.policy.error = None),
        ("/policy/error/timed_out", |p| {
            p.policy.error.as_mut().unwrap().timed_out = false
        }),
        ("/policy/certificate/verify_error", |p| {
            p.policy.certificate.as_mut().unwrap().verify_error = None
        }),
        ("/policy/certificate/chain_length", |p| {
            p.policy.certificate.as_mut().unwrap().chain_length = 0
        }),
        ("/mx/null_mx", |p| p.mx.null_mx = false),
        ("/mx/implicit", |p| p.mx.implicit = false),
        ("/mx/not_probed", |p| p.mx.not_probed.clear()),
        ("/mx/error", |p| p.mx.error = None),
        ("/mx/error/timed_out", |p| {
            p.mx.error.as_mut().unwrap().timed_out = false
        }),
        ("/mx/hosts/0/addresses", |p| first_host(p).addresses.clear()),
        ("/mx/hosts/0/address", |p| first_host(p).address = None),
        ("/mx/hosts/0/banner", |p| first_host(p).banner = None),
        ("/mx/hosts/0/ehlo", |p| first_host(p).ehlo = None),
        ("/mx/hosts/0/starttls_offered", |p| {
            first_host(p).starttls_offered = None
        }),
        ("/mx/hosts/0/tls_version", |p| {
            first_host(p).tls_version = None
        }),
        ("/mx/hosts/0/cipher", |p| first_host(p).cipher = None),
        ("/mx/hosts/0/certificate", |p| {
            first_host(p).certificate = None
        }),
        ("/mx/hosts/0/error", |p| first_host(p).error = None),
        ("/mx/hosts/0/error/timed_out", |p| {
            first_host(p).error.as_mut().unwrap().timed_out = false
        }),
        ("/mx/hosts/0/certificate/verify_error", |p| {
            first_host(p).certificate.as_mut().unwrap().verify_error = None
        }),
        ("/mx/hosts/0/certificate/chain_length", |p| {
            first_host(p).certificate.as_mut().unwrap().chain_length = 0
        }),
        ("/mx/hosts/0/certificate/cert_sha256", |p| {
            first_host(p)
                .certificate
                .as_mut()
                .unwrap()
                .cert_sha256
                .clear()
        }),
        ("/mx/hosts/0/certificate/spki_sha256", |p| {
            first_host(p)
                .certificate
                .as_mut()
                .unwrap()
                .spki_sha256
                .clear()
        }),
    ];
    for (pointer, alter) in rows {
        let mut json = written(&full());
        remove(&mut json, pointer);
        let mut want = full();
        alter(&mut want);
        assert_ne!(want, full(), "{pointer}: the row changes something");
        assert_eq!(
            ProbeResponse::from_json(&json.to_string()),
            Ok(want),
            "{pointer}"
        );
    }
}

#[test]
fn an_option_may_be_null() {
    let mut json = written(&full());
    json["policy"]["status"] = json!(null);
    json["mx"]["hosts"][0]["starttls_offered"] = json!(null);
    let mut want = full();
    want.policy.status = None;
    want.mx.hosts[0].starttls_offered = None;
    assert_eq!(ProbeResponse::from_json(&json.to_string()), Ok(want));
}

#[test]
fn every_other_field_is_required() {
    for (pointer, path) in [
        ("/domain", "domain"),
        ("/checked_at", "checked_at"),
        ("/checked_at_unix", "checked_at_unix"),
        ("/policy", "policy"),
        ("/mx", "mx"),
        ("/policy/url", "policy.url"),
        ("/policy/error/stage", "policy.error.stage"),
        ("/policy/error/message", "policy.error.message"),
        ("/policy/certificate/name", "policy.certificate.name"),
        ("/policy/certificate/subject", "policy.certificate.subject"),
        (
            "/policy/certificate/dns_names",
            "policy.certificate.dns_names",
        ),
        ("/policy/certificate/issuer", "policy.certificate.issuer"),
        (
            "/policy/certificate/not_before",
            "policy.certificate.not_before",
        ),
        (
            "/policy/certificate/not_before_unix",
            "policy.certificate.not_before_unix",
        ),
        (
            "/policy/certificate/not_after",
            "policy.certificate.not_after",
        ),
        (
            "/policy/certificate/not_after_unix",
            "policy.certificate.not_after_unix",
        ),
        (
            "/policy/certificate/verified",
            "policy.certificate.verified",
        ),
        (
            "/policy/certificate/valid_for_name",
            "policy.certificate.valid_for_name",
        ),
        ("/mx/hosts", "mx.hosts"),
        ("/mx/error/message", "mx.error.message"),
        ("/mx/hosts/0/host", "mx.hosts[0].host"),
        ("/mx/hosts/0/preference", "mx.hosts[0].preference"),
        ("/mx/hosts/0/error/stage", "mx.hosts[0].error.stage"),
        (
            "/mx/hosts/0/certificate/not_after_unix",
            "mx.hosts[0].certificate.not_after_unix",
        ),
    ] {
        let mut json = written(&full());
        remove(&mut json, pointer);
        let error = ProbeResponse::from_json(&json.to_string()).expect_err(pointer);
        assert_eq!(error.to_string(), format!("{path}: missing"), "{pointer}");
    }
}

#[test]
fn mistyped_fields_are_errors_naming_the_field() {
    for (pointer, bad, message) in [
        ("/domain", json!(1), "domain: expected text"),
        ("/domain", json!(null), "domain: expected text"),
        ("/checked_at_unix", json!(1.5), "checked_at_unix: expected a whole number"),
        ("/checked_at_unix", json!("1"), "checked_at_unix: expected a whole number"),
        (
            "/checked_at_unix",
            json!(9_223_372_036_854_775_808u64),
            "checked_at_unix: expected a whole number",
        ),
        ("/policy", json!([]), "policy: expected an object"),
        (
            "/policy/status",
            json!(65_536),
            "policy.status: expected a whole number from 0 to 65535",
        ),
        (
            "/policy/status",
            json!(-1),
            "policy.status: expected a whole number from 0 to 65535",
        ),
        (
            "/policy/elapsed_ms",
            json!(4_294_967_296u64),
            "policy.elapsed_ms: expected a whole number from 0 to 4294967295",
        ),
        (
            "/policy/size",
            json!(1e3),
            "policy.size: expected a whole number from 0 to 18446744073709551615",
        ),
        // `#[serde(default)]` allowed leaving a field out, never `null`.
        (
            "/policy/truncated",
            json!(null),
            "policy.truncated: expected true or false",
        ),
        ("/policy/addresses", json!(null), "policy.addresses: expected a list"),
        (
            "/policy/addresses",
            json!(["192.0.2.1", 2]),
            "policy.addresses[1]: expected text",
        ),
        (
            "/policy/error/stage",
            json!(3),
            "policy.error.stage: expected a probe stage",
        ),
        (
            "/policy/certificate/dns_names",
            json!("a.example"),
            "policy.certificate.dns_names: expected a list",
        ),
        (
            "/mx/hosts/0/certificate/cert_sha256",
            json!(["00", 1]),
            "mx.hosts[0].certificate.cert_sha256[1]: expected text",
        ),
        ("/mx/hosts", json!({}), "mx.hosts: expected a list"),
        ("/mx/hosts/0", json!(null), "mx.hosts[0]: expected an object"),
        (
            "/mx/hosts/0/starttls_offered",
            json!("yes"),
            "mx.hosts[0].starttls_offered: expected true or false",
        ),
        (
            "/mx/hosts/0/certificate/chain_length",
            json!(-2),
            "mx.hosts[0].certificate.chain_length: expected a whole number from 0 to 18446744073709551615",
        ),
    ] {
        let mut json = written(&full());
        *json.pointer_mut(pointer).unwrap() = bad;
        let error = ProbeResponse::from_json(&json.to_string()).expect_err(pointer);
        assert_eq!(error.to_string(), message, "{pointer}");
    }
}

#[test]
fn unknown_fields_are_ignored_and_the_last_of_a_repeated_name_counts() {
    let mut json = written(&full());
    json["version"] = json!("2.0");
    json["mx"]["hosts"][0]["dane"] = json!({"tlsa": [1, 2]});
    assert_eq!(ProbeResponse::from_json(&json.to_string()), Ok(full()));
    let text = json.to_string();
    let repeated = text.replacen('{', r#"{"domain":"first.example","#, 1);
    assert_eq!(ProbeResponse::from_json(&repeated), Ok(full()));
}

#[test]
fn text_that_is_not_a_probe() {
    for (text, message) in [
        ("", "expected a value at line 1 column 1"),
        ("<html>", "expected a value at line 1 column 1"),
        ("[]", "expected an object"),
        ("{\"domain\":", "expected a value at line 1 column 11"),
        ("{}", "domain: missing"),
    ] {
        let error = ProbeResponse::from_json(text).expect_err(text);
        assert_eq!(error.to_string(), message, "{text}");
    }
}

#[test]
fn every_stage_reads_back_as_written() {
    for (stage, _) in Stage::NAMES {
        let text = serde_json::to_string(&error(stage)).unwrap();
        let mut json = written(&full());
        json["policy"]["error"] = serde_json::from_str(&text).unwrap();
        let probe = ProbeResponse::from_json(&json.to_string()).unwrap();
        assert_eq!(probe.policy.error.map(|e| e.stage), Some(stage), "{text}");
    }
}

#[test]
fn a_stage_this_version_does_not_know_is_kept() {
    // A newer relay's stage, or a known name spelt otherwise: the probe is still read, with
    // the stage unknown.
    for name in ["quic", "Connect", "", "unknown"] {
        let mut json = written(&full());
        json["mx"]["hosts"][0]["error"]["stage"] = json!(name);
        let probe = ProbeResponse::from_json(&json.to_string()).expect(name);
        let mut want = full();
        first_host(&mut want).error.as_mut().unwrap().stage = Stage::Unknown;
        assert_eq!(probe, want, "{name}");
    }
    assert_eq!(
        serde_json::to_string(&Stage::Unknown).unwrap(),
        "\"unknown\""
    );
}

#[test]
fn the_error_answer() {
    let answer = ErrorResponse {
        error: "rate limited: \"slow down\"".into(),
    };
    let text = serde_json::to_string(&answer).unwrap();
    assert_eq!(ErrorResponse::from_json(&text), Ok(answer));
    assert_eq!(
        ErrorResponse::from_json("{}").unwrap_err().to_string(),
        "error: missing"
    );
    assert_eq!(
        ErrorResponse::from_json(r#"{"error":404}"#)
            .unwrap_err()
            .to_string(),
        "error: expected text"
    );
    assert!(ErrorResponse::from_json("Not Found").is_err());
}

fn text() -> impl Strategy<Value = String> {
    prop_oneof![any::<String>(), "[ -~]{0,10}"]
}

fn probe_error() -> impl Strategy<Value = ProbeError> {
    (
        prop::sample::select(Stage::NAMES.map(|(stage, _)| stage).to_vec()),
        text(),
        any::<bool>(),
    )
        .prop_map(|(stage, message, timed_out)| ProbeError {
            stage,
            message,
            timed_out,
        })
}

fn certificate() -> impl Strategy<Value = CertificateFacts> {
    (
        (text(), text(), prop::collection::vec(text(), 0..3), text()),
        (text(), any::<i64>(), text(), any::<i64>()),
        (
            any::<bool>(),
            prop::option::of(text()),
            any::<bool>(),
            any::<usize>(),
        ),
    )
        .prop_map(
            |(
                (name, subject, dns_names, issuer),
                (not_before, not_before_unix, not_after, not_after_unix),
                (verified, verify_error, valid_for_name, chain_length),
            )| CertificateFacts {
                name,
                subject,
                dns_names,
                issuer,
                not_before,
                not_before_unix,
                not_after,
                not_after_unix,
                verified,
                verify_error,
                valid_for_name,
                chain_length,
                cert_sha256: Vec::new(),
                spki_sha256: Vec::new(),
            },
        )
}

fn policy() -> impl Strategy<Value = PolicyProbe> {
    (
        (
            text(),
            prop::collection::vec(text(), 0..3),
            any::<Option<u16>>(),
        ),
        (
            prop::option::of(text()),
            prop::option::of(text()),
            prop::option::of(text()),
        ),
        (any::<bool>(), any::<Option<u64>>(), any::<Option<u32>>()),
        (
            prop::option::of(certificate()),
            prop::option::of(probe_error()),
            (prop::option::of(text()), prop::option::of(text())),
        ),
    )
        .prop_map(
            |(
                (url, addresses, status),
                (location, content_type, body),
                (truncated, size, elapsed_ms),
                (certificate, error, (address, address_kind)),
            )| PolicyProbe {
                url,
                addresses,
                address,
                address_kind,
                status,
                location,
                content_type,
                body,
                truncated,
                size,
                elapsed_ms,
                certificate,
                error,
            },
        )
}

fn mx_probe() -> impl Strategy<Value = MxProbe> {
    (
        (text(), any::<u16>(), prop::collection::vec(text(), 0..3)),
        (
            prop::option::of(text()),
            prop::option::of(text()),
            prop::option::of(text()),
        ),
        (
            any::<Option<bool>>(),
            prop::option::of(text()),
            prop::option::of(text()),
        ),
        (
            prop::option::of(certificate()),
            prop::option::of(probe_error()),
            prop::option::of(text()),
        ),
    )
        .prop_map(
            |(
                (host, preference, addresses),
                (address, banner, ehlo),
                (starttls_offered, tls_version, cipher),
                (certificate, error, address_kind),
            )| MxProbe {
                host,
                preference,
                addresses,
                address,
                address_kind,
                banner,
                ehlo,
                starttls_offered,
                tls_version,
                cipher,
                certificate,
                error,
            },
        )
}

fn probe() -> impl Strategy<Value = ProbeResponse> {
    let mx = (
        any::<bool>(),
        any::<bool>(),
        prop::collection::vec(mx_probe(), 0..3),
        prop::collection::vec(text(), 0..3),
        prop::option::of(probe_error()),
    )
        .prop_map(|(null_mx, implicit, hosts, not_probed, error)| MxProbes {
            null_mx,
            implicit,
            hosts,
            not_probed,
            error,
        });
    (text(), text(), any::<i64>(), policy(), mx).prop_map(
        |(domain, checked_at, checked_at_unix, policy, mx)| ProbeResponse {
            domain,
            checked_at,
            checked_at_unix,
            policy,
            mx,
        },
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn any_probe_survives_the_round_trip(probe in probe()) {
        let text = serde_json::to_string(&probe).unwrap();
        prop_assert_eq!(ProbeResponse::from_json(&text), Ok(probe));
    }

    #[test]
    fn any_text_is_read_or_refused_without_panicking(text in any::<String>()) {
        let _ = ProbeResponse::from_json(&text);
        let _ = ErrorResponse::from_json(&text);
    }
}
