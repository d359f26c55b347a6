//! MX host matching: every vector of test-vectors.md section D, and the `mx-coverage`
//! findings (MX-01…MX-10, X-03, X-04).

use mta_sts::finding::{CheckId, Code, Finding, Severity};
use mta_sts::mx::{check_coverage, matches, MxHost};
use mta_sts::policy::{check_policy, Policy};
use mta_sts::Provenance;

mod support;
use support::{codes, has, mx_hosts};

fn any_match(patterns: &[&str], host: &str) -> bool {
    patterns.iter().any(|p| matches(p, host))
}

/// (vector id, patterns, host, expected). Where this crate deliberately differs from the
/// vector's RFC column the row says so: names are compared as ASCII, and a U-label never
/// equals its A-label here (policies must hold A-labels, POL-12, and the browser hands over
/// A-labels), so D09's second host, D10 and D11 do not match.
#[test]
fn section_d_vectors() {
    let rows: &[(&str, &[&str], &str, bool)] = &[
        ("D01", &["example.org"], "example.org.", true),
        ("D01b", &["foo.com"], "foo.com.", true),
        ("D02", &["example.org"], "example.org", true),
        (
            "D03",
            &["special.example.org", "*.example.org"],
            "mx0.example.org",
            true,
        ),
        ("D04", &["*.example.org"], "without-dots", false),
        (
            "D05",
            &["special.example.org", "*.example.org"],
            "special.example.org",
            true,
        ),
        (
            "D06",
            &["special.example.org", "*.example.org"],
            "mx0.special.example.org",
            false,
        ),
        (
            "D07",
            &["*.special.example.org", "*.example.org"],
            "mx0.special.example.org",
            true,
        ),
        ("D08", &["*.example.org"], "unrelated.org", false),
        ("D09a", &["\u{f1}aca.com"], "\u{f1}aca.com", true),
        (
            "D09b (ASCII-only by design; RFC column: match)",
            &["\u{f1}aca.com"],
            "\u{d1}aca.com",
            false,
        ),
        (
            "D10 (ASCII-only by design; RFC column: match)",
            &["\u{d1}aca.com"],
            "\u{f1}aca.com",
            false,
        ),
        (
            "D11 (A-label vs U-label; RFC column: match)",
            &["x.xn--aca-6ma.com"],
            "x.\u{f1}aca.com",
            false,
        ),
        (
            "D11b (A-labels on both sides)",
            &["x.xn--aca-6ma.com"],
            "X.XN--ACA-6MA.COM.",
            true,
        ),
        ("D12", &["x.xn--aca-6ma.com"], "x.naca.com", false),
        ("D13", &["xn-9999999999a.org"], "example.org", false),
        ("D14a", &["a.example", "*.b.example"], "a.example", true),
        ("D14b", &["a.example", "*.b.example"], "sub.b.example", true),
        ("D15a", &["a.example", "*.b.example"], "b.example", false),
        (
            "D15b",
            &["a.example", "*.b.example"],
            "sub.sub.b.example",
            false,
        ),
        ("D15c", &["a.example", "*.b.example"], "other", false),
        ("D16", &["foo.com"], "bar.com", false),
        ("D17", &["*.com"], "foo.com", true),
        ("D18a", &["*.example.com"], "mx.example.com", true),
        ("D18b", &["*.example.com"], "not.mx.example.com", false),
        ("D18c", &["*.example.com"], "example.com", false),
        ("D18d", &["*.example.com"], "a.b.example.com", false),
        ("D18e", &["*.example.com"], "a.attacker.com", false),
        ("D19a", &["mail.example.com"], "Mail.Example.COM", true),
        ("D19b", &["MAIL.EXAMPLE.COM"], "mail.example.com", true),
        (
            "D20 (pattern with a dot is invalid and matches nothing)",
            &["mail.example.com."],
            "mail.example.com",
            false,
        ),
        ("D20b", &["mail.example.com."], "mail.example.com.", false),
        (
            "D21a",
            &["backup.example", "*.example.com"],
            "backup.example",
            true,
        ),
        (
            "D21b",
            &["backup.example", "*.example.com"],
            "any.example.com",
            true,
        ),
        (
            "D21c",
            &["backup.example", "*.example.com"],
            "evil.com",
            false,
        ),
        ("D22", &["mail.example.com"], "rogue.example.com", false),
        (
            "D23a",
            &["*.mimecast.com"],
            "service-alpha-inbound-a.mimecast.com",
            true,
        ),
        ("D23b", &["*.mimecast.com"], "mimecast.net", false),
        ("D24a", &["mail.example.com"], "mail.example.com", true),
        ("D24b", &["*.example.com"], "mail.example.com", true),
        ("D25", &["*.example.com"], "mail.other.com", false),
        ("D26", &["*.example.com"], "a.b.example.com", false),
        (
            "D27",
            &["mail.example.com"],
            "mail.example.com.evil.net",
            false,
        ),
        ("D28", &["*.mimecast.com"], "xmimecast.com", false),
        ("D29", &["*.google.com"], "aspmx.l.google.com", false),
        (
            "D30",
            &["*.mx.microsoft"],
            "contoso-com.p-v1.mx.microsoft",
            false,
        ),
        (
            "D31a",
            &["gmail-smtp-in.l.google.com", "*.gmail-smtp-in.l.google.com"],
            "alt4.gmail-smtp-in.l.google.com",
            true,
        ),
        (
            "D31b",
            &["gmail-smtp-in.l.google.com", "*.gmail-smtp-in.l.google.com"],
            "alt4.gmail-smtp-in.l.zoogle.com",
            false,
        ),
        // Own edge cases.
        ("M-empty-host", &["*.example.com"], "", false),
        ("M-root-host", &["example.com"], ".", false),
        ("M-two-dots", &["example.com"], "example.com..", false),
        ("M-empty-label", &["*.example.com"], ".example.com", false),
        ("M-bare-star", &["*"], "example", false),
        ("M-star-dot", &["*."], "a.", false),
        ("M-star-host", &["*.example.com"], "*.example.com", true),
    ];
    for (id, patterns, host, want) in rows {
        assert_eq!(
            any_match(patterns, host),
            *want,
            "{id}: {patterns:?} vs {host:?}"
        );
    }
}

fn policy(body: &str) -> Policy {
    check_policy(body.as_bytes(), &Provenance::Pasted).policy
}

fn of(findings: &[Finding], sev: Severity) -> Vec<&Finding> {
    findings.iter().filter(|f| f.severity == sev).collect()
}

/// Whether the finding's evidence shows this text (an MX host, a policy line) verbatim.
fn shows(f: &Finding, text: &str) -> bool {
    f.evidence.iter().any(|e| e.text == text)
}

const GOOGLE: &[(u16, &str)] = &[
    (1, "aspmx.l.google.com."),
    (5, "alt1.aspmx.l.google.com."),
    (5, "alt2.aspmx.l.google.com."),
    (10, "alt3.aspmx.l.google.com."),
    (10, "alt4.aspmx.l.google.com."),
];

/// Every finding carries the mx-coverage id, and any paste is a valid policy.
fn sound(id: &str, findings: &[Finding]) {
    assert!(!findings.is_empty(), "{id}: no findings");
    for f in findings {
        assert_eq!(f.check, CheckId::MxCoverage, "{id}");
        assert!(!f.title.contains('!'), "{id}");
        if let Some(p) = f.fix.as_ref().and_then(|x| x.paste.as_ref()) {
            assert!(policy(p).valid, "{id}: paste {p:?}");
        }
    }
}

#[test]
fn d29_wildcard_covers_one_label_only() {
    let p = policy("version: STSv1\nmode: enforce\nmx: *.google.com\nmax_age: 604800\n");
    let f = check_coverage("rajayoga8.com", &p, &mx_hosts(GOOGLE));
    sound("D29", &f);
    let fails = of(&f, Severity::Fail);
    assert_eq!(fails.len(), 5, "every Google MX is uncovered");
    assert!(fails.iter().all(|f| f.code == Code::MxCoverageUncovered));
    let alt1 = fails
        .iter()
        .find(|f| shows(f, "alt1.aspmx.l.google.com."))
        .unwrap();
    // Pins wording on purpose (issue 13): the uncovered-host finding in enforce mode is the
    // one that tells people their mail will be refused. Other tests find findings by code.
    assert_eq!(
        alt1.title,
        "Mail to alt1.aspmx.l.google.com will be refused by senders that enforce your policy."
    );
    assert!(alt1.detail.contains("A wildcard covers exactly one label"));
    assert!(alt1.detail.contains("`*.google.com`"));
    assert_eq!(alt1.evidence[0].label, "MX 5");
    assert_eq!(alt1.evidence[0].text, "alt1.aspmx.l.google.com.");
    assert_eq!(alt1.evidence[1].label, "policy line 3");
    assert_eq!(alt1.evidence[1].text, "mx: *.google.com");
    let fix = alt1.fix.as_ref().unwrap();
    assert!(fix
        .action
        .contains("`mx: aspmx.l.google.com` and `mx: *.aspmx.l.google.com`"));
    assert!(fix.action.contains("change the id"));
    assert_eq!(
        fix.paste.as_deref(),
        Some("version: STSv1\nmode: enforce\nmx: *.google.com\nmx: aspmx.l.google.com\nmx: *.aspmx.l.google.com\nmax_age: 604800\n")
    );
    // The stale wildcard is noted.
    assert!(of(&f, Severity::Info)
        .iter()
        .any(|f| f.code == Code::MxCoverageStale && shows(f, "mx: *.google.com")));
}

#[test]
fn d30_microsoft_tenant_hosts() {
    let p = policy("version: STSv1\nmode: testing\nmx: *.mx.microsoft\nmax_age: 86400");
    let f = check_coverage(
        "authninja.example",
        &p,
        &mx_hosts(&[(0, "contoso-com.p-v1.mx.microsoft.")]),
    );
    sound("D30", &f);
    let w = of(&f, Severity::Warn);
    assert_eq!(w.len(), 1);
    assert_eq!(w[0].code, Code::MxCoverageUncovered);
    // No code tells the Microsoft tenant case apart: only the explanation names it.
    assert!(
        w[0].detail.contains("`<tenant>.<region>-v1.mx.microsoft`"),
        "{}",
        w[0].detail
    );
    assert_eq!(
        w[0].fix.as_ref().unwrap().paste.as_deref(),
        Some("version: STSv1\nmode: testing\nmx: *.mx.microsoft\nmx: contoso-com.p-v1.mx.microsoft\nmax_age: 86400\n")
    );
}

/// D21/D22: enforce lists each uncovered host; testing warns; none notes.
#[test]
fn severity_follows_the_mode() {
    let hosts = mx_hosts(&[
        (10, "backup.example."),
        (20, "any.example.com."),
        (30, "evil.com."),
    ]);
    let cases: &[(&str, &str, Severity)] = &[
        ("D21 enforce", "enforce", Severity::Fail),
        ("D22 testing", "testing", Severity::Warn),
        ("none", "none", Severity::Info),
    ];
    for (id, mode, want) in cases {
        let p = policy(&format!(
            "version: STSv1\nmode: {mode}\nmx: backup.example\nmx: *.example.com\nmax_age: 604800\n"
        ));
        let f = check_coverage("example.com", &p, &hosts);
        sound(id, &f);
        let uncovered: Vec<_> = f
            .iter()
            .filter(|f| f.code == Code::MxCoverageUncovered)
            .collect();
        assert_eq!(uncovered.len(), 1, "{id}: {:?}", codes(&f));
        assert!(shows(uncovered[0], "evil.com."), "{id}");
        assert!(!shows(uncovered[0], "backup.example."), "{id}");
        assert_eq!(uncovered[0].severity, *want, "{id}");
    }
    // A policy whose mode could not be read: still warned.
    let p = policy("version: STSv1\nmode: enforced\nmx: a.example\nmax_age: 604800\n");
    let f = check_coverage("example.com", &p, &mx_hosts(&[(10, "b.example.")]));
    assert_eq!(of(&f, Severity::Warn).len(), 1);
    assert!(has(&f, Code::MxCoverageUncovered, Severity::Warn));
}

#[test]
fn all_covered_passes() {
    let p = policy("version: STSv1\nmode: enforce\nmx: aspmx.l.google.com\nmx: *.aspmx.l.google.com\nmax_age: 604800\n");
    let f = check_coverage("example.com", &p, &mx_hosts(GOOGLE));
    sound("pass", &f);
    assert_eq!(f.len(), 1);
    assert_eq!(
        (f[0].code, f[0].severity),
        (Code::MxCoverageCovered, Severity::Pass)
    );
    assert_eq!(f[0].evidence.len(), 7, "5 MX hosts and 2 policy lines");
    let one = check_coverage("example.com", &p, &mx_hosts(&[(10, "ASPMX.L.Google.com.")]));
    assert_eq!(one[0].code, Code::MxCoverageCovered);
    // The host name, lower-cased and without its dot, is data.
    assert!(
        one[0].title.contains("aspmx.l.google.com"),
        "{}",
        one[0].title
    );
}

#[test]
fn null_and_implicit_mx() {
    let p = policy("version: STSv1\nmode: enforce\nmx: mail.example.com\nmax_age: 604800\n");
    // MX-10: null MX.
    let f = check_coverage("example.com", &p, &mx_hosts(&[(0, ".")]));
    sound("null", &f);
    assert_eq!(f.len(), 1);
    assert_eq!(
        (f[0].code, f[0].severity),
        (Code::MxCoverageNullMx, Severity::Info)
    );
    // No MX at all: the domain itself is the MX.
    let f = check_coverage("Example.COM.", &p, &[]);
    sound("implicit", &f);
    assert!(
        has(&f, Code::MxCoverageImplicitMx, Severity::Info),
        "{:?}",
        codes(&f)
    );
    let fail = of(&f, Severity::Fail);
    assert_eq!(fail.len(), 1);
    assert_eq!(fail[0].code, Code::MxCoverageUncovered);
    assert_eq!(fail[0].evidence[0].label, "implicit MX");
    assert_eq!(fail[0].evidence[0].text, "example.com");
    let q = policy("version: STSv1\nmode: enforce\nmx: example.com\nmax_age: 604800\n");
    let f = check_coverage("example.com", &q, &[]);
    assert!(of(&f, Severity::Pass).len() == 1);
}

#[test]
fn stale_patterns_and_own_domain_wildcard() {
    // X-04 with a template placeholder.
    let p = policy("version: STSv1\nmode: enforce\nmx: mail.real.example\nmx: mx1.example.com\nmax_age: 604800\n");
    let f = check_coverage("real.example", &p, &mx_hosts(&[(10, "mail.real.example.")]));
    sound("stale", &f);
    let info = of(&f, Severity::Info);
    assert_eq!(info.len(), 1);
    assert_eq!(info[0].code, Code::MxCoverageStale);
    // No code tells a template placeholder from other stale patterns: only the detail says so.
    assert!(info[0].detail.contains("placeholder"));
    assert_eq!(info[0].evidence[0].text, "mx: mx1.example.com");
    assert_eq!(of(&f, Severity::Pass).len(), 1);
    // Thousands of stale lines (a hostile or generated policy): the finding stays readable.
    let mut text =
        String::from("version: STSv1\nmode: enforce\nmax_age: 604800\nmx: mail.real.example\n");
    for i in 0..2000 {
        text.push_str(&format!("mx: old{i}.real.example\n"));
    }
    let f = check_coverage(
        "real.example",
        &policy(&text),
        &mx_hosts(&[(10, "mail.real.example.")]),
    );
    let info = of(&f, Severity::Info);
    assert_eq!(info.len(), 1);
    assert_eq!(info[0].code, Code::MxCoverageStale);
    assert!(info[0].title.len() < 300, "{}", info[0].title);
    assert_eq!(info[0].evidence.len(), 21);
    assert_eq!(info[0].evidence[0].text, "mx: old0.real.example");
    assert_eq!(info[0].evidence[20].text, "1980 more stale mx lines");
    // MX-09: a wildcard over the policy domain itself.
    let p = policy("version: STSv1\r\nmode: enforce\r\nmx: *.hashimgroups.com\r\nmax_age: 604800");
    let f = check_coverage(
        "hashimgroups.com",
        &p,
        &mx_hosts(&[(0, "mail.hashimgroups.com.")]),
    );
    sound("own", &f);
    let w = of(&f, Severity::Warn);
    assert_eq!(w.len(), 1);
    assert_eq!(w[0].code, Code::MxCoverageOwnDomainWildcard);
    assert_eq!(w[0].reference.as_ref().unwrap().label, "RFC 8461 §10.4");
    assert_eq!(
        w[0].fix.as_ref().unwrap().paste.as_deref(),
        Some("version: STSv1\nmode: enforce\nmx: mail.hashimgroups.com\nmax_age: 604800\n")
    );
}

#[test]
fn every_uncovered_host_is_listed_with_one_paste() {
    // berget-ai: alt3 and alt4 are missing.
    let p = policy("version: STSv1\nmode: enforce\nmx: aspmx.l.google.com\nmx: alt1.aspmx.l.google.com\nmx: alt2.aspmx.l.google.com\nmax_age: 86400\n");
    let f = check_coverage("berget.ai", &p, &mx_hosts(GOOGLE));
    sound("berget", &f);
    let fails = of(&f, Severity::Fail);
    let hosts: Vec<(Code, &str)> = fails
        .iter()
        .map(|f| (f.code, f.evidence[0].text.as_str()))
        .collect();
    assert_eq!(
        hosts,
        vec![
            (Code::MxCoverageUncovered, "alt3.aspmx.l.google.com."),
            (Code::MxCoverageUncovered, "alt4.aspmx.l.google.com."),
        ]
    );
    for f in &fails {
        assert_eq!(
            f.fix.as_ref().unwrap().paste.as_deref(),
            Some("version: STSv1\nmode: enforce\nmx: aspmx.l.google.com\nmx: alt1.aspmx.l.google.com\nmx: alt2.aspmx.l.google.com\nmx: *.aspmx.l.google.com\nmax_age: 86400\n")
        );
    }
}

/// A hostile MX answer of thousands of hosts gives one finding with a bounded evidence list,
/// not one finding (each with the whole corrected policy) per host.
#[test]
fn thousands_of_uncovered_hosts_stay_one_bounded_finding() {
    let policy = mta_sts::policy::check_policy(
        b"version: STSv1\nmode: enforce\nmx: mx1.example.com\nmax_age: 86400\n",
        &mta_sts::finding::Provenance::Fetched,
    )
    .policy;
    let mx: Vec<MxHost> = (0..3000)
        .map(|i| MxHost {
            preference: 10,
            exchange: format!("h{i}.other{i}.example.net."),
        })
        .collect();
    let start = std::time::Instant::now();
    let findings = check_coverage("example.com", &policy, &mx);
    assert!(start.elapsed().as_secs() < 2, "took {:?}", start.elapsed());
    let uncovered: Vec<_> = findings
        .iter()
        .filter(|f| f.severity == Severity::Fail)
        .collect();
    assert_eq!(uncovered.len(), 1);
    assert_eq!(uncovered[0].code, Code::MxCoverageUncovered);
    assert_eq!(uncovered[0].evidence.len(), 21);
    assert_eq!(uncovered[0].evidence[20].text, "2980 more MX hosts");
    // Five or fewer still get a finding each.
    let few = check_coverage("example.com", &policy, &mx[..5]);
    assert_eq!(
        few.iter().filter(|f| f.severity == Severity::Fail).count(),
        5
    );
}
