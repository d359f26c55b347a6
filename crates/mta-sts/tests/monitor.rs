//! The monitor: snapshots of what a check saw, and the `policy-change` findings of one
//! snapshot against the last. Findings are asserted by code and severity, never by wording.

#[allow(unused_imports)]
mod support;

use mta_sts::lookup::{policy_url, FetchOutcome, LookupError, RecordType};
use mta_sts::monitor::{
    cached_until, compare, compare_kept, expiry, CertificateExpiry, Kept, Seen, Snapshot,
};
use mta_sts::pipeline::Observations;
use mta_sts::policy::Mode;
use mta_sts::record::parse_sts_record;
use mta_sts::relay::{
    CertificateFacts, MxProbe, MxProbes, PolicyProbe, ProbeObservation, ProbeResponse,
};
use mta_sts::report::build_report;
use mta_sts::{CheckId, Code, Finding, Provenance, Severity};
use support::{codes, fetched, healthy, mx, nxdomain, ok, policy_ok, servfail, txt, D, ENFORCE};

/// A day later than `T0`: the time of the second run.
const T0: i64 = 1_764_806_400; // 2025-12-04 00:00 UTC
const T1: i64 = T0 + 86_400;
const DAY: i64 = 86_400;

const NEW_ID: &str = "v=STSv1; id=20251204T000000Z";

fn with_policy(mut obs: Observations, body: &str) -> Observations {
    obs.policy = Some(policy_ok(&policy_url(D), body));
    obs
}

fn with_record(mut obs: Observations, record: &str) -> Observations {
    obs.sts_txt = ok(txt("_mta-sts.example.com", &[record]));
    obs
}

fn with_mx(mut obs: Observations, hosts: &[(u16, &str)]) -> Observations {
    obs.mx = ok(mx(D, hosts));
    obs
}

/// The findings of a second run seeing `now`, after a first run that saw `before`.
fn run(before: &Observations, now: &Observations) -> Vec<Finding> {
    let previous = Snapshot::of(before, T0);
    compare(Some(&previous), &Snapshot::of(now, T1))
}

/// Exactly these (code, severity) pairs, in any order.
fn exactly(findings: &[Finding], want: &[(Code, Severity)]) {
    let mut got = codes(findings);
    let mut want = want.to_vec();
    got.sort();
    want.sort();
    assert_eq!(got, want);
    for f in findings {
        assert_eq!(f.check, CheckId::PolicyChange);
    }
}

fn failed_lookup() -> Option<mta_sts::lookup::Lookup> {
    Some(Err(LookupError::new("Fake", "timed out")))
}

fn connect_failed() -> Option<mta_sts::lookup::PolicyObservation> {
    Some(fetched(
        &policy_url(D),
        FetchOutcome::ConnectFailed {
            message: "connection refused".into(),
        },
    ))
}

const TESTING: &str =
    "version: STSv1\nmode: testing\nmx: mx1.example.com\nmx: mx2.example.com\nmax_age: 1209600\n";
const NONE: &str = "version: STSv1\nmode: none\nmax_age: 86400\n";

#[test]
fn first_run_records_the_state() {
    let now = Snapshot::of(&healthy(), T0);
    exactly(
        &compare(None, &now),
        &[(Code::PolicyChangeFirstRun, Severity::Info)],
    );
}

#[test]
fn nothing_changed_is_one_pass() {
    exactly(
        &run(&healthy(), &healthy()),
        &[(Code::PolicyChangeUnchanged, Severity::Pass)],
    );
}

#[test]
fn what_a_snapshot_holds() {
    let s = Snapshot::of(&healthy(), T0);
    assert_eq!(s.domain, D);
    assert_eq!(s.checked_at_unix, T0);
    assert_eq!(s.record, Seen::Present);
    assert_eq!(s.record_ids, ["20240131T120000Z"]);
    assert_eq!(s.policy, Seen::Present);
    assert_eq!(s.policy_hash.as_deref().map(str::len), Some(16));
    assert_eq!(s.mode, Some(Mode::Enforce));
    assert_eq!(s.max_age, Some(1_209_600));
    assert_eq!(s.mx_patterns, ["mx1.example.com", "mx2.example.com"]);
    // Lower case, without the root dot, sorted.
    let upper = with_mx(
        healthy(),
        &[(20, "MX2.example.com."), (10, "mx1.example.com.")],
    );
    assert_eq!(
        Snapshot::of(&upper, T0).mx_hosts,
        Some(vec!["mx1.example.com".into(), "mx2.example.com".into()])
    );
    // The same body gives the same hash; another body another.
    let again = Snapshot::of(&healthy(), T1);
    assert_eq!(s.policy_hash, again.policy_hash);
    let other = Snapshot::of(&with_policy(healthy(), TESTING), T0);
    assert_ne!(s.policy_hash, other.policy_hash);
}

#[test]
fn policy_changed_under_the_same_id_fails_and_gives_a_fresh_id() {
    let findings = run(&healthy(), &with_policy(healthy(), TESTING));
    exactly(
        &findings,
        &[
            (Code::PolicyChangePolicyChangedIdSame, Severity::Fail),
            (Code::PolicyChangeModeDown, Severity::Warn),
        ],
    );
    let f = findings
        .iter()
        .find(|f| f.code == Code::PolicyChangePolicyChangedIdSame)
        .unwrap();
    let paste = f.fix.as_ref().and_then(|x| x.paste.as_deref()).unwrap();
    let record = parse_sts_record(paste).expect("the fix is a valid record");
    assert_ne!(record.id, "20240131T120000Z");
    assert!(!f.evidence.is_empty());
}

#[test]
fn the_fail_says_until_when_senders_keep_the_old_policy() {
    let findings = run(&healthy(), &with_policy(healthy(), TESTING));
    let f = findings
        .iter()
        .find(|f| f.code == Code::PolicyChangePolicyChangedIdSame)
        .unwrap();
    // This check's time (T1) plus the old max_age (14 days).
    let until = "2025-12-19 00:00 UTC";
    assert!(f.detail.contains(until), "{}", f.detail);
    assert!(f
        .evidence
        .iter()
        .any(|e| e.label == "old policy cached until" && e.text == until));
}

#[test]
fn cached_until_is_the_check_time_plus_max_age() {
    let seen = Snapshot::of(&healthy(), T0);
    assert_eq!(cached_until(&seen).as_deref(), Some("2025-12-18 00:00 UTC"));
    let no_policy = Snapshot::of(&with_policy(healthy(), "not a policy"), T0);
    assert_eq!(cached_until(&no_policy), None);
}

#[test]
fn the_browser_names_itself_as_the_place_of_the_last_check() {
    let now = Snapshot::of(&healthy(), T1);
    let first = compare_kept(None, &now, Kept::Browser);
    assert!(first[0].title.contains("in this browser"));
    let same = compare_kept(Some(&Snapshot::of(&healthy(), T0)), &now, Kept::Browser);
    exactly(&same, &[(Code::PolicyChangeUnchanged, Severity::Pass)]);
    assert!(same[0]
        .title
        .contains("the last check in this browser on 2025-12-04 00:00 UTC"));
    // The state file's words stay as they were.
    let file = compare(Some(&Snapshot::of(&healthy(), T0)), &now);
    assert!(file[0]
        .title
        .contains("the last check (2025-12-04 00:00 UTC)"));
}

#[test]
fn mx_patterns_changed_under_the_same_id_fails() {
    let more = format!("{ENFORCE}mx: mx3.example.com\n");
    exactly(
        &run(&healthy(), &with_policy(healthy(), &more)),
        &[(Code::PolicyChangePolicyChangedIdSame, Severity::Fail)],
    );
}

#[test]
fn only_the_text_changed_is_info() {
    // CRLF line ends and another order: senders read the same policy.
    let same = "version: STSv1\r\nmx: mx1.example.com\r\nmx: mx2.example.com\r\nmode: enforce\r\nmax_age: 1209600\r\n";
    exactly(
        &run(&healthy(), &with_policy(healthy(), same)),
        &[(Code::PolicyChangePolicyChangedIdSame, Severity::Info)],
    );
}

#[test]
fn id_changed_is_info_with_or_without_a_new_policy() {
    exactly(
        &run(&healthy(), &with_record(healthy(), NEW_ID)),
        &[(Code::PolicyChangeIdChanged, Severity::Info)],
    );
    let more = format!("{ENFORCE}mx: mx3.example.com\n");
    exactly(
        &run(
            &healthy(),
            &with_policy(with_record(healthy(), NEW_ID), &more),
        ),
        &[(Code::PolicyChangeIdChanged, Severity::Info)],
    );
}

#[test]
fn a_policy_change_without_a_usable_id_is_info() {
    // A record without a valid id, before and now: no senders use the policy.
    let broken = with_record(healthy(), "v=STSv1; id=bad-id!");
    let more = format!("{ENFORCE}mx: mx3.example.com\n");
    exactly(
        &run(&broken, &with_policy(broken.clone(), &more)),
        &[(Code::PolicyChangePolicyChanged, Severity::Info)],
    );
}

#[test]
fn mode_down_warns_and_mode_up_is_info() {
    let testing = with_policy(with_record(healthy(), NEW_ID), TESTING);
    exactly(
        &run(&healthy(), &testing),
        &[
            (Code::PolicyChangeIdChanged, Severity::Info),
            (Code::PolicyChangeModeDown, Severity::Warn),
        ],
    );
    let before = with_policy(healthy(), TESTING);
    exactly(
        &run(&before, &with_record(healthy(), NEW_ID)),
        &[
            (Code::PolicyChangeIdChanged, Severity::Info),
            (Code::PolicyChangeModeUp, Severity::Info),
        ],
    );
    // Testing to none, with the MX lines gone too.
    let none = with_policy(with_record(healthy(), NEW_ID), NONE);
    let findings = run(&before, &none);
    assert!(support::has(
        &findings,
        Code::PolicyChangeModeDown,
        Severity::Warn
    ));
    assert!(support::has(
        &findings,
        Code::PolicyChangeMaxAgeShorter,
        Severity::Info
    ));
}

#[test]
fn shorter_max_age_is_info() {
    let shorter = ENFORCE.replace("1209600", "604800");
    exactly(
        &run(
            &healthy(),
            &with_policy(with_record(healthy(), NEW_ID), &shorter),
        ),
        &[
            (Code::PolicyChangeIdChanged, Severity::Info),
            (Code::PolicyChangeMaxAgeShorter, Severity::Info),
        ],
    );
}

#[test]
fn a_new_mx_host_the_policy_does_not_cover_is_judged_by_the_mode() {
    let three = [
        (10, "mx1.example.com."),
        (20, "mx2.example.com."),
        (30, "mx3.other.example."),
    ];
    for (body, severity) in [
        (ENFORCE, Severity::Fail),
        (TESTING, Severity::Warn),
        (NONE, Severity::Info),
    ] {
        let before = with_policy(healthy(), body);
        let now = with_mx(before.clone(), &three);
        let findings = run(&before, &now);
        exactly(&findings, &[(Code::PolicyChangeMxUncovered, severity)]);
        assert!(findings[0].fix.is_some());
    }
}

#[test]
fn a_covered_mx_change_is_info() {
    let one = with_mx(healthy(), &[(10, "mx1.example.com.")]);
    exactly(
        &run(&healthy(), &one),
        &[(Code::PolicyChangeMxChanged, Severity::Info)],
    );
    // Back to two: mx2 is covered by the policy.
    exactly(
        &run(&one, &healthy()),
        &[(Code::PolicyChangeMxChanged, Severity::Info)],
    );
}

#[test]
fn no_mx_records_make_the_domain_itself_the_new_host() {
    let mut none = healthy();
    none.mx = ok(mx(D, &[]));
    exactly(
        &run(&healthy(), &none),
        &[(Code::PolicyChangeMxUncovered, Severity::Fail)],
    );
}

#[test]
fn record_gone_fails_after_enforce_and_is_info_after_none() {
    let mut gone = healthy();
    gone.sts_txt = ok(nxdomain("_mta-sts.example.com", RecordType::Txt));
    exactly(
        &run(&healthy(), &gone),
        &[(Code::PolicyChangeRecordGone, Severity::Fail)],
    );
    let before = with_policy(healthy(), NONE);
    let mut after = gone.clone();
    after.policy = before.policy.clone();
    exactly(
        &run(&before, &after),
        &[(Code::PolicyChangeRecordGone, Severity::Info)],
    );
    // And back again.
    exactly(
        &run(&gone, &healthy()),
        &[(Code::PolicyChangeRecordBack, Severity::Info)],
    );
}

#[test]
fn policy_gone_fails_unless_withdrawn() {
    let mut gone = healthy();
    gone.policy = connect_failed();
    exactly(
        &run(&healthy(), &gone),
        &[(Code::PolicyChangePolicyGone, Severity::Fail)],
    );
    // A 404 is gone too.
    let mut missing = healthy();
    missing.policy = Some(fetched(
        &policy_url(D),
        FetchOutcome::Read {
            status: 404,
            content_type: Some("text/html".into()),
            body: b"not found".to_vec(),
            truncated: false,
            size: None,
        },
    ));
    exactly(
        &run(&healthy(), &missing),
        &[(Code::PolicyChangePolicyGone, Severity::Fail)],
    );
    // The end of a withdrawal: mode none, then the record and the policy removed.
    let before = with_policy(healthy(), NONE);
    let mut withdrawn = gone.clone();
    withdrawn.sts_txt = ok(nxdomain("_mta-sts.example.com", RecordType::Txt));
    exactly(
        &run(&before, &withdrawn),
        &[
            (Code::PolicyChangeRecordGone, Severity::Info),
            (Code::PolicyChangePolicyGone, Severity::Info),
        ],
    );
    exactly(
        &run(&gone, &healthy()),
        &[(Code::PolicyChangePolicyBack, Severity::Info)],
    );
}

#[test]
fn a_dns_failure_this_run_is_unknown_not_gone() {
    // No resolver answered: the record, the MX hosts and even the failed fetch are unknown.
    let mut offline = healthy();
    offline.sts_txt = failed_lookup();
    offline.mx = failed_lookup();
    offline.policy = connect_failed();
    let now = Snapshot::of(&offline, T1);
    assert_eq!(now.record, Seen::Unknown);
    assert_eq!(now.policy, Seen::Unknown);
    assert_eq!(now.mx_hosts, None);
    let findings = run(&healthy(), &offline);
    exactly(
        &findings,
        &[(Code::PolicyChangeNotCompared, Severity::Unknown)],
    );

    // SERVFAIL for the record: not gone either.
    let mut servfailed = healthy();
    servfailed.sts_txt = ok(servfail("_mta-sts.example.com", RecordType::Txt));
    exactly(
        &run(&healthy(), &servfailed),
        &[(Code::PolicyChangeNotCompared, Severity::Unknown)],
    );

    // A policy the browser may not read (no CORS header): not compared.
    let mut unreadable = healthy();
    unreadable.policy = Some(fetched(&policy_url(D), FetchOutcome::Unreadable));
    exactly(
        &run(&healthy(), &unreadable),
        &[(Code::PolicyChangeNotCompared, Severity::Unknown)],
    );
}

#[test]
fn what_no_run_could_see_before_is_a_first_run_not_unchanged() {
    let mut offline = healthy();
    offline.sts_txt = failed_lookup();
    offline.mx = failed_lookup();
    offline.policy = connect_failed();
    // The very first run was offline: nothing was ever seen.
    let first = Snapshot::of(&offline, T0);
    exactly(
        &compare(Some(&first), &Snapshot::of(&offline, T1)),
        &[(Code::PolicyChangeNotCompared, Severity::Unknown)],
    );
    exactly(
        &compare(Some(&first), &Snapshot::of(&healthy(), T1)),
        &[(Code::PolicyChangeFirstRun, Severity::Info)],
    );
}

#[test]
fn what_was_not_seen_is_remembered_for_the_next_run() {
    let first = Snapshot::of(&healthy(), T0);
    let mut offline = healthy();
    offline.sts_txt = failed_lookup();
    offline.mx = failed_lookup();
    offline.policy = connect_failed();
    let second = Snapshot::of(&offline, T1);
    let kept = second.remembered(Some(&first));
    assert_eq!(kept.checked_at_unix, T1);
    assert_eq!(kept.record_ids, first.record_ids);
    assert_eq!(kept.policy_hash, first.policy_hash);
    assert_eq!(kept.mx_hosts, first.mx_hosts);
    // The third run, online again and unchanged, compares with what was last seen.
    let third = Snapshot::of(&healthy(), T1 + DAY);
    exactly(
        &compare(Some(&kept), &third),
        &[(Code::PolicyChangeUnchanged, Severity::Pass)],
    );
    // And a change made while offline is still caught.
    let changed = Snapshot::of(&with_policy(healthy(), TESTING), T1 + DAY);
    assert!(support::has(
        &compare(Some(&kept), &changed),
        Code::PolicyChangePolicyChangedIdSame,
        Severity::Fail
    ));
    assert_eq!(first.remembered(None), first);
}

fn cert(name: &str, not_after_unix: i64) -> CertificateFacts {
    CertificateFacts {
        name: name.into(),
        not_after_unix,
        verified: true,
        valid_for_name: true,
        ..CertificateFacts::default()
    }
}

fn mx_probe(host: &str, not_after_unix: i64) -> MxProbe {
    MxProbe {
        host: host.into(),
        preference: 10,
        starttls_offered: Some(true),
        certificate: Some(cert(host, not_after_unix)),
        ..MxProbe::default()
    }
}

/// The healthy domain probed at `T1`: the policy host's certificate and the MX hosts'.
fn probed(policy_days: i64, mx: &[(&str, i64)]) -> Observations {
    let mut obs = healthy();
    obs.relay = Some(ProbeObservation {
        source: Provenance::Probed,
        result: Ok(ProbeResponse {
            domain: D.into(),
            checked_at: String::new(),
            checked_at_unix: T1,
            policy: PolicyProbe {
                status: Some(200),
                body: Some(ENFORCE.into()),
                certificate: Some(cert("mta-sts.example.com", T1 + policy_days * DAY)),
                ..PolicyProbe::default()
            },
            mx: MxProbes {
                hosts: mx
                    .iter()
                    .map(|(h, days)| mx_probe(h, T1 + days * DAY))
                    .collect(),
                ..MxProbes::default()
            },
        }),
    });
    obs
}

#[test]
fn certificates_warn_at_14_days_and_fail_at_3() {
    let obs = probed(20, &[("mx1.example.com", 10), ("MX2.example.com", 2)]);
    let now = Snapshot::of(&obs, T1);
    let hosts: Vec<&str> = now.certificates.iter().map(|c| c.host.as_str()).collect();
    assert_eq!(
        hosts,
        ["mta-sts.example.com", "mx1.example.com", "mx2.example.com"]
    );
    exactly(
        &expiry(&now),
        &[
            (Code::PolicyChangeCertificateExpiring, Severity::Warn),
            (Code::PolicyChangeCertificateExpiring, Severity::Fail),
        ],
    );
    // An hour left, and an hour past.
    let s = |not_after_unix| Snapshot {
        certificates: vec![CertificateExpiry {
            host: "mx1.example.com".into(),
            not_after_unix,
        }],
        ..now.clone()
    };
    exactly(
        &expiry(&s(T1 + 3600)),
        &[(Code::PolicyChangeCertificateExpiring, Severity::Fail)],
    );
    exactly(
        &expiry(&s(T1 - 3600)),
        &[(Code::PolicyChangeCertificateExpired, Severity::Fail)],
    );
    exactly(&expiry(&s(T1 + 20 * DAY)), &[]);
    // compare adds them to the changes, first run or not.
    let findings = compare(None, &now);
    assert!(support::has(
        &findings,
        Code::PolicyChangeFirstRun,
        Severity::Info
    ));
    assert!(support::has(
        &findings,
        Code::PolicyChangeCertificateExpiring,
        Severity::Fail
    ));
    let findings = compare(Some(&Snapshot::of(&obs, T0)), &now);
    assert!(support::has(
        &findings,
        Code::PolicyChangeUnchanged,
        Severity::Pass
    ));
    assert!(support::has(
        &findings,
        Code::PolicyChangeCertificateExpiring,
        Severity::Warn
    ));
}

#[test]
fn the_page_keeps_no_certificates_and_reports_no_expiry() {
    let obs = probed(2, &[]);
    let page = Snapshot::without_certificates(&obs, T1);
    let full = Snapshot::of(&obs, T1);
    assert!(page.certificates.is_empty());
    assert_eq!(
        Snapshot {
            certificates: Vec::new(),
            ..full
        },
        page
    );
    // The relay's certificate checks say it on the page already.
    exactly(
        &compare_kept(None, &page, Kept::Browser),
        &[(Code::PolicyChangeFirstRun, Severity::Info)],
    );
}

#[test]
fn certificates_are_not_carried_over() {
    let first = Snapshot::of(&probed(2, &[]), T0);
    assert_eq!(first.certificates.len(), 1);
    let second = Snapshot::of(&healthy(), T1).remembered(Some(&first));
    assert!(second.certificates.is_empty());
}

#[test]
fn snapshots_round_trip_through_json() {
    let mut offline = healthy();
    offline.sts_txt = failed_lookup();
    offline.mx = failed_lookup();
    for s in [
        Snapshot::of(&probed(20, &[("mx1.example.com", 10)]), T0),
        Snapshot::of(&offline, -5),
        Snapshot::of(&with_policy(healthy(), NONE), T1),
    ] {
        let text = s.to_json();
        assert_eq!(Snapshot::from_json(&text), Ok(s.clone()), "{text}");
        // The engine's writer is serde_json's pretty output of the derive.
        assert_eq!(text, serde_json::to_string_pretty(&s).unwrap());
    }
    // Wrong values are errors naming the field, never a panic.
    for bad in [r#"{"domain": "x"}"#, r#"[]"#, "", "{"] {
        assert!(Snapshot::from_json(bad).is_err(), "{bad}");
    }
    let text = Snapshot::of(&healthy(), T0)
        .to_json()
        .replace("\"enforce\"", "\"strict\"");
    let err = Snapshot::from_json(&text).unwrap_err();
    assert_eq!(err.path, "mode");
}

#[test]
fn the_report_carries_the_changes_only_when_compared() {
    let obs = with_policy(healthy(), TESTING);
    let mut report = build_report(&obs);
    assert_eq!(report.changes, None);
    assert!(!report.to_json().contains("\"changes\""));
    assert!(!report.to_markdown().contains(CheckId::PolicyChange.label()));
    assert_eq!(report.check(CheckId::PolicyChange).severity, None);
    let before = report.worst();

    report.set_changes(run(&healthy(), &obs));
    let changes = report.changes.as_ref().unwrap();
    assert_eq!(changes.id, CheckId::PolicyChange);
    assert_eq!(changes.severity, Some(Severity::Fail));
    assert_eq!(
        report.check(CheckId::PolicyChange).severity,
        Some(Severity::Fail)
    );
    assert_eq!(report.worst(), Some(Severity::Fail));
    assert!(before < report.worst());
    assert!(report.to_json().contains("\"changes\": {"));
    assert!(report
        .to_markdown()
        .contains("## Changes since the last check"));
    assert!(report
        .to_fix()
        .iter()
        .any(|f| f.code == Code::PolicyChangePolicyChangedIdSame));
    // The report's own checks stay as many.
    assert_eq!(report.checks.len(), CheckId::ALL.len());
}

#[test]
fn a_huge_mx_set_gives_a_bounded_finding() {
    let names: Vec<String> = (0..2000).map(|i| format!("mx{i}.example.net.")).collect();
    let hosts: Vec<(u16, &str)> = names.iter().map(|n| (10, n.as_str())).collect();
    let findings = run(&healthy(), &with_mx(healthy(), &hosts));
    exactly(
        &findings,
        &[(Code::PolicyChangeMxUncovered, Severity::Fail)],
    );
    let f = &findings[0];
    let size: usize = f.title.len()
        + f.evidence.iter().map(|e| e.text.len()).sum::<usize>()
        + f.fix
            .as_ref()
            .and_then(|x| x.paste.as_ref())
            .map_or(0, String::len);
    assert!(size < 4000, "{size}");
}

/// The policy host's address lookups failed (or were refused) and so did the fetch, while the
/// record answered: this machine's DNS, not a policy gone.
#[test]
fn a_failed_host_lookup_with_a_failed_fetch_is_not_a_policy_gone() {
    let refused = |name: &str, rtype| {
        let mut a = servfail(name, rtype);
        a.rcode = mta_sts::lookup::Rcode::Other(5);
        ok(a)
    };
    for (what, a, aaaa) in [
        ("timed out", failed_lookup(), failed_lookup()),
        (
            "refused",
            refused("mta-sts.example.com", RecordType::A),
            refused("mta-sts.example.com", RecordType::Aaaa),
        ),
        (
            "SERVFAIL",
            ok(servfail("mta-sts.example.com", RecordType::A)),
            ok(servfail("mta-sts.example.com", RecordType::Aaaa)),
        ),
    ] {
        let mut now = healthy();
        now.host_a = a;
        now.host_aaaa = aaaa;
        now.policy = connect_failed();
        assert_eq!(Snapshot::of(&now, T1).policy, Seen::Unknown, "{what}");
        exactly(
            &run(&healthy(), &now),
            &[(Code::PolicyChangeNotCompared, Severity::Unknown)],
        );
    }
}

/// The policy changed in a run whose record lookup failed: not compared then, and still
/// caught on the next run, when the record is back with the same id.
#[test]
fn a_change_made_while_the_record_was_unseen_is_caught_later() {
    let first = Snapshot::of(&healthy(), T0);
    let mut blind = with_policy(healthy(), TESTING);
    blind.sts_txt = failed_lookup();
    let second = Snapshot::of(&blind, T1);
    assert!(support::has(
        &compare(Some(&first), &second),
        Code::PolicyChangeNotCompared,
        Severity::Unknown
    ));
    let kept = second.remembered(Some(&first));
    let third = Snapshot::of(&with_policy(healthy(), TESTING), T1 + DAY);
    assert!(support::has(
        &compare(Some(&kept), &third),
        Code::PolicyChangePolicyChangedIdSame,
        Severity::Fail
    ));
}

/// A policy that was gone and comes back changed under the same id is as stale in senders'
/// caches as one changed in place.
#[test]
fn a_policy_back_is_compared_with_the_one_that_went() {
    let first = Snapshot::of(&healthy(), T0);
    let mut gone = healthy();
    gone.policy = connect_failed();
    let second = Snapshot::of(&gone, T1);
    assert_eq!(second.policy, Seen::Absent);
    let kept = second.remembered(Some(&first));
    let back = Snapshot::of(&with_policy(healthy(), TESTING), T1 + DAY);
    let findings = compare(Some(&kept), &back);
    assert!(support::has(
        &findings,
        Code::PolicyChangePolicyBack,
        Severity::Info
    ));
    assert!(support::has(
        &findings,
        Code::PolicyChangePolicyChangedIdSame,
        Severity::Fail
    ));
    // Back unchanged: only the news that it is back.
    let same = Snapshot::of(&healthy(), T1 + DAY);
    exactly(
        &compare(Some(&kept), &same),
        &[(Code::PolicyChangePolicyBack, Severity::Info)],
    );
}
