//! `policy-host`: the addresses (and CNAME chain) of `mta-sts.<domain>`; and the rule that,
//! without any MTA-STS, problems of the policy host change nothing for senders.

use super::context::{answer, dns_provenance, Ctx, LookupState};
use super::dns::{cname_chain, unanswered};
use super::words::lookup_failed;
use crate::finding::{Code, Evidence, Finding, Fix, Reference, Severity};
use crate::lookup::{policy_host as host_name, DnsAnswer, Lookup};

/// Hosting providers worth naming when the policy host is an alias of theirs.
const PROVIDERS: [(&str, &str); 8] = [
    ("github.io", "GitHub Pages"),
    ("netlify.app", "Netlify"),
    ("vercel-dns.com", "Vercel"),
    ("pages.dev", "Cloudflare Pages"),
    ("azurestaticapps.net", "Azure Static Web Apps"),
    ("azurewebsites.net", "Azure App Service"),
    ("cloudfront.net", "Amazon CloudFront"),
    ("herokudns.com", "Heroku"),
];

/// One address family of the policy host.
enum Family<'a> {
    Addresses(&'a DnsAnswer, Vec<String>),
    NoName(&'a DnsAnswer),
    Failed(Finding),
}

fn family<'a>(lookup: &'a Option<Lookup>, rtype: &str, name: &str) -> Option<Family<'a>> {
    let consequence = "Whether the policy host has an address of this kind is not known.";
    Some(match answer(lookup) {
        LookupState::Pending => return None,
        LookupState::Failed(e) => Family::Failed(lookup_failed(
            Code::PolicyHostLookupFailed,
            rtype,
            name,
            e,
            consequence,
        )),
        LookupState::Unanswered(a) => Family::Failed(unanswered(
            Code::PolicyHostDnsError,
            rtype,
            name,
            a,
            consequence,
        )),
        LookupState::NoName(a) => Family::NoName(a),
        LookupState::Records(a) => {
            Family::Addresses(a, a.of_type().map(|r| r.data.text().into_owned()).collect())
        }
    })
}

pub(super) fn policy_host(cx: &Ctx) -> Option<Vec<Finding>> {
    let name = host_name(cx.domain);
    let v4 = family(&cx.obs.host_a, "A", &name)?;
    let v6 = family(&cx.obs.host_aaaa, "AAAA", &name)?;
    let mut out = Vec::new();
    for a in [&v4, &v6].into_iter().filter_map(|f| match f {
        Family::Addresses(a, _) | Family::NoName(a) => Some(*a),
        Family::Failed(_) => None,
    }) {
        let detail = match provider(a) {
            Some(p) => format!(
                "The policy is hosted by {p}. It must present a certificate valid for {name} \
                 itself, not only for {{target}}; for GitHub Pages, that means `{name}` in the \
                 repository's CNAME file and HTTPS enforced."
            ),
            None => format!(
                "{{target}} serves the policy for this name. Whatever serves it must present a \
                 certificate valid for {name} itself, not only for {{target}}."
            ),
        };
        if let Some(f) = cname_chain(
            Code::PolicyHostCname,
            &name,
            a,
            &detail,
            Reference::rfc8461("8.2"),
        ) {
            out.push(f);
            break;
        }
    }
    let addresses = |f: &Family| match f {
        Family::Addresses(a, list) => list
            .iter()
            .map(|x| (x.clone(), dns_provenance(a)))
            .collect(),
        _ => Vec::new(),
    };
    let (ip4, ip6): (Vec<_>, Vec<_>) = (addresses(&v4), addresses(&v6));
    let nxdomain = [&v4, &v6].into_iter().find_map(|f| match f {
        Family::NoName(a) => Some(*a),
        _ => None,
    });
    let failed: Vec<Finding> = [v4, v6]
        .into_iter()
        .filter_map(|f| match f {
            Family::Failed(f) => Some(f),
            _ => None,
        })
        .collect();
    let fail = |code: Code, title: String, seen: Evidence| {
        Finding::new(
            code,
            Severity::Fail,
            title,
            format!(
                "Senders fetch the policy from {}. With no address for {name} they cannot, and \
                 treat {} as having no MTA-STS policy.",
                cx.policy_url(),
                cx.domain
            ),
        )
        .evidence(seen)
        .fix(Fix::action(format!(
            "Give {name} an address: an A and AAAA record, or a CNAME to the host that serves the \
             policy (for GitHub Pages, `<user>.github.io`, with `{name}` in the repository's \
             CNAME file). The host must present a certificate valid for {name}."
        )))
        .reference(Reference::rfc8461("3.3"))
    };
    if !ip4.is_empty() || !ip6.is_empty() {
        let mut pass = Finding::new(
            Code::PolicyHostResolves,
            Severity::Pass,
            format!("The policy host {name} has an address"),
            "Senders can connect to it to fetch the policy.",
        );
        for (ip, p) in &ip4 {
            pass = pass.evidence(Evidence::new("A", ip.clone()).from(p.clone()));
        }
        for (ip, p) in &ip6 {
            pass = pass.evidence(Evidence::new("AAAA", ip.clone()).from(p.clone()));
        }
        out.push(pass);
        let only = match (ip4.is_empty(), ip6.is_empty(), failed.is_empty()) {
            (false, true, true) => Some(("IPv4", "IPv6", "AAAA")),
            (true, false, true) => Some(("IPv6", "IPv4", "A")),
            _ => None,
        };
        if let Some((has, lacks, rtype)) = only {
            out.push(Finding::new(
                Code::PolicyHostOneFamily,
                Severity::Info,
                format!("{name} has {has} addresses only"),
                format!(
                    "Senders that can reach it over {has} fetch the policy as usual. A sender \
                     with {lacks} connectivity only would need an {rtype} record as well."
                ),
            ));
        }
        for mut f in failed {
            // The host resolves: a failed lookup of the other family does not hide a failure.
            f.severity = Severity::Info;
            out.push(f);
        }
    } else if let Some(a) = nxdomain {
        out.push(fail(
            Code::PolicyHostNoName,
            format!("The policy host {name} does not exist"),
            Evidence::new(
                format!("A/AAAA {name}"),
                "NXDOMAIN (the name does not exist)",
            )
            .from(dns_provenance(a)),
        ));
    } else if failed.is_empty() {
        let p = match &cx.obs.host_a {
            Some(Ok(a)) => Some(dns_provenance(a)),
            _ => None,
        };
        let mut e = Evidence::new(format!("A/AAAA {name}"), "NOERROR, no A or AAAA record");
        e.provenance = p;
        out.push(fail(
            Code::PolicyHostNoAddress,
            format!("The policy host {name} has no address"),
            e,
        ));
    } else {
        out.extend(failed);
    }
    soften_when_absent(cx, out)
}

/// The hosting provider the policy host is an alias of, when it is a known one.
fn provider(a: &DnsAnswer) -> Option<&'static str> {
    let chain = a.cname_chain();
    let target = chain.last()?.1.trim_end_matches('.').to_ascii_lowercase();
    PROVIDERS
        .iter()
        .find(|(suffix, _)| target == *suffix || target.ends_with(&format!(".{suffix}")))
        .map(|(_, p)| *p)
}

/// The hosting provider of the policy host, from its A or AAAA answer.
pub(super) fn hosted_by(cx: &Ctx) -> Option<&'static str> {
    [&cx.obs.host_a, &cx.obs.host_aaaa]
        .into_iter()
        .find_map(|l| match l {
            Some(Ok(a)) => provider(a),
            _ => None,
        })
}

/// Without any MTA-STS (no record, no policy), problems of the policy host change nothing for
/// senders: they become `info`. Waits for the record lookup before deciding a failure.
pub(super) fn soften_when_absent(cx: &Ctx, mut findings: Vec<Finding>) -> Option<Vec<Finding>> {
    let bad = findings.iter().any(|f| {
        matches!(
            f.severity,
            Severity::Fail | Severity::Unknown | Severity::Warn
        )
    });
    if !bad {
        return Some(findings);
    }
    match cx.absent_decided()? {
        true => {
            for f in findings.iter_mut().filter(|f| f.severity > Severity::Info) {
                f.severity = Severity::Info;
                f.detail = format!(
                    "Senders only look for a policy after finding an MTA-STS record, and {} has \
                     none, so this changes nothing for them today. It matters once you set up MTA-STS.",
                    cx.domain
                );
            }
            Some(findings)
        }
        false => Some(findings),
    }
}
