//! `mta-sts report` through the real binary: formats, exit codes, bad files among good ones,
//! compressed files, and control characters from a report kept off the terminal.

use miniz_oxide::deflate::compress_to_vec;
use std::path::PathBuf;
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};

const EXAMPLE: &str = include_str!("../../mta-sts/tests/fixtures/tlsrpt/rfc8460-example.json");

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn run(args: &[&str]) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_mta-sts"))
        .arg("report")
        .args(args)
        .output()
        .expect("the binary runs");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// A file for the binary to read, in a folder of its own, removed when dropped.
struct TempFile {
    dir: PathBuf,
    path: String,
}

impl std::ops::Deref for TempFile {
    type Target = str;
    fn deref(&self) -> &str {
        &self.path
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

fn file(name: &str, bytes: &[u8]) -> TempFile {
    static N: AtomicUsize = AtomicUsize::new(0);
    let dir: PathBuf = std::env::temp_dir().join(format!(
        "mta-sts-report-{}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::SeqCst)
    ));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    TempFile {
        path: path.to_string_lossy().into_owned(),
        dir,
    }
}

/// A report with no failures: every count 0 failed.
fn clean() -> String {
    EXAMPLE
        .replace(
            "\"total-failure-session-count\": 303",
            "\"total-failure-session-count\": 0",
        )
        .replace("5065427c-23d3-47ca-b6e0-946ea0e8c4be", "clean-1")
}

fn gzip(data: &[u8]) -> Vec<u8> {
    // The CRC-32 from the engine, which the engine checks: a gzip it accepts.
    let mut out = vec![0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 255];
    out.extend(compress_to_vec(data, 6));
    out.extend(mta_sts::tlsrpt::report::crc32(data).to_le_bytes());
    out.extend((data.len() as u32).to_le_bytes());
    out
}

#[test]
fn text_lists_failures_and_exits_1() {
    let r = run(&[&file("r.json", EXAMPLE.as_bytes())]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stdout.contains("company-y.example (sts)"));
    assert!(r.stdout.contains("starttls-not-supported"));
    assert!(r.stdout.contains("2016-04-01"));
    assert!(!r.stdout.contains("\x1b["), "no colour when piped");
}

#[test]
fn no_failures_exit_0() {
    let r = run(&[&file("c.json.gz", &gzip(clean().as_bytes()))]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("0.00% failed"));
}

#[test]
fn json_and_csv() {
    let path = file("r.json", EXAMPLE.as_bytes());
    let r = run(&["--format", "json", &path, &path]);
    assert_eq!(r.code, 1);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(v["reports"], 1);
    assert_eq!(v["duplicates"][0]["copies"], 2);
    assert_eq!(v["failures"].as_array().unwrap().len(), 3);
    let r = run(&["--format=csv", &path]);
    assert_eq!(r.code, 1);
    let lines: Vec<&str> = r.stdout.split("\r\n").collect();
    assert_eq!(lines.len(), 5);
    assert!(lines[0].starts_with("report-id,organization-name,"));
    // A copy is left out of the CSV as the summary leaves it out.
    let r = run(&["--format=csv", &path, &path]);
    assert_eq!(r.stdout.split("\r\n").count(), 5, "{}", r.stdout);
}

#[test]
fn a_bad_file_is_reported_and_the_others_still_load() {
    let good = file("r.json", clean().as_bytes());
    let bad = file("bad.json", b"\x00\x01\x02");
    let r = run(&[&bad, &good, "/nonexistent/report.json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stderr.contains("bad.json"));
    assert!(r.stderr.contains("/nonexistent/report.json"));
    assert!(r.stdout.contains("1 report(s) read"));
}

#[test]
fn usage_errors_and_nothing_readable_exit_2() {
    assert_eq!(run(&[]).code, 2);
    assert_eq!(run(&["--format", "xml", "a.json"]).code, 2);
    assert_eq!(run(&["--bogus", "a.json"]).code, 2);
    let r = run(&[&file("x.json", b"{}")]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("organization-name"));
    let bomb = file("b.gz", &gzip(&vec![0u8; 60_000_000]));
    let r = run(&[&bomb]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("limit"), "{}", r.stderr);
    let help = run(&["--help"]);
    assert_eq!(help.code, 0);
    assert!(help.stdout.contains("Exit status"));
}

#[test]
fn control_characters_from_a_report_are_made_visible() {
    let text = EXAMPLE.replace("Company-X", "Evil\\u001b[31mCorp\\u009b2J\\u202e");
    let path = file("r.json", text.as_bytes());
    let hostile = ['\x1b', '\u{9b}', '\u{202e}'];
    let r = run(&[&path]);
    assert!(!r.stdout.contains(hostile), "{}", r.stdout);
    assert!(r.stdout.contains("Evil\\x1b[31mCorp\\u{009b}2J\\u{202e}"));
    // JSON escapes them always, and is still the same JSON.
    let r = run(&["--format", "json", &path]);
    assert!(!r.stdout.contains(hostile), "{}", r.stdout);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(
        v["files"][0]["organization-name"],
        "Evil\x1b[31mCorp\u{9b}2J\u{202e}"
    );
    // CSV on a terminal (util-linux `script` gives the command one) shows them escaped.
    let command = format!(
        "{} report --format csv {}",
        env!("CARGO_BIN_EXE_mta-sts"),
        &*path
    );
    match Command::new("script")
        .args(["-qec", &command, "/dev/null"])
        .output()
    {
        Ok(out) => {
            let stdout = String::from_utf8_lossy(&out.stdout);
            assert!(stdout.contains("report-id,organization-name"), "{stdout}");
            assert!(!stdout.contains(hostile), "{stdout}");
            assert!(stdout.contains("Evil\\x1b[31mCorp\\u{009b}2J\\u{202e}"));
        }
        // No `script` here: the choice of escaping is also tested in the binary's own tests.
        Err(e) => eprintln!("not run on a terminal: {e}"),
    }
}
