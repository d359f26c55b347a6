//! The engine's JSON reader (`mta_sts::json`) against serde_json, the reader it replaces in
//! the browser: on any JSON value serde_json writes, on texts near JSON, and on escapes, both
//! must accept the same texts and read the same values.

use mta_sts::json::{self, Value};
use proptest::prelude::*;

/// Whether our value is the one serde_json read. Numbers: the same whole number exactly
/// (`as_u64`, `as_i64`), otherwise nearly the same float (serde_json's default float parsing
/// is off by a few units in the last place on long numbers; ours does not read floats, the
/// test reads the text with `str::parse`). `-0` is the one whole number serde_json
/// reads as a float; ours reads it as the integer 0.
fn same(ours: &Value, theirs: &serde_json::Value) -> bool {
    use serde_json::Value as J;
    match (ours, theirs) {
        (Value::Null, J::Null) => true,
        (Value::Bool(a), J::Bool(b)) => a == b,
        (Value::String(a), J::String(b)) => a == b,
        (Value::Number(text), J::Number(n)) => {
            if let Some(u) = n.as_u64() {
                ours.as_u64() == Some(u) && ours.as_i64() == i64::try_from(u).ok()
            } else if let Some(i) = n.as_i64() {
                ours.as_u64().is_none() && ours.as_i64() == Some(i)
            } else {
                let (Ok(a), Some(b)) = (text.parse::<f64>(), n.as_f64()) else {
                    return false;
                };
                let whole_zero = text == "-0" && ours.as_i64() == Some(0);
                ours.as_u64().is_none()
                    && (ours.as_i64().is_none() || whole_zero)
                    && (a == b || (a - b).abs() <= 1e-12 * a.abs().max(b.abs()))
            }
        }
        (Value::Array(a), J::Array(b)) => {
            a.len() == b.len() && a.iter().zip(b).all(|(x, y)| same(x, y))
        }
        (Value::Object(members), J::Object(map)) => {
            // serde_json keeps the last of repeated names, as `get` does.
            let mut names: Vec<&str> = members.iter().map(|(k, _)| k.as_str()).collect();
            names.sort_unstable();
            names.dedup();
            names.len() == map.len()
                && map
                    .iter()
                    .all(|(k, v)| ours.get(k).is_some_and(|o| same(o, v)))
        }
        _ => false,
    }
}

/// Both readers accept `text` or both refuse it; when they accept, they read the same value.
/// serde_json also refuses numbers beyond f64's range, which JSON allows (RFC 8259 §6).
fn agree(text: &str) -> Result<(), TestCaseError> {
    let ours = json::parse(text);
    let theirs = serde_json::from_str::<serde_json::Value>(text);
    match (&ours, &theirs) {
        (Ok(o), Ok(t)) => prop_assert!(same(o, t), "{text:?}: {o:?} vs {t:?}"),
        (Err(_), Err(_)) => {}
        (Ok(_), Err(e)) if e.to_string().starts_with("number out of range") => {}
        _ => prop_assert!(false, "{text:?}: ours {ours:?}, serde_json {theirs:?}"),
    }
    Ok(())
}

/// Any JSON value serde_json can hold.
fn json_value() -> impl Strategy<Value = serde_json::Value> {
    use serde_json::Value as J;
    let leaf = prop_oneof![
        Just(J::Null),
        any::<bool>().prop_map(J::Bool),
        any::<i64>().prop_map(J::from),
        any::<u64>().prop_map(J::from),
        any::<f64>().prop_map(J::from),
        (-1e6..1e6f64).prop_map(J::from),
        any::<String>().prop_map(J::String),
        "[ -~]{0,12}".prop_map(J::String),
    ];
    leaf.prop_recursive(6, 64, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(J::Array),
            prop::collection::btree_map(any::<String>(), inner, 0..6)
                .prop_map(|m| J::Object(m.into_iter().collect())),
        ]
    })
}

/// `s` as a JSON string literal with each character either as itself or as `\u` escapes
/// (a UTF-16 surrogate pair outside the Basic Multilingual Plane), as `escape` says.
fn escaped_literal(s: &str, escape: &[bool], upper: bool) -> String {
    let mut out = String::from("\"");
    for (i, c) in s.chars().enumerate() {
        let plain = c >= ' ' && c != '"' && c != '\\';
        if plain
            && !escape
                .get(i % escape.len().max(1))
                .copied()
                .unwrap_or(false)
        {
            out.push(c);
            continue;
        }
        let mut units = [0u16; 2];
        for unit in c.encode_utf16(&mut units) {
            if upper {
                out.push_str(&format!("\\u{unit:04X}"));
            } else {
                out.push_str(&format!("\\u{unit:04x}"));
            }
        }
    }
    out.push('"');
    out
}

/// A JSON text with one character changed, dropped or added: near misses.
fn near_miss() -> impl Strategy<Value = String> {
    const NOISE: &[char] = &[
        '[', ']', '{', '}', '"', ':', ',', '\\', 'u', '-', '+', '.', 'e', '0', '1', ' ', '\t',
        '\u{1}', 'n', 't', 'D', '8',
    ];
    (
        json_value(),
        any::<prop::sample::Index>(),
        prop::sample::select(NOISE),
        0..3u8,
    )
        .prop_map(|(value, at, noise, how)| {
            let mut chars: Vec<char> = serde_json::to_string(&value).unwrap().chars().collect();
            let i = at.index(chars.len() + 1);
            match how {
                0 if i < chars.len() => chars[i] = noise,
                1 if i < chars.len() => {
                    chars.remove(i);
                }
                _ => chars.insert(i, noise),
            }
            chars.into_iter().collect()
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn reads_what_serde_json_writes(value in json_value()) {
        let compact = serde_json::to_string(&value).unwrap();
        let ours = json::parse(&compact).unwrap();
        prop_assert!(same(&ours, &value), "{compact}");
        // Our own writing reads back the same.
        prop_assert_eq!(json::parse(&ours.to_string()), Ok(ours.clone()));
        let pretty = serde_json::to_string_pretty(&value).unwrap();
        prop_assert_eq!(json::parse(&pretty), Ok(ours));
    }

    #[test]
    fn agrees_with_serde_json_on_near_misses(text in near_miss()) {
        agree(&text)?;
    }

    #[test]
    fn agrees_with_serde_json_on_json_like_text(
        text in r#"[\[\]{}":, \t\n0-9eE+.\-a-z\\]{0,60}"#
    ) {
        agree(&text)?;
    }

    #[test]
    fn agrees_with_serde_json_on_any_text(text in any::<String>()) {
        agree(&text)?;
    }

    #[test]
    fn agrees_with_serde_json_on_numbers(
        text in "-?(0|[1-9][0-9]{0,25})(\\.[0-9]{1,20})?([eE][+-]?[0-9]{1,3})?"
    ) {
        agree(&text)?;
        prop_assert_eq!(json::parse(&text), Ok(Value::Number(text.clone())));
    }

    #[test]
    fn u_escapes_read_as_the_characters(
        s in any::<String>(),
        escape in prop::collection::vec(any::<bool>(), 1..8),
        upper in any::<bool>(),
    ) {
        let literal = escaped_literal(&s, &escape, upper);
        prop_assert_eq!(json::parse(&literal), Ok(Value::String(s.clone())), "{}", literal);
        agree(&literal)?;
    }

    #[test]
    fn a_lone_surrogate_is_refused(unit in 0xD800u16..=0xDFFF, after in "[a-z]{0,2}") {
        let literal = format!("\"\\u{unit:04x}{after}\"");
        let error = json::parse(&literal).unwrap_err();
        prop_assert_eq!(error.message, "lone surrogate in a \\u escape");
        agree(&literal)?;
    }
}
