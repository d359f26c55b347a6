//! Properties of the policy reader and MX matching: no input panics; the line reader agrees
//! with the strict `sts-policy-record` parser; policies built from the grammar's pieces parse,
//! are valid and render back to the same `Policy`; `matches` agrees with a label model.

use mta_sts::finding::{CheckId, Severity};
use mta_sts::mx::matches;
use mta_sts::policy::parse::is_sts_policy_record;
use mta_sts::policy::{check_policy, parse_policy, Mode};
use mta_sts::Provenance;
use proptest::prelude::*;

fn assert_sound(body: &[u8]) {
    let c = check_policy(body, &Provenance::Pasted);
    for id in [
        CheckId::PolicySyntax,
        CheckId::PolicyVersion,
        CheckId::PolicyMode,
        CheckId::PolicyMaxAge,
        CheckId::PolicyMx,
    ] {
        assert!(c.findings.iter().any(|f| f.check == id), "no {id}");
    }
    let parsed = parse_policy(body);
    // The line-by-line reader and the strict record parser agree on the grammar.
    assert_eq!(parsed.is_grammatical(), is_sts_policy_record(body));
    for e in parsed.errors() {
        assert!(e.line >= 1 && e.column >= 1 && !e.message.is_empty());
    }
    if c.policy.valid {
        assert!(parsed.is_grammatical());
        assert!(!c.findings.iter().any(|f| f.severity == Severity::Fail));
    }
    for f in &c.findings {
        if let Some(p) = f.fix.as_ref().and_then(|x| x.paste.as_ref()) {
            assert!(
                check_policy(p.as_bytes(), &Provenance::Pasted).policy.valid,
                "paste {p:?}"
            );
        }
    }
}

/// Bytes drawn mostly from the characters that matter to the grammar.
fn grammar_soup() -> impl Strategy<Value = Vec<u8>> {
    let pieces: Vec<&'static [u8]> = vec![
        b"version",
        b"mode",
        b"mx",
        b"max_age",
        b"STSv1",
        b"enforce",
        b"testing",
        b"none",
        b":",
        b": ",
        b" ",
        b"\t",
        b"\n",
        b"\r\n",
        b"\r",
        b"*.",
        b".",
        b"-",
        b"_",
        b"#",
        b"---",
        b"example",
        b"com",
        b"86400",
        b"0",
        b"\xef\xbb\xbf",
        b"\xc3\xa9",
        b"\xff",
        b"\x00",
        b",",
        b"1.2.3.4",
        b"Mode",
        b"x",
    ];
    prop::collection::vec(prop::sample::select(pieces), 0..40).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn arbitrary_bytes_never_panic(body in prop::collection::vec(any::<u8>(), 0..600)) {
        assert_sound(&body);
    }

    #[test]
    fn grammar_soup_never_panics(body in grammar_soup()) {
        assert_sound(&body);
    }
}

fn label() -> impl Strategy<Value = String> {
    "[a-z][a-z0-9]{0,6}(-[a-z0-9]{1,4})?"
}

fn domain() -> impl Strategy<Value = String> {
    prop::collection::vec(label(), 1..4).prop_map(|l| l.join("."))
}

fn delim() -> impl Strategy<Value = String> {
    "[ \t]{0,3}".prop_map(|w| format!(":{w}"))
}

fn trailing() -> impl Strategy<Value = String> {
    "[ \t]{0,2}"
}

/// An extension value: printable ASCII and some UTF-8, single or multiple inner spaces,
/// starting and ending with a visible character.
fn ext_value() -> impl Strategy<Value = String> {
    "[!-~é€😀]([ !-~é€😀]{0,12}[!-~é€😀])?"
}

fn ext_name() -> impl Strategy<Value = String> {
    "[A-Za-z0-9][A-Za-z0-9_.-]{0,31}".prop_filter("a known field name", |n| {
        !matches!(n.as_str(), "version" | "mode" | "mx" | "max_age")
    })
}

#[derive(Debug, Clone)]
struct Built {
    lines: Vec<String>,
    mode: Mode,
    max_age: u64,
    mx: Vec<String>,
}

fn built_policy() -> impl Strategy<Value = Built> {
    let mode = prop_oneof![Just(Mode::Enforce), Just(Mode::Testing), Just(Mode::None)];
    (
        mode,
        0u64..=31_557_600,
        0usize..3,
        prop::collection::vec((any::<bool>(), domain()), 1..4),
        prop::collection::vec((ext_name(), ext_value()), 0..4),
        prop::collection::vec((delim(), trailing()), 16),
    )
        .prop_flat_map(|(mode, age, zeros, mx, ext, ws)| {
            let mut ws = ws.into_iter();
            let mut next = || ws.next().unwrap_or_default();
            let mut line = |name: &str, value: &str| {
                let (d, t) = next();
                format!("{name}{d}{value}{t}")
            };
            let mut lines = vec![
                line("version", "STSv1"),
                line("mode", mode.as_str()),
                line("max_age", &format!("{}{age}", "0".repeat(zeros))),
            ];
            let patterns: Vec<String> = mx
                .iter()
                .map(|(star, d)| if *star { format!("*.{d}") } else { d.clone() })
                .collect();
            for p in &patterns {
                lines.push(line("mx", p));
            }
            for (n, v) in &ext {
                lines.push(line(n, v));
            }
            let built = Built {
                lines,
                mode,
                max_age: age,
                mx: patterns,
            };
            (Just(built.clone()), Just(built.lines).prop_shuffle())
        })
        .prop_map(|(b, lines)| Built { lines, ..b })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn grammar_built_policies_parse_and_round_trip(
        b in built_policy(),
        terms in prop::collection::vec(any::<bool>(), 16),
        final_term in any::<bool>(),
    ) {
        let mut body = String::new();
        for (i, l) in b.lines.iter().enumerate() {
            if i > 0 {
                body.push_str(if terms[i % terms.len()] { "\r\n" } else { "\n" });
            }
            body.push_str(l);
        }
        if final_term {
            body.push('\n');
        }
        prop_assert!(is_sts_policy_record(body.as_bytes()));
        let c = check_policy(body.as_bytes(), &Provenance::Pasted);
        let p = &c.policy;
        prop_assert!(parse_policy(body.as_bytes()).is_grammatical());
        prop_assert!(p.valid);
        prop_assert!(p.version_ok);
        prop_assert_eq!(p.mode, Some(b.mode));
        prop_assert_eq!(p.max_age, Some(b.max_age));
        let mut got: Vec<&str> = p.mx.iter().map(|m| m.pattern.as_str()).collect();
        let mut want: Vec<&str> = b.mx.iter().map(String::as_str).collect();
        got.sort_unstable();
        want.sort_unstable();
        prop_assert_eq!(got, want);
        prop_assert!(!c.findings.iter().any(|f| f.severity == Severity::Fail));
        // Renders back to bytes that read as the same policy.
        let again = check_policy(p.to_text().as_bytes(), &Provenance::Pasted);
        prop_assert_eq!(&again.policy, p);
    }
}

/// The reference: compare label lists, `*` standing for one non-empty label.
fn model(pattern: &str, host: &str) -> bool {
    let host = host.strip_suffix('.').unwrap_or(host).to_ascii_lowercase();
    let pattern = pattern.to_ascii_lowercase();
    if host.is_empty() || pattern.is_empty() {
        return false;
    }
    let h: Vec<&str> = host.split('.').collect();
    let p: Vec<&str> = pattern.split('.').collect();
    if p.len() >= 2 && p[0] == "*" {
        h.len() == p.len() && !h[0].is_empty() && h[1..] == p[1..]
    } else {
        h == p
    }
}

fn small_label() -> impl Strategy<Value = String> {
    "[aAbB0-]{1,2}"
}

fn pattern_and_host() -> impl Strategy<Value = (String, String)> {
    let labels = || prop::collection::vec(small_label(), 1..4);
    (
        labels(),
        labels(),
        any::<bool>(),
        any::<bool>(),
        any::<bool>(),
        small_label(),
    )
        .prop_map(|(pl, hl, star, derive, dot, first)| {
            let mut pattern = pl.join(".");
            if star {
                pattern = format!("*.{pattern}");
            }
            let mut host = if derive {
                // A host built from the pattern, so that matches are frequent.
                let base = pl.join(".").to_ascii_uppercase();
                if star {
                    format!("{first}.{base}")
                } else {
                    base
                }
            } else {
                hl.join(".")
            };
            if dot {
                host.push('.');
            }
            (pattern, host)
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]

    #[test]
    fn matches_agrees_with_the_label_model((pattern, host) in pattern_and_host()) {
        prop_assert_eq!(matches(&pattern, &host), model(&pattern, &host), "{} vs {}", pattern, host);
    }

    #[test]
    fn matches_never_panics(pattern in any::<String>(), host in any::<String>()) {
        let _ = matches(&pattern, &host);
        // Case and one trailing dot never change the answer for ASCII names.
        if pattern.is_ascii() && host.is_ascii() {
            let upper = format!("{}.", host.to_ascii_uppercase());
            if !host.ends_with('.') {
                prop_assert_eq!(matches(&pattern, &host), matches(&pattern, &upper));
            }
        }
    }
}
