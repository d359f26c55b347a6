//! Property tests for both TXT record grammars: no input panics, errors point inside the
//! input, what parses renders back to text that parses the same, and repairs are valid.

use mta_sts::record::{
    check_sts_texts, is_sts_candidate, parse_sts_fields, parse_sts_record, suggest_record,
};
use mta_sts::tlsrpt::{
    check_tlsrpt_texts, is_tlsrpt_candidate, parse_tlsrpt_record, suggest_tlsrpt_record,
};
use mta_sts::Severity;
use proptest::prelude::*;

/// Pieces of both grammars joined at random: mostly near misses, for the error paths.
fn grammar_pieces() -> impl Strategy<Value = String> {
    const PIECES: &[&str] = &[
        "v=STSv1",
        "v=TLSRPTv1",
        ";",
        "; ",
        " ; ",
        " ",
        "\t",
        "id=",
        "rua=",
        "mailto:",
        "https://",
        "@",
        ",",
        " , ",
        "=",
        "%2C",
        "%",
        "!",
        "é",
        "x.example",
        "/",
        "?a=1",
        "#",
        "[",
        ":",
    ];
    let piece = prop_oneof![
        4 => prop::sample::select(PIECES).prop_map(str::to_owned),
        1 => "[a-zA-Z0-9]{1,40}",
        1 => "[a-z0-9_.-]{1,34}",
        1 => "[!-~]{1,6}",
    ];
    prop::collection::vec(piece, 0..12).prop_map(|pieces| pieces.concat())
}

/// Records shaped like the grammar (version, delimiters, fields, URI lists), mostly valid,
/// with boundary lengths and an occasional wrong character, so that many of them parse.
fn grammar_shaped() -> impl Strategy<Value = String> {
    let version = prop_oneof![
        8 => Just("v=STSv1".to_owned()),
        8 => Just("v=TLSRPTv1".to_owned()),
        1 => "(v=STSv10|V=STSv1| v=STSv1|v=TLSRPTv2|v=tlsrptv1)",
    ];
    let delim = prop_oneof![8 => "[ \t]{0,2};[ \t]{0,2}", 1 => "(;;| |)"];
    let uri = prop_oneof![
        "mailto:[a-z0-9.%!,]{0,6}@?[a-z0-9.-]{0,10}",
        "https://[a-z0-9.-]{0,12}(:[0-9a-z]{0,4})?(/[a-zA-Z0-9%=?&!#.~-]{0,8}){0,2}",
        "[a-z][a-z+.-]{0,5}:[a-z/@]{0,6}",
    ];
    let uri_sep = prop_oneof![4 => "[ \t]{0,1},[ \t]{0,1}", 1 => "(,,| )"];
    let rua =
        (uri.clone(), prop::collection::vec((uri_sep, uri), 0..3)).prop_map(|(first, rest)| {
            let tail: String = rest.into_iter().map(|(sep, uri)| sep + &uri).collect();
            format!("rua={first}{tail}")
        });
    let field = prop_oneof![
        3 => "id=[a-zA-Z0-9]{0,33}",
        1 => "id=[a-zA-Z0-9:.-]{1,12}",
        3 => rua,
        2 => "[a-zA-Z0-9][a-zA-Z0-9_.-]{0,32}=[!-:<>-~]{0,6}",
        1 => "(v=STSv1|ID=1|[a-z]{1,4}=[ -~]{1,4})",
    ];
    let end = prop_oneof![4 => Just(String::new()), 2 => "[ \t]{0,2};[ \t]{0,2}", 1 => "[ \t]"];
    (version, prop::collection::vec((delim, field), 0..4), end).prop_map(|(v, fields, end)| {
        let body: String = fields.into_iter().map(|(d, f)| d + &f).collect();
        v + &body + &end
    })
}

fn assert_error_inside(input: &str, offset: usize) {
    assert!(
        offset <= input.len() && input.is_char_boundary(offset),
        "{input:?} {offset}"
    );
}

fn same_fields(a: &mta_sts::record::StsRecord, b: &mta_sts::record::StsRecord) -> bool {
    a.id == b.id
        && a.fields.len() == b.fields.len()
        && a.fields
            .iter()
            .zip(&b.fields)
            .all(|(x, y)| x.name == y.name && x.value == y.value)
}

fn check_everything(text: &str) {
    match parse_sts_record(text) {
        Ok(record) => {
            assert!(is_sts_candidate(text), "{text:?}");
            let rendered = record.to_string();
            let again = parse_sts_record(&rendered).expect("rendered record parses");
            assert!(same_fields(&record, &again), "{text:?} -> {rendered:?}");
            assert_eq!(again.to_string(), rendered);
        }
        Err(err) => assert_error_inside(text, err.offset),
    }
    if let Err(err) = parse_sts_fields(text) {
        assert_error_inside(text, err.offset);
    }
    match parse_tlsrpt_record(text) {
        Ok(record) => {
            assert!(is_tlsrpt_candidate(text), "{text:?}");
            let rendered = record.to_string();
            assert_eq!(
                parse_tlsrpt_record(&rendered),
                Ok(record),
                "{text:?} -> {rendered:?}"
            );
        }
        Err(err) => assert_error_inside(text, err.offset),
    }
    let texts = vec![text.to_owned(), format!("v=STSv1; id=1{text}")];
    let check = check_sts_texts("example.com", &texts);
    assert!(check.candidates <= texts.len());
    let _ = check_tlsrpt_texts("example.com", &texts);

    // Repairs always give a complete record that passes (warnings aside).
    let repaired = suggest_record(text);
    let fixed = check_sts_texts("example.com", std::slice::from_ref(&repaired));
    assert!(fixed.record.is_some(), "{text:?} -> {repaired:?}");
    assert!(
        mta_sts::finding::worst(&fixed.findings) < Severity::Warn,
        "{repaired:?}"
    );
    let repaired = suggest_tlsrpt_record(text, "example.com");
    assert!(
        parse_tlsrpt_record(&repaired).is_ok(),
        "{text:?} -> {repaired:?}"
    );
    let findings = check_tlsrpt_texts("example.com", std::slice::from_ref(&repaired));
    assert!(
        !findings.iter().any(|f| f.severity == Severity::Fail),
        "{repaired:?}: {findings:#?}"
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn arbitrary_strings_never_panic(text in any::<String>()) {
        check_everything(&text);
    }

    #[test]
    fn printable_ascii_never_panics(text in "[ -~\t]{0,80}") {
        check_everything(&text);
    }

    #[test]
    fn grammar_pieces_never_panic(text in grammar_pieces()) {
        check_everything(&text);
    }

    #[test]
    fn grammar_shaped_records_behave(text in grammar_shaped()) {
        check_everything(&text);
    }

    #[test]
    fn valid_sts_records_round_trip(
        id in "[a-zA-Z0-9]{1,32}",
        exts in prop::collection::vec(("[a-zA-Z0-9][a-zA-Z0-9_.-]{0,31}", "[!-:<>-~]{1,12}"), 0..4),
        delim in "[ \t]{0,2};[ \t]{0,2}",
        trailing in prop::bool::ANY,
    ) {
        let mut text = format!("v=STSv1{delim}id={id}");
        for (name, value) in &exts {
            text.push_str(&format!("{delim}{name}={value}"));
        }
        if trailing {
            text.push_str(&delim);
        }
        let record = parse_sts_record(&text).map_err(|e| TestCaseError::fail(format!("{text:?}: {e:?}")))?;
        prop_assert_eq!(&record.id, &id);
        prop_assert_eq!(record.fields.len(), exts.len() + 1);
        let again = parse_sts_record(&record.to_string()).map_err(|e| TestCaseError::fail(format!("{e:?}")))?;
        prop_assert!(same_fields(&record, &again));
    }

    #[test]
    fn valid_tlsrpt_records_round_trip(
        users in prop::collection::vec("[a-z0-9.+_-]{1,10}", 1..4),
        sep in "[ \t]{0,2},[ \t]{0,2}",
        path in "(/[a-zA-Z0-9._~%=&?-]{0,10}){0,3}",
    ) {
        let mut uris: Vec<String> = users.iter().map(|u| format!("mailto:{u}@x.example")).collect();
        let path = path.replace('%', "%25");
        uris.push(format!("https://r.example{path}"));
        let text = format!("v=TLSRPTv1; rua={}", uris.join(&sep));
        let record = parse_tlsrpt_record(&text).map_err(|e| TestCaseError::fail(format!("{text:?}: {e:?}")))?;
        prop_assert_eq!(&record.rua, &uris);
        prop_assert_eq!(parse_tlsrpt_record(&record.to_string()), Ok(record));
    }
}
