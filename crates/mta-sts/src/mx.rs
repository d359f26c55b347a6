//! Matching MX host names against policy `mx` patterns (RFC 8461 §4.1), and the
//! `mx-coverage` findings.
//!
//! Names are compared as ASCII, case-insensitively (RFC 6125 §6.4.1). Policies must hold
//! A-labels, and the browser hands over A-labels, so no IDNA conversion happens here: a name
//! with non-ASCII characters matches only a pattern with the same bytes after ASCII
//! lower-casing, and a U-label never equals its A-label (`ñaca.com` ≠ `xn--aca-6ma.com`).

use crate::domain::{normalize, strip_trailing_dot, to_ascii_lower};
use crate::finding::{Code, Evidence, Finding, Fix, Reference, Severity};
use crate::policy::{corrected_with_mx, Mode, MxPattern, Policy};
use crate::sort::StringSet;

/// Up to this many uncovered hosts get a finding each; more get one finding for all of them,
/// so that a hostile MX answer of thousands of hosts cannot blow the report up.
const MAX_UNCOVERED_FINDINGS: usize = 5;

/// The most hosts listed as evidence in that one finding.
const MAX_LISTED_HOSTS: usize = 20;
/// Stale patterns named in a finding's title; the evidence lists up to `MAX_LISTED_HOSTS`.
const MAX_NAMED_PATTERNS: usize = 5;

/// Whether `host` (an MX exchange name, possibly with one trailing dot) is matched by
/// `pattern` (`[*.]Domain`).
///
/// Case-insensitive for ASCII; one trailing dot is removed from the host, none from the
/// pattern (a pattern with a dot is invalid and matches nothing). `*.` stands for exactly one
/// whole, non-empty left-most label (MX-04).
pub fn matches(pattern: &str, host: &str) -> bool {
    let host = to_ascii_lower(strip_trailing_dot(host));
    let pattern = to_ascii_lower(pattern);
    if host.is_empty() || pattern.is_empty() {
        return false;
    }
    match pattern.strip_prefix("*.") {
        Some(base) => {
            !base.is_empty()
                && host
                    .split_once('.')
                    .is_some_and(|(label, rest)| !label.is_empty() && rest == base)
        }
        None => host == pattern,
    }
}

crate::wire::wire! {
    /// One MX record: preference and exchange name as DNS gave it.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct MxHost: ToJson {
        pub preference: u16,
        pub exchange: String,
    }
}

/// Sorts MX hosts by preference, then by exchange name: the order the pages show them in.
pub fn sort_by_preference(hosts: &mut [MxHost]) {
    crate::sort::sort_small(hosts, |a, b| {
        (a.preference, &a.exchange) < (b.preference, &b.exchange)
    });
}

/// Whether an MX set is a null MX (RFC 7505): a single record whose exchange is the root.
pub fn is_null_mx(mx: &[MxHost]) -> bool {
    matches!(mx, [only] if is_root(&only.exchange))
}

/// Whether an MX exchange is the root (`.`), as in a null MX.
pub fn is_root(exchange: &str) -> bool {
    normalize(exchange).is_empty()
}

/// The host to check for one MX record, and how to show it.
struct Host {
    label: String,
    verbatim: String,
    name: String,
}

/// `mx-coverage` findings: each MX host against the policy's patterns (MX-01..MX-07, X-03,
/// `mx` is the MX set as found (empty: implicit MX, the domain itself; a single
/// `0 .`: null MX).
pub fn check_coverage(domain: &str, policy: &Policy, mx: &[MxHost]) -> Vec<Finding> {
    let domain = normalize(domain);
    let mut out = Vec::new();
    if is_null_mx(mx) {
        let mut detail = "A null MX (`0 .`, RFC 7505) tells senders that the domain accepts no mail, so there is nothing for MTA-STS to protect. The policy does no harm, but it is not needed.".to_owned();
        if policy.mode == Some(Mode::Enforce) {
            detail.push_str(" In enforce mode it has no MX hosts to validate.");
        }
        let mut f = Finding::new(
            Code::MxCoverageNullMx,
            Severity::Info,
            "Your domain publishes a null MX: it accepts no mail.",
            detail,
        )
        .reference(Reference::rfc("7505", "3"));
        for m in mx {
            f = f.evidence(Evidence::new(
                format!("MX {}", m.preference),
                m.exchange.clone(),
            ));
        }
        return vec![f];
    }
    let mut hosts: Vec<Host> = Vec::new();
    if mx.is_empty() {
        out.push(
            Finding::new(
                Code::MxCoverageImplicitMx,
                Severity::Info,
                format!("Your domain has no MX records, so senders deliver to {domain} itself."),
                format!("Without MX records, senders use the domain's own address as an implicit MX (RFC 5321 §5.1), so the policy must cover `{domain}`."),
            )
            .evidence(Evidence::new("MX records", "none"))
            .reference(Reference::rfc("5321", "5.1")),
        );
        hosts.push(Host {
            label: "implicit MX".into(),
            verbatim: domain.clone(),
            name: domain.clone(),
        });
    }
    // Sets are filled by inserting, not collected: collecting sorts first, and each sort is
    // kilobytes of wasm.
    let mut seen = StringSet::new();
    for h in &hosts {
        seen.insert(h.name.clone());
    }
    for m in mx {
        let name = normalize(&m.exchange);
        if name.is_empty() || !seen.insert(name.clone()) {
            continue;
        }
        hosts.push(Host {
            label: format!("MX {}", m.preference),
            verbatim: m.exchange.clone(),
            name,
        });
    }

    let uncovered: Vec<&Host> = hosts
        .iter()
        .filter(|h| !policy.mx.iter().any(|p| matches(&p.pattern, &h.name)))
        .collect();
    if policy.mx.is_empty() && policy.mode == Some(Mode::None) {
        out.push(Finding::new(
            Code::MxCoverageNoneMode,
            Severity::Info,
            "The policy lists no mx patterns; in none mode senders check none of your MX hosts.",
            "Mode `none` needs no `mx` lines (RFC 8461 §3.2). Before you switch to `testing` or `enforce`, add one for each MX host.",
        ).reference(Reference::rfc8461("3.2")));
    } else if !uncovered.is_empty() {
        let mut listed = StringSet::new();
        for p in &policy.mx {
            listed.insert(to_ascii_lower(&p.pattern));
        }
        let mut suggested = StringSet::new();
        let mut suggestions: Vec<String> = Vec::new();
        for h in &uncovered {
            for s in suggest(&h.name) {
                if !listed.contains(&to_ascii_lower(&s)) && suggested.insert(s.clone()) {
                    suggestions.push(s);
                }
            }
        }
        let paste = corrected_with_mx(policy, &suggestions, &[]);
        if uncovered.len() > MAX_UNCOVERED_FINDINGS {
            out.push(many_uncovered(policy, &uncovered, paste));
        } else {
            for h in &uncovered {
                out.push(uncovered_finding(
                    policy,
                    h,
                    &hosts,
                    &suggestions,
                    paste.clone(),
                ));
            }
        }
    } else if !hosts.is_empty() {
        let title = match hosts.as_slice() {
            [one] => format!("The MX host {} is covered by the policy.", one.name),
            _ => format!("All {} MX hosts are covered by the policy.", hosts.len()),
        };
        let mut f = Finding::new(
            Code::MxCoverageCovered,
            Severity::Pass,
            title,
            "Each MX host matches at least one `mx` pattern, so senders that honour MTA-STS will deliver to it, given a valid certificate for its name.",
        )
        .reference(Reference::rfc8461("4.1"));
        for h in &hosts {
            f = f.evidence(Evidence::new(h.label.clone(), h.verbatim.clone()));
        }
        let mut shown: Vec<usize> = Vec::new();
        for h in &hosts {
            if let Some(p) = policy.mx.iter().find(|p| matches(&p.pattern, &h.name)) {
                if !shown.contains(&p.line) {
                    shown.push(p.line);
                    f = f.evidence(pattern_evidence(policy, p));
                }
            }
        }
        out.push(f);
    }

    out.extend(own_domain_wildcards(&domain, policy, &hosts));
    if let Some(f) = stale_patterns(policy, &hosts) {
        out.push(f);
    }
    out
}

fn pattern_evidence(policy: &Policy, p: &MxPattern) -> Evidence {
    let text = p
        .line
        .checked_sub(1)
        .and_then(|i| policy.lines.get(i))
        .cloned()
        .unwrap_or_else(|| format!("mx: {}", p.pattern));
    Evidence::policy_line(p.line, text)
}

/// The `mx:` values that would cover `host`: for Google's MX set the pair that covers all of
/// it, otherwise the host itself.
fn suggest(host: &str) -> Vec<String> {
    for base in ["aspmx.l.google.com", "gmail-smtp-in.l.google.com"] {
        if host == base || host.strip_suffix(base).is_some_and(|p| p.ends_with('.')) {
            return vec![base.to_owned(), format!("*.{base}")];
        }
    }
    vec![host.to_owned()]
}

/// Why the near-miss patterns do not cover `host`, in a sentence, when one applies.
fn why_not(policy: &Policy, host: &str) -> Option<String> {
    if host.ends_with(".mx.microsoft")
        && policy
            .mx
            .iter()
            .any(|p| p.pattern.eq_ignore_ascii_case("*.mx.microsoft"))
    {
        return Some("Exchange Online's MX hosts have the form `<tenant>.<region>-v1.mx.microsoft`, two labels below `mx.microsoft`, and a wildcard covers exactly one label, so `*.mx.microsoft` never covers them.".into());
    }
    if host.ends_with(".mx.microsoft")
        && policy.mx.iter().any(|p| {
            p.pattern
                .eq_ignore_ascii_case("*.mail.protection.outlook.com")
        })
    {
        return Some("`*.mail.protection.outlook.com` covers Exchange Online's older MX hosts, not the newer ones under `mx.microsoft`.".into());
    }
    for p in &policy.mx {
        let pat = to_ascii_lower(&p.pattern);
        let Some(base) = pat.strip_prefix("*.") else {
            continue;
        };
        if host == base {
            return Some(format!(
                "`{pat}` covers names one label below `{base}`, not `{base}` itself."
            ));
        }
        if host.ends_with(&format!(".{base}")) {
            return Some(format!(
                "A wildcard covers exactly one label, so `{pat}` matches a name such as `mail.{base}` but not `{host}`."
            ));
        }
    }
    None
}

fn uncovered_finding(
    policy: &Policy,
    h: &Host,
    hosts: &[Host],
    suggestions: &[String],
    paste: Option<String>,
) -> Finding {
    let (severity, title, first, last) = match policy.mode {
        Some(Mode::Enforce) => (
            Severity::Fail,
            format!("Mail to {} will be refused by senders that enforce your policy.", h.name),
            "Your policy is in enforce mode, and no `mx` pattern matches this MX host.",
            if hosts.len() > 1 {
                "Senders that honour MTA-STS will not deliver to this host, and fall back to your other MX hosts; if none matches, they will not deliver at all."
            } else {
                "Senders that honour MTA-STS will not deliver to this host, and it is your only one, so they will not deliver at all."
            },
        ),
        Some(Mode::Testing) => (
            Severity::Warn,
            format!("No mx pattern covers {}: senders will refuse it once you enforce.", h.name),
            "Your policy is in testing mode, and no `mx` pattern matches this MX host.",
            "Senders still deliver to it and report the failure through TLS-RPT; in enforce mode they would refuse it.",
        ),
        Some(Mode::None) => (
            Severity::Info,
            format!("No mx pattern covers {}; this matters once the policy leaves none mode.", h.name),
            "Your policy is in none mode, so senders check nothing yet.",
            "Cover this host before you switch to `testing` or `enforce`.",
        ),
        None => (
            Severity::Warn,
            format!("No mx pattern covers {}.", h.name),
            "No `mx` pattern in the policy matches this MX host.",
            "Once the policy is valid and in enforce mode, senders will refuse to deliver to it.",
        ),
    };
    let mut detail = first.to_owned();
    if let Some(why) = why_not(policy, &h.name) {
        detail.push(' ');
        detail.push_str(&why);
    }
    detail.push(' ');
    detail.push_str(last);

    let mine: Vec<String> = suggest(&h.name)
        .into_iter()
        .filter(|s| suggestions.contains(s))
        .map(|s| format!("`mx: {s}`"))
        .collect();
    let mut action = if mine.is_empty() {
        format!("Add an `mx:` line that covers {}", h.name)
    } else {
        format!("Add {} to the policy", mine.join(" and "))
    };
    let fix = match paste {
        Some(p) => {
            action.push_str(". The complete policy is below, with every missing host added: publish it, then change the id in your `_mta-sts` TXT record so that senders fetch it again.");
            Fix::with_paste(action, p)
        }
        None => {
            action.push_str(
                ", publish the policy, then change the id in your `_mta-sts` TXT record.",
            );
            Fix::action(action)
        }
    };

    let mut f = Finding::new(Code::MxCoverageUncovered, severity, title, detail)
        .evidence(Evidence::new(h.label.clone(), h.verbatim.clone()))
        .fix(fix)
        .reference(Reference::rfc8461("4.1"));
    let near: Vec<&MxPattern> = policy
        .mx
        .iter()
        .filter(|p| {
            let pat = to_ascii_lower(&p.pattern);
            let base = pat.strip_prefix("*.").unwrap_or(&pat);
            h.name.ends_with(base)
        })
        .collect();
    let shown: Vec<&MxPattern> = if near.is_empty() {
        policy.mx.iter().take(10).collect()
    } else {
        near
    };
    for p in shown {
        f = f.evidence(pattern_evidence(policy, p));
    }
    f
}

/// One finding for many uncovered hosts: the first few listed, the corrected policy once.
fn many_uncovered(policy: &Policy, uncovered: &[&Host], paste: Option<String>) -> Finding {
    let n = uncovered.len();
    let (severity, title, effect) = match policy.mode {
        Some(Mode::Enforce) => (
            Severity::Fail,
            format!("{n} MX hosts are covered by no mx pattern: senders that enforce your policy refuse them."),
            "Senders that honour MTA-STS will not deliver to these hosts; if no MX host matches, they will not deliver at all.",
        ),
        Some(Mode::Testing) => (
            Severity::Warn,
            format!("{n} MX hosts are covered by no mx pattern: senders will refuse them once you enforce."),
            "Senders still deliver and report the failures through TLS-RPT; in enforce mode they would refuse these hosts.",
        ),
        Some(Mode::None) => (
            Severity::Info,
            format!("{n} MX hosts are covered by no mx pattern; this matters once the policy leaves none mode."),
            "Your policy is in none mode, so senders check nothing yet.",
        ),
        None => (
            Severity::Warn,
            format!("{n} MX hosts are covered by no mx pattern."),
            "Once the policy is valid and in enforce mode, senders will refuse to deliver to them.",
        ),
    };
    let detail = format!(
        "No `mx` pattern in the policy matches these MX hosts. A wildcard covers exactly one \
         label (RFC 8461 §4.1). {effect}"
    );
    let action = "Add an `mx:` line for each of these hosts (a `*.` wildcard covers all hosts \
                  one label below it)";
    let fix = match paste {
        Some(p) => Fix::with_paste(
            format!("{action}. The complete policy is below, with every missing host added: publish it, then change the id in your `_mta-sts` TXT record so that senders fetch it again."),
            p,
        ),
        None => Fix::action(format!(
            "{action}, publish the policy, then change the id in your `_mta-sts` TXT record."
        )),
    };
    let mut f = Finding::new(Code::MxCoverageUncovered, severity, title, detail)
        .fix(fix)
        .reference(Reference::rfc8461("4.1"));
    for h in uncovered.iter().take(MAX_LISTED_HOSTS) {
        f = f.evidence(Evidence::new(h.label.clone(), h.verbatim.clone()));
    }
    if n > MAX_LISTED_HOSTS {
        f = f.evidence(Evidence::new(
            "not listed",
            format!("{} more MX hosts", n - MAX_LISTED_HOSTS),
        ));
    }
    f
}

/// MX-09: `*.<policy domain>` lets any host of the domain act as its MX.
fn own_domain_wildcards(domain: &str, policy: &Policy, hosts: &[Host]) -> Vec<Finding> {
    let own = format!("*.{domain}");
    policy
        .mx
        .iter()
        .filter(|p| p.pattern.eq_ignore_ascii_case(&own))
        .map(|p| {
            let covered: Vec<String> = hosts
                .iter()
                .filter(|h| matches(&p.pattern, &h.name))
                .map(|h| h.name.clone())
                .collect();
            let paste = corrected_with_mx(policy, &covered, std::slice::from_ref(&p.pattern));
            let action = if covered.is_empty() {
                format!("Remove line {}: it covers none of your MX hosts", p.line)
            } else {
                let lines: Vec<String> = covered.iter().map(|c| format!("`mx: {c}`")).collect();
                format!("Replace line {} with {}", p.line, lines.join(" and "))
            };
            let fix = match paste {
                Some(text) => Fix::with_paste(
                    format!("{action}. The complete policy is below: publish it, then change the id in your `_mta-sts` TXT record."),
                    text,
                ),
                None => Fix::action(format!("{action}, publish the policy, then change the id in your `_mta-sts` TXT record.")),
            };
            Finding::new(
                Code::MxCoverageOwnDomainWildcard,
                Severity::Warn,
                format!("The pattern `{}` on line {} accepts any host in your own domain as an MX.", p.pattern, p.line),
                "Any host in your domain with a valid certificate for its own name, such as a web server, counts as a valid MX for senders (RFC 8461 §10.4). Whoever controls one of those hosts and can spoof your MX records can receive your mail over TLS. Listing the MX hosts by name avoids that.",
            )
            .evidence(pattern_evidence(policy, p))
            .fix(fix)
            .reference(Reference::rfc8461("10.4"))
        })
        .collect()
}

/// patterns that match none of the MX hosts.
fn stale_patterns(policy: &Policy, hosts: &[Host]) -> Option<Finding> {
    if hosts.is_empty() {
        return None;
    }
    let stale: Vec<&MxPattern> = policy
        .mx
        .iter()
        .filter(|p| !hosts.iter().any(|h| matches(&p.pattern, &h.name)))
        .collect();
    if stale.is_empty() {
        return None;
    }
    // Named in the title up to a few; a hostile policy can hold thousands of stale lines.
    let mut names: Vec<String> = stale
        .iter()
        .take(MAX_NAMED_PATTERNS)
        .map(|p| format!("`{}`", p.pattern))
        .collect();
    if stale.len() > MAX_NAMED_PATTERNS {
        names.push(format!("and {} more", stale.len() - MAX_NAMED_PATTERNS));
    }
    let title = if stale.len() == 1 {
        format!(
            "The mx pattern {} matches none of your MX hosts.",
            names.join("")
        )
    } else {
        format!(
            "{} mx patterns match none of your MX hosts: {}.",
            stale.len(),
            names.join(", ")
        )
    };
    let mut detail = "Senders use the patterns only to check the MX hosts they find in DNS, so these lines have no effect on delivery today. If they are left over from an earlier provider, remove them so that the policy names only hosts that may receive your mail.".to_owned();
    if let Some(p) = stale.iter().find(|p| is_placeholder(&p.pattern)) {
        detail.push_str(&format!(
            " `{}` looks like a placeholder from a template.",
            p.pattern
        ));
    }
    let mut f = Finding::new(Code::MxCoverageStale, Severity::Info, title, detail)
        .fix(Fix::action("Remove the lines that no longer name your mail servers, publish the policy, then change the id in your `_mta-sts` TXT record."))
        .reference(Reference::rfc8461("4.1"));
    for p in stale.iter().take(MAX_LISTED_HOSTS) {
        f = f.evidence(pattern_evidence(policy, p));
    }
    if stale.len() > MAX_LISTED_HOSTS {
        f = f.evidence(Evidence::new(
            "not listed",
            format!("{} more stale mx lines", stale.len() - MAX_LISTED_HOSTS),
        ));
    }
    Some(f)
}

fn is_placeholder(pattern: &str) -> bool {
    let p = to_ascii_lower(pattern);
    ["example.com", "example.net", "example.org"]
        .iter()
        .any(|d| p == *d || p.ends_with(&format!(".{d}")))
        || p.starts_with("your-")
        || p.contains(".your-")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestions() {
        assert_eq!(
            suggest("alt1.aspmx.l.google.com"),
            vec!["aspmx.l.google.com", "*.aspmx.l.google.com"]
        );
        assert_eq!(
            suggest("aspmx.l.google.com"),
            vec!["aspmx.l.google.com", "*.aspmx.l.google.com"]
        );
        assert_eq!(suggest("xaspmx.l.google.com"), vec!["xaspmx.l.google.com"]);
        assert_eq!(suggest("mx.example.com"), vec!["mx.example.com"]);
    }

    #[test]
    fn null_mx() {
        let m = |p, e: &str| MxHost {
            preference: p,
            exchange: e.into(),
        };
        assert!(is_null_mx(&[m(0, ".")]));
        assert!(!is_null_mx(&[m(0, "."), m(10, "a.example.")]));
        assert!(!is_null_mx(&[]));
    }

    #[test]
    fn placeholders() {
        assert!(is_placeholder("mx1.example.com"));
        assert!(is_placeholder("your-domain.com"));
        assert!(!is_placeholder("mail.notexample.com"));
    }
}
