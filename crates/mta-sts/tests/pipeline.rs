//! The check pipeline against in-memory transports: concurrency, progressive updates, the
//! DNSSEC retry, and the resolver fallback.

mod support;

use mta_sts::doh::Fallback;
use mta_sts::lookup::{policy_url, Lookup, LookupError, RecordType, Resolver, NO_PROBER};
use mta_sts::pipeline::{run, run_with, Extra, Observations, Request};
use support::*;

const DOMAIN: &str = "example.com";
const STS: &str = "_mta-sts.example.com";
const RPT: &str = "_smtp._tls.example.com";
const HOST: &str = "mta-sts.example.com";
const POLICY: &str = "version: STSv1\nmode: enforce\nmx: mx.example.com\nmax_age: 86400\n";

/// The seven requests, in the order the pipeline issues them.
fn seven() -> Vec<Request> {
    vec![
        Request::dns(STS, RecordType::Txt, false),
        Request::dns(DOMAIN, RecordType::Txt, false),
        Request::dns(DOMAIN, RecordType::Mx, false),
        Request::dns(RPT, RecordType::Txt, false),
        Request::dns(HOST, RecordType::A, false),
        Request::dns(HOST, RecordType::Aaaa, false),
        Request::policy_fetch(policy_url(DOMAIN)),
    ]
}

/// The TLSA lookup the MX answer of `healthy` calls for, once it is in.
fn tlsa() -> Request {
    Request::dns("_25._tcp.mx.example.com", RecordType::Tlsa, false)
}

/// The seven requests as the fakes log them and the timings show them.
fn seven_texts() -> Vec<String> {
    seven().iter().map(Request::to_string).collect()
}

/// A complete, healthy domain; `ticks` delays each of the seven requests (in `seven()` order).
fn healthy(ticks: [u32; 7], log: &Log) -> (FakeResolver, FakeFetcher) {
    let resolver = FakeResolver::new("Fake")
        .with_log(log)
        .with_delay(txt(STS, &["v=STSv1; id=20240101"]), ticks[0])
        .with_delay(txt(DOMAIN, &["v=spf1 -all"]), ticks[1])
        .with_delay(mx(DOMAIN, &[(10, "mx.example.com.")]), ticks[2])
        .with_delay(
            txt(RPT, &["v=TLSRPTv1; rua=mailto:t@example.com"]),
            ticks[3],
        )
        .with_delay(a(HOST, "192.0.2.1"), ticks[4])
        .with_delay(aaaa(HOST, "2001:db8::1"), ticks[5]);
    let fetcher = FakeFetcher::new()
        .with_log(log)
        .with_delay(policy_ok(&policy_url(DOMAIN), POLICY), ticks[6]);
    (resolver, fetcher)
}

/// Runs the pipeline, returning the final observations and a copy of each update.
fn check(
    resolver: &impl Resolver,
    fetcher: &FakeFetcher,
    log: &Log,
) -> (Observations, Vec<Observations>) {
    let mut updates = Vec::new();
    let clock = log.clock();
    let obs = block_on(run(DOMAIN, resolver, fetcher, NO_PROBER, &clock, |o| {
        updates.push(o.clone())
    }));
    (obs, updates)
}

/// How many of the seven result fields are filled.
fn answered(o: &Observations) -> usize {
    [
        &o.sts_txt,
        &o.apex_txt,
        &o.mx,
        &o.tlsrpt_txt,
        &o.host_a,
        &o.host_aaaa,
    ]
    .iter()
    .filter(|f| f.is_some())
    .count()
        + usize::from(o.policy.is_some())
}

#[test]
fn all_seven_requests_start_before_any_answer_is_processed() {
    // (delays, why). Synchronous fakes are the hard case: a request that answers at once must
    // still not be processed before the others are sent.
    let cases: [([u32; 7], &str); 4] = [
        ([0; 7], "every transport answers synchronously"),
        ([1; 7], "every transport answers in the next round"),
        ([3, 1, 4, 1, 5, 9, 2], "mixed delays"),
        ([6, 5, 4, 3, 2, 1, 0], "policy fetch answers synchronously"),
    ];
    for (ticks, why) in cases {
        let log = Log::default();
        let (resolver, fetcher) = healthy(ticks, &log);
        let clock = log.clock();
        let mut started_at_update = Vec::new();
        let obs = block_on(run(DOMAIN, &resolver, &fetcher, NO_PROBER, &clock, |_| {
            started_at_update.push(log.started().len())
        }));
        // Update 0 comes before anything is sent; update 1 is the first answer processed.
        assert_eq!(
            started_at_update.get(1),
            Some(&7),
            "{why}: {:?}",
            log.events()
        );
        let mut started = log.started();
        started.sort();
        let mut expected = seven_texts();
        expected.push(tlsa().to_string());
        expected.sort();
        assert_eq!(started, expected, "{why}");
        if ticks.iter().all(|&t| t > 0) {
            // Nothing answers during the first poll: all seven were in flight together, which
            // the logical clock (requests finished so far) shows as every start at 0.
            let first_finish = log
                .events()
                .iter()
                .position(|e| matches!(e, Event::Finished(_)));
            assert_eq!(first_finish, Some(7), "{why}");
            assert!(
                obs.timings
                    .iter()
                    .all(|t| t.start_ms == 0 || t.request == tlsa()),
                "{why}: {:?}",
                obs.timings
            );
        }
    }
}

#[test]
fn the_first_update_lists_everything_pending() {
    let log = Log::default();
    let (resolver, fetcher) = healthy([0; 7], &log);
    let (_, updates) = check(&resolver, &fetcher, &log);
    let first = updates.first().unwrap();
    assert_eq!(first.pending, seven());
    assert_eq!(answered(first), 0);
    assert_eq!(first.domain, DOMAIN);
}

#[test]
fn policy_fetch_does_not_wait_for_the_txt_record() {
    let log = Log::default();
    let (resolver, fetcher) = healthy([5, 0, 0, 0, 0, 0, 0], &log);
    let (_, updates) = check(&resolver, &fetcher, &log);
    let get = format!("GET {}", policy_url(DOMAIN));
    let txt_done = log
        .position(&Event::Finished(format!("TXT {STS}")))
        .unwrap();
    assert!(log.position(&Event::Started(get.clone())).unwrap() < txt_done);
    assert!(log.position(&Event::Finished(get)).unwrap() < txt_done);
    let with_policy = updates.iter().find(|u| u.policy.is_some()).unwrap();
    assert!(
        with_policy.sts_txt.is_none(),
        "policy stored before the TXT answer"
    );
}

#[test]
fn on_update_follows_every_answer_with_pending_shrinking() {
    for ticks in [[0, 1, 2, 3, 4, 5, 6], [0; 7], [2, 2, 0, 0, 1, 1, 3]] {
        let log = Log::default();
        let (resolver, fetcher) = healthy(ticks, &log);
        let (obs, updates) = check(&resolver, &fetcher, &log);
        assert_eq!(
            updates.len(),
            9,
            "one at the start, then one per answer, the MX host's TLSA too ({ticks:?})"
        );
        for (i, update) in updates.iter().enumerate() {
            assert_eq!(update.timings.len(), i, "{ticks:?} update {i}");
            let tlsa_done = usize::from(!update.tlsa.is_empty());
            assert_eq!(answered(update) + tlsa_done, i, "{ticks:?} update {i}");
            // What is pending is exactly what has no timing yet; the TLSA lookup is pending
            // from the MX answer on.
            for what in seven() {
                let timed = update.timings.iter().any(|t| t.request == what);
                assert_ne!(timed, update.pending.contains(&what), "{ticks:?} {what}");
            }
            let tlsa_asked = update.mx.is_some();
            assert_eq!(
                tlsa_asked && tlsa_done == 0,
                update.pending.contains(&tlsa()),
                "{ticks:?} update {i}"
            );
        }
        assert_eq!(updates.last(), Some(&obs));
        assert!(obs.pending.is_empty());
    }
}

#[test]
fn timings_follow_completion_order() {
    let log = Log::default();
    let (resolver, fetcher) = healthy([0, 1, 2, 3, 4, 5, 6], &log);
    let (obs, _) = check(&resolver, &fetcher, &log);
    let requests: Vec<_> = obs.timings.iter().map(|t| t.request.clone()).collect();
    // The TLSA lookup the MX answer (third) calls for answers at once, but is polled after
    // the requests already in flight, so it comes fifth.
    let mut expected = seven();
    expected.insert(4, tlsa());
    assert_eq!(requests, expected);
    // The k-th answer ends at logical time k.
    let ends: Vec<_> = obs.timings.iter().map(|t| t.end_ms).collect();
    assert_eq!(ends, vec![1, 2, 3, 4, 5, 6, 7, 8]);
}

#[test]
fn each_answer_lands_in_its_own_field() {
    let log = Log::default();
    let (resolver, fetcher) = healthy([0, 0, 0, 0, 0, 0, 2], &log);
    let (obs, _) = check(&resolver, &fetcher, &log);
    let name_type = |l: &Option<Lookup>| {
        let a = l.as_ref().unwrap().as_ref().unwrap();
        (a.name.clone(), a.rtype, a.resolver.clone())
    };
    let rows: [(&str, &Option<Lookup>, &str, RecordType); 6] = [
        ("sts_txt", &obs.sts_txt, STS, RecordType::Txt),
        ("apex_txt", &obs.apex_txt, DOMAIN, RecordType::Txt),
        ("mx", &obs.mx, DOMAIN, RecordType::Mx),
        ("tlsrpt_txt", &obs.tlsrpt_txt, RPT, RecordType::Txt),
        ("host_a", &obs.host_a, HOST, RecordType::A),
        ("host_aaaa", &obs.host_aaaa, HOST, RecordType::Aaaa),
    ];
    for (field, lookup, name, rtype) in rows {
        assert_eq!(
            name_type(lookup),
            (name.to_string(), rtype, "Fake".into()),
            "{field}"
        );
    }
    // The fetcher set no elapsed time: the pipeline's clock fills it in. The fetch started
    // after the six synchronous lookups finished (logical time 6); the MX host's TLSA lookup
    // (7) finished before it did (8).
    let policy = obs.policy.unwrap();
    assert_eq!(
        policy,
        policy_ok(&policy_url(DOMAIN), POLICY).with_elapsed(2)
    );
    assert_eq!(obs.domain, DOMAIN);
    assert!(obs.dnssec_retries.is_empty());
}

/// Sets `elapsed_ms` (what the pipeline fills in when the fetcher did not).
trait WithElapsed {
    fn with_elapsed(self, ms: u32) -> Self;
}

impl WithElapsed for mta_sts::lookup::PolicyObservation {
    fn with_elapsed(mut self, ms: u32) -> Self {
        self.elapsed_ms = Some(ms);
        self
    }
}

#[test]
fn a_fetcher_elapsed_time_is_kept() {
    let log = Log::default();
    let resolver = FakeResolver::new("Fake").with_log(&log);
    let observation = policy_ok(&policy_url(DOMAIN), POLICY).with_elapsed(1234);
    let fetcher = FakeFetcher::new()
        .with_log(&log)
        .with_delay(observation.clone(), 3);
    let (obs, _) = check(&resolver, &fetcher, &log);
    assert_eq!(obs.policy, Some(observation));
}

#[test]
fn servfail_is_retried_once_with_checking_disabled_alongside_the_rest() {
    let log = Log::default();
    let retried = txt(STS, &["v=STSv1; id=1"]);
    let resolver = FakeResolver::new("Fake")
        .with_log(&log)
        .with(servfail(STS, RecordType::Txt))
        .with_cd(retried.clone())
        .with_delay(mx(DOMAIN, &[(10, "mx.example.com.")]), 10);
    let fetcher = FakeFetcher::new().with_log(&log);
    let (obs, updates) = check(&resolver, &fetcher, &log);

    let retry = format!("TXT {STS} (cd=1)");
    let cd_queries: Vec<_> = log
        .started()
        .into_iter()
        .filter(|w| w.ends_with("(cd=1)"))
        .collect();
    assert_eq!(cd_queries, vec![retry.clone()]);
    let mut expected = retried;
    expected.checking_disabled = true;
    assert_eq!(
        obs.dnssec_retries,
        vec![(STS.to_string(), RecordType::Txt, Ok(expected))]
    );
    // The original SERVFAIL stays in its field.
    let original = obs.sts_txt.clone().unwrap().unwrap();
    assert_eq!(original.rcode, mta_sts::lookup::Rcode::ServFail);
    // The retry ran while the slow MX lookup was still in flight.
    let mx_done = log
        .position(&Event::Finished(format!("MX {DOMAIN}")))
        .unwrap();
    assert!(log.position(&Event::Finished(retry.clone())).unwrap() < mx_done);
    let retry = Request::dns(STS, RecordType::Txt, true);
    assert!(updates.iter().any(|u| u.pending.contains(&retry)));
    assert!(obs.timings.iter().any(|t| t.request == retry));
    // The seven, the retry, and the MX host's TLSA.
    assert_eq!(obs.timings.len(), 9);
    assert_eq!(updates.len(), 10);
    assert!(obs.pending.is_empty());
}

#[test]
fn retry_happens_only_for_servfail_and_only_once() {
    // (setup, expected cd=1 queries, why)
    let cases: Vec<(FakeResolver, usize, &str)> = vec![
        (
            FakeResolver::new("Fake")
                .with(servfail(STS, RecordType::Txt))
                .with_cd(servfail(STS, RecordType::Txt)),
            1,
            "SERVFAIL again with cd=1: no second retry",
        ),
        (
            FakeResolver::new("Fake")
                .with(servfail(DOMAIN, RecordType::Mx))
                .with(servfail(HOST, RecordType::Aaaa)),
            2,
            "two SERVFAILs: one retry each",
        ),
        (
            FakeResolver::new("Fake").with(nxdomain(STS, RecordType::Txt)),
            0,
            "NXDOMAIN is an answer, not a DNSSEC symptom",
        ),
        (
            FakeResolver::down("Fake", "HTTP 503"),
            0,
            "lookup errors are not retried",
        ),
    ];
    for (resolver, retries, why) in cases {
        let log = Log::default();
        let resolver = resolver.with_log(&log);
        let fetcher = FakeFetcher::new().with_log(&log);
        let (obs, _) = check(&resolver, &fetcher, &log);
        let cd = log
            .started()
            .iter()
            .filter(|w| w.ends_with("(cd=1)"))
            .count();
        assert_eq!(cd, retries, "{why}");
        assert_eq!(obs.dnssec_retries.len(), retries, "{why}");
        assert!(obs.pending.is_empty(), "{why}");
    }
}

#[test]
fn lookup_errors_are_stored_as_errors() {
    let log = Log::default();
    let resolver = FakeResolver::down("Google", "HTTP 503").with_log(&log);
    let fetcher = FakeFetcher::new().with_log(&log);
    let (obs, _) = check(&resolver, &fetcher, &log);
    let expected = Err(LookupError::new("Google", "HTTP 503"));
    assert_eq!(obs.sts_txt, Some(expected.clone()));
    assert_eq!(obs.host_aaaa, Some(expected));
}

// ---- Fallback ----

fn ask(resolver: &impl Resolver, cd: bool) -> Lookup {
    block_on(resolver.query(STS, RecordType::Txt, cd))
}

#[test]
fn fallback_asks_second_only_when_first_fails() {
    let good = txt(STS, &["v=STSv1; id=1"]);
    // (first, second, expected answer's resolver or merged attempts, second asked, why)
    type Case = (
        FakeResolver,
        FakeResolver,
        Result<&'static str, Vec<&'static str>>,
        bool,
        &'static str,
    );
    let cases: Vec<Case> = vec![
        (
            FakeResolver::new("Google").with(good.clone()),
            FakeResolver::new("Cloudflare").with(good.clone()),
            Ok("Google"),
            false,
            "first answers",
        ),
        (
            FakeResolver::new("Google").with(servfail(STS, RecordType::Txt)),
            FakeResolver::new("Cloudflare").with(good.clone()),
            Ok("Google"),
            false,
            "SERVFAIL is an answer: no fallback",
        ),
        (
            FakeResolver::down("Google", "HTTP 503"),
            FakeResolver::new("Cloudflare").with(good.clone()),
            Ok("Cloudflare"),
            true,
            "first errs, second answers",
        ),
        (
            FakeResolver::down("Google", "HTTP 503"),
            FakeResolver::down("Cloudflare", "timed out after 5000 ms"),
            Err(vec![
                "Google: HTTP 503",
                "Cloudflare: timed out after 5000 ms",
            ]),
            true,
            "both err: one error with both attempts, in order",
        ),
    ];
    for (first, second, expected, second_asked, why) in cases {
        let fallback = Fallback::new(first, second);
        let got = ask(&fallback, false);
        match expected {
            Ok(resolver) => assert_eq!(got.unwrap().resolver, resolver, "{why}"),
            Err(attempts) => assert_eq!(got.unwrap_err().attempts, attempts, "{why}"),
        }
        assert_eq!(fallback.first.log.started().len(), 1, "{why}");
        assert_eq!(
            !fallback.second.log.started().is_empty(),
            second_asked,
            "{why}"
        );
    }
}

#[test]
fn fallback_passes_the_question_through() {
    let fallback = Fallback::new(
        FakeResolver::down("Google", "HTTP 500"),
        FakeResolver::new("Cloudflare").with_cd(txt(STS, &["v=STSv1; id=1"])),
    );
    let got = ask(&fallback, true).unwrap();
    assert!(got.checking_disabled);
    assert_eq!(
        got.of_type()
            .map(|r| r.data.text().into_owned())
            .collect::<Vec<_>>(),
        vec!["v=STSv1; id=1"]
    );
    assert_eq!(
        fallback.second.log.started(),
        vec![format!("TXT {STS} (cd=1)")]
    );
}

#[test]
fn pipeline_runs_through_a_fallback() {
    let log = Log::default();
    let fallback = Fallback::for_one_check(
        FakeResolver::down("Google", "HTTP 503"),
        FakeResolver::new("Cloudflare").with(txt(STS, &["v=STSv1; id=1"])),
    );
    let fetcher = FakeFetcher::new().with_log(&log);
    let (obs, _) = check(&fallback, &fetcher, &log);
    let sts = obs.sts_txt.unwrap().unwrap();
    assert_eq!(sts.resolver, "Cloudflare");
    // Google failed at once on the first question, so the other five went to Cloudflare
    // straight away: a resolver that hangs costs its time limit once, not once per question.
    assert_eq!(fallback.first.log.started(), vec![format!("TXT {STS}")]);
    // The six, and the TLSA lookup of the domain itself, which has no MX records.
    assert_eq!(fallback.second.log.started().len(), 7);
    // A long-lived fallback asks the first resolver every time.
    let lasting = Fallback::new(
        FakeResolver::down("Google", "HTTP 503"),
        FakeResolver::new("Cloudflare"),
    );
    check(&lasting, &fetcher, &log);
    assert_eq!(lasting.first.log.started().len(), 7);
    assert_eq!(lasting.second.log.started().len(), 7);
}

#[test]
fn a_failed_first_resolver_is_skipped_for_later_questions() {
    // Google fails after a tick, while all six questions are in flight: each of them falls
    // back. The TLSA lookup the MX answer calls for comes later and goes to Cloudflare alone.
    let mut google = FakeResolver::down("Google", "timed out");
    for (name, rtype) in [
        (STS, RecordType::Txt),
        (DOMAIN, RecordType::Txt),
        (DOMAIN, RecordType::Mx),
        (RPT, RecordType::Txt),
        (HOST, RecordType::A),
        (HOST, RecordType::Aaaa),
    ] {
        let timed_out = Err(LookupError::new("Google", "timed out"));
        google = google.with_lookup(name, rtype, false, timed_out, 1);
    }
    let fallback = Fallback::for_one_check(
        google,
        FakeResolver::new("Cloudflare").with(mx(DOMAIN, &[(10, "mx.example.com.")])),
    );
    let log = Log::default();
    let fetcher = FakeFetcher::new().with_log(&log);
    let (obs, _) = check(&fallback, &fetcher, &log);
    assert_eq!(fallback.first.log.started().len(), 6);
    let tlsa = tlsa().to_string();
    assert!(!fallback.first.log.started().contains(&tlsa));
    assert!(fallback.second.log.started().contains(&tlsa));
    assert_eq!(obs.tlsa.len(), 1);
    assert_eq!(
        obs.tlsa[0].lookup.as_ref().map(|a| a.resolver.as_str()),
        Ok("Cloudflare")
    );
}

// ---- the prober ----

#[test]
fn the_probe_is_issued_in_the_first_poll_with_everything_else() {
    for (ticks, probe_ticks, why) in [
        ([0; 7], 0, "everything answers synchronously"),
        ([1; 7], 1, "everything answers in the next round"),
        ([3, 1, 4, 1, 5, 9, 2], 6, "mixed delays"),
    ] {
        let log = Log::default();
        let (resolver, fetcher) = healthy(ticks, &log);
        let prober = FakeProber::failing("relay.example.org", probe_ticks).with_log(&log);
        let clock = log.clock();
        let mut updates = Vec::new();
        let obs = block_on(run(
            DOMAIN,
            &resolver,
            &fetcher,
            Some(&prober),
            &clock,
            |o| updates.push((log.started().len(), o.clone())),
        ));
        // Update 0 comes before anything is sent; by update 1 all eight were sent.
        assert_eq!(updates.get(1).map(|u| u.0), Some(8), "{why}");
        let probe = Request::relay_probe("relay.example.org");
        let mut first = seven();
        first.push(probe.clone());
        assert_eq!(updates.first().map(|u| &u.1.pending), Some(&first), "{why}");
        assert!(log.started().contains(&probe.to_string()), "{why}");
        assert_eq!(obs.relay, Some(prober.answer.clone()), "{why}");
        assert!(obs.pending.is_empty(), "{why}");
        // The probe is answered like the rest (one update each) and has its row in the timings.
        assert_eq!(updates.len(), 10, "{why}");
        let requests: Vec<_> = obs.timings.iter().map(|t| t.request.clone()).collect();
        let mut sorted = requests.clone();
        sorted.sort_by_key(Request::to_string);
        let mut expected = seven();
        expected.push(probe.clone());
        expected.push(tlsa());
        expected.sort_by_key(Request::to_string);
        assert_eq!(sorted, expected, "{why}");
        // While the probe is pending, `relay` is unset, and the other way round.
        for (_, u) in &updates {
            assert_ne!(u.pending.contains(&probe), u.relay.is_some(), "{why}");
        }
    }
}

#[test]
fn requests_render_as_the_timings_always_showed_them() {
    let url = policy_url(DOMAIN);
    for (request, text) in [
        (
            Request::dns(STS, RecordType::Txt, false),
            "TXT _mta-sts.example.com",
        ),
        (
            Request::dns(DOMAIN, RecordType::Mx, false),
            "MX example.com",
        ),
        (
            Request::dns(HOST, RecordType::Aaaa, true),
            "AAAA mta-sts.example.com (cd=1)",
        ),
        (
            Request::policy_fetch(url.as_str()),
            "GET https://mta-sts.example.com/.well-known/mta-sts.txt",
        ),
        (
            Request::relay_probe("relay.example.org:8443"),
            "RELAY relay.example.org:8443",
        ),
    ] {
        assert_eq!(request.to_string(), text);
        // Serialised (the observations, a timing's `what`), it is the same text.
        let timing = mta_sts::pipeline::Timing {
            request,
            start_ms: 1,
            end_ms: 2,
        };
        assert_eq!(
            serde_json::to_value(&timing).unwrap(),
            serde_json::json!({"what": text, "start_ms": 1, "end_ms": 2})
        );
    }
}

// ---- TLSA lookups (DANE) ----

fn run_known(resolver: &FakeResolver, known_mx: &[String]) -> (Observations, Vec<String>) {
    let log = Log::default();
    let fetcher = FakeFetcher::new().with_log(&log);
    let clock = log.clock();
    let extra = Extra {
        compare: None::<&FakeResolver>,
        known_mx,
    };
    let obs = block_on(run_with(
        DOMAIN,
        resolver,
        extra,
        &fetcher,
        NO_PROBER,
        &clock,
        |_| {},
    ));
    let tlsa: Vec<String> = resolver
        .log
        .started()
        .into_iter()
        .filter(|w| w.starts_with("TLSA "))
        .collect();
    (obs, tlsa)
}

#[test]
fn remembered_hosts_are_asked_at_once_and_never_crowd_out_the_mx_answer() {
    // Ten hosts remembered, none of them MX hosts any more: the answer's own host is still
    // asked, after the MX answer; the remembered ones were asked in the first poll.
    let known: Vec<String> = (0..12).map(|i| format!("old{i}.example.com")).collect();
    let log = Log::default();
    let resolver = FakeResolver::new("Fake")
        .with_log(&log)
        .with_delay(mx(DOMAIN, &[(10, "new.example.com.")]), 2);
    let (obs, tlsa) = run_known(&resolver, &known);
    assert_eq!(
        tlsa.len(),
        11,
        "ten remembered (the limit) and the new one: {tlsa:?}"
    );
    assert_eq!(
        tlsa.last().map(String::as_str),
        Some("TLSA _25._tcp.new.example.com")
    );
    let mx_done = log
        .position(&Event::Finished(format!("MX {DOMAIN}")))
        .unwrap();
    for i in 0..10 {
        let asked = Event::Started(format!("TLSA _25._tcp.old{i}.example.com"));
        assert!(
            log.position(&asked).unwrap() < mx_done,
            "old{i} before the MX answer"
        );
    }
    assert!(obs.tlsa.iter().any(|t| t.host == "new.example.com"));
    assert!(obs.pending.is_empty());
}

#[test]
fn without_mx_records_the_domain_itself_is_asked() {
    // NOERROR with no MX records: the implicit MX (RFC 5321 §5.1).
    let resolver = FakeResolver::new("Fake");
    let (obs, tlsa) = run_known(&resolver, &[]);
    assert_eq!(tlsa, vec![format!("TLSA _25._tcp.{DOMAIN}")]);
    assert_eq!(obs.tlsa[0].host, DOMAIN);
    // The null MX has no mail host at all.
    let resolver = FakeResolver::new("Fake").with(mx(DOMAIN, &[(0, ".")]));
    assert_eq!(run_known(&resolver, &[]).1, Vec::<String>::new());
    // Nor has a name that does not exist.
    let resolver = FakeResolver::new("Fake").with(nxdomain(DOMAIN, RecordType::Mx));
    assert_eq!(run_known(&resolver, &[]).1, Vec::<String>::new());
}

#[test]
fn a_tlsa_name_is_filed_under_its_own_host() {
    // An MX host whose name begins with the TLSA prefix is filed as itself.
    let resolver = FakeResolver::new("Fake").with(mx(DOMAIN, &[(10, "_25._tcp.mx.example.com.")]));
    let (obs, _) = run_known(&resolver, &[]);
    assert_eq!(obs.tlsa.len(), 1);
    assert_eq!(obs.tlsa[0].host, "_25._tcp.mx.example.com");
}
