//! The report and findings as JSON, Markdown (for tickets) and plain text (for terminals).
//! Everything the checked domain serves is shown verbatim but with control characters made
//! visible, so that it can neither be read as markup nor drive a terminal.

use super::{Card, Report, Verdict};
use crate::finding::{worst, Evidence, Finding, Provenance, Severity};
use crate::json::PrettyWriter;
use std::fmt::Write as _;

/// Makes control characters, bidirectional overrides and other invisible format characters
/// visible (`\r`, `\t`, `\x1b`, `\u{202e}`); everything else is kept as is.
pub fn escape_display(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            '\n' => out.push_str("\\n"),
            c if (c as u32) < 0x20 || c == '\x7f' => {
                let _ = write!(out, "\\x{:02x}", c as u32);
            }
            c if ('\u{80}'..='\u{9f}').contains(&c)
                || ('\u{200b}'..='\u{200f}').contains(&c)
                || ('\u{202a}'..='\u{202e}').contains(&c)
                || ('\u{2066}'..='\u{2069}').contains(&c)
                || c == '\u{feff}' =>
            {
                let _ = write!(out, "\\u{{{:04x}}}", c as u32);
            }
            c => out.push(c),
        }
    }
    out
}

/// The icon shown before a severity.
pub fn icon(severity: Severity) -> &'static str {
    match severity {
        Severity::Fail => "✗",
        Severity::Warn => "⚠",
        Severity::Unknown => "?",
        Severity::Info => "ℹ",
        Severity::Pass => "✓",
        Severity::Skip => "–",
    }
}

// ---------------------------------------------------------------------------------- JSON

// Written by hand rather than with serde_json, which would bring its serialiser and the derived
// code of every type below into the browser's download (3.4 KB gzipped). The output is
// serde_json's `to_string_pretty` of the `Serialize` derives, byte for byte (tests/export_json.rs
// compares the two): the same members in the same order, `skip_serializing_if` members left out
// when `None`, other `None`s written as `null`.

pub(super) fn report_json(report: &Report) -> String {
    let mut w = PrettyWriter::default();
    w.begin_object();
    w.string_member("domain", &report.domain);
    w.bool_member("done", report.done);
    w.nullable_member("verdict", report.verdict.map(Verdict::as_str));
    w.string_member("summary", &report.summary);
    w.key("checks");
    w.begin_array();
    for check in &report.checks {
        w.item();
        w.begin_object();
        w.string_member("id", check.id.as_str());
        w.nullable_member("severity", check.severity.map(Severity::as_str));
        w.key("findings");
        findings_array(&mut w, &check.findings);
        w.end_object();
    }
    w.end_array();
    w.key("mx");
    w.begin_array();
    for host in &report.mx {
        w.item();
        w.begin_object();
        w.number_member("preference", u64::from(host.preference));
        w.string_member("exchange", &host.exchange);
        w.end_object();
    }
    w.end_array();
    w.nullable_member("policy_text", report.policy_text.as_deref());
    w.key("timings");
    w.begin_array();
    for t in &report.timings {
        w.item();
        w.begin_object();
        w.string_member("what", &t.request.to_string());
        w.number_member("start_ms", u64::from(t.start_ms));
        w.number_member("end_ms", u64::from(t.end_ms));
        w.end_object();
    }
    w.end_array();
    w.end_object();
    w.finish()
}

/// Findings as pretty JSON: `{"severity": <worst>, "findings": [<Finding>…]}`, with the field
/// names of [`Finding`]; the worst severity is `skip` when there is no finding.
pub fn findings_json(findings: &[Finding]) -> String {
    let mut w = PrettyWriter::default();
    w.begin_object();
    w.string_member("severity", worst(findings).as_str());
    w.key("findings");
    findings_array(&mut w, findings);
    w.end_object();
    w.finish()
}

fn findings_array(w: &mut PrettyWriter, findings: &[Finding]) {
    w.begin_array();
    for f in findings {
        w.item();
        w.begin_object();
        w.string_member("check", f.check.as_str());
        w.string_member("severity", f.severity.as_str());
        w.string_member("title", &f.title);
        w.string_member("detail", &f.detail);
        w.key("evidence");
        w.begin_array();
        for e in &f.evidence {
            w.item();
            evidence_json(w, e);
        }
        w.end_array();
        if let Some(fix) = &f.fix {
            w.key("fix");
            w.begin_object();
            w.string_member("action", &fix.action);
            w.optional_member("paste", fix.paste.as_deref());
            w.end_object();
        }
        if let Some(r) = &f.reference {
            w.key("reference");
            w.begin_object();
            w.string_member("label", &r.label);
            w.optional_member("url", r.url.as_deref());
            w.end_object();
        }
        w.end_object();
    }
    w.end_array();
}

fn evidence_json(w: &mut PrettyWriter, e: &Evidence) {
    w.begin_object();
    w.string_member("label", &e.label);
    w.string_member("text", &e.text);
    if let Some(line) = e.line {
        w.number_member("line", line as u64);
    }
    if let Some(p) = &e.provenance {
        w.key("provenance");
        // Tagged inside the object (`#[serde(tag = "kind")]`): `{"kind": "dns", "resolver": …}`.
        w.begin_object();
        match p {
            Provenance::Dns { resolver } => {
                w.string_member("kind", "dns");
                w.string_member("resolver", resolver);
            }
            Provenance::Fetched => w.string_member("kind", "fetched"),
            Provenance::Pasted => w.string_member("kind", "pasted"),
            Provenance::Relayed { host } => {
                w.string_member("kind", "relayed");
                w.string_member("host", host);
            }
        }
        w.end_object();
    }
    w.end_object();
}

// ------------------------------------------------------------------------------ Markdown

/// A code span that holds `text` whatever backticks it contains.
fn code_span(text: &str) -> String {
    let text = escape_display(text);
    let fence = "`".repeat(longest_run(&text, '`') + 1);
    let pad = if text.starts_with('`') || text.ends_with('`') || text.is_empty() {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{text}{pad}{fence}")
}

/// A fenced code block that holds `text` whatever backticks it contains.
fn code_block(text: &str) -> String {
    let lines: Vec<String> = text.lines().map(escape_display).collect();
    let body = lines.join("\n");
    let fence = "`".repeat(longest_run(&body, '`').max(2) + 1);
    format!("{fence}\n{body}\n{fence}\n")
}

fn longest_run(text: &str, c: char) -> usize {
    let (mut best, mut run) = (0, 0);
    for x in text.chars() {
        run = if x == c { run + 1 } else { 0 };
        best = best.max(run);
    }
    best
}

/// Prose for Markdown: control characters made visible, `<` and `>` escaped outside code spans
/// (so nothing turns into HTML), line breaks kept out of table cells by the caller.
fn prose(text: &str) -> String {
    let text = escape_display(text);
    let parts: Vec<&str> = text.split('`').collect();
    let mut out = String::with_capacity(text.len());
    for (i, part) in parts.iter().enumerate() {
        // Odd parts sit between two backticks; an unpaired last backtick opens no code span.
        let in_code = i % 2 == 1 && i + 1 < parts.len();
        if i > 0 {
            out.push('`');
        }
        if in_code {
            out.push_str(part);
        } else {
            out.push_str(&part.replace('<', "&lt;").replace('>', "&gt;"));
        }
    }
    out
}

fn evidence_md(e: &Evidence) -> String {
    let from = e
        .provenance
        .as_ref()
        .map(|p| format!(" ({})", prose(&p.to_string())))
        .unwrap_or_default();
    format!("- {}{from}: {}\n", prose(&e.label), code_span(&e.text))
}

/// One finding, under every check that has the same finding (the policy checks share their
/// "not checked" findings).
fn finding_md(out: &mut String, f: &Finding, checks: &[String]) {
    let _ = writeln!(
        out,
        "### {} {} · {}: {}\n",
        icon(f.severity),
        f.severity,
        checks.join(", "),
        prose(&f.title)
    );
    let _ = writeln!(out, "{}\n", prose(&f.detail));
    if !f.evidence.is_empty() {
        out.push_str("Evidence:\n\n");
        for e in &f.evidence {
            out.push_str(&evidence_md(e));
        }
        out.push('\n');
    }
    if let Some(fix) = &f.fix {
        let _ = writeln!(out, "Fix: {}\n", prose(&fix.action));
        if let Some(paste) = &fix.paste {
            out.push_str(&code_block(paste));
            out.push('\n');
        }
    }
    if let Some(r) = &f.reference {
        match &r.url {
            Some(url) => {
                let _ = writeln!(
                    out,
                    "Reference: [{}]({})\n",
                    prose(&r.label),
                    url.replace(')', "%29")
                );
            }
            None => {
                let _ = writeln!(out, "Reference: {}\n", prose(&r.label));
            }
        }
    }
}

pub(super) fn report_markdown(report: &Report) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# MTA-STS check of {}\n", prose(&report.domain));
    match report.verdict {
        Some(v) => {
            let _ = writeln!(out, "**Verdict: {v}.** {}\n", prose(&report.summary));
        }
        None => {
            let _ = writeln!(out, "**Not finished.** {}\n", prose(&report.summary));
        }
    }
    out.push_str("| Card | Check | Result |\n|---|---|---|\n");
    for card in Card::ALL {
        for id in card.checks() {
            let c = report.check(*id);
            let result = match c.severity {
                Some(s) => format!("{} {s}", icon(s)),
                None => "pending".to_owned(),
            };
            let _ = writeln!(
                out,
                "| {} | {} (`{id}`) | {result} |",
                card.title(),
                id.label()
            );
        }
    }
    out.push('\n');
    let sections = [
        ("What to fix", &[Severity::Fail, Severity::Warn][..]),
        ("Could not be checked from here", &[Severity::Unknown][..]),
        ("Worth knowing", &[Severity::Info][..]),
    ];
    for (heading, severities) in sections {
        let found: Vec<&Finding> = severities
            .iter()
            .flat_map(|s| {
                report
                    .checks
                    .iter()
                    .flat_map(|c| c.findings.iter())
                    .filter(move |f| f.severity == *s)
            })
            .collect();
        if found.is_empty() {
            continue;
        }
        let _ = writeln!(out, "## {heading}\n");
        let mut shown: Vec<(&Finding, Vec<String>)> = Vec::new();
        for f in found {
            let id = format!("`{}`", f.check);
            let same = |g: &Finding| {
                g.severity == f.severity
                    && g.title == f.title
                    && g.detail == f.detail
                    && g.evidence == f.evidence
            };
            match shown.iter_mut().find(|(g, _)| same(g)) {
                Some((_, ids)) => ids.push(id),
                None => shown.push((f, vec![id])),
            }
        }
        for (f, ids) in shown {
            finding_md(&mut out, f, &ids);
        }
    }
    if !report.mx.is_empty() {
        out.push_str("## MX records\n\n");
        for h in &report.mx {
            let _ = writeln!(out, "- {} {}", h.preference, code_span(&h.exchange));
        }
        out.push('\n');
    }
    if let Some(text) = &report.policy_text {
        out.push_str("## Policy\n\n");
        out.push_str(&code_block(text));
    }
    out
}

// ---------------------------------------------------------------------------- Plain text

/// How plain text is rendered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct TextStyle {
    /// ANSI colours (only for a terminal, and only when `NO_COLOR` is not set).
    pub color: bool,
}

impl TextStyle {
    fn paint(self, code: &str, text: &str) -> String {
        if self.color {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_owned()
        }
    }
}

fn severity_colour(s: Severity) -> &'static str {
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
    let head = format!("{} {:<7}", icon(f.severity), f.severity.as_str());
    let _ = writeln!(
        out,
        "{} {}  {}",
        style.paint(severity_colour(f.severity), &head),
        style.paint("2", f.check.as_str()),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_become_visible() {
        let cases = [
            ("mode: enforce", "mode: enforce"),
            ("a\tb\r", "a\\tb\\r"),
            ("\x1b[31mred", "\\x1b[31mred"),
            ("\u{202e}txt", "\\u{202e}txt"),
            ("\u{feff}version", "\\u{feff}version"),
            ("café", "café"),
        ];
        for (input, shown) in cases {
            assert_eq!(escape_display(input), shown, "{input:?}");
        }
    }

    #[test]
    fn code_spans_hold_any_backticks() {
        let cases = [
            ("a", "`a`"),
            ("a`b", "``a`b``"),
            ("`x`", "`` `x` ``"),
            ("", "`  `"),
        ];
        for (input, span) in cases {
            assert_eq!(code_span(input), span, "{input:?}");
        }
        assert_eq!(code_block("x\n```\ny"), "````\nx\n```\ny\n````\n");
    }

    #[test]
    fn prose_never_becomes_html() {
        let cases = [
            ("<script> and `<b>`", "&lt;script&gt; and `<b>`"),
            ("`a` <b> `c`", "`a` &lt;b&gt; `c`"),
            ("odd ` <b>", "odd ` &lt;b&gt;"),
            ("`x` odd ` <b>", "`x` odd ` &lt;b&gt;"),
        ];
        for (input, shown) in cases {
            assert_eq!(prose(input), shown, "{input}");
        }
    }
}
