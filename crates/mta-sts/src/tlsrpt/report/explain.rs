//! What each result type means and what usually fixes it; the policy the reporter saw,
//! linted; and whether today's policy and MX hosts explain a failure.

use super::model::{PolicyType, ReportedPolicy, ResultType};
use super::summary::Summary;
use crate::finding::Provenance;
use crate::mx::matches;
use crate::policy::{check_policy, PolicyCheck};

/// One result type in words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Explanation {
    /// What the reporter saw, in one sentence.
    pub meaning: &'static str,
    /// The likely cause and its fix, in one sentence.
    pub cause_and_fix: &'static str,
}

/// The words for a result type (RFC 8460 §4.3).
pub fn explain(result_type: &ResultType) -> Explanation {
    let (meaning, cause_and_fix) = match result_type {
        ResultType::StarttlsNotSupported => (
            "The receiving MX did not offer STARTTLS.",
            "TLS is off or broken on that MX: enable STARTTLS on port 25 with a valid certificate.",
        ),
        ResultType::CertificateHostMismatch => (
            "The MX's certificate does not name the MX host.",
            "The certificate covers other names: issue one whose names include the MX host name.",
        ),
        ResultType::CertificateExpired => (
            "The MX's certificate has expired.",
            "Renewal failed or the new certificate was not loaded: renew it and reload the mail server.",
        ),
        ResultType::CertificateNotTrusted => (
            "The MX's certificate does not chain to a CA the sender trusts.",
            "A self-signed certificate or a missing intermediate: serve the full chain from a public CA.",
        ),
        ResultType::ValidationFailure => (
            "The MX failed validation for another reason, such as not matching the policy's mx patterns.",
            "Often an MX host that no mx line covers: add an mx line for it, or check the certificate.",
        ),
        ResultType::TlsaInvalid => (
            "The TLSA records for the MX could not be used.",
            "TLSA records that match no certificate in the chain: publish records for the current certificate.",
        ),
        ResultType::DnssecInvalid => (
            "DNSSEC validation failed for the MX or its TLSA records.",
            "A broken DNSSEC chain (expired signatures, a DS mismatch): re-sign the zone or fix the DS record.",
        ),
        ResultType::DaneRequired => (
            "The sender requires DANE and found no usable TLSA records.",
            "TLSA records are missing or unsigned: publish them in a DNSSEC-signed zone.",
        ),
        ResultType::StsPolicyFetchError => (
            "The sender could not fetch the MTA-STS policy over HTTPS.",
            "The policy host is down, redirects, or answers with an error: serve the policy at https://mta-sts.<domain>/.well-known/mta-sts.txt.",
        ),
        ResultType::StsPolicyInvalid => (
            "The sender fetched the MTA-STS policy and found it invalid.",
            "A syntax error or a missing field: check the policy with `mta-sts lint policy`.",
        ),
        ResultType::StsWebpkiInvalid => (
            "The policy host's HTTPS certificate was not valid.",
            "An expired or wrong certificate on mta-sts.<domain>: serve a valid public certificate for that name.",
        ),
        ResultType::Other(_) => (
            "A result type that RFC 8460 does not define.",
            "See the reporter's additional information and failure reason code.",
        ),
    };
    Explanation {
        meaning,
        cause_and_fix,
    }
}

/// An `sts` policy as the reporter saw it: the `policy-string` lines joined with CRLF, each
/// line ended (RFC 8461 §3.2's form). `None` for other policy types or no lines.
pub fn reported_policy_text(policy: &ReportedPolicy) -> Option<String> {
    if policy.policy_type != PolicyType::Sts || policy.policy_string.is_empty() {
        return None;
    }
    let mut text = policy.policy_string.join("\r\n");
    text.push_str("\r\n");
    Some(text)
}

/// The reporter's `sts` policy judged by the same checks as a served one. Evidence is marked
/// [`Provenance::Pasted`]: it came from a file, not from the network.
pub fn check_reported_policy(policy: &ReportedPolicy) -> Option<PolicyCheck> {
    reported_policy_text(policy).map(|text| check_policy(text.as_bytes(), &Provenance::Pasted))
}

/// Whether today's policy covers a failure group's MX host.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PolicyCover {
    /// This mx pattern matches the host.
    Covered(String),
    /// No mx pattern matches the host.
    NotCovered,
    /// No host in the group, no policy given, or a group of another policy type than `sts`.
    Unknown,
}

/// Whether a failure group's MX host is among today's MX hosts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MxPresence {
    Listed,
    NotListed,
    Unknown,
}

/// One failure group compared with today's set-up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LiveCheck {
    /// The index into [`Summary::failures`].
    pub group: usize,
    pub policy: PolicyCover,
    pub mx: MxPresence,
    /// Today's policy explains the failure: a `validation-failure` or `sts-policy-invalid`
    /// on a host no mx pattern covers.
    pub explains: bool,
}

/// Compares the failure groups of `domain` with today's policy body and/or MX hosts (as the
/// caller looked them up). Pure: no lookups here.
pub fn check_live(
    summary: &Summary,
    domain: &str,
    live_policy: Option<&[u8]>,
    live_mx: Option<&[String]>,
) -> Vec<LiveCheck> {
    let patterns: Option<Vec<String>> = live_policy.map(|body| {
        check_policy(body, &Provenance::Fetched)
            .policy
            .mx
            .into_iter()
            .map(|p| p.pattern)
            .collect()
    });
    let domain = domain.trim_end_matches('.');
    summary
        .failures
        .iter()
        .enumerate()
        .filter(|(_, g)| {
            g.policy_domain
                .trim_end_matches('.')
                .eq_ignore_ascii_case(domain)
        })
        .map(|(group, g)| {
            let host = g.receiving_mx_hostname.as_deref();
            // Today's MTA-STS policy says nothing about a DANE (tlsa) or no-policy failure.
            let sts = g.policy_type == PolicyType::Sts;
            let policy = match (host, &patterns) {
                (Some(host), Some(patterns)) if sts => patterns
                    .iter()
                    .find(|p| matches(p, host))
                    .map_or(PolicyCover::NotCovered, |p| PolicyCover::Covered(p.clone())),
                _ => PolicyCover::Unknown,
            };
            let mx = match (host, live_mx) {
                (Some(host), Some(mx)) => {
                    let host = host.trim_end_matches('.');
                    if mx
                        .iter()
                        .any(|m| m.trim_end_matches('.').eq_ignore_ascii_case(host))
                    {
                        MxPresence::Listed
                    } else {
                        MxPresence::NotListed
                    }
                }
                _ => MxPresence::Unknown,
            };
            let explains = policy == PolicyCover::NotCovered
                && matches!(
                    g.result_type,
                    ResultType::ValidationFailure | ResultType::StsPolicyInvalid
                );
            LiveCheck {
                group,
                policy,
                mx,
                explains,
            }
        })
        .collect()
}
