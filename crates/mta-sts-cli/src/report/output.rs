//! The summary as text for a terminal. Everything from a report is untrusted and goes
//! through [`escape_display`].

use crate::text::TextStyle;
use mta_sts::export::escape_display as esc;
use mta_sts::finding::Severity;
use mta_sts::tlsrpt::report::{
    check_reported_policy, explain, utc_text, FailureGroup, Loaded, PolicyType, ReportedPolicy,
    Summary,
};
use std::collections::HashMap;
use std::fmt::Write as _;

fn list(values: &[String]) -> String {
    values.iter().map(|v| esc(v)).collect::<Vec<_>>().join(", ")
}

pub fn text(summary: &Summary, loaded: &[Loaded], style: TextStyle) -> String {
    let mut out = String::new();
    // The failure groups of each policy, gathered in one pass (not one pass per policy).
    let mut groups: HashMap<(&str, &PolicyType), Vec<&FailureGroup>> = HashMap::new();
    for g in &summary.failures {
        groups
            .entry((g.policy_domain.as_str(), &g.policy_type))
            .or_default()
            .push(g);
    }
    let read = loaded.iter().filter(|l| l.result.is_ok()).count();
    let _ = writeln!(out, "{} report(s) read, {} counted", read, summary.reports);
    for d in &summary.duplicates {
        let _ = writeln!(
            out,
            "  report-id {} from {} seen {} times: counted once{}",
            esc(&d.report_id),
            esc(&d.organization_name),
            d.copies,
            if d.differs {
                " (the copies differ: only the first was counted)"
            } else {
                ""
            }
        );
    }
    for l in loaded {
        if let Ok(parsed) = &l.result {
            for n in &parsed.notes {
                let _ = writeln!(out, "  note: {}: {}", esc(&l.source), esc(&n.to_string()));
            }
        }
    }
    for p in &summary.policies {
        let domain = if p.policy_domain.is_empty() {
            "(no policy domain)".to_owned()
        } else {
            esc(&p.policy_domain)
        };
        let _ = writeln!(out);
        let head = format!("{domain} ({})", esc(p.policy_type.as_str()));
        let _ = writeln!(out, "{}", style.paint("1", &head));
        let rate = format!("{:.2}% failed", p.failure_rate() * 100.0);
        let painted = if p.failed > 0 {
            style.paint("1;31", &rate)
        } else {
            style.paint("1;32", &rate)
        };
        let _ = writeln!(
            out,
            "  {} successful, {} failed sessions ({painted})",
            p.successful, p.failed
        );
        let _ = writeln!(out, "  from {} to {}", utc_text(p.start), utc_text(p.end));
        let _ = writeln!(out, "  reported by {}", list(&p.organizations));
        if p.policy_type == PolicyType::Sts {
            for lines in &p.policy_strings {
                let policy = ReportedPolicy {
                    policy_type: PolicyType::Sts,
                    policy_string: lines.clone(),
                    policy_domain: Some(p.policy_domain.clone()),
                    mx_host: Vec::new(),
                };
                if let Some(check) = check_reported_policy(&policy) {
                    let fails: Vec<_> = check
                        .findings
                        .iter()
                        .filter(|f| f.severity == Severity::Fail)
                        .collect();
                    let _ = writeln!(
                        out,
                        "  the policy reporters saw: {}",
                        lines.iter().map(|l| esc(l)).collect::<Vec<_>>().join(" | ")
                    );
                    for f in fails {
                        let _ =
                            writeln!(out, "    {} {}", style.paint("1;31", "fail"), esc(&f.title));
                    }
                }
            }
        }
        let failures = groups
            .remove(&(p.policy_domain.as_str(), &p.policy_type))
            .unwrap_or_default();
        if !failures.is_empty() {
            let _ = writeln!(out, "  failures:");
        }
        for g in failures {
            let host = g
                .receiving_mx_hostname
                .as_deref()
                .map_or("(no MX host given)".to_owned(), esc);
            let _ = writeln!(
                out,
                "    {:>8}  {}  {}",
                g.sessions,
                style.paint("1", &esc(g.result_type.as_str())),
                host
            );
            let e = explain(&g.result_type);
            let _ = writeln!(out, "              {}", e.meaning);
            let _ = writeln!(
                out,
                "              {} {}",
                style.paint("1", "Fix:"),
                e.cause_and_fix
            );
            let _ = writeln!(out, "              reported by {}", list(&g.organizations));
            if !g.sending_ips.is_empty() {
                let _ = writeln!(out, "              sending IPs: {}", list(&g.sending_ips));
            }
            if !g.receiving_ips.is_empty() {
                let _ = writeln!(
                    out,
                    "              receiving IPs: {}",
                    list(&g.receiving_ips)
                );
            }
            if !g.failure_reason_codes.is_empty() {
                let _ = writeln!(
                    out,
                    "              failure reason codes: {}",
                    list(&g.failure_reason_codes)
                );
            }
            for info in &g.additional_information {
                let _ = writeln!(out, "              additional information: {}", esc(info));
            }
        }
    }
    if !summary.days.is_empty() {
        let _ = writeln!(out);
        let _ = writeln!(
            out,
            "{}",
            style.paint("1", "Sessions per day (UTC, by each report's start):")
        );
        for d in &summary.days {
            let _ = writeln!(
                out,
                "  {}  {:>10} successful  {:>8} failed",
                d.date, d.successful, d.failed
            );
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use mta_sts::tlsrpt::report::{PolicySummary, ResultType};

    /// Many domains with a failure each: gathering the failures per domain by scanning all
    /// of them for each domain takes many seconds here.
    #[test]
    fn many_domains_are_written_in_linear_time() {
        let n = 30_000;
        let domain = |i: usize| format!("d{i}.example");
        let summary = Summary {
            policies: (0..n)
                .map(|i| PolicySummary {
                    policy_domain: domain(i),
                    policy_type: PolicyType::Sts,
                    successful: 1,
                    failed: 1,
                    start: 0,
                    end: 0,
                    organizations: Vec::new(),
                    policy_strings: Vec::new(),
                })
                .collect(),
            failures: (0..n)
                .map(|i| FailureGroup {
                    policy_domain: domain(i),
                    policy_type: PolicyType::Sts,
                    result_type: ResultType::CertificateExpired,
                    receiving_mx_hostname: None,
                    sessions: 1,
                    organizations: Vec::new(),
                    sending_ips: Vec::new(),
                    receiving_ips: Vec::new(),
                    failure_reason_codes: Vec::new(),
                    additional_information: Vec::new(),
                })
                .collect(),
            ..Summary::default()
        };
        let started = std::time::Instant::now();
        let out = text(&summary, &[], TextStyle { color: false });
        assert_eq!(out.matches("certificate-expired").count(), n);
        assert!(
            started.elapsed() < std::time::Duration::from_secs(2),
            "{:?}",
            started.elapsed()
        );
    }
}
