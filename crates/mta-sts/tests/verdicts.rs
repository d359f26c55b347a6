//! The verdict and the severity of every check, over a table of scenarios built by hand
//! (checks.md: "The checks", "The verdict"). Each row is one domain's observations and what
//! the report must say about them; the coverage tests then prove that every verdict and every
//! severity each check can have is reached by some row.

// Not every helper of the shared support module is used here.
#[allow(unused_imports)]
mod support;

use mta_sts::lookup::{
    policy_url, DnsAnswer, FetchOutcome, LookupError, PolicyObservation, Rcode, RecordType,
};
use mta_sts::pipeline::Observations;
use mta_sts::report::{build_report, build_report_with_paste, parse_pasted, Report, Verdict};
use mta_sts::{CheckId, Code, Provenance, Severity};
use std::collections::{BTreeMap, BTreeSet};
use support::{
    a, aaaa, cname_then_txt, codes, fetched, healthy, mx, nodata, nxdomain, ok, one, policy_ok,
    servfail, signed, split_txt, txt, D, ENFORCE, RECORD, TLSRPT,
};

const TESTING: &str =
    "version: STSv1\nmode: testing\nmx: mx1.example.com\nmx: mx2.example.com\nmax_age: 1209600\n";
const NONE: &str = "version: STSv1\nmode: none\nmax_age: 86400\n";

fn url() -> String {
    policy_url(D)
}

fn outcome(o: FetchOutcome) -> Option<PolicyObservation> {
    Some(fetched(&url(), o))
}

fn read(status: u16, content_type: Option<&str>, body: &str) -> FetchOutcome {
    FetchOutcome::Read {
        status,
        content_type: content_type.map(str::to_owned),
        body: body.as_bytes().to_vec(),
        truncated: false,
        size: Some(body.len() as u64),
    }
}

fn with_policy(body: &str) -> Observations {
    Observations {
        policy: Some(policy_ok(&url(), body)),
        ..healthy()
    }
}

/// No MTA-STS at all: no record, no policy host.
fn no_mta_sts() -> Observations {
    Observations {
        sts_txt: ok(nxdomain("_mta-sts.example.com", RecordType::Txt)),
        host_a: ok(nxdomain("mta-sts.example.com", RecordType::A)),
        host_aaaa: ok(nxdomain("mta-sts.example.com", RecordType::Aaaa)),
        policy: outcome(FetchOutcome::ConnectFailed {
            message: "TypeError: Failed to fetch".into(),
        }),
        ..healthy()
    }
}

/// A resolver that would not answer: REFUSED.
fn refused(name: &str, rtype: RecordType) -> DnsAnswer {
    let mut a = nxdomain(name, rtype);
    a.rcode = mta_sts::lookup::Rcode::Other(5);
    a.records.clear();
    a
}

fn both_resolvers_down() -> LookupError {
    LookupError {
        attempts: vec![
            "Google: HTTP 503".into(),
            "Cloudflare: timed out after 5000 ms".into(),
        ],
    }
}

/// One row: a name, the observations, the verdict, and the checks whose severity it pins.
struct Row {
    name: &'static str,
    obs: Observations,
    paste: Option<&'static str>,
    verdict: Verdict,
    checks: Vec<(CheckId, Severity)>,
}

fn row(
    name: &'static str,
    obs: Observations,
    verdict: Verdict,
    checks: &[(CheckId, Severity)],
) -> Row {
    Row {
        name,
        obs,
        paste: None,
        verdict,
        checks: checks.to_vec(),
    }
}

fn rows() -> Vec<Row> {
    use CheckId::*;
    use Severity::*;
    let mut rows = vec![
        row(
            "healthy enforce",
            healthy(),
            Verdict::Enforce,
            &[
                (PolicyHost, Pass),
                (PolicyFetch, Pass),
                (PolicyContentType, Pass),
                (PolicySyntax, Pass),
                (PolicyVersion, Pass),
                (PolicyMode, Pass),
                (PolicyMaxAge, Pass),
                (PolicyMx, Pass),
                (MxRecords, Pass),
                (MxCoverage, Pass),
                (TlsrptRecord, Pass),
                (Dnssec, Pass),
                (PolicyCertificate, Skip),
                (MxStarttls, Skip),
                (MxCertificate, Skip),
            ],
        ),
        row("testing (RFC 8461 §5)", with_policy(TESTING), Verdict::Testing, &[(PolicyMode, Warn)]),
        row("mode none", with_policy(NONE), Verdict::None, &[(PolicyMode, Warn)]),
        row(
            "no record, no policy host (absent)",
            no_mta_sts(),
            Verdict::Absent,
            &[
                (StsRecord, Fail),
                (PolicyHost, Info),
                (PolicyFetch, Info),
                (PolicyContentType, Skip),
                (PolicySyntax, Skip),
                (PolicyMode, Skip),
                (MxCoverage, Skip),
            ],
        ),
        row(
            "no data at _mta-sts, null MX (RFC 7505)",
            Observations {
                sts_txt: ok(nodata("_mta-sts.example.com", RecordType::Txt)),
                mx: ok(mx(D, &[(0, ".")])),
                ..no_mta_sts()
            },
            Verdict::Absent,
            &[(StsRecord, Info), (MxRecords, Info), (Dnssec, Info)],
        ),
        row(
            "a v=STSv1 record at the apex only (TXT-18)",
            Observations {
                apex_txt: ok(txt(D, &[RECORD])),
                ..no_mta_sts()
            },
            Verdict::Absent,
            &[(StsRecord, Fail)],
        ),
        row(
            "policy published, no record (X-02)",
            Observations {
                sts_txt: ok(nxdomain("_mta-sts.example.com", RecordType::Txt)),
                ..healthy()
            },
            Verdict::Broken,
            &[(StsRecord, Fail), (PolicyFetch, Pass)],
        ),
        row(
            "several records (TXT-15)",
            Observations {
                sts_txt: ok(txt("_mta-sts.example.com", &[RECORD, "v=STSv1; id=2"])),
                ..healthy()
            },
            Verdict::Broken,
            &[(StsRecord, Fail)],
        ),
        row(
            "a record without its semicolon (TXT-06): broken, not absent",
            Observations {
                sts_txt: ok(txt("_mta-sts.example.com", &["v=STSv1 id=20240131T120000Z"])),
                ..healthy()
            },
            Verdict::Broken,
            &[(StsRecord, Fail)],
        ),
        row(
            "only an SPF record at _mta-sts (TXT-19)",
            Observations {
                sts_txt: ok(txt("_mta-sts.example.com", &["v=spf1 -all"])),
                ..no_mta_sts()
            },
            Verdict::Absent,
            &[(StsRecord, Fail), (PolicyFetch, Info)],
        ),
        row(
            "a bad id (TXT-10)",
            Observations {
                sts_txt: ok(txt("_mta-sts.example.com", &["v=STSv1; id=2024-01-31"])),
                ..healthy()
            },
            Verdict::Broken,
            &[(StsRecord, Fail)],
        ),
        row(
            "a repeated id (TXT-14)",
            Observations {
                sts_txt: ok(txt("_mta-sts.example.com", &["v=STSv1; id=a; id=b"])),
                ..healthy()
            },
            Verdict::Enforce,
            &[(StsRecord, Warn)],
        ),
        row(
            "record delegated by CNAME (TXT-03)",
            Observations {
                sts_txt: ok(cname_then_txt("_mta-sts.example.com", "_mta-sts.provider.example", &[RECORD])),
                ..healthy()
            },
            Verdict::Enforce,
            &[(StsRecord, Info)],
        ),
        row(
            "record split into strings (TXT-05)",
            Observations {
                sts_txt: ok(split_txt("_mta-sts.example.com", &["v=STSv1; id=", "20240131T120000Z"])),
                ..healthy()
            },
            Verdict::Enforce,
            &[(StsRecord, Info)],
        ),
        row(
            "record lookup fails at both resolvers",
            Observations {
                sts_txt: Some(Err(both_resolvers_down())),
                ..healthy()
            },
            Verdict::Unverified,
            &[(StsRecord, Unknown)],
        ),
        row(
            "policy host without CORS (unreadable)",
            Observations {
                policy: outcome(FetchOutcome::Unreadable),
                ..healthy()
            },
            Verdict::Unverified,
            &[
                (PolicyFetch, Unknown),
                (PolicyContentType, Unknown),
                (PolicySyntax, Unknown),
                (PolicyVersion, Unknown),
                (PolicyMode, Unknown),
                (PolicyMaxAge, Unknown),
                (PolicyMx, Unknown),
                (MxCoverage, Unknown),
            ],
        ),
        row(
            "a redirect (FETCH-06)",
            Observations {
                policy: outcome(FetchOutcome::Redirect { status: None, location: None }),
                ..healthy()
            },
            Verdict::Broken,
            &[
                (PolicyFetch, Fail),
                (PolicyContentType, Skip),
                (PolicySyntax, Skip),
                (PolicyVersion, Skip),
                (PolicyMode, Skip),
                (PolicyMaxAge, Skip),
                (PolicyMx, Skip),
                (MxCoverage, Skip),
            ],
        ),
        row(
            "a 404 (FETCH-05)",
            Observations {
                policy: outcome(read(404, Some("text/html"), "<h1>Not Found</h1>")),
                ..healthy()
            },
            Verdict::Broken,
            &[(PolicyFetch, Fail), (PolicyContentType, Skip), (MxCoverage, Skip)],
        ),
        row(
            "an HTTPS failure",
            Observations {
                policy: outcome(FetchOutcome::ConnectFailed { message: "TypeError: Failed to fetch".into() }),
                ..healthy()
            },
            Verdict::Broken,
            &[(PolicyFetch, Fail), (PolicyHost, Pass)],
        ),
        row(
            "a timeout",
            Observations {
                policy: outcome(FetchOutcome::Timeout { after_ms: 10_000 }),
                ..healthy()
            },
            Verdict::Broken,
            &[(PolicyFetch, Fail)],
        ),
        row(
            "an HTTPS failure where the host's address lookups failed too: this machine's DNS",
            Observations {
                host_a: Some(Err(both_resolvers_down())),
                host_aaaa: Some(Err(both_resolvers_down())),
                policy: outcome(FetchOutcome::ConnectFailed { message: "no address".into() }),
                ..healthy()
            },
            Verdict::Unverified,
            &[(PolicyFetch, Unknown), (PolicyHost, Unknown)],
        ),
        row(
            "an HTTPS failure where the resolver refused the host's address lookups",
            Observations {
                host_a: ok(refused("mta-sts.example.com", RecordType::A)),
                host_aaaa: ok(refused("mta-sts.example.com", RecordType::Aaaa)),
                policy: outcome(FetchOutcome::ConnectFailed { message: "no address".into() }),
                ..healthy()
            },
            Verdict::Unverified,
            &[(PolicyFetch, Unknown)],
        ),
        row(
            "a timeout where the host's address lookups failed too",
            Observations {
                host_a: Some(Err(both_resolvers_down())),
                host_aaaa: Some(Err(both_resolvers_down())),
                policy: outcome(FetchOutcome::Timeout { after_ms: 5_000 }),
                ..healthy()
            },
            Verdict::Unverified,
            &[(PolicyFetch, Unknown)],
        ),
        row(
            "a slow answer (FETCH-10)",
            Observations {
                policy: Some(PolicyObservation { elapsed_ms: Some(7_300), ..policy_ok(&url(), ENFORCE) }),
                ..healthy()
            },
            Verdict::Enforce,
            &[(PolicyFetch, Warn)],
        ),
        row(
            "policy host does not exist",
            Observations {
                host_a: ok(nxdomain("mta-sts.example.com", RecordType::A)),
                host_aaaa: ok(nxdomain("mta-sts.example.com", RecordType::Aaaa)),
                policy: outcome(FetchOutcome::ConnectFailed { message: "TypeError: Failed to fetch".into() }),
                ..healthy()
            },
            Verdict::Broken,
            &[(PolicyHost, Fail), (PolicyFetch, Fail)],
        ),
        row(
            "policy host IPv4 only",
            Observations {
                host_aaaa: ok(signed(nodata("mta-sts.example.com", RecordType::Aaaa))),
                ..healthy()
            },
            Verdict::Enforce,
            &[(PolicyHost, Info)],
        ),
        row(
            "policy host lookups fail",
            Observations {
                host_a: Some(Err(both_resolvers_down())),
                host_aaaa: Some(Err(both_resolvers_down())),
                ..healthy()
            },
            Verdict::Unverified,
            &[(PolicyHost, Unknown), (PolicyFetch, Pass)],
        ),
        row(
            "uncovered MX in enforce (MX-05)",
            Observations {
                mx: ok(signed(mx(D, &[(10, "mx1.example.com."), (20, "backup.example.net.")]))),
                ..healthy()
            },
            Verdict::Broken,
            &[(MxCoverage, Fail)],
        ),
        row(
            "uncovered MX in testing",
            Observations {
                mx: ok(signed(mx(D, &[(10, "mx1.example.com."), (20, "backup.example.net.")]))),
                ..with_policy(TESTING)
            },
            Verdict::Testing,
            &[(MxCoverage, Warn)],
        ),
        row(
            "a stale pattern (X-04)",
            Observations {
                mx: ok(signed(mx(D, &[(10, "mx1.example.com.")]))),
                ..healthy()
            },
            Verdict::Enforce,
            &[(MxCoverage, Info)],
        ),
        row(
            "a wrong content type (FETCH-08)",
            Observations {
                policy: outcome(read(200, Some("application/octet-stream"), ENFORCE)),
                ..healthy()
            },
            Verdict::Enforce,
            &[(PolicyContentType, Warn)],
        ),
        row(
            "no content type (F12)",
            Observations {
                policy: outcome(read(200, None, ENFORCE)),
                ..healthy()
            },
            Verdict::Enforce,
            &[(PolicyContentType, Warn)],
        ),
        row(
            "an invalid mode (POL-07)",
            with_policy("version: STSv1\nmode: enforced\nmx: mx1.example.com\nmx: mx2.example.com\nmax_age: 1209600\n"),
            Verdict::Broken,
            &[(PolicyMode, Fail)],
        ),
        row(
            "a blank line (POL-03)",
            with_policy("version: STSv1\n\nmode: enforce\nmx: mx1.example.com\nmx: mx2.example.com\nmax_age: 1209600\n"),
            Verdict::Broken,
            &[(PolicySyntax, Fail)],
        ),
        row(
            "a repeated mode, first wins (POL-15)",
            with_policy("version: STSv1\nmode: enforce\nmode: testing\nmx: mx1.example.com\nmx: mx2.example.com\nmax_age: 1209600\n"),
            Verdict::Enforce,
            &[(PolicySyntax, Warn)],
        ),
        row(
            "version missing (POL-05)",
            with_policy("mode: enforce\nmx: mx1.example.com\nmx: mx2.example.com\nmax_age: 1209600\n"),
            Verdict::Broken,
            &[(PolicyVersion, Fail)],
        ),
        row(
            "version not on the first line (POL-06, Google's guide)",
            with_policy("mode: enforce\nversion: STSv1\nmx: mx1.example.com\nmx: mx2.example.com\nmax_age: 1209600\n"),
            Verdict::Enforce,
            &[(PolicyVersion, Info)],
        ),
        row(
            "max_age too large (POL-08)",
            with_policy("version: STSv1\nmode: enforce\nmx: mx1.example.com\nmx: mx2.example.com\nmax_age: 31557601\n"),
            Verdict::Broken,
            &[(PolicyMaxAge, Fail)],
        ),
        row(
            "max_age under a day",
            with_policy("version: STSv1\nmode: enforce\nmx: mx1.example.com\nmx: mx2.example.com\nmax_age: 600\n"),
            Verdict::Enforce,
            &[(PolicyMaxAge, Warn)],
        ),
        row(
            "max_age under a week in enforce",
            with_policy("version: STSv1\nmode: enforce\nmx: mx1.example.com\nmx: mx2.example.com\nmax_age: 86400\n"),
            Verdict::Enforce,
            &[(PolicyMaxAge, Info)],
        ),
        row(
            "an mx with a trailing dot (POL-11)",
            with_policy("version: STSv1\nmode: enforce\nmx: mx1.example.com.\nmx: mx2.example.com\nmax_age: 1209600\n"),
            Verdict::Broken,
            &[(PolicyMx, Fail)],
        ),
        row(
            "a wildcard over the policy domain (MX-09)",
            with_policy("version: STSv1\nmode: enforce\nmx: *.example.com\nmax_age: 1209600\n"),
            Verdict::Enforce,
            &[(PolicyMx, Pass), (MxCoverage, Warn)],
        ),
        row(
            "a wildcard over a public suffix (RFC 8461 §10.4)",
            // `*.com` covers one label only, so it does not even cover `mx1.example.com`.
            with_policy("version: STSv1\nmode: enforce\nmx: *.com\nmax_age: 1209600\n"),
            Verdict::Broken,
            &[(PolicyMx, Warn), (MxCoverage, Fail)],
        ),
        row(
            "a duplicate mx line (POL-16)",
            with_policy("version: STSv1\nmode: enforce\nmx: mx1.example.com\nmx: mx1.example.com\nmx: mx2.example.com\nmax_age: 1209600\n"),
            Verdict::Enforce,
            &[(PolicyMx, Info)],
        ),
        row(
            "no MX records: the implicit MX",
            Observations {
                mx: ok(signed(nodata(D, RecordType::Mx))),
                ..with_policy("version: STSv1\nmode: enforce\nmx: example.com\nmax_age: 1209600\n")
            },
            Verdict::Enforce,
            &[(MxRecords, Info)],
        ),
        row(
            "MX lookup fails at both resolvers",
            Observations {
                mx: Some(Err(both_resolvers_down())),
                ..healthy()
            },
            Verdict::Unverified,
            &[(MxRecords, Unknown), (MxCoverage, Unknown)],
        ),
        row(
            "no TLS-RPT, enforce (X-05)",
            Observations {
                tlsrpt_txt: ok(signed(nxdomain("_smtp._tls.example.com", RecordType::Txt))),
                ..healthy()
            },
            Verdict::Enforce,
            &[(TlsrptRecord, Warn)],
        ),
        row(
            "an invalid TLS-RPT record (RPT-04)",
            Observations {
                tlsrpt_txt: ok(signed(txt("_smtp._tls.example.com", &["v=TLSRPTv1; rua=http://reports.example.com/"]))),
                ..healthy()
            },
            Verdict::Broken,
            &[(TlsrptRecord, Fail)],
        ),
        row(
            "one resolver down, the other answers",
            Observations {
                tlsrpt_txt: ok(signed(DnsAnswer {
                    resolver: "Cloudflare".into(),
                    ..txt("_smtp._tls.example.com", &[TLSRPT])
                })),
                ..healthy()
            },
            Verdict::Enforce,
            &[(TlsrptRecord, Pass)],
        ),
        row(
            "both resolvers down for TLS-RPT",
            Observations {
                tlsrpt_txt: Some(Err(both_resolvers_down())),
                ..healthy()
            },
            Verdict::Unverified,
            &[(TlsrptRecord, Unknown)],
        ),
        row(
            "broken DNSSEC for _mta-sts",
            Observations {
                sts_txt: ok(servfail("_mta-sts.example.com", RecordType::Txt)),
                dnssec_retries: vec![(
                    "_mta-sts.example.com".into(),
                    RecordType::Txt,
                    Ok(DnsAnswer { checking_disabled: true, ..txt("_mta-sts.example.com", &[RECORD]) }),
                )],
                ..healthy()
            },
            Verdict::Broken,
            &[(Dnssec, Fail), (StsRecord, Unknown)],
        ),
        row(
            "SERVFAIL even with checking disabled",
            Observations {
                tlsrpt_txt: ok(servfail("_smtp._tls.example.com", RecordType::Txt)),
                dnssec_retries: vec![(
                    "_smtp._tls.example.com".into(),
                    RecordType::Txt,
                    Ok(DnsAnswer { checking_disabled: true, ..servfail("_smtp._tls.example.com", RecordType::Txt) }),
                )],
                ..healthy()
            },
            Verdict::Unverified,
            &[(Dnssec, Unknown), (TlsrptRecord, Unknown)],
        ),
        row(
            "unsigned answers",
            Observations {
                sts_txt: ok(txt("_mta-sts.example.com", &[RECORD])),
                apex_txt: ok(txt(D, &[])),
                mx: ok(mx(D, &[(10, "mx1.example.com."), (20, "mx2.example.com.")])),
                tlsrpt_txt: ok(txt("_smtp._tls.example.com", &[TLSRPT])),
                host_a: ok(a("mta-sts.example.com", "192.0.2.10")),
                host_aaaa: ok(aaaa("mta-sts.example.com", "2001:db8::10")),
                ..healthy()
            },
            Verdict::Enforce,
            &[(Dnssec, Info)],
        ),
    ];
    rows.push(Row {
        paste: Some("version: STSv1\nmode: enforce\nmx: mx1.example.com\nmx: mx2.example.com\nmax_age: 1209600\n"),
        ..row(
            "unreadable, policy body pasted",
            Observations {
                policy: outcome(FetchOutcome::Unreadable),
                ..healthy()
            },
            Verdict::Unverified,
            &[(PolicyFetch, Unknown), (PolicyContentType, Unknown), (PolicyMode, Pass), (MxCoverage, Pass)],
        )
    });
    rows.push(Row {
        paste: Some("HTTP/2 200 \r\ncontent-type: text/plain; charset=utf-8\r\n\r\nversion: STSv1\nmode: enforce\nmx: mx1.example.com\nmx: mx2.example.com\nmax_age: 1209600\n"),
        ..row(
            "unreadable, curl output pasted",
            Observations {
                policy: outcome(FetchOutcome::Unreadable),
                ..healthy()
            },
            Verdict::Enforce,
            &[(PolicyFetch, Pass), (PolicyContentType, Pass)],
        )
    });
    rows
}

fn report_of(r: &Row) -> Report {
    match r.paste {
        Some(text) => build_report_with_paste(&r.obs, Some(&parse_pasted(text.as_bytes()))),
        None => build_report(&r.obs),
    }
}

#[test]
fn every_scenario_gets_its_verdict_and_severities() {
    let mut wrong = Vec::new();
    for r in rows() {
        let report = report_of(&r);
        if !report.done || report.verdict != Some(r.verdict) {
            wrong.push(format!(
                "{}: verdict {:?}, want {:?}",
                r.name, report.verdict, r.verdict
            ));
        }
        for (id, want) in &r.checks {
            let got = report.check(*id).severity;
            if got != Some(*want) {
                let found = codes(&report.check(*id).findings);
                wrong.push(format!(
                    "{}: {id} is {got:?}, want {want} ({found:?})",
                    r.name
                ));
            }
        }
    }
    assert!(wrong.is_empty(), "\n{}", wrong.join("\n"));
}

#[test]
fn every_verdict_is_reached() {
    let reached: BTreeSet<&str> = rows()
        .iter()
        .map(|r| report_of(r).verdict.map_or("none yet", |v| v.as_str()))
        .collect();
    for v in Verdict::ALL {
        assert!(reached.contains(v.as_str()), "no scenario reaches {v}");
    }
}

/// Every severity each check can have (checks.md), reached by some row.
#[test]
fn every_check_reaches_every_severity_it_can_have() {
    use CheckId::*;
    use Severity::*;
    let can: [(CheckId, &[Severity]); 16] = [
        (StsRecord, &[Fail, Warn, Unknown, Info]),
        (PolicyHost, &[Fail, Unknown, Info, Pass]),
        (PolicyFetch, &[Fail, Warn, Unknown, Info, Pass]),
        (PolicyContentType, &[Warn, Unknown, Pass, Skip]),
        (PolicySyntax, &[Fail, Warn, Unknown, Pass, Skip]),
        (PolicyVersion, &[Fail, Unknown, Info, Pass, Skip]),
        (PolicyMode, &[Fail, Warn, Unknown, Pass, Skip]),
        (PolicyMaxAge, &[Fail, Warn, Unknown, Info, Pass, Skip]),
        (PolicyMx, &[Fail, Warn, Unknown, Info, Pass, Skip]),
        (MxRecords, &[Unknown, Info, Pass]),
        (MxCoverage, &[Fail, Warn, Unknown, Info, Pass, Skip]),
        (TlsrptRecord, &[Fail, Warn, Unknown, Pass]),
        (Dnssec, &[Fail, Unknown, Info, Pass]),
        (PolicyCertificate, &[Skip]),
        (MxStarttls, &[Skip]),
        (MxCertificate, &[Skip]),
    ];
    let mut reached: BTreeMap<CheckId, BTreeSet<Severity>> = BTreeMap::new();
    for r in rows() {
        for c in report_of(&r).checks {
            if let Some(s) = c.severity {
                reached.entry(c.id).or_default().insert(s);
            }
        }
    }
    let mut missing = Vec::new();
    for (id, severities) in can {
        for s in severities {
            if !reached.get(&id).is_some_and(|set| set.contains(s)) {
                missing.push(format!("{id} {s}"));
            }
        }
    }
    assert!(missing.is_empty(), "never reached: {missing:?}");
}

/// A `fail` always says what senders will do; `unknown` and `skip` never claim a pass.
#[test]
fn findings_follow_the_style_rules() {
    for r in rows() {
        for c in report_of(&r).checks {
            for f in &c.findings {
                assert_eq!(
                    f.check, c.id,
                    "{}: finding filed under the wrong check",
                    r.name
                );
                assert!(
                    !f.title.is_empty() && !f.title.contains('\n'),
                    "{}: {:?}",
                    r.name,
                    f.title
                );
                assert!(
                    !f.title.contains('!') && !f.detail.contains('!'),
                    "{}: {}",
                    r.name,
                    f.title
                );
                if f.severity == Severity::Fail {
                    // Senders, or for TLS-RPT the reporters (which are the sending servers).
                    let says = ["senders", "Senders", "reporters", "Reporters"]
                        .iter()
                        .any(|w| f.detail.contains(w));
                    assert!(
                        says,
                        "{}: a fail must say what senders do: {}",
                        r.name, f.title
                    );
                }
                if let Some(paste) = f.fix.as_ref().and_then(|x| x.paste.as_ref()) {
                    assert!(
                        !paste.contains('…'),
                        "{}: fragment paste in {}",
                        r.name,
                        f.title
                    );
                }
            }
        }
    }
}

#[test]
fn the_summary_says_what_senders_do() {
    // (row name, words the summary must contain)
    let cases = [
        (
            "healthy enforce",
            "will only deliver mail to example.com over TLS, to its two MX hosts",
        ),
        (
            "testing (RFC 8461 §5)",
            "report TLS failures to `mailto:tlsrpt@example.com`",
        ),
        ("mode none", "as if it had no policy"),
        ("no record, no policy host (absent)", "it has no MTA-STS"),
        (
            "no data at _mta-sts, null MX (RFC 7505)",
            "takes no mail (null MX)",
        ),
        ("several records (TXT-15)", "publishes two MTA-STS records"),
        (
            "a record without its semicolon (TXT-06): broken, not absent",
            "its MTA-STS record at `_mta-sts.example.com` is not valid",
        ),
        (
            "policy published, no record (X-02)",
            "there is no MTA-STS record",
        ),
        ("a 404 (FETCH-05)", "answers with status 404"),
        (
            "a redirect (FETCH-06)",
            "redirects instead of serving the policy",
        ),
        (
            "policy host without CORS (unreadable)",
            "could not be read from this browser",
        ),
        (
            "uncovered MX in enforce (MX-05)",
            "refuse to deliver mail for example.com to `backup.example.net`",
        ),
        ("no TLS-RPT, enforce (X-05)", "no TLS-RPT record"),
        (
            "both resolvers down for TLS-RPT",
            "its TLS-RPT record could not be looked up",
        ),
        ("broken DNSSEC for _mta-sts", "DNSSEC"),
        ("unreadable, policy body pasted", "pasted policy"),
    ];
    let rows = rows();
    for (name, words) in cases {
        let r = rows
            .iter()
            .find(|r| r.name == name)
            .unwrap_or_else(|| panic!("no row {name}"));
        let summary = report_of(r).summary;
        assert!(
            summary.contains(words),
            "{name}: {summary:?} lacks {words:?}"
        );
        assert!(
            summary.ends_with('.') && !summary.contains('!'),
            "{name}: {summary:?}"
        );
    }
}

#[test]
fn evidence_names_where_it_came_from() {
    let rows = rows();
    let find = |name: &str| report_of(rows.iter().find(|r| r.name == name).expect("row"));
    // DNS evidence names the resolver; fetch evidence says fetched or pasted.
    let r = find("one resolver down, the other answers");
    let provenances: Vec<_> = r
        .check(CheckId::TlsrptRecord)
        .findings
        .iter()
        .flat_map(|f| &f.evidence)
        .filter_map(|e| e.provenance.clone())
        .collect();
    assert!(
        provenances.contains(&Provenance::Dns {
            resolver: "Cloudflare".into()
        }),
        "{provenances:?}"
    );
    let r = find("a 404 (FETCH-05)");
    let e = &r.check(CheckId::PolicyFetch).findings[0].evidence[0];
    assert_eq!(
        (e.text.as_str(), e.provenance.clone()),
        ("HTTP 404", Some(Provenance::Fetched))
    );
    let r = find("unreadable, curl output pasted");
    let e = &r.check(CheckId::PolicyContentType).findings[0].evidence[0];
    assert_eq!(e.provenance, Some(Provenance::Pasted));
    // The one-resolver-down error lists both attempts verbatim.
    let r = find("record lookup fails at both resolvers");
    let texts: Vec<&str> = r.check(CheckId::StsRecord).findings[0]
        .evidence
        .iter()
        .map(|e| e.text.as_str())
        .collect();
    assert_eq!(
        texts,
        ["Google: HTTP 503", "Cloudflare: timed out after 5000 ms"]
    );
}

#[test]
fn cross_checks_land_in_their_checks() {
    let rows = rows();
    let find = |name: &str| report_of(rows.iter().find(|r| r.name == name).expect("row"));
    // a record whose policy cannot be fetched says so in policy-fetch.
    // A fail, not the info a domain without MTA-STS gets (the catalogue's two severities).
    let r = find("a 404 (FETCH-05)");
    let f = one(
        &r.check(CheckId::PolicyFetch).findings,
        Code::PolicyFetchStatus,
    );
    assert_eq!(f.severity, Severity::Fail);
    // a policy without a record, in sts-record, with a record to paste.
    let r = find("policy published, no record (X-02)");
    let f = one(
        &r.check(CheckId::StsRecord).findings,
        Code::StsRecordPolicyWithoutRecord,
    );
    assert_eq!(f.severity, Severity::Fail);
    let paste = f
        .fix
        .as_ref()
        .and_then(|x| x.paste.clone())
        .unwrap_or_default();
    assert!(
        paste.starts_with("v=STSv1; id=") && paste.len() <= "v=STSv1; id=".len() + 32,
        "{paste}"
    );
    // enforce without TLS-RPT is mentioned in the TLS-RPT warning.
    // No code tells the enforce case apart: only the detail mentions it.
    let r = find("no TLS-RPT, enforce (X-05)");
    let f = one(
        &r.check(CheckId::TlsrptRecord).findings,
        Code::TlsrptRecordAbsent,
    );
    assert_eq!(f.severity, Severity::Warn);
    assert!(f.detail.contains("enforce mode"), "{}", f.detail);
    // TXT-18: the apex record is pointed out, with the record to move.
    let r = find("a v=STSv1 record at the apex only (TXT-18)");
    let f = one(&r.check(CheckId::StsRecord).findings, Code::StsRecordAtApex);
    assert_eq!(f.severity, Severity::Info);
    assert_eq!(
        f.fix.as_ref().and_then(|x| x.paste.as_deref()),
        Some(RECORD)
    );
}

#[test]
fn rcode_names_stay_readable() {
    // Guards the words used in evidence.
    assert_eq!(Rcode::ServFail.as_str(), "SERVFAIL");
}

/// Pins wording on purpose (issue 13): the titles of the most important findings a domain
/// without MTA-STS, or a page that cannot read the policy, sees first. Every other test finds
/// findings by code.
#[test]
fn the_most_seen_titles_keep_their_wording() {
    let rows = rows();
    let find = |name: &str| report_of(rows.iter().find(|r| r.name == name).expect("row"));
    let r = find("no record, no policy host (absent)");
    let f = one(&r.check(CheckId::StsRecord).findings, Code::StsRecordAbsent);
    assert_eq!(f.severity, Severity::Fail);
    assert_eq!(
        f.title,
        "There is no MTA-STS record at _mta-sts.example.com"
    );
    let r = find("policy host without CORS (unreadable)");
    let f = one(
        &r.check(CheckId::PolicyFetch).findings,
        Code::PolicyFetchNoCors,
    );
    assert_eq!(f.severity, Severity::Unknown);
    assert_eq!(
        f.title,
        "Your policy host answers over valid HTTPS, but does not let web pages read the policy"
    );
}

/// Without MTA-STS a relay's policy-certificate findings change nothing for senders and are
/// softened to `info`, which their codes must allow (the report asserts it in debug builds).
#[test]
fn relay_findings_without_mta_sts_are_info() {
    let obs = Observations {
        relay: Some(mta_sts::relay::ProbeObservation {
            source: Provenance::Relayed {
                host: "relay.example.org".into(),
            },
            result: Err("the relay could not be reached".into()),
        }),
        ..no_mta_sts()
    };
    let r = build_report(&obs);
    assert_eq!(r.verdict, Some(Verdict::Absent), "{}", r.summary);
    let f = one(
        &r.check(CheckId::PolicyCertificate).findings,
        Code::PolicyCertificateRelayFailed,
    );
    assert_eq!(f.severity, Severity::Info);
}
