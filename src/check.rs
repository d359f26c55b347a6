//! Running one check: the engine's pipeline over the browser's transports (and the probe
//! relay, when one is configured, as its prober), its progress kept in a signal so the report
//! fills in as answers arrive.

use std::cell::RefCell;
use std::rc::Rc;

use leptos::prelude::*;
use leptos::task::spawn_local;
use mta_sts::doh::Provider;
use mta_sts::pipeline::{self, Observations};

use crate::transport::relay::RelayProber;
use crate::transport::{now_ms, BrowserFetcher, Cancel, DohResolver};

/// Time limits: a DoH answer normally takes tens of milliseconds (5 s each, the transport's
/// `DNS_TIMEOUT_MS`); a policy host may be slow, and RFC 8461 §3.3 lets senders wait a minute,
/// so the fetch gets longer than DNS. A relay probes the policy host and up to ten MX hosts on
/// port 25 in parallel.
const FETCH_TIMEOUT_MS: u32 = 15_000;
const RELAY_TIMEOUT_MS: u32 = 45_000;

/// Starts checking `domain` with `provider` first and the other provider as fallback, and
/// through `relay_base` when given. Every update goes to `set_obs`; `cancel` stops the
/// lookups (a newer check started). `known_mx`: MX hosts seen before, whose TLSA lookups start
/// at once.
pub fn start(
    domain: String,
    provider: Provider,
    relay_base: Option<String>,
    cancel: Cancel,
    set_obs: WriteSignal<Observations>,
    known_mx: Vec<String>,
) {
    mark("mta-sts:check-start");
    // Answers that arrive within one frame make one update: each update rebuilds the report
    // and its changed views, and the person sees no more than a frame anyway (issue 16).
    let latest = Rc::new(RefCell::new(None::<Observations>));
    let publish = {
        let cancel = cancel.clone();
        let latest = latest.clone();
        move |obs: &Observations| {
            if cancel.is_cancelled() {
                return;
            }
            let waiting = latest.borrow_mut().replace(obs.clone()).is_some();
            if !waiting {
                let latest = latest.clone();
                let cancel = cancel.clone();
                on_next_frame(move || {
                    let obs = latest.borrow_mut().take();
                    if let (Some(obs), false) = (obs, cancel.is_cancelled()) {
                        set_obs.set(obs);
                    }
                });
            }
        }
    };
    spawn_local(async move {
        let resolver = DohResolver::with_fallback(provider, &cancel);
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
        let extra = pipeline::Extra {
            compare: None::<&DohResolver>,
            known_mx: &known_mx,
        };
        let obs = pipeline::run_with(
            &domain,
            &resolver,
            extra,
            &fetcher,
            prober.as_ref(),
            &clock,
            &publish,
        )
        .await;
        // The last update goes out at once, not a frame later: the verdict follows the last
        // answer. A frame still to come finds nothing left to do.
        latest.borrow_mut().take();
        if !cancel.is_cancelled() {
            set_obs.set(obs);
            // Once the report's views have followed: their updates are tasks already queued,
            // and a resolved promise's continuation runs after them. (Leptos's own `tick`
            // does the same in 0.65 KB more.)
            let resolved = js_sys::Promise::resolve(&wasm_bindgen::JsValue::UNDEFINED);
            let _ = wasm_bindgen_futures::JsFuture::from(resolved).await;
            mark("mta-sts:check-done");
        }
    });
}

/// Runs `f` before the browser's next frame (`requestAnimationFrame`). An `FnMut` closure
/// like the transport's timeouts, so the bundle carries one kind of closure glue, not two.
fn on_next_frame(f: impl FnOnce() + 'static) {
    use wasm_bindgen::JsCast;
    let mut f = Some(f);
    let callback = wasm_bindgen::closure::Closure::<dyn FnMut()>::new(move || {
        if let Some(f) = f.take() {
            f();
        }
    })
    .into_js_value();
    if let Some(window) = web_sys::window() {
        let _ = window.request_animation_frame(callback.unchecked_ref());
    }
}

fn mark(name: &str) {
    if let Some(performance) = web_sys::window().and_then(|w| w.performance()) {
        let _ = performance.mark(name);
    }
}
