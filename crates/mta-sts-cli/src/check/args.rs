//! The options of `mta-sts check`, read once into types.

use crate::argv::{Arg, Argv};
use std::ffi::OsString;
use std::path::PathBuf;

pub const USAGE: &str = "\
mta-sts check: the whole MTA-STS and TLS-RPT check of a domain, from this machine

Usage:
  mta-sts check [OPTIONS] DOMAIN...        domains, e-mail addresses or URLs
  mta-sts check [OPTIONS] -f FILE          one per line (- for stdin); # starts a comment

Everything the web page checks, and what a browser cannot: the policy is fetched as a
sending server fetches it (certificate verified, no redirects, 64 KiB at most) and every
MX host is probed on port 25 (EHLO, STARTTLS, the certificate). No mail is sent.

Options:
  --format FORMAT     text (default), json, markdown, jsonl (one report per line) or csv
                      (one row per domain)
  --resolver WHICH    system (default), google or cloudflare (DNS over HTTPS), or ADDR[:PORT]
                      to ask one DNS server directly, as `dig @ADDR` does
  -f, --file FILE     read the domains from FILE (- for standard input)
  -j, --jobs N        domains checked at once (default 8)
  --timeout SECONDS   the limit of one step: a DNS query, a connection, a handshake
                      (default 5; an HTTP answer and an SMTP reply get twice as long,
                      everything for one MX host six times)
  --state FILE        monitor: compare with what FILE recorded on the last run, report
                      changes, and record this run (see docs/monitoring.md)
  --ehlo-name NAME    the name sent in EHLO (default mta-sts-check.invalid)
  --ca-file FILE      also trust the CA certificates in FILE (PEM), e.g. for an internal
                      domain; senders on the internet do not
  -q, --quiet         no progress on the terminal
  -h, --help          print this help

Lab options (for a test set-up on other ports):
  --https-port N      fetch the policy from port N instead of 443
  --smtp-port N       probe the MX hosts on port N instead of 25

Exit status: 0 when no finding is `fail`, 1 when one is, 2 for a usage error, 3 when a
domain could not be checked at all (no DNS answer, or a line that is not a domain) and
nothing failed. Progress goes to stderr, and only on a terminal.
";

/// The output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Text,
    Json,
    Markdown,
    Jsonl,
    Csv,
}

impl Format {
    fn parse(s: &str) -> Option<Format> {
        Some(match s {
            "text" => Format::Text,
            "json" => Format::Json,
            "markdown" | "md" => Format::Markdown,
            "jsonl" => Format::Jsonl,
            "csv" => Format::Csv,
            _ => return None,
        })
    }
}

/// Where the domains come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    Args(Vec<String>),
    /// A file, or standard input for `-`.
    File(OsString),
}

#[derive(Debug, Clone)]
pub struct CheckArgs {
    pub source: Source,
    pub format: Format,
    pub resolver: String,
    pub jobs: usize,
    pub state: Option<PathBuf>,
    pub ehlo_name: String,
    pub ca_file: Option<PathBuf>,
    pub quiet: bool,
    /// The limit of one step, in seconds.
    pub timeout: u32,
    pub https_port: u16,
    pub smtp_port: u16,
}

pub enum Parsed {
    Run(Box<CheckArgs>),
    Help,
}

/// The most domains checked at once: each holds a dozen sockets open at its busiest, and a
/// process may often open no more than 1024 files.
const MAX_JOBS: usize = 64;

/// Reads the arguments after `check`. `Err` is the usage error to print.
pub fn parse(args: impl IntoIterator<Item = OsString>) -> Result<Parsed, String> {
    let mut domains = Vec::new();
    let mut file = None;
    let mut out = CheckArgs {
        source: Source::Args(Vec::new()),
        format: Format::Text,
        resolver: "system".into(),
        jobs: 8,
        state: None,
        ehlo_name: "mta-sts-check.invalid".into(),
        ca_file: None,
        quiet: false,
        timeout: 5,
        https_port: 443,
        smtp_port: 25,
    };
    let mut argv = Argv::new(args);
    while let Some(arg) = argv.next_arg() {
        let (name, inline) = match arg {
            Arg::Positional(p) => {
                domains.push(p.to_string_lossy().into_owned());
                continue;
            }
            Arg::Option(name, inline) => (name, inline),
        };
        match name.as_str() {
            "-h" | "--help" => return Ok(Parsed::Help),
            "-q" | "--quiet" => out.quiet = true,
            "--format" => {
                let v = argv.text(&name, inline)?;
                out.format = Format::parse(&v).ok_or_else(|| {
                    format!("--format {v}: not one of text, json, markdown, jsonl, csv")
                })?;
            }
            "--json" => out.format = Format::Json,
            "--resolver" => out.resolver = argv.text(&name, inline)?,
            "-f" | "--file" => file = Some(argv.value(&name, inline)?),
            "-j" | "--jobs" => {
                let v = argv.text(&name, inline)?;
                out.jobs = v
                    .trim()
                    .parse::<usize>()
                    .ok()
                    .filter(|n| (1..=MAX_JOBS).contains(n))
                    .ok_or_else(|| format!("--jobs {v}: a number from 1 to {MAX_JOBS}"))?;
            }
            "--timeout" => {
                let v = argv.text(&name, inline)?;
                out.timeout = v
                    .trim()
                    .parse::<u32>()
                    .ok()
                    .filter(|n| (1..=300).contains(n))
                    .ok_or_else(|| format!("--timeout {v}: seconds, from 1 to 300"))?;
            }
            "--state" => out.state = Some(PathBuf::from(argv.value(&name, inline)?)),
            "--ehlo-name" => {
                let v = argv.text(&name, inline)?;
                if mta_sts::domain::check_host_name(&v).is_err() {
                    return Err(format!("--ehlo-name {v}: not a host name"));
                }
                out.ehlo_name = v;
            }
            "--ca-file" => out.ca_file = Some(PathBuf::from(argv.value(&name, inline)?)),
            "--https-port" => out.https_port = port(&name, &argv.text(&name, inline)?)?,
            "--smtp-port" => out.smtp_port = port(&name, &argv.text(&name, inline)?)?,
            other => return Err(format!("unknown option {other}")),
        }
    }
    out.source = match (file, domains.is_empty()) {
        (Some(_), false) => {
            return Err("give the domains as arguments or with -f FILE, not both".into())
        }
        (Some(f), true) => Source::File(f),
        (None, false) => Source::Args(domains),
        (None, true) => return Err("check what? Give a domain, or -f FILE".into()),
    };
    Ok(Parsed::Run(Box::new(out)))
}

fn port(name: &str, v: &str) -> Result<u16, String> {
    v.trim()
        .parse::<u16>()
        .ok()
        .filter(|p| *p > 0)
        .ok_or_else(|| format!("{name} {v}: a port number from 1 to 65535"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(list: &[&str]) -> Result<CheckArgs, String> {
        match parse(list.iter().map(OsString::from))? {
            Parsed::Run(a) => Ok(*a),
            Parsed::Help => Err("help".into()),
        }
    }

    #[test]
    fn options_are_read_into_types() {
        let a = run(&["--format=csv", "-j", "3", "example.com", "b.example"]).unwrap();
        assert_eq!(a.format, Format::Csv);
        assert_eq!(a.jobs, 3);
        assert_eq!(
            a.source,
            Source::Args(vec!["example.com".into(), "b.example".into()])
        );
        let a = run(&["-f", "-", "--resolver", "192.0.2.1:5353"]).unwrap();
        assert_eq!(a.source, Source::File("-".into()));
        assert_eq!(a.resolver, "192.0.2.1:5353");
    }

    #[test]
    fn usage_errors_are_words() {
        for bad in [
            &[][..],
            &["--format", "xml", "example.com"],
            &["--jobs", "0", "example.com"],
            &["--jobs", "many", "example.com"],
            &["-f", "list.txt", "example.com"],
            &["--frobnicate", "example.com"],
            &["--ehlo-name", "not a name", "example.com"],
            &["--smtp-port", "0", "example.com"],
            &["example.com", "--format"],
        ] {
            assert!(run(bad).is_err(), "{bad:?}");
        }
    }
}
