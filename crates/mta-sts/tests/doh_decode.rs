//! DoH JSON decoding (Google, Cloudflare), provider URLs, and the TXT presentation form.
//! The samples are written from the formats in docs/toolchain.md ("DNS over HTTPS (JSON)").

use mta_sts::doh::txt::{parse_txt_data, quote_txt_data, txt_strings};
use mta_sts::doh::{decode_answer, DohError, Provider};
use mta_sts::lookup::{DnsAnswer, DnsRecord, Rcode, RecordData, RecordType};
use mta_sts::mx::MxHost;
use proptest::prelude::*;
use serde_json::{json, Value};

const STS: &str = "_mta-sts.example.com";

fn decode(json: &str, provider: &str, rtype: RecordType) -> Result<DnsAnswer, DohError> {
    decode_answer(json, provider, STS, rtype, false)
}

/// A record's TXT character-strings (none for any other data).
fn strings(rr: &DnsRecord) -> Vec<String> {
    match &rr.data {
        RecordData::Txt { strings, .. } => strings.clone(),
        _ => Vec::new(),
    }
}

/// A TXT answer body with one record whose `data` is `data` (as the resolver writes it).
fn txt_body(data: &str) -> String {
    json!({"Status": 0, "TC": false, "RD": true, "RA": true, "AD": false, "CD": false,
        "Question": [{"name": "_mta-sts.example.com.", "type": 16}],
        "Answer": [{"name": "_mta-sts.example.com.", "type": 16, "TTL": 300, "data": data}]})
    .to_string()
}

#[test]
fn provider_urls_headers_and_ids() {
    // (provider, name, type, cd, expected URL)
    let urls = [
        (
            Provider::Google,
            STS,
            RecordType::Txt,
            false,
            "https://dns.google/resolve?name=_mta-sts.example.com&type=TXT",
        ),
        (
            Provider::Google,
            "example.com",
            RecordType::Mx,
            true,
            "https://dns.google/resolve?name=example.com&type=MX&cd=1",
        ),
        (
            Provider::Cloudflare,
            "mta-sts.example.com",
            RecordType::Aaaa,
            false,
            "https://cloudflare-dns.com/dns-query?name=mta-sts.example.com&type=AAAA",
        ),
        (
            Provider::Cloudflare,
            "_smtp._tls.example.com",
            RecordType::Txt,
            true,
            "https://cloudflare-dns.com/dns-query?name=_smtp._tls.example.com&type=TXT&cd=1",
        ),
        // A name is one query value whatever it holds.
        (
            Provider::Google,
            "a b&type=A#x",
            RecordType::A,
            false,
            "https://dns.google/resolve?name=a%20b%26type%3DA%23x&type=A",
        ),
        (
            Provider::Cloudflare,
            "bücher.example~",
            RecordType::Cname,
            false,
            "https://cloudflare-dns.com/dns-query?name=b%C3%BCcher.example~&type=CNAME",
        ),
    ];
    for (provider, name, rtype, cd, expected) in urls {
        assert_eq!(provider.query_url(name, rtype, cd), expected);
    }
    assert_eq!(Provider::Google.headers(), &[] as &[(&str, &str)]);
    assert_eq!(
        Provider::Cloudflare.headers(),
        &[("Accept", "application/dns-json")]
    );
    // (id given, provider, its id, its name)
    let ids = [
        ("google", Some(Provider::Google)),
        ("cloudflare", Some(Provider::Cloudflare)),
        ("Cloudflare", Some(Provider::Cloudflare)),
        ("quad9", None),
        ("", None),
    ];
    for (id, expected) in ids {
        assert_eq!(Provider::from_id(id), expected, "{id}");
    }
    for (p, id, name) in [
        (Provider::Google, "google", "Google"),
        (Provider::Cloudflare, "cloudflare", "Cloudflare"),
    ] {
        assert_eq!(
            (p.id(), p.name(), Provider::from_id(p.id())),
            (id, name, Some(p))
        );
        assert_eq!(p.other().other(), p);
        assert_ne!(p.other(), p);
    }
}

#[test]
fn txt_data_both_forms() {
    // (data as the resolver writes it, expected strings, why)
    let rows: &[(&str, &[&str], &str)] = &[
        (
            r#""v=STSv1; id=20240101""#,
            &["v=STSv1; id=20240101"],
            "Cloudflare quoted",
        ),
        (
            "v=STSv1; id=20240101",
            &["v=STSv1; id=20240101"],
            "Google joined",
        ),
        (
            r#""v=STSv1; id=" "abc;""#,
            &["v=STSv1; id=", "abc;"],
            "Cloudflare split record",
        ),
        (
            r#""a"  "b"	"c""#,
            &["a", "b", "c"],
            "spaces and tab between strings",
        ),
        (r#""say \"hi\"""#, &[r#"say "hi""#], r#"\" escape"#),
        (r#""back\\slash""#, &[r"back\slash"], r"\\ escape"),
        (r#""semi\059colon""#, &["semi;colon"], r"\DDD escape"),
        (r#""caf\195\169""#, &["café"], r"\DDD octets form UTF-8"),
        (
            r#""bad\255""#,
            &["bad\u{FFFD}"],
            r"\DDD invalid UTF-8 decoded lossily",
        ),
        (r#""\.\a""#, &[".a"], r"\X quotes any non-digit"),
        (
            "\"caf\u{e9}\"",
            &["caf\u{e9}"],
            "raw non-ASCII inside quotes",
        ),
        (r#""""#, &[""], "one empty string"),
        ("", &[""], "empty joined data"),
        // Not the quoted form: kept as is, quotes and all.
        (
            r#""unterminated"#,
            &[r#""unterminated"#],
            "no closing quote",
        ),
        (r#""a" b"#, &[r#""a" b"#], "unquoted second string"),
        (r#""a""b""#, &[r#""a""b""#], "no space between strings"),
        (r#""a" "#, &[r#""a" "#], "trailing space"),
        (r#""\256""#, &[r#""\256""#], r"\DDD above 255"),
        (r#""\12x""#, &[r#""\12x""#], r"\DD with two digits"),
        (r#""end\""#, &[r#""end\""#], r"escaped closing quote"),
    ];
    for (data, expected, why) in rows {
        assert_eq!(txt_strings(data), *expected, "{why}: {data}");
        let answer = decode(&txt_body(data), "Cloudflare", RecordType::Txt).unwrap();
        let rr = answer.records.first().unwrap();
        assert_eq!(strings(rr), *expected, "{why}");
        assert_eq!(rr.data.text(), expected.concat(), "{why}");
    }
}

#[test]
fn known_answers() {
    struct Row {
        why: &'static str,
        json: &'static str,
        provider: &'static str,
        rtype: RecordType,
        rcode: Rcode,
        ad: bool,
        /// (name, type, TTL, data, strings)
        records: &'static [(
            &'static str,
            u16,
            u32,
            &'static str,
            &'static [&'static str],
        )],
    }
    let rows = [
        Row {
            why: "Cloudflare TXT, quoted, validated",
            json: r#"{"Status":0,"TC":false,"RD":true,"RA":true,"AD":true,"CD":false,
                "Question":[{"name":"_mta-sts.example.com","type":16}],
                "Answer":[{"name":"_mta-sts.example.com","type":16,"TTL":300,
                           "data":"\"v=STSv1; id=20240101\""}]}"#,
            provider: "Cloudflare",
            rtype: RecordType::Txt,
            rcode: Rcode::NoError,
            ad: true,
            records: &[(
                "_mta-sts.example.com",
                16,
                300,
                "v=STSv1; id=20240101",
                &["v=STSv1; id=20240101"],
            )],
        },
        Row {
            why: "Google TXT, joined, not validated, two records",
            json: r#"{"Status":0,"TC":false,"RD":true,"RA":true,"AD":false,"CD":false,
                "Question":[{"name":"_mta-sts.example.com.","type":16}],
                "Answer":[{"name":"_mta-sts.example.com.","type":16,"TTL":3600,"data":"v=STSv1; id=abc;"},
                          {"name":"_mta-sts.example.com.","type":16,"TTL":3600,"data":"v=STSv1; id=def"}],
                "Comment":"Response from 192.0.2.53."}"#,
            provider: "Google",
            rtype: RecordType::Txt,
            rcode: Rcode::NoError,
            ad: false,
            records: &[
                (
                    "_mta-sts.example.com.",
                    16,
                    3600,
                    "v=STSv1; id=abc;",
                    &["v=STSv1; id=abc;"],
                ),
                (
                    "_mta-sts.example.com.",
                    16,
                    3600,
                    "v=STSv1; id=def",
                    &["v=STSv1; id=def"],
                ),
            ],
        },
        Row {
            why: "CNAME chain, in order, then the target's TXT",
            json: r#"{"Status":0,"AD":false,"Answer":[
                {"name":"_mta-sts.example.com.","type":5,"TTL":3600,"data":"_mta-sts.hop.example.net."},
                {"name":"_mta-sts.hop.example.net.","type":5,"TTL":600,"data":"sts.provider.example."},
                {"name":"sts.provider.example.","type":16,"TTL":300,"data":"\"v=STSv1; id=\" \"1\""}]}"#,
            provider: "Cloudflare",
            rtype: RecordType::Txt,
            rcode: Rcode::NoError,
            ad: false,
            records: &[
                (
                    "_mta-sts.example.com.",
                    5,
                    3600,
                    "_mta-sts.hop.example.net.",
                    &[],
                ),
                (
                    "_mta-sts.hop.example.net.",
                    5,
                    600,
                    "sts.provider.example.",
                    &[],
                ),
                (
                    "sts.provider.example.",
                    16,
                    300,
                    "v=STSv1; id=1",
                    &["v=STSv1; id=", "1"],
                ),
            ],
        },
        Row {
            why: "MX data as the resolvers write it",
            json: r#"{"Status":0,"AD":true,"Answer":[
                {"name":"example.com.","type":15,"TTL":300,"data":"10 mx1.example.com."},
                {"name":"example.com.","type":15,"TTL":300,"data":"20 mx2.example.com."}]}"#,
            provider: "Google",
            rtype: RecordType::Mx,
            rcode: Rcode::NoError,
            ad: true,
            records: &[
                ("example.com.", 15, 300, "10 mx1.example.com.", &[]),
                ("example.com.", 15, 300, "20 mx2.example.com.", &[]),
            ],
        },
        Row {
            why: "A record; an RRSIG (type 46, unknown here) is kept",
            json: r#"{"Status":0,"AD":true,"Answer":[
                {"name":"mta-sts.example.com.","type":1,"TTL":60,"data":"192.0.2.1"},
                {"name":"mta-sts.example.com.","type":46,"TTL":60,"data":"a 13 3 60 ..."}]}"#,
            provider: "Google",
            rtype: RecordType::A,
            rcode: Rcode::NoError,
            ad: true,
            records: &[
                ("mta-sts.example.com.", 1, 60, "192.0.2.1", &[]),
                ("mta-sts.example.com.", 46, 60, "a 13 3 60 ...", &[]),
            ],
        },
        Row {
            why: "NXDOMAIN with Authority (Authority ignored)",
            json: r#"{"Status":3,"TC":false,"RD":true,"RA":true,"AD":true,"CD":false,
                "Question":[{"name":"_mta-sts.example.com.","type":16}],
                "Authority":[{"name":"example.com.","type":6,"TTL":1800,
                  "data":"ns1.example.com. hostmaster.example.com. 2024010101 7200 3600 1209600 3600"}]}"#,
            provider: "Google",
            rtype: RecordType::Txt,
            rcode: Rcode::NxDomain,
            ad: true,
            records: &[],
        },
        Row {
            why: "NOERROR without Answer: no data",
            json: r#"{"Status":0,"TC":false,"RD":true,"RA":true,"AD":false,"CD":false,
                "Question":[{"name":"mta-sts.example.com","type":28}]}"#,
            provider: "Cloudflare",
            rtype: RecordType::Aaaa,
            rcode: Rcode::NoError,
            ad: false,
            records: &[],
        },
        Row {
            why: "SERVFAIL with a comment",
            json: r#"{"Status":2,"TC":false,"RD":true,"RA":true,"AD":false,"CD":false,
                "Question":[{"name":"_mta-sts.example.com.","type":16}],
                "Comment":"DNSSEC validation failure. Please check http://dnsviz.net/d/example.com/dnssec/."}"#,
            provider: "Google",
            rtype: RecordType::Txt,
            rcode: Rcode::ServFail,
            ad: false,
            records: &[],
        },
        Row {
            why: "REFUSED is another rcode; AD null counts as not validated; Answer null as none",
            json: r#"{"Status":5,"AD":null,"Answer":null}"#,
            provider: "Cloudflare",
            rtype: RecordType::Txt,
            rcode: Rcode::Other(5),
            ad: false,
            records: &[],
        },
        Row {
            why: "Status alone is enough",
            json: r#"{"Status":0}"#,
            provider: "Google",
            rtype: RecordType::Mx,
            rcode: Rcode::NoError,
            ad: false,
            records: &[],
        },
    ];
    for row in rows {
        let got = decode_answer(row.json, row.provider, STS, row.rtype, true)
            .unwrap_or_else(|e| panic!("{}: {e}", row.why));
        assert_eq!(
            (
                got.name.as_str(),
                got.rtype,
                got.rcode,
                got.authenticated,
                got.resolver.as_str(),
                got.checking_disabled
            ),
            (STS, row.rtype, row.rcode, row.ad, row.provider, true),
            "{}",
            row.why
        );
        let records: Vec<_> = got
            .records
            .iter()
            .map(|r| {
                (
                    r.name.as_str(),
                    r.rtype,
                    r.ttl,
                    r.data.text().into_owned(),
                    strings(r),
                )
            })
            .collect();
        let expected: Vec<_> = row
            .records
            .iter()
            .map(|(n, t, ttl, d, s)| {
                (
                    *n,
                    *t,
                    *ttl,
                    d.to_string(),
                    s.iter().map(|x| x.to_string()).collect::<Vec<_>>(),
                )
            })
            .collect();
        assert_eq!(records, expected, "{}", row.why);
    }
}

#[test]
fn mx_data_is_decoded_once_and_unreadable_data_kept_verbatim() {
    let json = r#"{"Status":0,"Answer":[
        {"name":"example.com.","type":15,"TTL":300,"data":"10 mx1.example.com."},
        {"name":"example.com.","type":15,"TTL":300,"data":"0 ."},
        {"name":"example.com.","type":15,"TTL":300,"data":"mx2.example.com."},
        {"name":"example.com.","type":15,"TTL":300,"data":"70000 mx3.example.com."},
        {"name":"example.com.","type":15,"TTL":300,"data":"10 mx4.example.com. extra"},
        {"name":"example.com.","type":15,"TTL":300,"data":""}]}"#;
    let got = decode(json, "Google", RecordType::Mx).unwrap();
    let mx = |preference, exchange: &str| {
        RecordData::Mx(MxHost {
            preference,
            exchange: exchange.into(),
        })
    };
    let unreadable = |data: &str| RecordData::UnreadableMx(data.into());
    let data: Vec<_> = got.records.iter().map(|r| r.data.clone()).collect();
    assert_eq!(
        data,
        vec![
            mx(10, "mx1.example.com."),
            mx(0, "."),
            unreadable("mx2.example.com."),
            unreadable("70000 mx3.example.com."),
            unreadable("10 mx4.example.com. extra"),
            unreadable(""),
        ]
    );
}

#[test]
fn cname_chain_and_of_type() {
    let json = r#"{"Status":0,"Answer":[
        {"name":"_mta-sts.example.com.","type":5,"TTL":1,"data":"sts.provider.example."},
        {"name":"sts.provider.example.","type":16,"TTL":1,"data":"v=STSv1; id=1"}]}"#;
    let got = decode(json, "Google", RecordType::Txt).unwrap();
    assert_eq!(
        got.cname_chain(),
        vec![(
            "_mta-sts.example.com.".to_string(),
            "sts.provider.example.".to_string()
        )]
    );
    let texts: Vec<_> = got.of_type().map(|r| r.data.text()).collect();
    assert_eq!(texts, vec!["v=STSv1; id=1"]);
}

#[test]
fn malformed_answers_are_errors_with_plain_messages() {
    let deep = "[".repeat(100_000);
    // (body, words the message holds, why)
    let rows: Vec<(&str, &str, &str)> = vec![
        ("", "empty", "empty body"),
        ("  \n", "empty", "blank body"),
        (
            "<!DOCTYPE html><html><body>502 Bad Gateway</body></html>",
            "not DNS JSON",
            "HTML page",
        ),
        (
            r#"{"Status":0,"Answer":[{"name":"a.","type":16,"TTL":300,"data":"\"v=ST"#,
            "not DNS JSON",
            "truncated",
        ),
        (
            r#"{"Status":0} trailing"#,
            "not DNS JSON",
            "trailing garbage",
        ),
        (&deep, "not DNS JSON", "nesting past the parser's limit"),
        ("[]", "not an object", "a list"),
        ("null", "not an object", "null"),
        ("42", "not an object", "a number"),
        (r#""Status""#, "not an object", "a string"),
        ("{}", "no Status", "empty object"),
        (r#"{"status":0}"#, "no Status", "wrong case"),
        (
            r#"{"Status":"0"}"#,
            "Status is not a DNS response code",
            "Status as a string",
        ),
        (
            r#"{"Status":-1}"#,
            "Status is not a DNS response code",
            "negative Status",
        ),
        (
            r#"{"Status":0.5}"#,
            "Status is not a DNS response code",
            "fractional Status",
        ),
        (
            r#"{"Status":65536}"#,
            "Status is not a DNS response code",
            "Status too large",
        ),
        (
            r#"{"Status":null}"#,
            "Status is not a DNS response code",
            "Status null",
        ),
        (
            r#"{"Status":0,"AD":"true"}"#,
            "AD flag is not true or false",
            "AD as a string",
        ),
        (
            r#"{"Status":0,"AD":1}"#,
            "AD flag is not true or false",
            "AD as a number",
        ),
        (
            r#"{"Status":0,"Answer":{}}"#,
            "Answer section is not a list",
            "Answer an object",
        ),
        (
            r#"{"Status":0,"Answer":"v=STSv1"}"#,
            "Answer section is not a list",
            "Answer a string",
        ),
        (
            r#"{"Status":0,"Answer":[1]}"#,
            "Answer record 1 is not an object",
            "record a number",
        ),
        (
            r#"{"Status":0,"Answer":[{"type":16,"TTL":1,"data":"x"}]}"#,
            "record 1 has no name",
            "no name",
        ),
        (
            r#"{"Status":0,"Answer":[{"name":"a.","TTL":1,"data":"x"}]}"#,
            "record 1 has no type",
            "no type",
        ),
        (
            r#"{"Status":0,"Answer":[{"name":"a.","type":16,"data":"x"}]}"#,
            "record 1 has no TTL",
            "no TTL",
        ),
        (
            r#"{"Status":0,"Answer":[{"name":"a.","type":16,"TTL":1},{}]}"#,
            "record 1 has no data",
            "no data",
        ),
        (
            r#"{"Status":0,"Answer":[{"name":"a.","type":16,"TTL":1,"data":"x"},{"name":"a.","type":16,"TTL":1}]}"#,
            "record 2 has no data",
            "second record without data",
        ),
        (
            r#"{"Status":0,"Answer":[{"name":"a.","type":16,"TTL":-1,"data":"x"}]}"#,
            "TTL that is not a valid number",
            "negative TTL",
        ),
        (
            r#"{"Status":0,"Answer":[{"name":"a.","type":16,"TTL":4294967296,"data":"x"}]}"#,
            "TTL that is not a valid number",
            "TTL past 32 bits",
        ),
        (
            r#"{"Status":0,"Answer":[{"name":"a.","type":16,"TTL":1e3,"data":"x"}]}"#,
            "TTL that is not a valid number",
            "TTL as a float",
        ),
        (
            r#"{"Status":0,"Answer":[{"name":"a.","type":"TXT","TTL":1,"data":"x"}]}"#,
            "type that is not a valid number",
            "type as text",
        ),
        (
            r#"{"Status":0,"Answer":[{"name":"a.","type":70000,"TTL":1,"data":"x"}]}"#,
            "type that is not a valid number",
            "type past 16 bits",
        ),
        (
            r#"{"Status":0,"Answer":[{"name":"a.","type":16,"TTL":1,"data":42}]}"#,
            "data that is not text",
            "data a number",
        ),
        (
            r#"{"Status":0,"Answer":[{"name":null,"type":16,"TTL":1,"data":"x"}]}"#,
            "name that is not text",
            "name null",
        ),
    ];
    for (body, words, why) in rows {
        let error = decode(body, "Google", RecordType::Txt).expect_err(why);
        assert!(error.message.contains(words), "{why}: {error}");
        assert_eq!(error.to_string(), error.message, "{why}");
        assert!(!error.message.contains('\n'), "{why}: one line");
        assert!(error.message.chars().count() < 160, "{why}: short: {error}");
    }
}

#[test]
fn doh_error_becomes_a_lookup_error_naming_the_resolver() {
    let error = decode("[]", "Cloudflare", RecordType::Txt).unwrap_err();
    let lookup = error.clone().into_lookup_error("Cloudflare");
    assert_eq!(
        lookup.attempts,
        vec![format!("Cloudflare: {}", error.message)]
    );
}

/// Any JSON value, keys biased towards the ones the decoder reads.
fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>().prop_map(Value::from),
        any::<String>().prop_map(Value::String),
        "\"[ -~]{0,12}\"".prop_map(Value::String),
    ];
    let key = prop_oneof![
        Just("Status".to_string()),
        Just("AD".to_string()),
        Just("Answer".to_string()),
        Just("name".to_string()),
        Just("type".to_string()),
        Just("TTL".to_string()),
        Just("data".to_string()),
        any::<String>(),
    ];
    leaf.prop_recursive(4, 48, 6, move |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::btree_map(key.clone(), inner, 0..6)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// A message of the right overall shape with arbitrary field values.
fn shaped_message() -> impl Strategy<Value = Value> {
    let record = (
        json_value(),
        json_value(),
        json_value(),
        json_value(),
        any::<String>(),
    )
        .prop_map(|(name, rtype, ttl, data, txt)| {
            json!({"name": name, "type": rtype, "TTL": ttl, "data": data,
                   "_": txt})
        });
    let good_record = (0u16..=64, any::<u32>(), any::<String>())
        .prop_map(|(t, ttl, data)| json!({"name": "a.", "type": t % 30, "TTL": ttl, "data": data}));
    (
        json_value(),
        json_value(),
        prop::collection::vec(prop_oneof![record, good_record], 0..5),
    )
        .prop_map(|(status, ad, answer)| json!({"Status": status, "AD": ad, "Answer": answer}))
}

proptest! {
    #[test]
    fn any_text_never_panics(body in any::<String>()) {
        let _ = decode(&body, "Google", RecordType::Txt);
    }

    #[test]
    fn json_like_text_never_panics(body in r#"[\[\]{}":,0-9a-zA-Z\\ .-]{0,80}"#) {
        let _ = decode(&body, "Google", RecordType::Mx);
    }

    #[test]
    fn any_json_value_never_panics(value in json_value()) {
        let _ = decode(&value.to_string(), "Cloudflare", RecordType::Txt);
    }

    #[test]
    fn any_shaped_message_never_panics(value in shaped_message()) {
        let _ = decode(&value.to_string(), "Cloudflare", RecordType::Txt);
    }

    #[test]
    fn quoted_form_round_trips(strings in prop::collection::vec(prop::collection::vec(any::<u8>(), 0..40), 1..5)) {
        let quoted = quote_txt_data(&strings);
        prop_assert_eq!(parse_txt_data(&quoted), Some(strings));
    }

    #[test]
    fn quoted_record_decodes_to_its_strings(strings in prop::collection::vec(any::<String>(), 1..5)) {
        let answer = decode(&txt_body(&quote_txt_data(&strings)), "Cloudflare", RecordType::Txt).unwrap();
        let rr = answer.records.first().unwrap();
        prop_assert_eq!(&rr.data, &RecordData::Txt { text: strings.concat(), strings });
    }

    #[test]
    fn joined_data_is_kept_as_is(data in any::<String>().prop_filter("not quoted", |d| !d.starts_with('"'))) {
        let answer = decode(&txt_body(&data), "Google", RecordType::Txt).unwrap();
        let rr = answer.records.first().unwrap();
        prop_assert_eq!(&rr.data, &RecordData::Txt { text: data.clone(), strings: vec![data] });
    }

    #[test]
    fn txt_strings_never_panics(data in r#"["\\ 0-9a-z]{0,40}"#) {
        let strings = txt_strings(&data);
        prop_assert!(!strings.is_empty());
    }
}
