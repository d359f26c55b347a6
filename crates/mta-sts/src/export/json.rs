//! The report and findings as pretty JSON.

use crate::finding::{worst, Evidence, Finding, Provenance, Severity};
use crate::json::PrettyWriter;
use crate::report::{Report, Verdict};

// Written by hand rather than with serde_json, which would bring its serialiser and the derived
// code of every type below into the browser's download (3.4 KB gzipped). The output is
// serde_json's `to_string_pretty` of the `Serialize` derives, byte for byte (tests/export_json.rs
// compares the two): the same members in the same order, `skip_serializing_if` members left out
// when `None`, other `None`s written as `null`.

pub(crate) fn report_json(report: &Report) -> String {
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
        w.string_member("code", f.code.as_str());
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
