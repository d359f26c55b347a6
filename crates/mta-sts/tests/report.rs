//! The report as the page uses it: partial observations (pending checks, no verdict), the
//! pipeline's updates one by one, the JSON and Markdown exports, and no panic on any input.

// Not every helper of the shared support module is used here.
#[allow(unused_imports)]
mod support;

use mta_sts::lookup::{
    policy_url, DnsAnswer, FetchOutcome, PolicyObservation, Rcode, RecordType, NO_PROBER,
};
use mta_sts::pipeline::{self, Observations, Request};
use mta_sts::report::{build_report, Card, Report, Verdict};
use mta_sts::{CheckId, Code, Severity};
use proptest::prelude::*;
use support::{
    a, aaaa, block_on, fetched, mx, nxdomain, policy_ok, record, servfail, signed, txt,
    FakeFetcher, FakeProber, FakeResolver, D, ENFORCE, RECORD,
};

fn pending_all() -> Vec<Request> {
    vec![
        Request::dns("_mta-sts.example.com", RecordType::Txt, false),
        Request::dns(D, RecordType::Txt, false),
        Request::dns(D, RecordType::Mx, false),
        Request::dns("_smtp._tls.example.com", RecordType::Txt, false),
        Request::dns("mta-sts.example.com", RecordType::A, false),
        Request::dns("mta-sts.example.com", RecordType::Aaaa, false),
        Request::policy_fetch(policy_url(D)),
    ]
}

fn nothing_yet() -> Observations {
    Observations {
        domain: D.into(),
        pending: pending_all(),
        ..Observations::default()
    }
}

#[test]
fn nothing_answered_means_everything_pending_and_no_verdict() {
    let r = build_report(&nothing_yet());
    assert!(!r.done);
    assert_eq!(r.verdict, None);
    assert_eq!(
        r.checks.iter().map(|c| c.id).collect::<Vec<_>>(),
        CheckId::ALL
    );
    // Only the relay checks need nothing: they are skipped at once.
    let decided: Vec<CheckId> = r
        .checks
        .iter()
        .filter(|c| c.severity.is_some())
        .map(|c| c.id)
        .collect();
    assert_eq!(
        decided,
        [
            CheckId::PolicyCertificate,
            CheckId::MxStarttls,
            CheckId::MxCertificate,
            CheckId::DnsConsistency
        ]
    );
    assert!(
        r.summary.starts_with("Checking example.com"),
        "{}",
        r.summary
    );
    assert_eq!(r.card_severity(Card::Record), None);
    assert_eq!(r.card_severity(Card::Relay), Some(Severity::Skip));
}

/// Each check is decided as soon as its own inputs are there, and not before.
#[test]
fn each_check_waits_for_its_own_inputs_only() {
    type Setup = fn(&mut Observations);
    // (what arrived, checks that must be decided, checks that must still be pending)
    let cases: [(&str, Setup, &[CheckId], &[CheckId]); 7] = [
        (
            "a valid record alone decides sts-record",
            |o| o.sts_txt = Some(Ok(txt("_mta-sts.example.com", &[RECORD]))),
            &[CheckId::StsRecord],
            &[CheckId::PolicyHost, CheckId::Dnssec, CheckId::MxCoverage],
        ),
        (
            "no record: sts-record waits for the MX set (null MX) and the apex TXT (TXT-18)",
            |o| o.sts_txt = Some(Ok(nxdomain("_mta-sts.example.com", RecordType::Txt))),
            &[],
            &[CheckId::StsRecord],
        ),
        (
            "no record, MX and apex answered",
            |o| {
                o.sts_txt = Some(Ok(nxdomain("_mta-sts.example.com", RecordType::Txt)));
                o.mx = Some(Ok(mx(D, &[(10, "mx1.example.com.")])));
                o.apex_txt = Some(Ok(txt(D, &[])));
            },
            &[CheckId::StsRecord, CheckId::MxRecords],
            &[CheckId::MxCoverage, CheckId::PolicyFetch],
        ),
        (
            "a missing policy host waits for the record: without one it is only info",
            |o| {
                o.host_a = Some(Ok(nxdomain("mta-sts.example.com", RecordType::A)));
                o.host_aaaa = Some(Ok(nxdomain("mta-sts.example.com", RecordType::Aaaa)));
            },
            &[],
            &[CheckId::PolicyHost],
        ),
        (
            "a resolving policy host is decided at once",
            |o| {
                o.host_a = Some(Ok(a("mta-sts.example.com", "192.0.2.1")));
                o.host_aaaa = Some(Ok(aaaa("mta-sts.example.com", "2001:db8::1")));
            },
            &[CheckId::PolicyHost],
            &[CheckId::StsRecord],
        ),
        (
            "a readable policy decides the content checks and waits for MX for coverage",
            |o| {
                o.sts_txt = Some(Ok(txt("_mta-sts.example.com", &[RECORD])));
                o.policy = Some(policy_ok(&policy_url(D), ENFORCE));
            },
            &[
                CheckId::PolicyFetch,
                CheckId::PolicyContentType,
                CheckId::PolicySyntax,
                CheckId::PolicyVersion,
                CheckId::PolicyMode,
                CheckId::PolicyMaxAge,
                CheckId::PolicyMx,
            ],
            &[CheckId::MxCoverage, CheckId::MxRecords],
        ),
        (
            "a SERVFAIL whose cd=1 retry is in flight keeps dnssec pending",
            |o| {
                o.sts_txt = Some(Ok(servfail("_mta-sts.example.com", RecordType::Txt)));
                o.apex_txt = Some(Ok(txt(D, &[])));
                o.mx = Some(Ok(mx(D, &[(10, "mx1.example.com.")])));
                o.tlsrpt_txt = Some(Ok(txt("_smtp._tls.example.com", &[])));
                o.host_a = Some(Ok(a("mta-sts.example.com", "192.0.2.1")));
                o.host_aaaa = Some(Ok(aaaa("mta-sts.example.com", "2001:db8::1")));
                o.pending = vec![Request::dns("_mta-sts.example.com", RecordType::Txt, true)];
            },
            &[
                CheckId::StsRecord,
                CheckId::MxRecords,
                CheckId::TlsrptRecord,
            ],
            &[CheckId::Dnssec],
        ),
    ];
    for (name, setup, decided, pending) in cases {
        let mut obs = nothing_yet();
        setup(&mut obs);
        let r = build_report(&obs);
        for id in decided {
            assert!(
                r.check(*id).severity.is_some(),
                "{name}: {id} should be decided"
            );
        }
        for id in pending {
            assert!(
                r.check(*id).severity.is_none(),
                "{name}: {id} should be pending"
            );
        }
        assert!(!r.done && r.verdict.is_none(), "{name}");
    }
}

#[test]
fn a_lookup_that_was_not_asked_does_not_block_the_report() {
    // The apex TXT is only a hint (TXT-18): when it is neither answered nor pending, the
    // record check goes ahead without it.
    let obs = Observations {
        domain: D.into(),
        sts_txt: Some(Ok(nxdomain("_mta-sts.example.com", RecordType::Txt))),
        mx: Some(Ok(mx(D, &[(10, "mx1.example.com.")]))),
        ..Observations::default()
    };
    assert_eq!(
        build_report(&obs).check(CheckId::StsRecord).severity,
        Some(Severity::Fail)
    );
}

fn healthy_fakes() -> (FakeResolver, FakeFetcher) {
    let resolver = FakeResolver::new("Google")
        .with(signed(txt("_mta-sts.example.com", &[RECORD])))
        .with_delay(
            signed(mx(D, &[(10, "mx1.example.com."), (20, "mx2.example.com.")])),
            2,
        )
        .with(signed(txt(
            "_smtp._tls.example.com",
            &["v=TLSRPTv1; rua=mailto:tls@example.com"],
        )))
        .with_delay(signed(a("mta-sts.example.com", "192.0.2.1")), 1)
        .with(signed(aaaa("mta-sts.example.com", "2001:db8::1")));
    let fetcher = FakeFetcher::new().with_delay(policy_ok(&policy_url(D), ENFORCE), 3);
    (resolver, fetcher)
}

/// Runs the pipeline and builds a report after every answer, as the page does; checks that a
/// decided check never changes its severity and that the verdict only comes at the end.
fn run_and_watch(resolver: &FakeResolver, fetcher: &FakeFetcher) -> (Vec<Report>, Report) {
    let clock = resolver.log.clock();
    let mut reports = Vec::new();
    let obs = block_on(pipeline::run(
        D,
        resolver,
        fetcher,
        NO_PROBER,
        &clock,
        |o| reports.push(build_report(o)),
    ));
    let last = build_report(&obs);
    for (i, r) in reports.iter().enumerate() {
        for c in &r.checks {
            if let Some(s) = c.severity {
                assert_eq!(
                    last.check(c.id).severity,
                    Some(s),
                    "update {i}: {} changed after it was decided",
                    c.id
                );
            }
        }
        if i + 1 < reports.len() {
            assert!(r.verdict.is_none(), "update {i}: a verdict before the end");
        }
    }
    assert!(last.done);
    (reports, last)
}

#[test]
fn the_pipeline_fills_a_healthy_report_answer_by_answer() {
    let (resolver, fetcher) = healthy_fakes();
    let (reports, last) = run_and_watch(&resolver, &fetcher);
    assert_eq!(last.verdict, Some(Verdict::Enforce), "{}", last.summary);
    assert!(reports.len() > 3);
    // The record is decided before the slow policy fetch has answered.
    let early = reports
        .iter()
        .find(|r| r.check(CheckId::PolicyFetch).severity.is_none())
        .expect("an early update");
    assert!(reports
        .iter()
        .any(|r| r.check(CheckId::StsRecord).severity.is_some()
            && r.check(CheckId::PolicyFetch).severity.is_none()));
    assert!(!early.done);
    // The seven requests and the TLSA lookups of the two MX hosts.
    assert_eq!(last.timings.len(), 9);
    assert_eq!(last.mx.len(), 2);
}

#[test]
fn the_pipeline_finds_broken_dnssec_through_the_cd_retry() {
    let (resolver, fetcher) = healthy_fakes();
    let resolver = resolver
        .with(servfail("_mta-sts.example.com", RecordType::Txt))
        .with_cd(txt("_mta-sts.example.com", &[RECORD]));
    let (_, last) = run_and_watch(&resolver, &fetcher);
    assert_eq!(last.check(CheckId::Dnssec).severity, Some(Severity::Fail));
    assert_eq!(last.verdict, Some(Verdict::Broken));
    let f = &last.check(CheckId::Dnssec).findings[0];
    assert_eq!((f.code, f.severity), (Code::DnssecBroken, Severity::Fail));
    // The name that does not validate is data.
    assert!(f.title.contains("_mta-sts.example.com"), "{}", f.title);
    assert!(!f.detail.contains("Cloudflare"), "{}", f.detail);

    // The repeat answered by the other provider (the first failed in between): said so.
    let mut obs = support::healthy();
    let mut first = servfail("_mta-sts.example.com", RecordType::Txt);
    first.resolver = "Google".into();
    let mut repeat = txt("_mta-sts.example.com", &[RECORD]);
    repeat.resolver = "Cloudflare".into();
    repeat.checking_disabled = true;
    obs.sts_txt = Some(Ok(first));
    obs.dnssec_retries = vec![("_mta-sts.example.com".into(), RecordType::Txt, Ok(repeat))];
    let report = build_report(&obs);
    let f = report
        .check(CheckId::Dnssec)
        .findings
        .iter()
        .find(|f| f.code == Code::DnssecBroken)
        .expect("dnssec.broken");
    assert!(
        f.detail.contains("Google resolver answers SERVFAIL")
            && f.detail.contains("the Cloudflare resolver NOERROR"),
        "{}",
        f.detail
    );
}

#[test]
fn the_pipeline_with_no_mta_sts_gives_absent() {
    let resolver = FakeResolver::new("Cloudflare")
        .with(nxdomain("_mta-sts.example.com", RecordType::Txt))
        .with(mx(D, &[(10, "mx.example.com.")]))
        .with(nxdomain("mta-sts.example.com", RecordType::A))
        .with(nxdomain("mta-sts.example.com", RecordType::Aaaa));
    let (_, last) = run_and_watch(&resolver, &FakeFetcher::new());
    assert_eq!(last.verdict, Some(Verdict::Absent), "{}", last.summary);
}

#[test]
fn the_pipeline_with_a_resolver_down_is_unverified() {
    let resolver = FakeResolver::down("Google", "HTTP 503");
    let fetcher = FakeFetcher::new().with(policy_ok(&policy_url(D), ENFORCE));
    let (_, last) = run_and_watch(&resolver, &fetcher);
    assert_eq!(last.verdict, Some(Verdict::Unverified), "{}", last.summary);
    let e = &last.check(CheckId::StsRecord).findings[0].evidence[0];
    assert_eq!(e.text, "Google: HTTP 503");
}

fn broken_report() -> Report {
    let obs = Observations {
        domain: D.into(),
        sts_txt: Some(Ok(txt("_mta-sts.example.com", &["v=STSv1; id=2024-01-31"]))),
        apex_txt: Some(Ok(txt(D, &[]))),
        mx: Some(Ok(mx(
            D,
            &[(10, "mx1.example.com."), (20, "alt.mail.example.net.")],
        ))),
        tlsrpt_txt: Some(Ok(nxdomain("_smtp._tls.example.com", RecordType::Txt))),
        host_a: Some(Ok(a("mta-sts.example.com", "192.0.2.1"))),
        host_aaaa: Some(Ok(aaaa("mta-sts.example.com", "2001:db8::1"))),
        policy: Some(fetched(
            &policy_url(D),
            FetchOutcome::Read {
                status: 200,
                content_type: Some("text/html".into()),
                body: b"version: STSv1\nmode: enforced\nmx: mx1.example.com\nmax_age: 86400\n\n"
                    .to_vec(),
                truncated: false,
                size: None,
            },
        )),
        ..Observations::default()
    };
    build_report(&obs)
}

#[test]
fn json_export_has_stable_field_names() {
    let r = broken_report();
    let v: serde_json::Value = serde_json::from_str(&r.to_json()).expect("valid JSON");
    let keys = |v: &serde_json::Value| -> Vec<String> {
        let mut k: Vec<String> = v.as_object().expect("object").keys().cloned().collect();
        k.sort();
        k
    };
    assert_eq!(
        keys(&v),
        [
            "checks",
            "domain",
            "done",
            "mx",
            "next_steps",
            "policy_text",
            "summary",
            "timings",
            "verdict"
        ]
    );
    assert_eq!(v["domain"], "example.com");
    assert_eq!(v["done"], true);
    assert_eq!(v["verdict"], "broken");
    let checks = v["checks"].as_array().expect("checks");
    let ids: Vec<&str> = checks.iter().filter_map(|c| c["id"].as_str()).collect();
    assert_eq!(ids, CheckId::ALL.map(|c| c.as_str()));
    for c in checks {
        assert_eq!(keys(c), ["findings", "id", "severity"]);
        for f in c["findings"].as_array().expect("findings") {
            let k = keys(f);
            for required in ["check", "detail", "evidence", "severity", "title"] {
                assert!(k.iter().any(|x| x == required), "{k:?}");
            }
            for e in f["evidence"].as_array().expect("evidence") {
                assert!(e["label"].is_string() && e["text"].is_string(), "{e}");
            }
        }
    }
    assert_eq!(
        v["mx"][0],
        serde_json::json!({"preference": 10, "exchange": "mx1.example.com."})
    );
    let fetch = &checks[2]["findings"][0];
    assert_eq!(
        fetch["evidence"][0]["provenance"],
        serde_json::json!({"kind": "fetched"})
    );
    // Pending is null, not a made-up severity.
    let pending: serde_json::Value =
        serde_json::from_str(&build_report(&nothing_yet()).to_json()).expect("JSON");
    assert_eq!(pending["verdict"], serde_json::Value::Null);
    assert_eq!(pending["checks"][0]["severity"], serde_json::Value::Null);
}

#[test]
fn markdown_export_contains_every_failing_finding() {
    let r = broken_report();
    let md = r.to_markdown();
    assert!(md.starts_with("# MTA-STS check of example.com\n"));
    assert!(md.contains("**Verdict: broken.**"));
    let fails: Vec<_> = r
        .checks
        .iter()
        .flat_map(|c| &c.findings)
        .filter(|f| f.severity == Severity::Fail)
        .collect();
    assert!(fails.len() >= 3, "{fails:?}");
    for f in fails {
        let title = f.title.replace('<', "&lt;").replace('>', "&gt;");
        assert!(md.contains(&title), "missing {:?}", f.title);
        if let Some(paste) = f.fix.as_ref().and_then(|x| x.paste.as_ref()) {
            assert!(
                md.contains(paste.lines().next().unwrap_or_default()),
                "missing paste of {}",
                f.title
            );
        }
    }
    for id in CheckId::ALL {
        assert!(
            md.contains(&format!("(`{id}`)")),
            "{id} missing from the table"
        );
    }
    assert!(md.contains("## Policy\n"));
}

#[test]
fn served_text_never_becomes_markup_or_terminal_codes() {
    let hostile = "v=STSv1; id=1 <script>alert(1)</script> ``` \u{1b}[2J";
    let obs = Observations {
        domain: D.into(),
        sts_txt: Some(Ok(txt("_mta-sts.example.com", &[hostile]))),
        ..Observations::default()
    };
    let md = build_report(&obs).to_markdown();
    // Verbatim only inside code spans or blocks; escaped everywhere else.
    let mut in_block = false;
    for line in md.lines() {
        if line.starts_with("```") {
            in_block = !in_block;
        }
        if line.contains("<script>") {
            assert!(
                in_block || line.contains('`'),
                "raw markup outside code: {line}"
            );
        }
    }
    assert!(!md.contains('\u{1b}'), "{md}");
    assert!(md.contains("\\x1b[2J"), "{md}");
}

#[test]
fn to_fix_lists_failures_before_warnings() {
    let r = broken_report();
    let list = r.to_fix();
    let first_warn = list
        .iter()
        .position(|f| f.severity == Severity::Warn)
        .unwrap_or(list.len());
    assert!(list[..first_warn]
        .iter()
        .all(|f| f.severity == Severity::Fail));
    assert!(list[first_warn..]
        .iter()
        .all(|f| f.severity == Severity::Warn));
    assert!(
        first_warn > 0 && first_warn < list.len(),
        "both kinds expected"
    );
}

#[test]
fn cards_group_every_check_once() {
    let mut all: Vec<CheckId> = Card::ALL
        .iter()
        .flat_map(|c| c.checks().iter().copied())
        .collect();
    all.sort();
    assert_eq!(all, CheckId::ALL);
    for id in CheckId::ALL {
        assert!(Card::of(id).checks().contains(&id));
    }
    let empty = Report {
        domain: D.into(),
        done: false,
        verdict: None,
        summary: String::new(),
        next_steps: Vec::new(),
        checks: Vec::new(),
        mx: Vec::new(),
        policy_text: None,
        timings: Vec::new(),
        changes: None,
    };
    for id in CheckId::EVERY {
        assert_eq!(empty.check(id).id, id);
        assert_eq!(empty.check(id).severity, None);
    }
}

// ---- no panic on any observations ----

fn any_rcode() -> impl Strategy<Value = Rcode> {
    prop_oneof![
        Just(Rcode::NoError),
        Just(Rcode::NxDomain),
        Just(Rcode::ServFail),
        (0u16..30).prop_map(Rcode::Other)
    ]
}

fn any_answer(
    name: &'static str,
    rtype: RecordType,
) -> impl Strategy<Value = Option<mta_sts::lookup::Lookup>> {
    let text = proptest::collection::vec(any::<String>(), 0..3);
    prop_oneof![
        Just(None),
        Just(Some(Err(mta_sts::lookup::LookupError::new(
            "Google", "HTTP 503"
        )))),
        (any_rcode(), text, any::<bool>()).prop_map(move |(rcode, texts, ad)| {
            let mut answer: DnsAnswer = match rtype {
                RecordType::Mx => mx(name, &[]),
                _ => txt(name, &[]),
            };
            for t in &texts {
                answer.records.push(support::record(name, rtype, t));
            }
            answer.rcode = rcode;
            answer.authenticated = ad;
            Some(Ok(answer))
        }),
    ]
}

fn any_fetch() -> impl Strategy<Value = Option<PolicyObservation>> {
    prop_oneof![
        Just(None),
        Just(Some(fetched(&policy_url(D), FetchOutcome::Unreadable))),
        (
            any::<u16>(),
            proptest::option::of(any::<String>()),
            proptest::collection::vec(any::<u8>(), 0..200),
            proptest::option::of(any::<u32>())
        )
            .prop_map(
                |(status, content_type, body, elapsed_ms)| Some(PolicyObservation {
                    elapsed_ms,
                    ..fetched(
                        &policy_url(D),
                        FetchOutcome::Read {
                            status,
                            content_type,
                            body,
                            truncated: false,
                            size: None
                        }
                    )
                })
            ),
        (
            proptest::option::of(any::<u16>()),
            proptest::option::of(any::<String>())
        )
            .prop_map(|(status, location)| Some(fetched(
                &policy_url(D),
                FetchOutcome::Redirect { status, location }
            ))),
        any::<u32>()
            .prop_map(|after_ms| Some(fetched(&policy_url(D), FetchOutcome::Timeout { after_ms }))),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]
    #[test]
    fn any_observations_give_a_report_without_panic(
        sts in any_answer("_mta-sts.example.com", RecordType::Txt),
        apex in any_answer("example.com", RecordType::Txt),
        mxs in any_answer("example.com", RecordType::Mx),
        rpt in any_answer("_smtp._tls.example.com", RecordType::Txt),
        host in any_answer("mta-sts.example.com", RecordType::A),
        policy in any_fetch(),
        paste in proptest::option::of(proptest::collection::vec(any::<u8>(), 0..200)),
    ) {
        let obs = Observations {
            domain: D.into(),
            sts_txt: sts,
            apex_txt: apex,
            mx: mxs,
            tlsrpt_txt: rpt,
            host_a: host.clone(),
            host_aaaa: host,
            policy,
            ..Observations::default()
        };
        let pasted = paste.map(|p| mta_sts::report::parse_pasted(&p));
        let r = mta_sts::report::build_report_with_paste(&obs, pasted.as_ref());
        prop_assert_eq!(r.checks.len(), CheckId::ALL.len());
        prop_assert_eq!(r.verdict.is_some(), r.done);
        let _ = (r.to_json(), r.to_markdown());
    }
}

const RELAY_CHECKS: [CheckId; 3] = [
    CheckId::PolicyCertificate,
    CheckId::MxStarttls,
    CheckId::MxCertificate,
];

#[test]
fn a_pending_probe_keeps_the_three_relay_checks_pending() {
    let (resolver, fetcher) = healthy_fakes();
    // The relay answers after everything else.
    let prober = FakeProber::failing("relay.example.org", 10);
    let probe = Request::relay_probe("relay.example.org");
    let clock = resolver.log.clock();
    let mut updates = Vec::new();
    let obs = block_on(pipeline::run(
        D,
        &resolver,
        &fetcher,
        Some(&prober),
        &clock,
        |o| updates.push((o.pending.contains(&probe), build_report(o))),
    ));
    let (waiting, answered): (Vec<_>, Vec<_>) = updates.into_iter().partition(|(p, _)| *p);
    assert_eq!(answered.len(), 1, "the probe's answer is the last update");
    // Every other lookup answered while the probe was still pending: all but the relay's
    // checks are decided, and there is no verdict yet.
    let (_, before) = waiting.last().expect("updates while the probe is pending");
    for (_, r) in &waiting {
        assert!(!r.done && r.verdict.is_none());
        for id in RELAY_CHECKS {
            assert_eq!(r.check(id).severity, None, "{id} decided while pending");
        }
    }
    for c in before
        .checks
        .iter()
        .filter(|c| !RELAY_CHECKS.contains(&c.id))
    {
        assert!(c.severity.is_some(), "{} still pending", c.id);
    }
    let last = build_report(&obs);
    assert!(last.done);
    // A relay that could not probe leaves its checks unknown, so enforce is not verified.
    assert_eq!(last.verdict, Some(Verdict::Unverified), "{}", last.summary);
    for id in RELAY_CHECKS {
        assert_eq!(last.check(id).severity, Some(Severity::Unknown), "{id}");
    }
    // The probe has its row in the timings, last, as it answered last.
    assert_eq!(last.timings.len(), 10);
    assert_eq!(
        last.timings.last().map(|t| t.request.to_string()),
        Some("RELAY relay.example.org".to_owned())
    );
}

#[test]
fn an_unreadable_mx_record_is_kept_as_unreadable() {
    let mut answer = mx(D, &[(10, "mx1.example.com.")]);
    answer
        .records
        .push(record(D, RecordType::Mx, "mx2.example.com."));
    let obs = Observations {
        mx: Some(Ok(answer)),
        ..support::healthy()
    };
    let report = build_report(&obs);
    // Left out of the MX set…
    assert_eq!(report.mx.len(), 1);
    assert_eq!(report.mx[0].exchange, "mx1.example.com.");
    // …and shown as it was published.
    let mx_records = report.check(CheckId::MxRecords);
    let unreadable: Vec<_> = mx_records
        .findings
        .iter()
        .filter(|f| f.severity == Severity::Unknown)
        .collect();
    assert_eq!(unreadable.len(), 1, "{:?}", mx_records.findings);
    assert_eq!(unreadable[0].title, "An MX record could not be read");
    let evidence: Vec<_> = unreadable[0]
        .evidence
        .iter()
        .map(|e| (e.label.as_str(), e.text.as_str()))
        .collect();
    assert_eq!(evidence, [("MX example.com", "mx2.example.com.")]);
}
