//! "Look up today's MX hosts here": the domain's MX records asked of the checker's DoH
//! resolvers (the one chosen in the checker's settings first, the other as fallback), only
//! when the person asks, and each failing host compared with them. The CSP allows exactly
//! these two resolvers; the full check of today's policy is the checker's (linked).

use leptos::prelude::*;
use leptos::task::spawn_local;
use mta_sts::lookup::{RecordType, Resolver};
use mta_sts::tlsrpt::report::{check_live, MxPresence, Summary};
use mta_sts_checker::settings;
use mta_sts_checker::transport::{Cancel, DohResolver};

#[derive(Clone, PartialEq)]
enum State {
    Idle,
    Asking,
    /// Today's MX hosts, trailing dots removed.
    Found(Vec<String>),
    Failed(String),
}

async fn live_mx(domain: &str) -> Result<Vec<String>, String> {
    let provider = settings::resolver();
    let cancel = Cancel::default();
    let resolver = DohResolver::with_fallback(provider, &cancel);
    let answer = resolver
        .query(domain, RecordType::Mx, false)
        .await
        .map_err(|e| e.to_string())?;
    Ok(answer
        .mx_hosts()
        .map(|mx| mx.exchange.trim_end_matches('.').to_owned())
        .collect())
}

/// The button, then today's MX hosts and, for each failing host of `domain`, whether it is
/// still one of them.
pub fn live_mx_view(domain: String, summary: &Summary) -> impl IntoView {
    let state = RwSignal::new(State::Idle);
    let summary = summary.clone();
    let ask = {
        let domain = domain.clone();
        move |_| {
            state.set(State::Asking);
            let domain = domain.clone();
            spawn_local(async move {
                state.set(match live_mx(&domain).await {
                    Ok(mx) => State::Found(mx),
                    Err(e) => State::Failed(e),
                });
            });
        }
    };
    view! {
        <div class="live-mx" data-live-mx=move || match state.get() {
            State::Idle => "idle",
            State::Asking => "asking",
            State::Found(_) => "found",
            State::Failed(_) => "failed",
        }>
            <button type="button" on:click=ask disabled=move || state.get() == State::Asking>
                "Look up today's MX hosts here"
            </button>
            <span class="hint">" (asks your DNS-over-HTTPS resolver; nothing else is sent)"</span>
            {move || match state.get() {
                State::Idle => ().into_any(),
                State::Asking => view! { <p>"Asking…"</p> }.into_any(),
                State::Failed(why) => view! {
                    <p class="input-error">"The MX lookup failed: " {why}</p>
                }.into_any(),
                State::Found(mx) => found(&domain, &summary, mx).into_any(),
            }}
        </div>
    }
}

fn found(domain: &str, summary: &Summary, mx: Vec<String>) -> impl IntoView {
    let checks = check_live(summary, domain, None, Some(&mx));
    let hosts = if mx.is_empty() {
        "none".to_owned()
    } else {
        mx.join(", ")
    };
    view! {
        <p>"Today's MX hosts: " <code>{hosts}</code></p>
        <ul class="live-hosts">
            {checks.into_iter().filter_map(|c| {
                let host = summary.failures[c.group].receiving_mx_hostname.clone()?;
                let (state, words) = match c.mx {
                    MxPresence::Listed => ("listed", " is still an MX host today: its failures go on until it is fixed."),
                    MxPresence::NotListed => ("not-listed", " is no longer an MX host: its failures should stop."),
                    MxPresence::Unknown => return None,
                };
                let shown = host.clone();
                Some(view! { <li data-live-host=host data-state=state>
                    <code>{shown}</code> {words}</li> })
            }).collect_view()}
        </ul>
    }
}
