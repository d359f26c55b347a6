//! The reports as CSV (one row per failure detail) and the merged data as JSON.

use super::container::Loaded;
use super::explain::explain;
use super::model::{day_text, Report};
use super::summary::Summary;
use crate::export::csv_field;
use crate::json::PrettyWriter;

/// The CSV columns, in order.
pub const CSV_COLUMNS: [&str; 14] = [
    "report-id",
    "organization-name",
    "start-datetime",
    "end-datetime",
    "policy-type",
    "policy-domain",
    "result-type",
    "sending-mta-ip",
    "receiving-mx-hostname",
    "receiving-mx-helo",
    "receiving-ip",
    "failed-session-count",
    "failure-reason-code",
    "additional-information",
];

/// Every failure detail of every report, one row each, CRLF line ends, a header row first.
/// A report seen before (the same organization-name and report-id) is left out, as
/// [`summarize`](super::summarize) counts it once: the rows add up to its counts.
pub fn reports_csv<'a>(reports: impl IntoIterator<Item = &'a Report>) -> String {
    csv_rows(reports, csv_field)
}

/// [`reports_csv`] for a terminal: every field also through
/// [`escape_display`](crate::export::escape_display), so that a report cannot drive it.
pub fn reports_csv_for_display<'a>(reports: impl IntoIterator<Item = &'a Report>) -> String {
    csv_rows(reports, |v| csv_field(&crate::export::escape_display(v)))
}

fn csv_rows<'a>(
    reports: impl IntoIterator<Item = &'a Report>,
    field: impl Fn(&str) -> String,
) -> String {
    let mut seen = std::collections::BTreeSet::new();
    let mut out = CSV_COLUMNS.join(",");
    out.push_str("\r\n");
    for r in reports {
        if !seen.insert((r.organization_name.as_str(), r.report_id.as_str())) {
            continue;
        }
        for p in &r.policies {
            for f in &p.failure_details {
                let count = f.failed_session_count.to_string();
                let row = [
                    r.report_id.as_str(),
                    &r.organization_name,
                    &r.start.text,
                    &r.end.text,
                    p.policy.policy_type.as_str(),
                    p.policy.policy_domain.as_deref().unwrap_or_default(),
                    f.result_type.as_str(),
                    f.sending_mta_ip.as_deref().unwrap_or_default(),
                    f.receiving_mx_hostname.as_deref().unwrap_or_default(),
                    f.receiving_mx_helo.as_deref().unwrap_or_default(),
                    f.receiving_ip.as_deref().unwrap_or_default(),
                    &count,
                    f.failure_reason_code.as_deref().unwrap_or_default(),
                    f.additional_information.as_deref().unwrap_or_default(),
                ];
                let fields: Vec<String> = row.iter().map(|v| field(v)).collect();
                out.push_str(&fields.join(","));
                out.push_str("\r\n");
            }
        }
    }
    out
}

fn strings(w: &mut PrettyWriter, key: &str, values: &[String]) {
    w.key(key);
    w.begin_array();
    for v in values {
        w.item();
        w.string(v);
    }
    w.end_array();
}

/// The merged data as pretty JSON: `files` (each source with its notes or error), then the
/// summary (`reports`, `duplicates`, `policies`, `days`, `failures` with their explanation).
/// Times are RFC 3339 text in UTC. DEL, C1 controls and invisible format characters are
/// written as `\u` escapes.
pub fn summary_json(summary: &Summary, files: &[Loaded]) -> String {
    // Report text is anyone's: invisible and C1 characters are escaped, still the same JSON.
    let mut w = PrettyWriter::escaping_invisible();
    w.begin_object();
    w.key("files");
    w.begin_array();
    for f in files {
        w.item();
        w.begin_object();
        w.string_member("source", &f.source);
        match &f.result {
            Ok(parsed) => {
                w.string_member("report-id", &parsed.report.report_id);
                w.string_member("organization-name", &parsed.report.organization_name);
                w.key("notes");
                w.begin_array();
                for n in &parsed.notes {
                    w.item();
                    w.begin_object();
                    w.string_member("path", &n.path);
                    w.string_member("code", n.kind.code());
                    w.string_member("text", n.kind.words());
                    w.end_object();
                }
                w.end_array();
            }
            Err(e) => w.string_member("error", &e.to_string()),
        }
        w.end_object();
    }
    w.end_array();
    w.number_member("reports", summary.reports as u64);
    w.key("duplicates");
    w.begin_array();
    for d in &summary.duplicates {
        w.item();
        w.begin_object();
        w.string_member("report-id", &d.report_id);
        w.string_member("organization-name", &d.organization_name);
        w.number_member("copies", d.copies as u64);
        w.key("differs");
        w.bool(d.differs);
        w.end_object();
    }
    w.end_array();
    w.key("policies");
    w.begin_array();
    for p in &summary.policies {
        w.item();
        w.begin_object();
        w.string_member("policy-domain", &p.policy_domain);
        w.string_member("policy-type", p.policy_type.as_str());
        w.number_member("total-successful-session-count", p.successful);
        w.number_member("total-failure-session-count", p.failed);
        w.string_member("start-datetime", &utc_text(p.start));
        w.string_member("end-datetime", &utc_text(p.end));
        strings(&mut w, "organizations", &p.organizations);
        w.key("policy-strings");
        w.begin_array();
        for s in &p.policy_strings {
            w.item();
            w.begin_array();
            for line in s {
                w.item();
                w.string(line);
            }
            w.end_array();
        }
        w.end_array();
        w.end_object();
    }
    w.end_array();
    w.key("days");
    w.begin_array();
    for d in &summary.days {
        w.item();
        w.begin_object();
        w.string_member("date", &d.date);
        w.number_member("successful", d.successful);
        w.number_member("failed", d.failed);
        w.end_object();
    }
    w.end_array();
    w.key("failures");
    w.begin_array();
    for g in &summary.failures {
        w.item();
        w.begin_object();
        w.string_member("policy-domain", &g.policy_domain);
        w.string_member("policy-type", g.policy_type.as_str());
        w.string_member("result-type", g.result_type.as_str());
        w.key("receiving-mx-hostname");
        match &g.receiving_mx_hostname {
            Some(h) => w.string(h),
            None => w.null(),
        }
        w.number_member("failed-session-count", g.sessions);
        strings(&mut w, "organizations", &g.organizations);
        strings(&mut w, "sending-mta-ips", &g.sending_ips);
        strings(&mut w, "receiving-ips", &g.receiving_ips);
        strings(&mut w, "failure-reason-codes", &g.failure_reason_codes);
        strings(&mut w, "additional-information", &g.additional_information);
        let e = explain(&g.result_type);
        w.string_member("meaning", e.meaning);
        w.string_member("cause-and-fix", e.cause_and_fix);
        w.end_object();
    }
    w.end_array();
    w.end_object();
    w.finish()
}

/// Unix seconds as `YYYY-MM-DDTHH:MM:SSZ`.
pub fn utc_text(unix: i64) -> String {
    let day = unix.div_euclid(86_400);
    let s = unix.rem_euclid(86_400);
    format!(
        "{}T{:02}:{:02}:{:02}Z",
        day_text(day),
        s / 3600,
        s / 60 % 60,
        s % 60
    )
}
