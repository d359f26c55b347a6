//! Findings as plain text for a terminal: what the command line prints without `--json`.
//! Everything from the input is shown with control characters made visible
//! ([`escape_display`]), so that it cannot drive the terminal.

use mta_sts::export::escape_display;
use mta_sts::finding::{Finding, Severity};
use std::fmt::Write as _;

/// How plain text is rendered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct TextStyle {
    /// ANSI colours (only for a terminal, and only when `NO_COLOR` is not set).
    pub color: bool,
}

impl TextStyle {
    pub fn paint(self, code: &str, text: &str) -> String {
        if self.color {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_owned()
        }
    }
}

pub fn severity_colour(s: Severity) -> &'static str {
    match s {
        Severity::Fail => "1;31",
        Severity::Warn => "1;33",
        Severity::Unknown | Severity::Skip => "1;90",
        Severity::Info => "1;34",
        Severity::Pass => "1;32",
    }
}

/// One finding for a terminal: severity and check, title, detail, evidence (policy lines with
/// their numbers), fix and the text to paste, reference.
pub fn finding_text(f: &Finding, style: TextStyle) -> String {
    let mut out = String::new();
    let head = format!("{} {:<7}", f.severity.icon(), f.severity.as_str());
    let _ = writeln!(
        out,
        "{} {}  {}",
        style.paint(severity_colour(f.severity), &head),
        style.paint("2", f.code.as_str()),
        style.paint("1", &escape_display(&f.title))
    );
    let _ = writeln!(out, "  {}", escape_display(&f.detail));
    if !f.evidence.is_empty() {
        let _ = writeln!(out, "  {}", style.paint("1", "Evidence:"));
        for e in &f.evidence {
            let from = e
                .provenance
                .as_ref()
                .map(|p| style.paint("2", &format!("  ({p})")))
                .unwrap_or_default();
            match e.line {
                Some(n) => {
                    let _ = writeln!(out, "    line {n:>3} | {}{from}", escape_display(&e.text));
                }
                None => {
                    let _ = writeln!(
                        out,
                        "    {}: {}{from}",
                        escape_display(&e.label),
                        escape_display(&e.text)
                    );
                }
            }
        }
    }
    if let Some(fix) = &f.fix {
        let _ = writeln!(
            out,
            "  {} {}",
            style.paint("1", "Fix:"),
            escape_display(&fix.action)
        );
        if let Some(paste) = &fix.paste {
            // Flush left, so that what is copied is exactly the text to publish.
            let _ = writeln!(
                out,
                "  {}",
                style.paint("2", "--- copy from the next line ---")
            );
            for line in paste.lines() {
                let _ = writeln!(out, "{}", style.paint("36", &escape_display(line)));
            }
            let _ = writeln!(out, "  {}", style.paint("2", "--- end ---"));
        }
    }
    if let Some(r) = &f.reference {
        let url = r
            .url
            .as_deref()
            .map(|u| format!(" <{u}>"))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "  {} {}{url}",
            style.paint("1", "Reference:"),
            escape_display(&r.label)
        );
    }
    out
}

/// Findings for a terminal, one block each, then a line counting them by severity.
pub fn findings_text(findings: &[Finding], style: TextStyle) -> String {
    let mut out = String::new();
    for f in findings {
        out.push_str(&finding_text(f, style));
        out.push('\n');
    }
    let counts: Vec<String> = Severity::ALL
        .iter()
        .rev()
        .filter_map(|s| {
            let n = findings.iter().filter(|f| f.severity == *s).count();
            (n > 0).then(|| style.paint(severity_colour(*s), &format!("{n} {s}")))
        })
        .collect();
    if counts.is_empty() {
        out.push_str("No findings.\n");
    } else {
        let _ = writeln!(out, "{}", counts.join(", "));
    }
    out
}
