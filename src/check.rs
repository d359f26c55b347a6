//! Running one check: the engine's pipeline over the browser's transports (and the probe
//! relay, when one is configured, as its prober), its progress kept in a signal so the report
//! fills in as answers arrive.

use leptos::prelude::*;
use leptos::task::spawn_local;
use mta_sts::doh::{Fallback, Provider};
use mta_sts::pipeline::{self, Observations};

use crate::transport::relay::RelayProber;
use crate::transport::{now_ms, BrowserFetcher, Cancel, DohResolver};

/// Time limits: a DoH answer normally takes tens of milliseconds; a policy host may be slow,
/// and RFC 8461 §3.3 lets senders wait a minute, so the fetch gets longer than DNS. A relay
/// probes the policy host and up to ten MX hosts on port 25 in parallel.
const DNS_TIMEOUT_MS: u32 = 5_000;
const FETCH_TIMEOUT_MS: u32 = 15_000;
const RELAY_TIMEOUT_MS: u32 = 45_000;

/// Starts checking `domain` with `provider` first and the other provider as fallback, and
/// through `relay_base` when given. Every update goes to `set_obs`; `cancel` stops the
/// lookups (a newer check started).
pub fn start(
    domain: String,
    provider: Provider,
    relay_base: Option<String>,
    cancel: Cancel,
    set_obs: WriteSignal<Observations>,
) {
    mark("mta-sts:check-start");
    let publish = {
        let cancel = cancel.clone();
        move |obs: &Observations| {
            if !cancel.is_cancelled() {
                set_obs.set(obs.clone());
            }
        }
    };
    spawn_local(async move {
        let resolver = Fallback {
            first: DohResolver {
                provider,
                cancel: cancel.clone(),
                timeout_ms: DNS_TIMEOUT_MS,
            },
            second: DohResolver {
                provider: provider.other(),
                cancel: cancel.clone(),
                timeout_ms: DNS_TIMEOUT_MS,
            },
        };
        let fetcher = BrowserFetcher {
            cancel: cancel.clone(),
            timeout_ms: FETCH_TIMEOUT_MS,
        };
        let prober = relay_base.map(|base| RelayProber {
            base,
            cancel: cancel.clone(),
            timeout_ms: RELAY_TIMEOUT_MS,
        });
        let clock = now_ms;
        let obs = pipeline::run(
            &domain,
            &resolver,
            &fetcher,
            prober.as_ref(),
            &clock,
            &publish,
        )
        .await;
        publish(&obs);
        if !cancel.is_cancelled() {
            mark("mta-sts:check-done");
        }
    });
}

fn mark(name: &str) {
    if let Some(performance) = web_sys::window().and_then(|w| w.performance()) {
        let _ = performance.mark(name);
    }
}
