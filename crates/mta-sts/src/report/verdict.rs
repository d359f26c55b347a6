//! The verdict (checks.md, "The verdict") and the one-sentence summary at the top of the report.

use super::context::{
    answer, attempted_record, txt_texts, Ctx, LookupState, MxSet, PolicyState, Sts,
};
use super::words::{and_list, count, host};
use super::{CheckResult, Verdict};
use crate::finding::{CheckId, Provenance, Severity};
use crate::lookup::{policy_host, FetchOutcome};
use crate::policy::Mode;

pub(super) fn verdict(cx: &Ctx, checks: &[CheckResult]) -> Verdict {
    let any = |s: Severity| checks.iter().any(|c| c.severity == Some(s));
    if cx.absent() {
        Verdict::Absent
    } else if any(Severity::Fail) {
        Verdict::Broken
    } else if checks.iter().any(verdict_unknown) {
        Verdict::Unverified
    } else {
        match mode(cx) {
            Some(Mode::Enforce) => Verdict::Enforce,
            Some(Mode::Testing) => Verdict::Testing,
            Some(Mode::None) => Verdict::None,
            None => Verdict::Unverified,
        }
    }
}

/// An unknown check that leaves the verdict unverified: not `dns-consistency`, whose second
/// resolver only adds an opinion (the report's answers are the first resolver's), nor
/// `mx-dane`, which is DANE's, not MTA-STS's (a DANE failure still makes the verdict broken:
/// senders that validate DANE cannot deliver).
fn verdict_unknown(c: &CheckResult) -> bool {
    c.severity == Some(Severity::Unknown)
        && !matches!(c.id, CheckId::DnsConsistency | CheckId::MxDane)
}

fn mode(cx: &Ctx) -> Option<Mode> {
    cx.read_policy().and_then(|p| p.check.policy.mode)
}

fn failed(checks: &[CheckResult], id: CheckId) -> bool {
    checks
        .iter()
        .any(|c| c.id == id && c.severity == Some(Severity::Fail))
}

pub(super) fn summary(cx: &Ctx, checks: &[CheckResult], verdict: Option<Verdict>) -> String {
    let d = cx.domain;
    let Some(verdict) = verdict else {
        let decided = checks.iter().filter(|c| c.severity.is_some()).count();
        return format!("Checking {d}: {decided} of {} checks done.", checks.len());
    };
    match verdict {
        Verdict::Absent if cx.null_mx() => {
            format!("{d} takes no mail (null MX), so it needs no MTA-STS.")
        }
        Verdict::Absent => format!(
            "Senders will deliver mail to {d} as before: it has no MTA-STS, so they accept a \
             connection without TLS, or with a forged certificate."
        ),
        Verdict::Broken => broken(cx, checks),
        Verdict::Unverified => unverified(cx, checks),
        Verdict::Enforce if cx.null_mx() => {
            format!("{d} takes no mail (null MX), so its enforce policy has nothing to protect.")
        }
        Verdict::Enforce => {
            let reports = if has_tlsrpt(cx) {
                ""
            } else {
                "; with no TLS-RPT record, nobody hears of the deliveries that fail"
            };
            format!(
                "Senders that support MTA-STS will only deliver mail to {d} over TLS, to {}{reports}.",
                mx_targets(cx)
            )
        }
        Verdict::Testing => match rua(cx) {
            Some(to) => format!(
                "Senders that support MTA-STS will deliver mail to {d} as before, and report TLS \
                 failures to {to}: the policy is in testing mode."
            ),
            None => format!(
                "Senders that support MTA-STS will deliver mail to {d} as before: the policy is in \
                 testing mode, and with no TLS-RPT record their failure reports go nowhere."
            ),
        },
        Verdict::None => format!(
            "Senders that support MTA-STS will deliver mail to {d} as if it had no policy: the \
             policy is in mode none, which withdraws MTA-STS."
        ),
    }
}

/// "its two MX hosts", "its MX host `mx.example.com`", "`example.com` itself".
fn mx_targets(cx: &Ctx) -> String {
    match &cx.mx {
        MxSet::Known { hosts, .. } if hosts.is_empty() => format!("{} itself", host(cx.domain)),
        MxSet::Known { hosts, .. } if hosts.len() == 1 => {
            format!(
                "its MX host {}",
                hosts.iter().map(|h| host(&h.exchange)).collect::<String>()
            )
        }
        MxSet::Known { hosts, .. } => format!("its {}", count(hosts.len(), "MX host", "MX hosts")),
        _ => "the MX hosts its policy lists".to_owned(),
    }
}

fn tlsrpt_texts(cx: &Ctx) -> Vec<String> {
    match answer(&cx.obs.tlsrpt_txt) {
        LookupState::Records(a) => txt_texts(a)
            .into_iter()
            .filter(|t| crate::tlsrpt::is_tlsrpt_candidate(t))
            .collect(),
        _ => Vec::new(),
    }
}

fn has_tlsrpt(cx: &Ctx) -> bool {
    !tlsrpt_texts(cx).is_empty()
}

/// Where TLS-RPT reports go, when there is exactly one valid record.
fn rua(cx: &Ctx) -> Option<String> {
    let texts = tlsrpt_texts(cx);
    let [text] = texts.as_slice() else {
        return None;
    };
    let record = crate::tlsrpt::parse_tlsrpt_record(text).ok()?;
    let list: Vec<String> = record.rua.iter().map(|u| format!("`{u}`")).collect();
    (!list.is_empty()).then(|| and_list(&list))
}

fn broken(cx: &Ctx, checks: &[CheckResult]) -> String {
    let d = cx.domain;
    let no_policy = |because: String| {
        format!("Senders that support MTA-STS will treat {d} as having no MTA-STS policy, because {because}.")
    };
    if failed(checks, CheckId::StsRecord) {
        let (candidates, attempted) = match &cx.sts {
            Sts::Answered { check, texts, .. } => {
                (check.candidates, texts.iter().any(|t| attempted_record(t)))
            }
            _ => (0, false),
        };
        return no_policy(match candidates {
            0 if !attempted => format!("there is no MTA-STS record at `_mta-sts.{d}`"),
            0 | 1 => format!("its MTA-STS record at `_mta-sts.{d}` is not valid"),
            n => format!(
                "it publishes {} at `_mta-sts.{d}`, and exactly one is allowed",
                count(n, "MTA-STS record", "MTA-STS records")
            ),
        });
    }
    if failed(checks, CheckId::PolicyHost) {
        return no_policy(format!(
            "its policy host `{}` has no address",
            policy_host(d)
        ));
    }
    if failed(checks, CheckId::PolicyFetch) {
        let why = match cx.fetch.as_ref().map(|f| &f.outcome) {
            Some(FetchOutcome::Read { status, .. }) => {
                format!("its policy host answers with status {status} instead of the policy")
            }
            Some(FetchOutcome::Redirect { .. }) => {
                "its policy host redirects instead of serving the policy".to_owned()
            }
            Some(FetchOutcome::Timeout { .. }) => {
                "its policy host does not answer in time".to_owned()
            }
            _ => "its policy host cannot be reached over HTTPS".to_owned(),
        };
        return no_policy(why);
    }
    let content = [
        CheckId::PolicySyntax,
        CheckId::PolicyVersion,
        CheckId::PolicyMode,
        CheckId::PolicyMaxAge,
        CheckId::PolicyMx,
    ];
    if content.iter().any(|id| failed(checks, *id)) {
        return no_policy("its policy file is not valid".to_owned());
    }
    if failed(checks, CheckId::Dnssec) {
        return format!(
            "Senders whose resolvers validate DNSSEC cannot look up {d}'s MTA-STS set-up as \
             published, because its DNSSEC signatures do not validate."
        );
    }
    if failed(checks, CheckId::MxCoverage) {
        return coverage_sentence(cx);
    }
    if failed(checks, CheckId::TlsrptRecord) {
        return format!(
            "Senders that support MTA-STS apply {d}'s policy, but its TLS-RPT record is not \
             valid, so nobody receives their reports of failed TLS connections."
        );
    }
    let first = checks
        .iter()
        .flat_map(|c| c.findings.iter())
        .find(|f| f.severity == Severity::Fail)
        .map(|f| f.title.trim_end_matches('.').to_owned())
        .unwrap_or_default();
    format!("Senders that support MTA-STS may not handle mail for {d} as intended: {first}.")
}

/// For an enforce policy that leaves MX hosts uncovered.
fn coverage_sentence(cx: &Ctx) -> String {
    let d = cx.domain;
    let (PolicyState::Read(p), MxSet::Known { hosts, .. }) = (&cx.policy, &cx.mx) else {
        return format!("Senders that support MTA-STS will refuse to deliver mail for {d} to MX hosts its policy does not cover.");
    };
    let names: Vec<String> = if hosts.is_empty() {
        vec![d.to_owned()]
    } else {
        hosts.iter().map(|h| h.exchange.clone()).collect()
    };
    let uncovered: Vec<String> = names
        .iter()
        .filter(|n| {
            !p.check
                .policy
                .mx
                .iter()
                .any(|m| crate::mx::matches(&m.pattern, n))
        })
        .map(|n| host(n))
        .collect();
    if uncovered.len() == names.len() {
        format!(
            "Senders that support MTA-STS will not deliver mail to {d} at all, because its enforce \
             policy matches none of its MX hosts."
        )
    } else {
        format!(
            "Senders that support MTA-STS will refuse to deliver mail for {d} to {}, because its \
             enforce policy does not cover {}; they use its other MX hosts instead.",
            and_list(&uncovered),
            if uncovered.len() == 1 { "it" } else { "them" }
        )
    }
}

fn unverified(cx: &Ctx, checks: &[CheckResult]) -> String {
    let d = cx.domain;
    let unknown = |id: CheckId| {
        checks
            .iter()
            .any(|c| c.id == id && c.severity == Some(Severity::Unknown))
    };
    let fetch_unreadable = matches!(
        cx.fetch.as_ref().map(|f| &f.outcome),
        Some(FetchOutcome::Unreadable)
    );
    if matches!(cx.policy, PolicyState::Unreadable) {
        return format!(
            "Senders that support MTA-STS will fetch {d}'s policy from `{}`, but it could not be \
             read from this browser; any one of the three ways below finishes the check.",
            policy_host(d)
        );
    }
    let cause = if fetch_unreadable && cx.read_policy().is_some() {
        format!(
            "whether `{}` serves the pasted policy could not be read from this browser",
            policy_host(d)
        )
    } else if unknown(CheckId::StsRecord) {
        "its MTA-STS record could not be looked up".to_owned()
    } else if unknown(CheckId::MxRecords) || unknown(CheckId::MxCoverage) {
        "its MX records could not be looked up".to_owned()
    } else if unknown(CheckId::PolicyHost) {
        format!("the address of `{}` could not be looked up", policy_host(d))
    } else if unknown(CheckId::TlsrptRecord) {
        "its TLS-RPT record could not be looked up".to_owned()
    } else {
        let first = checks
            .iter()
            .find(|c| verdict_unknown(c))
            .map(|c| c.id.label())
            .unwrap_or("a check");
        format!("\"{first}\" could not be checked from here")
    };
    match mode(cx) {
        Some(m) => {
            let whose = match cx.read_policy().map(|p| &p.provenance) {
                Some(Provenance::Pasted) => "The pasted policy".to_owned(),
                _ => format!("{d}'s policy"),
            };
            format!(
                "{whose} is in {} mode, but {cause}, so the result is not verified.",
                m.as_str()
            )
        }
        None => format!("Whether senders apply MTA-STS to {d} is not verified: {cause}."),
    }
}
