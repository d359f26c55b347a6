//! The JSON export, written by hand (`export`, `json::PrettyWriter`), against what it
//! replaced: serde_json's `to_string_pretty` of the `Serialize` derives. Byte for byte, on the
//! reports the engine builds (the pipeline run on fakes, every real-policy fixture fetched and
//! pasted, hostile text) and on random reports and findings; each text also reads back with the
//! engine's own JSON reader (`json::parse`) to the strings that went in.

// Not every helper of the shared support module is used here.
#[allow(unused_imports)]
mod support;

use mta_sts::export::findings_json;
use mta_sts::finding::worst;
use mta_sts::json::{self, Value};
use mta_sts::lookup::{policy_url, FetchOutcome, RecordType, NO_PROBER};
use mta_sts::mx::MxHost;
use mta_sts::pipeline::{self, Observations, Request, Timing};
use mta_sts::report::{
    build_report, build_report_with_paste, lint, parse_pasted, CheckResult, NextStep, Report,
    Verdict, Way,
};
use mta_sts::{CheckId, Code, Evidence, Finding, Fix, Provenance, Reference, Severity};
use proptest::prelude::*;
use serde::Serialize;
use std::path::PathBuf;
use support::{
    a, block_on, fetched, healthy, mx, nxdomain, ok, policy_ok, servfail, signed, txt, FakeFetcher,
    FakeResolver, Log, D, ENFORCE, RECORD, TLSRPT,
};

/// Everything JSON escapes or might be tempted to: quotes, backslashes, every short escape,
/// other control characters, DEL, C1 controls, U+2028/U+2029, a bidi override, a BOM,
/// characters of two, three and four bytes, and nothing at all.
const HOSTILE: &[&str] = &[
    "",
    "\"",
    "\\",
    "\\\"",
    "\"quoted\" and \\back\\slashed\\",
    "\u{8}\u{c}\n\r\t",
    "\0\u{1}\u{1f}\u{b}\u{1b}[31mred",
    "\u{7f}\u{80}\u{9f}",
    "line\u{2028}separator\u{2029}paragraph",
    "\u{202e}txt.exe\u{feff}",
    "café ☃ 😀 𝄞",
    "/ </script> &amp; \u{0} end",
    "mode: enforce\r\n",
];

/// The text for `findings_json`, as the derives write it.
#[derive(Serialize)]
struct FindingsJson<'a> {
    severity: Severity,
    findings: &'a [Finding],
}

fn serde_findings(findings: &[Finding]) -> String {
    serde_json::to_string_pretty(&FindingsJson {
        severity: worst(findings),
        findings,
    })
    .expect("serde_json writes findings")
}

fn s(text: &str) -> Value {
    Value::String(text.to_owned())
}

/// The findings as `json::parse` reads them back: every string where it was put.
fn findings_read_back(value: &Value, findings: &[Finding]) {
    let Some(Value::Array(items)) = value.get("findings") else {
        panic!("no findings array in {value}");
    };
    assert_eq!(items.len(), findings.len());
    for (item, f) in items.iter().zip(findings) {
        assert_eq!(item.get("check"), Some(&s(f.check.as_str())));
        assert_eq!(item.get("severity"), Some(&s(f.severity.as_str())));
        assert_eq!(item.get("title"), Some(&s(&f.title)));
        assert_eq!(item.get("detail"), Some(&s(&f.detail)));
        let Some(Value::Array(evidence)) = item.get("evidence") else {
            panic!("no evidence array in {item}");
        };
        assert_eq!(evidence.len(), f.evidence.len());
        for (v, e) in evidence.iter().zip(&f.evidence) {
            assert_eq!(v.get("label"), Some(&s(&e.label)));
            assert_eq!(v.get("text"), Some(&s(&e.text)));
            assert_eq!(
                v.get("line").and_then(Value::as_u64),
                e.line.map(|n| n as u64)
            );
            let provenance = v.get("provenance");
            match &e.provenance {
                None => assert_eq!(provenance, None),
                Some(p) => {
                    let p_value = provenance.expect("provenance");
                    let (kind, key, text) = match p {
                        Provenance::Dns { resolver } => ("dns", "resolver", Some(resolver)),
                        Provenance::Fetched => ("fetched", "", None),
                        Provenance::Pasted => ("pasted", "", None),
                        Provenance::Probed => ("probed", "", None),
                        Provenance::Relayed { host } => ("relayed", "host", Some(host)),
                    };
                    assert_eq!(p_value.get("kind"), Some(&s(kind)));
                    if let Some(text) = text {
                        assert_eq!(p_value.get(key), Some(&s(text)));
                    }
                }
            }
        }
        let fix = item.get("fix");
        assert_eq!(fix.is_some(), f.fix.is_some());
        if let (Some(v), Some(fix)) = (fix, &f.fix) {
            assert_eq!(v.get("action"), Some(&s(&fix.action)));
            assert_eq!(v.get("paste"), fix.paste.as_deref().map(s).as_ref());
        }
        let reference = item.get("reference");
        assert_eq!(reference.is_some(), f.reference.is_some());
        if let (Some(v), Some(r)) = (reference, &f.reference) {
            assert_eq!(v.get("label"), Some(&s(&r.label)));
            assert_eq!(v.get("url"), r.url.as_deref().map(s).as_ref());
        }
    }
}

/// The report's JSON is serde_json's, byte for byte, and reads back to the report's strings.
fn same_as_serde(report: &Report) {
    let ours = report.to_json();
    let theirs = serde_json::to_string_pretty(report).expect("serde_json writes a report");
    assert_eq!(ours, theirs, "report of {:?}", report.domain);

    let value = json::parse(&ours).unwrap_or_else(|e| panic!("{e}: {ours}"));
    assert_eq!(value.get("domain"), Some(&s(&report.domain)));
    assert_eq!(value.get("done"), Some(&Value::Bool(report.done)));
    let or_null = |text: Option<&str>| text.map_or(Value::Null, s);
    assert_eq!(
        value.get("verdict"),
        Some(&or_null(report.verdict.map(Verdict::as_str)))
    );
    assert_eq!(value.get("summary"), Some(&s(&report.summary)));
    assert_eq!(
        value.get("policy_text"),
        Some(&or_null(report.policy_text.as_deref()))
    );
    let Some(Value::Array(checks)) = value.get("checks") else {
        panic!("no checks array");
    };
    assert_eq!(checks.len(), report.checks.len());
    for (v, c) in checks.iter().zip(&report.checks) {
        assert_eq!(v.get("id"), Some(&s(c.id.as_str())));
        assert_eq!(
            v.get("severity"),
            Some(&or_null(c.severity.map(Severity::as_str)))
        );
        findings_read_back(v, &c.findings);
    }
    let Some(Value::Array(hosts)) = value.get("mx") else {
        panic!("no mx array");
    };
    let hosts: Vec<(Option<u64>, Option<&Value>)> = hosts
        .iter()
        .map(|h| {
            (
                h.get("preference").and_then(Value::as_u64),
                h.get("exchange"),
            )
        })
        .collect();
    let want: Vec<(Option<u64>, Option<Value>)> = report
        .mx
        .iter()
        .map(|h| (Some(u64::from(h.preference)), Some(s(&h.exchange))))
        .collect();
    assert_eq!(hosts.len(), want.len());
    for (got, want) in hosts.iter().zip(&want) {
        assert_eq!((got.0, got.1), (want.0, want.1.as_ref()));
    }
    let Some(Value::Array(timings)) = value.get("timings") else {
        panic!("no timings array");
    };
    assert_eq!(timings.len(), report.timings.len());
    for (v, t) in timings.iter().zip(&report.timings) {
        assert_eq!(v.get("what"), Some(&s(&t.request.to_string())));
        assert_eq!(
            v.get("start_ms").and_then(Value::as_u64),
            Some(u64::from(t.start_ms))
        );
        assert_eq!(
            v.get("end_ms").and_then(Value::as_u64),
            Some(u64::from(t.end_ms))
        );
    }
}

/// `findings_json` is serde_json's, byte for byte, and reads back to the findings' strings.
fn findings_same_as_serde(findings: &[Finding]) {
    let ours = findings_json(findings);
    assert_eq!(ours, serde_findings(findings));
    let value = json::parse(&ours).unwrap_or_else(|e| panic!("{e}: {ours}"));
    assert_eq!(value.get("severity"), Some(&s(worst(findings).as_str())));
    findings_read_back(&value, findings);
}

/// Every report the page would show while the pipeline runs on these fakes.
fn pipeline_reports(resolver: &FakeResolver, fetcher: &FakeFetcher) -> Vec<Report> {
    let log = Log::default();
    let resolver = resolver.clone().with_log(&log);
    let fetcher = fetcher.clone().with_log(&log);
    let clock = log.clock();
    let mut reports = Vec::new();
    let last = block_on(pipeline::run(
        D,
        &resolver,
        &fetcher,
        NO_PROBER,
        &clock,
        |obs| {
            reports.push(build_report(obs));
        },
    ));
    reports.push(build_report(&last));
    reports
}

#[test]
fn pipeline_reports_are_written_as_serde_json_writes_them() {
    let healthy = FakeResolver::new("Google")
        .with(signed(txt("_mta-sts.example.com", &[RECORD])))
        .with(signed(mx(
            D,
            &[(10, "mx1.example.com."), (20, "mx2.example.com.")],
        )))
        .with(signed(txt("_smtp._tls.example.com", &[TLSRPT])))
        .with(signed(a("mta-sts.example.com", "192.0.2.10")));
    let broken = FakeResolver::new("Cloudflare")
        .with(txt("_mta-sts.example.com", &["v=STSv1; id=2024-01-31"]))
        .with(mx(
            D,
            &[(10, "mx1.example.com."), (20, "other.example.net.")],
        ))
        .with(nxdomain("_smtp._tls.example.com", RecordType::Txt))
        .with(servfail("mta-sts.example.com", RecordType::A));
    let fetcher = FakeFetcher::new().with(policy_ok(&policy_url(D), ENFORCE));
    let bad_policy = FakeFetcher::new().with(fetched(
        &policy_url(D),
        FetchOutcome::Read {
            status: 200,
            content_type: Some("text/html; charset=\"utf-8\"".into()),
            body: b"version: STSv1\r\nmode: enforced\r\nmx: *.\"mx\".example.com\r\n\r\n".to_vec(),
            truncated: false,
            size: None,
        },
    ));
    let mut count = 0;
    for (resolver, fetcher) in [
        (&healthy, &fetcher),
        (&broken, &bad_policy),
        (&FakeResolver::down("Google", "HTTP 503 \"busy\""), &fetcher),
        (&FakeResolver::new("Quad9"), &FakeFetcher::new()),
    ] {
        for report in pipeline_reports(resolver, fetcher) {
            same_as_serde(&report);
            count += 1;
        }
    }
    // The first report of each run has everything pending, the last has timings.
    assert!(count > 20, "{count} reports");
    let last = pipeline_reports(&healthy, &fetcher)
        .pop()
        .expect("a report");
    assert!(!last.timings.is_empty() && last.verdict.is_some());
}

/// Every real-world policy of tests/fixtures/real-policies, fetched and pasted.
#[test]
fn fixture_reports_are_written_as_serde_json_writes_them() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/real-policies");
    let mut files = 0;
    for entry in std::fs::read_dir(&dir).expect("fixtures") {
        let path = entry.expect("a fixture").path();
        if path.extension().is_some_and(|e| e == "tsv") {
            continue;
        }
        let body = std::fs::read(&path).expect("a readable fixture");
        let obs = Observations {
            policy: Some(fetched(
                &policy_url(D),
                FetchOutcome::Read {
                    status: 200,
                    content_type: Some("text/plain".into()),
                    size: Some(body.len() as u64),
                    body: body.clone(),
                    truncated: false,
                },
            )),
            ..healthy()
        };
        same_as_serde(&build_report(&obs));
        same_as_serde(&build_report_with_paste(&obs, Some(&parse_pasted(&body))));
        findings_same_as_serde(&lint::lint_policy(&body));
        files += 1;
    }
    assert!(files > 30, "{files} fixtures");
}

/// Hostile text where the domain puts it (records, MX names, the policy) and everywhere else
/// a report holds a string.
#[test]
fn hostile_strings_are_escaped_as_serde_json_escapes_them() {
    for text in HOSTILE {
        let obs = Observations {
            domain: format!("{D}{text}"),
            sts_txt: ok(txt(
                "_mta-sts.example.com",
                &[&format!("{RECORD}{text}"), text],
            )),
            mx: ok(mx(
                D,
                &[(0, *text), (65535, &format!("mx{text}.example.com"))],
            )),
            tlsrpt_txt: ok(txt("_smtp._tls.example.com", &[&format!("{TLSRPT}{text}")])),
            policy: Some(policy_ok(
                &policy_url(D),
                &format!("version: STSv1\nmode: {text}\nmx: {text}\nmax_age: 86400{text}\n"),
            )),
            ..healthy()
        };
        let mut report = build_report(&obs);
        same_as_serde(&report);
        findings_same_as_serde(&lint::lint_policy(text.as_bytes()));
        findings_same_as_serde(&lint::lint_sts_record(D, text));

        // Then every string of the report.
        report.domain = text.to_string();
        report.summary = text.to_string();
        report.policy_text = Some(text.to_string());
        report.timings.push(Timing {
            request: Request::policy_fetch(*text),
            start_ms: u32::MAX,
            end_ms: 0,
        });
        for f in report.checks.iter_mut().flat_map(|c| c.findings.iter_mut()) {
            f.title = text.to_string();
            f.detail = format!("{text}{text}");
            f.evidence.push(Evidence {
                label: text.to_string(),
                text: text.to_string(),
                line: Some(usize::MAX),
                provenance: Some(Provenance::Dns {
                    resolver: text.to_string(),
                }),
            });
            f.evidence.push(
                Evidence::new(text.to_string(), "").from(Provenance::Relayed {
                    host: text.to_string(),
                }),
            );
            f.fix = Some(Fix::with_paste(*text, *text));
            f.reference = Some(Reference::other(*text, Some(*text)));
        }
        same_as_serde(&report);
        let findings: Vec<Finding> = report
            .checks
            .iter()
            .flat_map(|c| c.findings.clone())
            .collect();
        findings_same_as_serde(&findings);
    }
}

/// The format itself, written out: two spaces a level, `"name": value`, `[]` when empty,
/// members left out when `None`, and the escapes.
#[test]
fn findings_json_is_pretty_json_with_two_spaces() {
    assert_eq!(
        findings_json(&[]),
        "{\n  \"severity\": \"skip\",\n  \"findings\": []\n}"
    );
    let f = Finding::new(
        Code::PolicyModeInvalid,
        Severity::Fail,
        "a \"b\"\\",
        "\u{8}\u{c}\u{1}\u{2028}é",
    )
    .evidence(Evidence::policy_line(2, "mode:\tx").from(Provenance::Pasted))
    .fix(Fix::action("Fix it"));
    assert_eq!(
        findings_json(&[f]),
        r#"{
  "severity": "fail",
  "findings": [
    {
      "check": "policy-mode",
      "code": "policy-mode.invalid",
      "severity": "fail",
      "title": "a \"b\"\\",
      "detail": "\b\f\u0001"#
            .to_owned()
            + "\u{2028}é"
            + r#"",
      "evidence": [
        {
          "label": "policy line 2",
          "text": "mode:\tx",
          "line": 2,
          "provenance": {
            "kind": "pasted"
          }
        }
      ],
      "fix": {
        "action": "Fix it"
      }
    }
  ]
}"#
    );
}

// ---- random reports and findings ----

/// Any string, with the characters that need escaping much more likely than by chance.
fn text() -> impl Strategy<Value = String> {
    let hostile = prop_oneof![
        proptest::sample::select(vec![
            '"', '\\', '/', '\u{0}', '\u{8}', '\t', '\n', '\u{b}', '\u{c}', '\r', '\u{1f}',
            '\u{7f}', '\u{80}', '\u{2028}', '\u{2029}', '\u{feff}', 'é', '😀',
        ]),
        any::<char>(),
        proptest::char::range('\u{0}', '\u{7f}'),
    ];
    proptest::collection::vec(hostile, 0..12).prop_map(String::from_iter)
}

fn provenance() -> impl Strategy<Value = Provenance> {
    prop_oneof![
        text().prop_map(|resolver| Provenance::Dns { resolver }),
        Just(Provenance::Fetched),
        Just(Provenance::Pasted),
        Just(Provenance::Probed),
        text().prop_map(|host| Provenance::Relayed { host }),
    ]
}

fn evidence() -> impl Strategy<Value = Evidence> {
    (
        text(),
        text(),
        proptest::option::of(any::<usize>()),
        proptest::option::of(provenance()),
    )
        .prop_map(|(label, text, line, provenance)| Evidence {
            label,
            text,
            line,
            provenance,
        })
}

fn finding() -> impl Strategy<Value = Finding> {
    (
        proptest::sample::select(Code::ALL.to_vec()),
        proptest::sample::select(Severity::ALL.to_vec()),
        text(),
        text(),
        proptest::collection::vec(evidence(), 0..3),
        proptest::option::of(
            (text(), proptest::option::of(text()))
                .prop_map(|(action, paste)| Fix { action, paste }),
        ),
        proptest::option::of(
            (text(), proptest::option::of(text()))
                .prop_map(|(label, url)| Reference { label, url }),
        ),
    )
        .prop_map(
            |(code, severity, title, detail, evidence, fix, reference)| Finding {
                check: code.check(),
                code,
                severity,
                title,
                detail,
                evidence,
                fix,
                reference,
            },
        )
}

fn report() -> impl Strategy<Value = Report> {
    let check = || {
        (
            proptest::sample::select(CheckId::EVERY.to_vec()),
            proptest::option::of(proptest::sample::select(Severity::ALL.to_vec())),
            proptest::collection::vec(finding(), 0..3),
        )
            .prop_map(|(id, severity, findings)| CheckResult {
                id,
                severity,
                findings,
            })
    };
    let host = (any::<u16>(), text()).prop_map(|(preference, exchange)| MxHost {
        preference,
        exchange,
    });
    // Any ways, with any text as the command: the writer must hold whatever it is given.
    let step = (
        proptest::sample::select(Way::ALL.to_vec()),
        proptest::option::of(text()),
    )
        .prop_map(|(way, command)| NextStep { way, command });
    let timing = (text(), any::<u32>(), any::<u32>()).prop_map(|(url, start_ms, end_ms)| Timing {
        request: Request::policy_fetch(url),
        start_ms,
        end_ms,
    });
    (
        (
            text(),
            any::<bool>(),
            proptest::option::of(proptest::sample::select(Verdict::ALL.to_vec())),
            text(),
            proptest::collection::vec(step, 0..4),
        ),
        proptest::collection::vec(check(), 0..4),
        proptest::collection::vec(host, 0..3),
        proptest::option::of(text()),
        proptest::collection::vec(timing, 0..3),
        // The monitor's changes: written only when there are some.
        proptest::option::of(check()),
    )
        .prop_map(
            |(
                (domain, done, verdict, summary, next_steps),
                checks,
                mx,
                policy_text,
                timings,
                changes,
            )| {
                Report {
                    domain,
                    done,
                    verdict,
                    summary,
                    next_steps,
                    checks,
                    mx,
                    policy_text,
                    timings,
                    changes,
                }
            },
        )
}

proptest! {
    #[test]
    fn any_report_is_written_as_serde_json_writes_it(report in report()) {
        same_as_serde(&report);
    }

    #[test]
    fn any_findings_are_written_as_serde_json_writes_them(
        findings in proptest::collection::vec(finding(), 0..4),
    ) {
        findings_same_as_serde(&findings);
    }

    /// `json::Value`'s compact form shares the export's escaper: serde_json's escapes too.
    #[test]
    fn value_strings_are_escaped_as_serde_json_escapes_them(
        text in prop_oneof![text(), any::<String>()],
    ) {
        let written = Value::String(text.clone()).to_string();
        prop_assert_eq!(&written, &serde_json::to_string(&text).expect("a string"));
        prop_assert_eq!(json::parse(&written), Ok(Value::String(text)));
    }
}
