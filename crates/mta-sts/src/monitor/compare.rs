//! The findings of the `policy-change` check: one snapshot against the last
//! ([`changes`]), and the certificates of this one that expire soon ([`expiry`]).

use super::{Kept, Seen, Snapshot};
use crate::finding::{Code, Evidence, Finding, Fix, Reference, Severity};
use crate::mx::matches;
use crate::policy::{human_duration, Mode};
use crate::relay::EXPIRY_WARN_DAYS;
use crate::setup::{civil_from_days, fresh_id};

/// Certificates that expire within this many days fail: little time is left to notice.
pub const EXPIRY_FAIL_DAYS: i64 = 3;

/// The most hosts listed in one finding: a hostile MX answer cannot blow the report up.
const MAX_LISTED: usize = 20;

/// Every finding of the `policy-change` check, for a state file's snapshots
/// ([`compare_kept`] with [`Kept::StateFile`]).
pub fn compare(previous: Option<&Snapshot>, current: &Snapshot) -> Vec<Finding> {
    compare_kept(previous, current, Kept::StateFile)
}

/// Every finding of the `policy-change` check: "first run" without a previous snapshot, the
/// changes otherwise, and the certificates of `current` that expire soon. `kept` says where
/// `previous` was kept, for the words.
pub fn compare_kept(previous: Option<&Snapshot>, current: &Snapshot, kept: Kept) -> Vec<Finding> {
    let mut out = match previous {
        Some(previous) => changes(previous, current, kept),
        None => {
            let (title, detail) = match kept {
                Kept::StateFile => ("First run: what was seen is recorded for the next check.", "There is no earlier check of this domain to compare with. The next run reports what changed since this one."),
                Kept::Browser => ("First check of this domain in this browser: what it saw is remembered for the next one.", "There is nothing to compare with yet. The next check here says what changed since this one, such as a policy changed without a new id. It is kept in this browser only."),
            };
            vec![
                Finding::new(Code::PolicyChangeFirstRun, Severity::Info, title, detail)
                    .evidence(Evidence::new("checked at", utc(current.checked_at_unix))),
            ]
        }
    };
    // The page's snapshots hold no certificates (`Snapshot::without_certificates`).
    if kept == Kept::StateFile {
        out.extend(expiry(current));
    }
    out
}

impl Kept {
    /// "the last check (date)", as the findings name the previous snapshot.
    fn since(self, unix: i64) -> String {
        match self {
            Kept::StateFile => format!("the last check ({})", utc(unix)),
            Kept::Browser => format!("the last check in this browser on {}", utc(unix)),
        }
    }

    fn next(self) -> &'static str {
        match self {
            Kept::StateFile => "the next run",
            Kept::Browser => "the next check in this browser",
        }
    }
}

/// Until when senders that fetched the policy `seen` saw may keep applying it: the time of
/// that check plus the policy's max_age (`None` without a max_age).
pub fn cached_until(seen: &Snapshot) -> Option<String> {
    seen.max_age.map(|age| after(seen.checked_at_unix, age))
}

/// The time `age` seconds after `unix`.
fn after(unix: i64, age: u64) -> String {
    utc(unix.saturating_add(i64::try_from(age).unwrap_or(i64::MAX)))
}

/// What changed from `previous` to `current`: one `pass` finding when nothing did, and one
/// `unknown` finding naming what could not be compared because it was not seen this time.
pub fn changes(previous: &Snapshot, current: &Snapshot, kept: Kept) -> Vec<Finding> {
    let mut out = Vec::new();
    let mut not_seen: Vec<&'static str> = Vec::new();
    // Seen now but never before (the last runs could not see it): nothing to compare with.
    let mut first_seen: Vec<&'static str> = Vec::new();
    let since = kept.since(previous.checked_at_unix);
    let (p, c) = (previous, current);
    let domain = &c.domain;

    match (p.record, c.record) {
        (Seen::Present, Seen::Absent) => out.push(record_gone(p, c, &since)),
        (Seen::Absent, Seen::Present) => out.push(
            Finding::new(
                Code::PolicyChangeRecordBack,
                Severity::Info,
                format!("The _mta-sts record of {domain} is back."),
                format!("It was missing at {since}; senders find the policy again."),
            )
            .evidence(ids("record now", &c.record_ids)),
        ),
        (_, Seen::Unknown) => not_seen.push("the _mta-sts record"),
        (Seen::Unknown, _) => first_seen.push("the _mta-sts record"),
        (Seen::Present, Seen::Present) if p.record_ids != c.record_ids => {
            let same_policy = p.policy == Seen::Present
                && c.policy == Seen::Present
                && p.policy_hash == c.policy_hash;
            let detail = if same_policy {
                "Senders fetch the policy again and get the same one: harmless."
            } else {
                "This is how a policy update is announced: senders fetch the policy again."
            };
            out.push(
                Finding::new(
                    Code::PolicyChangeIdChanged,
                    Severity::Info,
                    format!("The id in the _mta-sts record of {domain} changed."),
                    detail,
                )
                .evidence(ids("id before", &p.record_ids))
                .evidence(ids("id now", &c.record_ids))
                .reference(Reference::rfc8461("3.1")),
            );
        }
        _ => {}
    }

    match (p.policy, c.policy) {
        (Seen::Present, Seen::Absent) => out.push(policy_gone(p, c, &since)),
        (Seen::Absent, Seen::Present) => {
            out.push(
                Finding::new(
                    Code::PolicyChangePolicyBack,
                    Severity::Info,
                    format!("The MTA-STS policy of {domain} is served again."),
                    format!("It could not be fetched at {since}."),
                )
                .evidence(hash("policy now", c)),
            );
            // Compared with the policy last seen: one that came back changed under the
            // same id is as stale in senders' caches as one changed in place.
            if p.policy_hash.is_some() {
                policy_changes(p, c, &mut out, &mut not_seen);
            }
        }
        (_, Seen::Unknown) => not_seen.push("the policy"),
        (Seen::Unknown, _) => first_seen.push("the policy"),
        (Seen::Present, Seen::Present) => policy_changes(p, c, &mut out, &mut not_seen),
        _ => {}
    }

    match (&p.mx_hosts, &c.mx_hosts) {
        (Some(before), Some(now)) if before != now => out.push(mx_changed(p, c, before, now)),
        (_, None) => not_seen.push("the MX hosts"),
        (None, Some(_)) => first_seen.push("the MX hosts"),
        _ => {}
    }

    if !first_seen.is_empty() {
        out.push(
            Finding::new(
                Code::PolicyChangeFirstRun,
                Severity::Info,
                format!("Seen for the first time: {}.", first_seen.join(", ")),
                format!("The earlier checks could not see this, so there is nothing to compare it with yet; it is recorded for {}.", kept.next()),
            )
            .evidence(Evidence::new("checked at", utc(c.checked_at_unix))),
        );
    }
    if out.is_empty() && not_seen.is_empty() {
        out.push(
            Finding::new(
                Code::PolicyChangeUnchanged,
                Severity::Pass,
                format!("Nothing changed since {since}."),
                "The record's id, the policy and the MX hosts are as they were.",
            )
            .evidence(ids("id", &c.record_ids))
            .evidence(hash("policy", c)),
        );
    }
    if !not_seen.is_empty() {
        out.push(
            Finding::new(
                Code::PolicyChangeNotCompared,
                Severity::Unknown,
                format!("Not compared: {}.", not_seen.join(", ")),
                format!("This could not be seen this time (a lookup failed, or the policy could not be read from here), so it is not reported as gone. The values of the last check are kept for {}.", kept.next()),
            )
            .evidence(Evidence::new("last seen", utc(p.checked_at_unix))),
        );
    }
    out
}

/// The certificates of `current` that have expired or expire within 14 days (warn) or
/// 3 days (fail), one finding each.
pub fn expiry(current: &Snapshot) -> Vec<Finding> {
    let at = current.checked_at_unix;
    let mut out = Vec::new();
    for cert in &current.certificates {
        let date = utc(cert.not_after_unix);
        let evidence = Evidence::new(
            format!("certificate of {}", cert.host),
            format!("valid until {date}"),
        );
        let fix = Fix::action(format!(
            "Renew the certificate of {} now, and find out why the automatic renewal did not.",
            cert.host
        ));
        let days = cert.not_after_unix.saturating_sub(at).div_euclid(86_400);
        let finding = if cert.not_after_unix < at {
            Finding::new(
                Code::PolicyChangeCertificateExpired,
                Severity::Fail,
                format!("The certificate of {} expired on {date}.", cert.host),
                "Senders refuse a policy host with an expired certificate, and senders that enforce MTA-STS refuse such an MX host.",
            )
        } else if days < EXPIRY_WARN_DAYS {
            let severity = if days < EXPIRY_FAIL_DAYS {
                Severity::Fail
            } else {
                Severity::Warn
            };
            Finding::new(
                Code::PolicyChangeCertificateExpiring,
                severity,
                format!(
                    "The certificate of {} expires on {date}, in {}.",
                    cert.host,
                    plural(days, "day")
                ),
                "It is still valid, but renewal seems to be failing; once it expires, senders refuse the host.",
            )
        } else {
            continue;
        };
        out.push(
            finding
                .evidence(evidence)
                .fix(fix)
                .reference(Reference::rfc8461("3.3")),
        );
    }
    out
}

/// The policy-to-policy comparison: its text under the same id, its mode and max_age.
fn policy_changes(
    p: &Snapshot,
    c: &Snapshot,
    out: &mut Vec<Finding>,
    not_seen: &mut Vec<&'static str>,
) {
    let domain = &c.domain;
    if p.policy_hash != c.policy_hash {
        let same_id = p.record == Seen::Present
            && c.record == Seen::Present
            && !c.record_ids.is_empty()
            && p.record_ids == c.record_ids;
        let id_changed =
            p.record == Seen::Present && c.record == Seen::Present && p.record_ids != c.record_ids;
        if c.record == Seen::Unknown {
            not_seen.push("whether the record's id changed with the policy");
        } else if same_id {
            out.push(policy_changed_id_same(p, c));
        } else if !id_changed {
            // No usable id before or now: nothing announced the policy, nothing to update.
            out.push(
                Finding::new(
                    Code::PolicyChangePolicyChanged,
                    Severity::Info,
                    format!("The policy of {domain} changed, and no record with a valid id announces it."),
                    "Senders use a policy only when a record with a valid id points to it; the sts-record check says what is missing.",
                )
                .evidence(hash("policy before", p))
                .evidence(hash("policy now", c))
                .evidence(ids("id now", &c.record_ids)),
            );
        }
    }
    if let (Some(before), Some(now)) = (p.mode, c.mode) {
        let step = match rank(now).cmp(&rank(before)) {
            std::cmp::Ordering::Less => Some((
                Code::PolicyChangeModeDown,
                Severity::Warn,
                "down",
                "Mail is less protected than before. Legal, and the first step of a withdrawal (RFC 8461 §8.3); if nobody meant it, put the mode back and change the record's id.",
            )),
            std::cmp::Ordering::Greater => Some((
                Code::PolicyChangeModeUp,
                Severity::Info,
                "up",
                "The usual roll-out step; noted so that it is on record.",
            )),
            std::cmp::Ordering::Equal => None,
        };
        if let Some((code, severity, way, detail)) = step {
            let title = format!(
                "The mode of the policy of {domain} went {way} from {} to {}.",
                before.as_str(),
                now.as_str()
            );
            out.push(
                Finding::new(code, severity, title, detail)
                    .evidence(Evidence::new("mode before", before.as_str()))
                    .evidence(Evidence::new("mode now", now.as_str()))
                    .reference(Reference::rfc8461("5")),
            );
        }
    }
    max_age_shorter(p, c, out);
}

fn max_age_shorter(p: &Snapshot, c: &Snapshot, out: &mut Vec<Finding>) {
    if let (Some(before), Some(now)) = (p.max_age, c.max_age) {
        if now < before {
            out.push(
                Finding::new(
                    Code::PolicyChangeMaxAgeShorter,
                    Severity::Info,
                    format!("max_age went down from {} to {}.", human_duration(before), human_duration(now)),
                    "Senders cache the policy for a shorter time from their next fetch on. Fine while withdrawing or testing; policy-max-age says whether the new value is too short.",
                )
                .evidence(Evidence::new("max_age before", before.to_string()))
                .evidence(Evidence::new("max_age now", now.to_string()))
                .reference(Reference::rfc8461("3.2")),
            );
        }
    }
}

fn policy_changed_id_same(p: &Snapshot, c: &Snapshot) -> Finding {
    let meaning_changed =
        p.mode != c.mode || p.max_age != c.max_age || p.mx_patterns != c.mx_patterns;
    // A sender may have fetched the old policy just before it changed, at the latest now:
    // it keeps that copy for the old max_age from then.
    let last_day = p.max_age.map(|age| after(c.checked_at_unix, age));
    let until = match (&last_day, p.max_age) {
        (Some(day), Some(age)) => format!(
            "until {day} at the latest (this check's time plus the old max_age of {})",
            human_duration(age)
        ),
        _ => "until their cached copy expires".to_owned(),
    };
    let (severity, title, detail) = if meaning_changed {
        (
            Severity::Fail,
            format!("The policy of {} changed, but the id in its _mta-sts record did not.", c.domain),
            format!("Senders fetch the policy again only when the id changes: those that cached the old policy keep applying it {until}. Change the id so that they fetch the new one."),
        )
    } else {
        (
            Severity::Info,
            format!("The text of the policy of {} changed, but not what it says.", c.domain),
            "Mode, max_age and mx patterns are the same, so senders with the old copy act as with the new one. Change the id with the next real change.".to_owned(),
        )
    };
    let mut f = Finding::new(
        Code::PolicyChangePolicyChangedIdSame,
        severity,
        title,
        detail,
    )
    .evidence(ids("id (unchanged)", &c.record_ids))
    .evidence(hash("policy before", p))
    .evidence(hash("policy now", c));
    if let (true, Some(day)) = (meaning_changed, last_day) {
        f = f.evidence(Evidence::new("old policy cached until", day));
    }
    if p.mode != c.mode {
        f = f
            .evidence(Evidence::new("mode before", mode(p.mode)))
            .evidence(Evidence::new("mode now", mode(c.mode)));
    }
    if p.max_age != c.max_age {
        f = f
            .evidence(Evidence::new("max_age before", number(p.max_age)))
            .evidence(Evidence::new("max_age now", number(c.max_age)));
    }
    if p.mx_patterns != c.mx_patterns {
        f = f
            .evidence(Evidence::new("mx before", p.mx_patterns.join(" ")))
            .evidence(Evidence::new("mx now", c.mx_patterns.join(" ")));
    }
    if meaning_changed {
        // The time of this check as the new id: every later change gets a later one.
        let id = fresh_id(u64::try_from(c.checked_at_unix).unwrap_or(0));
        f = f.fix(Fix::with_paste(
            format!(
                "Change the id in the TXT record at _mta-sts.{} (keep any other fields):",
                c.domain
            ),
            format!("v=STSv1; id={id}"),
        ));
    }
    f.reference(Reference::rfc8461("3.1"))
}

fn record_gone(p: &Snapshot, c: &Snapshot, since: &str) -> Finding {
    let protected =
        matches!(p.mode, Some(Mode::Enforce | Mode::Testing)) && p.policy == Seen::Present;
    let (severity, detail) = if protected {
        (
            Severity::Fail,
            format!("A policy in {} mode was seen at {since}. Senders that cached it keep it until it expires, but every other sender now sees no MTA-STS: mail loses its protection without a word. To withdraw MTA-STS, publish mode none first (RFC 8461 §8.3).", mode(p.mode)),
        )
    } else {
        (
            Severity::Info,
            "The last policy seen was not in enforce or testing mode, so senders lose nothing they relied on: the last step of a withdrawal looks like this.".to_owned(),
        )
    };
    let mut f = Finding::new(
        Code::PolicyChangeRecordGone,
        severity,
        format!("The _mta-sts record of {} is gone.", c.domain),
        detail,
    )
    .evidence(ids("id before", &p.record_ids))
    .evidence(Evidence::new("record now", "none"))
    .reference(Reference::rfc8461("8.3"));
    if protected {
        if let Some(id) = p.record_ids.first() {
            f = f.fix(Fix::with_paste(
                format!(
                    "If this was not meant, publish the record again at _mta-sts.{}:",
                    c.domain
                ),
                format!("v=STSv1; id={id}"),
            ));
        }
    }
    f
}

fn policy_gone(p: &Snapshot, c: &Snapshot, since: &str) -> Finding {
    let withdrawn = p.mode == Some(Mode::None) && c.record == Seen::Absent;
    let (severity, detail) = if withdrawn {
        (
            Severity::Info,
            "The last policy was in none mode and the record is gone too: the end of a withdrawal (RFC 8461 §8.3).".to_owned(),
        )
    } else {
        (
            Severity::Fail,
            format!("It was fetched at {since}. Senders that cached it cannot renew it and lose it when it expires; new senders get none. policy-fetch says what the fetch gave instead."),
        )
    };
    Finding::new(
        Code::PolicyChangePolicyGone,
        severity,
        format!(
            "The MTA-STS policy of {} can no longer be fetched.",
            c.domain
        ),
        detail,
    )
    .evidence(hash("policy before", p))
    .evidence(Evidence::new("mode before", mode(p.mode)))
    .evidence(Evidence::new("policy now", "not served"))
    .reference(Reference::rfc8461("3.3"))
}

/// The MX hosts senders deliver to: the domain itself when there are no MX records, none for
/// a null MX.
/// A list, not a set: a snapshot's hosts are sorted and unique already, and the page pays for
/// every collection type in bytes.
fn delivery_hosts<'a>(hosts: &'a [String], domain: &'a str) -> Vec<&'a str> {
    match hosts {
        [] => vec![domain],
        _ => hosts
            .iter()
            .map(String::as_str)
            .filter(|h| *h != ".")
            .collect(),
    }
}

fn mx_changed(p: &Snapshot, c: &Snapshot, before: &[String], now: &[String]) -> Finding {
    let old = delivery_hosts(before, &p.domain);
    let new = delivery_hosts(now, &c.domain);
    // The policy senders hold: this run's, or the last one seen when it could not be read now.
    let policy = match (c.policy, p.policy) {
        (Seen::Present, _) => Some(c),
        (Seen::Unknown, Seen::Present) => Some(p),
        _ => None,
    };
    let uncovered: Vec<&str> = match policy {
        Some(policy) => new
            .iter()
            .copied()
            .filter(|h| !old.contains(h))
            .filter(|h| !policy.mx_patterns.iter().any(|pat| matches(pat, h)))
            .collect(),
        None => Vec::new(),
    };
    let list = |hosts: &[String]| match hosts {
        [] => "none (the domain itself is the implicit MX)".to_owned(),
        _ if hosts.len() > MAX_LISTED => format!(
            "{} and {} more",
            hosts[..MAX_LISTED].join(" "),
            hosts.len() - MAX_LISTED
        ),
        _ => hosts.join(" "),
    };
    let evidence = [
        Evidence::new("MX before", list(before)),
        Evidence::new("MX now", list(now)),
    ];
    let mut f = if uncovered.is_empty() {
        Finding::new(
            Code::PolicyChangeMxChanged,
            Severity::Info,
            format!(
                "The MX hosts of {} changed; the policy covers every one of them.",
                c.domain
            ),
            "Senders deliver as before.",
        )
    } else {
        let mode_now = policy.and_then(|s| s.mode);
        let severity = match mode_now {
            Some(Mode::Enforce) => Severity::Fail,
            Some(Mode::Testing) => Severity::Warn,
            _ => Severity::Info,
        };
        let shown: Vec<&str> = uncovered.iter().copied().take(MAX_LISTED).collect();
        let more = uncovered.len() - shown.len();
        let mut names = shown.join(", ");
        if more > 0 {
            names.push_str(&format!(" and {more} more"));
        }
        let lines: Vec<String> = shown.iter().map(|h| format!("mx: {h}")).collect();
        Finding::new(
            Code::PolicyChangeMxUncovered,
            severity,
            format!("A new MX host that the policy does not cover: {names}."),
            format!("The policy is in {} mode. Under enforce, senders refuse to deliver to a host the mx patterns do not cover; under testing they only report it.", mode(mode_now)),
        )
        .fix(Fix::with_paste(
            "Add an mx line for each new host to the policy, then change the id in the _mta-sts record:",
            lines.join("\n"),
        ))
    };
    for e in evidence {
        f = f.evidence(e);
    }
    f.reference(Reference::rfc8461("4.1"))
}

/// Higher is more protection.
fn rank(mode: Mode) -> u8 {
    match mode {
        Mode::None => 0,
        Mode::Testing => 1,
        Mode::Enforce => 2,
    }
}

fn mode(mode: Option<Mode>) -> &'static str {
    mode.map_or("no valid", Mode::as_str)
}

fn number(n: Option<u64>) -> String {
    n.map_or_else(|| "none".to_owned(), |n| n.to_string())
}

fn ids(label: &str, ids: &[String]) -> Evidence {
    let text = match ids {
        [] => "no valid id".to_owned(),
        _ => ids.join(" "),
    };
    Evidence::new(label, text)
}

fn hash(label: &str, s: &Snapshot) -> Evidence {
    Evidence::new(
        format!("{label} (hash of the body)"),
        s.policy_hash.clone().unwrap_or_else(|| "none".to_owned()),
    )
}

fn plural(n: i64, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

/// `2026-12-04 21:10 UTC`; times before 1970 are shown as 1970.
pub(crate) fn utc(unix: i64) -> String {
    let secs = unix.max(0);
    let (y, m, d) = civil_from_days(secs / 86_400);
    let minutes = secs % 86_400 / 60;
    format!(
        "{y:04}-{m:02}-{d:02} {:02}:{:02} UTC",
        minutes / 60,
        minutes % 60
    )
}
