//! Running one check: the engine's pipeline over the browser's transports (and the probe
//! relay, when one is configured, at the same time), its progress kept in a signal so the
//! report fills in as answers arrive.

use std::cell::RefCell;
use std::rc::Rc;

use leptos::prelude::*;
use leptos::task::spawn_local;
use mta_sts::doh::{Fallback, Provider};
use mta_sts::pipeline::{self, Observations};
use mta_sts::relay::{relay_host, relay_what, RelayObservation};

use crate::transport::{now_ms, relay, BrowserFetcher, Cancel, DohResolver};

/// Time limits: a DoH answer normally takes tens of milliseconds; a policy host may be slow,
/// and RFC 8461 §3.3 lets senders wait a minute, so the fetch gets longer than DNS. A relay
/// probes the policy host and up to ten MX hosts on port 25 in parallel.
const DNS_TIMEOUT_MS: u32 = 5_000;
const FETCH_TIMEOUT_MS: u32 = 15_000;
const RELAY_TIMEOUT_MS: u32 = 45_000;

/// What the pipeline and the relay have answered so far.
struct Progress {
    pipeline: Observations,
    relay: Option<RelayObservation>,
    relay_pending: Option<String>,
}

impl Progress {
    /// The pipeline's observations with the relay's answer (or its pending entry) merged in.
    fn merged(&self) -> Observations {
        let mut obs = self.pipeline.clone();
        obs.relay = self.relay.clone();
        if let Some(what) = &self.relay_pending {
            obs.pending.push(what.clone());
        }
        obs
    }
}

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
    let progress = Rc::new(RefCell::new(Progress {
        pipeline: Observations {
            domain: domain.clone(),
            ..Observations::default()
        },
        relay: None,
        relay_pending: relay_base.as_deref().map(|b| relay_what(&relay_host(b))),
    }));
    let publish = {
        let progress = progress.clone();
        let cancel = cancel.clone();
        move || {
            if !cancel.is_cancelled() {
                set_obs.set(progress.borrow().merged());
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
        let clock = now_ms;
        let lookups = pipeline::run(&domain, &resolver, &fetcher, &clock, |obs| {
            progress.borrow_mut().pipeline = obs.clone();
            publish();
        });
        let probe = async {
            if let Some(base) = &relay_base {
                let answer = relay::probe(base, &domain, &cancel, RELAY_TIMEOUT_MS).await;
                let mut p = progress.borrow_mut();
                p.relay = Some(answer);
                p.relay_pending = None;
                drop(p);
                publish();
            }
        };
        let (obs, ()) = futures_util::future::join(lookups, probe).await;
        progress.borrow_mut().pipeline = obs;
        publish();
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
