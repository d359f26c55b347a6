//! One probe: the domain checked, then its policy fetch and every MX host at once.

use crate::config::{Network, Timeouts};
use crate::fetch::fetch_policy;
use crate::net::Deadline;
use crate::resolve::MxAnswer;
use crate::smtp::probe_mx;
use futures_util::future::join_all;
use mta_sts::domain::{
    check_host_name, check_mail_domain, normalize, strip_trailing_dot, to_ascii_lower,
};
use mta_sts::relay::{MxProbe, MxProbes, ProbeError, ProbeResponse, Stage, MAX_MX_HOSTS};
use std::time::{SystemTime, UNIX_EPOCH};

/// The longest domain whose policy host name (`mta-sts.` + domain) still fits DNS's 253.
pub const MAX_DOMAIN_LEN: usize = 253 - "mta-sts.".len();

/// Checks the `domain` parameter: a host name of at least two labels (LDH, A-labels), nothing
/// else: no port, path, user information, IP address or trailing junk. Gives it back lower
/// case without a root dot.
pub fn validate_domain(raw: &str) -> Result<String, String> {
    if raw.len() > 300 {
        return Err("the domain is too long".into());
    }
    if raw.trim() != raw {
        return Err("the domain has surrounding spaces".into());
    }
    let domain = to_ascii_lower(strip_trailing_dot(raw));
    check_mail_domain(&domain).map_err(|e| format!("{domain:?} is not a domain name: {e}"))?;
    if domain.len() > MAX_DOMAIN_LEN {
        return Err(format!(
            "{domain:?} is too long: mta-sts.{domain} would exceed 253 characters"
        ));
    }
    Ok(domain)
}

/// Probes `domain` (as [`validate_domain`] gave it): the policy fetch and every MX host at
/// once, each step within `timeouts`; `ehlo_name` is the name sent in EHLO.
pub async fn probe(
    net: &Network,
    timeouts: &Timeouts,
    ehlo_name: &str,
    domain: &str,
) -> ProbeResponse {
    let started = now();
    let (policy, mx) = tokio::join!(
        fetch_policy(net, timeouts, domain),
        probe_all_mx(net, timeouts, ehlo_name, domain)
    );
    response(domain, started, policy, mx)
}

/// The probe's answer, dated `checked_at_unix` (certificate expiry is judged against it).
pub fn response(
    domain: &str,
    checked_at_unix: i64,
    policy: mta_sts::relay::PolicyProbe,
    mx: MxProbes,
) -> ProbeResponse {
    ProbeResponse {
        domain: domain.to_owned(),
        checked_at: crate::certs::rfc3339(checked_at_unix),
        checked_at_unix,
        policy,
        mx,
    }
}

/// Unix seconds now.
pub fn now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}

/// Every MX host of `domain` on port 25 (at most [`MAX_MX_HOSTS`]), at once.
pub async fn probe_all_mx(
    net: &Network,
    timeouts: &Timeouts,
    ehlo_name: &str,
    domain: &str,
) -> MxProbes {
    let deadline = Deadline::after(timeouts.resolve);
    let answer = deadline
        .run(
            timeouts.resolve,
            Stage::Resolve,
            "MX lookup",
            net.resolver.mx(domain),
        )
        .await;
    let mut out = MxProbes::default();
    let records = match answer {
        Err(e) => {
            out.error = Some(e);
            return out;
        }
        Ok(MxAnswer::NoDomain) => {
            // An answer, not a failed lookup: the domain does not exist.
            out.error = Some(ProbeError {
                stage: Stage::NoAddress,
                message: format!("{domain} does not exist (NXDOMAIN)"),
                timed_out: false,
            });
            return out;
        }
        Ok(MxAnswer::NoRecords) => {
            out.implicit = true;
            vec![(0, domain.to_owned())]
        }
        Ok(MxAnswer::Records(records)) => records,
    };
    let (null_mx, hosts) = plan(records);
    out.null_mx = null_mx;
    let (probed, rest) = hosts.split_at(hosts.len().min(MAX_MX_HOSTS));
    out.not_probed = rest.iter().map(|(_, h)| h.clone()).collect();
    out.hosts = join_all(probed.iter().map(|(preference, host)| async move {
        match check_host_name(host) {
            Ok(()) => probe_mx(net, timeouts, ehlo_name, host, *preference).await,
            Err(e) => MxProbe {
                host: host.clone(),
                preference: *preference,
                error: Some(ProbeError {
                    stage: Stage::BadName,
                    message: format!("{host:?} is not a host name: {e}"),
                    timed_out: false,
                }),
                ..MxProbe::default()
            },
        }
    }))
    .await;
    out
}

/// The MX hosts to probe, by preference then name, each once; and whether the set is a null
/// MX (a single record whose exchange is the root, RFC 7505).
pub fn plan(records: Vec<(u16, String)>) -> (bool, Vec<(u16, String)>) {
    if let [(_, only)] = records.as_slice() {
        if mta_sts::mx::is_root(only) {
            return (true, Vec::new());
        }
    }
    let mut hosts: Vec<(u16, String)> = records
        .into_iter()
        .map(|(p, h)| (p, normalize(&h)))
        .filter(|(_, h)| !h.is_empty())
        .collect();
    hosts.sort();
    let mut seen = std::collections::HashSet::new();
    hosts.retain(|(_, h)| seen.insert(h.clone()));
    (false, hosts)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn domains_are_host_names_and_nothing_else() {
        for (raw, want) in [
            ("example.com", Some("example.com")),
            ("Example.COM.", Some("example.com")),
            ("xn--bcher-kva.example", Some("xn--bcher-kva.example")),
            ("example.com/evil", None),
            ("example.com:8080", None),
            ("user@example.com", None),
            ("example.com?x=1", None),
            ("example.com#x", None),
            ("exa mple.com", None),
            (" example.com", None),
            ("example.com ", None),
            ("example..com", None),
            (".example.com", None),
            ("example.com..", None),
            ("-example.com", None),
            ("localhost", None),
            ("127.0.0.1", None),
            ("[::1]", None),
            ("::1", None),
            ("bücher.example", None),
            ("", None),
            ("example.com\r\nHost: x", None),
        ] {
            assert_eq!(validate_domain(raw).ok().as_deref(), want, "{raw:?}");
        }
        let label = "a".repeat(63);
        let long = [label.as_str(); 4].join(".");
        assert_eq!(long.len(), 255);
        assert!(validate_domain(&long).is_err());
        // Fits DNS, but mta-sts.<domain> would not.
        let near = format!("{}.{}", [label.as_str(); 3].join("."), "b".repeat(55));
        assert_eq!(near.len(), 247);
        assert!(validate_domain(&near).is_err());
        assert!(validate_domain(&"x.".repeat(200)).is_err());
    }

    #[test]
    fn mx_plan_orders_dedupes_and_spots_null_mx() {
        let r = |list: &[(u16, &str)]| list.iter().map(|(p, h)| (*p, (*h).to_owned())).collect();
        assert_eq!(plan(r(&[(0, ".")])), (true, vec![]));
        assert_eq!(
            plan(r(&[
                (20, "MX2.example.com."),
                (10, "mx1.example.com."),
                (30, "mx1.example.com")
            ])),
            (
                false,
                vec![
                    (10, "mx1.example.com".into()),
                    (20, "mx2.example.com".into())
                ]
            )
        );
        // A root exchange among others is not a null MX; it is left out.
        assert_eq!(
            plan(r(&[(0, "."), (10, "mx.example.com")])),
            (false, vec![(10, "mx.example.com".into())])
        );
    }
}
