//! The checks of what the policy says: the five policy checks (from `policy::check_policy`)
//! and `mx-coverage` (from `mx::check_coverage`), or why they could not run.

use super::context::{dns_provenance, Ctx, MxSet, PolicyState};
use super::fetch::not_checked;
use super::finish::{probe_pending, see_above, unread_policy};
use crate::finding::{CheckId, Code, Finding, Severity};
use crate::mx::check_coverage;

/// A check of the policy's content, with its codes for "not read" and "not checked".
struct Content {
    id: CheckId,
    not_read: Code,
    not_checked: Code,
}

/// The one line of a check that needs the policy this browser could not read: the report
/// leads with the ways to finish the check (`finish`), so the check only points up to them.
pub(super) fn unreadable(cx: &Ctx, code: Code) -> Finding {
    let f = Finding::new(
        code,
        Severity::Unknown,
        "Not checked: the policy could not be read from this browser",
        "",
    );
    if unread_policy(cx) {
        see_above(f)
    } else {
        f
    }
}

/// `unknown` for a policy that could not be read, `skip` when the domain has no MTA-STS at
/// all; `None` until that is known, and while a relay may still read the policy instead.
fn unreadable_or_skip(cx: &Ctx, c: &Content) -> Option<Vec<Finding>> {
    Some(vec![if cx.absent_decided()? {
        not_checked(c.not_checked, cx)
    } else if probe_pending(cx) {
        return None;
    } else {
        unreadable(cx, c.not_read)
    }])
}

const CONTENT: [Content; 5] = [
    Content {
        id: CheckId::PolicySyntax,
        not_read: Code::PolicySyntaxNotRead,
        not_checked: Code::PolicySyntaxNotChecked,
    },
    Content {
        id: CheckId::PolicyVersion,
        not_read: Code::PolicyVersionNotRead,
        not_checked: Code::PolicyVersionNotChecked,
    },
    Content {
        id: CheckId::PolicyMode,
        not_read: Code::PolicyModeNotRead,
        not_checked: Code::PolicyModeNotChecked,
    },
    Content {
        id: CheckId::PolicyMaxAge,
        not_read: Code::PolicyMaxAgeNotRead,
        not_checked: Code::PolicyMaxAgeNotChecked,
    },
    Content {
        id: CheckId::PolicyMx,
        not_read: Code::PolicyMxNotRead,
        not_checked: Code::PolicyMxNotChecked,
    },
];

const COVERAGE: Content = Content {
    id: CheckId::MxCoverage,
    not_read: Code::MxCoverageNotRead,
    not_checked: Code::MxCoverageNotChecked,
};

pub(super) fn policy_content(cx: &Ctx) -> Vec<(CheckId, Option<Vec<Finding>>)> {
    CONTENT.iter().map(|c| (c.id, content(cx, c))).collect()
}

/// One policy content check: `check_policy`'s findings for it, or why it was not run.
fn content(cx: &Ctx, c: &Content) -> Option<Vec<Finding>> {
    match &cx.policy {
        PolicyState::Pending => None,
        PolicyState::Read(_) if cx.absent_decided()? => Some(vec![not_checked(c.not_checked, cx)]),
        PolicyState::Read(p) => Some(
            p.check
                .findings
                .iter()
                .filter(|f| f.check == c.id)
                .cloned()
                .collect(),
        ),
        PolicyState::Unreadable => unreadable_or_skip(cx, c),
        PolicyState::NotServed => Some(vec![not_checked(c.not_checked, cx)]),
    }
}

pub(super) fn mx_coverage(cx: &Ctx) -> Option<Vec<Finding>> {
    let policy = match &cx.policy {
        PolicyState::Pending => return None,
        PolicyState::Read(_) if cx.absent_decided()? => {
            return Some(vec![not_checked(COVERAGE.not_checked, cx)])
        }
        PolicyState::Read(p) => p,
        PolicyState::Unreadable => return unreadable_or_skip(cx, &COVERAGE),
        PolicyState::NotServed => return Some(vec![not_checked(COVERAGE.not_checked, cx)]),
    };
    match &cx.mx {
        MxSet::Pending => None,
        MxSet::Unknown => Some(vec![Finding::new(
            Code::MxCoverageMxUnknown,
            Severity::Unknown,
            "Not checked: the MX records could not be looked up",
            "Whether the policy covers the domain's MX hosts is not known; see the MX records check.",
        )]),
        MxSet::Known { hosts, .. } => {
            let mut findings: Vec<Finding> = check_coverage(cx.domain, &policy.check.policy, hosts)
                .into_iter()
                .filter(|f| f.check == CheckId::MxCoverage)
                .collect();
            // Policy lines come from the policy, everything else from the MX answer.
            let dns = match &cx.obs.mx {
                Some(Ok(a)) => Some(dns_provenance(a)),
                _ => None,
            };
            for e in findings.iter_mut().flat_map(|f| f.evidence.iter_mut()) {
                if e.provenance.is_none() {
                    e.provenance = if e.line.is_some() {
                        Some(policy.provenance.clone())
                    } else {
                        dns.clone()
                    };
                }
            }
            Some(findings)
        }
    }
}
