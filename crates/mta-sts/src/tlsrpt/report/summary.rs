//! Many reports merged: per policy, per day, and the failures grouped.

use super::model::{day_text, PolicyType, Report, ResultType};
use std::collections::{BTreeMap, BTreeSet};

/// The reports merged. Every list is in a fixed order, so the same files give the same
/// summary.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Summary {
    /// Reports counted: each (organization-name, report-id) once.
    pub reports: usize,
    /// (organization-name, report-id)s seen more than once; only the first copy was counted.
    pub duplicates: Vec<Duplicate>,
    /// Per (policy domain, policy type), by domain then type.
    pub policies: Vec<PolicySummary>,
    /// Sessions per UTC day, by day.
    pub days: Vec<DaySessions>,
    /// Failures per (policy domain, policy type, result type, receiving MX host), most
    /// sessions first.
    pub failures: Vec<FailureGroup>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Duplicate {
    pub report_id: String,
    /// Two reporters may use the same report-id: a copy is one from the same organization.
    pub organization_name: String,
    /// How many times it was seen, the counted one included.
    pub copies: usize,
    /// A copy differs from the counted one: not a report sent twice but two reports under
    /// one id, and only the first was counted.
    pub differs: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PolicySummary {
    /// Empty when the reporter gave none (`no-policy-found`). Domains are merged without
    /// regard to ASCII case or a trailing dot; this is the first spelling seen.
    pub policy_domain: String,
    pub policy_type: PolicyType,
    pub successful: u64,
    pub failed: u64,
    /// The earliest start and latest end of the reports' date ranges (unix seconds).
    pub start: i64,
    pub end: i64,
    /// The reporters' `organization-name`s, sorted, each once.
    pub organizations: Vec<String>,
    /// Each distinct `policy-string` reported, in the order first seen.
    pub policy_strings: Vec<Vec<String>>,
}

impl PolicySummary {
    /// Failed sessions as a fraction of all (0.0 when there were none).
    pub fn failure_rate(&self) -> f64 {
        let total = self.successful.saturating_add(self.failed);
        if total == 0 {
            0.0
        } else {
            self.failed as f64 / total as f64
        }
    }
}

/// The sessions of one UTC day. A report counts entirely on the day its `start-datetime`
/// falls on: RFC 8460 §4.1 reports cover 24 hours from midnight UTC, and splitting a count
/// across days would invent precision the report does not have.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DaySessions {
    /// Days since 1970-01-01.
    pub day: i64,
    /// `YYYY-MM-DD`.
    pub date: String,
    pub successful: u64,
    pub failed: u64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FailureGroup {
    pub policy_domain: String,
    pub policy_type: PolicyType,
    pub result_type: ResultType,
    /// Merged like policy domains (ASCII case, trailing dot); the first spelling seen.
    pub receiving_mx_hostname: Option<String>,
    /// `failed-session-count`s added up.
    pub sessions: u64,
    /// Each sorted, each value once, as given.
    pub organizations: Vec<String>,
    pub sending_ips: Vec<String>,
    pub receiving_ips: Vec<String>,
    pub failure_reason_codes: Vec<String>,
    pub additional_information: Vec<String>,
}

#[derive(Default)]
struct PolicyAcc {
    successful: u64,
    failed: u64,
    start: i64,
    end: i64,
    organizations: BTreeSet<String>,
    policy_strings: Vec<Vec<String>>,
    /// The same, to tell a new one without a scan (a B-tree: no hashing code in the page).
    policy_strings_seen: BTreeSet<Vec<String>>,
}

#[derive(Default)]
struct FailureAcc {
    sessions: u64,
    organizations: BTreeSet<String>,
    sending_ips: BTreeSet<String>,
    receiving_ips: BTreeSet<String>,
    failure_reason_codes: BTreeSet<String>,
    additional_information: BTreeSet<String>,
}

/// How names are compared: DNS names are case-insensitive (RFC 4343) and `example.com.` is
/// `example.com`.
fn name_key(name: &str) -> String {
    name.trim_end_matches('.').to_ascii_lowercase()
}

/// The first spelling of a name, kept for display.
fn spelling(seen: &mut BTreeMap<String, String>, name: &str) -> String {
    let key = name_key(name);
    seen.entry(key.clone()).or_insert_with(|| name.to_owned());
    key
}

/// A report seen: how many times, the first copy, and whether another differs from it.
struct Seen<'a> {
    copies: usize,
    first: &'a Report,
    differs: bool,
}

/// Merges reports, each (`organization-name`, `report-id`) counted once.
pub fn summarize<'a>(reports: impl IntoIterator<Item = &'a Report>) -> Summary {
    let mut seen: BTreeMap<(&str, &str), Seen> = BTreeMap::new();
    // Keys are the names compared as DNS names; these give their first spelling back.
    let mut spellings: BTreeMap<String, String> = BTreeMap::new();
    let mut policies: BTreeMap<(String, PolicyType), PolicyAcc> = BTreeMap::new();
    let mut days: BTreeMap<i64, (u64, u64)> = BTreeMap::new();
    let mut failures: BTreeMap<(String, PolicyType, ResultType, Option<String>), FailureAcc> =
        BTreeMap::new();
    let mut count = 0;
    for report in reports {
        let key = (report.organization_name.as_str(), report.report_id.as_str());
        if let Some(s) = seen.get_mut(&key) {
            s.copies += 1;
            s.differs |= s.first != report;
            continue;
        }
        seen.insert(
            key,
            Seen {
                copies: 1,
                first: report,
                differs: false,
            },
        );
        count += 1;
        let day = report.start.unix.div_euclid(86_400);
        for p in &report.policies {
            let domain = spelling(
                &mut spellings,
                p.policy.policy_domain.as_deref().unwrap_or_default(),
            );
            let key = (domain.clone(), p.policy.policy_type.clone());
            let fresh = !policies.contains_key(&key);
            let acc = policies.entry(key).or_default();
            if fresh {
                acc.start = report.start.unix;
                acc.end = report.end.unix;
            }
            acc.successful = acc.successful.saturating_add(p.successful);
            acc.failed = acc.failed.saturating_add(p.failed);
            acc.start = acc.start.min(report.start.unix);
            acc.end = acc.end.max(report.end.unix);
            acc.organizations.insert(report.organization_name.clone());
            if !p.policy.policy_string.is_empty()
                && acc
                    .policy_strings_seen
                    .insert(p.policy.policy_string.clone())
            {
                acc.policy_strings.push(p.policy.policy_string.clone());
            }
            let d = days.entry(day).or_default();
            d.0 = d.0.saturating_add(p.successful);
            d.1 = d.1.saturating_add(p.failed);
            for f in &p.failure_details {
                let host = f
                    .receiving_mx_hostname
                    .as_deref()
                    .map(|h| spelling(&mut spellings, h));
                let key = (
                    domain.clone(),
                    p.policy.policy_type.clone(),
                    f.result_type.clone(),
                    host,
                );
                let g = failures.entry(key).or_default();
                g.sessions = g.sessions.saturating_add(f.failed_session_count);
                g.organizations.insert(report.organization_name.clone());
                g.sending_ips.extend(f.sending_mta_ip.clone());
                g.receiving_ips.extend(f.receiving_ip.clone());
                g.failure_reason_codes.extend(f.failure_reason_code.clone());
                g.additional_information
                    .extend(f.additional_information.clone());
            }
        }
    }
    let shown = |key: String| spellings.get(&key).cloned().unwrap_or(key);
    let mut failures: Vec<FailureGroup> = failures
        .into_iter()
        .map(
            |((policy_domain, policy_type, result_type, host), g)| FailureGroup {
                policy_domain: shown(policy_domain),
                policy_type,
                result_type,
                receiving_mx_hostname: host.map(shown),
                sessions: g.sessions,
                organizations: g.organizations.into_iter().collect(),
                sending_ips: g.sending_ips.into_iter().collect(),
                receiving_ips: g.receiving_ips.into_iter().collect(),
                failure_reason_codes: g.failure_reason_codes.into_iter().collect(),
                additional_information: g.additional_information.into_iter().collect(),
            },
        )
        .collect();
    // Stable: equal counts keep the key order.
    failures.sort_by_key(|g| std::cmp::Reverse(g.sessions));
    Summary {
        reports: count,
        duplicates: seen
            .into_iter()
            .filter(|(_, s)| s.copies > 1)
            .map(|((organization, id), s)| Duplicate {
                report_id: id.to_owned(),
                organization_name: organization.to_owned(),
                copies: s.copies,
                differs: s.differs,
            })
            .collect(),
        policies: policies
            .into_iter()
            .map(|((policy_domain, policy_type), a)| PolicySummary {
                policy_domain: shown(policy_domain),
                policy_type,
                successful: a.successful,
                failed: a.failed,
                start: a.start,
                end: a.end,
                organizations: a.organizations.into_iter().collect(),
                policy_strings: a.policy_strings,
            })
            .collect(),
        days: days
            .into_iter()
            .map(|(day, (successful, failed))| DaySessions {
                day,
                date: day_text(day),
                successful,
                failed,
            })
            .collect(),
        failures,
    }
}
