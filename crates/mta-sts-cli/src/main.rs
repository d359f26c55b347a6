//! The `mta-sts` command line: `check` runs the whole check of a domain from this machine
//! (crate `mta-sts-native` for DNS, HTTPS and SMTP); `lint` checks a policy file, a TXT record
//! or an MX set on its own, offline; `report` summarises TLS-RPT reports. The same engine as
//! the web page. No argument-parsing crate: a handful of options each, read by hand into
//! types.

mod argv;
mod check;
mod read;
mod report;
mod text;

use argv::{Arg, Argv};
use mta_sts::export::findings_json;
use mta_sts::finding::{Finding, Severity};
use mta_sts::report::lint;
use std::ffi::{OsStr, OsString};
use std::io::{IsTerminal, Read, Write};
use std::process::ExitCode;
use text::{findings_text, TextStyle};

const USAGE: &str = "\
mta-sts: check MTA-STS (RFC 8461) and TLS-RPT (RFC 8460)

Usage:
  mta-sts check [OPTIONS] DOMAIN...            the whole check from this machine: DNS, the
                                               policy, certificates, STARTTLS on port 25
                                               (see `mta-sts check --help`)
  mta-sts report [--format F] FILE...         summarise TLS-RPT reports (JSON, .gz, .zip,
                                               .eml); see `mta-sts report --help`
  mta-sts lint policy [FILE|-]                 a policy body as served (stdin without FILE or with -)
  mta-sts lint record [--domain D] TEXT        a TXT value for _mta-sts.<domain>
  mta-sts lint tlsrpt [--domain D] TEXT        a TXT value for _smtp._tls.<domain>
  mta-sts lint mx --policy FILE [--domain D] [PREF:]HOST...
                                               MX hosts against the policy's mx patterns

Options:
  --json          print the findings as JSON: {\"severity\": ..., \"findings\": [...]}
  --domain D      the policy domain named in findings (record, tlsrpt: example.com if not
                  given; mx: derived from the host names if not given)
  --policy FILE   the policy for `lint mx` (- for stdin)
  -h, --help      print this help
  -V, --version   print the version

TEXT may be given in zone-file quoting (\"v=STSv1; \" \"id=1\"): the strings are joined with
nothing between them, as senders do. Hosts without PREF get preferences 10, 20, ... in order.

Exit status: 0 when no finding is `fail`, 1 when one is, 2 for a usage error or unreadable
input (the reason is printed on stderr). Colour only on a terminal and when NO_COLOR is unset.
";

/// A usage error or unreadable input: exit status 2.
struct Stop(String);

#[derive(Default)]
struct Options {
    json: bool,
    domain: Option<String>,
    policy: Option<OsString>,
    positional: Vec<OsString>,
}

enum Parsed {
    Run(Options),
    Help,
    Version,
}

fn parse_args(args: impl IntoIterator<Item = OsString>) -> Result<Parsed, Stop> {
    let mut opts = Options::default();
    let mut argv = Argv::new(args);
    while let Some(arg) = argv.next_arg() {
        let (name, inline) = match arg {
            Arg::Positional(p) => {
                opts.positional.push(p);
                continue;
            }
            Arg::Option(name, inline) => (name, inline),
        };
        match name.as_str() {
            "-h" | "--help" => return Ok(Parsed::Help),
            "-V" | "--version" => return Ok(Parsed::Version),
            "--json" => opts.json = true,
            "--domain" => opts.domain = Some(argv.text(&name, inline).map_err(Stop)?),
            "--policy" => opts.policy = Some(argv.value(&name, inline).map_err(Stop)?),
            other => return Err(Stop(format!("unknown option {other}"))),
        }
    }
    Ok(Parsed::Run(opts))
}

fn read_input(path: Option<&OsStr>) -> Result<Vec<u8>, Stop> {
    let mut bytes = Vec::new();
    match path {
        None => read_stdin(&mut bytes),
        Some(p) if p == "-" => read_stdin(&mut bytes),
        Some(p) => {
            bytes = std::fs::read(p)
                .map_err(|e| Stop(format!("cannot read {}: {e}", p.to_string_lossy())))?;
            Ok(())
        }
    }?;
    Ok(bytes)
}

fn read_stdin(bytes: &mut Vec<u8>) -> Result<(), Stop> {
    let stdin = std::io::stdin();
    if stdin.is_terminal() {
        eprintln!("mta-sts: reading the policy from standard input (end it with Ctrl-D)");
    }
    stdin
        .lock()
        .read_to_end(bytes)
        .map(|_| ())
        .map_err(|e| Stop(format!("cannot read standard input: {e}")))
}

/// The policy domain as given: no trailing dot, lower case.
fn domain_arg(d: &str) -> Result<String, Stop> {
    let d = d.trim().trim_end_matches('.').to_ascii_lowercase();
    if d.is_empty() || d.contains(char::is_whitespace) {
        return Err(Stop(format!("--domain: not a domain name: {d:?}")));
    }
    Ok(d)
}

/// The one TEXT argument of `lint record` and `lint tlsrpt`.
fn one_text(rest: &[OsString], what: &str) -> Result<String, Stop> {
    match rest {
        [text] => Ok(text.to_string_lossy().into_owned()),
        [] => Err(Stop(format!(
            "lint {what} needs the TXT value as one argument"
        ))),
        _ => Err(Stop(format!(
            "lint {what} takes the TXT value as one argument: put it in single quotes"
        ))),
    }
}

fn lint(opts: &Options) -> Result<Vec<Finding>, Stop> {
    let words: Vec<String> = opts
        .positional
        .iter()
        .map(|a| a.to_string_lossy().into_owned())
        .collect();
    let domain = opts.domain.as_deref().map(domain_arg).transpose()?;
    match words
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .as_slice()
    {
        [] => Err(Stop("nothing to do".into())),
        ["lint"] => Err(Stop("lint what: policy, record, tlsrpt or mx?".into())),
        ["lint", "policy", ..] => {
            let rest = opts.positional.get(2..).unwrap_or_default();
            if rest.len() > 1 {
                return Err(Stop("lint policy takes one FILE".into()));
            }
            let body = read_input(rest.first().map(OsString::as_os_str))?;
            Ok(lint::lint_policy(&body))
        }
        ["lint", "record", ..] => {
            let text = one_text(opts.positional.get(2..).unwrap_or_default(), "record")?;
            Ok(lint::lint_sts_record(
                domain.as_deref().unwrap_or("example.com"),
                &text,
            ))
        }
        ["lint", "tlsrpt", ..] => {
            let text = one_text(opts.positional.get(2..).unwrap_or_default(), "tlsrpt")?;
            Ok(lint::lint_tlsrpt_record(
                domain.as_deref().unwrap_or("example.com"),
                &text,
            ))
        }
        ["lint", "mx", hosts @ ..] => {
            let policy = opts
                .policy
                .as_deref()
                .ok_or_else(|| Stop("lint mx needs --policy FILE".into()))?;
            let hosts = hosts
                .iter()
                .enumerate()
                .map(|(i, h)| {
                    lint::parse_mx_arg(h, i)
                        .ok_or_else(|| Stop(format!("not an MX host: {h:?} (HOST or PREF:HOST)")))
                })
                .collect::<Result<Vec<_>, _>>()?;
            let domain = match domain {
                Some(d) => d,
                None => lint::derive_domain(&hosts).ok_or_else(|| {
                    Stop("cannot tell the policy domain from these hosts: give --domain".into())
                })?,
            };
            let body = read_input(Some(policy))?;
            let policy_fails = lint::lint_policy(&body)
                .iter()
                .filter(|f| f.severity == Severity::Fail)
                .count();
            if policy_fails > 0 {
                eprintln!(
                    "mta-sts: note: the policy itself has {policy_fails} failing finding(s); see `mta-sts lint policy {}`",
                    policy.to_string_lossy()
                );
            }
            Ok(lint::lint_mx(&domain, &body, &hosts))
        }
        ["lint", other, ..] => Err(Stop(format!(
            "unknown lint subject {other:?}: policy, record, tlsrpt or mx"
        ))),
        [other, ..] => Err(Stop(format!("unknown command {other:?}"))),
    }
}

fn colour_wanted() -> bool {
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    std::io::stdout().is_terminal() && !no_color
}

fn main() -> ExitCode {
    let mut args = std::env::args_os().skip(1).peekable();
    if args.peek().is_some_and(|a| a == "check") {
        return check::main(args.skip(1).collect(), colour_wanted());
    }
    if args.peek().is_some_and(|a| a == "report") {
        return report::main(args.skip(1).collect(), colour_wanted());
    }
    let result = parse_args(std::env::args_os().skip(1)).and_then(|parsed| match parsed {
        Parsed::Help => Ok((USAGE.to_owned(), ExitCode::SUCCESS)),
        Parsed::Version => Ok((
            format!("mta-sts {}\n", env!("CARGO_PKG_VERSION")),
            ExitCode::SUCCESS,
        )),
        Parsed::Run(opts) => {
            let findings = lint(&opts)?;
            let out = if opts.json {
                findings_json(&findings) + "\n"
            } else {
                findings_text(
                    &findings,
                    TextStyle {
                        color: colour_wanted(),
                    },
                )
            };
            let failed = findings.iter().any(|f| f.severity == Severity::Fail);
            Ok((
                out,
                if failed {
                    ExitCode::from(1)
                } else {
                    ExitCode::SUCCESS
                },
            ))
        }
    });
    match result {
        Ok((out, code)) => {
            // A closed pipe (`| head`) is not an error worth reporting.
            let _ = std::io::stdout().lock().write_all(out.as_bytes());
            code
        }
        Err(Stop(reason)) => {
            eprintln!("mta-sts: {reason}\nTry `mta-sts --help`.");
            ExitCode::from(2)
        }
    }
}
