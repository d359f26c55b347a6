//! Observations to report: every check of the catalogue (`docs/checks.md`), the verdict and
//! the one-sentence summary.
//!
//! [`build_report`] is pure and runs on partial observations: the page calls it after every
//! answer. A check whose own inputs are still missing is pending (`severity: None`); every
//! other check is decided as soon as its inputs are there.
//!
//! One module per seam: `sts` (the record), `host` (the policy host), `fetch` (the fetch and
//! its content type), `content` (the policy content and MX coverage), `dns` (MX records,
//! TLS-RPT, shared DNS findings), `dnssec`, `relay`; `verdict` for the verdict and summary,
//! `finish` for the ways to finish a check the browser could not complete, [`paste`] and
//! [`lint`] for texts given by hand. The exports (JSON, Markdown) are
//! [`crate::export`]'s.

mod consistency;
mod content;
pub(crate) mod context;
mod dane;
mod dns;
mod dnssec;
mod fetch;
mod finish;
mod host;
pub mod lint;
pub mod paste;
mod relay;
mod sts;
mod verdict;
mod words;

use crate::finding::{worst, CheckId, Finding, Severity};
use crate::mx::MxHost;
use crate::pipeline::{Observations, Timing};
use crate::wire::wire;
use context::Ctx;
use serde::Serialize;

pub use finish::{NextStep, Way};
pub use paste::{parse_pasted, PastedPolicy};

/// One word for the whole domain (checks.md, "The verdict").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    /// No `v=STSv1` record and no readable policy: the domain has no MTA-STS.
    Absent,
    /// Some check fails.
    Broken,
    /// Nothing fails, but something the verdict needs could not be read from here.
    Unverified,
    Enforce,
    Testing,
    None,
}

impl Verdict {
    pub const ALL: [Verdict; 6] = [
        Verdict::Absent,
        Verdict::Broken,
        Verdict::Unverified,
        Verdict::Enforce,
        Verdict::Testing,
        Verdict::None,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Absent => "absent",
            Verdict::Broken => "broken",
            Verdict::Unverified => "unverified",
            Verdict::Enforce => "enforce",
            Verdict::Testing => "testing",
            Verdict::None => "none",
        }
    }
}

impl std::fmt::Display for Verdict {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

wire! {
    /// One check of the catalogue and what it found.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct CheckResult: ToJson {
        pub id: CheckId,
        /// The worst severity of the findings; `None` while the check's inputs are pending.
        pub severity: Option<Severity>,
        pub findings: Vec<Finding>,
    }
}

/// The cards of the page, each grouping the checks of one subject.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Card {
    Record,
    PolicyHost,
    PolicyContent,
    MxCoverage,
    TlsRpt,
    Dnssec,
    Resolvers,
    Dane,
    Relay,
}

impl Card {
    /// Every card, in the order the page shows them.
    pub const ALL: [Card; 9] = [
        Card::Record,
        Card::PolicyHost,
        Card::PolicyContent,
        Card::MxCoverage,
        Card::TlsRpt,
        Card::Dnssec,
        Card::Resolvers,
        Card::Dane,
        Card::Relay,
    ];

    pub fn title(self) -> &'static str {
        match self {
            Card::Record => "MTA-STS record",
            Card::PolicyHost => "Policy host and fetch",
            Card::PolicyContent => "Policy content",
            Card::MxCoverage => "MX hosts and coverage",
            Card::TlsRpt => "TLS reporting (TLS-RPT)",
            Card::Dnssec => "DNSSEC",
            Card::Resolvers => "Both resolvers compared",
            Card::Dane => "DANE (TLSA)",
            Card::Relay => "Certificates and STARTTLS",
        }
    }

    /// The checks shown on this card, in catalogue order.
    pub fn checks(self) -> &'static [CheckId] {
        match self {
            Card::Record => &[CheckId::StsRecord],
            Card::PolicyHost => &[
                CheckId::PolicyHost,
                CheckId::PolicyFetch,
                CheckId::PolicyContentType,
            ],
            Card::PolicyContent => &[
                CheckId::PolicySyntax,
                CheckId::PolicyVersion,
                CheckId::PolicyMode,
                CheckId::PolicyMaxAge,
                CheckId::PolicyMx,
            ],
            Card::MxCoverage => &[CheckId::MxRecords, CheckId::MxCoverage],
            Card::TlsRpt => &[CheckId::TlsrptRecord],
            Card::Dnssec => &[CheckId::Dnssec],
            Card::Resolvers => &[CheckId::DnsConsistency],
            Card::Dane => &[CheckId::MxDane],
            Card::Relay => &[
                CheckId::PolicyCertificate,
                CheckId::MxStarttls,
                CheckId::MxCertificate,
            ],
        }
    }

    /// The card a check is shown on.
    pub fn of(id: CheckId) -> Card {
        Card::ALL
            .into_iter()
            .find(|card| card.checks().contains(&id))
            .unwrap_or(Card::Relay)
    }
}

wire! {
    /// Everything the page, the JSON export and the Markdown export show.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct Report: ToJson {
        pub domain: String,
        /// Nothing is pending: every lookup answered and every check is decided.
        pub done: bool,
        /// Only once `done`.
        pub verdict: Option<Verdict>,
        /// One sentence on what sending servers will do with mail for the domain.
        pub summary: String,
        /// The ways to finish the check from elsewhere, easiest first, which the report leads
        /// with: only when this browser could not read the policy of a domain with MTA-STS.
        pub next_steps: Vec<NextStep>,
        /// All 18 checks, in `CheckId::ALL` order.
        pub checks: Vec<CheckResult>,
        /// The MX records, by preference.
        pub mx: Vec<MxHost>,
        /// The policy text as read (fetched or pasted), lossy UTF-8.
        pub policy_text: Option<String>,
        pub timings: Vec<Timing>,
        /// The monitor's `policy-change` check: what changed since the last check
        /// ([`crate::monitor`]). `None` unless a comparison was made (the page, a plain
        /// `mta-sts check`), and then left out of the JSON.
        pub changes: Option<CheckResult> = skip_if_none,
    }
}

/// The stand-in for `policy-change` when no comparison was made.
static NO_CHANGES: CheckResult = CheckResult {
    id: CheckId::PolicyChange,
    severity: None,
    findings: Vec::new(),
};

/// Pending stand-ins, so that [`Report::check`] never panics on a hand-made `Report`.
static PENDING: [CheckResult; 18] = {
    const fn pending(id: CheckId) -> CheckResult {
        CheckResult {
            id,
            severity: None,
            findings: Vec::new(),
        }
    }
    [
        pending(CheckId::StsRecord),
        pending(CheckId::PolicyHost),
        pending(CheckId::PolicyFetch),
        pending(CheckId::PolicyContentType),
        pending(CheckId::PolicySyntax),
        pending(CheckId::PolicyVersion),
        pending(CheckId::PolicyMode),
        pending(CheckId::PolicyMaxAge),
        pending(CheckId::PolicyMx),
        pending(CheckId::MxRecords),
        pending(CheckId::MxCoverage),
        pending(CheckId::TlsrptRecord),
        pending(CheckId::Dnssec),
        pending(CheckId::PolicyCertificate),
        pending(CheckId::MxStarttls),
        pending(CheckId::MxCertificate),
        pending(CheckId::DnsConsistency),
        pending(CheckId::MxDane),
    ]
};

impl Report {
    /// The result of one check (pending when the report does not hold it). `policy-change`
    /// is [`Report::changes`], pending when there is none.
    pub fn check(&self, id: CheckId) -> &CheckResult {
        if id == CheckId::PolicyChange {
            return self.changes.as_ref().unwrap_or(&NO_CHANGES);
        }
        self.checks
            .iter()
            .find(|c| c.id == id)
            .or_else(|| PENDING.iter().find(|c| c.id == id))
            .unwrap_or(&PENDING[0])
    }

    /// The worst severity of a card's checks; `None` while any of them is pending.
    pub fn card_severity(&self, card: Card) -> Option<Severity> {
        card.checks()
            .iter()
            .map(|id| self.check(*id).severity)
            .try_fold(Severity::Skip, |acc, s| s.map(|s| acc.max(s)))
    }

    /// What to fix first: every `fail`, then every `warn` finding, in catalogue order (the
    /// changes since the last check, when there are any, last).
    pub fn to_fix(&self) -> Vec<&Finding> {
        let all = || {
            self.checks
                .iter()
                .chain(self.changes.as_ref())
                .flat_map(|c| c.findings.iter())
        };
        all()
            .filter(|f| f.severity == Severity::Fail)
            .chain(all().filter(|f| f.severity == Severity::Warn))
            .collect()
    }

    /// Adds the monitor's findings ([`crate::monitor::compare`]) as the `policy-change`
    /// check, [`Report::changes`].
    pub fn set_changes(&mut self, findings: Vec<Finding>) {
        self.changes = Some(CheckResult {
            id: CheckId::PolicyChange,
            severity: Some(worst(&findings)),
            findings,
        });
    }

    /// The worst severity of every finding, the changes' included: what an exit status or
    /// an alert goes by. `None` while a check is pending.
    pub fn worst(&self) -> Option<Severity> {
        self.checks
            .iter()
            .chain(self.changes.as_ref())
            .map(|c| c.severity)
            .try_fold(Severity::Skip, |acc, s| s.map(|s| acc.max(s)))
    }

    /// The report as pretty JSON with stable field names (see [`crate::export`]).
    pub fn to_json(&self) -> String {
        crate::export::report_json(self)
    }

    /// The report as Markdown, for tickets (see [`crate::export`]).
    pub fn to_markdown(&self) -> String {
        crate::export::report_markdown(self)
    }
}

/// Builds the report from what the lookups answered so far.
pub fn build_report(obs: &Observations) -> Report {
    build_report_with_paste(obs, None)
}

/// Builds the report with a policy pasted into the policy editor (see [`parse_pasted`]).
/// A paste with a status line stands in for the fetch; a body alone is checked as the policy
/// and leaves `policy-fetch` and `policy-content-type` as the fetch found them.
pub fn build_report_with_paste(obs: &Observations, pasted: Option<&PastedPolicy>) -> Report {
    let cx = Ctx::new(obs, pasted);
    let mut decided: Vec<(CheckId, Option<Vec<Finding>>)> = vec![
        (CheckId::StsRecord, sts::sts_record(&cx)),
        (CheckId::PolicyHost, host::policy_host(&cx)),
        (CheckId::PolicyFetch, fetch::policy_fetch(&cx)),
        (CheckId::PolicyContentType, fetch::content_type(&cx)),
        (CheckId::MxRecords, dns::mx_records(&cx)),
        (CheckId::MxCoverage, content::mx_coverage(&cx)),
        (CheckId::TlsrptRecord, dns::tlsrpt_record(&cx)),
        (CheckId::Dnssec, dnssec::dnssec(&cx)),
        (CheckId::DnsConsistency, consistency::dns_consistency(&cx)),
        (CheckId::MxDane, dane::mx_dane(&cx)),
    ];
    decided.extend(content::policy_content(&cx));
    decided.extend(relay::relay_checks_in(&cx));

    let checks: Vec<CheckResult> = CheckId::ALL
        .into_iter()
        .map(|id| {
            let findings = decided
                .iter()
                .find(|(d, _)| *d == id)
                .and_then(|(_, f)| f.clone());
            CheckResult {
                id,
                severity: findings.as_deref().map(worst),
                findings: findings.unwrap_or_default(),
            }
        })
        .collect();

    // Severities changed after a finding was made (a failure softened to info without
    // MTA-STS) must still be ones the catalogue allows: every test that builds a report checks.
    #[cfg(debug_assertions)]
    for c in &checks {
        for f in &c.findings {
            let allowed = f.code.check() == c.id && f.code.severities().contains(&f.severity);
            assert!(
                f.check == c.id && allowed,
                "{} ({}) under {}: not as the catalogue says",
                f.code,
                f.severity,
                c.id
            );
        }
    }
    let done = obs.pending.is_empty() && checks.iter().all(|c| c.severity.is_some());
    let verdict = if done {
        Some(verdict::verdict(&cx, &checks))
    } else {
        None
    };
    let summary = verdict::summary(&cx, &checks, verdict);
    Report {
        domain: obs.domain.clone(),
        done,
        verdict,
        summary,
        next_steps: finish::next_steps(&cx),
        checks,
        mx: cx.mx_hosts_sorted(),
        policy_text: cx.policy_text(),
        timings: obs.timings.clone(),
        changes: None,
    }
}
