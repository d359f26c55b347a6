//! Known-answer tests for the `_mta-sts` TXT record (RFC 8461 §3.1): test-vectors.md sections
//! A and B (record sets), plus grammar edge cases. Each row cites its vector or rule id.

use mta_sts::record::{
    check_sts_texts, derived_id, is_sts_candidate, is_valid_id, parse_sts_fields, parse_sts_record,
    suggest_id, suggest_record, StsRecord,
};
use mta_sts::{CheckId, Code, Finding, Severity};

/// What the RFC says about one record text.
#[derive(Debug, Clone, Copy)]
enum Want {
    /// Valid, with this id.
    Valid(&'static str),
    /// Invalid; the error message contains these words.
    Invalid(&'static str),
}
use Want::{Invalid, Valid};

mod support;
use support::{codes, has, one, texts};

/// (vector, input, fits the grammar `sts-text-record`, verdict)
#[rustfmt::skip]
const SECTION_A: &[(&str, &str, bool, Want)] = &[
    ("A01", "v=STSv1; id=20160831085700Z;", true, Valid("20160831085700Z")),
    ("A02", "v=STSv1; id=20190429T010101", true, Valid("20190429T010101")),
    ("A03", "v=STSv1;id=20160831085700Z;", true, Valid("20160831085700Z")),
    ("A04", "v=STSv1;id=20160831085700Z", true, Valid("20160831085700Z")),
    ("A05", "v=STSv1;        id=20160831085700Z   ", false, Invalid("trailing whitespace must be followed by ';'")),
    ("A06", "v=STSv1; id=20160831085700Z;;;", false, Invalid("two ';' in a row")),
    ("A06b", "v=STSv1; id=policy1 ", false, Invalid("trailing whitespace must be followed by ';'")),
    ("A07", "", false, Invalid("empty")),
    ("A08", "   ", false, Invalid("empty")),
    ("A09", " ;   ;  ", false, Invalid("must begin with `v=STSv1`")),
    ("A10", "v=STSv1; \t id=20160831085700Z  \t;", true, Valid("20160831085700Z")),
    ("A11", "v=STSv1; id=a", true, Valid("a")),
    ("A12", "v=STSv1; id=a; more=a; ext=2", true, Valid("a")),
    ("A13", "v=STSv0", false, Invalid("the only version is `v=STSv1`")),
    ("A14", "v=STSv10", false, Invalid("the only version is `v=STSv1`")),
    ("A14", "v=STSv10; id=policy1;", false, Invalid("`v=STSv10`")),
    ("A15", "v=STSv2", false, Invalid("the only version is `v=STSv1`")),
    ("A15", "v=STSv2; id=abc", false, Invalid("`v=STSv2`")),
    ("A15", "v=STSv2;id=foo;include=foo.com", false, Invalid("`v=STSv2`")),
    ("A16", "v=STSv1", false, Invalid("an id field must follow the version")),
    ("A17", "v=STSv1;", false, Invalid("an id field must follow the version")),
    ("A18", "v=STSv1; ext=1", true, Invalid("no `id` field")),
    ("A18", "v=STSv1; x-note=ok;", true, Invalid("no `id` field")),
    ("A19", "v=STSv1; id=", false, Invalid("the id is empty")),
    ("A20", "v=STSv1; id=012345678901234567890123456789012", true, Invalid("33 characters long; at most 32")),
    ("A21", "v=STSv1; id=test-123", true, Invalid("the id `test-123` may only contain letters and digits")),
    ("A21", "v=STSv1; id=bad-value", true, Invalid("may only contain letters and digits")),
    ("A22", "v=STSv1; id=policy_will_fail;", true, Invalid("the id `policy_will_fail` may only contain letters and digits")),
    ("A23", "v=STSv1; id=*", true, Invalid("the id `*` may only contain letters and digits")),
    ("A24", "v=STSv1; id=a; more=", false, Invalid("the field `more` has an empty value")),
    ("A25", "v=STSv1; id=a; a12345678901234567890123456789012=1", false, Invalid("33 characters long")),
    ("A26", "v=STSv1; id=a; 1%=a", false, Invalid("not `%`")),
    ("A27", "v=STSv1; id=a; test==", false, Invalid("a value cannot contain '='")),
    ("A28", "v=STSv1; id=a;;", false, Invalid("two ';' in a row")),
    ("A29", "id=foo", false, Invalid("must begin with `v=STSv1`")),
    ("A29", "id=19840507T234501;", false, Invalid("must begin with `v=STSv1`")),
    ("A30", "unrelated=foo", false, Invalid("must begin with `v=STSv1`")),
    ("A31", "syntax error", false, Invalid("must begin with `v=STSv1`")),
    ("A32", "v=STSv1;    id=foo include=foo.com", false, Invalid("expected ';'")),
    ("A33", "v=STSv1;    id=foo include", false, Invalid("expected ';'")),
    ("A34", "v=STSv1  ;    id=foo", true, Valid("foo")),
    ("A35", "v=STSv1  ;    id=foo; unrelated=1", true, Valid("foo")),
    ("A36", "v=STSv1 \t; \tid=policy1 \t;", true, Valid("policy1")),
    ("A37", "v=STSv1; id=policy1; note=has space;", false, Invalid("a value cannot contain spaces")),
    ("A38", "v=STSv1; id=policy1; note=café;", false, Invalid("US-ASCII")),
    ("A38", "v=STSv1; key=£;", false, Invalid("US-ASCII")),
    ("A39", "v=STSv1; extension-1_2.3=!\"#$%&'()*+,-./0123456789:<>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~;", true, Invalid("no `id` field")),
    ("A39+id", "v=STSv1; id=1; extension-1_2.3=!\"#$%&'()*+,-./0123456789:<>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~;", true, Valid("1")),
    ("A40", "v=STSv1; *=value", false, Invalid("must begin with a letter or digit, not `*`")),
    ("A41", "v=STSv1; $$=@@", false, Invalid("must begin with a letter or digit, not `$`")),
    ("A42", "v=STSv1; id=123v=STSv1", false, Invalid("a value cannot contain '='")),
    ("A43", "v=STSv1; v=STSv1", true, Invalid("no `id` field")),
    ("A44", "v=STSv1 id=021120211155", false, Invalid("expected ';'")),
    ("A45", "v-STSv1 id=19840507T234501", false, Invalid("must begin with `v=STSv1`")),
    ("A46", "v=stsv1", false, Invalid("case matters")),
    ("A46", "v=stsv1; id=abc", false, Invalid("case matters")),
    ("A47", "V=STSv1; ID=xyz", false, Invalid("case matters")),
    ("A48", "   v=STSv1; id=abc123", false, Invalid("no whitespace before it")),
    ("A49", "v = STSv1 ; id = xyz123", false, Invalid("no space around '='")),
    ("A50", "v=STSv1; id=abc;", true, Valid("abc")),
    ("A50", "v=STSv1; id=abc; future=value", true, Valid("abc")),
    ("A51", "id=20180907T090909; v=STSv1;", false, Invalid("but it comes later")),
    ("A52", "azazaza;asdasdasdasd", false, Invalid("must begin with `v=STSv1`")),
    ("A53", "v=STSv12;id=20180907T090909;", false, Invalid("`v=STSv12`")),
    ("A54", "v=STSv1; id=20240101T010101", true, Valid("20240101T010101")),
    ("A55", "v=STSv1; xyz=foo", true, Invalid("no `id` field")),
    ("A55", "v=STSv1; id=1; ext=x", true, Valid("1")),
    ("A56", "v=STSv1; id=foo; id=bar", true, Valid("foo")),
    ("A57", "v=spf1 -all", false, Invalid("must begin with `v=STSv1`")),
    ("A58", "v=STSx; id=abc", false, Invalid("`v=STSx`")),
    ("A59", "v=STSv1; v=STSv1; id=abc", true, Valid("abc")),
    // TXT-05: the strings `"v=STSv1; id="` + `"policy1;"`, joined with no separator.
    ("A60", concat!("v=STSv1; id=", "policy1;"), true, Valid("policy1")),
];

#[test]
fn section_a_single_records() {
    for &(vector, input, grammar, want) in SECTION_A {
        assert_eq!(
            parse_sts_fields(input).is_ok(),
            grammar,
            "{vector}: {input:?} grammar: {:?}",
            parse_sts_fields(input)
        );
        match (want, parse_sts_record(input)) {
            (Valid(id), Ok(record)) => assert_eq!(record.id, id, "{vector}: {input:?}"),
            (Invalid(words), Err(err)) => {
                assert!(err.message.contains(words), "{vector}: {input:?}: {err:?}");
                assert!(err.offset <= input.len(), "{vector}: offset {err:?}");
            }
            (want, got) => panic!("{vector}: {input:?}: wanted {want:?}, got {got:?}"),
        }
    }
}

#[test]
fn fields_keep_order_offsets_and_duplicates() {
    // A12 (extensions kept), A56 (first id wins, TXT-14), A59 (a second `v=` is an extension).
    // (vector, input, (name, value, offset) of each field)
    type Row<'a> = (&'a str, &'a str, &'a [(&'a str, &'a str, usize)]);
    let cases: &[Row] = &[
        (
            "A12",
            "v=STSv1; id=a; more=a; ext=2",
            &[("id", "a", 9), ("more", "a", 15), ("ext", "2", 23)],
        ),
        (
            "A56",
            "v=STSv1; id=foo; id=bar",
            &[("id", "foo", 9), ("id", "bar", 17)],
        ),
        (
            "A59",
            "v=STSv1; v=STSv1; id=abc",
            &[("v", "STSv1", 9), ("id", "abc", 18)],
        ),
        (
            "A36",
            "v=STSv1 \t; \tid=policy1 \t;",
            &[("id", "policy1", 12)],
        ),
    ];
    for (vector, input, want) in cases {
        let record = parse_sts_record(input).unwrap_or_else(|e| panic!("{vector}: {e:?}"));
        let got: Vec<(&str, &str, usize)> = record
            .fields
            .iter()
            .map(|f| (f.name.as_str(), f.value.as_str(), f.offset))
            .collect();
        assert_eq!(&got, want, "{vector}");
    }
}

#[test]
fn error_offsets_point_at_the_problem() {
    // (rule, input, offset, what is there)
    let cases = [
        ("TXT-09", "v=STSv1; id=abc ", 15, " "),
        ("TXT-09", "v=STSv1; id=a;;", 14, ";"),
        ("TXT-10", "v=STSv1; id=2024-01-01", 12, "2024-01-01"),
        ("TXT-12", "v=STSv1; id=a; b=c d", 19, "d"),
        ("TXT-04", "v=STSv1; id=a; n=é", 17, "é"),
        ("TXT-07", "v=STSv1; ext=1", 14, ""),
        ("TXT-06", "V=STSv1; id=a", 0, "V=STSv1; id=a"),
    ];
    for (rule, input, offset, rest) in cases {
        let err = parse_sts_record(input).expect_err(rule);
        assert_eq!(err.offset, offset, "{rule}: {input:?}: {err:?}");
        assert_eq!(input.get(err.offset..), Some(rest), "{rule}: {input:?}");
    }
}

#[test]
fn grammar_edge_cases() {
    let id32 = "a".repeat(32);
    let id33 = "a".repeat(33);
    let name32 = format!("x{}", "-".repeat(31));
    let name33 = format!("x{}", "-".repeat(32));
    let name31 = format!("x{}", "_".repeat(30));
    // (rule, input, valid)
    let cases: Vec<(&str, String, bool)> = vec![
        ("TXT-10 32-char id", format!("v=STSv1; id={id32}"), true),
        ("TXT-10 33-char id", format!("v=STSv1; id={id33}"), false),
        (
            "TXT-12 31-char name",
            format!("v=STSv1; id=1; {name31}=v"),
            true,
        ),
        (
            "TXT-12 32-char name",
            format!("v=STSv1; id=1; {name32}=v"),
            true,
        ),
        (
            "TXT-12 33-char name",
            format!("v=STSv1; id=1; {name33}=v"),
            false,
        ),
        (
            "TXT-12 name starts with '-'",
            "v=STSv1; id=1; -x=v".into(),
            false,
        ),
        (
            "TXT-12 name starts with '.'",
            "v=STSv1; id=1; .x=v".into(),
            false,
        ),
        (
            "TXT-12 name starts with a digit",
            "v=STSv1; id=1; 9x.y_z-w=v".into(),
            true,
        ),
        ("TXT-12 value %x21 '!'", "v=STSv1; id=1; e=!".into(), true),
        ("TXT-12 value %x22 '\"'", "v=STSv1; id=1; e=\"".into(), true),
        ("TXT-12 value %x3A ':'", "v=STSv1; id=1; e=:".into(), true),
        ("TXT-12 value %x3C '<'", "v=STSv1; id=1; e=<".into(), true),
        ("TXT-12 value %x3E '>'", "v=STSv1; id=1; e=>".into(), true),
        ("TXT-12 value %x7E '~'", "v=STSv1; id=1; e=~".into(), true),
        ("TXT-12 value %x3D '='", "v=STSv1; id=1; e==".into(), false),
        (
            "TXT-12 value %x3D inside",
            "v=STSv1; id=1; e=a=b".into(),
            false,
        ),
        (
            "TXT-12 value %x3B ';' (empty value)",
            "v=STSv1; id=1; e=;x".into(),
            false,
        ),
        ("TXT-12 value SP", "v=STSv1; id=1; e=a b".into(), false),
        ("TXT-12 value DEL", "v=STSv1; id=1; e=a\x7f".into(), false),
        ("TXT-12 value NUL", "v=STSv1; id=1; e=a\0".into(), false),
        ("TXT-12 value HTAB", "v=STSv1; id=1; e=a\tb".into(), false),
        (
            "TXT-08 tab delimiters",
            "v=STSv1\t;\tid=1\t;\text=2".into(),
            true,
        ),
        ("TXT-09 trailing tab", "v=STSv1;\tid=1\t".into(), false),
        (
            "TXT-09 trailing delimiter and tab",
            "v=STSv1;\tid=1;\t".into(),
            true,
        ),
        ("TXT-09 CR is not WSP", "v=STSv1; id=1;\r\n".into(), false),
        ("TXT-10 id with '+'", "v=STSv1; id=a+b".into(), false),
        (
            "TXT-10 id with ':'",
            "v=STSv1; id=20240101T00:00".into(),
            false,
        ),
        (
            "TXT-14 invalid first id wins",
            "v=STSv1; id=a-b; id=ab".into(),
            false,
        ),
        (
            "TXT-14 valid first id wins",
            "v=STSv1; id=ab; id=a-b".into(),
            true,
        ),
        (
            "TXT-06 names are case-sensitive",
            "v=STSv1; ID=ab".into(),
            false,
        ),
        (
            "TXT-06 v=STSv1 followed by a letter",
            "v=STSv1x; id=1".into(),
            false,
        ),
        (
            "TXT-06 '=' after the version",
            "v=STSv1=; id=1".into(),
            false,
        ),
    ];
    for (rule, input, valid) in cases {
        assert_eq!(
            parse_sts_record(&input).is_ok(),
            valid,
            "{rule}: {input:?}: {:?}",
            parse_sts_record(&input)
        );
    }
}

#[test]
fn candidates_follow_the_discard_rule() {
    // (rule, text, is a candidate) — TXT-15, TXT-16 (erratum 6285), B10
    let cases = [
        ("TXT-15", "v=STSv1; id=1", true),
        ("TXT-15", "v=STSv1;", true),
        ("TXT-16", "v=STSv1 ; id=1", true),
        ("TXT-16", "v=STSv1 \t; id=1", true),
        ("B10", "v=STSv10; id=2", false),
        ("A16", "v=STSv1", false),
        ("A44", "v=STSv1 id=021120211155", false),
        ("A48", " v=STSv1; id=1", false),
        ("A46", "v=stsv1; id=1", false),
        ("A57", "v=spf1 -all", false),
        ("A07", "", false),
    ];
    for (rule, text, want) in cases {
        assert_eq!(is_sts_candidate(text), want, "{rule}: {text:?}");
    }
}

fn worst(findings: &[Finding]) -> Severity {
    mta_sts::finding::worst(findings)
}

type SetRow = (
    &'static str,
    &'static [&'static str],
    usize,
    Option<&'static str>,
    Severity,
    &'static [(Code, Severity)],
);

/// (vector, TXT texts, candidates, usable id, worst severity, findings expected by code)
#[rustfmt::skip]
const SETS: &[SetRow] = &[
    // A valid record alone is a pass; the reminder to change the id (TXT-11) rides on it.
    ("B01", &["v=STSv1; id=1"], 1, Some("1"), Severity::Pass, &[
        (Code::StsRecordValid, Severity::Pass),
    ]),
    ("B02", &["v=STSv1; id=1", "bogus"], 1, Some("1"), Severity::Info, &[
        (Code::StsRecordValid, Severity::Pass),
        (Code::StsRecordOthersIgnored, Severity::Info),
    ]),
    ("B02", &["verification=abc", "v=STSv1; id=policy1;"], 1, Some("policy1"), Severity::Info, &[
        (Code::StsRecordOthersIgnored, Severity::Info),
        (Code::StsRecordValid, Severity::Pass),
    ]),
    ("B03", &["v=STSv1; bogus"], 1, None, Severity::Fail, &[
        (Code::StsRecordSyntax, Severity::Fail),
    ]),
    ("B04", &["v=STSv1; id=1", "v=STSv1; id=2"], 2, None, Severity::Fail, &[
        (Code::StsRecordMultiple, Severity::Fail),
    ]),
    ("B09", &["bogus", "more"], 0, None, Severity::Fail, &[
        (Code::StsRecordOtherRecordsOnly, Severity::Fail),
    ]),
    ("B10", &["v=STSv1; id=1", "v=STSv10; id=2"], 1, Some("1"), Severity::Info, &[
        (Code::StsRecordValid, Severity::Pass),
        (Code::StsRecordOthersIgnored, Severity::Info),
    ]),
    ("B11", &["v=STSv1 ; id=1"], 1, Some("1"), Severity::Warn, &[
        (Code::StsRecordSpaceBeforeSemicolon, Severity::Warn),
        (Code::StsRecordValid, Severity::Pass),
    ]),
    ("B12", &["v=STSv1; id=1;", "google-site-verification=x"], 1, Some("1"), Severity::Info, &[
        (Code::StsRecordOthersIgnored, Severity::Info),
        (Code::StsRecordValid, Severity::Pass),
    ]),
    ("A57/TXT-19", &["v=spf1 -all"], 0, None, Severity::Fail, &[
        (Code::StsRecordOtherRecordsOnly, Severity::Fail),
        (Code::StsRecordSpf, Severity::Info),
    ]),
    ("A56/TXT-14", &["v=STSv1; id=foo; id=bar"], 1, Some("foo"), Severity::Warn, &[
        (Code::StsRecordDuplicateField, Severity::Warn),
    ]),
    ("A59", &["v=STSv1; v=STSv1; id=abc"], 1, Some("abc"), Severity::Warn, &[
        (Code::StsRecordVersionRepeated, Severity::Warn),
    ]),
    ("A12/TXT-13", &["v=STSv1; id=a; more=a; ext=2"], 1, Some("a"), Severity::Info, &[
        (Code::StsRecordExtensionFields, Severity::Info),
    ]),
    ("TXT-10", &["v=STSv1; id=2024-01-01"], 1, None, Severity::Fail, &[
        (Code::StsRecordIdInvalid, Severity::Fail),
    ]),
    ("A16", &["v=STSv1"], 0, None, Severity::Fail, &[
        (Code::StsRecordIdMissing, Severity::Fail),
    ]),
    // A bare version is a missing id whether or not a `;` follows it.
    ("A17", &["v=STSv1;"], 1, None, Severity::Fail, &[
        (Code::StsRecordIdMissing, Severity::Fail),
    ]),
    // Another version is discarded, not a broken v=STSv1 record.
    ("STSv10", &["v=STSv10; id=1"], 0, None, Severity::Fail, &[
        (Code::StsRecordDiscarded, Severity::Fail),
    ]),
    ("no semicolon", &["v=STSv1 id=1"], 0, None, Severity::Fail, &[
        (Code::StsRecordSyntax, Severity::Fail),
    ]),
    ("A46", &["v=stsv1; id=abc", "other"], 0, None, Severity::Fail, &[
        (Code::StsRecordVersionCase, Severity::Fail),
        (Code::StsRecordOthersIgnored, Severity::Info),
    ]),
    ("A48", &["   v=STSv1; id=abc123"], 0, None, Severity::Fail, &[
        (Code::StsRecordLeadingSpace, Severity::Fail),
    ]),
    ("A05", &["v=STSv1;        id=20160831085700Z   "], 1, None, Severity::Fail, &[
        (Code::StsRecordSyntax, Severity::Fail),
    ]),
    ("A38/TXT-04", &["v=STSv1; id=policy1; note=café;"], 1, None, Severity::Fail, &[
        (Code::StsRecordSyntax, Severity::Fail),
    ]),
    ("A60/TXT-05", &["v=STSv1; id=policy1;"], 1, Some("policy1"), Severity::Pass, &[]),
];

#[test]
fn a_valid_record_reminds_to_change_the_id() {
    // TXT-11: the checker cannot see id history, so the pass finding says how ids work.
    let check = check_sts_texts("example.com", &texts(&["v=STSv1; id=1"]));
    let pass = one(&check.findings, Code::StsRecordValid);
    assert_eq!(pass.severity, Severity::Pass);
    // The example id to copy is data, not wording.
    assert!(pass
        .fix
        .as_ref()
        .is_some_and(|f| f.action.contains("20240131T120000Z")));
}

#[test]
fn record_sets() {
    for &(vector, set, candidates, id, severity, expected) in SETS {
        let check = check_sts_texts("example.com", &texts(set));
        assert_eq!(check.candidates, candidates, "{vector}");
        assert_eq!(check.record.as_ref().map(|r| r.id.as_str()), id, "{vector}");
        assert_eq!(
            worst(&check.findings),
            severity,
            "{vector}: {:#?}",
            check.findings
        );
        for (code, sev) in expected {
            assert!(
                has(&check.findings, *code, *sev),
                "{vector}: no {sev} {code}: {:?}",
                codes(&check.findings)
            );
        }
        for f in &check.findings {
            assert_eq!(f.check, CheckId::StsRecord, "{vector}");
            assert!(
                !f.title.contains('!') && !f.detail.contains('!'),
                "{vector}: {}",
                f.title
            );
            if f.severity != Severity::Info || f.code == Code::StsRecordOthersIgnored {
                assert!(!f.evidence.is_empty(), "{vector}: no evidence: {}", f.title);
            }
        }
    }
}

#[test]
fn no_texts_means_no_findings() {
    let check = check_sts_texts("example.com", &[]);
    assert_eq!(
        (check.candidates, check.record, check.findings.len()),
        (0, None, 0)
    );
}

#[test]
fn every_fail_with_a_paste_pastes_a_valid_record() {
    // (vector, text, the corrected record)
    let cases = [
        (
            "TXT-10",
            "v=STSv1; id=2024-01-01; ext=x",
            "v=STSv1; id=20240101; ext=x",
        ),
        (
            "A20",
            "v=STSv1; id=012345678901234567890123456789012",
            "v=STSv1; id=01234567890123456789012345678901",
        ),
        (
            "A22",
            "v=STSv1; id=policy_will_fail;",
            "v=STSv1; id=policywillfail",
        ),
        (
            "A05",
            "v=STSv1;        id=20160831085700Z   ",
            "v=STSv1; id=20160831085700Z",
        ),
        (
            "A06",
            "v=STSv1; id=20160831085700Z;;;",
            "v=STSv1; id=20160831085700Z",
        ),
        ("A44", "v=STSv1 id=021120211155", "v=STSv1; id=021120211155"),
        ("A46", "v=stsv1; id=abc", "v=STSv1; id=abc"),
        ("A47", "V=STSv1; ID=xyz", "v=STSv1; id=xyz"),
        ("A49", "v = STSv1 ; id = xyz123", "v=STSv1; id=xyz123"),
        (
            "A51",
            "id=20180907T090909; v=STSv1;",
            "v=STSv1; id=20180907T090909",
        ),
        (
            "A37",
            "v=STSv1; id=policy1; note=has space;",
            "v=STSv1; id=policy1",
        ),
        ("B11", "v=STSv1 ; id=1", "v=STSv1; id=1"),
        ("A56", "v=STSv1; id=foo; id=bar", "v=STSv1; id=foo"),
    ];
    for (vector, text, want) in cases {
        let check = check_sts_texts("example.com", &texts(&[text]));
        let pastes: Vec<&str> = check
            .findings
            .iter()
            .filter(|f| f.severity >= Severity::Warn)
            .filter_map(|f| f.fix.as_ref()?.paste.as_deref())
            .collect();
        assert!(
            !pastes.is_empty(),
            "{vector}: no paste: {:#?}",
            check.findings
        );
        for paste in pastes {
            assert_eq!(paste, want, "{vector}");
            let fixed = check_sts_texts("example.com", &texts(&[paste]));
            assert!(fixed.record.is_some(), "{vector}: {paste:?}");
            assert!(
                worst(&fixed.findings) < Severity::Warn,
                "{vector}: {:#?}",
                fixed.findings
            );
        }
    }
    // An id with nothing usable left gets an id derived from the text (TXT-10).
    for text in [
        "v=STSv1; id=",
        "v=STSv1; id=---",
        "v=STSv1",
        "v=STSv1; ext=1",
    ] {
        let pasted = suggest_record(text);
        let record = parse_sts_record(&pasted).unwrap_or_else(|e| panic!("{text:?}: {e:?}"));
        assert_eq!(record.id, derived_id(text.as_bytes()), "{text:?}: {pasted}");
    }
    let fresh = check_sts_texts("example.com", &texts(&["bogus"]));
    let paste = fresh.findings[0]
        .fix
        .as_ref()
        .and_then(|f| f.paste.as_deref());
    assert!(
        paste.is_some_and(|p| parse_sts_record(p).is_ok()),
        "B09: {paste:?}"
    );
}

#[test]
fn findings_reference_rfc_8461() {
    let check = check_sts_texts("example.com", &texts(&["v=STSv1; id=2024-01-01"]));
    let reference = check.findings[0].reference.as_ref().expect("reference");
    assert_eq!(
        reference.url.as_deref(),
        Some("https://www.rfc-editor.org/rfc/rfc8461#section-3.1")
    );
    assert_eq!(
        check.findings[0].evidence[0].label,
        "TXT at _mta-sts.example.com"
    );
    assert_eq!(check.findings[0].evidence[0].text, "v=STSv1; id=2024-01-01");
}

#[test]
fn records_render_back_to_the_same_record() {
    let cases = [
        (
            "A01",
            "v=STSv1; id=20160831085700Z;",
            "v=STSv1; id=20160831085700Z",
        ),
        ("A36", "v=STSv1 \t; \tid=policy1 \t;", "v=STSv1; id=policy1"),
        (
            "A12",
            "v=STSv1;id=a;more=a;ext=2",
            "v=STSv1; id=a; more=a; ext=2",
        ),
        (
            "A59",
            "v=STSv1; v=STSv1; id=abc",
            "v=STSv1; v=STSv1; id=abc",
        ),
    ];
    for (vector, input, rendered) in cases {
        let record = parse_sts_record(input).expect(vector);
        assert_eq!(record.to_string(), rendered, "{vector}");
        let again = parse_sts_record(rendered).expect(vector);
        assert_eq!(again.id, record.id, "{vector}");
    }
    assert_eq!(
        StsRecord::new("20240101T000000Z")
            .map(|r| r.to_string())
            .as_deref(),
        Some("v=STSv1; id=20240101T000000Z")
    );
    assert_eq!(StsRecord::new("2024-01-01"), None);
    assert!(is_valid_id(&"9".repeat(32)) && !is_valid_id(&"9".repeat(33)) && !is_valid_id(""));
    assert_eq!(suggest_id("2024-01-01"), "20240101");
}

/// The findings the record check shares with the TLS-RPT check (crate `txt_set`), word for
/// word: an SPF record at `_mta-sts`, and the other records senders discard.
///
/// Pins wording on purpose (issue 13): the shared texts must read right for both records.
/// Other tests find findings by code.
#[test]
fn spf_and_ignored_records_wording() {
    let check = check_sts_texts(
        "example.com",
        &texts(&["v=STSv1; id=1", "v=spf1 -all", "google-site-verification=x"]),
    );
    let spf = one(&check.findings, Code::StsRecordSpf);
    assert_eq!(spf.check, CheckId::StsRecord);
    assert_eq!(spf.severity, Severity::Info);
    assert_eq!(
        spf.title,
        "An SPF record is published at _mta-sts.example.com"
    );
    assert_eq!(
        spf.detail,
        "Senders ignore it, so it does no harm to MTA-STS. An SPF record at this name usually \
         means that a wildcard TXT record (*.example.com) answers for every name, or that the \
         DNS provider copied the domain's SPF record here."
    );
    assert_eq!(
        spf.fix.as_ref().map(|f| f.action.as_str()),
        Some(
            "Check the zone of example.com for a wildcard TXT record, and remove the SPF record \
             from _mta-sts.example.com if it was added there by mistake."
        )
    );
    assert_eq!(
        spf.reference.as_ref().map(|r| r.label.as_str()),
        Some("RFC 8461 §3.1")
    );
    assert_eq!(spf.evidence[0].text, "v=spf1 -all");

    let ignored = one(&check.findings, Code::StsRecordOthersIgnored);
    assert_eq!(ignored.severity, Severity::Info);
    assert_eq!(
        ignored.title,
        "Senders ignore the other TXT record at _mta-sts.example.com"
    );
    assert_eq!(
        ignored.detail,
        "Only records that begin with `v=STSv1;` count; others, such as site-verification \
         tokens, are discarded and do no harm."
    );
    assert_eq!(ignored.evidence.len(), 1);
    assert_eq!(ignored.evidence[0].text, "google-site-verification=x");
    assert_eq!(ignored.evidence[0].label, "TXT at _mta-sts.example.com");
    assert_eq!(
        ignored.reference.as_ref().map(|r| r.label.as_str()),
        Some("RFC 8461 §3.1")
    );
}
