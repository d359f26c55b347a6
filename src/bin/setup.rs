//! The set-up assistant's page, `setup/?domain=<domain>`: a binary of its own, so that the
//! checker page's bundle does not carry the assistant.

use leptos::prelude::*;
use mta_sts_checker::view::{SetupView, SiteFooter, SiteHeader};
use mta_sts_checker::{history, input};

fn main() {
    mta_sts_checker::start(SetupPage);
}

#[component]
fn SetupPage() -> impl IntoView {
    // The parameter is untrusted input like the checker's form: it goes through the same
    // validation, and an unusable one starts nothing.
    let param = history::domain_param();
    let domain = param
        .as_deref()
        .map(|raw| input::domain_from_input(raw, input::to_ascii));
    view! {
        <SiteHeader home="../"/>
        <main>
            {match domain {
                Some(Ok(domain)) => view! { <SetupView domain=domain/> }.into_any(),
                Some(Err(reason)) => ask_domain(param, Some(reason)).into_any(),
                None => ask_domain(None, None).into_any(),
            }}
        </main>
        <SiteFooter/>
    }
}

/// Opened without a usable domain: asks for one. The form is a plain GET of this page, whose
/// `?domain=` is validated as above; so it needs no code of its own (setup.html's CSP allows
/// `form-action 'self'` for it).
fn ask_domain(typed: Option<String>, error: Option<String>) -> impl IntoView {
    view! {
        <section class="setup">
            <h2>"Set up MTA-STS"</h2>
            <p class="lead">
                "The assistant writes the MTA-STS record, the policy and the TLS-RPT record for a "
                "domain, from the MX hosts it has today."
            </p>
            <form class="check" method="get" action="./" role="search">
                <label for="domain">"Domain to set up"</label>
                <div class="row">
                    <input id="domain" name="domain" type="text" inputmode="url" autocomplete="off"
                        autocapitalize="off" spellcheck="false" placeholder="example.com"
                        value=typed/>
                    <button type="submit">"Set up"</button>
                </div>
                {error.map(|reason| view! {
                    <p class="input-error" data-input-error="" role="alert">{reason}</p>
                })}
            </form>
            <p><a href="../">"Back to the checker"</a></p>
        </section>
    }
}
