//! The monitor: what one check of a domain saw ([`Snapshot`]), kept between runs, and what
//! changed since the last run ([`compare`]), as findings of the `policy-change` check.
//!
//! The command line keeps snapshots in a state file (`mta-sts check --state FILE`); the page
//! keeps them in the browser's storage ([`Kept`] words the findings for each). Browser-safe, like the rest of the engine: no files and
//! no clock here, the caller passes the time of the check in.
//!
//! What could not be seen this run (a DNS lookup that failed, a policy the browser may not
//! read) is [`Seen::Unknown`], never "gone": [`compare`] says it was not compared, and
//! [`Snapshot::remembered`] keeps the last values seen for the next run.

mod compare;

pub use crate::wire::ReadError;
pub use compare::{cached_until, changes, compare, compare_kept, expiry, EXPIRY_FAIL_DAYS};

use crate::domain::normalize;
use crate::json::{PrettyWriter, Value};
use crate::lookup::policy_host;
use crate::pipeline::Observations;
use crate::policy::Mode;
use crate::record::{fnv1a_64, is_sts_candidate, parse_sts_record};
use crate::report::context::{Ctx, PolicyState, Sts};
use crate::wire::{read_text, wire, write_text, FromJson, ToJson};
use serde::Serialize;

/// Where the last snapshot was kept: the findings name it ("the last check in this browser").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kept {
    /// `mta-sts check --state FILE`.
    StateFile,
    /// The page's storage, in one browser.
    Browser,
}

/// Whether something was there when the domain was checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Seen {
    Present,
    Absent,
    /// Not seen either way: the lookup failed, or the policy could not be read from here.
    Unknown,
}

impl Seen {
    const NAMES: [(Seen, &'static str); 3] = [
        (Seen::Present, "present"),
        (Seen::Absent, "absent"),
        (Seen::Unknown, "unknown"),
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Seen::Present => "present",
            Seen::Absent => "absent",
            Seen::Unknown => "unknown",
        }
    }
}

impl FromJson for Seen {
    fn from_value(value: &Value) -> Result<Seen, ReadError> {
        Seen::NAMES
            .iter()
            .find(|(_, name)| matches!(value, Value::String(s) if s == name))
            .map(|(seen, _)| *seen)
            .ok_or_else(|| ReadError::new("expected present, absent or unknown"))
    }
}

impl ToJson for Seen {
    fn write_json(&self, w: &mut PrettyWriter) {
        w.string(self.as_str());
    }
}

impl FromJson for Mode {
    fn from_value(value: &Value) -> Result<Mode, ReadError> {
        [Mode::Enforce, Mode::Testing, Mode::None]
            .into_iter()
            .find(|mode| matches!(value, Value::String(s) if s == mode.as_str()))
            .ok_or_else(|| ReadError::new("expected enforce, testing or none"))
    }
}

impl ToJson for Mode {
    fn write_json(&self, w: &mut PrettyWriter) {
        w.string(self.as_str());
    }
}

wire! {
    /// When one certificate stops being valid.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct CertificateExpiry: FromJson, ToJson {
        /// The host that presented it: the policy host or an MX host (lower case, no root dot).
        pub host: String,
        pub not_after_unix: i64,
    }
}

wire! {
    /// What one check of a domain saw, as the monitor keeps it between runs.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct Snapshot: FromJson, ToJson {
        /// The policy domain (lower case, A-labels, no trailing dot).
        pub domain: String,
        /// When the check ran, unix seconds (the caller's clock).
        pub checked_at_unix: i64,
        /// A `v=STSv1` record at `_mta-sts.<domain>`, usable or not.
        pub record: Seen,
        /// The valid id of each `v=STSv1` record, sorted: usually one; none when the record
        /// has no valid id; several when several records are published.
        pub record_ids: Vec<String> = default,
        /// A body that reads as a policy, served with status 200. `absent` is a fetch that
        /// gave none (an error status, a redirect, a failed connection, a time-out, a page
        /// that is no policy).
        pub policy: Seen,
        /// The 64-bit FNV-1a hash of the body as fetched, 16 hex digits (with `mode`,
        /// `max_age` and `mx_patterns`: of the policy last seen, kept while it is `absent`, so
        /// that a policy that comes back is compared with the one that went). For change
        /// detection only: a few lines of code and 16 characters to store suit the page, and
        /// a collision by accident is negligible (a collision on purpose would only hide a
        /// change the domain's owner made to their own policy).
        pub policy_hash: Option<String>,
        pub mode: Option<Mode>,
        pub max_age: Option<u64>,
        /// The valid `mx` patterns, in the policy's order.
        pub mx_patterns: Vec<String> = default,
        /// The MX hosts (lower case, no root dot, sorted, "." for a null MX; empty for no MX
        /// records); `null` when the MX lookup failed.
        pub mx_hosts: Option<Vec<String>>,
        /// The certificates seen by a probe (the policy host's, the MX hosts'); empty
        /// without one.
        pub certificates: Vec<CertificateExpiry> = default,
    }
}

/// A lookup that was asked and gave nothing to go on ([`crate::lookup::unanswered`]): the
/// monitor is cautious, "gone" is a fail.
fn no_answer(lookup: &Option<crate::lookup::Lookup>) -> bool {
    lookup.as_ref().is_some_and(crate::lookup::unanswered)
}

impl Snapshot {
    /// What the observations of one check of a domain show, at `checked_at_unix` (the time
    /// the check ran). Pending lookups count as not seen.
    pub fn of(obs: &Observations, checked_at_unix: i64) -> Snapshot {
        Snapshot {
            certificates: certificates(obs),
            ..Snapshot::without_certificates(obs, checked_at_unix)
        }
    }

    /// [`Snapshot::of`] without the certificates' expiry dates: for the page, whose report
    /// judges the relay's certificates already, and which then carries none of this code.
    pub fn without_certificates(obs: &Observations, checked_at_unix: i64) -> Snapshot {
        let cx = Ctx::new(obs, None);
        let (record, record_ids) = match &cx.sts {
            Sts::Pending | Sts::Unknown => (Seen::Unknown, Vec::new()),
            Sts::Answered { check, texts, .. } => {
                let mut ids: Vec<String> = texts
                    .iter()
                    .filter(|t| is_sts_candidate(t))
                    .filter_map(|t| parse_sts_record(t).ok())
                    .map(|r| r.id)
                    .collect();
                crate::sort::sort_small(&mut ids, |a, b| a < b);
                let seen = if check.candidates > 0 {
                    Seen::Present
                } else {
                    Seen::Absent
                };
                (seen, ids)
            }
        };
        // When the lookups failed (no answer, SERVFAIL, REFUSED), this machine's DNS is the
        // likelier culprit: a failed fetch then says nothing about the policy host.
        let offline =
            no_answer(&obs.sts_txt) || (no_answer(&obs.host_a) && no_answer(&obs.host_aaaa));
        let mut snapshot = Snapshot {
            domain: obs.domain.clone(),
            checked_at_unix,
            record,
            record_ids,
            policy: Seen::Unknown,
            policy_hash: None,
            mode: None,
            max_age: None,
            mx_patterns: Vec::new(),
            mx_hosts: None,
            certificates: Vec::new(),
        };
        match &cx.policy {
            PolicyState::Read(p) if p.looks_like_policy() => {
                let policy = &p.check.policy;
                snapshot.policy = Seen::Present;
                snapshot.policy_hash = Some(format!("{:016x}", fnv1a_64(&p.body)));
                snapshot.mode = policy.mode;
                snapshot.max_age = policy.max_age;
                snapshot.mx_patterns = policy.mx.iter().map(|m| m.pattern.clone()).collect();
            }
            PolicyState::Read(_) => snapshot.policy = Seen::Absent,
            PolicyState::NotServed if !offline => snapshot.policy = Seen::Absent,
            PolicyState::NotServed | PolicyState::Unreadable | PolicyState::Pending => {}
        }
        if let crate::report::context::MxSet::Known { hosts, .. } = &cx.mx {
            let mut names: Vec<String> = hosts
                .iter()
                .map(|h| match normalize(&h.exchange) {
                    root if root.is_empty() => ".".to_owned(),
                    name => name,
                })
                .collect();
            crate::sort::sort_small(&mut names, |a, b| a < b);
            names.dedup();
            snapshot.mx_hosts = Some(names);
        }
        snapshot
    }

    /// The snapshot to keep for the next run: this one, with what could not be seen this
    /// time (the record, the policy, the MX hosts) as `previous` last saw it, so that one
    /// failed lookup neither loses the last values nor makes the next run report them as new.
    /// Certificates are this run's only: an old expiry date would warn about a certificate
    /// that may have been renewed since.
    pub fn remembered(&self, previous: Option<&Snapshot>) -> Snapshot {
        let mut keep = self.clone();
        let Some(previous) = previous else {
            return keep;
        };
        if keep.record == Seen::Unknown {
            keep.record = previous.record;
            keep.record_ids = previous.record_ids.clone();
        }
        // A policy that changed while the record could not be seen: the change is not
        // reported yet (not compared), so the old policy stays the one to compare with, or
        // the next run would find the new one unchanged under the old id.
        let unannounced = self.record == Seen::Unknown
            && keep.policy == Seen::Present
            && previous.policy == Seen::Present
            && keep.policy_hash != previous.policy_hash;
        if keep.policy == Seen::Absent && previous.policy_hash.is_some() {
            keep.policy_hash = previous.policy_hash.clone();
            keep.mode = previous.mode;
            keep.max_age = previous.max_age;
            keep.mx_patterns = previous.mx_patterns.clone();
        }
        if keep.policy == Seen::Unknown || unannounced {
            keep.policy = previous.policy;
            keep.policy_hash = previous.policy_hash.clone();
            keep.mode = previous.mode;
            keep.max_age = previous.max_age;
            keep.mx_patterns = previous.mx_patterns.clone();
        }
        if keep.mx_hosts.is_none() {
            keep.mx_hosts = previous.mx_hosts.clone();
        }
        keep
    }

    /// The snapshot as pretty JSON.
    pub fn to_json(&self) -> String {
        write_text(self)
    }

    /// Reads a snapshot written by [`Snapshot::to_json`]; an error names the field.
    pub fn from_json(text: &str) -> Result<Snapshot, ReadError> {
        read_text(text)
    }

    /// Reads a snapshot from JSON already parsed (one member of a larger document).
    pub fn read_value(value: &Value) -> Result<Snapshot, ReadError> {
        Snapshot::from_value(value)
    }

    /// Writes the snapshot as the next value of `w` (after a key or an item).
    pub fn write_to(&self, w: &mut PrettyWriter) {
        self.write_json(w);
    }
}

/// The expiry dates of the certificates a probe of this domain saw, by host.
fn certificates(obs: &Observations) -> Vec<CertificateExpiry> {
    let Some(Ok(probe)) = obs.relay.as_ref().map(|r| &r.result) else {
        return Vec::new();
    };
    if !probe.domain.eq_ignore_ascii_case(&obs.domain) {
        return Vec::new();
    }
    let policy = probe
        .policy
        .certificate
        .as_ref()
        .map(|c| (policy_host(&obs.domain), c.not_after_unix));
    let mx = probe.mx.hosts.iter().filter_map(|h| {
        let c = h.certificate.as_ref()?;
        Some((normalize(&h.host), c.not_after_unix))
    });
    let mut out: Vec<CertificateExpiry> = policy
        .into_iter()
        .chain(mx)
        .map(|(host, not_after_unix)| CertificateExpiry {
            host,
            not_after_unix,
        })
        .collect();
    out.sort_unstable_by(|a, b| a.host.cmp(&b.host));
    out.dedup();
    out
}
