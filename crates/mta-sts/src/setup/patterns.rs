//! Choosing `mx` patterns for a new policy: every live MX host covered, a one-label wildcard
//! only where it really stands for several hosts, and never one over the policy domain
//! (RFC 8461 §4.1, §10.4).

use crate::domain::{check_host_name, is_single_label, normalize};
use crate::mx::{is_null_mx, MxHost};

/// One `mx` pattern for the policy, the MX hosts it covers, and why it was chosen.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct MxSuggestion {
    /// The value of the `mx:` line.
    pub pattern: String,
    /// The MX host names it covers: lower case, no trailing dot.
    pub covers: Vec<String>,
    /// Why this pattern, in a sentence or two; code between backticks.
    pub why: String,
}

/// One MX host name, ready to be compared.
struct Host {
    name: String,
    preference: u16,
}

/// The `mx` patterns that cover every MX host of `domain` (lower case, no trailing dot).
///
/// Each host is named exactly, except that hosts sharing a parent (`alt1.aspmx.l.google.com`,
/// `alt2.aspmx.l.google.com` share `aspmx.l.google.com`) get one wildcard `*.<parent>` when
/// there are at least two of them and the parent is none of: a single label (`*.com`), what
/// looks like a public suffix (`*.co.uk`), the policy domain or one of its parents (RFC 8461
/// §10.4: such a wildcard accepts any host of your own domain with a certificate, and one
/// over a parent would match the policy domain itself). A wildcard stands for exactly one
/// label, so the parent itself (`aspmx.l.google.com`) stays a line of its own.
///
/// A null MX (`0 .`) gives no patterns: the domain takes no mail. No MX at all gives the
/// domain itself, the implicit MX (RFC 5321 §5.1), when it is a valid host name. Hosts that
/// are not valid host names are left out (no `mx` line can name them); [`invalid_hosts`]
/// lists them. Sorted by the lowest MX preference each pattern covers.
pub fn suggest_mx_patterns(domain: &str, mx: &[MxHost]) -> Vec<MxSuggestion> {
    let domain = normalize(domain);
    if is_null_mx(mx) {
        return Vec::new();
    }
    if mx.is_empty() {
        if check_host_name(&domain).is_err() {
            return Vec::new();
        }
        return vec![MxSuggestion {
            pattern: domain.clone(),
            covers: vec![domain.clone()],
            why: format!("Your domain has no MX records, so senders deliver to `{domain}` itself (the implicit MX, RFC 5321 §5.1); the policy has to name it."),
        }];
    }
    let hosts = valid_hosts(mx);
    let mut out: Vec<(u16, MxSuggestion)> = Vec::new();
    let mut wildcards: Vec<String> = Vec::new();
    for h in &hosts {
        let parent = parent_of(&h.name);
        let group: Vec<&Host> = hosts
            .iter()
            .filter(|o| parent.is_some() && parent_of(&o.name) == parent)
            .collect();
        match parent {
            Some(p) if group.len() >= 2 && wildcard_allowed(&domain, p) => {
                let pattern = format!("*.{p}");
                if wildcards.contains(&pattern) {
                    continue;
                }
                wildcards.push(pattern.clone());
                let covers: Vec<String> = group.iter().map(|g| g.name.clone()).collect();
                let pref = group
                    .iter()
                    .map(|g| g.preference)
                    .min()
                    .unwrap_or(h.preference);
                let why = wildcard_why(&pattern, p, &covers);
                out.push((
                    pref,
                    MxSuggestion {
                        pattern,
                        covers,
                        why,
                    },
                ));
            }
            _ => {
                let why = exact_why(&domain, &h.name, parent, group.len());
                out.push((
                    h.preference,
                    MxSuggestion {
                        pattern: h.name.clone(),
                        covers: vec![h.name.clone()],
                        why,
                    },
                ));
            }
        }
    }
    // A host named exactly with a wildcard one label below it: say why both are needed.
    for (_, s) in out.iter_mut() {
        let below = format!("*.{}", s.pattern);
        if wildcards.contains(&below) {
            s.why.push_str(&format!(
                " `{below}` does not cover `{}` itself: a wildcard stands for exactly one label, never none.",
                s.pattern
            ));
        }
    }
    // Stable: patterns of the same preference keep their order.
    crate::sort::sort_small(&mut out, |(a, _), (b, _)| a < b);
    out.into_iter().map(|(_, s)| s).collect()
}

/// The MX exchange names that no `mx` pattern can name: not a valid host name (an
/// underscore, an IP address, a label over 63 characters…), each with the reason.
pub fn invalid_hosts(mx: &[MxHost]) -> Vec<(String, String)> {
    if is_null_mx(mx) {
        return Vec::new();
    }
    let mut out: Vec<(String, String)> = Vec::new();
    for m in mx {
        let name = normalize(&m.exchange);
        if name.is_empty() || out.iter().any(|(n, _)| *n == name) {
            continue;
        }
        if let Err(e) = check_host_name(&name) {
            out.push((name, e.to_string()));
        }
    }
    out
}

/// Distinct, valid MX host names, lower case, in the order given.
fn valid_hosts(mx: &[MxHost]) -> Vec<Host> {
    let mut hosts: Vec<Host> = Vec::new();
    for m in mx {
        let name = normalize(&m.exchange);
        if check_host_name(&name).is_err() {
            continue;
        }
        match hosts.iter_mut().find(|h| h.name == name) {
            Some(h) => h.preference = h.preference.min(m.preference),
            None => hosts.push(Host {
                name,
                preference: m.preference,
            }),
        }
    }
    hosts
}

/// Everything after the first label: `aspmx.l.google.com` for `alt1.aspmx.l.google.com`.
fn parent_of(name: &str) -> Option<&str> {
    name.split_once('.').map(|(_, rest)| rest)
}

/// Whether `*.<parent>` may stand for hosts of `domain`: not `*.com` (a whole top-level
/// domain), and not the policy domain or a domain above it, where it would accept any host
/// of the organisation with a certificate, and could match the policy domain itself.
fn wildcard_allowed(domain: &str, parent: &str) -> bool {
    !is_single_label(parent)
        && !looks_like_public_suffix(parent)
        && parent != domain
        && !domain.ends_with(&format!(".{parent}"))
}

/// `co.uk`, `com.au`, `ac.jp`: a common second-level label under a two-letter country code,
/// where registries sell names, so `*.co.uk` is as broad as `*.com`. A heuristic: the
/// engine ships no public suffix list.
fn looks_like_public_suffix(name: &str) -> bool {
    const SECOND_LEVEL: [&str; 11] = [
        "ac", "co", "com", "edu", "go", "gob", "gov", "ne", "net", "or", "org",
    ];
    match name.split_once('.') {
        Some((second, tld)) => {
            SECOND_LEVEL.contains(&second) && tld.len() == 2 && !tld.contains('.')
        }
        None => true,
    }
}

/// "`a`", "`a` and `b`", "`a`, `b` and `c`".
fn code_list(names: &[String]) -> String {
    let quoted: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
    match quoted.as_slice() {
        [init @ .., last] if !init.is_empty() => format!("{} and {last}", init.join(", ")),
        _ => quoted.concat(),
    }
}

fn wildcard_why(pattern: &str, parent: &str, covers: &[String]) -> String {
    let mut why = format!(
        "`{pattern}` covers the {} MX hosts one label below `{parent}`: {}.",
        covers.len(),
        code_list(covers)
    );
    // A broader wildcard is the usual mistake: name the registrable-looking tail.
    let labels: Vec<&str> = parent.split('.').collect();
    if let [.., second, last] = labels.as_slice() {
        if labels.len() >= 3 {
            why.push_str(&format!(
                " A wildcard stands for exactly one label, so a broader one such as `*.{second}.{last}` would cover none of them."
            ));
        }
    }
    why
}

fn exact_why(domain: &str, name: &str, parent: Option<&str>, siblings: usize) -> String {
    let mut why = match parent {
        Some(p) if p == domain || domain.ends_with(&format!(".{p}")) => format!(
            "Named exactly: a wildcard such as `*.{p}` would accept any host of your own domain that has a valid certificate as an MX (RFC 8461 §10.4)."
        ),
        Some(p) if is_single_label(p) || looks_like_public_suffix(p) => format!(
            "Named exactly: `*.{p}` would accept any host with a valid certificate anywhere under `{p}`, where anyone can register a name (RFC 8461 §10.4)."
        ),
        Some(p) if siblings < 2 => format!(
            "Named exactly: it is your only MX host directly under `{p}`, so a wildcard would cover nothing more."
        ),
        _ => "Named exactly.".to_owned(),
    };
    if name.ends_with(".mx.microsoft") {
        why.push_str(" This is Exchange Online's newer kind of MX host, `<tenant>.<region>-v1.mx.microsoft`: `*.mx.microsoft` does not cover it, because a wildcard stands for exactly one label and the host has two below `mx.microsoft`.");
    } else if name.ends_with(".mail.protection.outlook.com") {
        why.push_str(" `*.mail.protection.outlook.com` would cover it too, but not Exchange Online's newer MX hosts under `mx.microsoft`; if Microsoft moves your domain to one, add that host to the policy before you change the MX record.");
    }
    why
}
