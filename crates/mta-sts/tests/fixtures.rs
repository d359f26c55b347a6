//! The real-world policies of tests/fixtures/real-policies/ (byte-exact copies of the shared
//! corpus): each file against expected.tsv, and the semantic judgements of index.tsv through
//! `mx::check_coverage` with the MX hosts those notes name.

use mta_sts::finding::{CheckId, Code, Finding, Severity};
use mta_sts::mx::{check_coverage, MxHost};
use mta_sts::policy::{check_policy, Mode, PolicyCheck};
use mta_sts::Provenance;
use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

mod support;
use support::{codes, has, one};

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/real-policies")
}

fn read(name: &str) -> Vec<u8> {
    std::fs::read(dir().join(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn check(name: &str) -> PolicyCheck {
    check_policy(&read(name), &Provenance::Fetched)
}

struct Expected {
    valid: bool,
    failing: BTreeSet<String>,
    facts: String,
}

/// expected.tsv: file, expected (valid/invalid), failing check ids (`-` for none), facts
/// (`mode=…;max_age=…;mx=N`, `-` for missing or invalid), note.
fn expected() -> BTreeMap<String, Expected> {
    let text = String::from_utf8(read("expected.tsv")).unwrap();
    let mut out = BTreeMap::new();
    for (i, line) in text.lines().enumerate().skip(1) {
        let cols: Vec<&str> = line.split('\t').collect();
        assert_eq!(cols.len(), 5, "expected.tsv line {}: {line}", i + 1);
        let valid = match cols[1] {
            "valid" => true,
            "invalid" => false,
            other => panic!("expected.tsv line {}: {other}", i + 1),
        };
        let failing = cols[2]
            .split(',')
            .filter(|s| *s != "-")
            .map(|s| {
                assert!(CheckId::from_id(s).is_some(), "unknown check id {s}");
                s.to_owned()
            })
            .collect();
        let prev = out.insert(
            cols[0].to_owned(),
            Expected {
                valid,
                failing,
                facts: cols[3].to_owned(),
            },
        );
        assert!(prev.is_none(), "{} listed twice", cols[0]);
    }
    out
}

fn facts(c: &PolicyCheck) -> String {
    let mode = c.policy.mode.map_or("-", Mode::as_str);
    let age = c.policy.max_age.map_or("-".to_owned(), |a| a.to_string());
    format!("mode={mode};max_age={age};mx={}", c.policy.mx.len())
}

#[test]
fn every_fixture_is_judged() {
    let want = expected();
    let mut files = BTreeSet::new();
    for entry in std::fs::read_dir(dir()).unwrap() {
        let name = entry.unwrap().file_name().into_string().unwrap();
        if name != "expected.tsv" && name != "index.tsv" {
            files.insert(name);
        }
    }
    let listed: BTreeSet<String> = want.keys().cloned().collect();
    assert_eq!(files, listed, "files and expected.tsv differ");
    // index.tsv describes the same files.
    let index = String::from_utf8(read("index.tsv")).unwrap();
    let indexed: BTreeSet<String> = index
        .lines()
        .skip(1)
        .filter_map(|l| l.split('\t').next())
        .map(str::to_owned)
        .collect();
    assert_eq!(indexed, listed);
    assert_eq!(
        want.values().filter(|e| !e.valid).count(),
        15,
        "test-vectors.md I: 15 invalid"
    );
}

#[test]
fn fixtures_match_expected() {
    for (name, e) in expected() {
        let c = check(&name);
        assert_eq!(c.policy.valid, e.valid, "{name}: valid");
        let failing: BTreeSet<String> = c
            .findings
            .iter()
            .filter(|f| f.severity == Severity::Fail)
            .map(|f| f.check.as_str().to_owned())
            .collect();
        assert_eq!(failing, e.failing, "{name}: failing checks");
        assert_eq!(facts(&c), e.facts, "{name}: facts");
        for f in &c.findings {
            for ev in &f.evidence {
                assert_eq!(ev.provenance, Some(Provenance::Fetched), "{name}");
            }
            if let Some(p) = f.fix.as_ref().and_then(|x| x.paste.as_ref()) {
                assert!(
                    check_policy(p.as_bytes(), &Provenance::Pasted).policy.valid,
                    "{name}: paste"
                );
            }
        }
        // Every invalid file whose problems can be fixed without guessing gets a paste.
        let pasted = c
            .findings
            .iter()
            .any(|f| f.fix.as_ref().is_some_and(|x| x.paste.is_some()));
        let guessing = name.starts_with("2MuchC0ff33") || name.starts_with("cyberfear-com");
        if !e.valid {
            assert_eq!(pasted, !guessing, "{name}: paste offered");
        }
    }
}

/// Specific findings the corpus is in the index for: (file, code, severity, the policy lines
/// of its evidence).
#[test]
fn fixture_findings() {
    use Code::*;
    use Severity::{Fail, Info, Pass, Warn};
    #[rustfmt::skip]
    let cases: &[(&str, Code, Severity, &[usize])] = &[
        ("4D5YqUngUAma35o__mta-sts.txt", PolicySyntaxLeadingWhitespace, Fail, &[1, 2, 3, 4, 5]),
        ("4D5YqUngUAma35o__mta-sts.txt", PolicyMxDuplicate, Info, &[3, 4]),
        ("JBYoshi__mta-sts.txt", PolicySyntaxFrontMatter, Fail, &[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14]),
        ("GamerFishToken__mta-sts.webstays.com.txt", PolicySyntaxBlankLine, Fail, &[5]),
        ("SWEITSupport__mta-sts.txt", PolicySyntaxBlankLine, Fail, &[5, 6]),
        ("Securenetology__mta-sts__hist-a6dc9be.txt", PolicySyntaxComment, Fail, &[6]),
        ("Securenetology__mta-sts.txt", PolicyModeInvalid, Fail, &[2]),
        ("AntonioFeijaoUK__www-cyberantonio-com__hist-5e29f6b.txt", PolicyMxTrailingDot, Fail, &[3]),
        ("bizkiwi__bizkiwi.txt", PolicyMaxAgeUnderDay, Warn, &[8]),
        ("301guru__mta-sts.txt", PolicyMaxAgeShortNone, Info, &[5]),
        ("301guru__mta-sts.txt", PolicyModeNone, Warn, &[2]),
        ("ADISA-Certification__mta-sts.adisa.org.uk.txt", PolicySyntaxValid, Pass, &[]),
        ("deptofdefense__dds.mil.txt", PolicyModeEnforce, Pass, &[2]),
        ("AnthonyVadala__Bokagha.github.io.txt", PolicyVersionNotFirst, Info, &[6]),
    ];
    for (name, code, sev, lines) in cases {
        let c = check(name);
        let found: Vec<&Finding> = c.findings.iter().filter(|f| f.code == *code).collect();
        assert_eq!(found.len(), 1, "{name}: {code}: {:?}", codes(&c.findings));
        assert_eq!(found[0].severity, *sev, "{name}: {code}");
        let got: Vec<usize> = found[0].evidence.iter().filter_map(|e| e.line).collect();
        assert_eq!(got, *lines, "{name}: {code}: evidence lines");
    }
    let c = check("ADISA-Certification__mta-sts.adisa.org.uk.txt");
    let pass = one(&c.findings, Code::PolicySyntaxValid);
    // What the pass finding counts (lines, line ends, unknown fields) is data.
    assert_eq!(pass.detail, "4 lines, CRLF line ends, all fields known.");
    // CRLF kept in the corrected copy.
    let c = check("SWEITSupport__mta-sts.txt");
    let paste = c.findings[0]
        .fix
        .as_ref()
        .and_then(|f| f.paste.clone())
        .unwrap();
    assert_eq!(
        paste,
        "version: STSv1\r\nmode: enforce\r\nmx: socialworkengland-org-uk.mail.protection.outlook.com\r\nmax_age: 1209600\r\n"
    );
}

fn mx(list: &[&str]) -> Vec<MxHost> {
    list.iter()
        .enumerate()
        .map(|(i, e)| MxHost {
            preference: u16::try_from(i * 5).unwrap_or(0),
            exchange: format!("{e}."),
        })
        .collect()
}

const GOOGLE: &[&str] = &[
    "aspmx.l.google.com",
    "alt1.aspmx.l.google.com",
    "alt2.aspmx.l.google.com",
    "alt3.aspmx.l.google.com",
    "alt4.aspmx.l.google.com",
];

fn uncovered(findings: &[Finding]) -> Vec<(Severity, String)> {
    findings
        .iter()
        .filter(|f| {
            f.code == Code::MxCoverageUncovered
                && f.severity > Severity::Info
                && f.evidence
                    .first()
                    .is_some_and(|e| e.label.starts_with("MX"))
        })
        .map(|f| {
            (
                f.severity,
                f.evidence[0].text.trim_end_matches('.').to_owned(),
            )
        })
        .collect()
}

/// (fixture, policy domain, MX hosts, severity of the uncovered hosts, uncovered hosts).
type Coverage<'a> = (
    &'a str,
    &'a str,
    &'a [&'a str],
    Option<Severity>,
    Vec<String>,
);

/// index.tsv's semantic notes, checked against the MX hosts they name.
#[test]
fn semantic_judgements() {
    use Severity::{Fail, Warn};
    let s = |v: &[&str]| v.iter().map(|h| (*h).to_owned()).collect::<Vec<_>>();
    let cases: &[Coverage] = &[
        // `*.google.com` matches one label only.
        (
            "rajayoga8__mta-sts-rajayoga8.txt",
            "rajayoga8.com",
            GOOGLE,
            Some(Fail),
            s(GOOGLE),
        ),
        (
            "ajamean__mta-sts.txt",
            "angiej.com",
            GOOGLE,
            Some(Fail),
            s(GOOGLE),
        ),
        (
            "ajamean__mta-sts.txt",
            "angiej.com",
            &["smtp.google.com"],
            None,
            vec![],
        ),
        // `*.mx.microsoft` does not cover `<tenant>.p-v1.mx.microsoft`.
        (
            "miketheitguy__authninjasts.txt",
            "authninja.example",
            &["authninja-example.p-v1.mx.microsoft"],
            Some(Warn),
            s(&["authninja-example.p-v1.mx.microsoft"]),
        ),
        // The exact new-style Microsoft host is listed.
        (
            "Xtian-fi__mta-sts-policy.txt",
            "zimios.fi",
            &["zimios-fi.p-v1.mx.microsoft"],
            None,
            vec![],
        ),
        (
            "klove-thygesen-dk__.well-known.txt",
            "klove-thygesen.dk",
            &["onetech-dk.b-v1.mx.microsoft"],
            None,
            vec![],
        ),
        // `aspmx.l.google.com` + `*.aspmx.l.google.com` covers Google's set.
        (
            "RegalRadio__mta-sts.txt",
            "regalradio.example",
            GOOGLE,
            None,
            vec![],
        ),
        ("apothiq__MTA.txt", "apothiq.com", GOOGLE, None, vec![]),
        // `*.mx.cloudflare.net` covers route1..3.
        (
            "TeamTEDS__mta-sts-tedps.txt",
            "tedps.example",
            &[
                "route1.mx.cloudflare.net",
                "route2.mx.cloudflare.net",
                "route3.mx.cloudflare.net",
            ],
            None,
            vec![],
        ),
        // Only some of Google's hosts listed.
        (
            "berget-ai__landing-page.txt",
            "berget.ai",
            GOOGLE,
            Some(Fail),
            s(&["alt3.aspmx.l.google.com", "alt4.aspmx.l.google.com"]),
        ),
        (
            "dean-jl__MTA-STS.txt",
            "lodzinski.com",
            GOOGLE,
            Some(Warn),
            s(&["alt3.aspmx.l.google.com", "alt4.aspmx.l.google.com"]),
        ),
        (
            "abarcelo-fr__MtaSts.txt",
            "abarcelo.com",
            GOOGLE,
            Some(Warn),
            s(&[
                "alt1.aspmx.l.google.com",
                "alt3.aspmx.l.google.com",
                "alt4.aspmx.l.google.com",
            ]),
        ),
        // A submission host is not the domain's MX.
        (
            "upliftparents__mta-sts.txt",
            "upliftparents.example",
            GOOGLE,
            Some(Fail),
            s(GOOGLE),
        ),
        // `.mx` instead of `.io` for one sibling.
        (
            "kmaristotle__MTA-STS.txt",
            "kmaristotle.example",
            &[
                "mailstream-east.mxrecord.io",
                "mailstream-west.mxrecord.io",
                "mailstream-central.mxrecord.io",
            ],
            Some(Warn),
            s(&["mailstream-central.mxrecord.io"]),
        ),
        // Mode none: an uncovered host is only noted.
        (
            "301guru__mta-sts.txt",
            "c365.biz",
            &["c365-biz.p-v1.mx.microsoft"],
            None,
            vec![],
        ),
    ];
    for (file, domain, hosts, worst, missing) in cases {
        let c = check(file);
        let f = check_coverage(domain, &c.policy, &mx(hosts));
        let got = uncovered(&f);
        let names: Vec<String> = got.iter().map(|(_, h)| h.clone()).collect();
        assert_eq!(&names, missing, "{file}: uncovered hosts");
        for (sev, h) in &got {
            assert_eq!(Some(*sev), *worst, "{file}: {h}");
        }
        if missing.is_empty() {
            assert!(
                f.iter().any(|f| f.severity == Severity::Pass),
                "{file}: no pass"
            );
        }
    }
    // Placeholder patterns left from a template.
    for file in [
        "fry69__cloudflare-mta-sts-static.txt",
        "kontoforma__mta-sts.txt",
        "mamomega__mta-sts.txt",
    ] {
        let c = check(file);
        let f = check_coverage("real.example", &c.policy, &mx(&["mx.real.example"]));
        // No code tells a template placeholder from other stale patterns: only the detail
        // says so.
        assert!(
            f.iter().any(|f| f.code == Code::MxCoverageStale
                && f.severity == Severity::Info
                && f.detail.contains("placeholder")),
            "{file}"
        );
    }
    // The wildcard over the policy domain itself (RFC 8461 §10.4).
    let c = check("Aemdad2__hashimgroups-mta-sts.txt");
    let f = check_coverage(
        "hashimgroups.com",
        &c.policy,
        &mx(&["mail.hashimgroups.com"]),
    );
    assert!(has(&f, Code::MxCoverageOwnDomainWildcard, Severity::Warn));
    // The explanation names the reason, not just the host. No code tells the Microsoft tenant
    // case apart, so this checks the words of the explanation.
    let c = check("miketheitguy__authninjasts.txt");
    let f = check_coverage(
        "authninja.example",
        &c.policy,
        &mx(&["authninja-example.p-v1.mx.microsoft"]),
    );
    assert!(f.iter().any(|f| f.code == Code::MxCoverageUncovered
        && f.detail.contains("two labels below `mx.microsoft`")));
}
