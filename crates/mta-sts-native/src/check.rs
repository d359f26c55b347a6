//! The engine's policy fetcher and prober, natively: what `mta-sts check` runs the engine's
//! `pipeline::run` with, so that every check is judged, none left for lack of a browser.
//!
//! The policy is fetched once per check: the pipeline asks the fetcher for the policy and the
//! prober for the certificate and MX hosts at the same time, and both are answered from the
//! same fetch ([`DomainProbe`] shares it), as a sender makes one fetch (RFC 8461 §3.3).

use crate::config::{Network, Timeouts};
use crate::fetch::fetch_policy;
use crate::probe::{now, probe_all_mx, response};
use mta_sts::finding::Provenance;
use mta_sts::lookup::{FetchOutcome, PolicyFetcher, PolicyObservation, Prober};
use mta_sts::relay::{PolicyProbe, ProbeObservation};
use tokio::sync::OnceCell;

/// What one native check needs to know about the network.
#[derive(Debug, Clone)]
pub struct Probing {
    pub net: Network,
    pub timeouts: Timeouts,
    /// The name sent in EHLO.
    pub ehlo_name: String,
}

/// The native fetcher and prober of one domain's check (`domain` as the pipeline gets it:
/// lower case, A-labels, no trailing dot). Make one per check.
#[derive(Debug)]
pub struct DomainProbe<'a> {
    probing: &'a Probing,
    domain: String,
    policy: OnceCell<PolicyProbe>,
}

impl<'a> DomainProbe<'a> {
    pub fn new(probing: &'a Probing, domain: &str) -> DomainProbe<'a> {
        DomainProbe {
            probing,
            domain: domain.to_owned(),
            policy: OnceCell::new(),
        }
    }

    /// The one policy fetch of this check, made by whichever asks first.
    async fn policy(&self) -> &PolicyProbe {
        self.policy
            .get_or_init(|| fetch_policy(&self.probing.net, &self.probing.timeouts, &self.domain))
            .await
    }
}

impl PolicyFetcher for DomainProbe<'_> {
    /// The policy as fetched; `url` is the pipeline's, always this domain's policy URL.
    async fn fetch(&self, url: &str) -> PolicyObservation {
        let probe = self.policy().await;
        probe
            .observation(&self.domain, Provenance::Fetched)
            .unwrap_or_else(|| PolicyObservation {
                url: url.to_owned(),
                outcome: FetchOutcome::ConnectFailed {
                    message: "the fetch ended without an answer or an error".into(),
                },
                provenance: Provenance::Fetched,
                elapsed_ms: probe.elapsed_ms,
            })
    }
}

impl Prober for DomainProbe<'_> {
    fn source(&self) -> Provenance {
        Provenance::Probed
    }

    /// The policy host's certificate (from the shared fetch) and every MX host on port 25.
    async fn probe(&self, domain: &str) -> ProbeObservation {
        let checked_at = now();
        let p = self.probing;
        let (policy, mx) = tokio::join!(
            self.policy(),
            probe_all_mx(&p.net, &p.timeouts, &p.ehlo_name, domain)
        );
        ProbeObservation {
            source: Provenance::Probed,
            result: Ok(response(domain, checked_at, policy.clone(), mx)),
        }
    }
}
