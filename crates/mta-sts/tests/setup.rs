//! The set-up assistant's engine: the `mx` patterns it chooses for real MX layouts, the exact
//! texts it writes, and that those texts pass the engine's own lint for every layout, every
//! mode and every offered max_age, and for arbitrary MX sets.

mod support;

use mta_sts::finding::{CheckId, Finding, Severity};
use mta_sts::lookup::{policy_url, RecordType, NO_PROBER};
use mta_sts::mx::{matches, MxHost};
use mta_sts::pipeline::{run, Observations};
use mta_sts::policy::{check_mx_pattern, human_duration, Mode};
use mta_sts::report::lint::{lint_mx, lint_policy, lint_sts_record, lint_tlsrpt_record};
use mta_sts::setup::{
    existing, generate, max_age_choices, mx_list_text, parse_mx_list, suggest_mx_patterns,
    zone_file_txt, Found, SetupChoices,
};
use proptest::prelude::*;
use support::*;

/// 2026-11-29T07:15:00Z.
const NOW: u64 = 1_795_936_500;

fn choices(mode: Mode, max_age: u64) -> SetupChoices {
    SetupChoices {
        mode,
        max_age,
        rua: Vec::new(),
    }
}

const GOOGLE: &[(u16, &str)] = &[
    (1, "aspmx.l.google.com."),
    (5, "alt1.aspmx.l.google.com."),
    (5, "alt2.aspmx.l.google.com."),
    (10, "alt3.aspmx.l.google.com."),
    (10, "alt4.aspmx.l.google.com."),
];
const MICROSOFT: &[(u16, &str)] = &[
    (0, "example-com.mail.protection.outlook.com."),
    (10, "example-com.p-v1.mx.microsoft."),
];

/// (what, policy domain, MX set, the mx patterns expected in order).
fn layouts() -> Vec<(&'static str, &'static str, Vec<MxHost>, Vec<&'static str>)> {
    vec![
        (
            "a single host",
            "example.com",
            mx_hosts(&[(10, "mail.example.com.")]),
            vec!["mail.example.com"],
        ),
        (
            "two own hosts: never *.example.com (RFC 8461 §10.4)",
            "example.com",
            mx_hosts(&[(10, "mx1.example.com."), (20, "mx2.example.com.")]),
            vec!["mx1.example.com", "mx2.example.com"],
        ),
        (
            "Google: the primary by name, its backups one label below it (MX-04, MX-05)",
            "example.com",
            mx_hosts(GOOGLE),
            vec!["aspmx.l.google.com", "*.aspmx.l.google.com"],
        ),
        (
            "Google with one backup: a wildcard for one host would widen nothing",
            "example.com",
            mx_hosts(&[(1, "aspmx.l.google.com."), (5, "alt1.aspmx.l.google.com.")]),
            vec!["aspmx.l.google.com", "alt1.aspmx.l.google.com"],
        ),
        (
            "Microsoft 365, old and new host: each by name, never *.mx.microsoft (MX-05)",
            "example.com",
            mx_hosts(MICROSOFT),
            vec![
                "example-com.mail.protection.outlook.com",
                "example-com.p-v1.mx.microsoft",
            ],
        ),
        (
            "two hosts in the same Exchange Online region",
            "example.com",
            mx_hosts(&[
                (10, "example-com.p-v1.mx.microsoft."),
                (20, "example-net.p-v1.mx.microsoft."),
            ]),
            vec!["*.p-v1.mx.microsoft"],
        ),
        (
            "mixed: an own host first, then a provider's pair",
            "example.com",
            mx_hosts(&[
                (20, "mx2.provider.net."),
                (10, "mail.example.com."),
                (20, "mx1.provider.net."),
            ]),
            vec!["mail.example.com", "*.provider.net"],
        ),
        (
            "mixed: own host, Google and Microsoft",
            "example.com",
            mx_hosts(&[
                (50, "backup.example.com."),
                (1, "aspmx.l.google.com."),
                (5, "alt1.aspmx.l.google.com."),
                (5, "alt2.aspmx.l.google.com."),
                (30, "example-com.mail.protection.outlook.com."),
            ]),
            vec![
                "aspmx.l.google.com",
                "*.aspmx.l.google.com",
                "example-com.mail.protection.outlook.com",
                "backup.example.com",
            ],
        ),
        (
            "Cloudflare Email Routing",
            "example.com",
            mx_hosts(&[
                (13, "route1.mx.cloudflare.net."),
                (86, "route2.mx.cloudflare.net."),
                (24, "route3.mx.cloudflare.net."),
            ]),
            vec!["*.mx.cloudflare.net"],
        ),
        (
            "hosts of a sub-zone of the policy domain may share a wildcard",
            "example.com",
            mx_hosts(&[(10, "in1.mx.example.com."), (10, "in2.mx.example.com.")]),
            vec!["*.mx.example.com"],
        ),
        (
            "a sub-domain whose MX hosts sit in its parent: *.example.com would match the policy domain",
            "mail.example.com",
            mx_hosts(&[(10, "a.example.com."), (20, "b.example.com.")]),
            vec!["a.example.com", "b.example.com"],
        ),
        (
            "hosts directly under a top-level domain: never *.io",
            "example.com",
            mx_hosts(&[(10, "mxa.io."), (20, "mxb.io.")]),
            vec!["mxa.io", "mxb.io"],
        ),
        (
            "hosts directly under a public suffix: never *.co.uk",
            "example.com",
            mx_hosts(&[(10, "mxa.co.uk."), (20, "mxb.co.uk.")]),
            vec!["mxa.co.uk", "mxb.co.uk"],
        ),
        (
            "case, trailing dots and repeats are one host",
            "example.com",
            mx_hosts(&[(20, "MAIL.Example.COM."), (10, "mail.example.com")]),
            vec!["mail.example.com"],
        ),
        (
            "no MX: the domain is its own MX (RFC 5321 §5.1)",
            "example.com",
            Vec::new(),
            vec!["example.com"],
        ),
    ]
}

#[test]
fn hosts_no_pattern_can_name_are_left_out_with_a_note() {
    let mx = mx_hosts(&[
        (10, "mail.example.com."),
        (20, "mx_2.example.com."),
        (30, "192.0.2.1"),
    ]);
    let got: Vec<String> = suggest_mx_patterns("example.com", &mx)
        .into_iter()
        .map(|s| s.pattern)
        .collect();
    assert_eq!(got, ["mail.example.com"]);
    let t = generate("example.com", &mx, &choices(Mode::Testing, 604_800), NOW);
    assert!(
        t.notes
            .iter()
            .any(|n| n.contains("`mx_2.example.com` cannot be named")),
        "{:?}",
        t.notes
    );
    assert!(
        t.notes
            .iter()
            .any(|n| n.contains("`192.0.2.1` cannot be named")),
        "{:?}",
        t.notes
    );
    assert_clean(&lint_policy(t.policy.as_bytes()), "policy");
    // Only hosts without a valid name: a none policy, which needs no mx line.
    let t = generate(
        "example.com",
        &mx[1..],
        &choices(Mode::Enforce, 604_800),
        NOW,
    );
    assert_eq!(t.policy, "version: STSv1\nmode: none\nmax_age: 604800\n");
}

#[test]
fn patterns_for_known_layouts() {
    for (what, domain, mx, want) in layouts() {
        let got: Vec<String> = suggest_mx_patterns(domain, &mx)
            .into_iter()
            .map(|s| s.pattern)
            .collect();
        assert_eq!(got, want, "{what}");
    }
}

#[test]
fn each_pattern_says_why() {
    let google = suggest_mx_patterns("example.com", &mx_hosts(GOOGLE));
    assert_eq!(
        google[1].covers,
        [
            "alt1.aspmx.l.google.com",
            "alt2.aspmx.l.google.com",
            "alt3.aspmx.l.google.com",
            "alt4.aspmx.l.google.com"
        ]
    );
    assert!(
        google[1].why.contains("`*.google.com` would cover none"),
        "{}",
        google[1].why
    );
    assert!(
        google[0]
            .why
            .contains("`*.aspmx.l.google.com` does not cover `aspmx.l.google.com` itself"),
        "{}",
        google[0].why
    );
    let microsoft = suggest_mx_patterns("example.com", &mx_hosts(MICROSOFT));
    assert!(
        microsoft[1]
            .why
            .contains("`*.mx.microsoft` does not cover it"),
        "{}",
        microsoft[1].why
    );
    assert!(
        microsoft[0].why.contains("`*.mail.protection.outlook.com`"),
        "{}",
        microsoft[0].why
    );
    let own = suggest_mx_patterns(
        "example.com",
        &mx_hosts(&[(10, "a.example.com"), (20, "b.example.com")]),
    );
    assert!(own[0].why.contains("RFC 8461 §10.4"), "{}", own[0].why);
    for s in google.iter().chain(&microsoft).chain(&own) {
        assert!(
            !s.why.is_empty() && s.why.matches('`').count() % 2 == 0,
            "{s:?}"
        );
    }
}

#[test]
fn null_mx_gives_no_patterns_and_a_none_policy() {
    let null = mx_hosts(&[(0, ".")]);
    assert!(suggest_mx_patterns("example.com", &null).is_empty());
    let texts = generate("example.com", &null, &choices(Mode::Testing, 604_800), NOW);
    assert_eq!(
        texts.policy,
        "version: STSv1\nmode: none\nmax_age: 604800\n"
    );
    assert!(
        texts.notes.iter().any(|n| n.contains("null MX")),
        "{:?}",
        texts.notes
    );
    assert_no_fail(&lint_policy(texts.policy.as_bytes()), "null MX policy");
}

#[test]
fn exact_texts_for_a_single_host() {
    let mx = mx_hosts(&[(10, "mail.example.com.")]);
    let t = generate("example.com", &mx, &choices(Mode::Testing, 604_800), NOW);
    assert_eq!(t.sts_record, "v=STSv1; id=20261129T071500Z");
    assert_eq!(
        t.policy,
        "version: STSv1\nmode: testing\nmx: mail.example.com\nmax_age: 604800\n"
    );
    assert_eq!(t.tlsrpt_record, "v=TLSRPTv1; rua=mailto:tlsrpt@example.com");

    let google = generate(
        "example.com",
        &mx_hosts(GOOGLE),
        &SetupChoices {
            mode: Mode::Enforce,
            max_age: 1_209_600,
            rua: vec![
                "mailto:tls@example.com".into(),
                "https://tlsrpt.example.net/v1".into(),
            ],
        },
        NOW + 1,
    );
    assert_eq!(google.sts_record, "v=STSv1; id=20261129T071501Z");
    assert_eq!(
        google.policy,
        "version: STSv1\nmode: enforce\nmx: aspmx.l.google.com\nmx: *.aspmx.l.google.com\nmax_age: 1209600\n"
    );
    assert_eq!(
        google.tlsrpt_record,
        "v=TLSRPTv1; rua=mailto:tls@example.com,https://tlsrpt.example.net/v1"
    );
}

#[test]
fn report_addresses() {
    // (typed, rua published, a note mentions) — RPT-04, RPT-05, RPT-06
    let cases: &[(&[&str], &str, Option<&str>)] = &[
        (
            &[],
            "mailto:tlsrpt@example.com",
            Some("create that mailbox"),
        ),
        (
            &["tls@example.com"],
            "mailto:tls@example.com",
            Some("`mailto:tls@example.com`"),
        ),
        (
            &["mailto:a@example.com, https://r.example.net/v1"],
            "mailto:a@example.com,https://r.example.net/v1",
            None,
        ),
        (
            &["mailto:a@example.com; mailto:a@example.com"],
            "mailto:a@example.com",
            None,
        ),
        (
            &["http://r.example.net/"],
            "mailto:tlsrpt@example.com",
            Some("`http://r.example.net/`: use https:"),
        ),
        (
            &["mailto:a@example.com!10m"],
            "mailto:tlsrpt@example.com",
            Some("left out of the TLS-RPT record"),
        ),
        (
            &["mailto:nobody"],
            "mailto:tlsrpt@example.com",
            Some("left out of the TLS-RPT record"),
        ),
        (
            &["https://reports/"],
            "mailto:tlsrpt@example.com",
            Some("left out of the TLS-RPT record"),
        ),
        (&["  ", ""], "mailto:tlsrpt@example.com", None),
    ];
    let mx = mx_hosts(&[(10, "mail.example.com.")]);
    for (typed, want, note) in cases {
        let c = SetupChoices {
            mode: Mode::Testing,
            max_age: 604_800,
            rua: typed.iter().map(|s| (*s).to_owned()).collect(),
        };
        let t = generate("example.com", &mx, &c, NOW);
        assert_eq!(
            t.tlsrpt_record,
            format!("v=TLSRPTv1; rua={want}"),
            "{typed:?}"
        );
        if let Some(n) = note {
            assert!(
                t.notes.iter().any(|x| x.contains(n)),
                "{typed:?}: {:?}",
                t.notes
            );
        }
        assert_clean(
            &lint_tlsrpt_record("example.com", &t.tlsrpt_record),
            "tlsrpt",
        );
    }
}

#[test]
fn max_age_is_capped_and_labelled() {
    let mx = mx_hosts(&[(10, "mail.example.com.")]);
    let t = generate("example.com", &mx, &choices(Mode::Enforce, u64::MAX), NOW);
    assert!(t.policy.ends_with("max_age: 31557600\n"), "{}", t.policy);
    assert!(t.notes.iter().any(|n| n.contains("at most 31557600")));
    let labels: Vec<String> = max_age_choices()
        .iter()
        .map(|(s, _)| human_duration(*s))
        .collect();
    assert_eq!(labels, ["1 day", "1 week", "2 weeks", "4 weeks", "1 year"]);
    assert_eq!(human_duration(3600), "1 hour");
    assert_eq!(human_duration(90), "90 seconds");
    // Rounded to the nearest unit; no overflow at the top of the range.
    assert_eq!(human_duration(86_400 + 43_201), "about 2 days");
    assert_eq!(human_duration(86_400 + 43_199), "about 1 day");
    assert_eq!(human_duration(3_600 + 1_799), "about 1 hour");
    assert_eq!(human_duration(3_600 + 1_801), "about 2 hours");
    assert!(human_duration(u64::MAX).starts_with("about "));
    for (seconds, meaning) in max_age_choices() {
        assert!(*seconds <= 31_557_600 && meaning.contains("Senders keep the policy"));
    }
}

#[test]
fn mx_lists_as_typed() {
    // (typed, hosts read) — one per line, commas, preferences, a null MX
    let cases: &[(&str, &[(u16, &str)])] = &[
        ("", &[]),
        ("mail.example.com", &[(10, "mail.example.com")]),
        (
            "a.example.com\nb.example.com.",
            &[(10, "a.example.com"), (20, "b.example.com.")],
        ),
        (
            "5 a.example.com, 7 b.example.com",
            &[(5, "a.example.com"), (7, "b.example.com")],
        ),
        ("99999 a.example.com", &[(10, "a.example.com")]),
        (".", &[(10, ".")]),
    ];
    for (typed, want) in cases {
        assert_eq!(parse_mx_list(typed), mx_hosts(want), "{typed:?}");
    }
    let google = mx_hosts(GOOGLE);
    let text = mx_list_text(&google);
    assert_eq!(text.lines().next(), Some("aspmx.l.google.com"));
    let back: Vec<String> = parse_mx_list(&text)
        .into_iter()
        .map(|h| h.exchange)
        .collect();
    let names: Vec<String> = google
        .iter()
        .map(|h| h.exchange.trim_end_matches('.').to_owned())
        .collect();
    assert_eq!(back, names);
    assert_eq!(mx_list_text(&mx_hosts(&[(0, ".")])), ".");
}

#[test]
fn zone_file_lines_read_back_as_the_record() {
    // (value, line) — TXT-05: strings of at most 255 bytes, joined with nothing between them
    let long = format!(
        "v=TLSRPTv1; rua={}",
        (0..15)
            .map(|i| format!("mailto:r{i}@example.com"))
            .collect::<Vec<_>>()
            .join(",")
    );
    assert!((256..=510).contains(&long.len()));
    let cases: Vec<(String, String)> = vec![
        (
            "v=STSv1; id=1".into(),
            "_mta-sts.example.com. 3600 IN TXT \"v=STSv1; id=1\"".into(),
        ),
        (
            "a\"b\\c".into(),
            "x.example. 3600 IN TXT \"a\\\"b\\\\c\"".into(),
        ),
        ("".into(), "x.example. 3600 IN TXT \"\"".into()),
        (
            long.clone(),
            format!(
                "_smtp._tls.example.com. 3600 IN TXT \"{}\" \"{}\"",
                &long[..255],
                &long[255..]
            ),
        ),
    ];
    for (value, want) in &cases {
        let owner = want.split(". ").next().unwrap_or_default();
        assert_eq!(&zone_file_txt(owner, value), want);
    }
    let line = zone_file_txt("_smtp._tls.example.com.", &long);
    let quoted = line.split_once(" TXT ").map(|(_, q)| q).unwrap_or_default();
    let findings = lint_tlsrpt_record("example.com", quoted);
    assert!(
        findings
            .iter()
            .any(|f| f.evidence.iter().any(|e| e.text == long)),
        "{findings:?}"
    );
    assert_no_fail(&findings, "zone file");
}

fn assert_no_fail(findings: &[Finding], what: &str) {
    let bad: Vec<_> = findings
        .iter()
        .filter(|f| f.severity == Severity::Fail)
        .map(|f| (f.code, f.severity))
        .collect();
    assert!(bad.is_empty(), "{what}: {bad:?}");
}

/// No fail, and no warn but the one testing mode always gets.
fn assert_clean(findings: &[Finding], what: &str) {
    assert_no_fail(findings, what);
    let warned: Vec<_> = findings
        .iter()
        .filter(|f| f.severity == Severity::Warn && f.check != CheckId::PolicyMode)
        .map(|f| (f.code, f.severity))
        .collect();
    assert!(warned.is_empty(), "{what}: {warned:?}");
}

/// Every generated text through the lint, as `mta-sts lint` would run it.
fn lint_all(domain: &str, mx: &[MxHost], mode: Mode, max_age: u64) {
    let t = generate(domain, mx, &choices(mode, max_age), NOW);
    let what = format!("{domain} {mx:?} {mode:?} {max_age}");
    assert_clean(&lint_sts_record(domain, &t.sts_record), &what);
    assert_clean(&lint_tlsrpt_record(domain, &t.tlsrpt_record), &what);
    let policy = lint_policy(t.policy.as_bytes());
    assert_clean(&policy, &what);
    let mode_warns = policy
        .iter()
        .any(|f| f.check == CheckId::PolicyMode && f.severity == Severity::Warn);
    assert_eq!(mode_warns, mode == Mode::Testing, "{what}: {}", t.policy);
    assert_clean(&lint_mx(domain, t.policy.as_bytes(), mx), &what);
    assert!(t.policy.starts_with("version: STSv1\n") && t.policy.ends_with('\n'));
    assert!(!t.policy.contains('\r') && !t.policy.contains("\n\n"));
}

#[test]
fn generated_texts_pass_the_lint_for_every_layout_mode_and_max_age() {
    for (_, domain, mx, _) in layouts() {
        for mode in [Mode::Testing, Mode::Enforce] {
            for (max_age, _) in max_age_choices() {
                lint_all(domain, &mx, mode, *max_age);
            }
        }
    }
}

#[test]
fn existing_records_prefill_the_assistant() {
    const D: &str = "example.com";
    let resolver = FakeResolver::new("Fake")
        .with(txt("_mta-sts.example.com", &["v=STSv1; id=20240101"]))
        .with(mx(D, &[(20, "mx2.example.com."), (10, "mx1.example.com.")]))
        .with(txt(
            "_smtp._tls.example.com",
            &["v=TLSRPTv1; rua=mailto:a@example.com,https://r.example.net/v1"],
        ));
    let policy = "version: STSv1\nmode: enforce\nmx: mx1.example.com\nmx: mx2.example.com\nmax_age: 2419200\n";
    let fetcher = FakeFetcher::new().with(policy_ok(&policy_url(D), policy));
    let mut first: Option<Observations> = None;
    let obs = block_on(run(D, &resolver, &fetcher, NO_PROBER, &|| 0, |o| {
        first.get_or_insert_with(|| o.clone());
    }));

    let pending = existing(&first.unwrap_or_default());
    assert!(pending.mx.is_pending() && pending.sts_records.is_pending());

    let e = existing(&obs);
    assert_eq!(
        e.mx,
        Found::Answered(mx_hosts(&[
            (10, "mx1.example.com."),
            (20, "mx2.example.com.")
        ]))
    );
    assert_eq!(
        e.sts_records,
        Found::Answered(vec!["v=STSv1; id=20240101".to_owned()])
    );
    assert_eq!(e.rua, ["mailto:a@example.com", "https://r.example.net/v1"]);
    assert_eq!((e.mode, e.max_age), (Some(Mode::Enforce), Some(2_419_200)));
    assert_eq!(e.policy.as_deref(), Some(policy));
}

#[test]
fn failed_and_missing_lookups_say_so() {
    const D: &str = "example.com";
    let observe = |resolver: &FakeResolver| {
        block_on(run(
            D,
            resolver,
            &FakeFetcher::new(),
            NO_PROBER,
            &|| 0,
            |_| {},
        ))
    };
    let resolver = FakeResolver::new("Fake")
        .with(servfail(D, RecordType::Mx))
        .with(nxdomain("_smtp._tls.example.com", RecordType::Txt));
    let obs = observe(&resolver);
    let e = existing(&obs);
    assert!(
        matches!(&e.mx, Found::Failed(m) if m.contains("SERVFAIL")),
        "{:?}",
        e.mx
    );
    assert_eq!(e.tlsrpt_records, Found::Answered(Vec::new()));
    assert_eq!(e.sts_records, Found::Answered(Vec::new()));
    assert!(e.rua.is_empty() && e.policy.is_none() && e.mode.is_none());

    let resolver = FakeResolver::new("Fake").with(nxdomain(D, RecordType::Mx));
    let obs = observe(&resolver);
    assert!(matches!(&existing(&obs).mx, Found::Failed(m) if m.contains("NXDOMAIN")));
}

/// A host name from parts that make wildcards tempting: shared parents, the policy domain,
/// its parent, a top-level domain, the providers of the layouts above.
fn host_strategy() -> impl Strategy<Value = String> {
    let label = prop::sample::select(vec!["a", "mx", "alt1", "alt2", "mail", "in-1", "x9"]);
    let parent = prop::sample::select(vec![
        "example.com",
        "sub.example.com",
        "mx.example.com",
        "com",
        "io",
        "provider.net",
        "mx.provider.net",
        "aspmx.l.google.com",
        "l.google.com",
        "p-v1.mx.microsoft",
        "mx.microsoft",
        "mail.protection.outlook.com",
        "co.uk",
    ]);
    (label, parent, any::<bool>(), any::<bool>()).prop_map(|(l, p, dot, upper)| {
        let name = format!("{l}.{p}{}", if dot { "." } else { "" });
        if upper {
            name.to_ascii_uppercase()
        } else {
            name
        }
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn every_mx_is_covered_and_no_wildcard_covers_the_domain(
        domain in prop::sample::select(vec!["example.com", "sub.example.com", "mx.example.com", "example.co.uk"]),
        names in prop::collection::vec(host_strategy(), 1..8),
        prefs in prop::collection::vec(0u16..100, 8),
        include_domain in any::<bool>(),
        enforce in any::<bool>(),
    ) {
        let mut mx: Vec<MxHost> = names
            .iter()
            .zip(&prefs)
            .map(|(n, p)| MxHost { preference: *p, exchange: n.clone() })
            .collect();
        if include_domain {
            mx.push(MxHost { preference: 50, exchange: domain.to_owned() });
        }
        let suggestions = suggest_mx_patterns(domain, &mx);
        for m in &mx {
            prop_assert!(
                suggestions.iter().any(|s| matches(&s.pattern, &m.exchange)),
                "{} uncovered by {:?}", m.exchange, suggestions
            );
        }
        for s in &suggestions {
            prop_assert!(check_mx_pattern(&s.pattern).is_ok(), "{}", s.pattern);
            prop_assert!(!s.covers.is_empty());
            prop_assert!(s.covers.iter().all(|c| matches(&s.pattern, c)));
            prop_assert!(mx.iter().any(|m| matches(&s.pattern, &m.exchange)), "stale {}", s.pattern);
            if s.pattern.starts_with("*.") {
                prop_assert!(!matches(&s.pattern, domain), "{} covers {}", s.pattern, domain);
                prop_assert!(s.covers.len() >= 2, "{:?}", s);
                prop_assert!(s.pattern[2..].contains('.'), "{}", s.pattern);
            }
        }
        let mode = if enforce { Mode::Enforce } else { Mode::Testing };
        lint_all(domain, &mx, mode, 1_209_600);
    }

    #[test]
    fn any_mx_input_gives_texts_without_a_fail(
        text in ".{0,120}",
        rua in ".{0,60}",
        max_age in any::<u64>(),
        secs in any::<u64>(),
        mode in prop::sample::select(vec![Mode::Testing, Mode::Enforce, Mode::None]),
    ) {
        let mx = parse_mx_list(&text);
        let c = SetupChoices { mode, max_age, rua: vec![rua] };
        let t = generate("example.com", &mx, &c, secs);
        // Whatever the domain, nothing panics (the page validates it first).
        let _ = generate(&text, &mx, &c, secs);
        assert_no_fail(&lint_sts_record("example.com", &t.sts_record), "record");
        assert_no_fail(&lint_tlsrpt_record("example.com", &t.tlsrpt_record), "tlsrpt");
        assert_no_fail(&lint_policy(t.policy.as_bytes()), &t.policy);
        let _ = mx_list_text(&mx);
    }
}
