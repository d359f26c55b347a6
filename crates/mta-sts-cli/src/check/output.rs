//! A finished check in each output format: text for a terminal, the engine's JSON and Markdown
//! exports, one JSON line per domain, one CSV row per domain, and the summary table of a run.

use super::run::Outcome;
use crate::text::{finding_text, severity_colour, TextStyle};
use mta_sts::export::escape_display;
use mta_sts::finding::Severity;
use mta_sts::report::Report;
use std::fmt::Write as _;

/// Findings of these severities are shown in full on a terminal; the rest as one line each.
fn in_full(s: Severity) -> bool {
    matches!(s, Severity::Fail | Severity::Warn | Severity::Unknown)
}

/// One report for a terminal: the verdict and its sentence, then every check, its problems in
/// full (evidence, fix, what to paste) and everything else as one line each.
pub fn report_text(report: &Report, style: TextStyle, verbose: bool) -> String {
    let mut out = String::new();
    let verdict = report.verdict.map_or("unfinished", |v| v.as_str());
    let colour = match report.verdict {
        Some(mta_sts::report::Verdict::Enforce) => "1;32",
        Some(mta_sts::report::Verdict::Broken) => "1;31",
        Some(mta_sts::report::Verdict::Absent) => "1",
        _ => "1;33",
    };
    let _ = writeln!(
        out,
        "{} {}",
        style.paint("1", &escape_display(&report.domain)),
        style.paint(colour, verdict)
    );
    let _ = writeln!(out, "{}\n", escape_display(&report.summary));
    let checks = report.checks.iter().chain(report.changes.iter());
    for check in checks {
        let severity = check.severity.unwrap_or(Severity::Unknown);
        let head = format!("{} {:<7}", severity.icon(), severity.as_str());
        let _ = writeln!(
            out,
            "{} {}",
            style.paint(severity_colour(severity), &head),
            style.paint("1", check.id.label())
        );
        for f in &check.findings {
            if verbose || in_full(f.severity) {
                out.push_str(&indented(&finding_text(f, style)));
            } else {
                let _ = writeln!(
                    out,
                    "  {} {}  {}",
                    f.severity.icon(),
                    style.paint("2", f.code.as_str()),
                    escape_display(&f.title)
                );
            }
        }
    }
    out
}

/// A finding's text indented under its check, except the text to paste between the copy
/// markers: that stays flush left, so that what is copied is exactly what to publish.
fn indented(text: &str) -> String {
    let mut out = String::new();
    let mut pasting = false;
    for line in text.lines() {
        let marker = line.contains("--- copy from the next line ---");
        if pasting && line.contains("--- end ---") {
            pasting = false;
        }
        if pasting {
            let _ = writeln!(out, "{line}");
        } else {
            let _ = writeln!(out, "  {line}");
        }
        pasting |= marker;
    }
    out
}

/// How many findings of each severity a report has, the monitor's included.
pub fn count(report: &Report, severity: Severity) -> usize {
    report
        .checks
        .iter()
        .chain(report.changes.iter())
        .flat_map(|c| &c.findings)
        .filter(|f| f.severity == severity)
        .count()
}

/// The report as one line of JSON: the engine's export, whose only line breaks are between
/// tokens (a string's own are escaped), joined up.
pub fn json_line(report: &Report) -> String {
    report.to_json().lines().map(str::trim_start).collect()
}

/// A JSON line for an entry that was not checked.
pub fn error_line(place: &str, input: &str, error: &str) -> String {
    let mut w = mta_sts::json::PrettyWriter::default();
    w.begin_object();
    w.string_member("input", input);
    w.string_member("place", place);
    w.string_member("error", error);
    w.end_object();
    w.finish().lines().map(str::trim_start).collect()
}

pub const CSV_HEADER: &str = "input,domain,verdict,fail,warn,unknown,problems,summary,error";

/// One CSV row (RFC 4180): the domain's verdict, counts, the codes of its fail and warn
/// findings, and its summary sentence.
pub fn csv_row(outcome: &Outcome) -> String {
    let fields: Vec<String> = match &outcome.result {
        Ok(checked) => {
            let r = &checked.report;
            let problems: Vec<&str> = [Severity::Fail, Severity::Warn]
                .iter()
                .flat_map(|s| {
                    r.checks
                        .iter()
                        .chain(r.changes.iter())
                        .flat_map(|c| &c.findings)
                        .filter(move |f| f.severity == *s)
                        .map(|f| f.code.as_str())
                })
                .collect();
            vec![
                outcome.entry.input.clone(),
                r.domain.clone(),
                r.verdict.map_or("", |v| v.as_str()).to_owned(),
                count(r, Severity::Fail).to_string(),
                count(r, Severity::Warn).to_string(),
                count(r, Severity::Unknown).to_string(),
                problems.join(" "),
                r.summary.clone(),
                checked.could_not_run.clone().unwrap_or_default(),
            ]
        }
        Err(error) => vec![
            outcome.entry.input.clone(),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
            format!("{}: {error}", outcome.entry.place),
        ],
    };
    fields
        .iter()
        .map(|f| csv_field(f))
        .collect::<Vec<_>>()
        .join(",")
}

/// A CSV field: the engine's (quoted, formulas defused), with control characters made
/// visible first (the text comes from DNS and web servers, and the rows may go to a terminal).
fn csv_field(text: &str) -> String {
    mta_sts::export::csv_field(&escape_display(text))
}

/// What the end of a run needs of one entry: its line in the summary and its part in the
/// exit status.
pub struct Row {
    /// The domain checked, or the input that named none.
    pub name: String,
    /// The verdict, or why the entry was not checked ("not checked (line 4)").
    pub verdict: String,
    pub fails: Option<usize>,
    pub warns: Option<usize>,
    /// Checked, with at least one DNS answer.
    pub checked: bool,
}

impl Row {
    pub fn of(outcome: &Outcome) -> Row {
        match &outcome.result {
            Ok(c) => Row {
                name: c.report.domain.clone(),
                verdict: c.report.verdict.map_or("unfinished", |v| v.as_str()).into(),
                fails: Some(count(&c.report, Severity::Fail)),
                warns: Some(count(&c.report, Severity::Warn)),
                checked: c.could_not_run.is_none(),
            },
            Err(_) => Row {
                name: outcome.entry.input.clone(),
                verdict: format!("not checked ({})", outcome.entry.place),
                fails: None,
                warns: None,
                checked: false,
            },
        }
    }

    /// The counts as table cells: "-" for an entry not checked.
    fn cells(&self) -> (String, String) {
        let n = |c: Option<usize>| c.map_or("-".to_owned(), |n| n.to_string());
        (n(self.fails), n(self.warns))
    }
}

/// The table at the end of a run of several domains: domain, verdict, fails, warns.
pub fn summary_table(rows: &[Row], style: TextStyle) -> String {
    let lines: Vec<[String; 4]> = rows
        .iter()
        .map(|r| {
            let (fails, warns) = r.cells();
            [escape_display(&r.name), r.verdict.clone(), fails, warns]
        })
        .collect();
    let head = ["domain", "verdict", "fails", "warns"];
    let width = |i: usize| {
        lines
            .iter()
            .map(|r| r[i].chars().count())
            .chain([head[i].len()])
            .max()
            .unwrap_or(0)
    };
    let (w0, w1) = (width(0), width(1));
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}",
        style.paint(
            "1",
            &format!(
                "{:<w0$}  {:<w1$}  {:>5}  {:>5}",
                head[0], head[1], head[2], head[3]
            )
        )
    );
    for r in &lines {
        let _ = writeln!(
            out,
            "{:<w0$}  {:<w1$}  {:>5}  {:>5}",
            r[0], r[1], r[2], r[3]
        );
    }
    let checked = rows.iter().filter(|r| r.fails.is_some()).count();
    let failing = rows
        .iter()
        .filter(|r| r.fails.is_some_and(|n| n > 0))
        .count();
    let _ = writeln!(
        out,
        "{checked} of {} checked, {failing} with a failing finding",
        rows.len()
    );
    out
}

/// The summary as a Markdown table, for `--format markdown` with several domains.
pub fn summary_markdown(rows: &[Row]) -> String {
    let cell = |t: &str| escape_display(t).replace('|', "\\|");
    let mut out = String::from("| Domain | Verdict | Fails | Warns |\n|---|---|---:|---:|\n");
    for r in rows {
        let (fails, warns) = r.cells();
        let _ = writeln!(
            out,
            "| {} | {} | {fails} | {warns} |",
            cell(&r.name),
            cell(&r.verdict)
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_fields_are_quoted_and_defused() {
        assert_eq!(csv_field("example.com"), "example.com");
        assert_eq!(csv_field("a,b"), "\"a,b\"");
        assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_field("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(csv_field("-1"), "'-1");
        assert_eq!(csv_field("a\nb"), "a\\nb");
    }
}
