//! Known-answer tests for the TLS-RPT record at `_smtp._tls` (RFC 8460 §3): test-vectors.md
//! section E, plus URI and grammar edge cases. Each row cites its vector or rule id.

use mta_sts::tlsrpt::{
    check_tlsrpt_texts, example_tlsrpt_record, is_tlsrpt_candidate, parse_tlsrpt_record,
    suggest_tlsrpt_record,
};
use mta_sts::{CheckId, Code, Severity};

#[derive(Debug, Clone, Copy)]
enum Want {
    /// Fits the grammar (and has a rua field), with these URIs.
    Parses(&'static [&'static str]),
    /// Does not; the message contains these words.
    Invalid(&'static str),
}
use Want::{Invalid, Parses};

mod support;
use support::{codes, has, one, texts};

/// (vector, input, what `parse_tlsrpt_record` says). The RFC column's "invalid" for URIs
/// that fit RFC 3986 but not TLS-RPT (E24, E27, E29, E40) is asserted in `record_sets`.
#[rustfmt::skip]
const SECTION_E: &[(&str, &str, Want)] = &[
    ("E01", "v=TLSRPTv1; rua=mailto:tlsrpt@mox.example;", Parses(&["mailto:tlsrpt@mox.example"])),
    ("E02", "v=TLSRPTv1; rua=mailto:tlsrpt@mox.example , \t\t https://mox.example/tlsrpt  ", Invalid("trailing whitespace must be followed by ';'")),
    ("E02 without trailing WSP", "v=TLSRPTv1; rua=mailto:tlsrpt@mox.example , \t\t https://mox.example/tlsrpt", Parses(&["mailto:tlsrpt@mox.example", "https://mox.example/tlsrpt"])),
    ("E03", "v=TLSRPTv1; rua=mailto:tlsrpt@mox.example; ext=yes", Parses(&["mailto:tlsrpt@mox.example"])),
    ("E04", "v=TLSRPTv1 ; rua=mailto:x@x.example; rua=mailto:y@x.example", Parses(&["mailto:x@x.example", "mailto:y@x.example"])),
    ("E04", "v=TLSRPTv1; rua=mailto:a@example.com; rua=mailto:b@example.com", Parses(&["mailto:a@example.com", "mailto:b@example.com"])),
    ("E05", "v=TLSRPTv0", Invalid("the only version is `v=TLSRPTv1`")),
    ("E05", "v=TLSRPTv10", Invalid("the only version is `v=TLSRPTv1`")),
    ("E05", "v=TLSRPTv2", Invalid("the only version is `v=TLSRPTv1`")),
    ("E05", "v=TLSRPTv2; rua=mailto:tlsrpt@mimecast.com", Invalid("`v=TLSRPTv2`")),
    ("E06", "v=TLSRPTv1", Invalid("a rua field must follow the version")),
    ("E07", "v=TLSRPTv1;", Invalid("a rua field must follow the version")),
    ("E07", " v=TLSRPTv1;", Invalid("no whitespace before it")),
    ("E07", "v=TLSRPTv1 ;", Invalid("a rua field must follow the version")),
    ("E07", "v=TLSRPTv1; ", Invalid("a rua field must follow the version")),
    ("E08", "v=TLSRPTv1; ext=1", Invalid("no rua field")),
    ("E09", "v=TLSRPTv1; rua=", Invalid("expected a URI after `rua=`")),
    ("E10", "v=TLSRPTv1; rua=noscheme", Invalid("`noscheme` is not a URI")),
    ("E10", "v=TLSRPTv1; rua=not_a_valid_uri", Invalid("`not_a_valid_uri` is not a URI")),
    ("E11", "v=TLSRPTv1; rua=,, ,", Invalid("expected a URI")),
    ("E12", "v=TLSRPTv1; rua=mailto:x@x.example; more=", Invalid("the field `more` has an empty value")),
    ("E13", "v=TLSRPTv1; rua=mailto:x@x.example; a12345678901234567890123456789012=1", Invalid("33 characters long")),
    ("E14", "v=TLSRPTv1; rua=mailto:x@x.example; 1%=a", Invalid("not `%`")),
    ("E15", "v=TLSRPTv1; rua=mailto:x@x.example; test==", Invalid("a value cannot contain '='")),
    ("E16", "v=TLSRPTv1; rua=mailto:x@x.example;;", Invalid("two ';' in a row")),
    ("E17", "v=TLSRPTv1; rua=mailto:x@x.example other", Invalid("expected ',' or ';'")),
    ("E18", "v=TLSRPTv1; rua=http://bad/%", Invalid("`%` must be followed by two hexadecimal digits")),
    ("E19", "v=TLSRPTv1;rua=mailto:reports@example.com", Parses(&["mailto:reports@example.com"])),
    ("E20", "v=TLSRPTv1; rua=https://reporting.example.com/v1/tlsrpt", Parses(&["https://reporting.example.com/v1/tlsrpt"])),
    ("E21", "v=TLSRPTv1; rua=mailto:tlsrpt@mydomain.com,https://tlsrpt.mydomain.com/v1", Parses(&["mailto:tlsrpt@mydomain.com", "https://tlsrpt.mydomain.com/v1"])),
    ("E22", "v=TLSRPTv1; rua=https://tlsrpt.mimecast.com/v1.app?val=1", Parses(&["https://tlsrpt.mimecast.com/v1.app?val=1"])),
    ("E23", "", Invalid("empty")),
    ("E23", "rua=mailto:tlsrpt@mimecast.com", Invalid("must begin with `v=TLSRPTv1`")),
    ("E23", "v=TLSRPTv;", Invalid("`v=TLSRPTv`")),
    ("E23", "v-TLSRPTv1 rua=mailto:tlsrpt@mimecast.com", Invalid("must begin with `v=TLSRPTv1`")),
    ("E24", "v=TLSRPTv1; rua=mailto:", Parses(&["mailto:"])),
    ("E24", "v=TLSRPTv1; rua=mailto:tlsrpt.mimecast.com", Parses(&["mailto:tlsrpt.mimecast.com"])),
    ("E25", "v=TLSRPTv1; rua=https://tlsrpt-mimecast-com/v1", Parses(&["https://tlsrpt-mimecast-com/v1"])),
    ("E26", "v=TLSRPTv1; rua=mailto:abc@cba.com,https://cba.com", Parses(&["mailto:abc@cba.com", "https://cba.com"])),
    ("E27", "v=TLSRPTv1; rua=mailo:abc@cba.com", Parses(&["mailo:abc@cba.com"])),
    ("E28", "v=TLSRPTv1; rua=mailto:abc@cba.com, mailto:def@cba.com", Parses(&["mailto:abc@cba.com", "mailto:def@cba.com"])),
    ("E28", "v=TLSRPTv1; rua=mailto:abc@cba.com,mailto:def@cba.com", Parses(&["mailto:abc@cba.com", "mailto:def@cba.com"])),
    ("E29", "v=TLSRPTv1; rua=mailto:abc@cba.com:test", Parses(&["mailto:abc@cba.com:test"])),
    ("E29 port", "v=TLSRPTv1; rua=https://h.example:8443/x", Parses(&["https://h.example:8443/x"])),
    ("E30", "v=TLSRPTv1=TLSRPTv1", Invalid("`v=TLSRPTv1=TLSRPTv1`")),
    ("E31", "v=TLSRPTv1;v=TLSRPTv1", Invalid("no rua field")),
    ("E32", "p=TLSRPTv1;rua=mailto:abc@cba.com", Invalid("must begin with `v=TLSRPTv1`")),
    ("E33", "v=TLSRPTv1; xyz=foo", Invalid("no rua field")),
    ("E33", "v=TLSRPTv1; rua=mailto:a@b.example; xyz=foo", Parses(&["mailto:a@b.example"])),
    ("E34", "v=spf1 -all", Invalid("must begin with `v=TLSRPTv1`")),
    ("E37", "v=TLSRPTv1; bad", Invalid("the field `bad` has no value")),
    ("E39", "v=TLSRPTv1; rua=mailto:a@b.example!10m", Invalid("`!` must be percent-encoded as %21")),
    ("E40", "v=TLSRPTv1; rua=ftp://a.example,mailto:b@b.example", Parses(&["ftp://a.example", "mailto:b@b.example"])),
];

#[test]
fn section_e_records() {
    for &(vector, input, want) in SECTION_E {
        match (want, parse_tlsrpt_record(input)) {
            (Parses(uris), Ok(record)) => assert_eq!(record.rua, uris, "{vector}: {input:?}"),
            (Invalid(words), Err(err)) => {
                assert!(err.message.contains(words), "{vector}: {input:?}: {err:?}");
                assert!(err.offset <= input.len(), "{vector}");
            }
            (want, got) => panic!("{vector}: {input:?}: wanted {want:?}, got {got:?}"),
        }
    }
}

#[test]
fn uri_grammar_edge_cases() {
    // (rule, rua value, fits `tlsrpt-uri` list)
    let cases = [
        (
            "RPT-05 '=' '?' '&' port '/'",
            "https://r.example:8443/tlsrpt?id=1&x=2",
            true,
        ),
        ("RPT-05 encoded ','", "mailto:a%2Cb@x.example", true),
        ("RPT-05 encoded '!'", "mailto:a@x.example%2110m", true),
        ("RPT-05 encoded ';'", "https://x.example/a%3Bb", true),
        ("RPT-05 lower-case hex", "https://x.example/a%3bb", true),
        ("RPT-05 bad hex", "https://x.example/a%3Gb", false),
        ("RPT-05 '%' at the end", "https://x.example/a%3", false),
        ("RPT-05 raw '!'", "mailto:a@b.example!10m", false),
        (
            "RPT-05 raw ';' ends the field",
            "mailto:a;b@x.example",
            false,
        ),
        ("RPT-05 raw space", "mailto:a b@x.example", false),
        ("RPT-05 '<'", "https://x.example/<", false),
        ("RPT-05 '\"'", "https://x.example/\"", false),
        ("RPT-05 non-ASCII", "mailto:é@x.example", false),
        ("RFC 3986 IPv6 literal", "https://[2001:db8::1]/v1", true),
        ("RFC 3986 userinfo", "https://u:p@x.example/", true),
        ("RFC 3986 fragment", "https://x.example/#f", true),
        ("RFC 3986 two '#'", "https://x.example/#f#g", false),
        (
            "RFC 3986 port must be digits",
            "https://x.example:abc/",
            false,
        ),
        (
            "RFC 3986 scheme begins with a letter",
            "1https://x.example/",
            false,
        ),
        ("RFC 3986 scheme chars", "web+tls.rpt-x:foo", true),
        (
            "RPT-04 WSP around ','",
            "mailto:a@x.example \t, \tmailto:b@x.example",
            true,
        ),
        (
            "RPT-04 ',' needs a URI after it",
            "mailto:a@x.example,",
            false,
        ),
        (
            "RPT-04 ',' needs a URI before it",
            ",mailto:a@x.example",
            false,
        ),
    ];
    for (rule, value, valid) in cases {
        let input = format!("v=TLSRPTv1; rua={value}");
        assert_eq!(
            parse_tlsrpt_record(&input).is_ok(),
            valid,
            "{rule}: {input:?}: {:?}",
            parse_tlsrpt_record(&input)
        );
    }
}

#[test]
fn candidates_follow_the_discard_rule() {
    // (rule, text, is a candidate) — RPT-10, with erratum 6285's whitespace
    let cases = [
        ("RPT-10", "v=TLSRPTv1; rua=mailto:a@b.example", true),
        ("RPT-10", "v=TLSRPTv1 ; rua=mailto:a@b.example", true),
        ("RPT-10", "v=TLSRPTv1;", true),
        ("E05", "v=TLSRPTv10; rua=mailto:a@b.example", false),
        ("E06", "v=TLSRPTv1", false),
        ("E07", " v=TLSRPTv1;", false),
        ("E34", "v=spf1 -all", false),
    ];
    for (rule, text, want) in cases {
        assert_eq!(is_tlsrpt_candidate(text), want, "{rule}: {text:?}");
    }
}

type SetRow = (
    &'static str,
    &'static [&'static str],
    Severity,
    &'static [(Code, Severity)],
);

/// (vector, TXT texts, worst severity, findings expected by code)
#[rustfmt::skip]
const SETS: &[SetRow] = &[
    ("no record", &[], Severity::Warn, &[(Code::TlsrptRecordAbsent, Severity::Warn)]),
    ("E01", &["v=TLSRPTv1; rua=mailto:tlsrpt@mox.example;"], Severity::Pass, &[
        (Code::TlsrptRecordValid, Severity::Pass),
    ]),
    ("E02", &["v=TLSRPTv1; rua=mailto:tlsrpt@mox.example , \t\t https://mox.example/tlsrpt  "], Severity::Fail, &[
        (Code::TlsrptRecordSyntax, Severity::Fail),
    ]),
    ("E03/RPT-09", &["v=TLSRPTv1; rua=mailto:tlsrpt@mox.example; ext=yes"], Severity::Info, &[
        (Code::TlsrptRecordValid, Severity::Pass),
        (Code::TlsrptRecordExtensionFields, Severity::Info),
    ]),
    ("E04/RPT-12", &["v=TLSRPTv1 ; rua=mailto:x@x.example; rua=mailto:y@x.example"], Severity::Warn, &[
        (Code::TlsrptRecordRuaRepeated, Severity::Warn),
        (Code::TlsrptRecordSpaceBeforeSemicolon, Severity::Warn),
        (Code::TlsrptRecordSeveralRua, Severity::Info),
    ]),
    // A record plainly meant as TLS-RPT that reporters discard is there but unusable: `fail`,
    // as a record without rua is (issue 13), not the `warn` of no record at all.
    ("E05", &["v=TLSRPTv2; rua=mailto:tlsrpt@mimecast.com"], Severity::Fail, &[
        (Code::TlsrptRecordDiscarded, Severity::Fail),
    ]),
    ("E06", &["v=TLSRPTv1"], Severity::Fail, &[(Code::TlsrptRecordRuaMissing, Severity::Fail)]),
    ("E08/RPT-03", &["v=TLSRPTv1; ext=1"], Severity::Fail, &[(Code::TlsrptRecordRuaMissing, Severity::Fail)]),
    ("E10/RPT-04", &["v=TLSRPTv1; rua=noscheme"], Severity::Fail, &[(Code::TlsrptRecordSyntax, Severity::Fail)]),
    ("E18", &["v=TLSRPTv1; rua=http://bad/%"], Severity::Fail, &[(Code::TlsrptRecordSyntax, Severity::Fail)]),
    ("E21/RPT-08", &["v=TLSRPTv1; rua=mailto:tlsrpt@mydomain.com,https://tlsrpt.mydomain.com/v1"], Severity::Info, &[
        (Code::TlsrptRecordValid, Severity::Pass),
        (Code::TlsrptRecordSeveralRua, Severity::Info),
    ]),
    ("E22", &["v=TLSRPTv1; rua=https://tlsrpt.mimecast.com/v1.app?val=1"], Severity::Pass, &[
        (Code::TlsrptRecordValid, Severity::Pass),
    ]),
    ("E24/RPT-06", &["v=TLSRPTv1; rua=mailto:"], Severity::Fail, &[(Code::TlsrptRecordRuaMailto, Severity::Fail)]),
    ("E24/RPT-06", &["v=TLSRPTv1; rua=mailto:tlsrpt.mimecast.com"], Severity::Fail, &[(Code::TlsrptRecordRuaMailto, Severity::Fail)]),
    ("E25", &["v=TLSRPTv1; rua=https://tlsrpt-mimecast-com/v1"], Severity::Warn, &[
        (Code::TlsrptRecordRuaSingleLabel, Severity::Warn),
        (Code::TlsrptRecordValid, Severity::Pass),
    ]),
    ("E26", &["v=TLSRPTv1; rua=https://cba.com"], Severity::Pass, &[(Code::TlsrptRecordValid, Severity::Pass)]),
    ("E27/RPT-04", &["v=TLSRPTv1; rua=mailo:abc@cba.com"], Severity::Fail, &[(Code::TlsrptRecordRuaScheme, Severity::Fail)]),
    ("E27/RPT-04", &["v=TLSRPTv1; rua=htps://cba.com"], Severity::Fail, &[(Code::TlsrptRecordRuaScheme, Severity::Fail)]),
    ("E27/RPT-04", &["v=TLSRPTv1; rua=abc:abc@cba.com"], Severity::Fail, &[(Code::TlsrptRecordRuaScheme, Severity::Fail)]),
    ("RPT-04 http", &["v=TLSRPTv1; rua=http://r.example/"], Severity::Fail, &[(Code::TlsrptRecordRuaScheme, Severity::Fail)]),
    ("E29/RPT-06", &["v=TLSRPTv1; rua=mailto:abc@cba.com:test"], Severity::Fail, &[(Code::TlsrptRecordRuaMailto, Severity::Fail)]),
    ("E29 port", &["v=TLSRPTv1; rua=https://h.example:8443/x"], Severity::Pass, &[(Code::TlsrptRecordValid, Severity::Pass)]),
    ("E31", &["v=TLSRPTv1;v=TLSRPTv1"], Severity::Fail, &[(Code::TlsrptRecordRuaMissing, Severity::Fail)]),
    ("E34", &["v=spf1 -all"], Severity::Warn, &[
        (Code::TlsrptRecordAbsent, Severity::Warn),
        (Code::TlsrptRecordSpf, Severity::Info),
    ]),
    ("E35", &["v=TLSRPTv1; rua=mailto:tlsrpt@basic.example", "other"], Severity::Info, &[
        (Code::TlsrptRecordValid, Severity::Pass),
        (Code::TlsrptRecordOthersIgnored, Severity::Info),
    ]),
    ("E36/RPT-10", &["v=TLSRPTv1; rua=mailto:a@x.example", "v=TLSRPTv1; rua=mailto:b@x.example"], Severity::Fail, &[
        (Code::TlsrptRecordMultiple, Severity::Fail),
    ]),
    ("E37", &["v=TLSRPTv1; bad"], Severity::Fail, &[(Code::TlsrptRecordSyntax, Severity::Fail)]),
    ("E38", &["other"], Severity::Warn, &[
        (Code::TlsrptRecordAbsent, Severity::Warn),
        (Code::TlsrptRecordOthersIgnored, Severity::Info),
    ]),
    ("E39/RPT-05", &["v=TLSRPTv1; rua=mailto:a@b.example!10m"], Severity::Fail, &[(Code::TlsrptRecordSyntax, Severity::Fail)]),
    // One unusable address beside a usable one: reports still arrive, so a warning.
    ("E40", &["v=TLSRPTv1; rua=ftp://a.example,mailto:b@b.example"], Severity::Warn, &[
        (Code::TlsrptRecordRuaScheme, Severity::Warn),
        (Code::TlsrptRecordSeveralRua, Severity::Info),
    ]),
];

#[test]
fn record_sets() {
    for &(vector, set, severity, expected) in SETS {
        let findings = check_tlsrpt_texts("example.com", &texts(set));
        assert_eq!(
            mta_sts::finding::worst(&findings),
            severity,
            "{vector}: {findings:#?}"
        );
        for (code, sev) in expected {
            assert!(
                has(&findings, *code, *sev),
                "{vector}: no {sev} {code}: {:?}",
                codes(&findings)
            );
        }
        for f in &findings {
            assert_eq!(f.check, CheckId::TlsrptRecord, "{vector}");
            assert!(f.reference.is_some(), "{vector}: {}", f.title);
            assert!(
                !f.title.contains('!') || f.title.contains("`!`"),
                "{vector}: {}",
                f.title
            );
        }
        // A fail for a URI that reporters cannot use never comes with a pass.
        if severity == Severity::Fail {
            assert!(
                !findings.iter().any(|f| f.severity == Severity::Pass),
                "{vector}"
            );
        }
    }
}

#[test]
fn no_record_pastes_a_complete_example() {
    let findings = check_tlsrpt_texts("example.org", &[]);
    let absent = one(&findings, Code::TlsrptRecordAbsent);
    assert_eq!(absent.severity, Severity::Warn);
    // Pins wording on purpose (issue 13): the no-record title is the one most people see.
    assert_eq!(
        absent.title,
        "There is no TLS-RPT record, so nobody hears about failed TLS deliveries to example.org"
    );
    let fix = absent.fix.as_ref().expect("fix");
    assert_eq!(
        fix.paste.as_deref(),
        Some("v=TLSRPTv1; rua=mailto:tlsrpt@example.org")
    );
    assert_eq!(
        example_tlsrpt_record("example.org"),
        "v=TLSRPTv1; rua=mailto:tlsrpt@example.org"
    );
    let reference = absent.reference.as_ref().expect("reference");
    assert_eq!(reference.label, "RFC 8461 §6");
}

#[test]
fn fixes_paste_a_record_without_failures() {
    // (vector, text, the corrected record)
    let cases = [
        (
            "E02",
            "v=TLSRPTv1; rua=mailto:tlsrpt@mox.example , \t\t https://mox.example/tlsrpt  ",
            "v=TLSRPTv1; rua=mailto:tlsrpt@mox.example,https://mox.example/tlsrpt",
        ),
        (
            "E04/RPT-12",
            "v=TLSRPTv1 ; rua=mailto:x@x.example; rua=mailto:y@x.example",
            "v=TLSRPTv1; rua=mailto:x@x.example,mailto:y@x.example",
        ),
        (
            "E06",
            "v=TLSRPTv1",
            "v=TLSRPTv1; rua=mailto:tlsrpt@example.com",
        ),
        (
            "E39",
            "v=TLSRPTv1; rua=mailto:a@b.example!10m",
            "v=TLSRPTv1; rua=mailto:a@b.example",
        ),
        (
            "E40",
            "v=TLSRPTv1; rua=ftp://a.example,mailto:b@b.example",
            "v=TLSRPTv1; rua=mailto:b@b.example",
        ),
        (
            "E24",
            "v=TLSRPTv1; rua=mailto:tlsrpt.mimecast.com",
            "v=TLSRPTv1; rua=mailto:tlsrpt@example.com",
        ),
        (
            "E03",
            "v=TLSRPTv1 ;rua=mailto:a@b.example;ext=yes",
            "v=TLSRPTv1; rua=mailto:a@b.example; ext=yes",
        ),
        (
            "E05",
            "v=TLSRPTv2; rua=mailto:tlsrpt@mimecast.com",
            "v=TLSRPTv1; rua=mailto:tlsrpt@mimecast.com",
        ),
    ];
    for (vector, text, want) in cases {
        assert_eq!(suggest_tlsrpt_record(text, "example.com"), want, "{vector}");
        let findings = check_tlsrpt_texts("example.com", &texts(&[text]));
        for paste in findings
            .iter()
            .filter_map(|f| f.fix.as_ref()?.paste.as_deref())
        {
            assert_eq!(paste, want, "{vector}");
            let again = check_tlsrpt_texts("example.com", &texts(&[paste]));
            assert!(
                mta_sts::finding::worst(&again) < Severity::Warn,
                "{vector}: {again:#?}"
            );
        }
    }
    // RPT-10: two records merge into one.
    let findings = check_tlsrpt_texts(
        "example.com",
        &texts(&[
            "v=TLSRPTv1; rua=mailto:a@x.example",
            "v=TLSRPTv1; rua=mailto:b@x.example",
        ]),
    );
    let paste = findings[0].fix.as_ref().and_then(|f| f.paste.as_deref());
    assert_eq!(
        paste,
        Some("v=TLSRPTv1; rua=mailto:a@x.example,mailto:b@x.example")
    );
}

#[test]
fn records_render_back_to_the_same_record() {
    let cases = [
        (
            "E19",
            "v=TLSRPTv1;rua=mailto:reports@example.com",
            "v=TLSRPTv1; rua=mailto:reports@example.com",
        ),
        (
            "E02",
            "v=TLSRPTv1; rua=mailto:a@x.example , \t https://x.example/t",
            "v=TLSRPTv1; rua=mailto:a@x.example , \t https://x.example/t",
        ),
        (
            "E03",
            "v=TLSRPTv1 ; rua=mailto:a@x.example ;ext=yes;",
            "v=TLSRPTv1; rua=mailto:a@x.example; ext=yes",
        ),
    ];
    for (vector, input, rendered) in cases {
        let record = parse_tlsrpt_record(input).expect(vector);
        assert_eq!(record.to_string(), rendered, "{vector}");
        assert_eq!(parse_tlsrpt_record(rendered), Ok(record), "{vector}");
    }
}

/// The findings the TLS-RPT check shares with the record check (crate `txt_set`), word for
/// word: an SPF record at `_smtp._tls`, and the other records reporters discard.
///
/// Pins wording on purpose (issue 13): the shared texts must read right for both records.
/// Other tests find findings by code.
#[test]
fn spf_and_ignored_records_wording() {
    let findings = check_tlsrpt_texts(
        "example.com",
        &texts(&[
            "v=TLSRPTv1; rua=mailto:r@example.com",
            "v=spf1 -all",
            "google-site-verification=x",
            "hello",
        ]),
    );
    let spf = one(&findings, Code::TlsrptRecordSpf);
    assert_eq!(spf.check, CheckId::TlsrptRecord);
    assert_eq!(spf.severity, Severity::Info);
    assert_eq!(
        spf.title,
        "An SPF record is published at _smtp._tls.example.com"
    );
    assert_eq!(
        spf.detail,
        "Reporters ignore it. An SPF record at this name usually means that a wildcard TXT \
         record (*.example.com) answers for every name, or that the DNS provider copied the \
         domain's SPF record here."
    );
    assert_eq!(
        spf.fix.as_ref().map(|f| f.action.as_str()),
        Some(
            "Check the zone of example.com for a wildcard TXT record, and remove the SPF record \
             from _smtp._tls.example.com if it was added there by mistake."
        )
    );
    assert_eq!(
        spf.reference.as_ref().map(|r| r.label.as_str()),
        Some("RFC 8460 §3")
    );

    let ignored = one(&findings, Code::TlsrptRecordOthersIgnored);
    assert_eq!(
        ignored.title,
        "Reporters ignore the 2 other TXT records at _smtp._tls.example.com"
    );
    assert_eq!(
        ignored.detail,
        "Only records that begin with `v=TLSRPTv1;` count; others are discarded and do no harm."
    );
    assert_eq!(ignored.evidence.len(), 2);
    assert_eq!(ignored.evidence[0].text, "google-site-verification=x");
    assert_eq!(ignored.evidence[1].label, "TXT at _smtp._tls.example.com");
}
