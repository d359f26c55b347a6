//! Corrected records for fixes: the fields of a broken or untidy record, written out the way
//! RFC 8461 §3.1 requires, with a valid id.

use super::{is_alnum, is_ext_name_char, is_ext_value_char, is_valid_id};

/// A valid id derived from `old`: its letters and digits (at most 32), or, when none are
/// left, a digits-only id derived from `old` (so different broken records get different ids).
pub fn suggest_id(old: &str) -> String {
    id_from(old, old)
}

fn id_from(old: &str, seed: &str) -> String {
    let kept: String = old.chars().filter(|c| is_alnum(*c)).take(32).collect();
    if is_valid_id(&kept) {
        kept
    } else {
        super::derived_id(seed.as_bytes())
    }
}

/// A corrected record and what could not be carried over.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Repaired {
    pub text: String,
    /// Fields left out because they cannot be written validly (or repeat an earlier one).
    pub dropped: Vec<String>,
}

/// The record `text` was meant to be, as a complete valid `_mta-sts` record: `v=STSv1`
/// first, then the id (made valid), then the other fields that are valid, each once.
pub fn suggest_record(text: &str) -> String {
    repair_sts(text).text
}

pub(crate) fn repair_sts(text: &str) -> Repaired {
    let mut id: Option<String> = None;
    let mut fields: Vec<(String, String)> = Vec::new();
    let mut dropped = Vec::new();
    for (name, value, whole) in loose_fields(text) {
        if name.eq_ignore_ascii_case("v") {
            continue;
        }
        if name.eq_ignore_ascii_case("id") {
            if id.is_none() {
                id = Some(id_from(value, text));
            } else {
                dropped.push(whole.to_owned());
            }
            continue;
        }
        if is_valid_ext(name, value) && !fields.iter().any(|(n, _)| n == name) {
            fields.push((name.to_owned(), value.to_owned()));
        } else {
            dropped.push(whole.to_owned());
        }
    }
    let id = id.unwrap_or_else(|| super::derived_id(text.as_bytes()));
    let mut out = format!("v=STSv1; id={id}");
    for (name, value) in fields {
        out.push_str("; ");
        out.push_str(&name);
        out.push('=');
        out.push_str(&value);
    }
    Repaired { text: out, dropped }
}

/// Whether `name=value` is a valid extension field (`sts-ext-name`, `sts-ext-value`; the
/// TLS-RPT extension rules are the same).
pub(crate) fn is_valid_ext(name: &str, value: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(is_alnum)
        && name.len() <= 32
        && chars.all(is_ext_name_char)
        && !value.is_empty()
        && value.chars().all(is_ext_value_char)
}

/// A lenient reading of a record for repairs: `;`-separated pieces, spaces around `=` and at
/// the ends ignored; a piece of several space-separated `name=value` words (a missing `;`)
/// gives one field per word. Each item is (name, value, the piece as written).
pub(crate) fn loose_fields(text: &str) -> Vec<(&str, &str, &str)> {
    let mut out = Vec::new();
    for piece in text.split(';') {
        let piece = piece.trim_matches(|c: char| c.is_whitespace());
        if piece.is_empty() {
            continue;
        }
        let words: Vec<&str> = piece.split_whitespace().collect();
        let one_field_per_word = words.len() > 1
            && words
                .iter()
                .all(|w| w.split_once('=').is_some_and(|(n, v)| is_valid_ext(n, v)));
        if one_field_per_word {
            for word in words {
                if let Some((name, value)) = word.split_once('=') {
                    out.push((name, value, word));
                }
            }
        } else if let Some((name, value)) = piece.split_once('=') {
            out.push((
                name.trim_matches(|c: char| c.is_whitespace()),
                value.trim_matches(|c: char| c.is_whitespace()),
                piece,
            ));
        } else {
            out.push((piece, "", piece));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repairs_keep_fields_and_make_the_id_valid() {
        let cases = [
            // (broken, repaired, dropped) — TXT-10, TXT-09, TXT-06, A44, A49, A51
            ("v=STSv1; id=2024-01-01", "v=STSv1; id=20240101", vec![]),
            ("v=STSv1; id=abc ", "v=STSv1; id=abc", vec![]),
            ("v=stsv1; id=abc; ext=1", "v=STSv1; id=abc; ext=1", vec![]),
            (
                "v=STSv1 id=021120211155",
                "v=STSv1; id=021120211155",
                vec![],
            ),
            ("v = STSv1 ; id = xyz123", "v=STSv1; id=xyz123", vec![]),
            (
                "id=20180907T090909; v=STSv1;",
                "v=STSv1; id=20180907T090909",
                vec![],
            ),
            (
                "v=STSv1; id=a; note=has space; id=b",
                "v=STSv1; id=a",
                vec!["note=has space", "id=b"],
            ),
        ];
        for (broken, repaired, dropped) in cases {
            let r = repair_sts(broken);
            assert_eq!(r.text, repaired, "{broken}");
            assert_eq!(r.dropped, dropped, "{broken}");
            assert!(super::super::parse_sts_record(&r.text).is_ok(), "{broken}");
        }
    }

    #[test]
    fn an_id_with_nothing_usable_is_derived_from_it() {
        let id = suggest_id("---");
        assert!(is_valid_id(&id) && id.len() == 16, "{id}");
        assert_eq!(id, super::super::derived_id(b"---"));
        assert_ne!(suggest_id("-"), suggest_id("--"));
        let long = "0123456789".repeat(4);
        assert_eq!(suggest_id(&long), long.get(..32).unwrap_or_default());
    }
}
