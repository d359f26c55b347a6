//! `mta-sts report FILE...`: reads TLS-RPT aggregate reports (RFC 8460 §4) as mailed to the
//! `rua` address (JSON, gzip, zip or the whole e-mail) and summarises them, with the same
//! engine as the web page. Inflating is done here ([`inflate`]); the engine reads the
//! containers and keeps the limits.

mod output;

use crate::argv::{Arg, Argv};
use crate::text::TextStyle;
use mta_sts::tlsrpt::report::{
    open_with, summarize, Inflate, InflateError, Limits, Loaded, Report, Summary,
};
use std::ffi::OsString;
use std::io::{IsTerminal, Write};
use std::process::ExitCode;

pub const USAGE: &str = "\
mta-sts report: summarise TLS-RPT reports (RFC 8460)

Usage:
  mta-sts report [--format text|json|csv] FILE...

FILE is a report as reporters mail it: JSON, gzipped JSON (.json.gz), a zip archive, or the
whole e-mail (.eml) with the report attached; - reads standard input. A file that cannot be
read is reported on stderr and the others are still read; so is a damaged entry of a zip or
part of a mail. Reports with the same organization-name and report-id are counted once (in
the CSV too); copies that differ are pointed out.

Options:
  --format FORMAT   text (default): per policy domain, the sessions, the days and the
                    failures grouped by result type and MX host, with what each means;
                    json: the merged data; csv: one row per failure detail.
                    On a terminal, control characters from reports are shown
                    escaped in every format
  -h, --help        print this help

Limits per file: 20 MB as given, 50 MB inflated, 1000 entries, containers 8 deep,
1,000,000 JSON values per report.

Exit status: 0 when the reports show no failed session, 1 when they show one, 2 for a
usage error or when no report could be read.
";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Text,
    Json,
    Csv,
}

struct Args {
    format: Format,
    files: Vec<OsString>,
}

fn parse_args(args: Vec<OsString>) -> Result<Option<Args>, String> {
    let mut format = Format::Text;
    let mut files = Vec::new();
    let mut argv = Argv::new(args);
    while let Some(arg) = argv.next_arg() {
        let (name, inline) = match arg {
            Arg::Positional(file) => {
                files.push(file);
                continue;
            }
            Arg::Option(name, inline) => (name, inline),
        };
        match name.as_str() {
            "-h" | "--help" => return Ok(None),
            "--format" => {
                let value = argv.text(&name, inline)?;
                format = match value.as_str() {
                    "text" => Format::Text,
                    "json" => Format::Json,
                    "csv" => Format::Csv,
                    other => return Err(format!("--format: {other:?} is not text, json or csv")),
                };
            }
            other => return Err(format!("unknown option {other}")),
        }
    }
    if files.is_empty() {
        return Err("report needs at least one FILE".into());
    }
    Ok(Some(Args { format, files }))
}

/// Inflates raw deflate data to at most `max_out` bytes.
fn inflate(request: &Inflate) -> Result<Vec<u8>, InflateError> {
    use miniz_oxide::inflate::{decompress_to_vec_with_limit, TINFLStatus};
    decompress_to_vec_with_limit(&request.data, request.max_out).map_err(|e| match e.status {
        TINFLStatus::HasMoreOutput => InflateError::TooLarge,
        status => InflateError::Corrupt(format!("{status:?}")),
    })
}

/// Reads a file, no more than the limit (and one byte, to tell that it is over).
fn read_file(path: &OsString, limit: usize) -> Result<(String, Vec<u8>), String> {
    let name = path.to_string_lossy().into_owned();
    let bytes = crate::read::read_capped(path, limit as u64)?;
    Ok((if path == "-" { "stdin".into() } else { name }, bytes))
}

/// The output in the format asked for. On a terminal, CSV fields go through
/// `escape_display` so that a report cannot drive it (piped, CSV is the data as given); the
/// JSON always escapes what a terminal would obey.
fn render(
    format: Format,
    summary: &Summary,
    loaded: &[Loaded],
    reports: &[&Report],
    color: bool,
    terminal: bool,
) -> String {
    use mta_sts::tlsrpt::report::{reports_csv, reports_csv_for_display, summary_json};
    match format {
        Format::Text => output::text(summary, loaded, TextStyle { color }),
        Format::Json => summary_json(summary, loaded) + "\n",
        Format::Csv if terminal => reports_csv_for_display(reports.iter().copied()),
        Format::Csv => reports_csv(reports.iter().copied()),
    }
}

/// Runs `mta-sts report` with the arguments after `report`.
pub fn main(args: Vec<OsString>, color: bool) -> ExitCode {
    let args = match parse_args(args) {
        Ok(Some(a)) => a,
        Ok(None) => {
            print!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Err(e) => {
            eprintln!("mta-sts report: {e}\nTry `mta-sts report --help`.");
            return ExitCode::from(2);
        }
    };
    let limits = Limits::default();
    let mut loaded: Vec<Loaded> = Vec::new();
    for path in &args.files {
        match read_file(path, limits.max_file_bytes) {
            Ok((name, bytes)) => loaded.extend(open_with(&name, bytes, limits, inflate)),
            Err(e) => eprintln!("mta-sts report: {}", mta_sts::export::escape_display(&e)),
        }
    }
    for l in &loaded {
        if let Err(e) = &l.result {
            eprintln!(
                "mta-sts report: {}: {}",
                mta_sts::export::escape_display(&l.source),
                mta_sts::export::escape_display(&e.to_string())
            );
        }
    }
    let reports: Vec<&Report> = loaded
        .iter()
        .filter_map(|l| l.result.as_ref().ok())
        .map(|p| &p.report)
        .collect();
    if reports.is_empty() {
        eprintln!("mta-sts report: no report could be read");
        return ExitCode::from(2);
    }
    let summary = summarize(reports.iter().copied());
    let terminal = std::io::stdout().is_terminal();
    let out = render(args.format, &summary, &loaded, &reports, color, terminal);
    // A closed pipe (`| head`) is not an error worth reporting.
    let _ = std::io::stdout().lock().write_all(out.as_bytes());
    if summary.policies.iter().any(|p| p.failed > 0) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use mta_sts::tlsrpt::report::parse_report;

    #[test]
    fn csv_on_a_terminal_shows_control_characters_escaped() {
        let text = include_str!("../../../mta-sts/tests/fixtures/tlsrpt/rfc8460-example.json")
            .replace(
                "X509_V_ERR_PROOF_OF_POSSESSION",
                "a\\u001b[2Jb\\u009bc\\u202ed",
            );
        let report = parse_report(text.as_bytes()).unwrap().report;
        let reports = [&report];
        let summary = summarize(reports);
        let csv = |terminal| render(Format::Csv, &summary, &[], &reports, false, terminal);
        let shown = csv(true);
        assert!(!shown.contains(['\x1b', '\u{9b}', '\u{202e}']), "{shown}");
        assert!(shown.contains("a\\x1b[2Jb\\u{009b}c\\u{202e}d"), "{shown}");
        // Piped, the data is as given.
        assert!(csv(false).contains("a\x1b[2Jb\u{9b}c\u{202e}d"));
    }
}
