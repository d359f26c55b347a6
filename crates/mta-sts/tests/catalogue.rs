//! The catalogue of finding codes: its codes are well formed and unique, every check has
//! codes, and `docs/checks.md` is generated from it. Run
//! `UPDATE_DOCS=1 cargo test -p mta-sts --test catalogue` to rewrite the generated part.

use mta_sts::{catalogue, CheckId, Code};
use std::collections::BTreeSet;
use std::fmt::Write;
use std::path::PathBuf;

const START: &str =
    "<!-- catalogue: generated from crates/mta-sts/src/catalogue.rs; do not edit by hand -->";
const END: &str = "<!-- catalogue: end -->";

#[test]
fn codes_are_unique_and_named_after_their_check() {
    let mut seen = BTreeSet::new();
    for &code in Code::ALL {
        let name = code.as_str();
        assert!(seen.insert(name), "{name} twice");
        let slug = name
            .strip_prefix(code.check().as_str())
            .and_then(|rest| rest.strip_prefix('.'))
            .unwrap_or_else(|| panic!("{name} does not start with its check"));
        assert!(
            !slug.is_empty()
                && slug
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'),
            "{name}: the kind is lower-case words joined by '-'"
        );
        assert_eq!(Code::from_code(name), Some(code));
        assert!(!code.severities().is_empty(), "{name}");
        assert!(!code.summary().is_empty() && !code.why().is_empty());
        assert!(!code.reference().is_empty());
        let json = serde_json::to_string(&code).unwrap();
        assert_eq!(json, format!("\"{name}\""));
    }
    assert_eq!(Code::from_code("sts-record.nope"), None);
}

#[test]
fn every_check_has_codes() {
    for id in CheckId::EVERY {
        assert!(
            Code::ALL.iter().any(|c| c.check() == id),
            "{id} has no code"
        );
    }
}

/// The generated part of `docs/checks.md`: one section per check, one row per code.
fn generated() -> String {
    let mut out = String::new();
    out.push_str(START);
    out.push('\n');
    for id in CheckId::EVERY {
        let _ = write!(
            out,
            "\n### `{id}`: {}\n\n{}\n\n",
            id.label(),
            catalogue::looks_at(id)
        );
        out.push_str("| code | severity | when | why this severity | rule |\n");
        out.push_str("|---|---|---|---|---|\n");
        for code in Code::ALL.iter().filter(|c| c.check() == id) {
            let severities: Vec<&str> = code.severities().iter().map(|s| s.as_str()).collect();
            let _ = writeln!(
                out,
                "| `{}` | {} | {} | {} | {} |",
                code.as_str(),
                severities.join(", "),
                code.summary().replace('|', "\\|"),
                code.why().replace('|', "\\|"),
                code.reference()
            );
        }
    }
    out.push('\n');
    out.push_str(END);
    out
}

#[test]
fn docs_checks_md_is_generated_from_the_catalogue() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../docs/checks.md");
    let text = std::fs::read_to_string(&path).expect("docs/checks.md");
    let (Some(start), Some(end)) = (text.find(START), text.find(END)) else {
        panic!("docs/checks.md lacks the catalogue markers");
    };
    let current = &text[start..end + END.len()];
    let wanted = generated();
    if current != wanted {
        if std::env::var_os("UPDATE_DOCS").is_some() {
            let updated = format!("{}{wanted}{}", &text[..start], &text[end + END.len()..]);
            std::fs::write(&path, updated).expect("write docs/checks.md");
        } else {
            panic!(
                "docs/checks.md is stale: run `UPDATE_DOCS=1 cargo test -p mta-sts --test catalogue`"
            );
        }
    }
}
