//! `dns-consistency`: the first resolver's answers against the second's. The answers are DoH
//! JSON in each provider's own format (Google joins a TXT record's strings, Cloudflare quotes
//! each one), decoded by `doh::decode_answer` as the page decodes them; the pipeline part runs
//! with the in-memory fakes of `support`.

mod support;

use mta_sts::doh::{decode_answer, Fallback, Provider};
use mta_sts::lookup::{Lookup, LookupError, RecordType, NO_PROBER};
use mta_sts::pipeline::{run_with, Compared, Extra, Observations, Request};
use mta_sts::report::{build_report, Report, Verdict};
use mta_sts::{CheckId, Code, Finding, Provenance, Severity};
use serde_json::json;
use support::*;

const STS: &str = "_mta-sts.example.com";
const RPT: &str = "_smtp._tls.example.com";

/// What one provider sees of the domain: TXT records as lists of character-strings.
#[derive(Clone)]
struct Zone {
    sts: Vec<Vec<&'static str>>,
    mx: Vec<(u16, &'static str)>,
    tlsrpt: Vec<Vec<&'static str>>,
    ttl: u32,
}

/// What `support::healthy` publishes, split the way a long record often is.
fn zone() -> Zone {
    Zone {
        sts: vec![vec!["v=STSv1; ", "id=20240131T120000Z"]],
        mx: vec![(10, "mx1.example.com."), (20, "mx2.example.com.")],
        tlsrpt: vec![vec![TLSRPT]],
        ttl: 300,
    }
}

/// A TXT record's data as the provider writes it.
fn txt_data(provider: Provider, strings: &[&str]) -> String {
    match provider {
        Provider::Google => strings.concat(),
        Provider::Cloudflare => strings
            .iter()
            .map(|s| format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\"")))
            .collect::<Vec<_>>()
            .join(" "),
    }
}

/// A DoH JSON body: `Status` and the answer records as (type, data).
fn body(status: u16, name: &str, rtype: RecordType, ttl: u32, data: &[String]) -> String {
    let answer: Vec<_> = data
        .iter()
        .map(|d| json!({"name": format!("{name}."), "type": rtype.code(), "TTL": ttl, "data": d}))
        .collect();
    let mut v = json!({"Status": status, "TC": false, "RD": true, "RA": true, "AD": false,
        "CD": false, "Question": [{"name": format!("{name}."), "type": rtype.code()}]});
    if !answer.is_empty() {
        v["Answer"] = json!(answer);
    }
    v.to_string()
}

fn decode(provider: Provider, json: &str, name: &str, rtype: RecordType) -> Lookup {
    decode_answer(json, provider.name(), name, rtype, false)
        .map_err(|e| e.into_lookup_error(provider.name()))
}

/// The three compared questions as `provider` answers them for `zone`.
fn answers(provider: Provider, z: &Zone) -> [Lookup; 3] {
    let txt = |name: &str, records: &[Vec<&str>]| {
        let data: Vec<String> = records.iter().map(|r| txt_data(provider, r)).collect();
        decode(
            provider,
            &body(0, name, RecordType::Txt, z.ttl, &data),
            name,
            RecordType::Txt,
        )
    };
    let mx: Vec<String> = z.mx.iter().map(|(p, h)| format!("{p} {h}")).collect();
    [
        txt(STS, &z.sts),
        decode(
            provider,
            &body(0, D, RecordType::Mx, z.ttl, &mx),
            D,
            RecordType::Mx,
        ),
        txt(RPT, &z.tlsrpt),
    ]
}

/// `support::healthy` with its three compared answers from `first` and the second resolver's
/// from `second`.
fn observations(first: [Lookup; 3], second: [Lookup; 3]) -> Observations {
    let [sts, mx, rpt] = first;
    let [c_sts, c_mx, c_rpt] = second;
    Observations {
        sts_txt: Some(sts),
        mx: Some(mx),
        tlsrpt_txt: Some(rpt),
        compared: Some(Compared {
            sts_txt: Some(c_sts),
            mx: Some(c_mx),
            tlsrpt_txt: Some(c_rpt),
        }),
        ..healthy()
    }
}

/// Google first (the page's default), Cloudflare to compare.
fn report(google: &Zone, cloudflare: &Zone) -> Report {
    build_report(&observations(
        answers(Provider::Google, google),
        answers(Provider::Cloudflare, cloudflare),
    ))
}

fn consistency(r: &Report) -> (Option<Severity>, &[Finding]) {
    let c = r.check(CheckId::DnsConsistency);
    (c.severity, &c.findings)
}

/// The evidence of a finding from one resolver.
fn from<'a>(f: &'a Finding, resolver: &str) -> Vec<&'a str> {
    let p = Provenance::Dns {
        resolver: resolver.into(),
    };
    f.evidence
        .iter()
        .filter(|e| e.provenance.as_ref() == Some(&p))
        .map(|e| e.text.as_str())
        .collect()
}

#[test]
fn the_same_answers_in_both_formats_pass() {
    let google = zone();
    // Cloudflare lists the MX hosts in another order and case; it quotes the split strings.
    let cloudflare = Zone {
        mx: vec![(20, "MX2.Example.COM."), (10, "mx1.example.com")],
        ..zone()
    };
    let r = report(&google, &cloudflare);
    let (severity, findings) = consistency(&r);
    assert_eq!(severity, Some(Severity::Pass), "{:?}", codes(findings));
    let f = one(findings, Code::DnsConsistencyAgree);
    // The pass says what was compared: the id, the MX set, the rua.
    let seen: Vec<&str> = f.evidence.iter().map(|e| e.text.as_str()).collect();
    assert_eq!(
        seen,
        [
            "id 20240131T120000Z",
            "10 mx1.example.com, 20 mx2.example.com",
            "rua mailto:tlsrpt@example.com"
        ]
    );
    assert!(f.evidence[0].label.contains("Google and Cloudflare"));
    assert_eq!(r.verdict, Some(Verdict::Enforce));
}

#[test]
fn formatting_that_senders_ignore_is_no_difference() {
    // The same id in a record written differently, a TLS-RPT record with another field order:
    // senders act on the id and the rua, which are the same.
    let google = zone();
    let cloudflare = Zone {
        sts: vec![vec!["v=STSv1;id=20240131T120000Z;"]],
        tlsrpt: vec![vec!["v=TLSRPTv1;rua=mailto:tlsrpt@example.com"]],
        ..zone()
    };
    let r = report(&google, &cloudflare);
    assert_eq!(consistency(&r).0, Some(Severity::Pass));
}

#[test]
fn a_different_id_warns_with_both_answers_and_the_time() {
    let google = Zone {
        ttl: 3300,
        ..zone()
    };
    let cloudflare = Zone {
        sts: vec![vec!["v=STSv1; id=20240201T000000Z"]],
        ..zone()
    };
    let r = report(&google, &cloudflare);
    let (severity, findings) = consistency(&r);
    assert_eq!(severity, Some(Severity::Warn));
    let f = one(findings, Code::DnsConsistencyIdDiffers);
    assert_eq!(
        findings.len(),
        1,
        "only the record differs: {:?}",
        codes(findings)
    );
    assert_eq!(
        from(f, "Google"),
        ["v=STSv1; id=20240131T120000Z"],
        "Google's answer, verbatim and joined"
    );
    assert_eq!(from(f, "Cloudflare"), ["v=STSv1; id=20240201T000000Z"]);
    // The larger TTL of the two answers, in time.
    assert!(f.detail.contains("for up to 55 minutes"), "{}", f.detail);
    assert!(f.evidence.iter().any(|e| e.label.ends_with("TTL 3300")));
    assert!(f.fix.is_some());
    // A second opinion never decides the verdict.
    assert_eq!(r.verdict, Some(Verdict::Enforce));
}

#[test]
fn an_old_and_a_new_record_side_by_side_differ() {
    // Cloudflare sees the new record beside the old one: for senders that is no usable record.
    let cloudflare = Zone {
        sts: vec![
            vec!["v=STSv1; id=20240131T120000Z"],
            vec!["v=STSv1; id=20240201T000000Z"],
        ],
        ..zone()
    };
    let r = report(&zone(), &cloudflare);
    let f = one(consistency(&r).1, Code::DnsConsistencyIdDiffers);
    assert_eq!(from(f, "Cloudflare").len(), 2);
}

#[test]
fn a_different_mx_set_warns() {
    let cloudflare = Zone {
        mx: vec![(10, "mx1.example.com."), (20, "backup.example.net.")],
        ..zone()
    };
    let r = report(&zone(), &cloudflare);
    let (severity, findings) = consistency(&r);
    assert_eq!(severity, Some(Severity::Warn));
    let f = one(findings, Code::DnsConsistencyMxDiffers);
    assert_eq!(
        from(f, "Google"),
        ["10 mx1.example.com.", "20 mx2.example.com."]
    );
    assert_eq!(
        from(f, "Cloudflare"),
        ["10 mx1.example.com.", "20 backup.example.net."]
    );
    assert!(f.detail.contains("for up to 5 minutes"), "{}", f.detail);

    // Another preference for the same host is another MX set too.
    let cloudflare = Zone {
        mx: vec![(10, "mx1.example.com."), (30, "mx2.example.com.")],
        ..zone()
    };
    let r = report(&zone(), &cloudflare);
    one(consistency(&r).1, Code::DnsConsistencyMxDiffers);
}

#[test]
fn a_record_only_one_resolver_sees_warns() {
    // The TLS-RPT record was just added: Cloudflare still has "none" cached.
    let cloudflare = Zone {
        tlsrpt: Vec::new(),
        ..zone()
    };
    let r = report(&zone(), &cloudflare);
    let (severity, findings) = consistency(&r);
    assert_eq!(severity, Some(Severity::Warn));
    let f = one(findings, Code::DnsConsistencyOneSees);
    assert_eq!(from(f, "Google"), [TLSRPT]);
    assert_eq!(from(f, "Cloudflare"), ["NOERROR, no record"]);
    assert!(f.title.contains("Only Google"), "{}", f.title);
    // The negative-caching time is not in a DoH answer, and the finding says so.
    assert!(f.detail.contains("SOA"), "{}", f.detail);

    // The MTA-STS record only the second resolver sees (NXDOMAIN at the first).
    let google = Zone {
        sts: Vec::new(),
        ..zone()
    };
    let mut first = answers(Provider::Google, &google);
    first[0] = decode(
        Provider::Google,
        &body(3, STS, RecordType::Txt, 300, &[]),
        STS,
        RecordType::Txt,
    );
    let r = build_report(&observations(first, answers(Provider::Cloudflare, &zone())));
    let f = one(consistency(&r).1, Code::DnsConsistencyOneSees);
    assert_eq!(from(f, "Google"), ["NXDOMAIN"]);
    assert!(f.title.contains("Only Cloudflare"), "{}", f.title);
}

#[test]
fn a_different_rua_warns() {
    let cloudflare = Zone {
        tlsrpt: vec![vec!["v=TLSRPTv1; rua=mailto:reports@example.net"]],
        ..zone()
    };
    let r = report(&zone(), &cloudflare);
    one(consistency(&r).1, Code::DnsConsistencyRuaDiffers);
}

#[test]
fn one_resolver_down_is_unknown_and_names_it() {
    let mut second = answers(Provider::Cloudflare, &zone());
    for lookup in &mut second {
        *lookup = Err(LookupError::new("Cloudflare", "HTTP 503"));
    }
    let r = build_report(&observations(answers(Provider::Google, &zone()), second));
    let (severity, findings) = consistency(&r);
    assert_eq!(severity, Some(Severity::Unknown));
    let f = one(findings, Code::DnsConsistencyResolverFailed);
    assert!(f.title.contains("Cloudflare"), "{}", f.title);
    assert!(!f.title.contains("Google"), "{}", f.title);
    assert_eq!(f.evidence.len(), 3, "one per question");
    // The rest of the report is the first resolver's, and decided.
    assert_eq!(r.verdict, Some(Verdict::Enforce));
    assert_eq!(
        r.check(CheckId::StsRecord).severity,
        Some(Severity::Pass),
        "{:?}",
        codes(&r.check(CheckId::StsRecord).findings)
    );

    // A resolver that refuses is down too, not a different answer.
    let mut second = answers(Provider::Cloudflare, &zone());
    second[1] = decode(
        Provider::Cloudflare,
        &body(5, D, RecordType::Mx, 300, &[]),
        D,
        RecordType::Mx,
    );
    let r = build_report(&observations(answers(Provider::Google, &zone()), second));
    let f = one(consistency(&r).1, Code::DnsConsistencyResolverFailed);
    assert_eq!(from(f, "Cloudflare"), ["REFUSED"]);
    assert_eq!(consistency(&r).0, Some(Severity::Unknown));
}

#[test]
fn a_difference_is_still_reported_beside_a_failure() {
    let mut second = answers(
        Provider::Cloudflare,
        &Zone {
            mx: vec![(10, "other.example.net.")],
            ..zone()
        },
    );
    second[2] = Err(LookupError::new("Cloudflare", "no answer within 5000 ms"));
    let r = build_report(&observations(answers(Provider::Google, &zone()), second));
    let (severity, findings) = consistency(&r);
    assert_eq!(severity, Some(Severity::Warn));
    assert!(has(findings, Code::DnsConsistencyMxDiffers, Severity::Warn));
    assert!(has(
        findings,
        Code::DnsConsistencyResolverFailed,
        Severity::Unknown
    ));
}

#[test]
fn servfail_on_one_side_only_warns() {
    let mut second = answers(Provider::Cloudflare, &zone());
    second[0] = decode(
        Provider::Cloudflare,
        &body(2, STS, RecordType::Txt, 300, &[]),
        STS,
        RecordType::Txt,
    );
    let r = build_report(&observations(answers(Provider::Google, &zone()), second));
    let f = one(consistency(&r).1, Code::DnsConsistencyServfail);
    assert_eq!(f.severity, Severity::Warn);
    assert!(f.title.starts_with("Cloudflare"), "{}", f.title);
    assert_eq!(from(f, "Cloudflare"), ["SERVFAIL"]);

    // SERVFAIL from both is no difference between them (the dnssec check judges it).
    let mut first = answers(Provider::Google, &zone());
    first[0] = decode(
        Provider::Google,
        &body(2, STS, RecordType::Txt, 300, &[]),
        STS,
        RecordType::Txt,
    );
    let mut second = answers(Provider::Cloudflare, &zone());
    second[0] = decode(
        Provider::Cloudflare,
        &body(2, STS, RecordType::Txt, 300, &[]),
        STS,
        RecordType::Txt,
    );
    let r = build_report(&observations(first, second));
    assert_eq!(consistency(&r).0, Some(Severity::Pass));
}

#[test]
fn answers_from_one_provider_twice_are_unknown() {
    // Google failed, so the first resolver's answers are Cloudflare's, its fallback.
    let r = build_report(&observations(
        answers(Provider::Cloudflare, &zone()),
        answers(Provider::Cloudflare, &zone()),
    ));
    let (severity, findings) = consistency(&r);
    assert_eq!(severity, Some(Severity::Unknown));
    let f = one(findings, Code::DnsConsistencySameResolver);
    assert!(f.title.contains("Cloudflare"), "{}", f.title);
    assert_eq!(r.verdict, Some(Verdict::Enforce));
}

#[test]
fn the_check_waits_for_both_sides() {
    let mut obs = observations(
        answers(Provider::Google, &zone()),
        answers(Provider::Cloudflare, &zone()),
    );
    if let Some(c) = obs.compared.as_mut() {
        c.mx = None;
    }
    obs.pending.push(Request::Compare {
        name: D.into(),
        rtype: RecordType::Mx,
    });
    let r = build_report(&obs);
    assert_eq!(consistency(&r).0, None);
    assert!(!r.done);
    assert_eq!(r.verdict, None);
    // The first resolver's answers alone decide everything else.
    assert!(r
        .checks
        .iter()
        .filter(|c| c.id != CheckId::DnsConsistency)
        .all(|c| c.severity.is_some()));

    let mut obs = observations(
        answers(Provider::Google, &zone()),
        answers(Provider::Cloudflare, &zone()),
    );
    obs.sts_txt = None;
    assert_eq!(consistency(&build_report(&obs)).0, None);
}

#[test]
fn without_a_second_resolver_the_check_is_skipped() {
    let r = build_report(&healthy());
    let (severity, findings) = consistency(&r);
    assert_eq!(severity, Some(Severity::Skip));
    one(findings, Code::DnsConsistencyNotCompared);
}

#[test]
fn both_exports_carry_the_check() {
    let cloudflare = Zone {
        sts: vec![vec!["v=STSv1; id=20240201T000000Z"]],
        ..zone()
    };
    let r = report(&zone(), &cloudflare);
    let v: serde_json::Value = serde_json::from_str(&r.to_json()).expect("JSON");
    let check = v["checks"]
        .as_array()
        .expect("checks")
        .iter()
        .find(|c| c["id"] == "dns-consistency")
        .expect("dns-consistency in the JSON");
    assert_eq!(check["severity"], "warn");
    let f = &check["findings"][0];
    assert_eq!(f["code"], "dns-consistency.id-differs");
    let resolvers: Vec<&str> = f["evidence"]
        .as_array()
        .expect("evidence")
        .iter()
        .filter_map(|e| e["provenance"]["resolver"].as_str())
        .collect();
    assert_eq!(resolvers, ["Google", "Cloudflare"]);

    let md = r.to_markdown();
    assert!(md.contains(CheckId::DnsConsistency.label()), "{md}");
    assert!(md.contains("20240201T000000Z"), "{md}");
}

// ---- the pipeline ----

#[test]
fn the_compare_questions_go_out_in_the_first_poll_and_land_in_compared() {
    let log = Log::default();
    let compare_log = Log::default();
    let resolver = FakeResolver::new("Google")
        .with_log(&log)
        .with_delay(txt(STS, &[RECORD]), 2)
        .with(mx(D, &[(10, "mx1.example.com.")]));
    let compare = FakeResolver::new("Cloudflare")
        .with_log(&compare_log)
        .with_delay(txt(STS, &["v=STSv1; id=2"]), 1)
        .with_delay(mx(D, &[(10, "mx1.example.com.")]), 3);
    let fetcher = FakeFetcher::new().with_log(&log);
    let clock = log.clock();
    let mut updates = Vec::new();
    let extra = Extra {
        compare: Some(&compare),
        known_mx: &[],
    };
    let obs = block_on(run_with(
        D,
        &resolver,
        extra,
        &fetcher,
        NO_PROBER,
        &clock,
        |o| updates.push((compare_log.started().len(), o.clone())),
    ));
    let compares = [
        Request::Compare {
            name: STS.into(),
            rtype: RecordType::Txt,
        },
        Request::Compare {
            name: D.into(),
            rtype: RecordType::Mx,
        },
        Request::Compare {
            name: RPT.into(),
            rtype: RecordType::Txt,
        },
    ];
    // Pending from the start, and all three sent before any answer was processed.
    for c in &compares {
        assert!(updates[0].1.pending.contains(c), "{c} pending at first");
    }
    assert_eq!(updates[1].0, 3, "{:?}", compare_log.events());
    // Only those three questions go to the second resolver.
    let mut asked = compare_log.started();
    asked.sort();
    assert_eq!(
        asked,
        [
            "MX example.com",
            "TXT _mta-sts.example.com",
            "TXT _smtp._tls.example.com"
        ]
    );
    let c = obs.compared.as_ref().expect("compared");
    let sts = c.sts_txt.clone().expect("answered").expect("ok");
    assert_eq!(sts.resolver, "Cloudflare");
    assert!(c.mx.is_some() && c.tlsrpt_txt.is_some());
    assert_eq!(
        obs.sts_txt.clone().expect("answered").expect("ok").resolver,
        "Google"
    );
    // Each has its row in the timings, shown as the second resolver's.
    for c in &compares {
        assert!(obs.timings.iter().any(|t| t.request == *c), "{c} timed");
    }
    assert!(compares[0].to_string().contains("second resolver"));
    assert!(obs.pending.is_empty());
    // And the check judges them.
    let r = build_report(&obs);
    one(
        r.check(CheckId::DnsConsistency).findings.as_slice(),
        Code::DnsConsistencyIdDiffers,
    );
}

/// The page's set-up: `first` (a resolver with its fallback) for the report and `compare`
/// asked alongside; the report's `dns-consistency`.
fn compared_through(
    first: &Fallback<FakeResolver, FakeResolver>,
    compare: &FakeResolver,
) -> mta_sts::report::CheckResult {
    let fetcher = FakeFetcher::new().with(policy_ok(&mta_sts::lookup::policy_url(D), ENFORCE));
    let extra = Extra {
        compare: Some(compare),
        known_mx: &[],
    };
    let obs = block_on(run_with(
        D,
        first,
        extra,
        &fetcher,
        NO_PROBER,
        &|| 0,
        |_| {},
    ));
    build_report(&obs).check(CheckId::DnsConsistency).clone()
}

#[test]
fn a_first_resolver_that_fell_back_leaves_nothing_to_compare() {
    // Google first with Cloudflare as its fallback, and Cloudflare asked to compare. Google
    // is down, so both answers are Cloudflare's.
    let c = compared_through(
        &Fallback::new(
            FakeResolver::down("Google", "HTTP 503"),
            FakeResolver::new("Cloudflare").with(txt(STS, &[RECORD])),
        ),
        &FakeResolver::new("Cloudflare").with(txt(STS, &[RECORD])),
    );
    assert_eq!(
        c.severity,
        Some(Severity::Unknown),
        "{:?}",
        codes(&c.findings)
    );
    one(&c.findings, Code::DnsConsistencySameResolver);

    // With Cloudflare down instead, the compare side fails: unknown, naming Cloudflare.
    let c = compared_through(
        &Fallback::new(
            FakeResolver::new("Google").with(txt(STS, &[RECORD])),
            FakeResolver::down("Cloudflare", "HTTP 503"),
        ),
        &FakeResolver::down("Cloudflare", "HTTP 503"),
    );
    let f = one(&c.findings, Code::DnsConsistencyResolverFailed);
    assert!(
        f.title.contains("Cloudflare") && !f.title.contains("Google"),
        "{}",
        f.title
    );
}
