//! A policy this browser could not read (the host sends no CORS header): the report leads
//! with the three ways to finish the check, easiest first, exactly when they are needed, and
//! the checks that depend on the policy each say so in one line. Findings are found by code.

#[allow(unused_imports)]
mod support;

use mta_sts::lookup::{policy_url, FetchOutcome, PolicyObservation, RecordType};
use mta_sts::pipeline::{Observations, Request};
use mta_sts::relay::{MxProbes, PolicyProbe, ProbeObservation, ProbeResponse};
use mta_sts::report::{
    build_report, build_report_with_paste, parse_pasted, NextStep, Report, Verdict, Way,
};
use mta_sts::{CheckId, Code, Provenance, Severity};
use support::{codes, fetched, healthy, nxdomain, ok, one, D, ENFORCE};

fn unreadable() -> Option<PolicyObservation> {
    Some(fetched(&policy_url(D), FetchOutcome::Unreadable))
}

/// A domain with MTA-STS whose policy host sends no CORS header, and no relay.
fn no_cors() -> Observations {
    Observations {
        policy: unreadable(),
        ..healthy()
    }
}

/// A relay at relay.example.org that read `body` with status 200 (and saw no MX host).
fn relay_read(body: &str) -> ProbeObservation {
    ProbeObservation {
        source: Provenance::Relayed {
            host: "relay.example.org".into(),
        },
        result: Ok(ProbeResponse {
            domain: D.into(),
            checked_at: "2025-06-01T00:00:00Z".into(),
            checked_at_unix: 1_748_736_000,
            policy: PolicyProbe {
                url: policy_url(D),
                status: Some(200),
                content_type: Some("text/plain".into()),
                body: Some(body.into()),
                ..PolicyProbe::default()
            },
            mx: MxProbes::default(),
        }),
    }
}

fn ways(r: &Report) -> Vec<Way> {
    r.next_steps.iter().map(|s| s.way).collect()
}

/// The checks that need the policy, with the code each shows when it could not be read.
const NEEDS_THE_POLICY: [(CheckId, Code); 7] = [
    (CheckId::PolicyContentType, Code::PolicyContentTypeNotRead),
    (CheckId::PolicySyntax, Code::PolicySyntaxNotRead),
    (CheckId::PolicyVersion, Code::PolicyVersionNotRead),
    (CheckId::PolicyMode, Code::PolicyModeNotRead),
    (CheckId::PolicyMaxAge, Code::PolicyMaxAgeNotRead),
    (CheckId::PolicyMx, Code::PolicyMxNotRead),
    (CheckId::MxCoverage, Code::MxCoverageNotRead),
];

/// The checks a relay or `mta-sts check` completes, with their code without a relay.
const NEED_A_RELAY: [(CheckId, Code); 3] = [
    (CheckId::PolicyCertificate, Code::PolicyCertificateNoRelay),
    (CheckId::MxStarttls, Code::MxStarttlsNoRelay),
    (CheckId::MxCertificate, Code::MxCertificateNoRelay),
];

#[test]
fn an_unread_policy_leads_with_three_ways_easiest_first() {
    let r = build_report(&no_cors());
    assert_eq!(r.verdict, Some(Verdict::Unverified), "{}", r.summary);
    assert_eq!(
        r.next_steps,
        [
            NextStep {
                way: Way::Cli,
                command: Some("mta-sts check example.com".into()),
            },
            NextStep {
                way: Way::Curl,
                command: Some(
                    "curl -si https://mta-sts.example.com/.well-known/mta-sts.txt".into()
                ),
            },
            NextStep {
                way: Way::Relay,
                command: None,
            },
        ]
    );
}

#[test]
fn each_check_that_needs_the_policy_says_so_in_one_line() {
    let r = build_report(&no_cors());
    for (id, code) in NEEDS_THE_POLICY {
        let findings = &r.check(id).findings;
        assert_eq!(findings.len(), 1, "{id}: {:?}", codes(findings));
        let f = one(findings, code);
        assert_eq!(f.severity, Severity::Unknown, "{id}");
        // Its title alone: nothing to open, no paragraph repeated under every check.
        assert!(f.detail.is_empty(), "{id}: {}", f.detail);
        assert!(f.evidence.is_empty() && f.fix.is_none() && f.reference.is_none());
        assert!(!f.title.contains('\n'));
    }
    for (id, code) in NEED_A_RELAY {
        let f = one(&r.check(id).findings, code);
        assert_eq!(f.severity, Severity::Skip, "{id}");
        assert!(f.detail.is_empty() && f.fix.is_none(), "{id}: {}", f.detail);
    }
    // The fetch's finding stays, as the evidence, and points up instead of giving a command.
    let f = one(
        &r.check(CheckId::PolicyFetch).findings,
        Code::PolicyFetchNoCors,
    );
    assert_eq!(f.severity, Severity::Unknown);
    assert_eq!(f.evidence.len(), 1);
    assert!(f.fix.is_none(), "{:?}", f.fix);
}

#[test]
fn a_policy_that_was_read_needs_no_ways() {
    let r = build_report(&healthy());
    assert_eq!(r.verdict, Some(Verdict::Enforce), "{}", r.summary);
    assert_eq!(r.next_steps, []);
    // The relay checks keep their paragraph and the command to run by hand.
    for (id, code) in NEED_A_RELAY {
        let f = one(&r.check(id).findings, code);
        assert!(!f.detail.is_empty() && f.fix.is_some(), "{id}");
    }
}

#[test]
fn a_policy_that_is_not_served_needs_no_ways() {
    for outcome in [
        FetchOutcome::Read {
            status: 404,
            content_type: Some("text/html".into()),
            body: b"not found".to_vec(),
            truncated: false,
            size: None,
        },
        FetchOutcome::Redirect {
            status: None,
            location: None,
        },
        FetchOutcome::ConnectFailed {
            message: "TypeError: Failed to fetch".into(),
        },
        FetchOutcome::Timeout { after_ms: 15_000 },
    ] {
        let obs = Observations {
            policy: Some(fetched(&policy_url(D), outcome.clone())),
            ..healthy()
        };
        let r = build_report(&obs);
        assert_eq!(r.verdict, Some(Verdict::Broken), "{outcome:?}");
        assert_eq!(r.next_steps, [], "{outcome:?}");
    }
}

#[test]
fn a_domain_without_mta_sts_needs_no_ways() {
    let obs = Observations {
        sts_txt: ok(nxdomain("_mta-sts.example.com", RecordType::Txt)),
        ..no_cors()
    };
    let r = build_report(&obs);
    assert_eq!(r.verdict, Some(Verdict::Absent), "{}", r.summary);
    assert_eq!(r.next_steps, []);
}

#[test]
fn a_relay_that_read_the_policy_completes_the_check() {
    let obs = Observations {
        relay: Some(relay_read(ENFORCE)),
        ..no_cors()
    };
    let r = build_report(&obs);
    assert!(r.done);
    assert_eq!(r.next_steps, []);
    // The content checks ran on the relay's copy.
    let mode = &r.check(CheckId::PolicyMode).findings;
    assert_eq!(one(mode, Code::PolicyModeEnforce).severity, Severity::Pass);
    let coverage = &r.check(CheckId::MxCoverage).findings;
    assert_eq!(
        one(coverage, Code::MxCoverageCovered).severity,
        Severity::Pass
    );
}

#[test]
fn while_a_relay_may_still_read_it_the_policy_checks_wait() {
    let obs = Observations {
        pending: vec![Request::relay_probe("relay.example.org")],
        ..no_cors()
    };
    let r = build_report(&obs);
    assert!(!r.done);
    assert_eq!(r.next_steps, []);
    for (id, _) in NEEDS_THE_POLICY {
        assert_eq!(r.check(id).severity, None, "{id} decided before the relay");
    }
}

#[test]
fn a_relay_that_failed_leaves_the_three_ways() {
    let obs = Observations {
        relay: Some(ProbeObservation {
            source: Provenance::Relayed {
                host: "relay.example.org".into(),
            },
            result: Err("the relay could not be reached".into()),
        }),
        ..no_cors()
    };
    let r = build_report(&obs);
    assert_eq!(r.verdict, Some(Verdict::Unverified), "{}", r.summary);
    assert_eq!(ways(&r), Way::ALL);
    for (id, code) in NEEDS_THE_POLICY {
        assert_eq!(one(&r.check(id).findings, code).severity, Severity::Unknown);
    }
    // The relay's own findings say what went wrong: they are not shortened.
    let f = one(
        &r.check(CheckId::MxStarttls).findings,
        Code::MxStarttlsRelayFailed,
    );
    assert!(!f.detail.is_empty());
}

#[test]
fn a_pasted_policy_needs_no_ways_and_the_fetch_keeps_its_command() {
    let body = parse_pasted(ENFORCE.as_bytes());
    let r = build_report_with_paste(&no_cors(), Some(&body));
    assert_eq!(r.next_steps, []);
    // The body was pasted, so whether the host serves it is still open: the curl command
    // stays under the fetch, as the one way left.
    let f = one(
        &r.check(CheckId::PolicyFetch).findings,
        Code::PolicyFetchNoCors,
    );
    let paste = f.fix.as_ref().and_then(|x| x.paste.as_deref());
    assert_eq!(
        paste,
        Some("curl -si https://mta-sts.example.com/.well-known/mta-sts.txt")
    );
    let curl = format!("HTTP/2 200 \r\ncontent-type: text/plain\r\n\r\n{ENFORCE}");
    let r = build_report_with_paste(&no_cors(), Some(&parse_pasted(curl.as_bytes())));
    assert_eq!(r.verdict, Some(Verdict::Enforce), "{}", r.summary);
    assert_eq!(r.next_steps, []);
}

#[test]
fn the_commands_hold_the_domain_as_checked_lower_case_a_labels_only() {
    let with_domain = |domain: &str| Observations {
        domain: domain.into(),
        policy: Some(fetched(&policy_url(domain), FetchOutcome::Unreadable)),
        ..healthy()
    };
    let cli = |r: &Report| r.next_steps.first().and_then(|s| s.command.clone());
    let r = build_report(&with_domain("xn--bcher-kva.example"));
    assert_eq!(
        cli(&r).as_deref(),
        Some("mta-sts check xn--bcher-kva.example")
    );
    let r = build_report(&with_domain("Example.COM."));
    assert_eq!(cli(&r).as_deref(), Some("mta-sts check example.com"));
    // Never text that is not a host name: the command is pasted into a shell.
    for bad in [
        "example.com; rm -rf ~",
        "$(id).example.com",
        "bücher.example",
    ] {
        let r = build_report(&with_domain(bad));
        assert_eq!(r.next_steps, [], "{bad}");
        // The fetch then keeps its finding as it was before the ways, fix included.
        let f = one(
            &r.check(CheckId::PolicyFetch).findings,
            Code::PolicyFetchNoCors,
        );
        assert!(f.fix.is_some(), "{bad}: the fetch keeps its command");
        for (id, code) in NEEDS_THE_POLICY {
            let f = one(&r.check(id).findings, code);
            assert!(!f.title.contains("see above"), "{bad}: {id} points up");
        }
    }
}

#[test]
fn the_exports_carry_the_three_ways() {
    let r = build_report(&no_cors());
    let md = r.to_markdown();
    let at = |text: &str| {
        md.find(text)
            .unwrap_or_else(|| panic!("no {text:?} in\n{md}"))
    };
    // Under the verdict, before the table of checks, in order.
    assert!(at("**Verdict: unverified.**") < at("## Finish the check"));
    assert!(at("## Finish the check") < at("| Card | Check | Result |"));
    assert!(at("1. **Run the check from a terminal.**") < at("`mta-sts check example.com`"));
    assert!(
        at("`mta-sts check example.com`")
            < at("`curl -si https://mta-sts.example.com/.well-known/mta-sts.txt`")
    );
    assert!(at("2. **Paste the policy") < at("3. **Configure a probe relay.**"));
    // The checks that need the policy are one heading together, with no paragraph.
    assert!(md.contains(
        "`policy-syntax.not-read`, `policy-version.not-read`, `policy-mode.not-read`, \
         `policy-max-age.not-read`, `policy-mx.not-read`"
    ));
    let v: serde_json::Value = serde_json::from_str(&r.to_json()).expect("JSON");
    assert_eq!(
        v["next_steps"],
        serde_json::json!([
            {"way": "cli", "command": "mta-sts check example.com"},
            {"way": "curl", "command": "curl -si https://mta-sts.example.com/.well-known/mta-sts.txt"},
            {"way": "relay"},
        ])
    );
    let healthy = build_report(&healthy());
    assert!(!healthy.to_markdown().contains("Finish the check"));
    let v: serde_json::Value = serde_json::from_str(&healthy.to_json()).expect("JSON");
    assert_eq!(v["next_steps"], serde_json::json!([]));
}
