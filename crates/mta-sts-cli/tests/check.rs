//! `mta-sts check` through the real binary, against a fixture world on loopback: a DNS server
//! answering a zone, policy hosts over HTTPS with certificates from a test CA, and SMTP servers
//! with and without STARTTLS (`mta-sts-testworld`). Nothing here touches the internet.

use mta_sts_testworld::dns::{DnsServer, Zone};
use mta_sts_testworld::{Answer, Ca, Lab, Mx};
use serde_json::Value;
use std::io::Write;
use std::net::Ipv4Addr;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

/// The lab's addresses: host `i` of the lab is 127.0.0.(2 + i).
fn ip(i: u8) -> Ipv4Addr {
    Lab::ip(i).parse().unwrap()
}

fn policy(mode: &str, mx: &str) -> String {
    format!("version: STSv1\r\nmode: {mode}\r\nmx: {mx}\r\nmax_age: 604800\r\n")
}

/// A domain with the records of a sound set-up; its policy host is lab host `web`, its MX lab
/// host `mail`.
fn sound(zone: Zone, domain: &str, web: u8, mail: u8) -> Zone {
    let mx = format!("mx.{domain}");
    zone.txt(
        &format!("_mta-sts.{domain}"),
        &["v=STSv1; id=20240101T000000Z"],
    )
    .txt(
        &format!("_smtp._tls.{domain}"),
        &[&format!("v=TLSRPTv1; rua=mailto:tls@{domain}")],
    )
    .mx(domain, 10, &mx)
    .a(&format!("mta-sts.{domain}"), ip(web))
    .a(&mx, ip(mail))
}

/// Writes the CA's certificate where the binary can read it.
fn ca_file(ca: &Ca) -> PathBuf {
    static N: AtomicUsize = AtomicUsize::new(0);
    let path = std::env::temp_dir().join(format!(
        "mta-sts-check-ca-{}-{}.pem",
        std::process::id(),
        N.fetch_add(1, Ordering::SeqCst)
    ));
    std::fs::write(&path, ca.pem()).unwrap();
    path
}

/// Runs `mta-sts check` against the lab and the DNS server, with `args` after the lab options.
async fn check(dns: &DnsServer, lab: (u16, u16), ca: &Ca, args: &[&str], stdin: &str) -> Run {
    let mut all: Vec<String> = [
        "check",
        "--resolver",
        &dns.addr_text(),
        "--https-port",
        &lab.0.to_string(),
        "--smtp-port",
        &lab.1.to_string(),
        "--ca-file",
        ca_file(ca).to_str().unwrap(),
    ]
    .iter()
    .map(|s| (*s).to_owned())
    .collect();
    all.extend(args.iter().map(|s| (*s).to_owned()));
    run(all, stdin.to_owned()).await
}

async fn run(args: Vec<String>, stdin: String) -> Run {
    tokio::task::spawn_blocking(move || {
        let mut child = Command::new(env!("CARGO_BIN_EXE_mta-sts"))
            .args(&args)
            .env_remove("NO_COLOR")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        child
            .stdin
            .take()
            .unwrap()
            .write_all(stdin.as_bytes())
            .unwrap();
        let out = child.wait_with_output().unwrap();
        Run {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    })
    .await
    .unwrap()
}

/// (check id, severity) of every check of a JSON report.
fn severities(report: &Value) -> Vec<(String, String)> {
    report["checks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["id"].as_str().unwrap().to_owned(),
                c["severity"].as_str().unwrap_or("pending").to_owned(),
            )
        })
        .collect()
}

fn severity<'a>(all: &'a [(String, String)], id: &str) -> &'a str {
    &all.iter().find(|(c, _)| c == id).unwrap().1
}

/// Every finding code of a JSON report.
fn codes(report: &Value) -> Vec<String> {
    report["checks"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|c| c["findings"].as_array().unwrap())
        .map(|f| f["code"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sound_domain_gets_every_check_judged() {
    let ca = Ca::new("Test CA");
    let mut lab = Lab::new(2).await;
    let policy_seen = lab.policy(
        0,
        ca.good("mta-sts.good.test"),
        Answer::Body(policy("enforce", "mx.good.test")),
        4,
    );
    let mx_seen = lab.mx(1, Mx::StartTls(ca.good("mx.good.test")), 4);
    let dns = DnsServer::start(sound(Zone::default(), "good.test", 0, 1)).await;
    let ports = (lab.https_port, lab.smtp_port);

    let run = check(&dns, ports, &ca, &["--format", "json", "good.test"], "").await;
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    let report: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(report["domain"], "good.test");
    assert_eq!(report["verdict"], "enforce");
    let all = severities(&report);
    // What a browser leaves skipped or unknown is judged.
    for id in [
        "policy-fetch",
        "policy-content-type",
        "policy-certificate",
        "mx-starttls",
        "mx-certificate",
    ] {
        assert_eq!(severity(&all, id), "pass", "{id}: {all:?}");
    }
    assert!(
        all.iter().all(|(_, s)| s != "fail" && s != "unknown"),
        "{all:?}"
    );
    // One resolver, so nothing to compare: skipped, and saying why.
    assert_eq!(severity(&all, "dns-consistency"), "skip", "{all:?}");
    assert!(codes(&report).contains(&"dns-consistency.not-compared".to_owned()));
    // One policy fetch serves both the fetch and the certificate check, with SNI.
    assert_eq!(policy_seen.accepted(), 1);
    assert_eq!(policy_seen.sni(), ["mta-sts.good.test"]);
    // The MX host was asked for STARTTLS, and no mail was sent.
    let lines = mx_seen.lines();
    assert!(lines.iter().any(|l| l == "STARTTLS"), "{lines:?}");
    assert!(!lines.iter().any(|l| l.starts_with("MAIL")), "{lines:?}");
    // The probe's evidence says where it came from and what kind of address it reached.
    let json = &run.stdout;
    assert!(json.contains("\"kind\": \"probed\""), "{json}");
    assert!(json.contains("a loopback address"), "{json}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn problems_fail_with_their_codes_and_exit_1() {
    let ca = Ca::new("Test CA");
    let other = Ca::new("Unknown CA");
    let mut lab = Lab::new(4).await;
    // plain.test: an MX host without STARTTLS under enforce.
    lab.policy(
        0,
        ca.good("mta-sts.plain.test"),
        Answer::Body(policy("enforce", "mx.plain.test")),
        4,
    );
    lab.mx(1, Mx::Plain, 4);
    // moved.test: the policy host redirects; its certificate is from a CA nobody trusts.
    lab.policy(2, other.good("mta-sts.moved.test"), Answer::Redirect, 4);
    lab.mx(3, Mx::StartTls(ca.good("mx.moved.test")), 4);
    let zone = sound(Zone::default(), "plain.test", 0, 1);
    let zone = sound(zone, "moved.test", 2, 3);
    let dns = DnsServer::start(zone).await;
    let ports = (lab.https_port, lab.smtp_port);

    let run = check(&dns, ports, &ca, &["--format", "json", "plain.test"], "").await;
    assert_eq!(run.code, 1, "{}", run.stderr);
    let report: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(severity(&severities(&report), "mx-starttls"), "fail");
    assert!(codes(&report).contains(&"mx-starttls.not-offered".to_owned()));

    let run = check(&dns, ports, &ca, &["--format", "json", "moved.test"], "").await;
    assert_eq!(run.code, 1, "{}", run.stderr);
    let report: Value = serde_json::from_str(&run.stdout).unwrap();
    let codes = codes(&report);
    assert!(
        codes.contains(&"policy-certificate.untrusted".to_owned()),
        "{codes:?}"
    );
    assert_eq!(severity(&severities(&report), "policy-fetch"), "fail");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn text_and_markdown_for_people() {
    let ca = Ca::new("Test CA");
    let mut lab = Lab::new(2).await;
    lab.policy(
        0,
        ca.good("mta-sts.good.test"),
        Answer::Body(policy("testing", "mx.good.test")),
        4,
    );
    lab.mx(1, Mx::StartTls(ca.good("mx.good.test")), 4);
    let dns = DnsServer::start(sound(Zone::default(), "good.test", 0, 1)).await;
    let ports = (lab.https_port, lab.smtp_port);

    let run = check(&dns, ports, &ca, &["good.test"], "").await;
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.starts_with("good.test testing\n"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("mx-certificate.valid"),
        "{}",
        run.stdout
    );
    // The check made with two resolvers only, as one line.
    assert!(
        run.stdout
            .contains("– dns-consistency.not-compared  Only one resolver was asked"),
        "{}",
        run.stdout
    );
    // Piped: no colour, and no progress on stderr.
    assert!(!run.stdout.contains('\x1b'));
    assert_eq!(run.stderr, "");

    let run = check(&dns, ports, &ca, &["--format", "markdown", "good.test"], "").await;
    assert_eq!(run.code, 0);
    assert!(run.stdout.starts_with('#'), "{}", run.stdout);
    // The checks a browser cannot make are in its table, judged.
    assert!(
        run.stdout.contains("(`mx-starttls`) | ✓ pass"),
        "{}",
        run.stdout
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_list_with_a_bad_line_and_a_silent_domain_keeps_going_in_order() {
    let ca = Ca::new("Test CA");
    let mut lab = Lab::new(2).await;
    lab.policy(
        0,
        ca.issue(&["mta-sts.a.test", "mta-sts.c.test"], 2020, 2099),
        Answer::Body(policy("enforce", "*.example.test")),
        8,
    );
    lab.mx(1, Mx::StartTls(ca.good("mx.example.test")), 8);
    let zone = Zone::default();
    let zone = ["a.test", "c.test"].iter().fold(zone, |z, d| {
        z.txt(&format!("_mta-sts.{d}"), &["v=STSv1; id=1"])
            .txt(
                &format!("_smtp._tls.{d}"),
                &["v=TLSRPTv1; rua=mailto:t@a.test"],
            )
            .mx(d, 10, "mx.example.test")
            .a(&format!("mta-sts.{d}"), ip(0))
    });
    let mut zone = zone.a("mx.example.test", ip(1));
    // silent.test: the DNS server never answers for it.
    for name in [
        "silent.test",
        "_mta-sts.silent.test",
        "_smtp._tls.silent.test",
        "mta-sts.silent.test",
    ] {
        zone = zone.silent(name);
    }
    let dns = DnsServer::start(zone).await;
    let ports = (lab.https_port, lab.smtp_port);
    let list = "# customers\nc.test\n\nnot a domain!\nsilent.test   # times out\nuser@A.test\n";

    let started = Instant::now();
    let run = check(
        &dns,
        ports,
        &ca,
        &["--format", "csv", "--timeout", "1", "-f", "-"],
        list,
    )
    .await;
    assert!(started.elapsed() < Duration::from_secs(20));
    // Nothing failed, but one line is no domain and one domain could not be checked.
    assert_eq!(run.code, 3, "{}\n{}", run.stdout, run.stderr);
    let rows: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(rows.len(), 5, "{}", run.stdout);
    assert!(rows[0].starts_with("input,domain,verdict,fail,warn"));
    assert!(
        rows[1].starts_with("c.test,c.test,enforce,0,"),
        "{}",
        rows[1]
    );
    assert!(rows[2].starts_with("not a domain!,,"), "{}", rows[2]);
    assert!(rows[2].contains("line 4"), "{}", rows[2]);
    assert!(
        rows[3].starts_with("silent.test,silent.test,"),
        "{}",
        rows[3]
    );
    assert!(rows[3].contains("no DNS answer"), "{}", rows[3]);
    assert!(
        rows[4].starts_with("user@A.test,a.test,enforce,0,"),
        "{}",
        rows[4]
    );
    assert!(run.stderr.contains("line 4"), "{}", run.stderr);

    // The same as JSON lines: one per entry, in order, each a report or an error.
    let run = check(
        &dns,
        ports,
        &ca,
        &["--format", "jsonl", "--timeout", "1", "-f", "-"],
        list,
    )
    .await;
    let lines: Vec<Value> = run
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 4);
    assert_eq!(lines[0]["domain"], "c.test");
    assert_eq!(lines[1]["place"], "line 4");
    assert_eq!(lines[2]["domain"], "silent.test");
    assert_eq!(lines[3]["domain"], "a.test");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_thousand_domains() {
    const N: usize = 1000;
    let ca = Ca::new("Test CA");
    let names: Vec<String> = (0..N).map(|i| format!("mta-sts.d{i:04}.test")).collect();
    let refs: Vec<&str> = names.iter().map(String::as_str).collect();
    let mut lab = Lab::new(2).await;
    let policy_seen = lab.policy(
        0,
        ca.issue(&refs, 2020, 2099),
        Answer::Body(policy("enforce", "mx.example.test")),
        N + 10,
    );
    let mx_seen = lab.mx(1, Mx::StartTls(ca.good("mx.example.test")), N + 10);
    let mut zone = Zone::default().a("mx.example.test", ip(1));
    let mut list = String::from("# a thousand domains\n");
    for i in 0..N {
        let d = format!("d{i:04}.test");
        zone = zone
            .txt(&format!("_mta-sts.{d}"), &["v=STSv1; id=1"])
            .txt(
                &format!("_smtp._tls.{d}"),
                &["v=TLSRPTv1; rua=mailto:t@example.test"],
            )
            .mx(&d, 10, "mx.example.test")
            .a(&format!("mta-sts.{d}"), ip(0));
        list.push_str(&d);
        list.push('\n');
    }
    let dns = DnsServer::start(zone).await;
    let ports = (lab.https_port, lab.smtp_port);

    let run = check(
        &dns,
        ports,
        &ca,
        &["--format", "csv", "--jobs", "64", "-f", "-"],
        &list,
    )
    .await;
    assert_eq!(run.code, 0, "{}", run.stderr);
    let rows: Vec<&str> = run.stdout.lines().skip(1).collect();
    assert_eq!(rows.len(), N);
    for (i, row) in rows.iter().enumerate() {
        let d = format!("d{i:04}.test");
        assert!(row.starts_with(&format!("{d},{d},enforce,0,")), "{row}");
    }
    assert_eq!(policy_seen.accepted(), N);
    assert_eq!(mx_seen.accepted(), N);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn usage_errors_exit_2_and_no_dns_exits_3() {
    for args in [
        vec!["check"],
        vec!["check", "--format", "xml", "example.com"],
        vec!["check", "not a domain!"],
        vec!["check", "-f", "/nonexistent/list.txt"],
        vec!["check", "--resolver", "quad9", "example.com"],
        vec!["check", "--ca-file", "/nonexistent/ca.pem", "example.com"],
    ] {
        let args: Vec<String> = args.iter().map(|s| (*s).to_owned()).collect();
        let run = run(args.clone(), String::new()).await;
        assert_eq!(run.code, 2, "{args:?}: {}", run.stderr);
        assert!(run.stderr.starts_with("mta-sts check: "), "{}", run.stderr);
        assert_eq!(run.stdout, "");
    }
    // Help is no error.
    let help = run(vec!["check".into(), "--help".into()], String::new()).await;
    assert_eq!(help.code, 0);
    assert!(help.stdout.contains("--resolver"));

    // A DNS server that is not there: the check cannot run at all.
    let silent = tokio::net::UdpSocket::bind("127.0.0.1:0").await.unwrap();
    let addr = silent.local_addr().unwrap().to_string();
    let started = Instant::now();
    let silent_run = run(
        [
            "check",
            "--resolver",
            &addr,
            "--timeout",
            "1",
            "example.com",
        ]
        .iter()
        .map(|s| (*s).to_owned())
        .collect(),
        String::new(),
    )
    .await;
    assert_eq!(silent_run.code, 3, "{}", silent_run.stderr);
    assert!(
        silent_run.stderr.contains("no DNS answer"),
        "{}",
        silent_run.stderr
    );
    assert!(started.elapsed() < Duration::from_secs(15));
    // A resolver that refuses to recurse: no answer either, not a broken domain.
    let refusing = DnsServer::start(Zone::default().refuse_all()).await;
    let refused = run(
        ["check", "--resolver", &refusing.addr_text(), "example.com"]
            .iter()
            .map(|s| (*s).to_owned())
            .collect(),
        String::new(),
    )
    .await;
    assert_eq!(refused.code, 3, "{}\n{}", refused.stdout, refused.stderr);
    assert!(refused.stderr.contains("REFUSED"), "{}", refused.stderr);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn dnssec_is_the_resolvers_ad_bit_with_the_cd_retry() {
    let ca = Ca::new("Test CA");
    let mut lab = Lab::new(4).await;
    for (i, d) in ["signed.test", "broken.test"].iter().enumerate() {
        let i = u8::try_from(i).unwrap() * 2;
        lab.policy(
            i,
            ca.good(&format!("mta-sts.{d}")),
            Answer::Body(policy("enforce", &format!("mx.{d}"))),
            4,
        );
        lab.mx(i + 1, Mx::StartTls(ca.good(&format!("mx.{d}"))), 4);
    }
    let mut zone = sound(Zone::default(), "signed.test", 0, 1);
    for name in [
        "signed.test",
        "_mta-sts.signed.test",
        "_smtp._tls.signed.test",
        "mta-sts.signed.test",
    ] {
        zone = zone.signed(name);
    }
    // broken.test: its record's lookup fails validation (SERVFAIL unless cd=1).
    let zone = sound(zone, "broken.test", 2, 3).servfail("_mta-sts.broken.test");
    let dns = DnsServer::start(zone).await;
    let ports = (lab.https_port, lab.smtp_port);

    let run = check(&dns, ports, &ca, &["--format", "json", "signed.test"], "").await;
    let report: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(
        severity(&severities(&report), "dnssec"),
        "pass",
        "{}",
        run.stdout
    );
    assert!(codes(&report).contains(&"dnssec.validated".to_owned()));
    // Every query asked the resolver to say whether it validated (AD=1).
    assert!(dns.asked().iter().all(|a| a.authentic_data));

    let run = check(&dns, ports, &ca, &["--format", "json", "broken.test"], "").await;
    assert_eq!(run.code, 1, "{}", run.stderr);
    let report: Value = serde_json::from_str(&run.stdout).unwrap();
    assert!(
        codes(&report).contains(&"dnssec.broken".to_owned()),
        "{:?}",
        codes(&report)
    );
    assert_eq!(dns.count_cd("_mta-sts.broken.test", "TXT"), 1);
}

/// The `policy-change` codes of a JSON report, with their severities.
fn changes(report: &Value) -> Vec<(String, String)> {
    report["changes"]["findings"]
        .as_array()
        .map(|list| {
            list.iter()
                .map(|f| {
                    (
                        f["code"].as_str().unwrap().to_owned(),
                        f["severity"].as_str().unwrap().to_owned(),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

/// One run of the monitor over mon.test and gone.test: `changed` serves the second state of
/// the world (mode down under the same id, an uncovered MX host, a certificate two days from
/// expiry; gone.test withdrawn).
async fn monitor_run(ca: &Ca, state: &std::path::Path, changed: bool) -> (Run, Vec<Value>) {
    let mut lab = Lab::new(5).await;
    let mode = if changed { "testing" } else { "enforce" };
    lab.policy(
        0,
        ca.good("mta-sts.mon.test"),
        Answer::Body(policy(mode, "mx.mon.test")),
        4,
    );
    let mx_cert = if changed {
        ca.expiring("mx.mon.test", 2)
    } else {
        ca.good("mx.mon.test")
    };
    lab.mx(1, Mx::StartTls(mx_cert), 4);
    lab.mx(2, Mx::StartTls(ca.good("mx2.other.test")), 4);
    lab.policy(
        3,
        ca.good("mta-sts.gone.test"),
        Answer::Body(policy("enforce", "mx.gone.test")),
        4,
    );
    lab.mx(4, Mx::StartTls(ca.good("mx.gone.test")), 4);
    let mut zone = sound(Zone::default(), "mon.test", 0, 1);
    if changed {
        zone = zone
            .mx("mon.test", 20, "mx2.other.test")
            .a("mx2.other.test", ip(2));
    } else {
        zone = sound(zone, "gone.test", 3, 4);
    }
    let dns = DnsServer::start(zone).await;
    let run = check(
        &dns,
        (lab.https_port, lab.smtp_port),
        ca,
        &[
            "--format",
            "jsonl",
            "--state",
            state.to_str().unwrap(),
            "mon.test",
            "gone.test",
        ],
        "",
    )
    .await;
    let reports = run
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    (run, reports)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_monitor_reports_each_kind_of_change_across_runs() {
    let ca = Ca::new("Test CA");
    let state = std::env::temp_dir().join(format!("mta-sts-state-{}.json", std::process::id()));
    let _ = std::fs::remove_file(&state);

    // First run: everything recorded.
    let (run, reports) = monitor_run(&ca, &state, false).await;
    assert_eq!(run.code, 0, "{}", run.stderr);
    for r in &reports {
        assert_eq!(
            changes(r),
            [("policy-change.first-run".into(), "info".into())],
            "{r}"
        );
    }
    let saved = std::fs::read_to_string(&state).unwrap();
    assert!(saved.contains("\"mon.test\"") && saved.contains("\"gone.test\""));

    // Nothing changed.
    let (run, reports) = monitor_run(&ca, &state, false).await;
    assert_eq!(run.code, 0, "{}", run.stderr);
    for r in &reports {
        assert_eq!(
            changes(r),
            [("policy-change.unchanged".into(), "pass".into())],
            "{r}"
        );
    }

    // The world changed.
    let (run, reports) = monitor_run(&ca, &state, true).await;
    assert_eq!(run.code, 1, "{}", run.stderr);
    let mon = changes(&reports[0]);
    for (code, severity) in [
        ("policy-change.policy-changed-id-same", "fail"),
        ("policy-change.mode-down", "warn"),
        ("policy-change.mx-uncovered", "warn"),
        ("policy-change.certificate-expiring", "fail"),
    ] {
        assert!(
            mon.contains(&(code.to_owned(), severity.to_owned())),
            "{code} {severity}: {mon:?}"
        );
    }
    let gone = changes(&reports[1]);
    for code in ["policy-change.record-gone", "policy-change.policy-gone"] {
        assert!(
            gone.contains(&(code.to_owned(), "fail".to_owned())),
            "{code}: {gone:?}"
        );
    }

    // A state file that cannot be read ends the run before any check, naming it.
    std::fs::write(&state, "{ not json").unwrap();
    let (run, _) = monitor_run(&ca, &state, false).await;
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("--state"), "{}", run.stderr);
    let _ = std::fs::remove_file(&state);
}

/// Slow domains hold back the output after them, never the checks after them: four domains
/// whose DNS never answers, spread through a list of quick ones, cost about one time limit,
/// not four one after the other.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn slow_domains_do_not_hold_up_the_rest() {
    let ca = Ca::new("Test CA");
    let mut lab = Lab::new(2).await;
    let names: Vec<String> = (0..24).map(|i| format!("mta-sts.q{i:02}.test")).collect();
    let refs: Vec<&str> = names.iter().map(String::as_str).collect();
    lab.policy(
        0,
        ca.issue(&refs, 2020, 2099),
        Answer::Body(policy("enforce", "mx.example.test")),
        40,
    );
    lab.mx(1, Mx::StartTls(ca.good("mx.example.test")), 40);
    let mut zone = Zone::default().a("mx.example.test", ip(1));
    let mut list = String::new();
    for i in 0..24 {
        let d = format!("q{i:02}.test");
        zone = zone
            .txt(&format!("_mta-sts.{d}"), &["v=STSv1; id=1"])
            .mx(&d, 10, "mx.example.test")
            .a(&format!("mta-sts.{d}"), ip(0));
        list.push_str(&d);
        list.push('\n');
        if i % 6 == 0 {
            let slow = format!("slow{i}.test");
            for name in [
                slow.clone(),
                format!("_mta-sts.{slow}"),
                format!("_smtp._tls.{slow}"),
                format!("mta-sts.{slow}"),
            ] {
                zone = zone.silent(&name);
            }
            list.push_str(&slow);
            list.push('\n');
        }
    }
    let dns = DnsServer::start(zone).await;
    let ports = (lab.https_port, lab.smtp_port);
    // One slow domain alone: the time limit's cost.
    let started = Instant::now();
    check(
        &dns,
        ports,
        &ca,
        &["--timeout", "2", "--format", "csv", "slow0.test"],
        "",
    )
    .await;
    let one = started.elapsed();
    let started = Instant::now();
    let run = check(
        &dns,
        ports,
        &ca,
        &[
            "--timeout",
            "2",
            "--jobs",
            "5",
            "--format",
            "csv",
            "-f",
            "-",
        ],
        &list,
    )
    .await;
    let all = started.elapsed();
    assert_eq!(run.stdout.lines().count(), 1 + 24 + 4, "{}", run.stdout);
    // In input order all the same.
    let first: Vec<&str> = run.stdout.lines().skip(1).take(3).collect();
    assert!(first[0].starts_with("q00.test,"), "{first:?}");
    assert!(first[1].starts_with("slow0.test,"), "{first:?}");
    assert!(first[2].starts_with("q01.test,"), "{first:?}");
    assert!(all < one * 3, "one slow domain {one:?}, the list {all:?}");
}

/// The `mx-dane` codes of a JSON report, with their severities.
fn dane(report: &Value) -> Vec<(String, String)> {
    let check = report["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == "mx-dane")
        .unwrap();
    check["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["code"].as_str().unwrap().to_owned(),
                f["severity"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn dane_records_are_compared_with_what_the_mx_host_presents() {
    let ca = Ca::new("Test CA");
    let mut lab = Lab::new(4).await;
    let mut zone = Zone::default();
    for (i, d) in ["match.test", "nomatch.test"].iter().enumerate() {
        let i = u8::try_from(i).unwrap() * 2;
        let mx = format!("mx.{d}");
        lab.policy(
            i,
            ca.good(&format!("mta-sts.{d}")),
            Answer::Body(policy("enforce", &mx)),
            4,
        );
        let id = ca.chained(ca.good(&mx));
        // The record for the key the host presents, and one for another key.
        let spki = mta_sts_native::certs::spki_sha256(id.chain[0].as_ref());
        let data: Vec<u8> = if *d == "match.test" {
            (0..32)
                .map(|k| u8::from_str_radix(&spki[k * 2..k * 2 + 2], 16).unwrap())
                .collect()
        } else {
            vec![0x77; 32]
        };
        lab.mx(i + 1, Mx::StartTls(id), 4);
        let tlsa = format!("_25._tcp.{mx}");
        zone = sound(zone, d, i, i + 1)
            .tlsa(&tlsa, 3, 1, 1, &data)
            .signed(&tlsa);
    }
    let dns = DnsServer::start(zone).await;
    let ports = (lab.https_port, lab.smtp_port);

    let run = check(&dns, ports, &ca, &["--format", "json", "match.test"], "").await;
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    let report: Value = serde_json::from_str(&run.stdout).unwrap();
    let found = dane(&report);
    for want in [
        ("mx-dane.valid", "pass"),
        ("mx-dane.match", "pass"),
        ("mx-dane.interplay", "pass"),
    ] {
        assert!(
            found.contains(&(want.0.to_owned(), want.1.to_owned())),
            "{found:?}"
        );
    }
    assert_eq!(severity(&severities(&report), "mx-dane"), "pass");
    assert_eq!(dns.count_cd("_25._tcp.mx.match.test", "TLSA"), 0);

    let run = check(&dns, ports, &ca, &["--format", "json", "nomatch.test"], "").await;
    assert_eq!(run.code, 1, "{}", run.stderr);
    let report: Value = serde_json::from_str(&run.stdout).unwrap();
    let found = dane(&report);
    assert!(
        found.contains(&("mx-dane.no-match".to_owned(), "fail".to_owned())),
        "{found:?}"
    );
    // The fix is the record for the key the host presented.
    assert!(run
        .stdout
        .contains("_25._tcp.mx.nomatch.test. IN TLSA 3 1 1 "));
}
