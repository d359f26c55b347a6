//! The page: the form, and the report of the domain in the address bar.

use leptos::ev::SubmitEvent;
use leptos::prelude::*;

use crate::{history, input};

/// The browser's IDNA: `new URL("http://<host>/").hostname` is the A-label form.
fn to_ascii(host: &str) -> Option<String> {
    web_sys::Url::new(&format!("http://{host}/"))
        .ok()
        .map(|url| url.hostname())
}

#[component]
pub fn App() -> impl IntoView {
    // The checked domain is the address bar's `?domain=`; back and forward change it.
    let (domain, set_domain) = signal(history::domain_param());
    let (text, set_text) = signal(domain.get_untracked().unwrap_or_default());
    let (error, set_error) = signal(None::<String>);

    let _ = window_event_listener(leptos::ev::popstate, move |_| {
        let current = history::domain_param();
        set_text.set(current.clone().unwrap_or_default());
        set_error.set(None);
        set_domain.set(current);
    });

    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        match input::domain_from_input(&text.get_untracked(), to_ascii) {
            Ok(d) => {
                set_error.set(None);
                history::push_domain(&d);
                set_text.set(d.clone());
                set_domain.set(Some(d));
            }
            Err(reason) => set_error.set(Some(reason)),
        }
    };

    view! {
        <header class="site">
            <h1><a href="./">"MTA-STS checker"</a></h1>
            <p class="tagline">
                "Checks a domain's MTA-STS and TLS-RPT set-up, in your browser."
            </p>
        </header>
        <main>
            <form class="check" on:submit=on_submit role="search">
                <label for="domain">"Domain, e-mail address or URL"</label>
                <div class="row">
                    <input
                        id="domain"
                        name="domain"
                        type="text"
                        inputmode="url"
                        autocomplete="off"
                        autocapitalize="off"
                        spellcheck="false"
                        placeholder="example.com"
                        prop:value=move || text.get()
                        on:input=move |ev| set_text.set(event_target_value(&ev))
                    />
                    <button type="submit">"Check"</button>
                </div>
                {move || error.get().map(|reason| view! {
                    <p class="input-error" data-input-error="" role="alert">{reason}</p>
                })}
            </form>
            {move || match domain.get() {
                Some(d) => view! { <Report domain=d/> }.into_any(),
                None => view! { <Intro/> }.into_any(),
            }}
        </main>
    }
}

#[component]
fn Intro() -> impl IntoView {
    view! {
        <section class="intro">
            <p>
                "MTA-STS (RFC 8461) lets a domain tell sending mail servers to deliver only over "
                "TLS, to the MX hosts it names. TLS-RPT (RFC 8460) tells them where to report "
                "failures. Both are easy to get subtly wrong, and when they are wrong, senders "
                "quietly ignore them."
            </p>
        </section>
    }
}

/// The report skeleton. The checks are not wired in yet: it says so and claims nothing.
#[component]
fn Report(domain: String) -> impl IntoView {
    view! {
        <section class="report" data-report="" data-domain=domain.clone() data-state="done"
            aria-live="polite">
            <h2>"Report for " <span class="domain">{domain.clone()}</span></h2>
            <p class="notice">
                "The checks are not implemented in this version yet: nothing has been looked up "
                "for this domain."
            </p>
        </section>
    }
}
