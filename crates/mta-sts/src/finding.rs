//! Findings: the plain data every check produces (see `docs/checks.md`).

pub use crate::catalogue::Code;
use crate::wire::wire;
use serde::Serialize;
use std::fmt;

/// How bad a finding is. The derived order is the order of badness used to pick a
/// check's severity: `skip < pass < info < unknown < warn < fail`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Not applicable: something the check depends on is missing.
    Skip,
    /// The rule holds.
    Pass,
    /// Worth knowing, nothing to fix.
    Info,
    /// Could not be verified from here; never shown as a pass.
    Unknown,
    /// Legal but harmful, or a sender may trip over it.
    Warn,
    /// Violates a MUST or the ABNF, or senders will ignore the policy.
    Fail,
}

impl Severity {
    pub const ALL: [Severity; 6] = [
        Severity::Skip,
        Severity::Pass,
        Severity::Info,
        Severity::Unknown,
        Severity::Warn,
        Severity::Fail,
    ];

    /// One plain character for the severity, the same on the page, in Markdown and on a
    /// terminal (no emoji: they render at two widths and in colour of their own).
    pub fn icon(self) -> &'static str {
        match self {
            Severity::Skip => "–",
            Severity::Pass => "✓",
            Severity::Info => "i",
            Severity::Unknown => "?",
            Severity::Warn => "!",
            Severity::Fail => "✗",
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Skip => "skip",
            Severity::Pass => "pass",
            Severity::Info => "info",
            Severity::Unknown => "unknown",
            Severity::Warn => "warn",
            Severity::Fail => "fail",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The stable check ids of the catalogue. Never renamed; a new check gets a new id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum CheckId {
    StsRecord,
    PolicyHost,
    PolicyFetch,
    PolicyContentType,
    PolicySyntax,
    PolicyVersion,
    PolicyMode,
    PolicyMaxAge,
    PolicyMx,
    MxRecords,
    MxCoverage,
    TlsrptRecord,
    Dnssec,
    PolicyCertificate,
    MxStarttls,
    MxCertificate,
    /// The first resolver's answers against the second's.
    DnsConsistency,
    /// DANE: the TLSA records of the MX hosts (RFC 7672) beside the MTA-STS policy.
    MxDane,
    /// Changes since the last check (the monitor, `crate::monitor`): not one of the report's
    /// 18 checks, so not in [`CheckId::ALL`]; a report holds it in `Report::changes`.
    PolicyChange,
}

impl CheckId {
    /// The report's 18 checks, in the order the report shows them. The monitor's
    /// `policy-change` is not among them: see [`CheckId::EVERY`].
    pub const ALL: [CheckId; 18] = [
        CheckId::StsRecord,
        CheckId::PolicyHost,
        CheckId::PolicyFetch,
        CheckId::PolicyContentType,
        CheckId::PolicySyntax,
        CheckId::PolicyVersion,
        CheckId::PolicyMode,
        CheckId::PolicyMaxAge,
        CheckId::PolicyMx,
        CheckId::MxRecords,
        CheckId::MxCoverage,
        CheckId::TlsrptRecord,
        CheckId::Dnssec,
        CheckId::PolicyCertificate,
        CheckId::MxStarttls,
        CheckId::MxCertificate,
        CheckId::DnsConsistency,
        CheckId::MxDane,
    ];

    /// Every check id: the report's 18 and the monitor's `policy-change`, which only a
    /// comparison with an earlier check makes (the catalogue and its documentation list all).
    pub const EVERY: [CheckId; 19] = {
        let mut every = [CheckId::PolicyChange; 19];
        let mut i = 0;
        while i < CheckId::ALL.len() {
            every[i] = CheckId::ALL[i];
            i += 1;
        }
        every
    };

    pub fn as_str(self) -> &'static str {
        match self {
            CheckId::StsRecord => "sts-record",
            CheckId::PolicyHost => "policy-host",
            CheckId::PolicyFetch => "policy-fetch",
            CheckId::PolicyContentType => "policy-content-type",
            CheckId::PolicySyntax => "policy-syntax",
            CheckId::PolicyVersion => "policy-version",
            CheckId::PolicyMode => "policy-mode",
            CheckId::PolicyMaxAge => "policy-max-age",
            CheckId::PolicyMx => "policy-mx",
            CheckId::MxRecords => "mx-records",
            CheckId::MxCoverage => "mx-coverage",
            CheckId::TlsrptRecord => "tlsrpt-record",
            CheckId::Dnssec => "dnssec",
            CheckId::PolicyCertificate => "policy-certificate",
            CheckId::MxStarttls => "mx-starttls",
            CheckId::MxCertificate => "mx-certificate",
            CheckId::DnsConsistency => "dns-consistency",
            CheckId::MxDane => "mx-dane",
            CheckId::PolicyChange => "policy-change",
        }
    }

    pub fn from_id(id: &str) -> Option<CheckId> {
        CheckId::EVERY.into_iter().find(|c| c.as_str() == id)
    }

    /// A short name for people, used as the heading of the check.
    pub fn label(self) -> &'static str {
        match self {
            CheckId::StsRecord => "MTA-STS record",
            CheckId::PolicyHost => "Policy host",
            CheckId::PolicyFetch => "Policy fetch",
            CheckId::PolicyContentType => "Content type",
            CheckId::PolicySyntax => "Policy syntax",
            CheckId::PolicyVersion => "Version",
            CheckId::PolicyMode => "Mode",
            CheckId::PolicyMaxAge => "max_age",
            CheckId::PolicyMx => "mx patterns",
            CheckId::MxRecords => "MX records",
            CheckId::MxCoverage => "MX coverage",
            CheckId::TlsrptRecord => "TLS-RPT record",
            CheckId::Dnssec => "DNSSEC",
            CheckId::PolicyCertificate => "Policy host certificate",
            CheckId::MxStarttls => "STARTTLS on the MX hosts",
            CheckId::MxCertificate => "MX certificates",
            CheckId::DnsConsistency => "Both resolvers compared",
            CheckId::MxDane => "DANE (TLSA) for the MX hosts",
            CheckId::PolicyChange => "Changes since the last check",
        }
    }
}

impl fmt::Display for CheckId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Where a piece of evidence came from.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum Provenance {
    /// A DNS answer, from the named resolver ("Google", "Cloudflare", …).
    Dns { resolver: String },
    /// Fetched by this program (the browser or the command line).
    Fetched,
    /// Pasted or given by the user (the policy editor, a file given to the command line).
    Pasted,
    /// Seen by a probe relay.
    Relayed { host: String },
    /// Seen by this program's own probe (the command line): the policy host's certificate,
    /// the MX hosts on port 25.
    Probed,
}

impl fmt::Display for Provenance {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Provenance::Dns { resolver } => write!(f, "{resolver} resolver"),
            Provenance::Fetched => f.write_str("fetched"),
            Provenance::Pasted => f.write_str("pasted"),
            Provenance::Relayed { host } => write!(f, "via relay {host}"),
            Provenance::Probed => f.write_str("probed directly"),
        }
    }
}

wire! {
    /// One thing that was seen, verbatim. `text` is never interpreted as markup.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct Evidence: ToJson {
        /// Where it was seen, in words: "TXT at _mta-sts.example.com", "policy line 3", "MX 10".
        pub label: String,
        /// Exactly what was seen (a record, a policy line, a status line, a host name).
        pub text: String,
        /// The policy line number (1-based) when the evidence is a policy line.
        pub line: Option<usize> = skip_if_none,
        pub provenance: Option<Provenance> = skip_if_none,
    }
}

// The builders below are `#[inline(never)]`: the engine builds findings in hundreds of places,
// and one call each instead of an inlined copy makes the browser's download 1.7 KB smaller.
impl Evidence {
    #[inline(never)]
    pub fn new(label: impl Into<String>, text: impl Into<String>) -> Evidence {
        Evidence {
            label: label.into(),
            text: text.into(),
            line: None,
            provenance: None,
        }
    }

    /// A policy line, labelled "policy line N".
    #[inline(never)]
    pub fn policy_line(line: usize, text: impl Into<String>) -> Evidence {
        Evidence {
            label: format!("policy line {line}"),
            text: text.into(),
            line: Some(line),
            provenance: None,
        }
    }

    #[inline(never)]
    pub fn from(mut self, provenance: Provenance) -> Evidence {
        self.provenance = Some(provenance);
        self
    }
}

wire! {
    /// What to do about a finding.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct Fix: ToJson {
        /// The action, in words.
        pub action: String,
        /// Text ready to copy (a corrected record or policy, a command), complete and valid.
        pub paste: Option<String> = skip_if_none,
    }
}

impl Fix {
    #[inline(never)]
    pub fn action(action: impl Into<String>) -> Fix {
        Fix {
            action: action.into(),
            paste: None,
        }
    }

    #[inline(never)]
    pub fn with_paste(action: impl Into<String>, paste: impl Into<String>) -> Fix {
        Fix {
            action: action.into(),
            paste: Some(paste.into()),
        }
    }
}

wire! {
    /// The rule a finding rests on.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct Reference: ToJson {
        /// "RFC 8461 §3.2", "Google Workspace Admin Help", …
        pub label: String,
        pub url: Option<String> = skip_if_none,
    }
}

impl Reference {
    /// A section of RFC 8461 (MTA-STS), e.g. `rfc8461("3.2")`.
    #[inline(never)]
    pub fn rfc8461(section: &str) -> Reference {
        Reference::rfc("8461", section)
    }

    /// A section of RFC 8460 (TLS-RPT).
    #[inline(never)]
    pub fn rfc8460(section: &str) -> Reference {
        Reference::rfc("8460", section)
    }

    #[inline(never)]
    pub fn rfc(number: &str, section: &str) -> Reference {
        Reference {
            label: format!("RFC {number} §{section}"),
            url: Some(format!(
                "https://www.rfc-editor.org/rfc/rfc{number}#section-{section}"
            )),
        }
    }

    pub fn other(label: impl Into<String>, url: Option<&str>) -> Reference {
        Reference {
            label: label.into(),
            url: url.map(str::to_owned),
        }
    }
}

wire! {
    /// One finding of one check.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct Finding: ToJson {
        /// The check this finding belongs to: always `code.check()`.
        pub check: CheckId,
        /// What kind of finding this is, from the catalogue: stable, never renamed.
        pub code: Code,
        pub severity: Severity,
        /// One line a person understands without knowing the RFC.
        pub title: String,
        /// Why it matters, in two or three sentences; empty for a finding that is its title
        /// alone (a check not run for a reason the report shows once, above the checks).
        pub detail: String,
        pub evidence: Vec<Evidence>,
        pub fix: Option<Fix> = skip_if_none,
        pub reference: Option<Reference> = skip_if_none,
    }
}

impl Finding {
    /// A finding of kind `code`. The severity must be one the catalogue allows for the code:
    /// debug builds (every test) panic otherwise, so the catalogue cannot drift from the code.
    #[inline(never)]
    pub fn new(
        code: Code,
        severity: Severity,
        title: impl Into<String>,
        detail: impl Into<String>,
    ) -> Finding {
        debug_assert!(
            code.severities().contains(&severity),
            "{code} is never {severity} in the catalogue"
        );
        Finding {
            check: code.check(),
            code,
            severity,
            title: title.into(),
            detail: detail.into(),
            evidence: Vec::new(),
            fix: None,
            reference: None,
        }
    }

    #[inline(never)]
    pub fn evidence(mut self, evidence: Evidence) -> Finding {
        self.evidence.push(evidence);
        self
    }

    #[inline(never)]
    pub fn fix(mut self, fix: Fix) -> Finding {
        self.fix = Some(fix);
        self
    }

    #[inline(never)]
    pub fn reference(mut self, reference: Reference) -> Finding {
        self.reference = Some(reference);
        self
    }
}

/// The worst severity among findings, `skip` when there are none.
pub fn worst(findings: &[Finding]) -> Severity {
    findings
        .iter()
        .map(|f| f.severity)
        .max()
        .unwrap_or(Severity::Skip)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn severity_order_follows_the_catalogue() {
        // fail > warn > unknown > info > pass, and skip below all.
        assert!(Severity::Fail > Severity::Warn);
        assert!(Severity::Warn > Severity::Unknown);
        assert!(Severity::Unknown > Severity::Info);
        assert!(Severity::Info > Severity::Pass);
        assert!(Severity::Pass > Severity::Skip);
    }

    #[test]
    fn check_ids_round_trip_and_are_unique() {
        let mut seen = std::collections::BTreeSet::new();
        for id in CheckId::EVERY {
            assert_eq!(CheckId::from_id(id.as_str()), Some(id));
            assert!(seen.insert(id.as_str()));
            let json = serde_json::to_string(&id).unwrap();
            assert_eq!(json, format!("\"{}\"", id.as_str()));
        }
        assert_eq!(CheckId::from_id("nope"), None);
    }

    #[test]
    fn worst_of_nothing_is_skip() {
        assert_eq!(worst(&[]), Severity::Skip);
        let f = |c, s| Finding::new(c, s, "t", "d");
        assert_eq!(
            worst(&[
                f(Code::DnssecUnsigned, Severity::Info),
                f(Code::DnssecNoAnswer, Severity::Unknown),
                f(Code::DnssecValidated, Severity::Pass)
            ]),
            Severity::Unknown
        );
    }

    #[test]
    fn rfc_reference_links_the_section() {
        let r = Reference::rfc8461("4.1");
        assert_eq!(r.label, "RFC 8461 §4.1");
        assert_eq!(
            r.url.as_deref(),
            Some("https://www.rfc-editor.org/rfc/rfc8461#section-4.1")
        );
    }
}
