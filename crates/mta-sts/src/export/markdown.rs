//! The report as Markdown, for tickets.

use super::escape_display;
use crate::finding::{CheckId, Evidence, Finding, Severity};
use crate::report::{Card, CheckResult, Report};
use std::fmt::Write as _;

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

/// One finding, under the code of every check that has the same finding (the policy checks
/// share their "not checked" findings).
fn finding_md(out: &mut String, f: &Finding, codes: &[String]) {
    let _ = writeln!(
        out,
        "### {} {} · {}: {}\n",
        f.severity.icon(),
        f.severity,
        codes.join(", "),
        prose(&f.title)
    );
    if !f.detail.is_empty() {
        let _ = writeln!(out, "{}\n", prose(&f.detail));
    }
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

/// The monitor's findings first, worst first: in a ticket opened because something changed,
/// the change is the news (the checks' own findings follow as usual).
fn changes_md(out: &mut String, changes: &CheckResult) {
    let _ = writeln!(out, "## {}\n", CheckId::PolicyChange.label());
    let mut findings: Vec<&Finding> = changes.findings.iter().collect();
    // Stable: findings of the same severity keep their order.
    crate::sort::sort_small(&mut findings, |a, b| a.severity > b.severity);
    for f in findings {
        finding_md(out, f, &[format!("`{}`", f.code)]);
    }
}

pub(crate) fn report_markdown(report: &Report) -> String {
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
    // Right under the verdict, as on the page: what finishes a check this browser could not.
    if !report.next_steps.is_empty() {
        out.push_str(
            "## Finish the check\n\nThe policy could not be read from this browser. Any one of \
             these finishes the check, easiest first:\n\n",
        );
        for (n, step) in report.next_steps.iter().enumerate() {
            let command = step
                .command
                .as_deref()
                .map(|c| format!(" {}", code_span(c)))
                .unwrap_or_default();
            let _ = writeln!(
                out,
                "{}. **{}.** {}{command}",
                n + 1,
                step.way.title(),
                prose(step.way.how())
            );
        }
        out.push('\n');
    }
    if let Some(changes) = &report.changes {
        changes_md(&mut out, changes);
    }
    out.push_str("| Card | Check | Result |\n|---|---|---|\n");
    for card in Card::ALL {
        for id in card.checks() {
            let c = report.check(*id);
            let result = match c.severity {
                Some(s) => format!("{} {s}", s.icon()),
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
            // The code names the check too: `policy-mode.not-read`.
            let id = format!("`{}`", f.code);
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

#[cfg(test)]
mod tests {
    use super::*;

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
