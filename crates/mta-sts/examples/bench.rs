//! Engine timings for `make bench`: checking a 64 KiB policy and a policy of 10,000 `mx`
//! lines, through the whole report (parse, the five policy checks, MX coverage, verdict).
//! Runs natively and, built for wasm32-wasip1, under Node's WASI, so both figures come from
//! the same code. Prints one line per case in the benchmark's stable format.

use std::time::Instant;

use mta_sts::finding::Provenance;
use mta_sts::lookup::{
    DnsAnswer, DnsRecord, FetchOutcome, PolicyObservation, Rcode, RecordData, RecordType,
};
use mta_sts::pipeline::Observations;
use mta_sts::report::build_report;

fn answer(name: &str, rtype: RecordType, data: &[&str]) -> DnsAnswer {
    DnsAnswer {
        name: name.into(),
        rtype,
        rcode: Rcode::NoError,
        authenticated: true,
        records: data
            .iter()
            .map(|d| DnsRecord {
                name: format!("{name}."),
                rtype: rtype.code(),
                ttl: 300,
                data: RecordData::from_text(rtype.code(), (*d).into()),
            })
            .collect(),
        resolver: "bench".into(),
        checking_disabled: false,
    }
}

fn observations(body: Vec<u8>) -> Observations {
    let d = "example.com";
    Observations {
        domain: d.into(),
        sts_txt: Some(Ok(answer(
            "_mta-sts.example.com",
            RecordType::Txt,
            &["v=STSv1; id=20240101T000000Z"],
        ))),
        apex_txt: Some(Ok(answer(d, RecordType::Txt, &["v=spf1 -all"]))),
        mx: Some(Ok(answer(
            d,
            RecordType::Mx,
            &["10 mx1.example.com.", "20 mx2.example.com."],
        ))),
        tlsrpt_txt: Some(Ok(answer(
            "_smtp._tls.example.com",
            RecordType::Txt,
            &["v=TLSRPTv1; rua=mailto:r@example.com"],
        ))),
        host_a: Some(Ok(answer(
            "mta-sts.example.com",
            RecordType::A,
            &["192.0.2.1"],
        ))),
        host_aaaa: Some(Ok(answer(
            "mta-sts.example.com",
            RecordType::Aaaa,
            &["2001:db8::1"],
        ))),
        policy: Some(PolicyObservation {
            url: mta_sts::lookup::policy_url(d),
            outcome: FetchOutcome::Read {
                status: 200,
                content_type: Some("text/plain".into()),
                body,
                truncated: false,
                size: None,
            },
            provenance: Provenance::Fetched,
            elapsed_ms: Some(10),
        }),
        ..Observations::default()
    }
}

/// A valid policy of exactly 64 KiB (the most a sender reads): the header fields, `mx` lines,
/// and one `pad:` extension line filling what is left.
fn policy_64k() -> Vec<u8> {
    const SIZE: usize = 64 * 1024;
    const PAD_MIN: usize = "pad: x\n".len();
    let mut body =
        b"version: STSv1\nmode: enforce\nmax_age: 1209600\nmx: mx1.example.com\n".to_vec();
    for i in 0.. {
        let line = format!("mx: host{i}.mx.example.net\n");
        if body.len() + line.len() + PAD_MIN > SIZE {
            break;
        }
        body.extend_from_slice(line.as_bytes());
    }
    let value = "x".repeat(SIZE - body.len() - "pad: \n".len());
    body.extend_from_slice(format!("pad: {value}\n").as_bytes());
    assert_eq!(body.len(), SIZE);
    body
}

/// 10,000 `mx` lines (about 230 KB: over the 64 KiB cap, as a hostile host might send).
fn policy_10k_mx() -> Vec<u8> {
    let mut body = b"version: STSv1\nmode: enforce\nmax_age: 1209600\n".to_vec();
    for i in 0..10_000 {
        body.extend_from_slice(format!("mx: mx{i}.example.com\n").as_bytes());
    }
    body
}

/// Runs each case at most `MAX_RUNS` times, and stops repeating once `TIME_CAP_MS` have been
/// spent on it, so a slow engine still gives a figure in reasonable time (at least one run).
const MAX_RUNS: usize = 21;
const TIME_CAP_MS: f64 = 3_000.0;

fn median_ms(body: &[u8]) -> f64 {
    let mut times: Vec<f64> = Vec::new();
    let mut spent = 0.0;
    while times.len() < MAX_RUNS && (times.is_empty() || spent < TIME_CAP_MS) {
        let obs = observations(body.to_vec());
        let start = Instant::now();
        let report = build_report(&obs);
        let elapsed = start.elapsed().as_secs_f64() * 1000.0;
        assert!(report.done);
        spent += elapsed;
        times.push(elapsed);
    }
    times.sort_by(|a, b| a.total_cmp(b));
    times[times.len() / 2]
}

fn main() {
    let target = if cfg!(target_family = "wasm") {
        "wasm"
    } else {
        "native"
    };
    let cases = [
        ("policy-64k", policy_64k()),
        ("policy-10k-mx", policy_10k_mx()),
    ];
    for (name, body) in cases {
        let ms = median_ms(&body);
        println!(
            "bench engine {target} {name} bytes={} median_ms={ms:.3} budget_ms=16 {}",
            body.len(),
            if ms < 16.0 { "ok" } else { "OVER" }
        );
    }
}
