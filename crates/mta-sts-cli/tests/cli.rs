//! The `mta-sts` binary, run for real: every subcommand, exit codes, stdin, `--json`, and no
//! colour when the output is piped.

use mta_sts::export::findings_json;
use mta_sts::report::lint;
use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Stdio};

const VALID: &str =
    "version: STSv1\nmode: enforce\nmx: mx1.example.com\nmx: *.mx.example.net\nmax_age: 1209600\n";
const INVALID: &str = "version: STSv1\nmode: enforced\nmx: mx1.example.com\nmax_age: 1209600\n";

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn run(args: &[&str], stdin: &[u8]) -> Run {
    let mut child = Command::new(env!("CARGO_BIN_EXE_mta-sts"))
        .args(args)
        .env_remove("NO_COLOR")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs");
    if let Some(mut input) = child.stdin.take() {
        // The binary may exit before reading (usage errors): a broken pipe is fine.
        let _ = input.write_all(stdin);
    }
    let out = child.wait_with_output().expect("the binary finishes");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// A file under Cargo's temporary directory for integration tests.
fn file(name: &str, body: &[u8]) -> PathBuf {
    let path = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("cli-{name}"));
    std::fs::write(&path, body).expect("temporary file written");
    path
}

/// (args, stdin, exit code, words on stdout, words on stderr)
type Case<'a> = (Vec<&'a str>, &'a [u8], i32, &'a str, &'a str);

#[test]
fn subcommands_exit_codes_and_output() {
    let valid = file("valid.txt", VALID.as_bytes());
    let invalid = file("invalid.txt", INVALID.as_bytes());
    let valid = valid.to_str().expect("utf-8 path");
    let invalid = invalid.to_str().expect("utf-8 path");
    let cases: Vec<Case> = vec![
        (vec!["lint", "policy", valid], b"", 0, "policy-syntax", ""),
        (
            vec!["lint", "policy", invalid],
            b"",
            1,
            "line   2 | mode: enforced",
            "",
        ),
        (vec!["lint", "policy", "-"], VALID.as_bytes(), 0, "pass", ""),
        (vec!["lint", "policy"], INVALID.as_bytes(), 1, "fail", ""),
        // POL-03 and FETCH-14: the bytes as served count, a BOM and a blank line included.
        (
            vec!["lint", "policy"],
            b"\xef\xbb\xbfversion: STSv1\nmode: testing\nmx: a.example\nmax_age: 86400\n",
            1,
            "fail",
            "",
        ),
        (
            vec!["lint", "policy"],
            b"version: STSv1\nmode: testing\nmx: a.example\nmax_age: 86400\n\n",
            1,
            "fail",
            "",
        ),
        // CRLF is as valid as LF (POL-01).
        (
            vec!["lint", "policy"],
            b"version: STSv1\r\nmode: testing\r\nmx: a.example\r\nmax_age: 86400\r\n",
            0,
            "pass",
            "",
        ),
        (
            vec!["lint", "record", "v=STSv1; id=20240131T120000Z"],
            b"",
            0,
            "sts-record",
            "",
        ),
        (
            vec!["lint", "record", "v=STSv1; id=2024-01-31"],
            b"",
            1,
            "v=STSv1; id=",
            "",
        ),
        (
            vec!["lint", "record", "--domain", "example.org", "v=spf1 -all"],
            b"",
            1,
            "_mta-sts.example.org",
            "",
        ),
        (
            vec!["lint", "record", "\"v=STSv1; id=\" \"abc\""],
            b"",
            0,
            "joined: v=STSv1; id=abc",
            "",
        ),
        (
            vec!["lint", "tlsrpt", "v=TLSRPTv1; rua=mailto:tls@example.com"],
            b"",
            0,
            "tlsrpt-record",
            "",
        ),
        (
            vec![
                "lint",
                "tlsrpt",
                "--domain=example.org",
                "v=TLSRPTv1; rua=http://r.example.org/",
            ],
            b"",
            1,
            "fail",
            "",
        ),
        (
            vec![
                "lint",
                "mx",
                "--policy",
                valid,
                "--domain",
                "example.com",
                "10:mx1.example.com.",
                "20:a.mx.example.net",
            ],
            b"",
            0,
            "mx-coverage",
            "",
        ),
        (
            vec![
                "lint",
                "mx",
                "--policy",
                valid,
                "mx1.example.com",
                "backup.example.com",
            ],
            b"",
            1,
            "backup.example.com",
            "",
        ),
        (
            vec!["lint", "mx", "--policy", "-", "--domain", "example.com"],
            VALID.as_bytes(),
            1,
            "example.com",
            "",
        ),
        (
            vec![
                "lint",
                "mx",
                "--policy",
                invalid,
                "mx1.example.com",
                "mx2.example.com",
            ],
            b"",
            0,
            "",
            "the policy itself has",
        ),
        (vec!["--help"], b"", 0, "Usage:", ""),
        (vec!["lint", "policy", "-h"], b"", 0, "Exit status", ""),
        (vec!["--version"], b"", 0, "mta-sts ", ""),
        (vec![], b"", 2, "", "nothing to do"),
        (vec!["lint"], b"", 2, "", "lint what"),
        (vec!["lint", "dkim"], b"", 2, "", "unknown lint subject"),
        (
            vec!["frobnicate", "example.com"],
            b"",
            2,
            "",
            "unknown command",
        ),
        (
            vec!["lint", "policy", "--colour"],
            b"",
            2,
            "",
            "unknown option --colour",
        ),
        (
            vec!["lint", "policy", "/nonexistent/mta-sts.txt"],
            b"",
            2,
            "",
            "cannot read /nonexistent/mta-sts.txt",
        ),
        (
            vec!["lint", "policy", valid, invalid],
            b"",
            2,
            "",
            "one FILE",
        ),
        (vec!["lint", "record"], b"", 2, "", "needs the TXT value"),
        (
            vec!["lint", "record", "v=STSv1;", "id=1"],
            b"",
            2,
            "",
            "single quotes",
        ),
        (
            vec!["lint", "mx", "mx1.example.com"],
            b"",
            2,
            "",
            "needs --policy",
        ),
        (
            vec!["lint", "mx", "--policy", valid, "x:mx.example.com"],
            b"",
            2,
            "",
            "not an MX host",
        ),
        (
            vec![
                "lint",
                "mx",
                "--policy",
                valid,
                "mx.example.com",
                "mx.example.net",
            ],
            b"",
            2,
            "",
            "give --domain",
        ),
        (
            vec!["lint", "record", "--domain"],
            b"",
            2,
            "",
            "--domain needs a value",
        ),
    ];
    for (args, stdin, code, out, err) in cases {
        let r = run(&args, stdin);
        assert_eq!(
            r.code, code,
            "{args:?}\nstdout: {}\nstderr: {}",
            r.stdout, r.stderr
        );
        assert!(
            r.stdout.contains(out),
            "{args:?}: stdout lacks {out:?}:\n{}",
            r.stdout
        );
        assert!(
            r.stderr.contains(err),
            "{args:?}: stderr lacks {err:?}:\n{}",
            r.stderr
        );
        if code == 2 {
            assert!(
                r.stdout.is_empty(),
                "{args:?}: a usage error prints nothing on stdout"
            );
        }
    }
}

#[test]
fn json_output_has_the_field_names_of_finding() {
    let r = run(&["lint", "policy", "--json"], INVALID.as_bytes());
    assert_eq!(r.code, 1, "{}", r.stderr);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).expect("valid JSON");
    assert_eq!(v["severity"], "fail");
    let findings = v["findings"].as_array().expect("findings");
    assert!(!findings.is_empty());
    for f in findings {
        for key in ["check", "code", "severity", "title", "detail", "evidence"] {
            assert!(f.get(key).is_some(), "{key} missing in {f}");
        }
    }
    let mode = findings
        .iter()
        .find(|f| f["check"] == "policy-mode")
        .expect("policy-mode");
    assert_eq!(mode["severity"], "fail");
    assert_eq!(mode["code"], "policy-mode.invalid");
    assert_eq!(mode["evidence"][0]["line"], 2);
    assert_eq!(mode["evidence"][0]["text"], "mode: enforced");
    assert_eq!(mode["evidence"][0]["provenance"]["kind"], "pasted");
    let paste = mode["fix"]["paste"].as_str().expect("a corrected policy");
    assert!(paste.contains("mode: enforce\n"), "{paste}");

    // A TLS-RPT record that reporters discard (its version in the wrong case) is unusable,
    // so lint fails, as it does for a record without rua.
    for (record, code) in [
        (
            "v=tlsrptv1; rua=mailto:tls@example.com",
            "tlsrpt-record.version-case",
        ),
        ("v=TLSRPTv1; ext=1", "tlsrpt-record.rua-missing"),
    ] {
        let r = run(&["lint", "tlsrpt", "--json", record], b"");
        let v: serde_json::Value = serde_json::from_str(&r.stdout).expect("valid JSON");
        let codes: Vec<&str> = v["findings"]
            .as_array()
            .expect("findings")
            .iter()
            .filter(|f| f["severity"] == "fail")
            .filter_map(|f| f["code"].as_str())
            .collect();
        assert_eq!(r.code, 1, "{record}: {}", r.stdout);
        assert_eq!(codes, [code], "{record}");
    }

    let r = run(&["--json", "lint", "record", "v=STSv1; id=1"], b"");
    let v: serde_json::Value = serde_json::from_str(&r.stdout).expect("valid JSON");
    assert_eq!(
        (r.code, v["findings"][0]["check"].as_str()),
        (0, Some("sts-record"))
    );
}

#[test]
fn piped_output_has_no_colour_and_shows_control_characters() {
    let r = run(
        &["lint", "policy"],
        b"version: STSv1\nmode: enforce\x1b[31m\nmx: a.example\nmax_age: 86400\n",
    );
    assert!(!r.stdout.contains('\u{1b}'), "{:?}", r.stdout);
    assert!(r.stdout.contains("\\x1b[31m"), "{}", r.stdout);
    for s in ["✗ fail", "Evidence:", "Fix:", "Reference: RFC 8461"] {
        assert!(r.stdout.contains(s), "{s} missing:\n{}", r.stdout);
    }
}

#[test]
fn pastes_are_flush_left_so_they_copy_cleanly() {
    let r = run(&["lint", "policy"], INVALID.as_bytes());
    let lines: Vec<&str> = r.stdout.lines().collect();
    let start = lines
        .iter()
        .position(|l| l.contains("--- copy from the next line ---"))
        .expect("a paste");
    let end = lines
        .iter()
        .position(|l| l.contains("--- end ---"))
        .expect("its end");
    let paste = lines[start + 1..end].join("\n") + "\n";
    // The corrected policy, copied from the terminal, is itself valid.
    let again = run(&["lint", "policy"], paste.as_bytes());
    assert_eq!(again.code, 0, "{paste}\n{}", again.stdout);
}

/// What `lint policy --json` prints is the engine's `findings_json` of the same findings, which
/// the engine's tests (`crates/mta-sts/tests/export_json.rs`) hold to serde_json's text.
#[test]
fn json_is_the_engines_findings_json() {
    let policy = "version: STSv1\nmode: enforced\nmx: \"mx1\".example.com\u{2028}\nmax_age: x\n";
    let r = run(&["lint", "policy", "--json"], policy.as_bytes());
    assert_eq!(
        r.stdout,
        findings_json(&lint::lint_policy(policy.as_bytes())) + "\n"
    );
}
